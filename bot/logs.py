"""Logging that never shows a phone number, token or message body.

Code logs ids, flow names and steps only; this filter is the safety net that masks
anything shaped like a phone number or a bot token if one slips into a log line.
"""

from __future__ import annotations

import logging
import re

_PHONE = re.compile(r"(?<![\w*])(\+?\d[\d ]{8,14}\d)(?!\w)")
_TOKEN = re.compile(r"\b\d{6,12}:[A-Za-z0-9_-]{30,}\b|\bAC[0-9a-f]{32}\b")


def scrub(text: str) -> str:
    """Mask numbers (keep all but the last 4 digits) and tokens in a log line."""
    text = _TOKEN.sub("[token]", text)
    return _PHONE.sub(lambda m: m.group(1)[:-4] + "****", text)


class ScrubFilter(logging.Filter):
    """Rewrites each record's message through scrub()."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line (logging.format: json), for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        import json

        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
                 "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        if record.exc_info:
            entry["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry)


def configure_logging(level: str = "INFO", format: str = "text") -> None:
    """Log to stderr, scrubbed; plain text or JSON lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if format == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
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
