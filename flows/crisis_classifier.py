"""A learned crisis classifier: logistic regression over word and character n-grams.

The third layer of flows.crisis.detect since round 4 (issue 13), in the place of the old
exemplar net (now bench/crisis_net_baseline.py); why, and the figures, are in
docs/safety/second-net.md.
Weights are trained by bench/train_crisis_classifier.py (scikit-learn, a fixed seed) on the
labelled sets and the exemplar bank, and shipped as flows/crisis_model.json, so inference here
is pure Python and needs no new runtime dependency.

A message is scored whole and clause by clause (flows/crisis_text.py, idioms cut out), and the
most crisis-like piece decides, so a crisis buried in a long message is still read on its own.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from directory.ngram_features import features
from flows.crisis_text import MAX_CHARS, clauses, idiom_free, simplify

MIN_WORDS = 5


def pieces(text: str, by_clause: bool) -> list[str]:
    """The simplified texts scored for one message: the whole, and its clauses if asked."""
    if len(text) > MAX_CHARS:  # as the net: the start and the end of a pasted essay
        text = text[:MAX_CHARS - 250] + ". " + text[-250:]
    whole = " ".join(simplify(piece) for piece in idiom_free(text)).strip()
    found = [whole] if whole else []
    if by_clause:
        found += [c for c in clauses(text) if c != whole]
    return found


@dataclass(frozen=True)
class Score:
    """The most crisis-like piece of a message: P(any crisis) and its likeliest kind."""

    crisis: float
    kind: str | None
    piece: str


class CrisisClassifier:
    """Multinomial logistic regression, classes "none" and the crisis kinds."""

    def __init__(self, model: dict[str, Any]):
        self.classes: list[str] = list(model["classes"])
        self.none = self.classes.index("none")
        self.bias: list[float] = [float(b) for b in model["bias"]]
        scale = float(model.get("scale", 1))
        self.weights: dict[str, list[float]] = {
            key: [w / scale for w in row] for key, row in model["weights"].items()}
        self.char_ngrams = (int(model["char_ngrams"][0]), int(model["char_ngrams"][1]))
        self.words = bool(model["words"])
        self.by_clause = bool(model["by_clause"])
        self.threshold = float(model["threshold"])

    def probabilities(self, simple: str) -> list[float]:
        logits = list(self.bias)
        for key, value in features(simple, self.char_ngrams, self.words).items():
            row = self.weights.get(key)
            if row is not None:
                for c, w in enumerate(row):
                    logits[c] += w * value
        top = max(logits)
        exps = [math.exp(x - top) for x in logits]
        total = sum(exps)
        return [e / total for e in exps]

    def score(self, text: str, min_words: int = 0) -> Score:
        """The most crisis-like piece of at least `min_words` words."""
        best = Score(0.0, None, "")
        for piece in pieces(text, self.by_clause):
            if len(piece.split()) < min_words:
                continue
            probs = self.probabilities(piece)
            crisis = 1.0 - probs[self.none]
            if crisis > best.crisis:
                kind = max((p, c) for c, p in enumerate(probs) if c != self.none)[1]
                best = Score(crisis, self.classes[kind], piece)
        return best

    def kind(self, text: str) -> str | None:
        """The crisis kind if the most crisis-like piece reaches the threshold, else None."""
        # A short text has too few features to judge: the model read "me" (a reply to "who
        # runs it?") and "not sure of it" as crises. Short crises ("kms", "i want to die")
        # are the reviewed layers' work, and a short piece is not even scored.
        found = self.score(text, MIN_WORDS)
        return found.kind if found.crisis >= self.threshold else None


def load_model(text: str | None = None) -> CrisisClassifier:
    if text is None:
        text = resources.files("flows").joinpath("crisis_model.json").read_text("utf-8")
    return CrisisClassifier(json.loads(text))


@cache
def default_classifier() -> CrisisClassifier:
    """The classifier from the shipped flows/crisis_model.json (loaded once)."""
    return load_model()


def classifier_kind(text: str) -> str | None:
    """Same shape as safety.crisis_kind and crisis_concepts.concept_kind."""
    return default_classifier().kind(text)
