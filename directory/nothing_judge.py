"""A learned judge of "does this message ask for a community service at all" (issue 16,
rounds 9 and 10): logistic regression over words, word pairs and letters, in the style of
flows/crisis_classifier.py.

Trained offline by bench/nothing_classifier.py (scikit-learn) on the nothing-fits sets
(bench/data/real_nothing_*.yaml, the negatives) and every positive source (the answered
labelled messages, the conversations' searches and feelings, nothing_judge_spot.yaml and
nothing_judge_chatty.yaml), and
shipped as directory/nothing_model.json, so scoring here is pure Python. It reads the request,
not the chat around it (request_text), only ever takes answers away, and only when confident:
the threshold is above every positive's leave-one-set-out score (docs/directory-search.md,
tenth round).
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources
from typing import Any

from directory.ngram_features import features


def simple(text: str) -> str:
    """Lower case, apostrophes dropped, anything but letters and digits a space."""
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("'", "")).split())


# Chat around a request, cut before scoring: greetings and sign-offs at either end, and
# apologies, thanks, please and laughter anywhere. Request words ("is there", "near me") stay.
_OPENING = re.compile(
    r"^(?:(?:hiya there|hi there|hello there|hey there|hiya|hi|hello|heya|hey|good morning"
    r"|good afternoon|good evening|ok|okay|um|erm|yes|yeah)\b[\s,.!?]*"
    r"|(?:morning|afternoon|evening|all|love|folks|everyone|so|right)[,.!?]+\s*)+")
_CLOSING = re.compile(
    r"(?:\s*\b(?:thanks in advance|many thanks|thank you|thankyou|thank u|thanks|cheers|ta"
    r"|x+|please|pls|plz|lol|haha|ha|much appreciated|any help appreciated"
    r"|would be grateful|ty)\b[\s,.!?]*)+$")
_ANYWHERE = re.compile(
    r"\b(?:sorry to bother you|sorry if this is a (?:silly|stupid|daft) question|sorry"
    r"|apologies|please|pls|plz|lol|haha|hahaha|lmao|thanks|thank you|thank u|cheers"
    r"|hope you dont mind me asking|hope you can help|if that makes sense)\b")


def request_text(text: str) -> str:
    """The message as the judge reads it: simple(), with the chat around the request cut."""
    s = text.lower().replace("'", "").replace("\u2019", "").strip()
    s = _OPENING.sub("", s)
    s = _CLOSING.sub("", s)
    s = " ".join(_ANYWHERE.sub(" ", simple(s)).split())
    return s or simple(text)


_CLAUSES = re.compile(r"[,.;:!?]+|\s+-\s+")


def judged_pieces(text: str) -> list[str]:
    """What is scored when the model asks for clauses (the shipped one does not: tried in
    round 10, it lost most of the judge's catches): the whole request and each clause of two
    words or more, the least nothing-like piece deciding."""
    whole = request_text(text)
    pieces = [whole]
    for clause in _CLAUSES.split(text):
        piece = request_text(clause)
        if len(piece.split()) >= 2 and piece != whole and piece not in pieces:
            pieces.append(piece)
    return pieces


class NothingJudge:
    """P(the message asks for no community service) and the threshold to act on it."""

    def __init__(self, model: dict[str, Any]):
        self.bias = float(model["bias"])
        self.weights: dict[str, float] = {k: float(w) for k, w in model["weights"].items()}
        self.char_ngrams = (int(model["char_ngrams"][0]), int(model["char_ngrams"][1]))
        self.words = bool(model["words"])
        self.threshold = float(model["threshold"])
        self.clauses = bool(model.get("clauses", False))

    def p_nothing(self, text: str) -> float:
        """P(nothing) of the request (request_text), or with "clauses" in the model of its
        least nothing-like piece (judged_pieces)."""
        if self.clauses:
            return min(self._p(piece) for piece in judged_pieces(text))
        return self._p(request_text(text))

    def _p(self, piece: str) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v
                            for k, v in features(piece, self.char_ngrams, self.words).items())
        return 1.0 / (1.0 + math.exp(-z))

    def says_nothing(self, text: str) -> bool:
        """Whether it is confident no community service is asked for."""
        return self.p_nothing(text) >= self.threshold


@cache
def default_judge() -> NothingJudge:
    """The judge from the shipped directory/nothing_model.json (loaded once)."""
    text = resources.files("directory").joinpath("nothing_model.json").read_text("utf-8")
    return NothingJudge(json.loads(text))


def asks_for_nothing(text: str) -> bool:
    return default_judge().says_nothing(text)
