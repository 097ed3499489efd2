"""The old third crisis layer, kept as a benchmark baseline: nearest exemplar by TF-IDF.

Until round 4 (issue 13) the detector's third layer compared each clause with the reviewed
bank (flows/crisis_bank.yaml) by TF-IDF cosine over character 4/5-grams and words: a clause
was a crisis when its nearest crisis exemplar scored at least 0.4 and beat the nearest
non-crisis one by 0.08. On the seventh blind set it caught 28.3% of crises alone, and the
shipped detector 55.0%; the learned classifier (flows/crisis_classifier.py) caught 92.7%
alone and replaced it. bench/crisis.py still prints this net's column to show the gap, and
bench/crisis_models.py compares it with sentence embeddings (docs/safety/second-net.md).
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flows.crisis_text import MAX_CHARS, clauses, load_bank, simplify  # noqa: E402

# A one-word clause counts only when it is nearly a crisis exemplar by itself ("seizure"),
# not a word of a longer one ("notice" is near "nobody would notice if i was gone").
ONE_WORD_MIN = 0.6
_NGRAMS = (4, 5)  # 3-grams added little and tripled the time of a long message


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
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS - 250] + ". " + text[-250:]
        for clause in clauses(text):
            near = self.nearest(clause)
            if self.is_crisis_clause(near) and (
                    best is None or near.crisis_score > best.crisis_score):
                best = near
        return Verdict(best.crisis_kind if best else None, best)


@cache
def default_net() -> ExemplarNet:
    """The net built from the shipped bank (built once; about 50 ms)."""
    crisis, safe = load_bank()
    return ExemplarNet(crisis, safe)
