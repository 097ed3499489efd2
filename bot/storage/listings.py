"""Listings in the database: the change history, proposals for new listings, and the
regular "still right?" checks. The listings themselves live in the directory YAML;
flows/listings_admin.py holds the rules.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.storage.store import Store
from bot.storage.times import iso, parse_iso


@dataclass(frozen=True)
class Proposal:
    number: int
    state: str
    created_at: str
    data: dict[str, Any]
    contact_id: int | None
    offer_id: str | None


@dataclass(frozen=True)
class Review:
    id: int
    offer_id: str
    sent_at: datetime


def _proposal(row: Any) -> Proposal:
    return Proposal(row["id"], row["state"], row["created_at"], json.loads(row["data"]),
                    row["contact_id"], row["offer_id"])


def _alert_detail(number: int) -> str:
    """How a proposal's staff alert names it ("... P3 Name ...")."""
    return f"%P{number} %"


class ListingsRepository:
    def __init__(self, store: Store):
        self.store = store

    # ---- the change history ----

    async def add_changes(self, now: datetime, actor: str,
                          changes: Sequence[tuple[str, str, Any, Any]], source: str) -> None:
        """One row per (offer id, field, old, new); old and new are kept as JSON."""
        async with self.store.transaction():
            for offer_id, field, old, new in changes:
                await self.store.write(
                    "INSERT INTO listing_changes(at, actor, offer_id, field, old, new, source)"
                    " VALUES (?,?,?,?,?,?,?)",
                    (iso(now), actor, offer_id, field, json.dumps(old), json.dumps(new), source))

    async def history(self, offer_id: str | None, limit: int) -> list[dict[str, Any]]:
        """Saved changes (and refused attempts when no offer is given), newest last; each
        a dict: id, at, actor, offer_id, field, old, new (JSON text), source."""
        rows: list[Any] = list(await self.store.fetchall(
            "SELECT id, at, actor, offer_id, field, old, new, source FROM listing_changes"
            + (" WHERE offer_id=?" if offer_id else "") + " ORDER BY id DESC LIMIT ?",
            ((offer_id,) if offer_id else ()) + (limit,)))
        if not offer_id:
            rows.extend(await self.store.fetchall(
                "SELECT 0 AS id, at, actor, '' AS offer_id, 'refused' AS field, NULL AS old,"
                " NULL AS new, detail AS source FROM audit_log"
                " WHERE action='listing-edit-denied' ORDER BY id DESC LIMIT ?", (limit,)))
        found = [{k: row[k] for k in row.keys()} for row in rows]
        return sorted(found, key=lambda r: (r["at"], r["id"]))[-limit:]

    # ---- proposals ----

    async def add_proposal(self, contact_id: int, data: dict[str, Any], now: datetime) -> int:
        return await self.store.insert(
            "INSERT INTO listing_proposals(contact_id, data, created_at) VALUES (?,?,?)"
            " RETURNING id", (contact_id, json.dumps(data), iso(now)))

    async def pending_proposals(self) -> list[Proposal]:
        rows = await self.store.fetchall(
            "SELECT * FROM listing_proposals WHERE state='pending' ORDER BY id")
        return [_proposal(r) for r in rows]

    async def proposal(self, number: int) -> Proposal | None:
        row = await self.store.fetchone("SELECT * FROM listing_proposals WHERE id=?", (number,))
        return _proposal(row) if row else None

    async def approve(self, number: int, actor: str, offer: dict[str, Any],
                      now: datetime) -> None:
        """The proposal approved as this offer: recorded in the history, its alert done."""
        async with self.store.transaction():
            await self.store.write(
                "UPDATE listing_proposals SET state='approved', decided_at=?, decided_by=?,"
                " offer_id=? WHERE id=?", (iso(now), actor, offer["id"], number))
            await self.store.write(
                "INSERT INTO listing_changes(at, actor, offer_id, field, old, new, source)"
                " VALUES (?,?,?,?,?,?,?)", (iso(now), actor, offer["id"], "offer", None,
                                            json.dumps(offer), f"APPROVE P{number}"))
            await self.store.write(
                "UPDATE staff_alerts SET state='done', handled_by=?, handled_at=? WHERE"
                " kind='listing-proposal' AND state='open' AND detail LIKE ?",
                (actor, iso(now), _alert_detail(number)))

    async def reject(self, number: int, actor: str, now: datetime) -> str | None:
        """Reject a pending proposal and close its alert: None when done, else why not
        ('missing', or the state it is already in)."""
        async with self.store.transaction():
            cursor = await self.store.write(
                "UPDATE listing_proposals SET state='rejected', decided_at=?, decided_by=?"
                " WHERE id=? AND state='pending'", (iso(now), actor, number))
            if not cursor.rowcount:
                found = await self.proposal(number)
                return "missing" if found is None else found.state
            await self.store.write(
                "UPDATE staff_alerts SET state='done', handled_by=?, handled_at=?, note=?"
                " WHERE kind='listing-proposal' AND state='open' AND detail LIKE ?",
                (actor, iso(now), "rejected", _alert_detail(number)))
        return None

    # ---- "still right?" checks ----

    async def review_open(self, offer_id: str) -> bool:
        return await self.store.fetchone(
            "SELECT 1 FROM listing_reviews WHERE offer_id=? AND state IN ('sent', 'unconfirmed')",
            (offer_id,)) is not None

    async def add_review(self, offer_id: str, now: datetime) -> None:
        await self.store.write("INSERT INTO listing_reviews(offer_id, sent_at) VALUES (?,?)",
                               (offer_id, iso(now)))

    async def sent_reviews(self) -> list[Review]:
        rows = await self.store.fetchall(
            "SELECT id, offer_id, sent_at FROM listing_reviews WHERE state='sent'")
        return [Review(r["id"], r["offer_id"], parse_iso(r["sent_at"])) for r in rows]

    async def mark_unconfirmed(self, review_id: int) -> None:
        await self.store.write("UPDATE listing_reviews SET state='unconfirmed' WHERE id=?",
                               (review_id,))

    async def unconfirmed(self) -> list[tuple[str, str]]:
        """(offer id, sent at) of checks nobody answered."""
        rows = await self.store.fetchall(
            "SELECT offer_id, sent_at FROM listing_reviews WHERE state='unconfirmed' ORDER BY id")
        return [(r[0], r[1]) for r in rows]

    async def with_open_reviews(self, offer_ids: Sequence[str]) -> list[str]:
        """Of these offers, the ones with a check waiting for an answer."""
        if not offer_ids:
            return []
        marks = ",".join("?" * len(offer_ids))
        rows = await self.store.fetchall(
            f"SELECT DISTINCT offer_id FROM listing_reviews WHERE state IN ('sent','unconfirmed')"
            f" AND offer_id IN ({marks})", list(offer_ids))
        return [r[0] for r in rows]

    async def close_reviews(self, offer_id: str, state: str, actor: str,
                            when: datetime) -> None:
        await self.store.write(
            "UPDATE listing_reviews SET state=?, answered_at=?, actor=? WHERE offer_id=?"
            " AND state IN ('sent','unconfirmed')", (state, iso(when), actor, offer_id))
