"""The `practices:` list: several practices on one deployment, each with its own numbers,
directory and sending window (docs/configuration.md, "Several practices").

Each entry is checked on its own and against the others; every problem names the entry
(`practices[2] (id 'oak')`) and its field, and all are listed at once, as for the other
settings. A field an entry leaves out comes from the usual section: `website`,
`opening_hours` and `online_services` from `practice:`, `send_window` from
`campaigns.send_window`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import time
from pathlib import Path
from typing import Any

from bot.config_values import (
    boolean,
    clock,
    optional_phone,
    optional_text,
    phone,
    text,
    timezone,
    weekdays,
)

DEFAULT_PRACTICE = "default"


@dataclass(frozen=True)
class SendWindowSettings:
    days: tuple[str, ...]
    start: time
    end: time
    timezone: str
    skip_bank_holidays: bool


@dataclass(frozen=True)
class Practice:
    """One practice of the deployment (the `practices:` list), or, without
    that list, the one `practice:` section as the practice `default`."""

    id: str
    name: str
    phone: str
    website: str
    opening_hours: str
    online_services: str
    sms_numbers: tuple[str, ...]  # the Twilio numbers texted to reach it, E.164
    directory: tuple[str, ...]  # offers files or folders: a shared one first, then its own
    send_window: SendWindowSettings
    # The environment variable holding its own Telegram bot's token; empty: its people
    # reach it through the deployment's bot (TELEGRAM_BOT_TOKEN), which is the first's.
    telegram_token_env: str = ""


SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
FIELDS = {"id", "name", "phone", "website", "opening_hours", "online_services",
          "sms_numbers", "directory", "send_window", "telegram_token_env"}
TOKEN_ENV = re.compile(r"^TELEGRAM_BOT_TOKEN_[A-Z0-9_]+$")
WINDOW = {"days": weekdays, "start": clock, "end": clock, "timezone": timezone,
          "skip_bank_holidays": boolean}


REQUIRED = object()


class _Entry:
    """One entry being read: its problems are prefixed with where it is."""

    def __init__(self, index: int, raw: dict[str, Any], problems: list[str]):
        self.raw = raw
        self.problems = problems
        given = raw.get("id")
        self.where = f"practices[{index}]" + (f" (id {str(given)!r})" if given else "")

    def problem(self, what: str) -> None:
        self.problems.append(f"{self.where}: {what}")

    def value(self, name: str, parse: Any, default: Any = REQUIRED) -> Any:
        if name not in self.raw or self.raw[name] is None:
            if default is REQUIRED:
                self.problem(f"{name} is missing")
                return ""
            return default
        try:
            return parse(self.raw[name])
        except ValueError as exc:
            self.problem(f"{name}: {exc}")
            return ""


def _numbers(entry: _Entry) -> tuple[str, ...]:
    raw = entry.raw.get("sms_numbers") or []
    items = raw if isinstance(raw, list) else [raw]
    found = []
    for item in items:
        try:
            number = optional_phone(item)
        except ValueError as exc:
            entry.problem(f"sms_numbers: {exc}")
            continue
        if number:
            found.append(number)
    return tuple(found)


def _directory(entry: _Entry) -> tuple[str, ...]:
    """`directory: path` (its own), or `directory: {shared: path, own: path}`."""
    raw = entry.raw.get("directory")
    if raw in (None, ""):
        entry.problem("directory is missing (a path, or shared: and own: paths)")
        return ()
    if isinstance(raw, dict):
        unknown = sorted(set(raw) - {"shared", "own"})
        if unknown:
            entry.problem(f"directory: unknown key {unknown[0]!r} (use shared: and own:)")
        paths = [optional_text(raw.get("shared")), optional_text(raw.get("own"))]
        paths = [path for path in paths if path]
        if not paths:
            entry.problem("directory: give shared:, own: or both")
    else:
        try:
            paths = [text(raw)]
        except ValueError as exc:
            entry.problem(f"directory: {exc}")
            return ()
    for path in paths:
        if not Path(path).exists():
            entry.problem(f"directory: {path} not found")
    return tuple(paths)


def _token_env(entry: _Entry) -> str:
    """The name (never the value) of the variable holding its Telegram bot's token."""
    name = optional_text(entry.raw.get("telegram_token_env"))
    if name and not TOKEN_ENV.match(name):
        entry.problem("telegram_token_env: name an environment variable like"
                      " TELEGRAM_BOT_TOKEN_OAK (the token itself never goes in the file)")
        return ""
    return name


def _window(entry: _Entry, default: SendWindowSettings) -> SendWindowSettings:
    raw = entry.raw.get("send_window")
    if raw is None:
        return default
    if not isinstance(raw, dict):
        entry.problem("send_window: expected days, start, end ... as in campaigns.send_window")
        return default
    for unknown in sorted(set(raw) - set(WINDOW)):
        entry.problem(f"send_window.{unknown}: unknown setting")
    parts = {}
    for item in fields(SendWindowSettings):
        parts[item.name] = getattr(default, item.name)
        if item.name in raw:
            try:
                parts[item.name] = WINDOW[item.name](raw[item.name])
            except ValueError as exc:
                entry.problem(f"send_window.{item.name}: {exc}")
    return SendWindowSettings(**parts)


def parse_practices(listed: Any, values: dict[str, Any],
                    problems: list[str]) -> tuple[Practice, ...]:
    """The `practices:` list as Practices; problems are added to `problems`."""
    if not isinstance(listed, list) or not listed:
        problems.append("practices: expected a list of practices (id, name, phone, ...)")
        return ()
    default_window = SendWindowSettings(
        **{item.name: values[f"campaigns.send_window.{item.name}"]
           for item in fields(SendWindowSettings)})
    found: list[Practice] = []
    owners: dict[str, str] = {}
    for index, raw in enumerate(listed):
        if not isinstance(raw, dict):
            problems.append(f"practices[{index}]: expected a mapping (id: ..., name: ...)")
            continue
        entry = _Entry(index, raw, problems)
        for unknown in sorted(set(raw) - FIELDS):
            entry.problem(f"{unknown}: unknown setting")
        practice_id = entry.value("id", text)
        if practice_id and not SLUG.match(practice_id):
            entry.problem("id: use lower-case letters, digits and dashes (like oak-lane)")
        if any(p.id == practice_id for p in found):
            entry.problem(f"id: {practice_id!r} is already the id of another practice")
        practice = Practice(
            id=practice_id,
            name=entry.value("name", text),
            phone=entry.value("phone", phone),
            website=entry.value("website", optional_text, values["practice.website"]),
            opening_hours=entry.value("opening_hours", optional_text,
                                      values["practice.opening_hours"]),
            online_services=entry.value("online_services", optional_text,
                                        values["practice.online_services"]),
            sms_numbers=_numbers(entry),
            directory=_directory(entry),
            send_window=_window(entry, default_window),
            telegram_token_env=_token_env(entry))
        taken = [p.id for p in found if practice.telegram_token_env
                 and p.telegram_token_env == practice.telegram_token_env]
        if taken:
            entry.problem(f"telegram_token_env: {practice.telegram_token_env} is already the"
                          f" bot of {taken[0]!r}")
        for number in practice.sms_numbers:
            if number in owners:
                entry.problem(f"sms_numbers: {number} is already a number of {owners[number]}")
            owners.setdefault(number, entry.where)
        found.append(practice)
    return tuple(found)
