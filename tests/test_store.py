"""The store: pragmas, migrations from empty and from every earlier version."""

import sqlite3

import pytest

from bot.storage import Store, migrations


@pytest.mark.sqlite_only("PRAGMA journal_mode, foreign_keys and sqlite_master")
async def test_fresh_database_is_migrated_with_wal_and_foreign_keys(tmp_path):
    store = await Store.open(tmp_path / "sub" / "bot.db")
    try:
        newest = migrations()[-1][0]
        assert await store.version() == newest
        assert (await store.fetchone("PRAGMA journal_mode"))[0] == "wal"
        assert (await store.fetchone("PRAGMA foreign_keys"))[0] == 1
        assert (await store.fetchone("PRAGMA busy_timeout"))[0] == 5000
        tables = {row[0] for row in await store.fetchall(
            "SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"contacts", "addresses", "conversations", "inbox", "outbox",
                "staff_alerts", "audit_log", "forgotten"} <= tables
    finally:
        await store.close()


@pytest.mark.sqlite_only("SQLite files at every earlier schema version")
async def test_every_previous_version_upgrades_and_keeps_data(tmp_path):
    versions = [version for version, _, _ in migrations()]
    for previous in versions[:-1] or versions:
        path = tmp_path / f"v{previous}.db"
        old = await Store.open(path, upto=previous)
        assert await old.version() == previous
        await old.close()
        with sqlite3.connect(path) as raw:  # as that version wrote a person (today's
            # repositories read today's schema, which Store.open always migrates to)
            contact_id = raw.execute("INSERT INTO contacts(created_at) VALUES ('2025-01-01')"
                                     " RETURNING id").fetchone()[0]
            raw.execute("INSERT INTO addresses(address, contact_id, channel, created_at)"
                        " VALUES ('sms:+447700900001', ?, 'sms', '2025-01-01')", (contact_id,))
        upgraded = await Store.open(path)
        assert await upgraded.version() == versions[-1]
        again = await upgraded.contacts.find("sms:+447700900001")
        assert again is not None and again.id == contact_id and again.practice == "default"
        await upgraded.close()
    with sqlite3.connect(tmp_path / f"v{versions[0]}.db") as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_duplicate_inbound_is_refused_by_the_unique_key(tmp_path):
    from datetime import UTC, datetime
    store = await Store.open(tmp_path / "bot.db")
    now = datetime.now(UTC)
    first = await store.inbox.insert("sms", "SM1", "sms:+447700900001", "hi", now)
    second = await store.inbox.insert("sms", "SM1", "sms:+447700900001", "hi", now)
    other_channel = await store.inbox.insert("telegram", "SM1", "telegram:1", "hi", now)
    assert first is not None and second is None and other_channel is not None
    await store.close()


async def test_transaction_rolls_back_everything_on_error(tmp_path):
    store = await Store.open(tmp_path / "bot.db")
    try:
        async with store.transaction():
            await store.audit.record("system", "first")
            async with store.transaction():  # re-entrant within a task
                await store.audit.record("system", "second")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert await store.fetchall("SELECT * FROM audit_log") == []
    await store.close()


@pytest.mark.sqlite_only("SQLite's foreign keys around a table rebuild")
async def test_a_rebuilding_migration_that_breaks_a_foreign_key_is_rolled_back(tmp_path):
    store = await Store.open(tmp_path / "bot.db")
    try:
        version = await store.version()
        orphan = ("-- foreign_keys: off\nINSERT INTO campaign_exclusions(campaign_id,"
                  " row_number, reason) VALUES (999, 1, 'opted out');")
        with pytest.raises(sqlite3.IntegrityError, match="foreign key"):
            await store._migrate_rebuilding(version, orphan)
        assert await store.fetchall("SELECT * FROM campaign_exclusions") == []
        assert (await store.fetchone("PRAGMA foreign_keys"))[0] == 1
        assert await store.version() == version
    finally:
        await store.close()
