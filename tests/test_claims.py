"""The claims several instances take on one PostgreSQL database (issue 19, part 3), each
instance a store of its own: people's inbox messages, outbox rows, periodic jobs' ticks.
The whole thing under load, with a SIGKILL, is tests/test_multi_instance.py."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.storage.times import utcnow

SERVER = os.environ.get("BOT_TEST_DATABASE_URL", "")
pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not SERVER, reason="needs PostgreSQL: set BOT_TEST_DATABASE_URL")]
LEASE = timedelta(seconds=30)


@pytest.fixture
async def two() -> AsyncIterator[tuple]:
    """Two instances' stores on one fresh database."""
    from bot.storage.postgres import PostgresStore
    from bot.testing_postgres import scratch_database

    async with scratch_database(SERVER, "claims") as url:
        a = await PostgresStore.connect(url)
        b = await PostgresStore.connect(url)
        try:
            yield a, b
        finally:
            await a.close()
            await b.close()


async def _texts(store, people: int, each: int = 2) -> None:
    for k in range(each):
        for n in range(people):
            await store.inbox.insert("sms", f"SM{n:04d}{k}", f"sms:+4474000{n:05d}", "hi",
                                     utcnow())


async def test_two_instances_claiming_at_once_never_hold_the_same_person(two) -> None:
    a, b = two
    await _texts(a, 40)
    mine, theirs = await asyncio.gather(a.inbox.claim_senders(32, LEASE),
                                        b.inbox.claim_senders(32, LEASE))
    assert not set(mine) & set(theirs)
    assert len(set(mine) | set(theirs)) == 40
    # Each holder gets all of a person's messages, in the order they came.
    rows = await a.inbox.waiting_from(mine)
    assert [inbound.external_id for _, inbound in rows if str(inbound.sender) == mine[0]] == [
        f"SM{int(mine[0][-5:]):04d}0", f"SM{int(mine[0][-5:]):04d}1"]


async def test_a_person_is_given_back_only_once_nothing_of_theirs_waits(two) -> None:
    a, b = two
    await _texts(a, 1, each=1)
    [person] = await a.inbox.claim_senders(8, LEASE)
    [(inbox_id, _)] = await a.inbox.waiting_from([person])
    assert not await a.inbox.release(person)  # still waiting
    assert await b.inbox.claim_senders(8, LEASE) == []
    assert await a.inbox.mark_processed(inbox_id)
    assert not await b.inbox.mark_processed(inbox_id)  # a second answer would not commit
    assert await a.inbox.release(person)


async def test_a_killed_instances_people_are_taken_over_when_its_lease_runs_out(two) -> None:
    a, b = two
    await _texts(a, 3)
    taken = await a.inbox.claim_senders(8, timedelta(seconds=-1))  # a lease already over
    assert len(taken) == 3
    assert sorted(await b.inbox.claim_senders(8, LEASE)) == sorted(taken)
    assert not await a.inbox.still_held(taken[0], LEASE)


async def test_a_persons_next_text_waits_while_an_earlier_one_is_mid_send_elsewhere(two) -> None:
    a, b = two
    first = await a.outbox.add("sms:+447400000001", "one")
    second = await a.outbox.add("sms:+447400000001", "two")
    assert await a.outbox.claim(first)
    assert not await b.outbox.claim(first)
    assert not await b.outbox.claim(second)  # in order, across instances
    assert not await b.outbox.take_for_lookup(first, utcnow())  # a's call may be landing
    await a.outbox.set_state(first, "sent", provider_id="SM1")
    assert await b.outbox.claim(second)


async def test_a_row_left_mid_send_is_looked_up_by_one_instance_once_its_lease_ran_out(
        two) -> None:
    a, b = two
    row = await a.outbox.add("sms:+447400000001", "one")
    assert await a.outbox.claim(row, lease=timedelta(seconds=-1))  # then a was killed
    later = utcnow()
    [left] = await b.outbox.left_sending(later, unleased_at=later)
    assert left.id == row
    results = await asyncio.gather(a.outbox.take_for_lookup(row, later),
                                   b.outbox.take_for_lookup(row, later))
    assert sorted(results) == [False, True]


async def test_a_periodic_job_runs_on_one_instance_per_tick(two) -> None:
    a, b = two
    async with a.run_once("reminders", 60) as first:
        async with b.run_once("reminders", 60) as meanwhile:
            assert first and not meanwhile  # the advisory lock
    async with b.run_once("reminders", 60) as soon_after:
        assert not soon_after  # ran less than a tick ago
    async with b.run_once("reminders", 0) as next_tick:
        assert next_tick
    async with b.run_once("retention", 60) as other_job:
        assert other_job
