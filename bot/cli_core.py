"""Core commands: chat in the terminal, simulate from JSON lines, serve the web app."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.channels.console import ConsoleChannel, RecordingChannel
from bot.cli import config_or_exit, practice_config, run_async
from bot.config import Config
from bot.logs import configure_logging
from bot.messages import Address, Inbound
from bot.phones import PhoneError, display_uk, to_e164
from bot.runtime import Runtime
from directory.problems import DirectoryInvalid

DEMO_NUMBER = "+447700900123"
PRACTICE_HELP = ("talk as this practice: its number, directory and texts "
                 "(default: the first practice)")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    chat = subparsers.add_parser(
        "chat", parents=[common], help="talk to the bot in the terminal",
        description="Chat with the bot in the terminal, as one person, using the configured "
                    "directory and local database. Ctrl-D or Ctrl-C to quit.")
    chat.add_argument("--as", dest="sender", default=DEMO_NUMBER, metavar="NUMBER",
                      help=f"who you are: a UK number or telegram:<chat id> "
                           f"(default {DEMO_NUMBER})")
    chat.add_argument("--db", metavar="FILE", help="database file (default storage.database)")
    chat.add_argument("--directory", metavar="PATH", help="offers YAML (default directory.path)")
    chat.add_argument("--practice", metavar="ID", help=PRACTICE_HELP)
    chat.set_defaults(func=chat_command)

    simulate = subparsers.add_parser(
        "simulate", parents=[common], help="run a scripted conversation from JSON lines",
        description='Reads JSON lines from stdin, {"from": "+447700900123", "text": "...", '
                    '"channel": "sms"}, and writes one JSON line per outbound message, '
                    '{"to": ..., "channel": ..., "text": ..., "in_reply_to": N}. Without --db '
                    'a fresh temporary database is used.')
    simulate.add_argument("--directory", metavar="PATH", help="offers YAML (default directory.path)")
    simulate.add_argument("--db", metavar="FILE", help="database file (default: a temporary one)")
    simulate.add_argument("--practice", metavar="ID", help=PRACTICE_HELP)
    simulate.set_defaults(func=simulate_command)

    serve = subparsers.add_parser(
        "serve", parents=[common], help="run the web server (webhooks, /healthz)",
        description="Start the web server on server.host:server.port: GET /healthz, and the "
                    "SMS and Telegram webhooks when configured.")
    serve.set_defaults(func=serve_command)


def parse_sender(raw: str) -> Address:
    """'+447700900123', '07700 900123', 'sms:...', 'telegram:123' -> Address."""
    raw = raw.strip()
    if raw.startswith("telegram:"):
        ident = raw.split(":", 1)[1]
        if not ident.lstrip("-").isdigit():
            raise ValueError(f"{raw!r}: a Telegram chat id is a number")
        return Address("telegram", ident)
    try:
        return Address("sms", to_e164(raw.removeprefix("sms:")))
    except PhoneError as exc:
        raise ValueError(f"{raw!r} is not a phone number ({exc})") from None


def _fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


def _directory_problems(exc: DirectoryInvalid) -> int:
    print("The directory has problems:", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)
    return 2


def chat_command(args: argparse.Namespace) -> int:
    config = practice_config(args, first=True)
    try:
        sender = parse_sender(args.sender)
    except ValueError as exc:
        return _fail(f"--as: {exc}")
    return run_async(_chat(config, sender, args.db, args.directory))


async def _chat(config: Config, sender: Address, db: str | None, directory: str | None) -> int:
    configure_logging("WARNING")
    console = ConsoleChannel()
    channels = {"sms": console, "telegram": console, "console": console}
    try:
        runtime = await Runtime.open(config, channels, database=db, directory=directory,
                                     watch=True)
    except DirectoryInvalid as exc:
        return _directory_problems(exc)
    await runtime.start_watching()  # edits to the YAML are live while you chat
    who = display_uk(sender.id) if sender.channel == "sms" else str(sender)
    print(f"Chatting with the {config.practice.name} bot as {who} ({sender.channel}).")
    print("Try: any walking groups?  |  I'm lonely  |  HELP  |  STOP.  Ctrl-D to quit.\n")
    try:
        while True:
            try:
                text = input("you> ")
            except EOFError:
                print()
                return 0
            if not text.strip():
                continue
            inbound = Inbound(sender, text, f"chat-{uuid.uuid4()}", datetime.now(UTC),
                              practice=config.practice_id)  # as --practice (the first)
            await runtime.engine.receive(inbound)
            await runtime.outbox.flush()
    finally:
        await runtime.close()


def simulate_command(args: argparse.Namespace) -> int:
    config = practice_config(args, first=True)
    return run_async(_simulate(config, args.db, args.directory))


def _parse_line(line: str, number: int) -> tuple[Address, str, str | None]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {number}: not valid JSON ({exc.msg})") from None
    if not isinstance(item, dict):
        raise ValueError(f"line {number}: expected an object like "
                         '{"from": "+447700900123", "text": "hello"}')
    channel = str(item.get("channel", "sms"))
    sender, text = item.get("from"), item.get("text")
    if sender is None or not isinstance(text, str):
        raise ValueError(f'line {number}: needs "from" and a "text" string')
    if channel == "sms":
        address = parse_sender(str(sender))
    elif channel == "telegram":
        address = parse_sender(f"telegram:{sender}")
    else:
        raise ValueError(f"line {number}: channel {channel!r} is not sms or telegram")
    external_id = item.get("id")
    return address, text, None if external_id is None else str(external_id)


async def _simulate(config: Config, db: str | None, directory: str | None) -> int:
    configure_logging("WARNING")
    channels = {name: RecordingChannel(name) for name in ("sms", "telegram", "console")}
    with tempfile.TemporaryDirectory(prefix="bot-simulate-") as tmp:
        database = db or str(Path(tmp) / "simulate.db")
        try:
            runtime = await Runtime.open(config, channels, database=database, directory=directory)
        except DirectoryInvalid as exc:
            return _directory_problems(exc)
        errors = 0
        try:
            by_inbox: dict[int, int] = {}
            for index, line in enumerate(sys.stdin):
                if not line.strip():
                    continue
                try:
                    sender, text, external_id = _parse_line(line, index + 1)
                except ValueError as exc:
                    print(f"simulate: {exc}", file=sys.stderr)
                    errors += 1
                    continue
                inbound = Inbound(sender, text, external_id or f"sim-{uuid.uuid4()}",
                                  datetime.now(UTC), practice=config.practice_id)
                received = await runtime.engine.receive(inbound)
                if received.inbox_id is not None:
                    by_inbox[received.inbox_id] = index
                await runtime.outbox.flush()
                for channel in channels.values():
                    for message in channel.sent:
                        out: dict[str, Any] = {
                            "to": message.to.id, "channel": message.to.channel,
                            "text": message.text,
                            "in_reply_to": by_inbox.get(message.inbox_id or -1)}
                        if message.choices:
                            out["choices"] = list(message.choices)
                        print(json.dumps(out), flush=True)
                    channel.sent.clear()
        finally:
            await runtime.close()
    return 1 if errors else 0


def serve_command(args: argparse.Namespace) -> int:
    config = config_or_exit(args)
    from bot.server import serve

    return run_async(serve(config))
