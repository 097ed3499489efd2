"""Retention: personal data is deleted (or anonymised) once it has passed its period.

Each kind of data has a period in config (retention.*) and one or more rules, each a
single SQL statement. A run is one transaction; a dry run makes exactly the same changes
and rolls them back, so what it reports is what a real run would do. Opt-outs (people
who said STOP) and the forgotten-number hashes are never touched, and neither is the
record that someone said no to an invitation (it keeps them from being asked again).
docs/data-protection.md lists the same periods.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.config import Config
from bot.storage import FORGET_TABLES, Store, iso, utcnow

log = logging.getLogger(__name__)

FIRST_RUN_AFTER = 60.0  # seconds after start: let the server settle first
RUN_EVERY = 24 * 3600.0

# People it is safe to remove: never someone who opted out (their STOP must be
# remembered), never someone in a live conversation, with answers, or a proposal.
_REMOVABLE = (
    "c.opted_out = 0"
    " AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM champion_responses r WHERE r.contact_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM listing_proposals p WHERE p.contact_id = c.id)"
)
_NO_MESSAGES = (
    " AND NOT EXISTS (SELECT 1 FROM addresses a JOIN inbox i ON i.sender = a.address"
    " WHERE a.contact_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM addresses a JOIN outbox o ON o.recipient = a.address"
    " WHERE a.contact_id = c.id)"
)


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
    return {kind.setting: config.get(f"retention.{kind.setting}") for kind in KINDS}


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
    try:
        async with store.transaction():
            for kind in KINDS:
                cutoff = iso(moment - periods[kind.setting])
                counts[kind.setting] = await RULES[kind.setting](store, cutoff)
            if not dry_run:
                detail = " ".join(f"{k}={n}" for k, n in counts.items() if n)
                await store.audit("system", "retention", detail=detail or "nothing due")
            else:
                raise _DryRun
    except _DryRun:
        pass
    return [Outcome(kind, periods[kind.setting], counts[kind.setting]) for kind in KINDS]


async def _run(store: Store, *statements: tuple[str, tuple[Any, ...]]) -> int:
    total = 0
    for sql, params in statements:
        cursor = await store.execute(sql, params)
        total += max(cursor.rowcount, 0)
    return total


async def _remove_people(store: Store, where: str, params: tuple[Any, ...]) -> int:
    """Delete the people matching `where` (on contacts c) and everything of theirs."""
    rows = await store.fetchall(f"SELECT c.id FROM contacts c WHERE {where}", params)
    for (contact_id,) in rows:
        for (address,) in await store.fetchall(
                "SELECT address FROM addresses WHERE contact_id=?", (contact_id,)):
            await store.execute("DELETE FROM inbox WHERE sender=?", (address,))
            await store.execute("DELETE FROM outbox WHERE recipient=?", (address,))
        for table, column in FORGET_TABLES:
            await store.execute(f"DELETE FROM {table} WHERE {column}=?", (contact_id,))
        await store.execute("UPDATE staff_alerts SET contact_id=NULL WHERE contact_id=?",
                            (contact_id,))
        await store.execute("DELETE FROM contacts WHERE id=?", (contact_id,))
    return len(rows)


async def _message_history(store: Store, cutoff: str) -> int:
    texts = await _run(
        store,
        ("DELETE FROM inbox WHERE processed_at IS NOT NULL AND received_at < ?", (cutoff,)),
        # Not a text a campaign is still sending: the sender looks it up by id.
        ("DELETE FROM outbox WHERE state NOT IN ('queued', 'sending') AND created_at < ?"
         " AND id NOT IN (SELECT outbox_id FROM campaign_recipients WHERE outbox_id IS NOT"
         " NULL AND state IN ('pending', 'sending', 'queued'))", (cutoff,)))
    # Someone who only ever asked for a group: once their texts are gone, so is their number.
    people = await _remove_people(
        store, f"{_REMOVABLE}{_NO_MESSAGES} AND c.created_at < ? AND NOT EXISTS"
        " (SELECT 1 FROM campaign_recipients k WHERE k.contact_id = c.id)", (cutoff,))
    return texts + people


async def _conversation_answers(store: Store, cutoff: str) -> int:
    return await _run(
        store,
        ("DELETE FROM conversations WHERE updated_at < ?", (cutoff,)),
        ("DELETE FROM champion_responses WHERE state IN ('open', 'expired', 'no consent')"
         " AND COALESCE(answer, '') <> 'no' AND updated_at < ?", (cutoff,)),
        ("UPDATE champion_responses SET name=NULL, interests=NULL, availability=NULL,"
         " contact_method=NULL WHERE answer='no' AND updated_at < ? AND (name IS NOT NULL"
         " OR interests IS NOT NULL OR availability IS NOT NULL OR contact_method IS NOT"
         " NULL)", (cutoff,)))


async def _champion_answers(store: Store, cutoff: str) -> int:
    return await _run(store, (
        "DELETE FROM champion_responses WHERE state='completed' AND COALESCE(answer, '') <> 'no'"
        " AND contact_id IN (SELECT id FROM contacts WHERE (opted_out=1 AND opted_out_at < ?)"
        " OR (consent=0 AND consent_at < ?))", (cutoff, cutoff)))


async def _unmet_need_examples(store: Store, cutoff: str) -> int:
    return await _run(store, (
        "UPDATE unmet_needs SET example='' WHERE example <> '' AND at < ?", (cutoff,)))


async def _alerts(store: Store, cutoff: str) -> int:
    return await _run(store, (
        "DELETE FROM staff_alerts WHERE state <> 'open' AND COALESCE(handled_at, created_at) < ?",
        (cutoff,)))


async def _audit_log(store: Store, cutoff: str) -> int:
    return await _run(store, ("DELETE FROM audit_log WHERE at < ?", (cutoff,)))


async def _never_replied(store: Store, cutoff: str) -> int:
    return await _remove_people(
        store, f"{_REMOVABLE} AND EXISTS (SELECT 1 FROM campaign_recipients k WHERE"
        " k.contact_id = c.id) AND NOT EXISTS (SELECT 1 FROM campaign_recipients k WHERE"
        " k.contact_id = c.id AND (k.updated_at >= ? OR k.state IN ('pending', 'sending')))"
        " AND NOT EXISTS (SELECT 1 FROM addresses a JOIN inbox i ON i.sender = a.address"
        " WHERE a.contact_id = c.id)", (cutoff,))


async def _staff_sessions(store: Store, cutoff: str) -> int:
    return await _run(
        store,
        ("DELETE FROM staff_sessions WHERE expires_at < ?", (cutoff,)),
        ("DELETE FROM staff_password_links WHERE expires_at < ?", (cutoff,)),
        ("DELETE FROM staff_login_attempts WHERE at < ?", (cutoff,)))


RULES = {
    "message_history": _message_history,
    "conversation_answers": _conversation_answers,
    "champion_answers": _champion_answers,
    "unmet_need_examples": _unmet_need_examples,
    "alerts": _alerts,
    "audit_log": _audit_log,
    "never_replied": _never_replied,
    "staff_sessions": _staff_sessions,
}


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
    from bot.cli import config_or_exit, run_async

    config = config_or_exit(args)

    async def run() -> int:
        store = await Store.open(args.db or config.storage.database)
        try:
            outcomes = await apply_retention(store, periods(config), dry_run=args.dry_run)
        finally:
            await store.close()
        print(report(outcomes, args.dry_run))
        return 0

    return run_async(run())


def retention_component(config: Config) -> Any:
    """Server part: retention once a day (first a minute after start)."""
    from bot.runtime import Runtime
    from bot.server import Component

    if not config.get("retention.enabled"):
        return None
    state: dict[str, asyncio.Task[None]] = {}

    async def loop(runtime: Runtime) -> None:
        await asyncio.sleep(FIRST_RUN_AFTER)
        while True:
            try:
                outcomes = await apply_retention(runtime.store, periods(config))
                log.info("retention: %s", ", ".join(
                    f"{o.kind.setting}={o.rows}" for o in outcomes if o.rows) or "nothing due")
            except Exception:
                log.exception("retention job failed; trying again tomorrow")
            await asyncio.sleep(RUN_EVERY)

    async def start(runtime: Runtime) -> None:
        state["task"] = asyncio.create_task(loop(runtime), name="retention")

    async def stop() -> None:
        task = state.pop("task", None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return Component("retention", start=start, stop=stop)


