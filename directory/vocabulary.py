"""The needs vocabulary: everyday phrases people text, mapped to categories and keywords."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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
    # Who a message is for ("my mum", "my 14 year old"): they help rank, and match only
    # when the message says nothing else ("dads group").
    who_words: frozenset[str] = frozenset()
    # Words for things nobody offers, mapped to a category worth suggesting instead.
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Topics known to be missing from a practice's directory ("driving lessons", "car boot
    # sale"): only an offer holding the whole phrase answers them, never one with a word of it.
    missing: frozenset[tuple[str, ...]] = frozenset()

    def extended(self, other: Vocabulary) -> Vocabulary:
        """A new vocabulary with other's entries added after ours."""
        return Vocabulary(
            needs=self.needs + other.needs,
            abbreviations={**self.abbreviations, **other.abbreviations},
            stop_words=self.stop_words | other.stop_words,
            weak_words=self.weak_words | other.weak_words,
            who_words=self.who_words | other.who_words,
            related={**self.related, **other.related},
            missing=self.missing | other.missing,
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
    missing = frozenset(tuple(tokenize(str(p))) for p in data.get("missing") or [])
    missing = frozenset(p for p in missing if p)
    # Indexed like needs phrases (so an offer holding one is found), with no needs of their own.
    if any(len(p) > 1 for p in missing):
        needs.append(Need(phrases=tuple(sorted(p for p in missing if len(p) > 1))))
    abbreviations = {
        str(k).lower(): tuple(tokenize(str(v)))
        for k, v in (data.get("abbreviations") or {}).items()
    }
    return Vocabulary(
        needs=needs,
        abbreviations=abbreviations,
        stop_words=frozenset(tokenize(" ".join(map(str, data.get("stop_words") or [])))),
        weak_words=frozenset(tokenize(" ".join(map(str, data.get("weak_words") or [])))),
        who_words=frozenset(tokenize(" ".join(map(str, data.get("who_words") or [])))),
        related={
            **{p[0]: () for p in missing if len(p) == 1},
            **{str(k).lower(): tuple(v if isinstance(v, list) else [v])
               for k, v in (data.get("related") or {}).items()},
        },
        missing=frozenset(p for p in missing if len(p) > 1),
    )


_default: Vocabulary | None = None


def default_vocabulary() -> Vocabulary:
    """The vocabulary shipped with the project (loaded once)."""
    global _default
    if _default is None:
        node = yaml.compose(DEFAULT_PATH.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        _default = parse_vocabulary(plain(node))
    return _default


def plain(node: Node | None) -> Any:
    """A node's value with every scalar kept as typed: YAML 1.1 reads "on" and "no" as booleans."""
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SequenceNode):
        return [plain(n) for n in node.value]
    if isinstance(node, MappingNode):
        return {plain(k): plain(v) for k, v in node.value}
    return None
