"""Times as the database stores them: ISO 8601 UTC text, which sorts as it should."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Stored form of a time: ISO 8601 UTC, sortable as text."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_iso(value: str) -> datetime:
    """Inverse of iso()."""
    return datetime.fromisoformat(value)
