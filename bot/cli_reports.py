"""`python -m bot report ...`: reports for practice staff. Other features add their report
by appending a `register(report_subparsers, common)` function to REPORTS."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bot.cli import practice_config, run_async
from bot.config_values import duration
from bot.storage import Store, utcnow
from flows.needs import unmet_needs_report

REPORTS: list[Callable[[Any, argparse.ArgumentParser], None]] = []


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    report = subparsers.add_parser("report", parents=[common], help="reports for staff")
    reports = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    needs = reports.add_parser(
        "needs", parents=[common], help="what people asked for that nothing offers",
        description="Searches that found nothing, or that the person said didn't help, "
                    "grouped and counted, with examples (personal details removed): the "
                    "starting point for new champion-led groups.")
    add_report_options(needs)
    needs.set_defaults(func=needs_command)
    for extra in REPORTS:
        extra(reports, common)


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """The options every report takes: --since AGE, --json and --practice ID."""
    parser.add_argument("--since", default="30d", metavar="AGE",
                        help="how far back, e.g. 7d, 30d, 12w (default 30d)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--practice", metavar="ID",
                        help="the practice reported on (default: the only practice)")


def since_or_exit(args: argparse.Namespace) -> timedelta:
    """--since as a duration, or say what is wrong with it and exit with code 2."""
    try:
        return duration(args.since)
    except ValueError as exc:
        print(f"--since: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def needs_command(args: argparse.Namespace) -> int:
    config = practice_config(args)
    since = since_or_exit(args)
    return run_async(_needs(config.database, since, args.json, config.practice_id))


async def _needs(database: str, since: timedelta, as_json: bool,
                 practice: str = "default") -> int:
    store = await Store.open(database)
    try:
        groups = await unmet_needs_report(store, utcnow() - since, practice=practice)
    finally:
        await store.close()
    if as_json:
        print(json.dumps([{"need": g.key, "count": g.count, "reasons": dict(g.reasons),
                           "examples": g.examples} for g in groups], indent=2))
        return 0
    days = since.days or 1
    if not groups:
        print(f"No unmet needs recorded in the last {days} days.")
        return 0
    print(f"What people asked for that nothing offers (last {days} days)\n")
    width = max(len(g.key) for g in groups)
    print(f"{'asked for'.ljust(width)}  times  examples")
    for group in groups:
        examples = " | ".join(group.examples)
        print(f"{group.key.ljust(width)}  {group.count:5d}  {examples}")
    return 0
