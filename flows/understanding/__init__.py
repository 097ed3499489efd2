"""Understanding before answering: what kind of message this is (issue 14).

`understand(text, context)` returns one kind: greeting, thanks_bye, empty, other_language,
medical, practice, complaint, followup, feeling or search. The word lists live in
phrases.yaml beside this file; invitation replies are read by flows/understanding/invitation.py
and champions' own words by flows/understanding/champion_words.py. The router calls
flows/understanding/step.py after its fixed safety steps.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from flows.understanding.language import is_other_language
from flows.words import normalise

log = logging.getLogger(__name__)

PHRASES = Path(__file__).with_name("phrases.yaml")
# What the person was just shown: nothing, one offer's details, or a list of several.
CONTEXTS = ("none", "shown_one", "shown_several")
_SYMBOLS_ONLY = re.compile(r"^[\W_]*$")


@dataclass(frozen=True)
class Phrases:
    """One kind's phrases: whole messages, words or phrases anywhere, and patterns."""

    whole: frozenset[str]
    any: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    words: frozenset[str]

    def matches(self, norm: str) -> bool:
        """True if the normalised message is one of these."""
        if norm in self.whole:
            return True
        if self.words and norm and all(w in self.words for w in norm.split()):
            return True
        padded = f" {norm} "
        if any(f" {phrase} " in padded for phrase in self.any):
            return True
        return any(p.search(norm) for p in self.patterns)


def _phrases(entry: dict[str, list[str]]) -> Phrases:
    return Phrases(frozenset(entry.get("whole", [])), tuple(entry.get("any", [])),
                   tuple(re.compile(p) for p in entry.get("patterns", [])),
                   frozenset(entry.get("words", [])))


@cache
def phrases() -> dict[str, Phrases]:
    """Every kind's phrases from phrases.yaml (read once)."""
    data = yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
    return {kind: _phrases(entry) for kind, entry in data.items() if kind != "followup"}


@cache
def followup_topics() -> dict[str, tuple[str, ...]]:
    """Follow-up question topics (cost, when, where...) and their words."""
    data = yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
    return {topic: tuple(words) for topic, words in data["followup"].items()}


def topics_of(norm: str) -> list[str]:
    """The follow-up topics a normalised question mentions, in phrases.yaml order."""
    padded = f" {norm} "
    return [topic for topic, words in followup_topics().items()
            if any(f" {w} " in padded for w in words)]


_QUESTION_START = re.compile(
    r"^(is|are|r|does|do|can|could|will|what|wat|whats|when|where|wheres|which|who|how|hw|"
    r"any of|any|whos|should|would|and|also|so|ok|is there|are there|whats the|u)\b")
_ABOUT_SHOWN = re.compile(r"\b(it|that|they|them|there|this|the (first|second|third|last)|"
                          r"number \d|no \d|\d(st|nd|rd|th)|one|group|class|session|i)\b")


def is_followup(text: str, norm: str) -> bool:
    """A question about the offer(s) just shown, rather than a new search."""
    if not topics_of(norm):
        return False
    words = norm.split()
    question = "?" in text or bool(_QUESTION_START.match(norm))
    return question and (len(words) <= 9 or bool(_ABOUT_SHOWN.search(norm)))


def understand(text: str, context: str = "none") -> str:
    """The kind of one message from a resident, given what they were just shown."""
    stripped = text.strip()
    if not stripped or _SYMBOLS_ONLY.match(stripped):
        # Emoji alone (a thumbs up, a smile) is a thank-you; punctuation alone is empty.
        if any(ord(ch) > 0x2000 for ch in stripped):
            return "thanks_bye"
        return "empty"
    if is_other_language(stripped):
        return "other_language"
    norm = normalise(stripped)
    table = phrases()
    if table["thanks_bye"].matches(norm):
        return "thanks_bye"
    if table["greeting"].matches(norm):
        return "greeting"
    if table["complaint"].matches(norm):
        return "complaint"
    practice = table["practice"].matches(norm)
    if table["medical"].matches(norm) and not _practice_first(norm):
        return "medical"
    if practice:
        return "practice"
    if context != "none" and is_followup(stripped, norm):
        return "followup"
    if table["feeling"].matches(norm):
        return "feeling"
    return "search"


def _practice_first(norm: str) -> bool:
    """Ordering medicines or asking after a prescription is practice business, not advice."""
    return bool(re.search(r"\b(repeat|prescription|order my|ready)\b", norm))


def note(kind: str) -> None:
    """Log the kind decided for this message (never the message itself)."""
    log.info("understood kind=%s", kind)
