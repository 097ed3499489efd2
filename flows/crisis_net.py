"""The second crisis net: similarity to a reviewed bank of crisis and non-crisis exemplars.

The reviewed patterns in flows/safety.py are precise and explain themselves, but people
paraphrase ("nobody would notice if i was gone") and misspell ("sucidal", "brething") faster
than patterns can be written. This net compares each clause of a message with a bank of short
exemplars (flows/crisis_bank.yaml): crisis phrasings by kind, and hard non-crises that share
their words ("my feet are killing me", "support group for people bereaved by suicide").

Similarity is TF-IDF cosine over character n-grams of lightly normalised words, so a typo
changes a few n-grams rather than the whole word, and words common to both sides of the bank
("i want to", "my") weigh little. A clause counts as a crisis when its nearest crisis exemplar
is close enough and clearly closer than the nearest non-crisis one. No model is downloaded:
why, and how this compares with sentence embeddings, is in docs/safety/second-net.md.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
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
MAX_NET_CHARS = 700
# One word alone says little: "notice" (a listings command) is near "nobody would notice if
# i was gone". A one-word clause counts only when it is nearly a crisis exemplar by itself
# ("seizure", "sucidal"), not a word of a longer one.
ONE_WORD_MIN = 0.6
MAX_PIECES = 24  # sentences read from one message
_NGRAMS = (4, 5)  # 3-grams added little and tripled the time of a long message


def simplify(text: str) -> str:
    """Normalise, expand text-speak and squash repeated letters."""
    words = _REPEATS.sub(r"\1\1", normalise(text)).split()
    return " ".join(_TXT.get(w, w) for w in words)


def _features(simple: str) -> dict[str, float]:
    """Character n-grams of the padded text, plus whole words, with their counts."""
    counts: dict[str, float] = defaultdict(float)
    padded = f" {simple} "
    for n in _NGRAMS:
        for i in range(len(padded) - n + 1):
            counts[padded[i:i + n]] += 1.0
    for word in simple.split():
        counts["w:" + word] += 1.0
    return counts


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


@dataclass(frozen=True)
class Nearest:
    """The closest exemplars to one clause."""

    clause: str
    crisis_score: float
    crisis_kind: str | None
    crisis_example: str
    safe_score: float
    safe_example: str


@dataclass(frozen=True)
class Verdict:
    """What the net decided for a whole message, with the clause that decided it."""

    kind: str | None
    evidence: Nearest | None


class ExemplarNet:
    """Nearest-exemplar crisis detector over TF-IDF character n-grams."""

    def __init__(self, crisis: dict[str, list[str]], safe: list[str], *,
                 threshold: float = 0.4, margin: float = 0.08):
        self.threshold = threshold
        self.margin = margin
        self._labels: list[str | None] = []
        self._texts: list[str] = []
        feats: list[dict[str, float]] = []
        for kind, examples in crisis.items():
            for example in examples:
                self._labels.append(kind)
                self._texts.append(example)
                feats.append(_features(simplify(example)))
        for example in safe:
            self._labels.append(None)
            self._texts.append(example)
            feats.append(_features(simplify(example)))
        df: dict[str, int] = defaultdict(int)
        for f in feats:
            for key in f:
                df[key] += 1
        total = len(feats)
        self._idf = {key: math.log((1 + total) / (1 + n)) + 1.0 for key, n in df.items()}
        self._unknown_idf = math.log(1 + total) + 1.0
        # Inverted index: feature -> [(exemplar number, weight)], weights L2-normalised.
        # Features in more than a tenth of the bank (" i ", "the") weigh little but have long
        # posting lists; leaving them out of the index keeps a long message under 20 ms.
        common = {key for key, n in df.items() if n > total / 10}
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, f in enumerate(feats):
            for key, weight in self._weigh(f).items():
                if key not in common:
                    self._postings[key].append((number, weight))

    def _weigh(self, counts: dict[str, float]) -> dict[str, float]:
        weighted = {k: (1.0 + math.log(c)) * self._idf.get(k, self._unknown_idf)
                    for k, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        return {k: w / norm for k, w in weighted.items()}

    def nearest(self, clause: str) -> Nearest:
        """The closest crisis and non-crisis exemplars to one simplified clause."""
        scores: dict[int, float] = defaultdict(float)
        for key, weight in self._weigh(_features(clause)).items():
            for number, other in self._postings.get(key, ()):
                scores[number] += weight * other
        best_crisis = best_safe = (0.0, -1)
        for number, score in scores.items():
            if self._labels[number] is None:
                if score > best_safe[0]:
                    best_safe = (score, number)
            elif score > best_crisis[0]:
                best_crisis = (score, number)
        c_score, c_num = best_crisis
        s_score, s_num = best_safe
        return Nearest(clause, c_score, self._labels[c_num] if c_num >= 0 else None,
                       self._texts[c_num] if c_num >= 0 else "", s_score,
                       self._texts[s_num] if s_num >= 0 else "")

    def is_crisis_clause(self, near: Nearest) -> bool:
        threshold = ONE_WORD_MIN if " " not in near.clause else self.threshold
        return (near.crisis_score >= threshold
                and near.crisis_score >= near.safe_score + self.margin)

    def judge(self, text: str) -> Verdict:
        """The crisis kind of the message's most crisis-like clause, or None."""
        best: Nearest | None = None
        # Nearly every text is under 700 characters (5 SMS segments); past that the
        # net reads the start and the end, so a pasted essay can't stall the conversation.
        # The reviewed patterns still read all of it.
        if len(text) > MAX_NET_CHARS:
            text = text[:MAX_NET_CHARS - 250] + ". " + text[-250:]
        for clause in clauses(text):
            near = self.nearest(clause)
            if self.is_crisis_clause(near) and (
                    best is None or near.crisis_score > best.crisis_score):
                best = near
        return Verdict(best.crisis_kind if best else None, best)


def load_bank(text: str | None = None) -> tuple[dict[str, list[str]], list[str]]:
    """The reviewed bank: ({kind: [crisis exemplars]}, [non-crisis exemplars])."""
    if text is None:
        text = resources.files("flows").joinpath("crisis_bank.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    crisis = {str(k): [str(e) for e in v] for k, v in data["crisis"].items()}
    return crisis, [str(e) for e in data["not_crisis"]]


@cache
def default_net() -> ExemplarNet:
    """The net built from the shipped bank (built once; about 50 ms)."""
    crisis, safe = load_bank()
    return ExemplarNet(crisis, safe)
