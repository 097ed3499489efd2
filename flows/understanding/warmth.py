"""One short human line for someone who says how they feel (issue 14, part 6)."""

from __future__ import annotations

import re

from flows.understanding import replies
from flows.words import normalise

# First match wins: grief before loneliness ("lonely since my wife died").
_KINDS = (
    ("grief", r"\b(passed away|died|bereave\w*|griev\w*|grief|lost my|widow\w*|funeral)\b"),
    ("carer", r"\b(carer|caring for|look after my)\b"),
    ("money", r"\b(money|bills?|debt|afford)\b"),
    ("new", r"\b(new to the area|just moved|dont know anyone|retir\w*)\b"),
    ("anxious", r"\b(anxious|anxiety|nervous|worried|scared|frightened|panic\w*)\b"),
    ("lonely", r"\b(lonely|lonley|loneley|alone|isolated|on my own|by myself|company|"
               r"dont see anyone|talk to|bored)\b"),
)


def warm_line(text: str) -> str:
    """The line to put before the offers."""
    norm = normalise(text)
    for kind, pattern in _KINDS:
        if re.search(pattern, norm):
            return replies.WARM_LINES[kind]
    return replies.WARM_LINES["low"]
