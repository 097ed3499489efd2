"""Per-statement cost: aiosqlite as bot/storage/store.py calls it vs SQLAlchemy Core 2 async
on the same aiosqlite driver (docs/architecture.md, "Storage", says why it matters).

SQLAlchemy is not a dependency of the bot, so run this in a scratch environment:
    python3 -m venv /tmp/sa && /tmp/sa/bin/pip install "sqlalchemy[asyncio]>=2" aiosqlite
    /tmp/sa/bin/python bench/storage_toolkit.py
Prints the median per-statement time of N point reads and N single-row autocommit updates
over 5 runs, for each, and the ratio.
"""
import asyncio
import os
import sqlite3
import statistics
import tempfile
import time

import aiosqlite
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

N = 2000


async def raw(path: str) -> tuple[float, float]:
    db = await aiosqlite.connect(path, isolation_level=None)
    await db.execute("PRAGMA journal_mode=WAL")
    await db.execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    for i in range(N):
        await db.execute_fetchall("SELECT v FROM t WHERE id=?", (i % 100 + 1,))
    read = (time.perf_counter() - started) / N
    started = time.perf_counter()
    for i in range(N):
        await db.execute("UPDATE t SET v=v+1 WHERE id=?", (i % 100 + 1,))
    write = (time.perf_counter() - started) / N
    await db.close()
    return read, write


async def core(path: str) -> tuple[float, float]:
    engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
    query = text("SELECT v FROM t WHERE id=:id")
    update = text("UPDATE t SET v=v+1 WHERE id=:id")
    started = time.perf_counter()
    async with engine.connect() as conn:
        for i in range(N):
            (await conn.execute(query, {"id": i % 100 + 1})).fetchall()
    read = (time.perf_counter() - started) / N
    auto = engine.execution_options(isolation_level="AUTOCOMMIT")
    started = time.perf_counter()
    async with auto.connect() as conn:  # autocommit, as Store.write() alone
        for i in range(N):
            await conn.execute(update, {"id": i % 100 + 1})
    write = (time.perf_counter() - started) / N
    await engine.dispose()
    return read, write


async def main() -> None:
    path = os.path.join(tempfile.mkdtemp(), "bench.db")
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)")
    db.executemany("INSERT INTO t VALUES (?, 0)", [(i,) for i in range(1, 101)])
    db.commit()
    db.close()
    runs: dict[str, list[tuple[float, float]]] = {"aiosqlite": [], "sqlalchemy": []}
    for _ in range(5):
        runs["aiosqlite"].append(await raw(path))
        runs["sqlalchemy"].append(await core(path))
    medians = {name: (statistics.median(r for r, _ in got), statistics.median(w for _, w in got))
               for name, got in runs.items()}
    for name, (read, write) in medians.items():
        print(f"{name:10} read {read * 1e6:7.1f} us  write {write * 1e6:7.1f} us"
              f"  (median of 5 runs x {N})")
    (raw_read, raw_write), (sa_read, sa_write) = medians["aiosqlite"], medians["sqlalchemy"]
    print(f"sqlalchemy/aiosqlite: read x{sa_read / raw_read:.2f}, write x{sa_write / raw_write:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
