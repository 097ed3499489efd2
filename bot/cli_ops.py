"""Operations commands: `backup`, `restore` and `retention` (docs/operations.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.backup import BackupError, restore_backup, timestamp, write_backup
from bot.cli import config_or_exit, run_async
from bot.storage import SchemaTooNew, Store
from bot.storage.urls import is_postgres

# What backup and restore say on a PostgreSQL database, instead of failing obscurely.
NOT_ON_POSTGRES = ("'{command}' copies a SQLite database file; storage.database is a "
                   "PostgreSQL server. Back it up with pg_dump and restore with pg_restore "
                   "(docs/operations.md, PostgreSQL).")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    backup = subparsers.add_parser(
        "backup", parents=[common], help="copy the database and directory to one file",
        description="A consistent copy of the database (safe while the server runs), the "
                    "directory YAML and a manifest with versions and checksums, as one "
                    ".tar.gz. Keep it as safe as the database: it holds personal data. "
                    "SQLite only: a PostgreSQL database is backed up with pg_dump.")
    backup.add_argument("--out", metavar="FILE",
                        help="where to write it (default: backup.folder/bot-backup-<time>.tar.gz)")
    backup.add_argument("--db", metavar="FILE", help="database file (default storage.database)")
    backup.add_argument("--directory", metavar="PATH", help="offers YAML (default: every practice's, directory.path for one)")
    backup.set_defaults(func=backup_command)

    restore = subparsers.add_parser(
        "restore", parents=[common], help="put a backup back in place",
        description="Checks the backup's checksums and schema version, puts its database "
                    "and directory YAML in place, and migrates the database forward if it "
                    "came from an older version. Refuses to replace data that is there "
                    "unless --force (then the current data is backed up first). Stop the "
                    "server before restoring.")
    restore.add_argument("file", metavar="FILE", help="a file made by 'python -m bot backup'")
    restore.add_argument("--force", action="store_true",
                         help="replace the current database and directory files")
    restore.add_argument("--db", metavar="FILE", help="database file (default storage.database)")
    restore.add_argument("--directory", metavar="PATH",
                         help="where the directory YAML goes (default: where the settings name it)")
    restore.set_defaults(func=restore_command)

    from bot.retention import register as register_retention

    register_retention(subparsers, common)


def backup_command(args: argparse.Namespace) -> int:
    config = config_or_exit(args)
    database = args.db or config.database
    if is_postgres(database):
        print(NOT_ON_POSTGRES.format(command="backup"), file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else (
        Path(config.backup.folder) / f"bot-backup-{timestamp()}.tar.gz")
    try:
        info = write_backup(database, args.directory or config.directory_paths, out)
    except (BackupError, OSError) as exc:
        print(f"Backup failed: {exc}", file=sys.stderr)
        return 1
    files = info.manifest["files"]
    size = out.stat().st_size
    print(f"Backup written: {out} ({size:,} bytes, schema {info.schema_version}, "
          f"{len(files) - 1} directory files)")
    print(f"  database sha256 {files['database/bot.db']['sha256']}")
    return 0


def restore_command(args: argparse.Namespace) -> int:
    config = config_or_exit(args)
    if is_postgres(args.db or config.database):
        print(NOT_ON_POSTGRES.format(command="restore"), file=sys.stderr)
        return 2
    database = Path(args.db or config.database)
    try:
        result = restore_backup(args.file, database, args.directory or config.directory_paths,
                                force=args.force)
    except BackupError as exc:
        print(f"Not restored: {exc}", file=sys.stderr)
        return 1
    if result.safety_copy:
        print(f"The data that was there is kept in {result.safety_copy}")
    print(f"Restored {result.database} (schema {result.info.schema_version}, backup made "
          f"{result.info.manifest['created_at']} by version {result.info.manifest['bot_version']})")
    for path in result.directory_files:
        print(f"Restored {path}")
    try:
        applied = run_async(_migrate(database))
    except SchemaTooNew as exc:
        print(f"Not migrated: {exc}", file=sys.stderr)
        return 1
    if applied:
        print(f"Migrated forward to schema {applied}")
    return 0


async def _migrate(database: Path) -> int:
    """Open (which migrates forward, backing up first); the new version if it changed."""
    store = await Store.open(database)
    try:
        before = store.migrated_from
        version = await store.version()
        return version if before is not None and before != version else 0
    finally:
        await store.close()
