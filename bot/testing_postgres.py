"""The tests on PostgreSQL: with BOT_TEST_DATABASE_URL=postgresql://... set, every database
a test opens by path (the harness's tmp_path/bot.db, a Store.open in a test, a command's
--db) is instead a fresh, empty PostgreSQL database of its own, made from a migrated
template and dropped when the test ends. Reopening the same path reopens the same database
(a restart). bot/testing.py switches this on; tests marked sqlite_only are skipped.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from bot.storage import Store
from bot.storage.postgres import PostgresStore, create_database, drop_databases
from bot.storage.urls import is_postgres

ENV = "BOT_TEST_DATABASE_URL"
T = TypeVar("T")
_counter = itertools.count()
_template: list[str] = []  # this process's migrated template, made on first use


def database_url(server: str, name: str) -> str:
    """The server's URL with this database name."""
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


@asynccontextmanager
async def scratch_database(server: str, label: str) -> AsyncIterator[str]:
    """A fresh, empty database on the server for one test, as its URL; dropped after (a
    left-over one from a killed run is dropped first)."""
    name = f"bot_test_{label}_{os.getpid()}"
    await drop_databases(server, [name])
    await create_database(server, name)
    try:
        yield database_url(server, name)
    finally:
        await drop_databases(server, [name])


def run_aside(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to the end on its own loop in another thread, whatever loop (or none)
    this thread has: fixture teardown and atexit use it."""
    async def main() -> T:
        return await make()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


class TestDatabases:
    """The PostgreSQL databases one test made, by the path it asked for."""

    def __init__(self, server: str):
        self.server = server
        self.prefix = f"bot_test_{os.getpid()}"
        self.by_path: dict[str, str] = {}
        self.made: list[str] = []
        self._lock = asyncio.Lock()  # two stores opened at once make one database, one template

    def patch(self, original: Callable[..., Awaitable[Store]]) -> Any:
        """A replacement for Store.open that opens our databases instead of files."""
        async def open_(cls: type[Store], path: str | Path, *, upto: int | None = None) -> Store:
            if is_postgres(path):
                return await original(path, upto=upto)
            url = await self.database_for(str(path))
            return await PostgresStore.connect(url, upto=upto)

        return classmethod(open_)

    async def database_for(self, path: str) -> str:
        key = path if path == ":memory:" else str(Path(path).resolve())
        async with self._lock:
            if key == ":memory:" or key not in self.by_path:
                name = f"{self.prefix}_{next(_counter)}"
                await create_database(self.server, name, await self._template())
                self.made.append(name)
                self.by_path[key] = name
            return database_url(self.server, self.by_path[key])

    async def _template(self) -> str:
        if not _template:
            name = f"{self.prefix}_template"
            await drop_databases(self.server, [name])  # left by a run that was killed
            await create_database(self.server, name)
            store = await PostgresStore.connect(database_url(self.server, name))
            await store.close()
            _template.append(name)
        return _template[0]

    def drop_all(self) -> None:
        if self.made:
            run_aside(lambda: drop_databases(self.server, self.made))


def drop_template(server: str) -> None:
    """At the end of the session: this process's template goes too."""
    if _template:
        run_aside(lambda: drop_databases(server, _template))
