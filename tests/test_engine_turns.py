"""A turn reads and routes without holding the write lock, then commits with a check that
the person has not changed meanwhile (another instance answered them)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.harness import Harness
from bot.messages import Address, Inbound
from bot.storage import utcnow

RESIDENT = "sms:+447700900321"


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.start(tmp_path)
    yield harness
    await harness.close()


class PausedRouting:
    """Holds the next turn of this engine after it has read the person, before it routes."""

    def __init__(self, h: Harness):
        self.reached, self.go = asyncio.Event(), asyncio.Event()
        router = h.runtime.engine.router
        real = router.route

        async def route(turn):  # noqa: ANN001, ANN202
            if not self.reached.is_set():
                self.reached.set()
                await self.go.wait()
            return await real(turn)

        router.route = route  # type: ignore[method-assign]


async def test_webhooks_are_stored_while_a_turn_is_routing(h: Harness) -> None:
    paused = PausedRouting(h)
    turn = asyncio.create_task(h.say(RESIDENT, "any walking groups?"))
    await asyncio.wait_for(paused.reached.wait(), 10)
    # Routing holds no write lock: another message is stored at once, not after the turn.
    other = Inbound(Address.parse("sms:+447700900322"), "hello", "webhook-1", utcnow())
    assert await asyncio.wait_for(h.runtime.engine.store_inbound(other), 2) is not None
    paused.go.set()
    replies = await asyncio.wait_for(turn, 30)
    assert replies and "walk" in replies[0].lower()


async def test_a_turn_read_before_another_instance_answered_is_routed_again(
        h: Harness) -> None:
    """Two instances on one database: while the first is routing "any walking groups?",
    the second handles the same person's STOP. The first must not send listings on what
    it read before: its commit finds the person changed and routes again (silence)."""
    second = await Harness._open(h.config, h.tmp, h.options)
    try:
        paused = PausedRouting(h)
        turn = asyncio.create_task(h.say(RESIDENT, "any walking groups?"))
        await asyncio.wait_for(paused.reached.wait(), 10)
        [confirmation] = await second.say(RESIDENT, "STOP")
        assert "START" in confirmation
        paused.go.set()
        assert await asyncio.wait_for(turn, 30) == []  # opted out: nothing sent
        contact = await h.store.contacts.find(RESIDENT)
        assert contact is not None and contact.opted_out
        assert contact.turn_version == 2  # each committed turn counted once
    finally:
        await second.close()


async def test_each_committed_turn_counts_once(h: Harness) -> None:
    for text in ("hi", "any walking groups?", "MORE"):
        await h.say(RESIDENT, text)
    contact = await h.store.contacts.find(RESIDENT)
    assert contact is not None and contact.turn_version == 3


async def test_a_new_persons_turn_reads_no_conversation_and_their_invitation_once(
        h: Harness) -> None:
    """Each read is a trip to the SQLite thread: the person and their conversation are
    one read, by address (for a new person it finds nobody, and nothing more is read
    before they are created), and the unanswered invitation (asked by the understanding
    step and by the invitation flow) is read once a turn."""
    reads: list[str] = []
    store = h.store
    real = store.fetchone

    async def counted(sql, params=()):  # noqa: ANN001, ANN202
        reads.append(sql)
        return await real(sql, params)

    store.fetchone = counted  # type: ignore[method-assign]

    def count(fragment: str) -> int:
        return sum(fragment in sql for sql in reads)

    [reply] = await h.say(RESIDENT, "any walking groups?")
    assert "walk" in reply.lower()
    assert count("LEFT JOIN conversations") == 1  # by address: nobody yet
    assert count("SELECT c.* FROM contacts") == 0  # not read again to be created
    assert count("FROM campaign_recipients") == 1
    reads.clear()
    # Known now: their conversation (the search just shown) is read, and the follow-up works.
    replies = await h.say(RESIDENT, "1")
    assert replies
    assert count("LEFT JOIN conversations") == 1
