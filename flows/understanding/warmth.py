"""One short human line for someone who says how they feel (issue 14, part 6)."""

from __future__ import annotations

import re

from flows.understanding import replies
from flows.words import normalise

# First match wins: grief before loneliness ("lonely since my wife died").
_KINDS = (
    ("grief", r"\b(passed away|died|bereave\w*|griev\w*|grief|widow\w*|funeral|"
              r"lost my (wife|husband|partner|mum|mam|mother|dad|father|son|daughter|"
              r"brother|sister|friend|dog|cat|baby)|since (my )?\w+ (passed|died))\b"),
    ("carer", r"\b(carers?|caring for|caring|(look(ing)? after|care for) (my|mum|dad|him|her)|"
              r"dementia)\b"),
    ("money", r"\b(money|bills?|debt|afford|redundant|skint|broke|rent|universal credit)\b"),
    ("new", r"\b(new to the area|new here|just moved|moved here|dont know (anyone|anybody|"
            r"a soul)|retir\w*)\b"),
    ("anxious", r"\b(anxious|anxiety|nervous|worried|scared|frightened|panic\w*|cant face)\b"),
    ("lonely", r"\b(lonely|lonley|loneley|alone|isolated|on my own|by myself|company|"
               r"dont see anyone|dont speak to|talk to|chat to|bored|so quiet|moved away|"
               r"invisible|left behind|stopped calling)\b"),
)
# What to look for when the person's own words find nothing in the directory: the kind of
# support the feeling points to, in everyday words the directory vocabulary knows.
SUPPORT_QUERIES = {
    "grief": "bereavement", "carer": "carers", "money": "money advice",
    "new": "new to the area", "anxious": "anxious", "lonely": "lonely", "low": "feeling down",
}


def feeling_kind(text: str) -> str:
    """Which feeling the message speaks of (low when none is clearer)."""
    norm = normalise(text)
    for kind, pattern in _KINDS:
        if re.search(pattern, norm):
            return kind
    return "low"


def warm_line(text: str) -> str:
    """The line to put before the offers."""
    return replies.WARM_LINES[feeling_kind(text)]


def support_query(text: str) -> str:
    """The search to fall back on when the message itself finds nothing."""
    return SUPPORT_QUERIES[feeling_kind(text)]
