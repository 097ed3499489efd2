"""Upgrades: a database made by the oldest supported version (schema 1, kept as
tests/fixtures/schema1.sql) is backed up, then migrated, and keeps all its data; a
database from a newer version is refused with a clear message, never touched."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.backup import read_backup
from bot.storage import SchemaTooNew, Store, migrations

pytestmark = pytest.mark.sqlite_only("SQLite files from earlier schema versions")
ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "schema1.sql"


def schema1_database(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.executescript(FIXTURE.read_text())
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    return path


async def test_the_oldest_schema_upgrades_with_a_backup_first_and_keeps_its_data(tmp_path):
    path = schema1_database(tmp_path / "bot.db")
    store = await Store.open(path)
    try:
        assert store.migrated_from == 1
        assert await store.version() == migrations()[-1][0]
        ann = await store.contacts.find("sms:+447700900001")
        assert ann is not None and ann.name == "Ann" and ann.consent is True
        assert await store.contacts.addresses_of(ann.id) == ["sms:+447700900001",
                                                             "telegram:5551234"]
        stopped = await store.contacts.find("sms:+447700900002")
        assert stopped is not None and stopped.opted_out  # STOP survives the upgrade
        assert await store.contacts.is_forgotten("sms:+447700900999")  # the hash key came along
        talk = await store.conversations.load(ann.id, datetime.now(UTC))
        assert talk is not None and talk.step == "shown_offers" and talk.data == {
            "offers": ["walk"]}
        assert [row["kind"] for row in await store.alerts.all_open()] == ["crisis"]
        sent = await store.outbox.get(1)
        assert sent is not None and sent.text.startswith("Walking group")
        # Tables added since version 1 work.
        await store.write("INSERT INTO unmet_needs(at, reason) VALUES ('2026-12-01', 'no-match')")
    finally:
        await store.close()
    # The backup made before migrating holds the schema-1 database as it was.
    assert store.upgrade_backup is not None
    info = read_backup(store.upgrade_backup, tmp_path / "unpacked")
    assert info.schema_version == 1
    with sqlite3.connect(tmp_path / "unpacked" / "database" / "bot.db") as old:
        assert old.execute("SELECT name FROM contacts WHERE id=1").fetchone()[0] == "Ann"
        assert "unmet_needs" not in {r[0] for r in old.execute(
            "SELECT name FROM sqlite_master")}


async def test_opening_an_up_to_date_database_makes_no_backup(tmp_path):
    store = await Store.open(tmp_path / "bot.db")
    await store.close()
    again = await Store.open(tmp_path / "bot.db")
    await again.close()
    assert again.upgrade_backup is None and not (tmp_path / "backups").exists()


def newer_database(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE future (x)")
        db.execute(f"PRAGMA user_version={migrations()[-1][0] + 1}")
    return path


async def test_a_database_from_a_newer_version_is_refused(tmp_path):
    path = newer_database(tmp_path / "bot.db")
    with pytest.raises(SchemaTooNew, match="newer version of the bot.*Downgrades are not"):
        await Store.open(path)
    with sqlite3.connect(path) as db:  # untouched
        assert db.execute("PRAGMA user_version").fetchone()[0] == migrations()[-1][0] + 1


@pytest.mark.parametrize("command", [["serve"], ["retention", "--dry-run"],
                                     ["report", "needs"]])
def test_commands_refuse_a_newer_database_with_a_message_not_a_traceback(tmp_path, command):
    path = newer_database(tmp_path / "bot.db")
    env = {"BOT_STORAGE_DATABASE": str(path), "PATH": "/usr/bin:/bin",
           "BOT_SERVER_PORT": "1"}
    result = subprocess.run([sys.executable, "-m", "bot", *command, "--config",
                             str(ROOT / "config.example.yaml")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "newer version of the bot" in result.stderr
    assert "Traceback" not in result.stderr
