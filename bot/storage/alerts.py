"""Staff alerts (raised by features, listed and handled on the dashboard), requests
passed on to the team, and the audit log with its page.

Nearly every feature raises an alert or writes an audit entry inside its own
transaction: `store.alerts.add(...)`, `store.audit.record(...)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.storage.times import iso, utcnow

if TYPE_CHECKING:
    from bot.storage.store import Store


@dataclass(frozen=True)
class AuditEntry:
    at: str
    actor: str
    action: str
    target: str
    detail: str


class AlertsRepository:
    def __init__(self, store: Store):
        self.store = store

    async def add(self, kind: str, detail: str = "", contact_id: int | None = None) -> int:
        alert_id = await self.store.insert(
            "INSERT INTO staff_alerts(kind, contact_id, detail, created_at, practice_id)"
            " VALUES (?,?,?,?, COALESCE((SELECT practice_id FROM contacts WHERE id=?),"
            " 'default')) RETURNING id", (kind, contact_id, detail, iso(utcnow()), contact_id))
        for listener in self.store.listeners:
            listener("alert", kind)
        return alert_id

    async def all_open(self) -> list[dict[str, Any]]:
        """Open staff alerts, oldest first, each a dict of its columns."""
        rows = await self.store.fetchall(
            "SELECT * FROM staff_alerts WHERE state='open' ORDER BY id")
        return [{key: row[key] for key in row.keys()} for row in rows]

    async def alerts(self, state: str, first_kinds: Sequence[str], limit: int,
                     practice: str | None = None) -> list[dict[str, Any]]:
        """Alerts in this state, `first_kinds` first, then newest first; each a dict of
        its columns plus `has_request` (a passed-on request's text is kept). One
        practice's, or (None) every practice's."""
        rows = await self.store.fetchall(
            "SELECT a.*, EXISTS(SELECT 1 FROM passed_on_requests p WHERE p.alert_id = a.id)"
            " AS has_request FROM staff_alerts a WHERE state=?"
            " AND (CAST(? AS TEXT) IS NULL OR a.practice_id=?) ORDER BY"
            f" CASE WHEN kind IN ({','.join('?' * len(first_kinds))}) THEN 0 ELSE 1 END,"
            " id DESC LIMIT ?", (state, practice, practice, *first_kinds, limit))
        return [{k: row[k] for k in row.keys()} for row in rows]

    async def open_of_kind(self, kind: str, limit: int) -> list[dict[str, Any]]:
        rows = await self.store.fetchall(
            "SELECT * FROM staff_alerts WHERE kind=? AND state='open' ORDER BY id DESC LIMIT ?",
            (kind, limit))
        return [{k: row[k] for k in row.keys()} for row in rows]

    async def state_of(self, alert_id: int, practice: str | None = None) -> str | None:
        """The alert's state; None if there is none (at `practice`, when given)."""
        row = await self.store.fetchone(
            "SELECT state FROM staff_alerts WHERE id=?"
            " AND (CAST(? AS TEXT) IS NULL OR practice_id=?)", (alert_id, practice, practice))
        return str(row[0]) if row else None

    async def take(self, alert_id: int, by: str) -> None:
        """'I'm handling this': only an open alert."""
        await self.store.write(
            "UPDATE staff_alerts SET handled_by=? WHERE id=? AND state='open'", (by, alert_id))

    async def mark_done(self, alert_id: int, by: str, now: datetime, note: str | None = None,
                        *, only_open: bool = False) -> None:
        """Done, with who and when; the note is kept as it was when None."""
        await self.store.write(
            "UPDATE staff_alerts SET state='done', handled_by=?, handled_at=?,"
            " note=COALESCE(?, note) WHERE id=?" + (" AND state='open'" if only_open else ""),
            (by, iso(now), note, alert_id))

    async def done_by_detail(self, kind: str, detail: str, by: str, now: datetime,
                             note: str | None = None) -> None:
        """Mark done the open alerts of this kind whose detail is exactly `detail`."""
        await self.store.write(
            "UPDATE staff_alerts SET state='done', handled_by=?, handled_at=?,"
            " note=COALESCE(?, note) WHERE kind=? AND detail=? AND state='open'",
            (by, iso(now), note, kind, detail))

    # ---- requests passed on to the team ----

    async def add_passed_on_request(self, alert_id: int, contact_id: int, text: str) -> None:
        await self.store.write(
            "INSERT INTO passed_on_requests(alert_id, contact_id, text, practice_id)"
            " VALUES (?,?,?, COALESCE((SELECT practice_id FROM contacts WHERE id=?),"
            " 'default'))", (alert_id, contact_id, text, contact_id))

    async def passed_on_text(self, alert_id: int) -> str | None:
        row = await self.store.fetchone(
            "SELECT text FROM passed_on_requests WHERE alert_id=?", (alert_id,))
        return str(row[0]) if row else None


class AuditRepository:
    """What staff (and the bot on their behalf) did, for the audit page."""

    def __init__(self, store: Store):
        self.store = store

    async def record(self, actor: str, action: str, target: str = "", detail: str = "") -> None:
        await self.store.write(
            "INSERT INTO audit_log(at, actor, action, target, detail) VALUES (?,?,?,?,?)",
            (iso(utcnow()), actor, action, target, detail))

    async def page(self, limit: int, offset: int) -> list[AuditEntry]:
        """The audit log and the directory's change history together, newest first."""
        rows = await self.store.fetchall(
            "SELECT at, actor, action, target, detail FROM ("
            " SELECT at, actor, action, target, detail FROM audit_log"
            " UNION ALL SELECT at, actor, 'listing-changed' AS action, offer_id AS target,"
            " field || ' (' || source || ')' AS detail FROM listing_changes) AS entries"
            " ORDER BY at DESC LIMIT ? OFFSET ?", (limit, offset))
        return [AuditEntry(*row) for row in rows]
