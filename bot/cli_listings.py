"""Staff commands for listings: `directory approve`, `directory history`, `directory review-due`.

They join the `directory` command group of bot/cli_directory.py through
`register_directory_subcommands`; the server runs the same checks periodically
(bot/listings_job.py).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from bot.cli import config_or_exit, run_async
from bot.config import Config
from bot.runtime import Runtime
from directory.problems import DirectoryInvalid
from directory.writeback import WriteBackError
from flows import listings_admin as admin

log = logging.getLogger(__name__)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Nothing at the top level: the subcommands live under `directory`."""


def register_directory_subcommands(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add approve, reject, history and review-due to the `directory` command group."""
    p = sub.add_parser("approve", parents=parents, help="put a proposed listing live",
                       description="Add a listing proposed by message (see `staff digest`) "
                                   "to the directory YAML. ID is like P3.")
    p.add_argument("id", metavar="ID")
    p.add_argument("--db", metavar="FILE", help="database file (default storage.database)")
    p.add_argument("--directory", metavar="F", help="offers YAML file or folder")
    p.set_defaults(func=approve_command)
    p = sub.add_parser("reject", parents=parents, help="decline a proposed listing",
                       description="Decline a listing proposed by message: it never goes "
                                   "live. ID is like P3.")
    p.add_argument("id", metavar="ID")
    p.add_argument("--reason", default="", help="kept in the audit log")
    p.add_argument("--db", metavar="FILE", help="database file (default storage.database)")
    p.set_defaults(func=reject_command)
    p = sub.add_parser("history", parents=parents, help="who changed which listing, when",
                       description="Saved changes to listings (who, when, offer, field, old "
                                   "and new value), and refused attempts when no ID is given.")
    p.add_argument("id", nargs="?", metavar="ID", help="an offer id")
    p.add_argument("--db", metavar="FILE", help="database file (default storage.database)")
    p.add_argument("--directory", metavar="F", help="offers YAML file or folder")
    p.add_argument("--json", action="store_true", help="one JSON object per change")
    p.set_defaults(func=history_command)
    p = sub.add_parser("review-due", parents=parents,
                       help="send the regular 'is this still right?' checks",
                       description="Text the maintainers of listings not reviewed within "
                                   "directory.review_after (inside the sending window; the "
                                   "server's outbox delivers them), remove passed OFF notices "
                                   "and mark checks unanswered for 14 days as unconfirmed.")
    p.add_argument("--db", metavar="FILE", help="database file (default storage.database)")
    p.add_argument("--directory", metavar="F", help="offers YAML file or folder")
    p.add_argument("--dry-run", action="store_true", help="only list the offers due a check")
    p.set_defaults(func=review_due_command)


async def _runtime(config: Config, args: argparse.Namespace) -> Runtime:
    return await Runtime.open(config, {}, database=getattr(args, "db", None),
                              directory=getattr(args, "directory", None))


def approve_command(args: argparse.Namespace) -> int:
    async def approve(services: Any, number: int) -> str:
        offer_id = await admin.approve_proposal(services, number, "staff:cli")
        return f"P{number} is live as {offer_id}."

    return _decide_proposal(args, approve, "Not approved")


def reject_command(args: argparse.Namespace) -> int:
    async def reject(services: Any, number: int) -> str:
        await admin.reject_proposal(services, number, "staff:cli", args.reason)
        return f"P{number} rejected: it will not be listed."

    return _decide_proposal(args, reject, "Not rejected")


def _decide_proposal(args: argparse.Namespace,
                     decide: Callable[[Any, int], Awaitable[str]], refused: str) -> int:
    """Approve or reject proposal ID: check the id, run the decision, say what happened."""
    config = config_or_exit(args)
    number = admin.proposal_number(args.id)
    if number is None:
        print(f"{args.id!r} is not a proposal id (like P3)", file=sys.stderr)
        return 2

    async def run() -> int:
        runtime = await _runtime(config, args)
        try:
            done = await decide(runtime.services, number)
        except (LookupError, WriteBackError) as exc:
            print(f"{refused}: {exc}", file=sys.stderr)
            return 1
        finally:
            await runtime.close()
        print(done)
        return 0

    return _guard(run())


def history_command(args: argparse.Namespace) -> int:
    config = config_or_exit(args)

    async def run() -> int:
        runtime = await _runtime(config, args)
        try:
            rows = await admin.history(runtime.store, args.id)
        finally:
            await runtime.close()
        if not rows:
            print("No changes recorded" + (f" for {args.id}." if args.id else "."))
        for r in rows:
            item = {k: r[k] for k in ("at", "actor", "offer_id", "field", "source")}
            item["old"] = json.loads(r["old"]) if r["old"] else None
            item["new"] = json.loads(r["new"]) if r["new"] else None
            if args.json:
                print(json.dumps(item))
            elif item["field"] == "refused":
                print(f"{item['at'][:19]}  {item['actor']:<12} refused: {item['source']}")
            else:
                print(f"{item['at'][:19]}  {item['actor']:<12} {item['offer_id']}  "
                      f"{item['field']}: {json.dumps(item['old'])} -> {json.dumps(item['new'])}"
                      f"  ({item['source']})")
        return 0

    return _guard(run())


def review_due_command(args: argparse.Namespace) -> int:
    config = config_or_exit(args)

    async def run() -> int:
        runtime = await _runtime(config, args)
        try:
            if args.dry_run:
                due = [o.id for o in runtime.services.directory().offers if _due(runtime, o)]
                print("\n".join(due) if due else "No listings are due a check.")
                return 0
            result = await admin.tick(runtime.services)
        finally:
            await runtime.close()
        print(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in result.items()))
        return 0

    return _guard(run())


def _due(runtime: Runtime, offer: Any) -> bool:
    due_before = admin.today(runtime.services) - runtime.config.directory.review_after
    return bool(offer.maintainers) and offer.status != "ended" and (
        offer.last_reviewed is None or offer.last_reviewed <= due_before)


def _guard(coro: Any) -> int:
    try:
        return run_async(coro)
    except DirectoryInvalid as exc:
        print("The directory has problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
