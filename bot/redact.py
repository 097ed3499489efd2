"""One scrubber for personal details in what residents text (numbers, e-mails, postcodes,
street addresses, names they give), used wherever such text is kept for staff: unmet-need
examples and words, and alert details. Plain regular expressions: predictable, and a miss
errs towards removing an ordinary word rather than keeping a name."""

from __future__ import annotations

import re

_NAME_WORD = r"[A-Za-z][A-Za-z'\-]*"
# After the first word of a name, more words are taken as part of it only when capitalised
# or hyphenated ("Jimmy Smith-Jones", "jimmy smith-jones"): "my son jimmy likes karate"
# keeps "likes karate" (and so does "my son jimmy smith": a known gap, see docs/security.md).
# Words that follow "I'm" or "my son" without being a name ("I'm lonely", "my son is 8").
_NOT_NAMES = frozenset("""
a an the and or but not so very really too just also still now here there who which that is
was has had have will would can could may might be being been am are on in at to for of with
from by about after over looking lonely feeling struggling interested free new old getting
going trying sad alone bored worried scared tired ill unwell poorly ok okay fine good well
sorry unable stuck caring carer retired disabled deaf blind living moving single widowed
pregnant worried anxious depressed housebound wondering hoping after back off out up down
he she they it his her their its age aged years year months month
""".split())
_RELATIONS = (r"son|daughter|wife|husband|partner|mum|mam|mom|dad|mother|father|grandson|"
              r"granddaughter|grandma|grandad|grandpa|nan|boy|girl|child|kid|baby|friend|"
              r"neighbour|neighbor|brother|sister|carer|boyfriend|girlfriend|fiance|fiancee")
_INTRO = (rf"(?:my|our)\s+(?:{_RELATIONS})(?:'s name is|\s+is called|\s+called)?|my name is|"
          r"name's|i am|i'm|im|i\u2019m|this is|call me|it's|its|ask for|called")
_NAME_AFTER = re.compile(rf"\b({_INTRO})\s+({_NAME_WORD})((?-i:(?:\s+(?:[A-Z][A-Za-z'\-]*|[a-z]+-[A-Za-z'\-]+)){{0,2}}))",
                         re.I)
_STREETS = (r"street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|court|ct|"
            r"place|pl|grove|gardens|gdns|terrace|hill|row|mews|square|sq|walk|parade|rise|"
            r"view|green|park|estate|flats|house|cottages")
_REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Anchored at a word start: the bare form rescans every position of a long unspaced text.
    (re.compile(r"(?<!\S)\S*@\S+"), "[email]"),
    (re.compile(r"https?://\S+|www\.\S+", re.I), "[link]"),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I), "[postcode]"),
    (re.compile(r"\+?\d[\d\s\-()]{6,}\d"), "[number]"),
    (re.compile(rf"\b\d+[a-z]?,?\s+(?:{_NAME_WORD}\s+){{1,3}}(?:{_STREETS})\b", re.I),
     "[address]"),
    (re.compile(rf"\b(?:[A-Z][a-z'\-]+\s+){{1,3}}(?:{_STREETS.title()})\b"), "[address]"),
    (re.compile(r"\b(live at|live on|living at|lives at|address is|flat|house number)\s+"
                r"[^,.;!?]+", re.I), r"\1 [address]"),
)


def _name(match: re.Match[str]) -> str:
    intro, first = match.group(1), match.group(2)
    if first.lower() in _NOT_NAMES:
        return match.group(0)
    return f"{intro} [name]"


def redact_personal(text: str) -> str:
    """The text with numbers, e-mails, links, postcodes, street addresses and given names
    replaced by [number], [email], [link], [postcode], [address], [name]."""
    cleaned = " ".join(text.split())
    for pattern, replacement in _REDACTIONS:
        cleaned = pattern.sub(replacement, cleaned)
    cleaned = _NAME_AFTER.sub(_name, cleaned)
    return re.sub(r"\d", "#", cleaned)


def personal_free_words(words: list[str], text: str) -> list[str]:
    """Those of `words` (normalised, from matching `text`) that survive redact_personal(text):
    no numbers, names or address words."""
    from flows.words import normalise

    allowed = set(normalise(redact_personal(text)).split())
    return [w for w in words if w in allowed and not any(c.isdigit() for c in w)]
