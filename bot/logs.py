"""Logging that never shows a phone number, token or message body.

Code logs ids, flow names and steps only; this filter is the safety net that masks
anything shaped like a phone number or a bot token if one slips into a log line.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

_PHONE = re.compile(r"(?<![\w*])(\+?\d[\d ]{8,14}\d)(?!\w)")
_TOKEN = re.compile(r"\b\d{6,12}:[A-Za-z0-9_-]{30,}\b|\bAC[0-9a-f]{32}\b")


def scrub(text: str) -> str:
    """Mask numbers (keep all but the last 4 digits) and tokens in a log line."""
    text = _TOKEN.sub("[token]", text)
    return _PHONE.sub(lambda m: m.group(1)[:-4] + "****", text)


class ScrubFilter(logging.Filter):
    """Rewrites each record's message through scrub()."""

    def filter(self, record: logging.LogRecord) -> bool:
        hide_exception_args(record)
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


HIDDEN = "[details not logged]"


class ScrubFormatter(logging.Formatter):
    """Formats like logging.Formatter, then scrubs the whole line, traceback included.
    An exception's own text (str(exc), which can hold a number or what someone texted) is
    never written: its type and the stack of code lines are, which is what debugging needs."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 (logging's name)
        kind, value, tb = ei
        if value is None:
            return super().formatException(ei)
        shown = traceback.TracebackException(kind, value, tb, compact=True)
        _hide_details(shown)
        return "".join(shown.format()).rstrip("\n")

    def format(self, record: logging.LogRecord) -> str:
        hide_exception_args(record)
        return scrub(super().format(record))


def hide_exception_args(record: logging.LogRecord) -> None:
    """log.error("failed: %s", exc): the exception's type is logged, not its text."""
    if isinstance(record.args, tuple) and any(
            isinstance(arg, BaseException) for arg in record.args):
        record.args = tuple(f"{type(arg).__name__}: {HIDDEN}"
                            if isinstance(arg, BaseException) else arg for arg in record.args)


def _hide_details(shown: traceback.TracebackException) -> None:
    """Blank the exception text of an exception and those chained to it."""
    seen: set[int] = set()
    stack = [shown]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        setattr(item, "_str", HIDDEN)  # noqa: B010 (what format_exception_only prints)
        for attr in ("__cause__", "__context__"):
            nested = getattr(item, attr, None)
            if nested is not None:
                stack.append(nested)
        stack.extend(getattr(item, "exceptions", None) or [])  # exception groups


class JsonFormatter(ScrubFormatter):
    """One JSON object a line (logging.format: json), for log collectors; scrubbed the same."""

    def format(self, record: logging.LogRecord) -> str:
        import json

        hide_exception_args(record)
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
                 "level": record.levelname, "logger": record.name,
                 "message": scrub(record.getMessage())}
        if record.exc_info:
            entry["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry)


def configure_logging(level: str = "INFO", format: str = "text") -> None:
    """Log to stderr, scrubbed (exception text and tracebacks too); plain text or JSON lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if format == "json" else
                         ScrubFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(ScrubFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    quiet_libraries()


# Libraries whose debug logs carry SQL parameters, URLs with tokens or request bodies.
NOISY_LIBRARIES = ("httpx", "httpcore", "aiosqlite", "telegram", "twilio", "uvicorn.access",
                   "aiohttp")


def quiet_libraries() -> None:
    """Keep third-party debug logging (which would show numbers and bodies) off."""
    for name in NOISY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
