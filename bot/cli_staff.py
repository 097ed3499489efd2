"""`python -m bot staff add | list | disable | enable | reset | role`: dashboard accounts."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from bot.cli import config_or_exit, open_store, practice_or_exit, run_async
from bot.config import Config


def staff_group(subparsers: Any, common: argparse.ArgumentParser) -> Any:
    """The one `staff` command group, shared with bot.cli_campaign (`staff digest`)."""
    staff = subparsers.choices.get("staff") or subparsers.add_parser(
        "staff", parents=[common], help="for practice staff")
    commands = getattr(staff, "bot_commands", None)
    if commands is None:
        commands = staff.add_subparsers(dest="staff_command", metavar="COMMAND", required=True)
        staff.bot_commands = commands
    return commands


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    add = staff_group(subparsers, common).add_parser(
        "add", parents=[common], help="a staff account for the dashboard (/staff/)",
        description="Adds a dashboard account. The password is typed twice at a prompt, "
                    "or, with --link, the person chooses it through a one-time link "
                    "(48 hours) printed here for you to give them.")
    add.add_argument("email", metavar="EMAIL")
    add.add_argument("--role", choices=("admin", "staff"), default="staff",
                     help="admin can also see the audit log and add staff (default staff)")
    where = add.add_mutually_exclusive_group()
    where.add_argument("--practice", metavar="ID",
                       help="the practice they work at, whose people and alerts they see"
                            " (default: the only practice)")
    where.add_argument("--all-practices", action="store_true",
                       help="a federation admin, who sees every practice")
    how = add.add_mutually_exclusive_group()
    how.add_argument("--link", action="store_true",
                     help="print a one-time link for the person to set their own password")
    how.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    add.set_defaults(func=add_command)
    commands = staff_group(subparsers, common)
    listing = commands.add_parser("list", parents=[common], help="dashboard accounts")
    listing.set_defaults(func=list_command)
    for action, help_text in (
            ("disable", "stop an account logging in (ends its sessions)"),
            ("enable", "let a disabled account log in again"),
            ("reset", "clear the password and print a new one-time link")):
        change = commands.add_parser(action, parents=[common], help=help_text)
        change.add_argument("email", metavar="EMAIL")
        change.set_defaults(func=change_command, action=action, role="")
    role = commands.add_parser("role", parents=[common], help="make an account admin or staff")
    role.add_argument("email", metavar="EMAIL")
    role.add_argument("role", choices=("admin", "staff"))
    role.set_defaults(func=change_command, action="role")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def add_command(args: argparse.Namespace) -> int:
    config = config_or_exit(args)
    password: str | None = None
    use_link = args.link or (not args.password_stdin and not sys.stdin.isatty())
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not use_link:
        try:
            password = getpass.getpass("Password (at least 10 characters): ")
            again = getpass.getpass("The same password again: ")
        except (EOFError, KeyboardInterrupt):
            return _fail("\nNo account added.")
        if password != again:
            return _fail("The two passwords are not the same. No account added.")
    practice = None if args.all_practices else practice_or_exit(config, args.practice)
    return run_async(_add(config, args.email, args.role, password, practice))


async def _add(config: Config, email: str, role: str, password: str | None,
               practice: str | None = "default") -> int:
    from bot.dashboard import auth

    if password is not None:
        try:
            auth.check_password_rules(password)
        except auth.AccountError as exc:
            return _fail(f"Password: {exc}. No account added.")
    async with open_store(config) as store:
        try:
            account = await auth.create_account(store, email, role, practice)
        except auth.AccountError as exc:
            return _fail(f"Can't add: {exc}.")
        if password is not None:
            await auth.set_password(store, account, password)
            print(f"Added {email} ({role}). They can log in at {_base(config)}/staff/login")
            return 0
        token = await auth.password_link_token(store, account)
    print(f"Added {email} ({role}). Give them this one-time link to choose a password "
          f"(it works once, for 48 hours):\n\n  {_base(config)}/staff/set-password/{token}\n")
    return 0


def _base(config: Config) -> str:
    public = str(config.server.public_url).rstrip("/")
    return public or f"http://{config.server.host}:{config.server.port}"


def list_command(args: argparse.Namespace) -> int:
    return run_async(_list(config_or_exit(args)))


async def _list(config: Config) -> int:
    from bot.dashboard.accounts import list_accounts

    async with open_store(config) as store:
        rows = await list_accounts(store)
    if not rows:
        print("No staff accounts yet. Add one: python -m bot staff add EMAIL --role admin")
        return 0
    width = max(len(row.email) for row in rows)
    several = config.several_practices
    for row in rows:
        state = "disabled" if row.disabled else (
            "active" if row.ready else "waiting for a password")
        where = f"  {row.practice or 'every practice'}" if several else ""
        print(f"{row.email:<{width}}  {row.role:<5}  {state}{where}")
    return 0


def change_command(args: argparse.Namespace) -> int:
    return run_async(_change(config_or_exit(args), args.email, args.action, args.role))


DONE = {"disable": "Disabled {email}: they can't log in, and their sessions have ended.",
        "enable": "Enabled {email}: they can log in again.",
        "role": "{email} is now {role}; their sessions have ended, so they log in again.",
        "reset": "Reset {email}: the old password no longer works. Give them this one-time "
                 "link to choose a new one (it works once, for 48 hours):\n\n  {link}\n"}


async def _change(config: Config, email: str, action: str, role: str) -> int:
    from bot.dashboard import auth
    from bot.dashboard.accounts import change_account

    try:
        async with open_store(config) as store:
            token = await change_account(store, "cli", email, action, role)
    except auth.AccountError as exc:
        return _fail(f"Can't {action}: {exc}.")
    link = f"{_base(config)}/staff/set-password/{token}" if token else ""
    print(DONE[action].format(email=email.strip(), role=role, link=link))
    return 0
