"""`python -m bot campaign ...`, `report campaigns` and `staff digest`: champion invitations."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.campaigns.csvimport import REASONS, ListError, parse_file
from bot.campaigns.records import (
    REPLY_STATES,
    SEND_STATES,
    STOPPED,
    CampaignError,
    create_campaign,
    get_campaign,
)
from bot.campaigns.template import DEFAULT_INVITATION, TemplateError, check_template
from bot.campaigns.window import local_text
from bot.channels.base import Channel
from bot.cli import open_store, practice_config, run_async
from bot.config import Config
from bot.logs import configure_logging
from bot.storage import utcnow

SHOW_ROWS = 12  # row numbers listed per skip reason
PRACTICE_HELP = "the practice whose campaign it is (default: the only practice)"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    campaign = subparsers.add_parser(
        "campaign", parents=[common], help="invite people from the practice list",
        description="Champion invitations: create a campaign from a practice list, preview "
                    "it, send it (resumable, exactly once per person), follow it up.")
    commands = campaign.add_subparsers(dest="campaign_command", metavar="COMMAND",
                                       required=True)
    create = commands.add_parser(
        "create", parents=[common], help="import a practice list (CSV) as a new campaign",
        description="Reads an EMIS Web, SystmOne or spreadsheet CSV export. Keeps only the "
                    "mobile number and first name; reports skipped rows with row numbers.")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--list", required=True, metavar="FILE.csv", dest="list_file")
    text = create.add_mutually_exclusive_group()
    text.add_argument("--message", metavar="TEXT",
                      help="the invitation; may use {first_name} and {practice_name}")
    text.add_argument("--template", metavar="FILE", help="read the invitation from a file")
    create.add_argument("--practice", metavar="ID", help=PRACTICE_HELP)
    create.set_defaults(func=create_command)

    preview = commands.add_parser("preview", parents=[common],
                                  help="examples, counts, segments, cost and timing")
    preview.add_argument("name", metavar="NAME")
    preview.add_argument("--rate", type=float, metavar="N", help="texts per second")
    preview.add_argument("--practice", metavar="ID", help=PRACTICE_HELP)
    preview.set_defaults(func=preview_command)

    send = commands.add_parser(
        "send", parents=[common], help="send the invitations (run again to resume)",
        description="Sends each invitation once, inside the sending window, at --rate per "
                    "second (default sms.rate_per_second). Ctrl-C stops safely.")
    send.add_argument("name", metavar="NAME")
    send.add_argument("--rate", type=float, metavar="N", help="texts per second")
    send.add_argument("--ignore-window", action="store_true",
                      help="send even outside campaigns.send_window")
    send.add_argument("--practice", metavar="ID", help=PRACTICE_HELP)
    send.set_defaults(func=send_command)

    status = commands.add_parser("status", parents=[common], help="counts by state")
    status.add_argument("name", metavar="NAME")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument("--practice", metavar="ID", help=PRACTICE_HELP)
    status.set_defaults(func=status_command)

    export = commands.add_parser("export", parents=[common],
                                 help="those who came forward, with their answers, as CSV")
    export.add_argument("name", metavar="NAME")
    export.add_argument("--out", required=True, metavar="FILE.csv")
    export.add_argument("--practice", metavar="ID", help=PRACTICE_HELP)
    export.set_defaults(func=export_command)

    staff = subparsers.choices.get("staff") or subparsers.add_parser(
        "staff", parents=[common], help="for practice staff")
    staff_commands = getattr(staff, "bot_commands", None)
    if staff_commands is None:
        staff_commands = staff.add_subparsers(dest="staff_command", metavar="COMMAND",
                                              required=True)
        staff.bot_commands = staff_commands  # type: ignore[attr-defined]
    digest = staff_commands.add_parser(
        "digest", parents=[common], help="people who came forward since the last digest")
    digest.add_argument("--all", action="store_true", help="everyone, not only new ones")
    digest.add_argument("--practice", metavar="ID",
                        help="the practice whose people (default: the only practice)")
    digest.set_defaults(func=digest_command)

    from bot.cli_reports import REPORTS

    if register_report not in REPORTS:
        REPORTS.append(register_report)


def register_report(reports: Any, common: argparse.ArgumentParser) -> None:
    """`report campaigns`, added to the report group of bot.cli_reports."""
    report = reports.add_parser(
        "campaigns", parents=[common], help="per campaign: sent, delivered, yes, no, "
                                            "opted out, completed, response rate")
    report.add_argument("--json", action="store_true", help="machine-readable output")
    report.add_argument("--practice", metavar="ID", help=PRACTICE_HELP)
    report.set_defaults(func=report_command)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


# ---- create ----------------------------------------------------------------------------------

def create_command(args: argparse.Namespace) -> int:
    config = practice_config(args)
    template = DEFAULT_INVITATION
    if args.message is not None:
        template = args.message
    elif args.template is not None:
        try:
            template = Path(args.template).read_text(encoding="utf-8-sig").strip()
        except OSError as exc:
            return _fail(f"--template {args.template}: can't be read ({exc.strerror})")
    try:
        check = check_template(template, config.practice.name)
    except TemplateError as exc:
        return _fail(f"The message can't be used: {exc}")
    try:
        parsed = parse_file(args.list_file)
    except ListError as exc:
        return _fail(f"The list can't be used: {exc}")
    return run_async(_create(config, args.name, parsed, template, Path(args.list_file).name,
                             check.warnings, check.segments))


async def _create(config: Config, name: str, parsed: Any, template: str, source: str,
                  warnings: tuple[str, ...], segments: int) -> int:
    try:
        async with open_store(config) as store:
            created = await create_campaign(store, name, parsed, template, source, utcnow(),
                                            config.practice_id)
    except CampaignError as exc:
        return _fail(str(exc))
    by_reason: dict[str, list[int]] = {}
    for row, reason in created.skipped:
        by_reason.setdefault(reason.split(" (")[0], []).append(row)
    columns = ", ".join(f"{role}: {header!r}" for role, header in parsed.columns.items())
    print(f"Campaign {name!r} created from {source} ({columns}).\n")
    print(f"  {'rows read':<26}{parsed.rows_read:>7}")
    print(f"  {'to invite':<26}{created.recipients:>7}")
    order = [r for r in REASONS if r in by_reason] + sorted(set(by_reason) - set(REASONS))
    for reason in order:
        rows = by_reason[reason]
        shown = ", ".join(str(r) for r in rows[:SHOW_ROWS])
        more = f" and {len(rows) - SHOW_ROWS} more" if len(rows) > SHOW_ROWS else ""
        print(f"  {'skipped: ' + reason:<26}{len(rows):>7}   rows {shown}{more}")
    print(f"\n  The message is {segments} segment(s) per text.")
    for warning in warnings:
        print(f"  Note: {warning}")
    print(f"\nNext: python -m bot campaign preview {_quoted(name)}")
    return 0


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


# ---- preview ---------------------------------------------------------------------------------

def preview_command(args: argparse.Namespace) -> int:
    config = practice_config(args)
    return run_async(_preview(config, args.name, args.rate))


async def _preview(config: Config, name: str, rate: float | None) -> int:
    from bot.campaigns.report import preview

    try:
        async with open_store(config) as store:
            campaign = await get_campaign(store, name, config.practice_id)
            p = await preview(store, config, campaign, utcnow(), rate)
    except CampaignError as exc:
        return _fail(str(exc))
    print(f"Campaign {name!r}: {p.to_send} invitation(s) to send "
          f"({p.recipients} recipients in all).\n")
    for n, example in enumerate(p.examples, 1):
        print(f"Example {n}:\n  {example}\n")
    if p.excluded:
        print("Left out at import:")
        for reason, count in p.excluded.most_common():
            print(f"  {reason:<26}{count:>7}")
        print()
    segs = ", ".join(f"{count} x {n} segment(s)" for n, count in sorted(p.segments.items()))
    print(f"  segments            {segs or '-'} ({p.encoding})")
    print(f"  estimated cost      GBP {p.cost:,.2f} "
          f"(at {config.campaigns.price_per_segment} per segment)")
    minutes = p.seconds / 60
    print(f"  time to send        {minutes:,.1f} minutes at {p.rate:g} per second")
    print(f"  sending window      {p.window}")
    for warning in p.warnings:
        print(f"  note                {warning}")
    if p.finish is not None:
        zone = config.campaigns.send_window.timezone
        print(f"  would finish        {local_text(p.finish, zone)} (if started now)")
    print(f"\nNext: python -m bot campaign send {_quoted(name)}")
    return 0


# ---- send ------------------------------------------------------------------------------------

def sending_channels(config: Config, rate: float | None = None) -> dict[str, Channel]:
    """The SMS channel for sending from this process (Telegram goes through the server)."""
    if config.sms.provider == "twilio":
        from bot.channels.twilio_sms import TwilioSmsChannel
        from bot.sms_web import STATUS_PATH

        missing = [name for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN")
                   if not config.secrets.get(name)]
        if missing:
            raise ValueError(" and ".join(missing) + " must be set in the environment")
        public = config.server.public_url
        numbers = config.practice_named(config.practice_id).sms_numbers
        own = numbers[0] if config.practice_list and numbers else ""  # its own number
        return {"sms": TwilioSmsChannel(
            account_sid=config.secrets["TWILIO_ACCOUNT_SID"],
            auth_token=config.secrets["TWILIO_AUTH_TOKEN"],
            from_number=own or config.sms.from_number,
            messaging_service_sid="" if own else config.sms.messaging_service_sid,
            api_base_url=config.sms.api_base_url,
            status_callback_url=public.rstrip("/") + STATUS_PATH if public else "",
            rate_per_second=rate or config.sms.rate_per_second)}
    from bot.channels.console import ConsoleChannel

    return {"sms": ConsoleChannel("sms")}


def send_command(args: argparse.Namespace) -> int:
    config = practice_config(args)
    if args.rate is not None and args.rate <= 0:
        return _fail("--rate: must be more than 0 texts per second")
    try:
        channels = sending_channels(config, args.rate)
    except ValueError as exc:  # e.g. missing TWILIO_ACCOUNT_SID
        return _fail(f"Can't send: {exc}")
    code = run_async(_send(config, args.name, channels, args.rate, args.ignore_window))
    if code == 130:
        print("Sending stopped. Nobody was texted twice; run the same command again to "
              "carry on.", file=sys.stderr)
    return code


async def _send(config: Config, name: str, channels: dict[str, Channel], rate: float | None,
                ignore_window: bool) -> int:
    from bot.campaigns.progress import ProgressBar
    from bot.campaigns.sender import CampaignSender, DailyCapReached

    configure_logging("WARNING")
    bar = ProgressBar(zone=config.campaigns.send_window.timezone)
    async with open_store(config) as store:
        for channel in channels.values():
            if hasattr(channel, "guard"):  # daily cap and lookups, as in the server
                from bot.sms_limits import SmsLimits

                channel.guard = SmsLimits(store, config)
        try:
            campaign = await get_campaign(store, name, config.practice_id)
            sender = CampaignSender(store, config, campaign, channels, rate=rate,
                                    ignore_window=ignore_window, on_progress=bar.update)
            try:
                progress = await sender.run()
            except DailyCapReached as exc:
                print(f"\nPaused: {exc}. Run the command again tomorrow to carry on.",
                      file=sys.stderr)
                return 3
            bar.close(progress)
        except CampaignError as exc:
            return _fail(str(exc))
        finally:
            await _close_channels(channels)
    print(f"Done: {progress.sent} sent, {progress.failed} failed, {progress.opted_out} opted "
          f"out, {progress.skipped} skipped. See: python -m bot campaign status {_quoted(name)}")
    return 0


async def _close_channels(channels: dict[str, Channel]) -> None:
    for channel in channels.values():
        close = getattr(channel, "close", None) or getattr(channel, "aclose", None)
        if close is not None:
            result = close()
            if hasattr(result, "__await__"):
                await result


# ---- status, export, report, digest ----------------------------------------------------------

def status_command(args: argparse.Namespace) -> int:
    config = practice_config(args)
    return run_async(_status(config, args.name, args.json))


LABELS = {"opted_out": "opted out", "replied_yes": "replied yes", "replied_no": "replied no",
          "asked_more": "asked for more", STOPPED: "texted STOP after"}


async def _status(config: Config, name: str, as_json: bool) -> int:
    from bot.campaigns.records import status_counts

    try:
        async with open_store(config) as store:
            campaign = await get_campaign(store, name, config.practice_id)
            counts = await status_counts(store, campaign)
    except CampaignError as exc:
        return _fail(str(exc))
    if as_json:
        print(json.dumps({"campaign": name, **counts}, indent=2))
        return 0
    print(f"Campaign {name!r}: {counts['recipients']} recipients\n")
    for state in SEND_STATES:
        print(f"  {LABELS.get(state, state):<22}{counts[state]:>7}")
    print(f"  {'':<22}{'-------':>7}\n  {'total':<22}{counts['recipients']:>7}\n")
    for state in (*REPLY_STATES, STOPPED):
        print(f"  {LABELS.get(state, state):<22}{counts[state]:>7}")
    print(f"\n  excluded at import    {counts['excluded at import']:>7}")
    return 0


def export_command(args: argparse.Namespace) -> int:
    config = practice_config(args)
    return run_async(_export(config, args.name, Path(args.out)))


async def _export(config: Config, name: str, out: Path) -> int:
    from bot.campaigns.report import export

    try:
        async with open_store(config) as store:
            campaign = await get_campaign(store, name, config.practice_id)
            count = await export(store, campaign, out)
    except CampaignError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"--out {out}: can't be written ({exc.strerror})")
    print(f"Wrote {count} people who came forward to {out}.")
    return 0


def report_command(args: argparse.Namespace) -> int:
    config = practice_config(args)
    return run_async(_report(config, args.json))


async def _report(config: Config, as_json: bool) -> int:
    from bot.campaigns.report import campaigns_report

    async with open_store(config) as store:
        rows = await campaigns_report(store, config.practice_id)
    if as_json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("No campaigns yet. Start with: python -m bot campaign create NAME --list FILE.csv")
        return 0
    heads = ("campaign", "sent", "delivered", "yes", "no", "opted_out", "completed",
             "response_rate")
    width = max(len("campaign"), *(len(r["campaign"]) for r in rows))
    print(f"{'campaign':<{width}}  " + "  ".join(f"{h.replace('_', ' '):>13}"
                                                 for h in heads[1:]))
    for r in rows:
        cells = [f"{r[h]:>13}" if h != "response_rate" else f"{r[h]:>12.1f}%" for h in heads[1:]]
        print(f"{r['campaign']:<{width}}  " + "  ".join(cells))
    return 0


def digest_command(args: argparse.Namespace) -> int:
    config = practice_config(args)
    return run_async(_digest(config, args.all))


async def _digest(config: Config, everyone: bool) -> int:
    from bot.campaigns.staff import digest
    from flows.listings_admin import pending_proposals, unconfirmed_reviews

    async with open_store(config) as store:
        people = await digest(store, everyone=everyone, practice=config.practice_id)
        proposals = await pending_proposals(store)
        unconfirmed = await unconfirmed_reviews(store)
    if not people:
        print("Nobody new has come forward since the last digest."
              if not everyone else "Nobody has come forward yet.")
    else:
        print(f"{len(people)} {'person has' if len(people) == 1 else 'people have'} come "
              f"forward{'' if everyone else ' since the last digest'}:\n")
    for person in people:
        print(f"- {person.name or '(no name)'}  [{person.campaign}, "
              f"{person.completed_at[:16].replace('T', ' ')}]")
        print(f"    enjoys:  {person.interests or '-'}")
        print(f"    free:    {person.availability or '-'}")
        print(f"    contact: {person.contact_method or '-'} ({person.reach})")
    if proposals:
        print(f"\nNew listings proposed by champions ({len(proposals)}), waiting for approval:")
        for proposal in proposals:
            print(f"- {proposal['id']}  {proposal['data'].get('name', '(no name)')}"
                  f"  [{proposal['created_at'][:10]}]"
                  f"  approve: python -m bot directory approve {proposal['id']}")
    if unconfirmed:
        print(f"\nListings nobody confirmed after their regular check ({len(unconfirmed)}):")
        for review in unconfirmed:
            print(f"- {review['offer_id']}  (asked {review['sent_at'][:10]})")
    return 0
