"""`python -m bot`: the command line. Each feature registers its own subcommands."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import sys
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from typing import Any

from bot.config import Config, ConfigError, load_config
from bot.features import FEATURES
from bot.storage import Store

# Modules with a `register(subparsers, common)` function, in --help order.
# Features' command modules (bot/features.py) come before bot.cli_reports: a feature may add
# its report (`report campaigns`, `report connections`) to bot.cli_reports.REPORTS.
COMMAND_MODULES = (
    "bot.cli_core",
    "bot.cli_directory",
    *(feature.commands for feature in FEATURES if feature.commands),
    "bot.cli_reports",  # `report` group: features append to bot.cli_reports.REPORTS
    "bot.cli_staff",  # `staff add`, in the same `staff` group as `staff digest`
    "bot.cli_ops",  # backup, restore, retention
)


def common_options() -> argparse.ArgumentParser:
    """Options every command takes."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--config", metavar="PATH",
                        help="settings file (default: config.yaml if present, "
                             "else config.example.yaml)")
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Text-message bot for GP practices: champion invitations, signposting "
                    "to local groups, listings kept current by the people who run them.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = common_options()
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers, common)
    return parser


def config_or_exit(args: argparse.Namespace) -> Config:
    """Load settings, or print every problem and exit with code 2."""
    try:
        return load_config(getattr(args, "config", None))
    except ConfigError as exc:
        print("The settings have problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(2) from None


def practice_or_exit(config: Config, chosen: str | None, *, first: bool = False) -> str:
    """The practice a command is for: --practice ID, else the only one; with several and
    none chosen, the first if `first`, else say which there are and exit with code 2."""
    ids = [practice.id for practice in config.practices]
    if chosen:
        if chosen not in ids:
            print(f"There is no practice {chosen!r}; there are: {', '.join(ids)}.",
                  file=sys.stderr)
            raise SystemExit(2)
        return chosen
    if len(ids) == 1 or first:
        return ids[0]
    print(f"There are several practices ({', '.join(ids)}): say which with --practice ID.",
          file=sys.stderr)
    raise SystemExit(2)


def practice_config(args: argparse.Namespace, *, first: bool = False) -> Config:
    """The settings as the practice of --practice (or the only one; the first if `first`)
    has them: its name, its sending window, its number and its own offers."""
    config = config_or_exit(args)
    chosen = practice_or_exit(config, getattr(args, "practice", None), first=first)
    return config.for_practice(chosen)


@contextlib.asynccontextmanager
async def open_store(config: Config, database: str | None = None) -> AsyncIterator[Store]:
    """The database a command works on (storage.database, or the --db given), closed
    when the command is done with it."""
    store = await Store.open(database or config.database)
    try:
        yield store
    finally:
        await store.close()


def run_async(coro: Coroutine[Any, Any, int]) -> int:
    """Run a command's coroutine; Ctrl-C ends it quietly."""
    try:
        return asyncio.run(coro)
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 0 if not argv else 2
    from bot.storage import DatabaseUnreachable, SchemaTooNew

    try:
        return func(args)
    except (SchemaTooNew, DatabaseUnreachable) as exc:  # said plainly, never a traceback
        print(f"Cannot open the database: {exc}", file=sys.stderr)
        return 2
