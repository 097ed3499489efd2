"""A champion's change reaches the directory YAML only after the turn's database commit,
and a stop between the commit and the file write is finished on the next start, once."""

from __future__ import annotations

import asyncio

import pytest
from listings_helpers import STAFF, STRANGER, SUE, clock, h, offers_file  # noqa: F401

from bot.storage.after_commit import AfterCommitRepository
from bot.storage.batch import Statement
from directory.loader import load_directory
from flows import listings
from flows import listings_admin as admin

PAUSED = ("Saved. Millbrook Health Walk is taking a break and won't show in searches. "
          "Text RESUME when it starts again.")


def stop_after_commit(h) -> None:  # noqa: ANN001
    """The process stops (its task is cancelled) right after the turn committed."""

    async def stopped(work):  # noqa: ANN001, ANN202
        raise asyncio.CancelledError

    h.runtime.engine.finish = stopped


async def test_a_turn_that_fails_to_commit_leaves_the_yaml_as_it_was(h, offers_file):
    await h.say(SUE, "PAUSE")
    before = offers_file.read_text()
    store = h.store
    real = store.inbox.mark_processed_statement

    def fails_once(inbox_id: int) -> Statement:  # the turn's last write, after routing
        store.inbox.mark_processed_statement = real
        # Fails in the database, inside the commit's batch (as a disk I/O error would).
        return Statement("UPDATE inbox SET no_such_column=1 WHERE id=?", (inbox_id,))

    store.inbox.mark_processed_statement = fails_once
    [apology] = await h.say(SUE, "yes")
    assert apology.startswith("Sorry")
    assert offers_file.read_text() == before  # nothing the database doesn't know about
    assert await AfterCommitRepository(store).pending() == []
    # The read-back is still waiting: YES saves it, once.
    assert await h.say(SUE, "yes") == [PAUSED]
    assert "status: paused" in offers_file.read_text()


async def test_a_stop_between_commit_and_file_write_is_finished_on_start(h, offers_file):
    await h.say(SUE, "PAUSE")
    before = offers_file.read_text()
    stop_after_commit(h)
    with pytest.raises(asyncio.CancelledError):
        await h.say(SUE, "yes")
    assert offers_file.read_text() == before
    [work] = await AfterCommitRepository(h.store).pending()
    assert work.kind == "listing-save"
    await h.restart()
    await h.runtime.engine.recover()
    assert [m.text for m in await h.deliver()] == [PAUSED]
    assert "status: paused" in offers_file.read_text()
    assert await AfterCommitRepository(h.store).pending() == []
    await h.runtime.engine.recover()  # nothing left: no second reply
    assert [m.text for m in await h.deliver()] == []
    rows = await admin.history(h.store, "millbrook-health-walk")
    assert [(r["field"], r["old"], r["new"]) for r in rows if r["field"] == "status"] == [
        ("status", "null", '"paused"')]


async def test_work_repeated_after_the_file_was_written_is_not_a_conflict(h, offers_file):
    """A stop after the YAML write but before the outcome was recorded: done again on
    start, the change already in the file is saved, replied to and audited once."""
    await h.say(SUE, "PAUSE")
    stop_after_commit(h)
    with pytest.raises(asyncio.CancelledError):
        await h.say(SUE, "yes")
    [work] = await AfterCommitRepository(h.store).pending()
    await listings.finish_save(h.runtime.services, work.payload)  # the write, not recorded
    assert "status: paused" in offers_file.read_text()
    await h.restart()
    await h.runtime.engine.recover()
    assert [m.text for m in await h.deliver()] == [PAUSED]
    rows = await admin.history(h.store, "millbrook-health-walk")
    assert [(r["field"], r["old"], r["new"]) for r in rows if r["field"] == "status"] == [
        ("status", "null", '"paused"')]
    assert "Millbrook Health Walk" not in "".join(await h.say(STRANGER, "health walk tuesday"))


async def test_an_approval_written_twice_adds_the_offer_once(h, offers_file):
    for said in ("new group", "Knit and Natter Two", "Mondays 10-12",
                 "Library, High Street, MB1 1HS", "me", "Knitting, crochet and a chat.",
                 "free", "YES"):
        await h.say(STRANGER, said)
    await h.deliver()
    stop_after_commit(h)
    with pytest.raises(asyncio.CancelledError):
        await h.say(STAFF, "APPROVE P1")
    [work] = await AfterCommitRepository(h.store).pending()
    await listings.finish_approve(h.runtime.services, work.payload)  # written, not recorded
    await h.restart()
    await h.runtime.engine.recover()
    sent = sorted((str(m.to), m.text) for m in await h.deliver())
    assert (STAFF, "Done. P1 is live as knit-and-natter-two.") in sent
    assert len(sent) == 2  # and the proposer's good news, once
    assert offers_file.read_text().count("Knit and Natter Two") == 1
    assert load_directory(offers_file).get("knit-and-natter-two") is not None
    assert await admin.pending_proposals(h.store) == []
