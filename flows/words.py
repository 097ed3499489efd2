"""Normalising what people type: case, stray punctuation, SMS apostrophes."""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, apostrophes dropped, other punctuation to spaces, spaces collapsed."""
    lowered = text.lower().replace("\u2019", "").replace("'", "").replace("\u2018", "")
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", lowered)).strip()


def is_word(text: str, *words: str) -> bool:
    """True if the whole message is one of `words` (given lower case, may be phrases)."""
    return normalise(text) in words
