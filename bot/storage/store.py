"""The SQLite store: one aiosqlite connection, one write path, versioned migrations.

Every write happens inside `store.transaction()`, which holds one asyncio lock (SQLite
has one writer anyway) and is re-entrant within a task, so a conversation turn can wrap
all its writes - state, replies, inbox flag - in a single commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from bot.messages import Address, Event, Inbound, Outbound


def utcnow() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Stored form of a time: ISO 8601 UTC, sortable as text."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_iso(value: str) -> datetime:
    """Inverse of iso()."""
    return datetime.fromisoformat(value)


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every file in bot/migrations, in order."""
    found = []
    for item in resources.files("bot.migrations").iterdir():
        name = item.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, item.read_text(encoding="utf-8")))
    return sorted(found)


@dataclass
class Contact:
    """A person, who may have several addresses."""

    id: int
    name: str | None
    opted_out: bool
    consent: bool | None
    # After a crisis reply: until when, and for which kind of crisis (flows/crisis.py).
    safety_until: datetime | None = None
    safety_kind: str | None = None
    # Counts the person's committed turns: a turn routed on an older reading is re-run.
    turn_version: int = 0

    def in_safety_state(self, now: datetime) -> bool:
        return self.safety_until is not None and now < self.safety_until


@dataclass
class Conversation:
    """Who owns a person's live conversation, at which step, with what gathered so far."""

    flow: str
    step: str
    data: dict[str, Any]
    updated_at: datetime
    expires_at: datetime


class Store:
    """All database access goes through here."""

    def __init__(self, db: aiosqlite.Connection, path: str):
        self.db = db
        self.path = path
        self._write_lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        # Tasks inside a deferred transaction that has not written yet (deferred_transaction).
        self._deferred: set[asyncio.Task[Any]] = set()
        self._hash_key: bytes | None = None
        self._inbox_pending: list[tuple[tuple[str | None, ...], asyncio.Future[int | None]]] = []
        self._inbox_flusher: asyncio.Task[None] | None = None
        self.migrated_from: int | None = None  # schema version found when opened
        self.upgrade_backup: Path | None = None  # the backup made before migrating
        # Called with (event, label): ("inbox", channel), ("duplicate", channel), ("alert",
        # kind). bot/metrics.py counts them; no listeners, no cost.
        self.listeners: list[Callable[[str, str], None]] = []

    # ---- lifecycle ----

    @classmethod
    async def open(cls, path: str | Path, *, upto: int | None = None) -> Store:
        """Open (creating folders and file) and migrate to the newest version (or `upto`)."""
        path = str(path)
        if path != ":memory:":
            _private_file(Path(path))
        db = await aiosqlite.connect(path, isolation_level=None)
        db.row_factory = aiosqlite.Row
        # Deleted rows are overwritten with zeros, not left readable in free pages.
        await db.execute("PRAGMA secure_delete=ON")
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA busy_timeout=5000")
        await db.execute("PRAGMA foreign_keys=ON")
        await db.execute("PRAGMA synchronous=NORMAL")
        store = cls(db, path)
        try:
            await store._upgrade(upto)
        except BaseException:
            await db.close()
            raise
        return store

    async def _upgrade(self, upto: int | None) -> None:
        """Refuse a database from a newer version; back up an older one, then migrate."""
        current = await self.version()
        newest = migrations()[-1][0]
        if current > newest:
            raise SchemaTooNew(self.path, current, newest)
        target = newest if upto is None else upto
        if 0 < current < target and self.path != ":memory:":
            from bot.backup import timestamp, write_backup

            out = Path(self.path).parent / "backups" / (
                f"pre-upgrade-schema{current}-{timestamp()}.tar.gz")
            await asyncio.to_thread(write_backup, self.path, None, out)
            self.upgrade_backup = out
        self.migrated_from = current
        await self.migrate(upto)

    async def close(self) -> None:
        await self.db.close()

    async def checkpoint(self) -> None:
        """Copy the WAL into the database and empty it, so erased rows don't linger in
        the -wal file (after FORGET ME)."""
        async with self._write_lock:
            await self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def version(self) -> int:
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def migrate(self, upto: int | None = None) -> list[int]:
        """Apply pending migrations, each in its own transaction; returns versions applied."""
        applied = []
        current = await self.version()
        for version, _name, sql in migrations():
            if version <= current or (upto is not None and version > upto):
                continue
            # executescript commits first, so run the statements inside BEGIN ourselves.
            await self.db.executescript(
                f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version={version};\nCOMMIT;"
            )
            applied.append(version)
        return applied

    # ---- the one write path ----

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Store]:
        """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error); re-entrant within one task."""
        task = asyncio.current_task()
        await self._claim_deferred(task)
        if self._owner is task and task is not None:
            yield self
            return
        async with self._write_lock:
            self._owner = task
            try:
                await self.db.execute("BEGIN IMMEDIATE")
                try:
                    yield self
                except BaseException:
                    await self.db.execute("ROLLBACK")
                    raise
                await self.db.execute("COMMIT")
            finally:
                self._owner = None

    @asynccontextmanager
    async def deferred_transaction(self) -> AsyncIterator[Store]:
        """One transaction whose write lock is taken at its first write, not at its start.

        A turn reads the person, their conversation and the directory, and routes, without
        holding the write lock, so webhooks are stored and other turns commit meanwhile;
        its writes then commit (or roll back) together, as in `transaction`. What was read
        before the first write may have changed by then: the engine checks the person's
        turn version (`bump_turn_version`) before committing."""
        task = asyncio.current_task()
        if task is None or self._owner is task or task in self._deferred:
            yield self
            return
        self._deferred.add(task)
        try:
            try:
                yield self
            except BaseException:
                if self._owner is task:
                    await self.db.execute("ROLLBACK")
                raise
            if self._owner is task:
                await self.db.execute("COMMIT")
        finally:
            self._deferred.discard(task)
            if self._owner is task:
                self._owner = None
                self._write_lock.release()

    async def _claim_deferred(self, task: asyncio.Task[Any] | None) -> None:
        """The first write inside a deferred transaction: take the lock and BEGIN now."""
        if task is None or task not in self._deferred or self._owner is task:
            return
        await self._write_lock.acquire()
        self._owner = task
        try:
            await self.db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._owner = None
            self._write_lock.release()
            raise

    async def write(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Cursor:
        """One write statement under the write lock. Alone it commits by itself (autocommit:
        a single statement is atomic, so BEGIN/COMMIT would only add two trips to the
        database thread); inside a transaction of this task it joins that transaction.
        The only way to run a statement that changes anything: there is no unlocked
        `execute` (it once let writes slip past the lock, into another task's transaction)."""
        task = asyncio.current_task()
        await self._claim_deferred(task)
        if self._owner is task and task is not None:
            return await self.db.execute(sql, params)
        async with self._write_lock:
            self._owner = task
            try:
                return await self.db.execute(sql, params)
            finally:
                self._owner = None

    async def write_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """One statement for many rows, in one transaction, under the write lock."""
        async with self.transaction():
            await self.db.executemany(sql, rows)

    # One trip to aiosqlite's thread each: execute_fetchall runs, fetches and closes the
    # cursor in one call, where execute + fetch + close would be three (bench/inbound.py).
    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        rows = await self.db.execute_fetchall(sql, params)
        return next(iter(rows), None)  # type: ignore[arg-type]

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        return list(await self.db.execute_fetchall(sql, params))

    # ---- hashing for forget-me and do-not-contact lists ----

    async def address_hash(self, address: str) -> str:
        """Keyed one-way hash of an address (key generated once per database)."""
        if self._hash_key is None:
            row = await self.fetchone("SELECT value FROM meta WHERE key='hash_key'")
            if row is None:
                key = secrets.token_hex(32)
                async with self.transaction():
                    await self.write(
                        "INSERT OR IGNORE INTO meta(key, value) VALUES ('hash_key', ?)", (key,))
                row = await self.fetchone("SELECT value FROM meta WHERE key='hash_key'")
            assert row is not None
            self._hash_key = bytes.fromhex(row[0])
        return hmac.new(self._hash_key, address.encode(), hashlib.sha256).hexdigest()

    async def is_forgotten(self, address: str) -> bool:
        digest = await self.address_hash(address)
        return await self.fetchone("SELECT 1 FROM forgotten WHERE hash=?", (digest,)) is not None

    # ---- contacts ----

    async def contact_for(self, address: Address | str) -> Contact:
        """The person at this address, created on first contact."""
        key = str(address)
        row = await self._contact_row(key)
        if row is None:
            try:
                async with self.transaction():
                    now = iso(utcnow())
                    row = await self.fetchone(
                        "INSERT INTO contacts(created_at) VALUES (?) RETURNING *", (now,))
                    assert row is not None
                    added = await self.write(
                        "INSERT OR IGNORE INTO addresses(address, contact_id, channel,"
                        " created_at) VALUES (?, ?, ?, ?)", (key, row["id"], key.split(":")[0], now))
                    if added.rowcount != 1:
                        raise _AddressTaken  # by another process meanwhile: undo ours
            except _AddressTaken:
                row = await self._contact_row(key)
        assert row is not None
        return _contact(row)

    async def find_contact(self, address: Address | str) -> Contact | None:
        row = await self._contact_row(str(address))
        return _contact(row) if row else None

    async def get_contact(self, contact_id: int) -> Contact | None:
        row = await self.fetchone("SELECT * FROM contacts WHERE id=?", (contact_id,))
        return _contact(row) if row else None

    async def _contact_row(self, address: str) -> aiosqlite.Row | None:
        return await self.fetchone(
            "SELECT c.* FROM contacts c JOIN addresses a ON a.contact_id = c.id"
            " WHERE a.address=?", (address,))

    async def addresses_of(self, contact_id: int) -> list[str]:
        rows = await self.fetchall(
            "SELECT address FROM addresses WHERE contact_id=? ORDER BY created_at", (contact_id,))
        return [row[0] for row in rows]

    async def link_address(self, address: Address | str, contact_id: int) -> None:
        """Move an address to another person (one person, several channels), merging the
        person it leaves: opted out if either was; the target's live conversation wins;
        name and consent filled from the other if the target has none; other features'
        rows (FORGET_TABLES) follow unless the target already has one. A person left
        with no address is removed."""
        key = str(address)
        async with self.transaction():
            row = await self._contact_row(key)
            now = iso(utcnow())
            if row is None:
                await self.write(
                    "INSERT INTO addresses(address, contact_id, channel, created_at)"
                    " VALUES (?, ?, ?, ?)", (key, contact_id, key.split(":")[0], now))
                return
            old = row["id"]
            if old == contact_id:
                return
            await self.write("UPDATE addresses SET contact_id=? WHERE address=?",
                               (contact_id, key))
            await self.write(
                "UPDATE contacts SET opted_out=1, opted_out_at=COALESCE(opted_out_at, ?)"
                " WHERE id=? AND opted_out=0 AND ?", (now, contact_id, int(row["opted_out"])))
            await self.write(
                "UPDATE contacts SET name=COALESCE(name, ?),"
                " consent=COALESCE(consent, ?), consent_at=COALESCE(consent_at, ?) WHERE id=?",
                (row["name"], row["consent"], row["consent_at"], contact_id))
            for table, column in FORGET_TABLES:
                # OR IGNORE: where the target already has a row (e.g. a conversation), it wins.
                await self.write(f"UPDATE OR IGNORE {table} SET {column}=? WHERE {column}=?",
                                   (contact_id, old))
            await self.write("UPDATE outbox SET contact_id=? WHERE contact_id=?",
                               (contact_id, old))
            await self.write("UPDATE staff_alerts SET contact_id=? WHERE contact_id=?",
                               (contact_id, old))
            if not await self.addresses_of(old):
                await self.write("DELETE FROM contacts WHERE id=?", (old,))

    async def set_opted_out(self, contact_id: int, opted_out: bool) -> None:
        await self.write(
            "UPDATE contacts SET opted_out=?, opted_out_at=? WHERE id=?",
            (int(opted_out), iso(utcnow()) if opted_out else None, contact_id))

    async def set_safety_state(self, contact_id: int, kind: str, until: datetime) -> None:
        """Hold back listings, invitations and reminders from this person until `until`."""
        await self.write("UPDATE contacts SET safety_until=?, safety_kind=? WHERE id=?",
                         (iso(until), kind, contact_id))

    async def safety_hold(self, contact_id: int, now: datetime) -> tuple[datetime, str] | None:
        """(until, kind) while this person is in the safety state after a crisis, else None."""
        row = await self.fetchone(
            "SELECT safety_until, safety_kind FROM contacts WHERE id=? AND safety_until > ?",
            (contact_id, iso(now)))
        return (parse_iso(row["safety_until"]), row["safety_kind"] or "") if row else None

    async def clear_safety_state(self, contact_id: int) -> None:
        """End the safety state early: staff have been in touch and judge it is over."""
        await self.write("UPDATE contacts SET safety_until=NULL, safety_kind=NULL WHERE id=?",
                         (contact_id,))

    async def set_name(self, contact_id: int, name: str | None) -> None:
        await self.write("UPDATE contacts SET name=? WHERE id=?", (name, contact_id))

    async def set_consent(self, contact_id: int, consent: bool) -> None:
        await self.write(
            "UPDATE contacts SET consent=?, consent_at=? WHERE id=?",
            (int(consent), iso(utcnow()), contact_id))

    # ---- conversations ----

    async def load_turn(self, contact_id: int,
                        now: datetime) -> tuple[Contact, Conversation | None] | None:
        """The person and their live conversation in one read (None if the person is
        gone); an expired conversation is removed."""
        row = await self.fetchone(
            # Aliased: a contacts column of the same name must never shadow these.
            "SELECT c.*, v.flow AS v_flow, v.step AS v_step, v.data AS v_data,"
            " v.updated_at AS v_updated_at, v.expires_at AS v_expires_at"
            " FROM contacts c LEFT JOIN conversations v ON v.contact_id = c.id WHERE c.id=?",
            (contact_id,))
        if row is None:
            return None
        if row["v_flow"] is None:
            return _contact(row), None
        conversation = Conversation(row["v_flow"], row["v_step"], json.loads(row["v_data"]),
                                    parse_iso(row["v_updated_at"]), parse_iso(row["v_expires_at"]))
        if conversation.expires_at <= now:
            await self.write("DELETE FROM conversations WHERE contact_id=?", (contact_id,))
            return _contact(row), None
        return _contact(row), conversation

    async def bump_turn_version(self, contact_id: int, read: int) -> bool:
        """Count a committed turn, if the person is still as read at `read` (False if
        another turn for them committed meanwhile, e.g. on another instance)."""
        cursor = await self.write(
            "UPDATE contacts SET turn_version = turn_version + 1 WHERE id=? AND turn_version=?",
            (contact_id, read))
        return cursor.rowcount == 1

    async def load_conversation(self, contact_id: int, now: datetime) -> Conversation | None:
        """The live conversation, or None (an expired one is removed)."""
        loaded = await self.load_turn(contact_id, now)
        return loaded[1] if loaded else None

    async def save_conversation(self, contact_id: int, flow: str, step: str,
                                data: dict[str, Any], now: datetime, expiry: timedelta) -> None:
        await self.write(
            "INSERT INTO conversations(contact_id, flow, step, data, updated_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(contact_id) DO UPDATE SET"
            " flow=excluded.flow, step=excluded.step, data=excluded.data,"
            " updated_at=excluded.updated_at, expires_at=excluded.expires_at",
            (contact_id, flow, step, json.dumps(data), iso(now), iso(now + expiry)))

    async def end_conversation(self, contact_id: int) -> None:
        await self.write("DELETE FROM conversations WHERE contact_id=?", (contact_id,))

    # ---- inbox ----

    async def inbox_insert(self, channel: str, external_id: str, sender: str, text: str,
                           received_at: datetime, event: Event | None = None) -> int | None:
        """Store an inbound message (and its channel event, if any); None if this
        (channel, external_id) was seen before.

        Messages arriving together are committed together (group commit): a burst of
        webhooks costs one trip to the database thread per batch, not one or more each,
        and each caller still returns only once its row is committed."""
        row = (channel, external_id, sender, text, iso(received_at),
               None if event is None else event.to_json())
        task = asyncio.current_task()
        await self._claim_deferred(task)
        if self._owner is task and task is not None:  # inside our own transaction already
            cursor = await self.db.execute(INBOX_INSERT, row)
            inbox_id = cursor.lastrowid if cursor.rowcount == 1 else None
            for listener in self.listeners:
                listener("inbox" if inbox_id is not None else "duplicate", channel)
            return inbox_id
        future: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
        self._inbox_pending.append((row, future))
        if self._inbox_flusher is None or self._inbox_flusher.done():
            self._inbox_flusher = asyncio.create_task(self._flush_inbox())
        inbox_id = await future
        for listener in self.listeners:
            listener("inbox" if inbox_id is not None else "duplicate", channel)
        return inbox_id

    async def _flush_inbox(self) -> None:
        while self._inbox_pending:
            batch = self._inbox_pending[:INBOX_BATCH]
            self._inbox_pending = self._inbox_pending[INBOX_BATCH:]
            # One multi-row INSERT ... RETURNING: a single statement is atomic and commits
            # by itself (autocommit), and it names the rows it added, so a whole batch is
            # one trip to aiosqlite's thread (bench/inbound.py).
            values = ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(batch))
            params = [value for row, _ in batch for value in row]
            try:
                async with self._write_lock:
                    added = await self.db.execute_fetchall(
                        f"{INBOX_INSERT_MANY} {values} RETURNING id, channel, external_id",
                        params)
            except Exception as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            ids = {(channel, external_id): id_ for id_, channel, external_id in added}
            for row, future in batch:
                # pop: the same message twice in one batch is stored once, the second a repeat
                if not future.done():
                    future.set_result(ids.pop((row[0], row[1]), None))

    async def inbox_mark_processed(self, inbox_id: int) -> None:
        """Processed: the body is no longer needed, so it is not kept."""
        await self.write("UPDATE inbox SET processed_at=?, text=NULL, event=NULL WHERE id=?",
                         (iso(utcnow()), inbox_id))

    async def inbox_unprocessed(self) -> list[tuple[int, Inbound]]:
        """(inbox id, message) for every message not handled yet (after a crash), in order."""
        rows = await self.fetchall(
            "SELECT * FROM inbox WHERE processed_at IS NULL ORDER BY id")
        return [(row["id"], Inbound(Address.parse(row["sender"]), row["text"] or "",
                                    row["external_id"], parse_iso(row["received_at"]),
                                    Event.from_json(row["event"]) if row["event"] else None))
                for row in rows]

    # ---- outbox ----

    async def outbox_add(self, to: Address | str, text: str, *, kind: str = "reply",
                         contact_id: int | None = None, choices: Sequence[str] = (),
                         essential: bool = False, inbox_id: int | None = None,
                         scrub_after_send: bool = False) -> int:
        now = iso(utcnow())
        cursor = await self.write(
            "INSERT INTO outbox(recipient, contact_id, text, kind, essential, scrub_after_send,"
            " choices, inbox_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (str(to), contact_id, text, kind, int(essential), int(scrub_after_send),
             json.dumps(list(choices)), inbox_id, now, now))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def outbox_get(self, outbox_id: int) -> Outbound | None:
        row = await self.fetchone("SELECT * FROM outbox WHERE id=?", (outbox_id,))
        return outbound_from_row(row) if row else None

    async def outbox_due(self, now: datetime, limit: int = 50,
                         channel: str | None = None) -> list[Outbound]:
        """Queued messages due now: urgent, then replies, then bulk; oldest first."""
        where = "state='queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
        params: list[Any] = [iso(now)]
        if channel:
            where += " AND recipient LIKE ?"
            params.append(channel + ":%")
        rows = await self.fetchall(
            f"SELECT * FROM outbox WHERE {where}"
            " ORDER BY CASE kind WHEN 'urgent' THEN 0 WHEN 'reply' THEN 1 ELSE 2 END, id LIMIT ?", (*params, limit))
        return [outbound_from_row(row) for row in rows]

    async def outbox_claim(self, outbox_id: int) -> bool:
        """Queued -> 'sending' (attempt counted), for one worker only: False if another
        worker (or process) has it, or it is no longer queued. Committed before the
        provider is called, so a crash leaves a row to look up, never one to resend blind."""
        cursor = await self.write(
            "UPDATE outbox SET state='sending', error=NULL, next_attempt_at=NULL,"
            " attempts=attempts+1, updated_at=? WHERE id=? AND state='queued'",
            (iso(utcnow()), outbox_id))
        return cursor.rowcount == 1

    async def outbox_set_state(self, outbox_id: int, state: str, *, provider_id: str | None = None,
                               error: str | None = None, next_attempt_at: datetime | None = None,
                               attempts_delta: int = 0) -> None:
        final = state in ("sent", "failed", "skipped")
        updated = await self.write(
            "UPDATE outbox SET state=?, provider_id=COALESCE(?, provider_id), error=?,"
            " next_attempt_at=?, attempts=attempts+?, updated_at=?"
            " WHERE id=? AND NOT (? AND scrub_after_send=1)",
            (state, provider_id, error, iso(next_attempt_at) if next_attempt_at else None,
             attempts_delta, iso(utcnow()), outbox_id, int(final)))
        if final and not updated.rowcount:
            # A forgotten person's last confirmation: keep no trace once it has gone.
            await self.write("DELETE FROM outbox WHERE id=? AND scrub_after_send=1", (outbox_id,))
            if self._owner is not asyncio.current_task():  # not inside our own transaction
                await self.checkpoint()

    # ---- staff alerts and audit ----

    async def add_alert(self, kind: str, detail: str = "", contact_id: int | None = None) -> int:
        cursor = await self.write(
            "INSERT INTO staff_alerts(kind, contact_id, detail, created_at) VALUES (?,?,?,?)",
            (kind, contact_id, detail, iso(utcnow())))
        assert cursor.lastrowid is not None
        for listener in self.listeners:
            listener("alert", kind)
        return cursor.lastrowid

    async def open_alerts(self) -> list[dict[str, Any]]:
        """Open staff alerts, oldest first, each a dict of its columns."""
        rows = await self.fetchall(
            "SELECT * FROM staff_alerts WHERE state='open' ORDER BY id")
        return [{key: row[key] for key in row.keys()} for row in rows]

    async def audit(self, actor: str, action: str, target: str = "", detail: str = "") -> None:
        await self.write(
            "INSERT INTO audit_log(at, actor, action, target, detail) VALUES (?,?,?,?,?)",
            (iso(utcnow()), actor, action, target, detail))

    # ---- forget me ----

    async def forget(self, contact_id: int) -> list[str]:
        """Erase a person everywhere; keep only keyed hashes of their addresses."""
        async with self.transaction():
            addresses = await self.addresses_of(contact_id)
            now = iso(utcnow())
            for address in addresses:
                digest = await self.address_hash(address)
                await self.write(
                    "INSERT OR IGNORE INTO forgotten(hash, forgotten_at) VALUES (?, ?)",
                    (digest, now))
                # Provider message ids stay, with the hashed number instead of the person,
                # so Twilio or Telegram delivering an old message again is still a repeat.
                await self.write(
                    "UPDATE inbox SET sender=?, text=NULL, event=NULL,"
                    " processed_at=COALESCE(processed_at,"
                    " ?) WHERE sender=?", (f"forgotten:{digest}", now, address))
                await self.write("DELETE FROM outbox WHERE recipient=?", (address,))
            for table, column in FORGET_TABLES:
                await self.write(f"DELETE FROM {table} WHERE {column}=?", (contact_id,))
            await self.write("UPDATE staff_alerts SET contact_id=NULL WHERE contact_id=?",
                               (contact_id,))
            await self.write("DELETE FROM contacts WHERE id=?", (contact_id,))
        return addresses


INBOX_INSERT_MANY = ("INSERT OR IGNORE INTO inbox(channel, external_id, sender, text,"
                     " received_at, event) VALUES")
INBOX_INSERT = INBOX_INSERT_MANY + " (?, ?, ?, ?, ?, ?)"
INBOX_BATCH = 500  # rows per statement: 3,000 parameters, well under SQLite's 32,766

# Tables holding a person's data by contact id, erased by FORGET ME. Features that add
# such tables append (table, contact-id column) here so forgetting stays complete.
FORGET_TABLES: list[tuple[str, str]] = [("conversations", "contact_id")]
FORGET_TABLES += [("campaign_recipients", "contact_id"), ("champion_responses", "contact_id")]
FORGET_TABLES += [("passed_on_requests", "contact_id")]
# Introductions (issue 17): FORGET ME from either side erases the whole introduction.
FORGET_TABLES += [("introductions", "resident_id"), ("introductions", "champion_id"),
                  ("introduction_settings", "contact_id"), ("wellbeing_consent", "contact_id"),
                  ("wellbeing_answers", "contact_id")]


def _private_file(path: Path) -> None:
    """The data folder 0700 (when we make it) and the database, -wal and -shm files 0600:
    patient data, readable by the bot's user only. SQLite gives -wal and -shm the
    database file's mode; existing files are tightened too."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        folder.chmod(0o700)  # mkdir's mode is reduced by the umask
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if name.exists():
            name.chmod(0o600)


class SchemaTooNew(Exception):
    """The database was written by a newer version: downgrades are refused."""

    def __init__(self, path: str, found: int, newest: int):
        super().__init__(
            f"{path} was written by a newer version of the bot (schema {found}; this "
            f"version knows up to {newest}). Downgrades are not supported: install the "
            "newer version again, or restore a backup made before the upgrade "
            "(backups/pre-upgrade-*.tar.gz beside the database) with 'python -m bot restore'.")


def check_schema(path: str | Path) -> None:
    """SchemaTooNew if the file exists and is newer than this code (checked before serving)."""
    import sqlite3

    if str(path) == ":memory:" or not Path(path).is_file():
        return
    with contextlib.closing(sqlite3.connect(path)) as db:
        found = int(db.execute("PRAGMA user_version").fetchone()[0])
    newest = migrations()[-1][0]
    if found > newest:
        raise SchemaTooNew(str(path), found, newest)


class _AddressTaken(Exception):
    """Another process gave this address to a person first (contact_for rolls back)."""


def _contact(row: aiosqlite.Row) -> Contact:
    consent = row["consent"]
    keys = row.keys()  # a database still being migrated may predate the safety columns
    until = row["safety_until"] if "safety_until" in keys else None
    return Contact(row["id"], row["name"], bool(row["opted_out"]),
                   None if consent is None else bool(consent),
                   parse_iso(until) if until else None,
                   row["safety_kind"] if "safety_kind" in keys else None,
                   row["turn_version"] if "turn_version" in keys else 0)


def outbound_from_row(row: aiosqlite.Row) -> Outbound:
    """An outbox row as an Outbound."""
    return Outbound(
        id=row["id"], to=Address.parse(row["recipient"]), text=row["text"], kind=row["kind"],
        choices=tuple(json.loads(row["choices"] or "[]")), essential=bool(row["essential"]),
        inbox_id=row["inbox_id"], attempts=row["attempts"])
