"""Answers to invitations (champion_responses), reminders, and staff follow-ups.

The invitation flow (flows/champion.py), its reminders (bot/campaigns/reminders.py) and
the staff lists (bot/campaigns/staff.py, the People pages) come through here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.storage.store import Store
from bot.storage.times import iso, parse_iso

# Columns of champion_responses the flow may set by name.
ANSWER_COLUMNS = ("answer", "asked_more", "state", "name", "interests", "availability",
                  "contact_method", "ask_again")


@dataclass(frozen=True)
class Answers:
    """A completed, consented response, for staff."""

    id: int
    contact_id: int
    campaign_name: str | None
    name: str | None
    interests: str | None
    availability: str | None
    contact_method: str | None
    completed_at: str | None


@dataclass(frozen=True)
class LaterAnswer:
    """A "maybe later" answer to an invitation, with its ask-again date."""

    id: int
    contact_id: int
    updated_at: str | None
    ask_again: str | None
    campaign_name: str | None
    first_name: str | None


@dataclass(frozen=True)
class Waiting:
    """A half-done conversation waiting on an answer, due a reminder."""

    contact_id: int
    step: str
    data: dict[str, Any]
    response_id: int


@dataclass(frozen=True)
class Followup:
    response_id: int
    contacted_at: str
    contacted_by: str


@dataclass(frozen=True)
class Invitation:
    """A recent invitation not answered yet."""

    campaign_id: int
    first_name: str | None
    sent_at: datetime


class ChampionsRepository:
    def __init__(self, store: Store):
        self.store = store

    # ---- the invitation flow ----

    async def unanswered_invitation(self, contact_id: int) -> Invitation | None:
        """The latest invitation sent to this person that they haven't answered."""
        row = await self.store.fetchone(
            "SELECT r.campaign_id, r.first_name, r.sent_at FROM campaign_recipients r"
            " WHERE r.contact_id=? AND r.state IN ('sent', 'queued') AND r.sent_at IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM champion_responses c WHERE c.contact_id=r.contact_id"
            " AND c.campaign_id IS NOT DISTINCT FROM r.campaign_id AND c.answer IS NOT NULL)"
            " ORDER BY r.sent_at DESC LIMIT 1", (contact_id,))
        if row is None:
            return None
        return Invitation(row["campaign_id"], row["first_name"], parse_iso(row["sent_at"]))

    async def answered_later(self, contact_id: int, since: datetime) -> Invitation | None:
        """The latest invitation this person answered "maybe later" to since `since`."""
        row = await self.store.fetchone(
            "SELECT r.campaign_id, r.first_name, r.sent_at FROM campaign_recipients r"
            " JOIN champion_responses c ON c.contact_id=r.contact_id"
            " AND c.campaign_id IS NOT DISTINCT FROM r.campaign_id"
            " WHERE r.contact_id=? AND c.answer='later' AND c.updated_at>=?"
            " AND r.sent_at IS NOT NULL ORDER BY c.updated_at DESC LIMIT 1",
            (contact_id, iso(since)))
        if row is None:
            return None
        return Invitation(row["campaign_id"], row["first_name"], parse_iso(row["sent_at"]))

    async def response_exists(self, response_id: int) -> bool:
        return await self.store.fetchone(
            "SELECT id FROM champion_responses WHERE id=?", (response_id,)) is not None

    async def latest_response(self, contact_id: int, campaign_id: int | None) -> int | None:
        row = await self.store.fetchone(
            "SELECT id FROM champion_responses WHERE contact_id=?"
            " AND campaign_id IS NOT DISTINCT FROM ?"
            " ORDER BY id DESC LIMIT 1", (contact_id, campaign_id))
        return int(row[0]) if row else None

    async def add_response(self, contact_id: int, campaign_id: int | None, now: datetime) -> int:
        return await self.store.insert(
            "INSERT INTO champion_responses(contact_id, campaign_id, created_at, updated_at)"
            " VALUES (?,?,?,?) RETURNING id", (contact_id, campaign_id, iso(now), iso(now)))

    async def record(self, response_id: int, now: datetime, values: dict[str, Any]) -> None:
        """Set answer columns (ANSWER_COLUMNS; others are ignored)."""
        columns = [key for key in values if key in ANSWER_COLUMNS]
        sets = "".join(f"{key}=?, " for key in columns)
        await self.store.write(
            f"UPDATE champion_responses SET {sets}updated_at=? WHERE id=?",
            (*[values[key] for key in columns], iso(now), response_id))

    async def refuse_consent(self, response_id: int, now: datetime) -> None:
        """No consent: the answers are not kept."""
        await self.store.write(
            "UPDATE champion_responses SET consent=0, state='no consent', name=NULL,"
            " interests=NULL, availability=NULL, contact_method=NULL, updated_at=?"
            " WHERE id=?", (iso(now), response_id))

    async def complete(self, response_id: int, now: datetime) -> None:
        await self.store.write(
            "UPDATE champion_responses SET consent=1, state='completed', completed_at=?,"
            " updated_at=? WHERE id=?", (iso(now), iso(now), response_id))

    # ---- reminders ----

    async def waiting(self, flow: str, steps: Sequence[str], quiet_since: datetime,
                      now: datetime) -> list[Waiting]:
        """Open responses whose conversation has waited at one of `steps` since before
        `quiet_since`, not reminded yet, and not in the safety state after a crisis."""
        marks = ",".join("?" * len(steps))
        rows = await self.store.fetchall(
            "SELECT c.contact_id, c.step, c.data, r.id AS response_id FROM conversations c"
            " JOIN champion_responses r ON r.contact_id = c.contact_id AND r.state='open'"
            " JOIN contacts p ON p.id = c.contact_id"
            f" WHERE c.flow=? AND c.step IN ({marks}) AND c.updated_at <= ?"
            " AND c.expires_at > ? AND r.reminded_at IS NULL"
            # Nobody in the safety state after a crisis message is reminded (flows/crisis.py).
            " AND (p.safety_until IS NULL OR p.safety_until <= ?)",
            (flow, *steps, iso(quiet_since), iso(now), iso(now)))
        # The response the conversation is about, matched here rather than in SQL: JSON
        # functions differ between SQLite and PostgreSQL, and a person has few responses.
        found = [(row, json.loads(row["data"])) for row in rows]
        return [Waiting(row["contact_id"], row["step"], data, row["response_id"])
                for row, data in found if data.get("response_id") == row["response_id"]]

    async def mark_reminded(self, response_id: int, now: datetime) -> None:
        await self.store.write("UPDATE champion_responses SET reminded_at=? WHERE id=?",
                               (iso(now), response_id))

    async def expire_reminded(self, reminded_before: datetime, flow: str) -> int:
        """Reminded before then and still silent: the responses expire and their
        conversations end. Returns how many."""
        rows = await self.store.fetchall(
            "SELECT id, contact_id FROM champion_responses WHERE state='open'"
            " AND reminded_at IS NOT NULL AND reminded_at <= ?", (iso(reminded_before),))
        if not rows:
            return 0
        async with self.store.transaction():
            for row in rows:
                await self.store.write(
                    "UPDATE champion_responses SET state='expired', updated_at=? WHERE id=?",
                    (iso(reminded_before), row["id"]))
                await self.store.write(
                    "DELETE FROM conversations WHERE contact_id=? AND flow=?",
                    (row["contact_id"], flow))
        return len(rows)

    # ---- for staff ----

    async def came_forward(self, *, campaign_id: int | None = None, only_new: bool = False,
                           response_id: int | None = None,
                           practice: str | None = None) -> list[Answers]:
        """Completed responses with consent, oldest first (of people at `practice`, when
        given)."""
        where = ["r.state='completed'", "r.consent=1"]
        params: list[Any] = []
        if practice is not None:
            where.append("r.contact_id IN (SELECT id FROM contacts WHERE practice_id=?)")
            params.append(practice)
        if campaign_id is not None:
            where.append("r.campaign_id=?")
            params.append(campaign_id)
        if only_new:
            where.append("r.digested_at IS NULL")
        if response_id is not None:
            where.append("r.id=?")
            params.append(response_id)
        rows = await self.store.fetchall(
            "SELECT r.*, c.name AS campaign_name FROM champion_responses r"
            f" LEFT JOIN campaigns c ON c.id = r.campaign_id WHERE {' AND '.join(where)}"
            " ORDER BY r.completed_at, r.id", params)
        return [Answers(row["id"], row["contact_id"], row["campaign_name"], row["name"],
                        row["interests"], row["availability"], row["contact_method"],
                        row["completed_at"]) for row in rows]

    async def asked_later(self, practice: str | None = None) -> list[LaterAnswer]:
        """People who asked to be invited another time, soonest ask-again date first (at
        `practice`, when given)."""
        rows = await self.store.fetchall(
            "SELECT r.id, r.contact_id, r.updated_at, r.ask_again, c.name AS campaign_name,"
            " (SELECT p.first_name FROM campaign_recipients p WHERE p.contact_id = r.contact_id"
            "  AND p.campaign_id IS NOT DISTINCT FROM r.campaign_id LIMIT 1) AS first_name"
            " FROM champion_responses r LEFT JOIN campaigns c ON c.id = r.campaign_id"
            " WHERE r.state='ask later' AND (CAST(? AS TEXT) IS NULL OR r.contact_id IN"
            " (SELECT id FROM contacts WHERE practice_id=?)) ORDER BY r.ask_again, r.id",
            (practice, practice))
        return [LaterAnswer(row["id"], row["contact_id"], row["updated_at"], row["ask_again"],
                            row["campaign_name"], row["first_name"]) for row in rows]

    async def mark_digested(self, response_ids: Sequence[int], now: datetime,
                            practice: str | None = None) -> None:
        """Listed by `staff digest`: the responses, and the open came-forward alerts (at
        `practice`, when given), done."""
        async with self.store.transaction():
            marks = ",".join("?" * len(response_ids))
            await self.store.write(
                f"UPDATE champion_responses SET digested_at=COALESCE(digested_at, ?)"
                f" WHERE id IN ({marks})", (iso(now), *response_ids))
            await self.store.write(
                "UPDATE staff_alerts SET state='done', handled_by='staff digest', handled_at=?"
                " WHERE kind='champion-came-forward' AND state='open'"
                " AND (CAST(? AS TEXT) IS NULL OR practice_id=?)", (iso(now), practice, practice))

    async def followups(self) -> dict[int, Followup]:
        rows = await self.store.fetchall("SELECT * FROM champion_followups")
        return {row["response_id"]: _followup(row) for row in rows}

    async def followup(self, response_id: int) -> Followup | None:
        row = await self.store.fetchone(
            "SELECT * FROM champion_followups WHERE response_id=?", (response_id,))
        return _followup(row) if row else None

    async def mark_contacted(self, response_id: int, now: datetime, by: str) -> None:
        await self.store.write(
            "INSERT INTO champion_followups(response_id, contacted_at, contacted_by)"
            " VALUES (?,?,?) ON CONFLICT DO NOTHING", (response_id, iso(now), by))


def _followup(row: Any) -> Followup:
    return Followup(row["response_id"], row["contacted_at"], row["contacted_by"])
