"""Settings: config.yaml, overridden by BOT_* environment variables, validated all at once.

Every setting has a dotted path (`storage.database`) and can be overridden by an
environment variable named after it (`BOT_STORAGE_DATABASE`). Secrets never live in the
file: they come only from TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TELEGRAM_BOT_TOKEN,
TELEGRAM_WEBHOOK_SECRET, and for PostgreSQL BOT_DATABASE_URL or BOT_DATABASE_PASSWORD
(and a practice's own Telegram bot token, from the variable its telegram_token_env names).
"""

from __future__ import annotations

import os
import re
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import time, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import process

from bot.config_practices import DEFAULT_PRACTICE, Practice, SendWindowSettings, parse_practices
from bot.config_values import (  # the value parsers, one per kind of setting
    address_list,
    boolean,
    choice,
    clock,
    database,
    duration,
    integer,
    ip_list,
    number,
    optional_clock,
    optional_phone,
    optional_text,
    phone,
    size,
    text,
    timezone,
    url,
    weekdays,
)
from bot.storage.urls import is_postgres, with_password

DEFAULT_FILES = ("config.yaml", "config.example.yaml")


class ConfigError(Exception):
    """Every problem found in the settings, each as 'path: what is wrong'."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Setting:
    path: str
    default: Any
    parse: Callable[[Any], Any]
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("practice.name", "Millbrook Health Centre", text, "name used in texts"),
    Setting("practice.phone", "01632 960000", phone, "given in HELP and apologies"),
    Setting("practice.website", "", optional_text, "given with the number for practice business"),
    Setting("practice.opening_hours", "", optional_text, "like Mon-Fri 8am to 6.30pm"),
    Setting("practice.online_services", "", optional_text, "like the NHS App"),
    Setting("storage.database", "data/bot.db", database, "SQLite file or postgresql:// URL"),
    Setting("directory.path", "directory/example/offers.yaml", text, "offers YAML file or folder"),
    Setting("directory.review_after", "90d", duration, "ask maintainers to confirm after"),
    Setting("conversation.expiry", "3d", duration, "a conversation idle this long ends"),
    Setting("server.host", "127.0.0.1", text, "web server address"),
    Setting("server.port", 8080, integer(1), "web server port"),
    Setting("server.public_url", "", url, "public https base URL Twilio/Telegram call"),
    Setting("server.max_body", "1MB", size, "largest request body accepted (else 413)"),
    Setting("server.max_upload", "20MB", size, "largest practice-list (CSV) upload"),
    Setting("server.trusted_proxies", [], ip_list, "proxies whose X-Forwarded-For is used"),
    Setting("sms.provider", "console", choice("console", "twilio"), "console prints texts"),
    Setting("sms.from_number", "", optional_phone, "the Twilio UK long code"),
    Setting("sms.messaging_service_sid", "", optional_text, "or a Messaging Service"),
    Setting("sms.api_base_url", "https://api.twilio.com", url, "Twilio REST API root"),
    Setting("sms.rate_per_second", 1.0, number(0.01), "texts sent per second"),
    Setting("sms.reply_only_uk", True, boolean, "never reply to non-UK numbers"),
    Setting("sms.max_replies_per_10_minutes", 10, integer(1), "per sender, then quiet"),
    Setting("sms.daily_cap", 5000, integer(1), "outbound texts per day"),
    Setting("telegram.enabled", False, boolean, "run the Telegram bot inside serve"),
    Setting("telegram.mode", "polling", choice("polling", "webhook"), "polling or webhook"),
    Setting("telegram.api_base_url", "https://api.telegram.org", url, "Bot API server root"),
    Setting("campaigns.send_window.days", ["MO", "TU", "WE", "TH", "FR"], weekdays, "days"),
    Setting("campaigns.send_window.start", "09:00", clock, "window opens"),
    Setting("campaigns.send_window.end", "18:00", clock, "window closes"),
    Setting("campaigns.send_window.timezone", "Europe/London", timezone, "window time zone"),
    Setting("campaigns.send_window.skip_bank_holidays", True, boolean, "England and Wales"),
    Setting("campaigns.price_per_segment", 0.0463, number(0), "GBP, for cost estimates"),
    Setting("campaigns.reminder_after", "2d", duration, "one reminder to a half-done reply"),
    Setting("safety.hold", "24h", duration, "after a crisis reply: no listings or invitations"),
    Setting("connections.answer_within", "48h", duration, "a champion's time to answer"),
    Setting("connections.relay_for", "14d", duration, "an introduction's relay then closes"),
    Setting("connections.follow_up_after", "3d", duration, "after the session: did you go?"),
    Setting("connections.wellbeing", False, boolean, "offer the ONS4 wellbeing questions"),
    Setting("connections.wellbeing_every", "8w", duration, "wellbeing questions at most every"),
    Setting("staff.admins", [], address_list, "staff who may edit any offer"),
    Setting("staff.telegram_chat_id", "", optional_text, "staff Telegram chat for notices"),
    Setting("dashboard.session_expiry", "8h", duration, "staff dashboard login lasts"),
    Setting("logging.level", "INFO", choice("debug", "info", "warning", "error"), "log level"),
)

SECRETS = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TELEGRAM_BOT_TOKEN",
           "TELEGRAM_WEBHOOK_SECRET", "BOT_DATABASE_URL", "BOT_DATABASE_PASSWORD")


# Running it for real: backups, retention periods, metrics and health thresholds
# (docs/operations.md and docs/data-protection.md explain each).
SETTINGS += (
    Setting("logging.format", "text", choice("text", "json"), "text, or one JSON object a line"),
    Setting("backup.schedule", "", optional_clock, "daily backup at HH:MM; empty: off"),
    Setting("backup.folder", "data/backups", text, "where scheduled backups go"),
    Setting("backup.keep", 7, integer(1), "scheduled backups kept"),
    Setting("retention.enabled", True, boolean, "daily job deleting what has passed its period"),
    Setting("retention.message_history", "90d", duration, "texts in and out"),
    Setting("retention.conversation_answers", "90d", duration, "unfinished or declined answers"),
    Setting("retention.champion_answers", "30d", duration, "after they stop being a champion"),
    Setting("retention.unmet_need_examples", "90d", duration, "example texts; counts stay"),
    Setting("retention.alerts", "365d", duration, "handled staff alerts"),
    Setting("retention.audit_log", "730d", duration, "audit log entries"),
    Setting("retention.never_replied", "180d", duration, "invited people who never replied"),
    Setting("retention.staff_sessions", "30d", duration, "after a session or link expired"),
    Setting("metrics.enabled", False, boolean, "Prometheus /metrics on its own port"),
    Setting("metrics.host", "127.0.0.1", text, "metrics listener address"),
    Setting("metrics.port", 9108, integer(1), "metrics listener port"),
    Setting("health.max_backlog", 1000, integer(1), "/healthz unhealthy above this many waiting"),
    Setting("health.max_reply_age", "5m", duration, "... or a reply unsent for this long"),
)


# ---- typed settings: one frozen dataclass per section, fields named as the settings ----
# Every Setting above is one field here (tests/test_config.py checks both ways), so
# `config.sms.rate_per_second` is a float to mypy as well as at run time.

@dataclass(frozen=True)
class PracticeSettings:
    name: str
    phone: str
    website: str
    opening_hours: str
    online_services: str


@dataclass(frozen=True)
class StorageSettings:
    database: str


@dataclass(frozen=True)
class DirectorySettings:
    path: str
    review_after: timedelta


@dataclass(frozen=True)
class ConversationSettings:
    expiry: timedelta


@dataclass(frozen=True)
class ServerSettings:
    host: str
    port: int
    public_url: str
    max_body: int
    max_upload: int
    trusted_proxies: tuple[str, ...]


@dataclass(frozen=True)
class SmsSettings:
    provider: str
    from_number: str
    messaging_service_sid: str
    api_base_url: str
    rate_per_second: float
    reply_only_uk: bool
    max_replies_per_10_minutes: int
    daily_cap: int


@dataclass(frozen=True)
class TelegramSettings:
    enabled: bool
    mode: str
    api_base_url: str


@dataclass(frozen=True)
class CampaignSettings:
    send_window: SendWindowSettings
    price_per_segment: float
    reminder_after: timedelta


@dataclass(frozen=True)
class SafetySettings:
    hold: timedelta


@dataclass(frozen=True)
class StaffSettings:
    admins: tuple[str, ...]
    telegram_chat_id: str


@dataclass(frozen=True)
class ConnectionsSettings:
    answer_within: timedelta
    relay_for: timedelta
    follow_up_after: timedelta
    wellbeing: bool
    wellbeing_every: timedelta


@dataclass(frozen=True)
class DashboardSettings:
    session_expiry: timedelta


@dataclass(frozen=True)
class LoggingSettings:
    level: str
    format: str


@dataclass(frozen=True)
class BackupSettings:
    schedule: time | None
    folder: str
    keep: int


@dataclass(frozen=True)
class RetentionSettings:
    enabled: bool
    message_history: timedelta
    conversation_answers: timedelta
    champion_answers: timedelta
    unmet_need_examples: timedelta
    alerts: timedelta
    audit_log: timedelta
    never_replied: timedelta
    staff_sessions: timedelta


@dataclass(frozen=True)
class MetricsSettings:
    enabled: bool
    host: str
    port: int


@dataclass(frozen=True)
class HealthSettings:
    max_backlog: int
    max_reply_age: timedelta


@dataclass
class Config:
    """Validated settings, as typed sections (`config.sms.rate_per_second`), plus secrets
    from the environment. `values` keeps them by dotted path, as in the file.

    `practices` is every practice of the deployment (one, `default`, without a
    `practices:` list); `for_practice(id)` is these settings as that practice sees them:
    its name, phone, directory and sending window in the usual sections."""

    values: dict[str, Any]
    secrets: dict[str, str] = field(default_factory=dict)
    source: str = ""
    practice_list: tuple[Practice, ...] = ()  # from `practices:`; empty: the one default
    practice_id: str = DEFAULT_PRACTICE  # whose settings `practice` etc. are
    practice: PracticeSettings = field(init=False, repr=False)
    storage: StorageSettings = field(init=False, repr=False)
    directory: DirectorySettings = field(init=False, repr=False)
    conversation: ConversationSettings = field(init=False, repr=False)
    server: ServerSettings = field(init=False, repr=False)
    sms: SmsSettings = field(init=False, repr=False)
    telegram: TelegramSettings = field(init=False, repr=False)
    campaigns: CampaignSettings = field(init=False, repr=False)
    safety: SafetySettings = field(init=False, repr=False)
    staff: StaffSettings = field(init=False, repr=False)
    connections: ConnectionsSettings = field(init=False, repr=False)
    dashboard: DashboardSettings = field(init=False, repr=False)
    logging: LoggingSettings = field(init=False, repr=False)
    backup: BackupSettings = field(init=False, repr=False)
    retention: RetentionSettings = field(init=False, repr=False)
    metrics: MetricsSettings = field(init=False, repr=False)
    health: HealthSettings = field(init=False, repr=False)

    def __post_init__(self) -> None:
        for name, kind in section_types().items():
            setattr(self, name, _section(kind, name, self.values))
        self._views: dict[str, Config] = {}

    @cached_property
    def practices(self) -> tuple[Practice, ...]:
        """Every practice; without a `practices:` list, the `practice:` section as one."""
        if self.practice_list:
            return self.practice_list
        numbers = (self.sms.from_number,) if self.sms.from_number else ()
        return (Practice(DEFAULT_PRACTICE, self.practice.name, self.practice.phone,
                         self.practice.website, self.practice.opening_hours,
                         self.practice.online_services, numbers, (self.directory.path,),
                         self.campaigns.send_window),)

    @property
    def directory_paths(self) -> list[str]:
        """Every offers file or folder the practices use, each once (backups take them
        all); one practice: `directory.path`."""
        return list(dict.fromkeys(path for p in self.practices for path in p.directory))

    @property
    def several_practices(self) -> bool:
        return len(self.practice_list) > 1

    def practice_named(self, practice_id: str) -> Practice:
        """The practice with this id (KeyError naming the ids there are)."""
        for practice in self.practices:
            if practice.id == practice_id:
                return practice
        known = ", ".join(p.id for p in self.practices)
        raise KeyError(f"no practice {practice_id!r} (there are: {known})")

    def practice_for_number(self, number: str) -> Practice | None:
        """Whose Twilio number this is. Without a `practices:` list every number is the
        one practice's, as before."""
        if not self.practice_list:
            return self.practices[0]
        for practice in self.practice_list:
            if number in practice.sms_numbers:
                return practice
        return None

    def seen_by(self, practice_id: str | None) -> Config:
        """`for_practice` for a practice there is; else (None: a federation admin, or a
        practice no longer listed) these settings as they are."""
        if practice_id is None or practice_id not in {p.id for p in self.practices}:
            return self
        return self.for_practice(practice_id)

    def for_practice(self, practice_id: str) -> Config:
        """These settings as one practice sees them: `practice.*`, `directory.path` (its
        own offers) and `campaigns.send_window.*` are that practice's."""
        if practice_id == self.practice_id and not self.practice_list:
            return self
        if practice_id not in self._views:
            found = self.practice_named(practice_id)
            values = dict(self.values)
            for name in ("name", "phone", "website", "opening_hours", "online_services"):
                values[f"practice.{name}"] = getattr(found, name)
            values["directory.path"] = found.directory[-1]
            for item in fields(SendWindowSettings):
                values[f"campaigns.send_window.{item.name}"] = getattr(found.send_window,
                                                                       item.name)
            self._views[practice_id] = Config(values, self.secrets, self.source,
                                              self.practice_list, practice_id)
        return self._views[practice_id]

    @property
    def database(self) -> str:
        """Where the data lives: BOT_DATABASE_URL if set, else storage.database; a
        PostgreSQL URL gets BOT_DATABASE_PASSWORD merged in. Never log it: it may hold the
        password (bot/storage/urls.py redacted)."""
        found = self.secrets.get("BOT_DATABASE_URL") or self.storage.database
        password = self.secrets.get("BOT_DATABASE_PASSWORD")
        if password and is_postgres(found):
            return with_password(found, password)
        return found

    def get(self, path: str) -> object:
        """One setting by dotted path, for code holding the path as data (messages, tests);
        elsewhere use the typed sections."""
        return self.values[path]

    def with_overrides(self, **paths: Any) -> Config:
        """A copy with some settings replaced (dotted paths given with __ for .)."""
        values = dict(self.values)
        for key, value in paths.items():
            values[key.replace("__", ".")] = value
        return Config(values, dict(self.secrets), self.source, self.practice_list,
                      self.practice_id)


def section_types() -> dict[str, type]:
    """Config's sections: attribute name -> dataclass."""
    hints = typing.get_type_hints(Config)
    return {f.name: hints[f.name] for f in fields(Config) if not f.init}


def _section(kind: type, prefix: str, values: Mapping[str, Any]) -> Any:
    hints = typing.get_type_hints(kind)
    parts = {}
    for item in fields(kind):
        path = f"{prefix}.{item.name}"
        hint = hints[item.name]
        nested = isinstance(hint, type) and is_dataclass(hint)
        parts[item.name] = _section(hint, path, values) if nested else values[path]
    return kind(**parts)


def env_name(path: str) -> str:
    """storage.database -> BOT_STORAGE_DATABASE."""
    return "BOT_" + re.sub(r"[^A-Za-z0-9]", "_", path).upper()


def _flatten(tree: Any, prefix: str, out: dict[str, Any], problems: list[str]) -> None:
    if not isinstance(tree, dict):
        problems.append(f"{prefix or '(top level)'}: expected a mapping of settings")
        return
    for key, value in tree.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if path == "practices":  # a list of its own (bot/config_practices.py)
            out[path] = value
        elif isinstance(value, dict) and not any(s.path == path for s in SETTINGS):
            _flatten(value, path, out, problems)
        else:
            out[path] = value


def default_config_path() -> str:
    """config.yaml if present, else config.example.yaml."""
    for name in DEFAULT_FILES:
        if Path(name).exists():
            return name
    return DEFAULT_FILES[-1]


def load_config(path: str | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Read, override from the environment and validate; ConfigError lists every problem."""
    env = os.environ if environ is None else environ
    source = path or default_config_path()
    problems: list[str] = []
    raw: dict[str, Any] = {}
    file = Path(source)
    if file.exists():
        try:
            tree = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
            _flatten(tree, "", raw, problems)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
            problems.append(f"{source}{where}: not valid YAML ({getattr(exc, 'problem', exc)})")
    elif path is not None:
        problems.append(f"{source}: file not found")

    listed = raw.pop("practices", None)
    known = {s.path for s in SETTINGS}
    for unknown in sorted(set(raw) - known):
        guess = process.extractOne(unknown, known, score_cutoff=70)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        problems.append(f"{unknown}: unknown setting{hint}")

    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = raw.get(setting.path, setting.default)
        override = env.get(env_name(setting.path))
        if override is not None:
            value = override  # kept as text: YAML would read 0113 as an octal number
        try:
            values[setting.path] = setting.parse(value)
        except ValueError as exc:
            problems.append(f"{setting.path}: {exc}")
    practices: tuple[Practice, ...] = ()
    if listed is not None and not problems:
        practices = parse_practices(listed, values, problems)
    if problems:
        raise ConfigError(problems)
    # Each practice's own Telegram bot token, from the variable it names.
    names = (*SECRETS, *(p.telegram_token_env for p in practices if p.telegram_token_env))
    secrets = {name: env[name] for name in names if env.get(name)}
    config = Config(values, secrets, source, practices)
    # With a list, what is not yet told apart by practice sees the first one.
    return config.for_practice(practices[0].id) if practices else config
