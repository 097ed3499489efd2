"""Issue 15, item 9: the database files, as someone else on the machine (or with a copy of
the files) would read them."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.harness import Harness
from bot.storage import Store

pytestmark = pytest.mark.sqlite_only("file modes and raw contents of the SQLite files")
NUMBER = "+447700900099"
SAID = "my name is Ermintrude Vanstone and I need help with shopping"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_database_files_are_0600_and_a_new_data_folder_0700(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "data" / "bot.db")
    try:
        await store.audit.record("system", "test")
        assert mode(tmp_path / "data") == 0o700
        for name in ("bot.db", "bot.db-wal", "bot.db-shm"):
            assert (tmp_path / "data" / name).exists(), name
            assert mode(tmp_path / "data" / name) == 0o600, name
        row = await store.fetchone("PRAGMA secure_delete")
        assert row is not None and row[0] == 1
    finally:
        await store.close()


async def test_existing_loose_files_are_tightened(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    db.touch(mode=0o644)
    db.chmod(0o644)
    store = await Store.open(db)
    await store.close()
    assert mode(db) == 0o600


async def test_forget_me_leaves_nothing_readable_in_the_raw_files(tmp_path: Path) -> None:
    h = await Harness.start(tmp_path)
    try:
        await h.say(f"sms:{NUMBER}", "any walking groups?")
        await h.say(f"sms:{NUMBER}", SAID)
        contact = await h.store.contacts.find(f"sms:{NUMBER}")
        await h.store.contacts.set_name(contact.id, "Ermintrude Vanstone")
        await h.say(f"sms:{NUMBER}", "FORGET ME")
        files = [p for p in tmp_path.iterdir() if p.name.startswith("bot.db")]
        assert files
        for path in files:
            raw = path.read_bytes()
            for needle in (NUMBER[1:], "7700900099", "Ermintrude", "Vanstone"):
                assert needle.encode() not in raw, (path.name, needle)
    finally:
        await h.close()
