"""Signposting: what the person asked for, matched against the directory."""

from __future__ import annotations

from directory.matching import find_offers
from directory.texts import format_results
from flows.base import Turn

NOTHING_FITS = (
    "Sorry, we couldn't find a local group for that. Try other words, like walking, "
    "coffee morning or money advice, or text HELP."
)


class SignpostingFlow:
    """The catch-all: search the directory and reply with up to 3 offers."""

    name = "signposting"

    def wants(self, turn: Turn) -> bool:
        return True

    async def handle(self, turn: Turn) -> bool:
        result = find_offers(turn.services.directory(), turn.text, limit=3)
        if not result.matches:
            turn.say(NOTHING_FITS)
            return True
        turn.say(format_results(result.matches))
        return True
