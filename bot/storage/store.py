"""The store: one write path and versioned migrations, on SQLite (this file: one
aiosqlite connection) or PostgreSQL (postgres.py: the same interface on an asyncpg pool).

Every write happens inside `store.transaction()`, which holds one asyncio lock (SQLite
has one writer anyway) and is re-entrant within a task, so a conversation turn can wrap
all its writes - state, replies, inbox flag - in a single commit.

The queries live in the repositories beside this file; the core ones are reached from
the store (`store.contacts`, `store.conversations`, `store.inbox`, `store.outbox`,
`store.alerts`, `store.audit`), made once per store. Their SQL is written to run on both
engines (`?` placeholders, ON CONFLICT DO NOTHING, RETURNING id).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import os
import secrets
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import aiosqlite

from bot.storage.alerts import AlertsRepository, AuditRepository
from bot.storage.batch import Statement, Unchanged, _NotBegun, _shifted, resolved
from bot.storage.contacts import ContactsRepository
from bot.storage.conversations import ConversationsRepository
from bot.storage.inbox import InboxRepository
from bot.storage.outbox import OutboxRepository
from bot.storage.urls import is_postgres, redacted

# A SQLite migration starting with this line runs with foreign keys off (a table rebuild).
FOREIGN_KEYS_OFF = "-- foreign_keys: off"


def migrations(package: str = "bot.migrations") -> list[tuple[int, str, str]]:
    """(version, name, sql) for every file in bot/migrations (SQLite), or in
    bot/migrations_postgres, in order."""
    found = []
    for item in resources.files(package).iterdir():
        name = item.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, item.read_text(encoding="utf-8")))
    return sorted(found)


class Written(NamedTuple):
    """What a write statement did: how many rows it changed."""

    rowcount: int


class Store:
    """The connection and its one write path: every repository's query runs through it.

    The lock, task ownership and re-entrancy live here; the engine is reached only through
    `_execute`, `_fetch`, `_execute_many`, `_begin`, `_commit` and `_rollback`, which
    PostgresStore (postgres.py) replaces."""

    def __init__(self, db: aiosqlite.Connection | None, path: str):
        self.db = db
        self.path = path
        self._write_lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        # Tasks inside a deferred transaction that has not written yet (deferred_transaction).
        self._deferred: set[asyncio.Task[Any]] = set()
        # Their writes held until the transaction's first trip (`write_later`).
        self._later: dict[asyncio.Task[Any], list[Statement]] = {}
        # The owner's transaction was committed or rolled back by a batch (`batch(end=...)`).
        self._ended = False
        self._hash_key: bytes | None = None
        self.migrated_from: int | None = None  # schema version found when opened
        self.upgrade_backup: Path | None = None  # the backup made before migrating
        # Called with (event, label): ("inbox", channel), ("duplicate", channel), ("alert",
        # kind). bot/metrics.py counts them; no listeners, no cost.
        self.listeners: list[Callable[[str, str], None]] = []
        # This process's name in the claims it takes (inbox leases, outbox rows).
        self.instance = secrets.token_hex(8)

    # Whether other processes may work on this database at once, so work is claimed with
    # leases (PostgreSQL); SQLite is one process, as before.
    shared = False

    # ---- the repositories, one each per store (the inbox's holds its batch) ----

    @cached_property
    def contacts(self) -> ContactsRepository:
        return ContactsRepository(self)

    @cached_property
    def conversations(self) -> ConversationsRepository:
        return ConversationsRepository(self)

    @cached_property
    def inbox(self) -> InboxRepository:
        return InboxRepository(self)

    @cached_property
    def outbox(self) -> OutboxRepository:
        return OutboxRepository(self)

    @cached_property
    def alerts(self) -> AlertsRepository:
        return AlertsRepository(self)

    @cached_property
    def audit(self) -> AuditRepository:
        return AuditRepository(self)

    # ---- lifecycle ----

    @classmethod
    async def open(cls, path: str | Path, *, upto: int | None = None) -> Store:
        """Open (creating folders and file) and migrate to the newest version (or `upto`).
        A postgresql:// URL opens a PostgresStore instead (postgres.py)."""
        if is_postgres(path):
            from bot.storage.postgres import PostgresStore

            return await PostgresStore.connect(str(path), upto=upto)
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

    @property
    def _sqlite(self) -> aiosqlite.Connection:
        """The SQLite connection (None only on PostgresStore, which overrides its users)."""
        assert self.db is not None
        return self.db

    async def close(self) -> None:
        await self._sqlite.close()

    async def checkpoint(self) -> None:
        """Copy the WAL into the database and empty it, so erased rows don't linger in
        the -wal file (after FORGET ME)."""
        async with self._write_lock:
            await self._sqlite.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def version(self) -> int:
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def tables(self) -> list[str]:
        """Every table of ours, by name (tests look for personal data left in any)."""
        rows = await self.fetchall("SELECT name FROM sqlite_master WHERE type='table'"
                                   " AND name NOT LIKE 'sqlite_%' ORDER BY name")
        return [str(row[0]) for row in rows]

    @asynccontextmanager
    async def run_once(self, job: str, gap: float) -> AsyncIterator[bool]:
        """Around one tick of a periodic job: True if this process is to run it. One
        process per SQLite database, so always; PostgresStore decides across instances."""
        yield True

    # ---- the engine's primitives (PostgresStore replaces these) ----

    async def _execute(self, sql: str, params: Sequence[Any]) -> Written:
        cursor = await self._sqlite.execute(sql, params)
        return Written(cursor.rowcount)

    async def _fetch(self, sql: str, params: Sequence[Any]) -> list[Any]:
        # One trip to aiosqlite's thread: execute_fetchall runs, fetches and closes the
        # cursor in one call, where execute + fetch + close would be three (bench/inbound.py).
        return list(await self._sqlite.execute_fetchall(sql, params))

    async def _execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self._sqlite.executemany(sql, rows)

    async def _begin(self) -> None:
        await self._sqlite.execute("BEGIN IMMEDIATE")

    async def _commit(self) -> None:
        await self._sqlite.execute("COMMIT")

    async def _rollback(self) -> None:
        await self._sqlite.execute("ROLLBACK")

    # A batch is one trip to aiosqlite's thread, BEGIN and COMMIT included; on PostgreSQL
    # (postgres.py) one round trip a statement, as before.
    batch_in_one_trip = True

    async def _run_batch(self, statements: Sequence[Statement], begin: bool,
                         end: bool) -> tuple[list[Any], int | None]:
        """Run the statements in aiosqlite's thread in one trip (BEGIN IMMEDIATE first if
        `begin`; COMMIT after if `end`, or ROLLBACK if one fails or changes nothing);
        (results, index of the `must_change` statement that changed nothing, or None).

        aiosqlite has no public call for running several statements with parameters in
        one trip, so this queues a function on its thread with `Connection._execute`, the
        call its own execute uses (aiosqlite is pinned in requirements.lock;
        tests/test_store.py fails if the call goes away)."""
        db = self._sqlite

        def run() -> tuple[list[Any], int | None]:
            connection = db._conn
            if begin:
                try:
                    connection.execute("BEGIN IMMEDIATE")
                except BaseException as exc:
                    raise _NotBegun from exc
            results: list[Any] = []
            try:
                for index, statement in enumerate(statements):
                    cursor = connection.execute(statement.sql,
                                                resolved(statement.params, results))
                    try:
                        if statement.returning:
                            result: Any = cursor.fetchall()
                            changed = len(result)
                        else:
                            result = Written(cursor.rowcount)
                            changed = cursor.rowcount
                    finally:
                        cursor.close()
                    if statement.must_change and changed < 1:
                        if end:
                            connection.execute("ROLLBACK")
                        return results, index
                    results.append(result)
                if end:
                    connection.execute("COMMIT")
            except BaseException:
                if end and connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
            return results, None

        return await db._execute(run)

    async def migrate(self, upto: int | None = None) -> list[int]:
        """Apply pending migrations, each in its own transaction; returns versions applied."""
        applied = []
        current = await self.version()
        for version, _name, sql in migrations():
            if version <= current or (upto is not None and version > upto):
                continue
            if sql.startswith(FOREIGN_KEYS_OFF):
                await self._migrate_rebuilding(version, sql)
            else:
                # executescript commits first, so run the statements inside BEGIN ourselves.
                await self._sqlite.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version={version};\nCOMMIT;"
                )
            applied.append(version)
        return applied

    async def _migrate_rebuilding(self, version: int, sql: str) -> None:
        """A migration that rebuilds a table others refer to: foreign keys off around it
        (PRAGMA foreign_keys is a no-op inside a transaction), checked before the commit,
        so dropping the old table deletes nothing that refers to it."""
        db = self._sqlite
        await db.execute("PRAGMA foreign_keys=OFF")
        try:
            await db.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version={version};")
            broken = await db.execute_fetchall("PRAGMA foreign_key_check")
            if broken:
                raise sqlite3.IntegrityError(
                    f"migration {version} would leave {len(list(broken))} rows whose"
                    " foreign key points nowhere")
            await db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                await db.execute("ROLLBACK")
            raise
        finally:
            await db.execute("PRAGMA foreign_keys=ON")

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
            self._ended = False
            try:
                await self._begin()
                try:
                    yield self
                except BaseException:
                    if not self._ended:
                        await self._rollback()
                    raise
                if not self._ended:
                    await self._commit()
            finally:
                self._owner = None
                self._ended = False

    @asynccontextmanager
    async def deferred_transaction(self) -> AsyncIterator[Store]:
        """One transaction whose write lock is taken at its first write, not at its start.

        A turn reads the person, their conversation and the directory, and routes, without
        holding the write lock, so webhooks are stored and other turns commit meanwhile;
        its writes then commit (or roll back) together, as in `transaction`. What was read
        before the first write may have changed by then: the engine checks the person's
        turn version (`ConversationsRepository.bump_statement`) as it commits."""
        task = asyncio.current_task()
        if task is None or self._owner is task or task in self._deferred:
            yield self
            return
        self._deferred.add(task)
        try:
            try:
                yield self
            except BaseException:
                if self._owner is task and not self._ended:
                    await self._rollback()
                raise
            if self._owner is task:
                if not self._ended:
                    await self._commit()
            elif self._later.get(task):  # only held writes: BEGIN, them, COMMIT, one trip
                await self.batch([], end=True)
        finally:
            self._deferred.discard(task)
            self._later.pop(task, None)
            if self._owner is task:
                self._owner = None
                self._ended = False
                self._write_lock.release()

    async def _claim_deferred(self, task: asyncio.Task[Any] | None) -> None:
        """The first write inside a deferred transaction: take the lock and BEGIN now
        (with the writes held by `write_later`, in the same trip)."""
        if task is None or task not in self._deferred or self._owner is task:
            return
        await self._own_deferred(task, [], end=False)

    async def _own_deferred(self, task: asyncio.Task[Any], statements: Sequence[Statement],
                            end: bool) -> list[Any]:
        """A deferred transaction's first trip: take the write lock, then BEGIN, the writes
        held by `write_later` and `statements` in one batch (COMMIT too if `end`); the
        results of `statements` only. If BEGIN fails there is no transaction: the lock is
        given back."""
        await self._write_lock.acquire()
        self._owner = task
        self._ended = False
        held = self._later.pop(task, [])
        try:
            results = await self._batch_owned([*held, *_shifted(statements, len(held))],
                                              begin=True, end=end)
        except _NotBegun as exc:
            self._owner = None
            self._write_lock.release()
            raise exc.__cause__ from None  # type: ignore[misc]
        except Unchanged as exc:
            exc.index -= len(held)
            exc.results = exc.results[len(held):]
            raise
        return results[len(held):]

    async def _batch_owned(self, statements: Sequence[Statement], begin: bool,
                           end: bool) -> list[Any]:
        """The owner's batch; Unchanged if a `must_change` statement changed nothing."""
        try:
            results, stopped = await self._run_batch(statements, begin, end)
        except _NotBegun:
            raise
        except BaseException:
            if end:
                self._ended = True
            raise
        if end:
            self._ended = True
        if stopped is not None:
            raise Unchanged(stopped, results)
        return results

    async def batch(self, statements: Sequence[Statement], *, end: bool = False) -> list[Any]:
        """Several statements in order, in one trip where the engine allows (SQLite: one
        call into aiosqlite's thread; PostgreSQL: one round trip each), each one's result
        in a list (rows for `returning`, else a Written).

        Inside this task's transaction they join it (in a deferred one that has not
        written yet, its BEGIN and held writes go in the same trip); `end=True` also ends
        the transaction there, COMMIT in the same trip: only as its last statements.
        Alone they run in a transaction of their own. If a `must_change` statement
        changes nothing, the rest are not run and Unchanged is raised; a transaction of
        their own or one they end is rolled back first (in the same trip), another is
        left for its owner to roll back, as on any error."""
        task = asyncio.current_task()
        if task is not None and task in self._deferred and self._owner is not task:
            return await self._own_deferred(task, statements, end=end)
        if self._owner is task and task is not None:
            return await self._batch_owned(statements, begin=False, end=end)
        async with self._write_lock:
            self._owner = task
            self._ended = False
            try:
                return await self._batch_owned(statements, begin=True, end=True)
            except _NotBegun as exc:
                raise exc.__cause__ from None  # type: ignore[misc]
            finally:
                self._owner = None
                self._ended = False

    async def write_later(self, sql: str, params: Sequence[Any] = ()) -> None:
        """A write whose outcome nobody reads: inside a deferred transaction that has not
        written yet, held and run with its first write or its COMMIT, in the same trip
        (so a counter bumped while routing costs no trip of its own); otherwise as
        `write`. It is part of the transaction either way: a rollback undoes it."""
        task = asyncio.current_task()
        if task is not None and task in self._deferred and self._owner is not task:
            self._later.setdefault(task, []).append(Statement(sql, params))
            return
        await self.write(sql, params)

    async def write(self, sql: str, params: Sequence[Any] = ()) -> Written:
        """One write statement under the write lock. Alone it commits by itself (autocommit:
        a single statement is atomic, so BEGIN/COMMIT would only add two trips to the
        database thread); inside a transaction of this task it joins that transaction.
        The only way to run a statement that changes anything: there is no unlocked
        `execute` (it once let writes slip past the lock, into another task's transaction)."""
        task = asyncio.current_task()
        await self._claim_deferred(task)
        if self._owner is task and task is not None:
            return await self._execute(sql, params)
        async with self._write_lock:
            self._owner = task
            try:
                return await self._execute(sql, params)
            finally:
                self._owner = None

    async def write_returning(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """As `write`, for a statement with RETURNING: the rows it names."""
        task = asyncio.current_task()
        await self._claim_deferred(task)
        if self._owner is task and task is not None:
            return await self._fetch(sql, params)
        async with self._write_lock:
            self._owner = task
            try:
                return await self._fetch(sql, params)
            finally:
                self._owner = None

    async def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """As `write`, for an INSERT of one row ending RETURNING id: that id."""
        [row] = await self.write_returning(sql, params)
        return int(row[0])

    async def in_write_transaction(self) -> bool:
        """Whether this task holds the write lock in its own transaction (in a deferred
        one, this counts as its first write: the lock is taken now)."""
        task = asyncio.current_task()
        await self._claim_deferred(task)
        return self._owner is task and task is not None

    async def write_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """One statement for many rows, in one transaction, under the write lock."""
        async with self.transaction():
            await self._execute_many(sql, rows)

    # Rows are aiosqlite.Row or asyncpg.Record: both read by index and by column name.
    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any | None:
        return next(iter(await self._fetch(sql, params)), None)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return await self._fetch(sql, params)

    # ---- the address hashing key, for forget-me and do-not-contact lists ----

    async def address_hash(self, address: str) -> str:
        """Keyed one-way hash of an address (key generated once per database)."""
        if self._hash_key is None:
            row = await self.fetchone("SELECT value FROM meta WHERE key='hash_key'")
            if row is None:
                key = secrets.token_hex(32)
                async with self.transaction():
                    await self.write(
                        "INSERT INTO meta(key, value) VALUES ('hash_key', ?) ON CONFLICT DO NOTHING",
                        (key,))
                row = await self.fetchone("SELECT value FROM meta WHERE key='hash_key'")
            assert row is not None
            self._hash_key = bytes.fromhex(row[0])
        return hmac.new(self._hash_key, address.encode(), hashlib.sha256).hexdigest()


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


class DatabaseUnreachable(Exception):
    """The PostgreSQL server could not be reached or refused us (said without the password;
    here, not in postgres.py, so catching it never needs the driver)."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"cannot connect to {redacted(url)}: {reason}")


class SchemaTooNew(Exception):
    """The database was written by a newer version: downgrades are refused."""

    SQLITE_BACKUP = ("(backups/pre-upgrade-*.tar.gz beside the database) with "
                     "'python -m bot restore'")

    def __init__(self, path: str, found: int, newest: int, backup: str = SQLITE_BACKUP):
        super().__init__(
            f"{path} was written by a newer version of the bot (schema {found}; this "
            f"version knows up to {newest}). Downgrades are not supported: install the "
            f"newer version again, or restore a backup made before the upgrade {backup}.")


def check_schema(path: str | Path) -> None:
    """SchemaTooNew if the file exists and is newer than this code (checked before serving)."""
    import sqlite3

    if str(path) == ":memory:" or is_postgres(path) or not Path(path).is_file():
        return
    with contextlib.closing(sqlite3.connect(path)) as db:
        found = int(db.execute("PRAGMA user_version").fetchone()[0])
    newest = migrations()[-1][0]
    if found > newest:
        raise SchemaTooNew(str(path), found, newest)
