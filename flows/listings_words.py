"""A champion's words inside the listings conversation: which field "time" or "place" means
in the UPDATE menu, which status "full" or "break" means, a YES or NO said in more words,
which of their listings a text names, and a pending change said back in words.
"""

from __future__ import annotations

import re
from typing import Any

from directory import edits
from directory.model import Offer
from flows.words import normalise

STATUS_LABELS = {"active": "running as normal", "paused": "taking a break", "full": "full",
                 "ended": "finished for good"}
# A confirmation in more words: "yes thats right", "yep ta", "yes please do".
YES_WORDS = re.compile(r"^(yes|yeah|yep|yup|yh|ye|ok|okay|correct|right|perfect|spot on|"
                       r"thats (right|it|correct|fine)|that is (right|correct)|save it|"
                       r"please do|go ahead|lovely|great)\b")
NO_WORDS = re.compile(r"^(no|nope|nah|wrong|dont|do not|not right|thats wrong|leave it)\b")

# The UPDATE menu in words: "time", "place", "notice" work as well as 1, 2, 7.
FIELD_WORDS = {
    "schedule": ("time", "times", "day", "days", "when", "schedule", "timing", "timings",
                 "day or time", "start time", "finish time"),
    "location": ("place", "venue", "where", "location", "address", "room", "hall"),
    "contact": ("contact", "phone", "number", "phone number", "email", "who", "contact details"),
    "description": ("description", "about", "details", "what it is", "info", "words"),
    "cost": ("cost", "price", "fee", "charge", "money", "how much"),
    "status": ("status", "running", "break", "pause", "full", "finished", "ended", "closed"),
    "notice": ("notice", "note", "message", "cancel", "cancelled", "cancellation", "news"),
}
STATUS_WORDS = {"active": ("running", "normal", "on", "open", "running as normal", "back on"),
                "paused": ("break", "paused", "pause", "taking a break", "off"),
                "full": ("full",), "ended": ("finished", "ended", "stopped", "closed", "gone",
                                             "finished for good")}


def field_for(said: str, fields: list[tuple[str, str]]) -> str | None:
    """The UPDATE menu's field for '3' or 'time' / 'place' / 'notice'."""
    if said.isdecimal():
        return fields[int(said) - 1][0] if 1 <= int(said) <= len(fields) else None
    for field, words in FIELD_WORDS.items():
        if said in words or said.removesuffix(" please") in words:
            return field
    return None


def status_for(said: str) -> str | None:
    """'full', 'break', 'finished' -> the status they mean."""
    return next((status for status, words in STATUS_WORDS.items() if said in words), None)


def named_in(text: str, offers: list[Offer]) -> list[Offer]:
    """The offers whose name a message mentions ("hi its pat from knit and natter")."""
    said = f" {normalise(text)} "
    return [o for o in offers if f" {normalise(o.name)} " in said]


def describe(field: str, value: Any) -> str:
    """One pending change in words, for a read-back of several."""
    if field == "schedule" and isinstance(value, list) and value:
        return "the time will be: " + edits.describe_schedule(value[0])
    if field == "location" and isinstance(value, dict):
        return "the place will be: " + ", ".join(str(v) for v in value.values() if v)
    if field == "contact" and isinstance(value, dict):
        return "the contact will be: " + " ".join(str(v) for v in value.values() if v)
    if field == "status":
        return "it will show as " + STATUS_LABELS.get(str(value), str(value))
    if field == "notice":
        return f'the notice will be: "{value}"' if value else "no notice"
    return f"the {field} will be: {value}"
