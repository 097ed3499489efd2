"""The database as a file: online copies, integrity checks, "is anything in it?".

Plain sqlite3 (synchronous, called from threads or commands); bot/backup.py builds
archives around these and says what went wrong.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

SQLITE_VERSION = sqlite3.sqlite_version  # recorded in backup manifests


def copy_database(source: str | Path, target: Path) -> tuple[str, int]:
    """Online copy of a SQLite file (safe while other connections write) into one
    self-contained file; (integrity check result, schema version) of the copy."""
    src = sqlite3.connect(str(source), timeout=30)
    try:
        src.execute("PRAGMA busy_timeout=30000")
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)  # all pages in one step: one consistent snapshot
            # One self-contained file: no -wal beside it in the archive.
            dst.execute("PRAGMA journal_mode=DELETE")
            check = dst.execute("PRAGMA integrity_check").fetchone()[0]
            version = int(dst.execute("PRAGMA user_version").fetchone()[0])
        finally:
            dst.close()
    finally:
        src.close()
    return str(check), version


def check_file(path: Path) -> tuple[int, str]:
    """(schema version, integrity check result) of a database file."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        found = int(db.execute("PRAGMA user_version").fetchone()[0])
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
    return found, str(check)


def has_live_data(database: Path) -> bool:
    """A database file that exists and holds anything at all."""
    if not database.exists() or database.stat().st_size == 0:
        return False
    with contextlib.closing(sqlite3.connect(database)) as db:
        tables = [row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return any(db.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone()
                   for table in tables)
