"""`python -m bot directory ...`: check, search, and Open Referral UK import/export."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import Counter
from pathlib import Path

import yaml

from directory.categories import CATEGORIES
from directory.loader import directory_files, load_directory
from directory.matching import find_offers
from directory.model import Directory
from directory.oruk import IMPORT_HEADER, export_oruk, id_prefix, import_oruk
from directory.problems import DirectoryInvalid

STALE_AFTER = dt.timedelta(days=183)  # "not reviewed for 6 months"


def register(subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
             common: argparse.ArgumentParser | None = None) -> None:
    """Add the `directory` command and its subcommands."""
    parents = [common] if common is not None else []
    top = subparsers.add_parser("directory", help="check, search, import and export the directory",
                                parents=parents)
    sub = top.add_subparsers(dest="directory_command", metavar="SUBCOMMAND", required=True)

    p = sub.add_parser("check", help="list problems, or summarise the directory", parents=parents)
    p.add_argument("--directory", metavar="F", help="offers YAML file or folder")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("search", help="what a resident would be offered", parents=parents)
    p.add_argument("--directory", metavar="F", help="offers YAML file or folder")
    p.add_argument("--limit", type=int, default=3, metavar="N")
    p.add_argument("--json", action="store_true", help="one JSON object per query")
    p.add_argument("query", nargs="*", metavar="QUERY",
                   help="the message; without it, one query per line from stdin")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("import-oruk", help="convert an Open Referral UK feed", parents=parents)
    p.add_argument("feed", metavar="FEED.json")
    p.add_argument("--out", required=True, metavar="offers.yaml",
                   help="file to write; other YAML files in its folder are the directory it "
                        "joins (their ids are avoided, and the whole folder must still load)")
    p.add_argument("--prefix", default="", metavar="PREFIX",
                   help="start every id with this, e.g. --prefix bristol -> bristol-lunch-club")
    p.set_defaults(func=cmd_import_oruk)

    p = sub.add_parser("export-oruk", help="write the directory as Open Referral UK JSON",
                       parents=parents)
    p.add_argument("--directory", metavar="F", help="offers YAML file or folder")
    p.add_argument("--out", required=True, metavar="FEED.json")
    p.set_defaults(func=cmd_export_oruk)
    from bot.cli_listings import register_directory_subcommands  # approve, history, review-due

    register_directory_subcommands(sub, parents)


def _directory_path(args: argparse.Namespace) -> str:
    """--directory, else the configured directory.path."""
    if getattr(args, "directory", None):
        return str(args.directory)
    from bot.config import ConfigError, load_config

    try:
        cfg = load_config(getattr(args, "config", None))
    except ConfigError as e:
        raise SystemExit("The settings have problems:\n  " +
                         "\n  ".join(str(p) for p in e.problems)) from None
    return cfg.directory.path


def _load(args: argparse.Namespace) -> Directory | None:
    """Load the directory, printing every problem (None) instead of a traceback."""
    path = _directory_path(args)
    try:
        return load_directory(path)
    except DirectoryInvalid as e:
        print(f"{path}: {len(e.problems)} problem(s):", file=sys.stderr)
        for problem in e.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


def cmd_check(args: argparse.Namespace) -> int:
    """Problems (exit 1) or a summary of the directory."""
    d = _load(args)
    if d is None:
        return 1
    statuses = Counter(o.status for o in d.offers)
    print(f"OK: {len(d.offers)} offers in {len(d.files)} file(s) "
          + "(" + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) + ")")
    print("\nActive offers per category:")
    per = Counter(c for o in d.active() for c in o.categories)
    for cat, label in CATEGORIES.items():
        print(f"  {cat:<22} {per.get(cat, 0):>3}  {label}")
    today = dt.date.today()
    stale = [o for o in d.offers if o.status != "ended"
             and (o.last_reviewed is None or today - o.last_reviewed > STALE_AFTER)]
    print(f"\nNot reviewed for 6 months ({len(stale)}):")
    for o in stale:
        when = o.last_reviewed.isoformat() if o.last_reviewed else "never"
        print(f"  {o.id} (last reviewed {when})")
    unreachable = [o for o in d.offers if o.status != "ended" and not o.has_contact()]
    print(f"\nNo way to get in touch ({len(unreachable)}):")
    for o in unreachable:
        print(f"  {o.id}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Ranked results for a query, or for each line on stdin."""
    d = _load(args)
    if d is None:
        return 1
    if args.limit < 1:
        print("--limit must be 1 or more", file=sys.stderr)
        return 2
    queries = [" ".join(args.query)] if args.query else [
        line.strip() for line in sys.stdin if line.strip()]
    for q in queries:
        r = find_offers(d, q, limit=args.limit)
        if args.json:
            print(json.dumps({"query": q, "results": [
                {"id": m.offer.id, "name": m.offer.name, "score": m.score} for m in r.matches]}))
            continue
        print(f"> {q}")
        understood = ", ".join(r.categories + r.days + r.times)
        if understood:
            print(f"  understood as: {understood}")
        if not r.matches:
            related = r.related_category
            print("  nothing fits" + (f" (related: {related})" if related else ""))
        for n, m in enumerate(r.matches, 1):
            flag = " [FULL]" if m.offer.status == "full" else ""
            print(f"  {n}. {m.offer.name}{flag}  ({m.offer.id}, score {m.score})")
        if r.filters_relaxed:
            print("  (nothing at the day/time asked: these run at other times)")
    return 0


def _ids_elsewhere(out: Path) -> set[str]:
    """Offer ids in the other YAML files of out's folder (the directory it joins)."""
    ids: set[str] = set()
    for f in directory_files(out.parent):
        if f.resolve() == out.resolve():
            continue  # being replaced (importing the same feed again)
        try:
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # its problems are reported when the folder is checked below
        offers = data.get("offers") if isinstance(data, dict) else None
        ids |= {str(o["id"]) for o in offers or [] if isinstance(o, dict) and o.get("id")}
    return ids


def cmd_import_oruk(args: argparse.Namespace) -> int:
    """Convert an ORUK v1 services feed into our YAML, never breaking the folder it joins."""
    feed, out = Path(args.feed), Path(args.out)
    if not feed.exists():
        print(f"{feed}: file not found", file=sys.stderr)
        return 1
    if not out.parent.is_dir():
        print(f"{out.parent}: no such folder", file=sys.stderr)
        return 1
    if out.exists() and not out.read_text(encoding="utf-8", errors="replace").startswith(
            IMPORT_HEADER):
        print(f"{out} exists and was not written by import-oruk: choose another --out "
              "name (it would be overwritten)", file=sys.stderr)
        return 1
    prefix = id_prefix(args.prefix)
    if args.prefix and not prefix:
        print(f"--prefix {args.prefix!r}: use letters or digits, e.g. --prefix bristol",
              file=sys.stderr)
        return 2
    try:
        imported = import_oruk(feed, prefix=prefix, taken=_ids_elsewhere(out))
    except (ValueError, TypeError, AttributeError) as e:
        print(f"{feed}: not an Open Referral UK services feed ({e})", file=sys.stderr)
        return 1
    # Check the folder as it would be, before writing: a running bot watches it.
    others = [f for f in directory_files(out.parent) if f.resolve() != out.resolve()]
    target = out.parent if others else out
    try:
        d = load_directory(target, replace={out: imported.yaml})
    except DirectoryInvalid as e:
        print(f"Nothing written: {target} would have {len(e.problems)} problem(s):",
              file=sys.stderr)
        for problem in e.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    tmp = out.with_name(out.name + ".tmp")  # not .yaml: the watcher ignores it
    tmp.write_text(imported.yaml, encoding="utf-8")
    os.replace(tmp, out)
    print(f"Wrote {imported.count} offers to {out}"
          + (f" ({len(d.offers)} in {target} now)" if others else "")
          + ". Check the guessed categories.")
    if imported.renamed:
        print(f"{len(imported.renamed)} id(s) were already used in {out.parent}, so these were "
              "numbered (use --prefix to tell feeds apart instead):")
        for wanted, used in imported.renamed:
            print(f"  {wanted} -> {used}")
    return 0


def cmd_export_oruk(args: argparse.Namespace) -> int:
    """Write the directory as an ORUK v1 services JSON list."""
    d = _load(args)
    if d is None:
        return 1
    Path(args.out).write_text(json.dumps(export_oruk(d), indent=2), encoding="utf-8")
    print(f"Wrote {len(d.offers)} services to {args.out}.")
    return 0
