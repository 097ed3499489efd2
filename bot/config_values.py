"""Value parsers for the settings: each returns the parsed value or raises
ValueError(reason), which bot/config.py reports with the setting's path."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.phones import PhoneError, to_e164, uk_phone
from bot.storage.urls import has_password, is_postgres


def text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        raise ValueError(f"{value!r} is not text")
    return str(value).strip()


def database(value: Any) -> str:
    """A SQLite file, or a postgresql:// URL without its password."""
    found = text(value)
    if is_postgres(found) and has_password(found):
        raise ValueError("a password does not belong in the settings: set it in"
                         " BOT_DATABASE_PASSWORD (or the whole URL in BOT_DATABASE_URL)")
    return found


def optional_text(value: Any) -> str:
    return "" if value is None else text(value)


def integer(minimum: int = 0) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError(f"{value!r} is not a whole number")
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a whole number") from None
        if number < minimum:
            raise ValueError(f"{number} is below the minimum of {minimum}")
        return number
    return parse


def number(minimum: float = 0.0) -> Callable[[Any], float]:
    def parse(value: Any) -> float:
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not a number")
        try:
            result = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{value!r} is not a number") from None
        if result < minimum:
            raise ValueError(f"{result} is below the minimum of {minimum}")
        return result
    return parse


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in ("true", "yes", "on", "1"):
        return True
    if lowered in ("false", "no", "off", "0"):
        return False
    raise ValueError(f"{value!r} is not true or false")


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def duration(value: Any) -> timedelta:
    """'3d', '72h', '30m', '90s' or a number of seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return timedelta(seconds=float(value))
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a duration (use e.g. 3d, 12h, 30m)")
    return timedelta(seconds=float(match.group(1)) * _UNIT_SECONDS[match.group(2)])


def choice(*options: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        word = str(value).strip().lower()
        if word not in options:
            raise ValueError(f"{value!r} is not one of {', '.join(options)}")
        return word
    return parse


def phone(value: Any) -> str:
    try:
        return uk_phone(str(value))
    except PhoneError:
        raise ValueError(f"{str(value)!r} is not a UK phone number") from None


def optional_phone(value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        return to_e164(str(value))
    except PhoneError:
        raise ValueError(f"{str(value)!r} is not a phone number") from None


def url(value: Any) -> str:
    if value in (None, ""):
        return ""
    result = str(value).strip().rstrip("/")
    if not re.match(r"^https?://[^\s/]+", result):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return result


_SIZE = re.compile(r"^\s*(\d+)\s*(b|kb|k|mb|m)?\s*$", re.I)
_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024 * 1024, "mb": 1024 * 1024}


def size(value: Any) -> int:
    """A size in bytes: 1048576, "512KB" or "1MB" (binary units)."""
    found = _SIZE.match(str(value)) if not isinstance(value, bool) else None
    if found is None:
        raise ValueError(f"{value!r} is not a size (e.g. 1MB or 512KB)")
    number = int(found.group(1)) * _SIZE_UNITS[(found.group(2) or "").lower()]
    if number < 1024:
        raise ValueError(f"{value!r} is below the minimum of 1KB")
    return number


def ip_list(value: Any) -> tuple[str, ...]:
    """IP addresses or networks ("127.0.0.1", "10.0.0.0/8"), as a list or comma-separated."""
    import ipaddress

    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise ValueError(f"{value!r} is not a list of addresses")
    found = []
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or network") from None
        found.append(item)
    return tuple(found)


def clock(value: Any) -> time:
    match = re.match(r"^(\d{1,2}):(\d{2})$", str(value).strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"{value!r} is not a time (HH:MM)")
    return time(int(match.group(1)), int(match.group(2)))


def timezone(value: Any) -> str:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not a time zone") from None
    return str(value)


_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def weekdays(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else str(value).replace(",", " ").split()
    days = tuple(str(day).strip().upper()[:2] for day in items)
    bad = [str(day) for day, short in zip(items, days, strict=True) if short not in _DAYS]
    if bad or not days:
        raise ValueError(f"{value!r} is not a list of days (MO TU WE TH FR SA SU)")
    return days


def address_list(value: Any) -> tuple[str, ...]:
    """Staff addresses: phone numbers (sms) or telegram:<chat id>."""
    if value in (None, ""):
        return ()
    items = value if isinstance(value, list) else str(value).replace(",", " ").split()
    result = []
    for item in items:
        raw = str(item).strip()
        if raw.startswith("telegram:"):
            result.append(raw)
            continue
        try:
            result.append("sms:" + to_e164(raw.removeprefix("sms:")))
        except PhoneError:
            raise ValueError(f"{raw!r} is not a phone number or telegram:<id>") from None
    return tuple(result)



def optional_clock(value: Any) -> time | None:
    return None if value in (None, "") else clock(value)
