"""Retention: personal data is deleted (or anonymised) once it has passed its period.

Each kind of data has a period in config (retention.*) and one or more rules, each a
few SQL statements (bot/storage/retention.py). A run is one transaction; a dry run makes exactly the same changes
and rolls them back, so what it reports is what a real run would do. Opt-outs (people
who said STOP) and the forgotten-number hashes are never touched, and neither is the
record that someone said no to an invitation (it keeps them from being asked again).
docs/data-protection.md lists the same periods.
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.component import Component, background_job
from bot.config import Config
from bot.storage import Store, utcnow
from bot.storage.retention import RetentionRepository

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

FIRST_RUN_AFTER = 60.0  # seconds after start: let the server settle first
RUN_EVERY = 24 * 3600.0

@dataclass(frozen=True)
class Kind:
    """One kind of personal data: its setting, what it is, and what happens to it."""

    setting: str
    label: str
    action: str


KINDS: tuple[Kind, ...] = (
    Kind("message_history", "texts in and out (and people with nothing else kept)",
         "deleted"),
    Kind("conversation_answers", "unfinished conversations and answers; a 'no' keeps only "
         "the no", "deleted / anonymised"),
    Kind("champion_answers", "a champion's answers, once they opted out or withdrew consent",
         "deleted"),
    Kind("unmet_need_examples", "example texts of unmet needs (counts and words stay)",
         "anonymised"),
    Kind("alerts", "handled staff alerts", "deleted"),
    Kind("audit_log", "audit log entries", "deleted"),
    Kind("never_replied", "people invited who never replied, with their messages", "deleted"),
    Kind("staff_sessions", "expired staff sessions, password links, failed logins",
         "deleted"),
)


def periods(config: Config) -> dict[str, timedelta]:
    return {kind.setting: getattr(config.retention, kind.setting) for kind in KINDS}


@dataclass
class Outcome:
    kind: Kind
    period: timedelta
    rows: int


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


async def apply_retention(store: Store, periods: dict[str, timedelta], *,
                          dry_run: bool = False, now: datetime | None = None) -> list[Outcome]:
    """Delete or anonymise what has passed its period; with dry_run, change nothing."""
    moment = now or utcnow()
    counts: dict[str, int] = {kind.setting: 0 for kind in KINDS}
    rules = RetentionRepository(store)
    try:
        async with store.transaction():
            for kind in KINDS:
                counts[kind.setting] = await rules.remove(kind.setting,
                                                          moment - periods[kind.setting])
            if not dry_run:
                detail = " ".join(f"{k}={n}" for k, n in counts.items() if n)
                await store.audit.record("system", "retention", detail=detail or "nothing due")
            else:
                raise _DryRun
    except _DryRun:
        pass
    return [Outcome(kind, periods[kind.setting], counts[kind.setting]) for kind in KINDS]


def format_period(period: timedelta) -> str:
    days = period.total_seconds() / 86400
    return f"{days:g} days" if days >= 1 else f"{period.total_seconds():g} s"


def report(outcomes: list[Outcome], dry_run: bool) -> str:
    verb = "would go" if dry_run else "went"
    lines = [f"{'kind':<22} {'kept for':>10} {verb:>9}  what"]
    for outcome in outcomes:
        lines.append(f"{outcome.kind.setting:<22} {format_period(outcome.period):>10} "
                     f"{outcome.rows:>9}  {outcome.kind.label} ({outcome.kind.action})")
    lines.append("Opt-outs and forgotten-number hashes are never removed.")
    if dry_run:
        lines.append("Dry run: nothing was changed.")
    return "\n".join(lines)


# ---- the command and the daily job ----

def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    command = subparsers.add_parser(
        "retention", parents=[common], help="delete personal data past its retention period",
        description="Deletes or anonymises what has passed its period (retention.* in the "
                    "settings; docs/data-protection.md). serve does this once a day. "
                    "Opt-outs and forgotten-number hashes are never touched.")
    command.add_argument("--dry-run", action="store_true",
                         help="say what would go, change nothing")
    command.add_argument("--db", metavar="FILE", help="database file (default storage.database)")
    command.set_defaults(func=retention_command)


def retention_command(args: argparse.Namespace) -> int:
    from bot.cli import config_or_exit, open_store, run_async

    config = config_or_exit(args)

    async def run() -> int:
        async with open_store(config, args.db) as store:
            outcomes = await apply_retention(store, periods(config), dry_run=args.dry_run)
        print(report(outcomes, args.dry_run))
        return 0

    return run_async(run())


def retention_component(config: Config) -> Component | None:
    """Server part: retention once a day (first a minute after start)."""
    if not config.retention.enabled:
        return None

    async def run(runtime: Runtime) -> None:
        outcomes = await apply_retention(runtime.store, periods(config))
        log.info("retention: %s", ", ".join(
            f"{o.kind.setting}={o.rows}" for o in outcomes if o.rows) or "nothing due")

    return background_job("retention", run, first_after=FIRST_RUN_AFTER, every=RUN_EVERY)


