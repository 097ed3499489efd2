"""A learned judge of "does this message ask for a community service at all" (issue 16,
ninth round): logistic regression over words, word pairs and letters, in the style of
flows/crisis_classifier.py.

Trained offline by bench/nothing_classifier.py (scikit-learn) on the nothing-fits sets
(bench/data/real_nothing_*.yaml, the negatives) and the answered labelled messages and
conversation searches (the positives), and shipped as directory/nothing_model.json, so
scoring here is pure Python. It only ever takes answers away, and only when confident: the
threshold is the one leave-one-set-out cross-validation chose so that no positive the rules
answer is lost (docs/directory-search.md, ninth round).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from functools import cache
from importlib import resources
from typing import Any


def simple(text: str) -> str:
    """Lower case, apostrophes dropped, anything but letters and digits a space."""
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("'", "")).split())


def features(text: str, char_ngrams: tuple[int, int], words: bool) -> dict[str, float]:
    """Sublinear counts of character n-grams, words and word pairs, L2-normalised (as
    flows.crisis_classifier.features)."""
    counts: dict[str, float] = defaultdict(float)
    padded = f" {text} "
    low, high = char_ngrams
    for n in range(low, high + 1):
        for i in range(len(padded) - n + 1):
            counts["c:" + padded[i:i + n]] += 1.0
    if words:
        tokens = text.split()
        for i, word in enumerate(tokens):
            counts["w:" + word] += 1.0
            if i + 1 < len(tokens):
                counts["b:" + word + " " + tokens[i + 1]] += 1.0
    weighted = {k: 1.0 + math.log(c) for k, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
    return {k: w / norm for k, w in weighted.items()}


class NothingJudge:
    """P(the message asks for no community service) and the threshold to act on it."""

    def __init__(self, model: dict[str, Any]):
        self.bias = float(model["bias"])
        self.weights: dict[str, float] = {k: float(w) for k, w in model["weights"].items()}
        self.char_ngrams = (int(model["char_ngrams"][0]), int(model["char_ngrams"][1]))
        self.words = bool(model["words"])
        self.threshold = float(model["threshold"])
        self.min_words = int(model.get("min_words", 0))

    def p_nothing(self, text: str) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v
                            for k, v in features(simple(text), self.char_ngrams,
                                                 self.words).items())
        return 1.0 / (1.0 + math.exp(-z))

    def says_nothing(self, text: str) -> bool:
        """Whether it is confident no community service is asked for."""
        if len(simple(text).split()) < self.min_words:
            return False
        return self.p_nothing(text) >= self.threshold


@cache
def default_judge() -> NothingJudge:
    """The judge from the shipped directory/nothing_model.json (loaded once)."""
    text = resources.files("directory").joinpath("nothing_model.json").read_text("utf-8")
    return NothingJudge(json.loads(text))


def asks_for_nothing(text: str) -> bool:
    return default_judge().says_nothing(text)
