"""Retention: what has passed its period goes (dry run first, changing nothing); what
hasn't stays; opt-outs, forgotten-number hashes and a 'no' to an invitation never go."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import build_components
from bot.config import load_config
from bot.retention import KINDS, apply_retention, periods
from bot.storage import Store, iso

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
OLD = iso(NOW - timedelta(days=800))  # past every period
NEW = iso(NOW - timedelta(days=1))  # within every period


async def seeded(path: Path) -> Store:
    """One old and one recent row of every kind of personal data."""
    store = await Store.open(path)
    ids = {}
    for name in ("old_asker", "new_asker", "stopped", "old_invitee", "new_invitee", "decliner",
                 "left_champion", "champion", "halfway"):
        contact = await store.contacts.for_address(f"sms:+4477009{len(ids):05d}")
        ids[name] = contact.id
        await store.write("UPDATE contacts SET created_at=? WHERE id=?",
                          (NEW if name.startswith("new") else OLD, contact.id))
    address = {name: f"sms:+4477009{i:05d}" for i, name in enumerate(ids)}
    await store.write("UPDATE contacts SET opted_out=1, opted_out_at=? WHERE id IN (?, ?)",
                      (OLD, ids["stopped"], ids["left_champion"]))
    await store.write("INSERT INTO forgotten(hash, forgotten_at) VALUES ('abc', ?)", (OLD,))
    for name, at in (("old_asker", OLD), ("new_asker", NEW)):
        await store.write("INSERT INTO inbox(channel, external_id, sender, received_at,"
                          " processed_at) VALUES ('sms', ?, ?, ?, ?)", (name, address[name], at, at))
        await store.write("INSERT INTO outbox(recipient, contact_id, text, state, created_at,"
                          " updated_at) VALUES (?, ?, 'hi', 'sent', ?, ?)",
                          (address[name], ids[name], at, at))
    await store.write("INSERT INTO campaigns(name, template, created_at) VALUES ('c', 't', ?)",
                      (OLD,))
    for name, at in (("old_invitee", OLD), ("new_invitee", NEW), ("decliner", OLD)):
        await store.write("INSERT INTO campaign_recipients(campaign_id, contact_id, address,"
                          " first_name, row_number, state, updated_at) VALUES (1, ?, ?, 'Jo',"
                          " 1, 'sent', ?)", (ids[name], address[name], at))
    for name, answer, state in (("decliner", "no", "declined"), ("halfway", "yes", "open"),
                                ("left_champion", "yes", "completed"),
                                ("champion", "yes", "completed")):
        await store.write("INSERT INTO champion_responses(contact_id, answer, state, name,"
                          " interests, created_at, updated_at) VALUES (?, ?, ?, 'Jo', 'walks',"
                          " ?, ?)", (ids[name], answer, state, OLD, OLD))
    await store.conversations.save(ids["halfway"], "champion", "awaiting_name", {"a": 1},
                                   NOW - timedelta(days=800), timedelta(days=3))
    await store.write("INSERT INTO unmet_needs(at, reason, example) VALUES (?, 'no-match',"
                      " 'old text'), (?, 'no-match', 'new text')", (OLD, NEW))
    await store.write("INSERT INTO staff_alerts(kind, detail, state, created_at, handled_at)"
                      " VALUES ('crisis', '', 'done', ?, ?), ('crisis', '', 'open', ?, NULL),"
                      " ('crisis', '', 'done', ?, ?)", (OLD, OLD, OLD, NEW, NEW))
    await store.write("INSERT INTO audit_log(at, actor, action) VALUES (?, 'system', 'old'),"
                      " (?, 'system', 'new')", (OLD, NEW))
    await store.write("INSERT INTO staff_accounts(email, created_at) VALUES ('a@b.org', ?)",
                      (OLD,))
    await store.write("INSERT INTO staff_sessions VALUES ('old', 1, 'c', ?, ?), ('new', 1,"
                      " 'c', ?, ?)", (OLD, OLD, NEW, iso(NOW + timedelta(hours=8))))
    await store.write("INSERT INTO staff_login_attempts(key, at) VALUES ('ip:1', ?), ('ip:2',"
                      " ?)", (OLD, NEW))
    store.test_ids = ids  # type: ignore[attr-defined]
    return store


def snapshot(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(db.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in tables}


@pytest.mark.sqlite_only("reads the SQLite file, or runs the command in a subprocess on it")
async def test_dry_run_reports_exactly_what_a_run_then_removes(tmp_path):
    store = await seeded(tmp_path / "bot.db")
    ids = store.test_ids  # type: ignore[attr-defined]
    settings = periods(load_config(str(ROOT / "config.example.yaml"), environ={}))
    try:
        before = snapshot(tmp_path / "bot.db")
        dry = await apply_retention(store, settings, dry_run=True, now=NOW)
        assert snapshot(tmp_path / "bot.db") == before  # nothing changed
        real = await apply_retention(store, settings, now=NOW)
        assert [o.rows for o in dry] == [o.rows for o in real]
        counts = {o.kind.setting: o.rows for o in real}
        assert all(counts[kind.setting] > 0 for kind in KINDS), counts
    finally:
        await store.close()
    with sqlite3.connect(tmp_path / "bot.db") as db:
        contacts = {r[0] for r in db.execute("SELECT id FROM contacts")}
        # Gone: the old asker (texts past their period) and the invitee who never replied.
        assert ids["old_asker"] not in contacts and ids["old_invitee"] not in contacts
        assert db.execute("SELECT COUNT(*) FROM addresses WHERE contact_id IN (?, ?)",
                          (ids["old_asker"], ids["old_invitee"])).fetchone()[0] == 0
        # Kept: opt-outs, recent people, the decliner (so they are never asked again).
        assert {ids["stopped"], ids["left_champion"], ids["new_asker"], ids["new_invitee"],
                ids["decliner"], ids["champion"]} <= contacts
        assert db.execute("SELECT COUNT(*) FROM forgotten").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM inbox").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 1
        responses = dict(db.execute("SELECT contact_id, name FROM champion_responses"))
        assert responses == {ids["decliner"]: None, ids["champion"]: "Jo"}
        assert db.execute("SELECT answer FROM champion_responses WHERE contact_id=?",
                          (ids["decliner"],)).fetchone()[0] == "no"
        assert db.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] == 0
        assert sorted(r[0] for r in db.execute("SELECT example FROM unmet_needs")) == [
            "", "new text"]
        assert db.execute("SELECT COUNT(*) FROM unmet_needs").fetchone()[0] == 2  # counts stay
        assert sorted(r[0] for r in db.execute("SELECT state FROM staff_alerts")) == [
            "done", "open"]
        assert [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")] == [
            "new", "retention"]
        assert [r[0] for r in db.execute("SELECT token_hash FROM staff_sessions")] == ["new"]
        assert db.execute("SELECT COUNT(*) FROM staff_login_attempts").fetchone()[0] == 1


@pytest.mark.sqlite_only("reads the SQLite file, or runs the command in a subprocess on it")
async def test_retention_command_dry_run_lists_every_kind_and_changes_nothing(tmp_path):
    store = await seeded(tmp_path / "bot.db")
    await store.close()
    before = snapshot(tmp_path / "bot.db")
    result = subprocess.run([sys.executable, "-m", "bot", "retention", "--dry-run", "--db",
                             str(tmp_path / "bot.db"), "--config",
                             str(ROOT / "config.example.yaml")], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for kind in KINDS:
        assert kind.setting in result.stdout
    assert "would go" in result.stdout and "nothing was changed" in result.stdout
    assert snapshot(tmp_path / "bot.db") == before


def test_serve_runs_retention_daily_unless_turned_off():
    config = load_config(str(ROOT / "config.example.yaml"), environ={})
    assert "retention" in [c.name for c in build_components(config)]
    off = config.with_overrides(retention__enabled=False)
    assert "retention" not in [c.name for c in build_components(off)]
