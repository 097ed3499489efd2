"""storage.database as a URL: which engine it names, and its password kept out of sight.

The password never comes from the settings file (bot/config.py refuses one there): it is
BOT_DATABASE_PASSWORD, merged in here, or part of BOT_DATABASE_URL. Logs and messages show
`redacted(url)`.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit


def is_postgres(database: str | Path) -> bool:
    """Whether storage.database names a PostgreSQL server rather than a SQLite file."""
    return str(database).startswith(("postgresql://", "postgres://"))


def redacted(url: str) -> str:
    """The URL without its password, for logs and messages."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "postgresql://(malformed URL)"
    user = f"{parts.username}@" if parts.username else ""
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query)
                       if key != "password"])  # libpq also takes ?password=
    return urlunsplit((parts.scheme, f"{user}{host}{port}", parts.path, query, ""))


def has_password(url: str) -> bool:
    """Whether the URL carries a password (in its user part or as ?password=)."""
    try:
        parts = urlsplit(url)
        return parts.password is not None or "password" in dict(parse_qsl(parts.query))
    except ValueError:
        return False


def with_password(url: str, password: str) -> str:
    """The URL with this password (BOT_DATABASE_PASSWORD) put in, replacing any there."""
    parts = urlsplit(url)
    user = quote(unquote(parts.username or ""), safe="")
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address goes back in brackets
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    netloc = f"{user}:{quote(password, safe='')}@{host}{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
