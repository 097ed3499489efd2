"""The search tester: exactly what the bot would text back to a first message, and why.

The message goes through the real router and flows (crisis check, HELP, signposting with
its own `fit_results` formatting) against the live directory, so the tester can't drift
from the bot. It runs on a scratch in-memory database inside a transaction that is always
rolled back: nothing is recorded (no unmet need, no alert, no contact).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from bot.gsm import count_segments, to_gsm
from bot.messages import Address, Inbound
from bot.runtime import Runtime
from bot.storage import Store
from directory.matching import SearchResult, find_offers
from flows.base import Services, Turn
from flows.registry import build_router
from flows.signposting import PAGE

_SCRATCH_KEY = "dashboard_tester_store"
_LOCK = asyncio.Lock()


class _RollBack(Exception):
    """Raised to undo everything a tester turn wrote."""


@dataclass
class TesterReply:
    """One text the bot would send."""

    text: str
    segments: int
    urgent: bool
    choices: tuple[str, ...]


@dataclass
class TesterResult:
    """The replies, which step answered, and what the search understood and ranked."""

    message: str
    step: str
    replies: list[TesterReply] = field(default_factory=list)
    search: SearchResult | None = None


async def _scratch(state: Any) -> Store:
    store = getattr(state, _SCRATCH_KEY, None)
    if store is None:
        store = await Store.open(":memory:")
        setattr(state, _SCRATCH_KEY, store)
    return store


async def close_scratch(state: Any) -> None:
    store = getattr(state, _SCRATCH_KEY, None)
    if store is not None:
        await store.close()
        setattr(state, _SCRATCH_KEY, None)


async def try_message(runtime: Runtime, state: Any, message: str,
                      channel: str = "sms", practice: str | None = None) -> TesterResult:
    """Run one first message from a new person (at `practice`: its name and directory)
    through the router, then roll it back."""
    async with _LOCK:
        store = await _scratch(state)
        live = runtime.services_of(practice)
        services = Services(live.config, store, live.directory, live.now)
        router = build_router(services)
        inbound = Inbound(Address(channel, "+447700900999" if channel == "sms" else "999"),
                          message, "tester", live.now())
        result = TesterResult(message, "")
        try:
            async with store.transaction():
                contact = await store.contacts.for_address(inbound.sender)
                turn = Turn(inbound, contact, None, services)
                result.step = await router.route(turn)
                for reply in turn.replies:
                    # As the engine does: SMS texts are made plain GSM-7 before sending.
                    text = to_gsm(reply.text) if channel == "sms" else reply.text
                    result.replies.append(TesterReply(
                        text, count_segments(text).segments, reply.urgent, reply.choices))
                raise _RollBack
        except _RollBack:
            pass
    # The "why": what the matcher understood and how it ranked (the same call the flow makes).
    result.search = find_offers(services.directory(), message, limit=PAGE)
    return result
