"""Crisis text preparation shared by the learned classifier and the benchmarks.

A message is normalised like the reviewed patterns' input (flows/safety.py), text-speak is
expanded ("kms" -> "kill myself", "cnt" -> "cant"), repeated letters squashed, and the
patterns' idioms are cut out ("my feet are killing me", "bereaved by suicide") so no later
layer reads an idiom as a crisis either. `clauses` splits a message where two thoughts meet.
The reviewed bank of crisis and non-crisis exemplars (flows/crisis_bank.yaml) is training data
for the classifier (bench/train_crisis_classifier.py).
"""

from __future__ import annotations

import re
from importlib import resources

import yaml

from flows.safety import _crisis_text, normalise

# Text-speak that hides the words the bank is written in. Applied word by word.
_TXT = {
    "kms": "kill myself", "kys": "kill yourself", "unalive": "kill", "unaliving": "killing",
    "unalived": "killed", "cnt": "cant", "carnt": "cant", "cudnt": "couldnt", "wanna": "want to",
    "gonna": "going to", "gna": "going to", "wiv": "with", "u": "you", "ur": "your",
    "2": "to", "2nite": "tonight", "tonite": "tonight", "pls": "please", "bc": "because",
    "cos": "because", "coz": "because", "cuz": "because", "tabs": "tablets", "meds": "medication",
    "od": "overdose", "oded": "overdosed", "bf": "boyfriend", "gf": "girlfriend",
    "im": "i am", "ive": "i have", "id": "i would", "ill": "i will", "myslef": "myself",
    "meself": "myself", "hes": "he is", "shes": "she is", "theyre": "they are",
}
_REPEATS = re.compile(r"([a-z])\1{2,}")  # "sooooo" -> "soo"
# Clause boundaries: sentence punctuation in the raw text, and words that join two thoughts.
_CLAUSE_PUNCT = re.compile(r"[.!?;:\n]+|,\s+(?=(?:but|and|so|tbh|honestly|because)\b)")
_JOINERS = re.compile(r"\b(?:but|tbh|honestly|because|also|plus|anyway)\b")
_WINDOW = 9  # words: long clauses are read in overlapping windows of this size
MAX_CHARS = 700  # past this, the start and the end of a pasted essay are read
MAX_PIECES = 24  # sentences read from one message


def simplify(text: str) -> str:
    """Normalise, expand text-speak and squash repeated letters."""
    words = _REPEATS.sub(r"\1\1", normalise(text)).split()
    return " ".join(_TXT.get(w, w) for w in words)


def idiom_free(text: str) -> list[str]:
    """The text split where a reviewed idiom of flows/safety.py ("died of a heart attack",
    "bereaved by suicide") was cut out, so the net can't read an idiom as a crisis either."""
    cut = _crisis_text(text)
    pieces = [piece for piece in cut.split("|") if piece.strip()]
    if "|" in cut:  # what is left around an idiom ("my mum", "i want to") says nothing
        pieces = [piece for piece in pieces if len(piece.split()) >= 5]
    return pieces


def clauses(text: str) -> list[str]:
    """The simplified clauses of a message, long ones as overlapping windows."""
    parts: list[str] = []
    raw_pieces = [piece for piece in _CLAUSE_PUNCT.split(text) if piece.strip()]
    if len(raw_pieces) > MAX_PIECES:  # "a.a.a.a..." : the start and the end are enough
        raw_pieces = raw_pieces[:MAX_PIECES - 8] + raw_pieces[-8:]
    for raw_piece in raw_pieces:
        for piece in idiom_free(raw_piece):
            for part in _JOINERS.split(simplify(piece)):
                words = part.split()
                if not words:
                    continue
                if len(words) <= _WINDOW:
                    parts.append(" ".join(words))
                    continue
                step = _WINDOW - 3  # overlap enough to keep a phrase of 3 words whole
                for start in range(0, len(words) - step, step):
                    parts.append(" ".join(words[start:start + _WINDOW]))
    pieces = idiom_free(text)
    whole = simplify(pieces[0]) if len(pieces) == 1 else ""
    if whole and len(whole.split()) <= 2 * _WINDOW and whole not in parts:
        parts.append(whole)
    return parts


def load_bank(text: str | None = None) -> tuple[dict[str, list[str]], list[str]]:
    """The reviewed bank: ({kind: [crisis exemplars]}, [non-crisis exemplars])."""
    if text is None:
        text = resources.files("flows").joinpath("crisis_bank.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    crisis = {str(k): [str(e) for e in v] for k, v in data["crisis"].items()}
    return crisis, [str(e) for e in data["not_crisis"]]
