"""Fewer trips a text (issue 18, "Measure"): several statements in one batch (`Store.batch`,
one trip to aiosqlite's thread on SQLite), the turn's writes and version check in one
batch, the opt-out check folded into the outbox's claim. Every guarantee still holds: a
batch is all or nothing, a stale turn is routed again, STOP is never forgotten."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.harness import Harness
from bot.storage import Store
from bot.storage.batch import Earlier, Statement, Unchanged

RESIDENT = "sms:+447700900321"
# Statements (trips to the database) for one new sender's first text, accepted, answered
# and sent, and for their second; the figures after the batches went in. Before them:
# 19 and 14 on SQLite. On PostgreSQL a batch is still a round trip a statement.
NEW_SENDER = {"sqlite": 9, "postgres": 18}
RETURNING = {"sqlite": 7, "postgres": 12}
PRIMITIVES = ("_execute", "_fetch", "_execute_many", "_begin", "_commit", "_rollback")


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.start(tmp_path)
    yield harness
    await harness.close()


def count_trips(store: Store) -> Counter[str]:
    """Counts every trip the store makes to the database from now on."""
    trips: Counter[str] = Counter()
    names = PRIMITIVES + (("_run_batch",) if store.batch_in_one_trip else ())
    for name in names:
        real = getattr(store, name)

        def counted(real: Any = real, name: str = name) -> Any:
            async def call(*args: Any) -> Any:
                trips[name] += 1
                return await real(*args)
            return call
        setattr(store, name, counted())
    return trips


def engine(store: Store) -> str:
    return "postgres" if store.shared else "sqlite"


async def test_a_new_senders_text_takes_no_more_trips_than_it_did(h: Harness) -> None:
    """Deterministic, not timed: stored, routed, committed and sent, counted at the
    store's primitives. Fails if a change adds a trip to the path every text takes."""
    trips = count_trips(h.store)
    [reply] = await h.say(RESIDENT, "any walking groups?")
    assert "walk" in reply.lower()
    assert sum(trips.values()) <= NEW_SENDER[engine(h.store)], trips
    trips.clear()
    assert await h.say(RESIDENT, "thanks")
    assert sum(trips.values()) <= RETURNING[engine(h.store)], trips


async def test_a_batch_is_all_or_nothing(h: Harness) -> None:
    store = h.store
    contact = await store.contacts.for_address(RESIDENT)
    # Later statements use what earlier ones returned, in the same trip.
    [[row], written] = await store.batch([
        Statement("INSERT INTO staff_alerts(kind, detail, created_at, practice_id)"
                  " VALUES ('probe', 'one', '2026-01-01', 'default') RETURNING id",
                  returning=True),
        Statement("UPDATE staff_alerts SET detail='two' WHERE id=?", (Earlier(0, "id"),))])
    assert written.rowcount == 1
    assert (await store.fetchone("SELECT detail FROM staff_alerts WHERE id=?",
                                 (row["id"],)))[0] == "two"
    # A must_change statement that changes nothing: the rest is not run, and the batch's
    # own transaction is rolled back, the insert before it too.
    with pytest.raises(Unchanged) as stopped:
        await store.batch([
            Statement("UPDATE contacts SET name='Kept?' WHERE id=?", (contact.id,)),
            Statement("UPDATE contacts SET name='x' WHERE id=-1", must_change=True),
            Statement("UPDATE contacts SET name='Never' WHERE id=?", (contact.id,))])
    assert stopped.value.index == 1
    assert (await store.contacts.get(contact.id)).name is None
    # An error rolls the whole batch back too.
    with pytest.raises(Exception):  # noqa: B017, PT011 - the engine's own error type
        await store.batch([
            Statement("UPDATE contacts SET name='Kept?' WHERE id=?", (contact.id,)),
            Statement("UPDATE contacts SET no_such_column=1 WHERE id=?", (contact.id,))])
    assert (await store.contacts.get(contact.id)).name is None
    # The store is usable after each: nothing is left holding the write lock.
    await store.contacts.set_name(contact.id, "Ann")
    assert (await store.contacts.get(contact.id)).name == "Ann"


async def test_a_batch_that_ends_a_deferred_transaction_commits_or_rolls_back_all(
        h: Harness) -> None:
    store = h.store
    contact = await store.contacts.for_address(RESIDENT)
    # write_later is held until the transaction's batch, and commits with it.
    async with store.deferred_transaction():
        await store.write_later("UPDATE contacts SET name='Held' WHERE id=?", (contact.id,))
        assert (await store.contacts.get(contact.id)).name is None  # not written yet
        await store.batch([Statement("UPDATE contacts SET consent=1 WHERE id=?",
                                     (contact.id,))], end=True)
    after = await store.contacts.get(contact.id)
    assert after.name == "Held" and after.consent is True
    # A stale version in the ending batch: nothing of the transaction is kept.
    with pytest.raises(Unchanged):
        async with store.deferred_transaction():
            await store.write_later("UPDATE contacts SET name='Lost' WHERE id=?",
                                    (contact.id,))
            await store.batch([
                store.conversations.bump_statement(contact.id, after.turn_version + 7),
                Statement("UPDATE contacts SET consent=0 WHERE id=?", (contact.id,))],
                end=True)
    again = await store.contacts.get(contact.id)
    assert again.name == "Held" and again.consent is True
    # Held writes alone commit at the end of the transaction; an error drops them.
    with pytest.raises(RuntimeError):
        async with store.deferred_transaction():
            await store.write_later("UPDATE contacts SET name='Dropped' WHERE id=?",
                                    (contact.id,))
            raise RuntimeError("the turn failed")
    assert (await store.contacts.get(contact.id)).name == "Held"
    async with store.deferred_transaction():
        await store.write_later("UPDATE contacts SET name='Alone' WHERE id=?", (contact.id,))
    assert (await store.contacts.get(contact.id)).name == "Alone"


async def test_other_writers_wait_for_a_batch_and_see_it_whole(h: Harness) -> None:
    store = h.store
    contact = await store.contacts.for_address(RESIDENT)

    async def batch(n: int) -> None:
        await store.batch([
            Statement("UPDATE contacts SET name=? WHERE id=?", (f"n{n}", contact.id)),
            Statement("UPDATE contacts SET turn_version=turn_version+1 WHERE id=?",
                      (contact.id,))])

    await asyncio.gather(*(batch(n) for n in range(20)),
                         *(store.contacts.set_consent(contact.id, True) for _ in range(5)))
    assert (await store.contacts.get(contact.id)).turn_version == 20


async def test_a_stop_before_the_send_is_never_forgotten(h: Harness) -> None:
    """The opt-out check is part of the claim: a reply queued before STOP is skipped; an
    essential text (the STOP confirmation, urgent help) still goes."""
    store = h.store
    contact = await store.contacts.for_address(RESIDENT)
    await store.outbox.add(RESIDENT, "Here are some walks.", contact_id=contact.id)
    await store.outbox.add(RESIDENT, "You will get no more texts.", contact_id=contact.id,
                           essential=True)
    await store.contacts.set_opted_out(contact.id, True)
    sent = await h.deliver()
    assert [m.text for m in sent] == ["You will get no more texts."]
    rows = await store.outbox.rows_to(RESIDENT)
    assert [(r["state"], r["error"]) for r in rows] == [("skipped", "opted out"),
                                                        ("sent", None)]


@pytest.mark.sqlite_only
async def test_the_aiosqlite_call_a_batch_uses_is_there() -> None:
    """Store._run_batch queues a function on aiosqlite's thread with its private
    `Connection._execute` (there is no public call for it): if an upgrade of aiosqlite
    takes that away, this fails before anything else does."""
    db = await aiosqlite.connect(":memory:")
    try:
        assert await db._execute(lambda: 41 + 1) == 42
    finally:
        await db.close()
