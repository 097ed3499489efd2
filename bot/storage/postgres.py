"""The PostgreSQL store: Store's interface (store.py) on an asyncpg pool.

The repositories' SQL runs unchanged: it is written for both engines, and only its `?`
placeholders become `$1..$n` here (once per statement text, cached). The write lock, task
ownership and re-entrancy are Store's: one transaction at a time in this process, on a
connection taken from the pool at BEGIN and given back at COMMIT or ROLLBACK; the task
that owns it reads through it too, so it sees its own writes. Everything else reads and
writes on any pool connection, each statement committing by itself.

The schema comes from bot/migrations_postgres (a baseline equal to SQLite's schema 25,
then one file per later version); the version is kept in the table schema_version.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import os
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import timedelta
from typing import Any

import asyncpg

from bot.storage.batch import Statement, _NotBegun, resolved
from bot.storage.store import DatabaseUnreachable, SchemaTooNew, Store, Written, migrations
from bot.storage.times import iso, utcnow
from bot.storage.urls import redacted

PACKAGE = "bot.migrations_postgres"
CONNECT_TIMEOUT = 10.0  # seconds: an unreachable server is reported, not waited on forever
POOL_SIZE = 5  # connections per instance; BOT_DATABASE_POOL_SIZE changes it
# Held while migrating, so two processes starting together migrate once.
MIGRATION_LOCK = 7_302_019


@functools.lru_cache(maxsize=1024)
def numbered(sql: str) -> str:
    """SQLite's `?` placeholders as PostgreSQL's `$1..$n`, leaving quoted text alone."""
    out: list[str] = []
    quote_char = ""
    count = 0
    for char in sql:
        if quote_char:
            if char == quote_char:
                quote_char = ""
        elif char in ("'", '"'):
            quote_char = char
        elif char == "?":
            count += 1
            out.append(f"${count}")
            continue
        out.append(char)
    return "".join(out)


def _args(params: Sequence[Any]) -> list[Any]:
    """SQLite stores True as 1; PostgreSQL's INTEGER columns want the number itself. And
    PostgreSQL text cannot hold NUL, which no message means anything by: it is dropped."""
    return [int(value) if isinstance(value, bool)
            else value.replace("\x00", "") if isinstance(value, str) and "\x00" in value
            else value for value in params]


def _rowcount(status: str) -> int:
    """'UPDATE 3', 'INSERT 0 1', 'DELETE 0': the rows the statement changed."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def job_key(job: str) -> int:
    """A periodic job's advisory lock: a signed 64-bit number from its name."""
    return int.from_bytes(hashlib.sha256(f"job:{job}".encode()).digest()[:8], "big",
                          signed=True)


class PostgresStore(Store):
    """Store on PostgreSQL: same repositories, same transactions, an asyncpg pool below."""

    shared = True  # several instances may serve one database: work is claimed

    def __init__(self, pool: asyncpg.Pool, url: str):
        super().__init__(None, redacted(url))
        self.pool = pool
        self._connection: asyncpg.Connection | None = None  # the owner's, in its transaction

    @classmethod
    async def connect(cls, url: str, *, upto: int | None = None) -> PostgresStore:
        """Connect (DatabaseUnreachable if we can't) and migrate to the newest version."""
        try:
            pool = await asyncpg.create_pool(url, min_size=1, max_size=pool_size(),
                                             timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, asyncpg.PostgresError,
                asyncpg.InterfaceError, ValueError) as exc:
            raise DatabaseUnreachable(url, _reason(exc)) from None
        store = cls(pool, url)
        try:
            await store._upgrade(upto)
        except BaseException:
            await pool.close()
            raise
        return store

    async def _upgrade(self, upto: int | None) -> None:
        """Refuse a database from a newer version; otherwise migrate (pg_dump is the backup)."""
        current = await self.version()
        newest = migrations(PACKAGE)[-1][0]
        if current > newest:
            raise SchemaTooNew(self.path, current, newest, "(your pg_dump) with pg_restore")
        self.migrated_from = current
        await self.migrate(upto)

    async def close(self) -> None:
        await self.pool.close()

    async def checkpoint(self) -> None:
        """Nothing to do: there is no -wal file of ours; autovacuum reclaims erased rows."""

    async def version(self) -> int:
        row = await self.fetchone("SELECT to_regclass('schema_version') IS NOT NULL")
        if row is None or not row[0]:
            return 0
        found = await self.fetchone("SELECT MAX(version) FROM schema_version")
        return int(found[0]) if found and found[0] is not None else 0

    async def tables(self) -> list[str]:
        rows = await self.fetchall("SELECT table_name FROM information_schema.tables"
                                   " WHERE table_schema='public' ORDER BY table_name")
        return [str(row[0]) for row in rows]

    async def migrate(self, upto: int | None = None) -> list[int]:
        """Apply pending migrations, each in its own transaction; returns versions applied."""
        applied = []
        async with self.pool.acquire() as connection, connection.transaction():
            await connection.execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            await connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = await connection.fetchval("SELECT MAX(version) FROM schema_version") or 0
            for version, _name, sql in migrations(PACKAGE):
                if version <= current or (upto is not None and version > upto):
                    continue
                async with connection.transaction():  # a savepoint: one version at a time
                    await connection.execute(sql)
                    await connection.execute("DELETE FROM schema_version")
                    await connection.execute(
                        "INSERT INTO schema_version(version) VALUES ($1)", version)
                applied.append(version)
        return applied

    @contextlib.asynccontextmanager
    async def run_once(self, job: str, gap: float) -> AsyncIterator[bool]:
        """True for one instance per tick: it holds the job's advisory lock (so no two run
        it at once) and no instance ran it in the last `gap` seconds (so instances whose
        ticks fall close together run it once). The lock is a session lock on a connection
        of its own, held until the job is done; a killed instance's lock goes with it."""
        async with self.pool.acquire() as connection:
            key = job_key(job)
            if not await connection.fetchval("SELECT pg_try_advisory_lock($1)", key):
                yield False
                return
            try:
                now = utcnow()
                ran = await connection.execute(
                    "INSERT INTO job_runs(name, ran_at) VALUES ($1, $2) ON CONFLICT (name)"
                    " DO UPDATE SET ran_at=excluded.ran_at WHERE job_runs.ran_at <= $3",
                    job, iso(now), iso(now - timedelta(seconds=gap)))
                yield _rowcount(ran) == 1
            finally:
                await connection.execute("SELECT pg_advisory_unlock($1)", key)

    # ---- the engine's primitives ----

    def _mine(self) -> asyncpg.Connection | None:
        """The transaction's connection, if this task owns it."""
        if self._connection is not None and self._owner is asyncio.current_task():
            return self._connection
        return None

    async def _execute(self, sql: str, params: Sequence[Any]) -> Written:
        target = self._mine() or self.pool
        return Written(_rowcount(await target.execute(numbered(sql), *_args(params))))

    async def _fetch(self, sql: str, params: Sequence[Any]) -> list[Any]:
        target = self._mine() or self.pool
        return list(await target.fetch(numbered(sql), *_args(params)))

    async def _execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        target = self._mine() or self.pool
        await target.executemany(numbered(sql), [_args(row) for row in rows])

    batch_in_one_trip = False  # asyncpg: one round trip a statement

    async def _run_batch(self, statements: Sequence[Statement], begin: bool,
                         end: bool) -> tuple[list[Any], int | None]:
        """Store._run_batch, one statement after another on the transaction's connection."""
        if begin:
            try:
                await self._begin()
            except BaseException as exc:
                raise _NotBegun from exc
        results: list[Any] = []
        try:
            for index, statement in enumerate(statements):
                params = resolved(statement.params, results)
                if statement.returning:
                    result: Any = await self._fetch(statement.sql, params)
                    changed = len(result)
                else:
                    result = await self._execute(statement.sql, params)
                    changed = result.rowcount
                if statement.must_change and changed < 1:
                    if end:
                        await self._rollback()
                    return results, index
                results.append(result)
            if end:
                await self._commit()
        except BaseException:
            if end and self._connection is not None:
                await self._rollback()
            raise
        return results, None

    async def _begin(self) -> None:
        connection = await self.pool.acquire()
        try:
            await connection.execute("BEGIN")
        except BaseException:
            await self.pool.release(connection)
            raise
        self._connection = connection

    async def _commit(self) -> None:
        await self._end("COMMIT")

    async def _rollback(self) -> None:
        await self._end("ROLLBACK")

    async def _end(self, statement: str) -> None:
        connection, self._connection = self._connection, None
        assert connection is not None
        try:
            await connection.execute(statement)
        finally:
            await self.pool.release(connection)


def pool_size() -> int:
    """Connections each instance may hold (BOT_DATABASE_POOL_SIZE, default POOL_SIZE)."""
    value = os.environ.get("BOT_DATABASE_POOL_SIZE", "")
    return max(2, int(value)) if value.isdigit() else POOL_SIZE


async def check_server(database: str) -> None:
    """Before serving: DatabaseUnreachable or SchemaTooNew now, said plainly, rather than
    from inside the web server's start."""
    store = await PostgresStore.connect(database, upto=0)  # reads the version, migrates nothing
    await store.close()


# ---- databases as a whole: for the tests on PostgreSQL (bot/testing_postgres.py) ----

async def create_database(server: str, name: str, template: str | None = None) -> None:
    """CREATE DATABASE name (a copy of template), through the server's URL."""
    copy = f' TEMPLATE "{template}"' if template else ""
    await _admin(server, [f'CREATE DATABASE "{name}"{copy}'])


async def drop_databases(server: str, names: Sequence[str]) -> None:
    """DROP DATABASE each, closing any connection a test left open (FORCE)."""
    await _admin(server, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in names])


async def _admin(server: str, statements: Sequence[str]) -> None:
    # CREATE and DROP DATABASE run outside a transaction, so on a connection of their own.
    connection = await asyncpg.connect(server, timeout=CONNECT_TIMEOUT)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def _reason(exc: BaseException) -> str:
    """Why connecting failed, in a line (asyncpg's messages never contain the password)."""
    if isinstance(exc, TimeoutError):
        return f"no answer within {CONNECT_TIMEOUT:.0f} seconds"
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
