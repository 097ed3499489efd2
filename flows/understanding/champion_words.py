"""A champion's listing change in their own words (issue 14, part 8), first step.

From someone who maintains a listing, "we're full now", "cancelled this tuesday" or "moving
to 1.30 til 3.30" is a change to their listing, not a search. For now the bot names their
listing and the command that makes that change (FULL, NOTICE, UPDATE, RESUME), each read back
for YES by the listings flow; it does not yet turn the free text into the change itself.
"""

from __future__ import annotations

import re

from directory.model import Offer
from flows.words import normalise

_CHANGES = (
    ("full", r"\b(full|no (more )?spaces|no room)\b"),
    ("resume", r"\b(back on|starting again|restart\w*|spaces again|resum\w*|running again)\b"),
    ("notice", r"\b(cancel\w*|no (walk|session|group|class|meeting)|not running|off this|"
               r"off next|taking a break|break over|closed)\b"),
    ("update", r"\b(moving to|moved to|new time|time chang\w*|now meet|new venue|"
               r"start(s|ing)? at|til|till|until|\d{1,2}[.:]\d{2}|\d{1,2} ?(am|pm))\b"),
)
HOW = {
    "full": "text FULL to mark {name} as full",
    "resume": "text RESUME to show {name} in searches again",
    "notice": "text NOTICE then what to say (like NOTICE No session this Tuesday) for {name}",
    "update": "text UPDATE to change the time or place of {name}",
}
REPLY = ("Thanks! It sounds like a change to your listing: {how}. We'll read it back "
         "before saving. Text MENU to start again.")


def change_in(text: str) -> str | None:
    """Which kind of listing change the text describes, or None."""
    norm = normalise(text)
    for change, pattern in _CHANGES:
        if re.search(pattern, norm):
            return change
    return None


def reply_for(change: str, offers: list[Offer]) -> str:
    """Where to go next for this change."""
    name = offers[0].name if len(offers) == 1 else "your group"
    return REPLY.format(how=HOW[change].format(name=name))
