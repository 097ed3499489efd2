"""Scheduled backups inside `serve` (backup.schedule: a daily HH:MM, practice time zone),
keeping the newest backup.keep copies in backup.folder."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.backup import prune, timestamp, write_backup
from bot.component import Component, background_job
from bot.config import Config
from bot.storage.urls import is_postgres

log = logging.getLogger(__name__)


def next_run(now: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The next moment the local clock shows `at` (today if still ahead, else tomorrow)."""
    local = now.astimezone(zone)
    candidate = datetime.combine(local.date(), at, tzinfo=zone)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), at, tzinfo=zone)
    return candidate


def scheduled_backup(config: Config) -> Path:
    """One backup into backup.folder, then the oldest beyond backup.keep are removed."""
    folder = Path(config.backup.folder)
    out = folder / f"bot-backup-{timestamp()}.tar.gz"
    write_backup(config.database, config.directory_paths, out)
    prune(folder, config.backup.keep)
    return out


def backup_component(config: Config) -> Component | None:
    """Server part: the daily backup, when backup.schedule is set."""
    at = config.backup.schedule
    if at is None:
        return None
    if is_postgres(config.database):  # refused, so nobody believes they have backups
        raise ValueError("backup.schedule copies a SQLite database file; storage.database is"
                         " PostgreSQL: leave backup.schedule empty and back up with pg_dump")
    zone = ZoneInfo(config.campaigns.send_window.timezone)

    def until_next() -> float:
        now = datetime.now(zone)
        return (next_run(now, at, zone) - now).total_seconds()

    async def backup(runtime: object) -> None:
        try:
            out = await asyncio.to_thread(scheduled_backup, config)
            log.info("scheduled backup written: %s", out.name)
        except Exception:
            log.exception("scheduled backup failed; trying again at the next time")
            await asyncio.sleep(60)  # never twice in the same minute

    return background_job("backup", backup, first_after=until_next, every=until_next)
