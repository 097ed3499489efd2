"""`python -m bot report connections [--since 30d] [--json]`: added to the report group."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from typing import Any


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Listed in bot.cli.COMMAND_MODULES before bot.cli_reports: adds to its REPORTS."""
    from bot.cli_reports import REPORTS

    if register_report not in REPORTS:
        REPORTS.append(register_report)


def register_report(reports: Any, common: argparse.ArgumentParser) -> None:
    from bot.cli_reports import add_report_options

    report = reports.add_parser(
        "connections", parents=[common],
        help="introductions: offered, accepted, introduced, went, and what got in the way",
        description="Introductions of residents to the champions who run groups, by week, "
                    "per group and per champion, with what got in the way for people who "
                    "didn't go (personal details removed).")
    add_report_options(report)
    report.set_defaults(func=report_command)


def report_command(args: argparse.Namespace) -> int:
    from bot.cli import practice_config, run_async
    from bot.cli_reports import since_or_exit

    config = practice_config(args)
    since = since_or_exit(args)
    return run_async(_report(config, since, args.json))


async def _report(config: Any, since: timedelta, as_json: bool) -> int:
    from bot.storage import Store, utcnow
    from flows.connections.report import as_text, connections_report

    store = await Store.open(config.storage.database)
    try:
        report = await connections_report(store, utcnow() - since,
                                          config.campaigns.send_window.timezone,
                                          config.practice_id)
    finally:
        await store.close()
    if as_json:
        print(json.dumps(report.as_json(), indent=2))
    else:
        print(as_text(report, since.days or 1))
    return 0
