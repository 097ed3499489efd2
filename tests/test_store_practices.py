"""Many practices in one database: every table holding a practice's data says whose it is,
and someone registered at two practices is two people there, one at each."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.storage import Store

# Deliberately one for the whole deployment (docs/architecture.md, "Several practices").
GLOBAL = {"meta", "forgotten", "sms_daily_counts", "inbox_leases", "job_runs",
          "staff_sessions", "staff_password_links", "staff_login_attempts"}


@pytest.mark.sqlite_only("PRAGMA table_info (tests/test_store_engines.py: PostgreSQL's match)")
async def test_every_table_but_the_deliberately_global_ones_carries_the_practice(tmp_path):
    store = await Store.open(tmp_path / "bot.db")
    try:
        missing, extra = [], []
        for table in await store.tables():
            columns = [r[1] for r in await store.fetchall(f"PRAGMA table_info({table})")]
            if table not in GLOBAL and "practice_id" not in columns:
                missing.append(table)
            if table in GLOBAL and "practice_id" in columns:
                extra.append(table)
        assert missing == [] and extra == []
    finally:
        await store.close()


async def test_one_number_at_two_practices_is_two_people_each_with_their_own_opt_out(
        tmp_path):
    store = await Store.open(tmp_path / "bot.db")
    try:
        oak, made = await store.contacts.find_or_create("sms:+447700900001", "oak")
        elm, made_too = await store.contacts.find_or_create("sms:+447700900001", "elm")
        assert made and made_too and oak.id != elm.id
        assert (oak.practice, elm.practice) == ("oak", "elm")
        await store.contacts.set_opted_out(oak.id, True)
        assert (await store.contacts.find("sms:+447700900001", "oak")).opted_out
        assert not (await store.contacts.find("sms:+447700900001", "elm")).opted_out
        assert await store.contacts.find("sms:+447700900001") is None  # not the default's
        again, made = await store.contacts.find_or_create("sms:+447700900001", "elm")
        assert again.id == elm.id and not made
        # What is queued for a person goes from their practice's number.
        queued = await store.outbox.add("sms:+447700900001", "hi", contact_id=elm.id)
        assert (await store.outbox.get(queued)).practice == "elm"
        alert = await store.alerts.add("test", "x", oak.id)
        row = await store.fetchone("SELECT practice_id FROM staff_alerts WHERE id=?", (alert,))
        assert row[0] == "oak"
        # Forgetting someone at one practice leaves them at the other.
        await store.conversations.save(elm.id, "signposting", "results", {}, datetime.now(UTC),
                                       timedelta(hours=1))
        await store.contacts.forget(oak.id)
        assert await store.contacts.find("sms:+447700900001", "oak") is None
        assert await store.contacts.find("sms:+447700900001", "elm") is not None
        assert await store.outbox.get(queued) is not None
        row = await store.fetchone("SELECT practice_id FROM conversations WHERE contact_id=?",
                                   (elm.id,))
        assert row[0] == "elm"
    finally:
        await store.close()


async def test_the_inbox_keeps_the_practice_a_message_was_sent_to(tmp_path):
    store = await Store.open(tmp_path / "bot.db")
    try:
        now = datetime.now(UTC)
        await store.inbox.insert("sms", "SM" + "1" * 32, "sms:+447700900001", "hi", now,
                                 practice="elm")
        await store.inbox.insert("sms", "SM" + "2" * 32, "sms:+447700900001", "hi", now)
        [(_, first), (_, second)] = await store.inbox.unprocessed()
        assert (first.practice, second.practice) == ("elm", "default")
    finally:
        await store.close()
