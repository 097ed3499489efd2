"""The needs vocabulary: everyday phrases people text, mapped to categories and keywords."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_PATH = Path(__file__).with_name("vocabulary.yaml")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def tokenize(text: str) -> list[str]:
    """Lower-case words with apostrophes dropped, the way people text ("can't" -> "cant")."""
    text = _APOSTROPHES.sub("", text.lower())
    return [t for t in _NON_WORD.split(text) if t]


@dataclass(frozen=True)
class Need:
    """One entry: any of these phrases means these categories and these keywords."""

    phrases: tuple[tuple[str, ...], ...]
    categories: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass
class Vocabulary:
    """Needs, SMS abbreviations and stop words used to understand a message."""

    needs: list[Need] = field(default_factory=list)
    abbreviations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stop_words: frozenset[str] = frozenset()
    weak_words: frozenset[str] = frozenset()

    def extended(self, other: Vocabulary) -> Vocabulary:
        """A new vocabulary with other's entries added after ours."""
        return Vocabulary(
            needs=self.needs + other.needs,
            abbreviations={**self.abbreviations, **other.abbreviations},
            stop_words=self.stop_words | other.stop_words,
            weak_words=self.weak_words | other.weak_words,
        )


def parse_vocabulary(data: Any) -> Vocabulary:
    """Build a Vocabulary from already-validated YAML data (a mapping or a list of needs)."""
    if isinstance(data, list):
        data = {"needs": data}
    data = data or {}
    needs = []
    for entry in data.get("needs") or []:
        phrases = tuple(tuple(tokenize(str(p))) for p in entry.get("phrases") or [])
        needs.append(
            Need(
                phrases=tuple(p for p in phrases if p),
                categories=tuple(entry.get("categories") or ()),
                keywords=tuple(str(k).lower() for k in entry.get("keywords") or ()),
            )
        )
    abbreviations = {
        str(k).lower(): tuple(tokenize(str(v)))
        for k, v in (data.get("abbreviations") or {}).items()
    }
    return Vocabulary(
        needs=needs,
        abbreviations=abbreviations,
        stop_words=frozenset(tokenize(" ".join(map(str, data.get("stop_words") or [])))),
        weak_words=frozenset(tokenize(" ".join(map(str, data.get("weak_words") or [])))),
    )


_default: Vocabulary | None = None


def default_vocabulary() -> Vocabulary:
    """The vocabulary shipped with the project (loaded once)."""
    global _default
    if _default is None:
        with DEFAULT_PATH.open(encoding="utf-8") as f:
            _default = parse_vocabulary(yaml.safe_load(f))
    return _default
