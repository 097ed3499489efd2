"""The features both learned text judges read (flows/crisis_classifier.py and
directory/nothing_judge.py), and their training scripts under bench/: one definition, so a
model is always scored with the features it was trained on."""

from __future__ import annotations

import math
from collections import defaultdict


def features(text: str, char_ngrams: tuple[int, int], words: bool) -> dict[str, float]:
    """Sublinear counts of character n-grams (and words and word pairs), L2-normalised."""
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
