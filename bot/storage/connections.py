"""Storage for introductions (issue 17): every SQL statement of the connections feature.

Flows, jobs, the CLI report and the dashboard ask this repository for what they need and
get plain dataclasses back. No message bodies are stored here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from bot.storage.store import Store
from bot.storage.times import iso, parse_iso

# States an introduction can be in (stored as text).
OFFERED = "offered"  # the resident was asked whether they'd like an introduction
DECLINED = "declined"  # ... and said no
ACCEPTED = "accepted"  # ... said yes; the champion is not asked yet (sending window)
ASKED = "asked"  # the champion was asked
INTRODUCED = "introduced"  # both said yes: the relay is open
CHAMPION_DECLINED = "champion_declined"
TIMED_OUT = "timed_out"  # the champion did not answer in time
ENDED = "ended"  # END INTRO or STOP from either side
CLOSED = "closed"  # the relay's time ran out

WAS_INTRODUCED = (INTRODUCED, ENDED, CLOSED)
_TIMES = ("offered_at", "accepted_at", "asked_at", "answered_at", "introduced_at",
          "relay_until", "ended_at", "followup_sent_at", "went_at")
_UPDATABLE = {"state", "end_reason", "resident_ref", "champion_ref", "session_on",
              "went", *_TIMES}


@dataclass
class Introduction:
    """One introduction of a resident to the champion who runs a group."""

    id: int
    offer_id: str
    offer_name: str
    champion_name: str | None
    resident_id: int | None
    champion_id: int | None
    state: str
    end_reason: str | None
    offered_at: datetime
    accepted_at: datetime | None
    asked_at: datetime | None
    answered_at: datetime | None
    introduced_at: datetime | None
    relay_until: datetime | None
    ended_at: datetime | None
    resident_ref: int | None
    champion_ref: int | None
    session_on: date | None
    followup_sent_at: datetime | None
    went: str | None
    went_at: datetime | None

    def other_side(self, contact_id: int) -> int | None:
        """The person at the other end of the relay from `contact_id`."""
        return self.champion_id if contact_id == self.resident_id else self.resident_id

    def ref_for(self, contact_id: int) -> int | None:
        return self.resident_ref if contact_id == self.resident_id else self.champion_ref


@dataclass
class Barrier:
    """A "what got in the way?" answer, scrubbed, with no link to the person."""

    at: datetime
    offer_id: str
    offer_name: str
    reason: str


_COLUMNS = ", ".join(f.name for f in fields(Introduction))


def _introduction(row: Any) -> Introduction:
    values = {name: row[name] for name in row.keys()}
    for name in _TIMES:
        values[name] = parse_iso(values[name]) if values[name] else None
    values["session_on"] = date.fromisoformat(values["session_on"]) if values[
        "session_on"] else None
    return Introduction(**values)


class ConnectionsRepository:
    """Introductions, champions' INTRODUCTIONS ON/OFF and the barriers people met."""

    def __init__(self, store: Store):
        self.store = store

    # ---- introductions ----

    async def add_offered(self, offer_id: str, offer_name: str, champion_name: str | None,
                          resident_id: int, champion_id: int, now: datetime) -> int:
        """The resident was asked whether they'd like an introduction."""
        async with self.store.transaction():
            row = await self.store.fetchone(
                "INSERT INTO introductions(offer_id, offer_name, champion_name, resident_id,"
                " champion_id, state, offered_at, practice_id) VALUES (?,?,?,?,?,?,?,"
                " COALESCE((SELECT practice_id FROM contacts WHERE id=?), 'default'))"
                " RETURNING id",
                (offer_id, offer_name, champion_name, resident_id, champion_id, OFFERED,
                 iso(now), resident_id))
        assert row is not None
        return int(row[0])

    async def get(self, intro_id: int) -> Introduction | None:
        row = await self.store.fetchone(
            f"SELECT {_COLUMNS} FROM introductions WHERE id=?", (intro_id,))
        return _introduction(row) if row else None

    async def update(self, intro_id: int, **changes: Any) -> None:
        """Set some columns; datetimes and dates are stored in their text form."""
        unknown = set(changes) - _UPDATABLE
        if unknown:
            raise ValueError(f"not an introduction column: {sorted(unknown)}")
        values = [iso(v) if isinstance(v, datetime) else
                  v.isoformat() if isinstance(v, date) else v for v in changes.values()]
        assignments = ", ".join(f"{name}=?" for name in changes)
        await self.store.write(f"UPDATE introductions SET {assignments} WHERE id=?",
                               (*values, intro_id))

    async def offered_to(self, resident_id: int, offer_id: str) -> Introduction | None:
        """The resident's unanswered offer of an introduction to this group."""
        return await self._one(
            "resident_id=? AND offer_id=? AND state=? ORDER BY id DESC",
            (resident_id, offer_id, OFFERED))

    async def in_progress(self, resident_id: int, offer_id: str) -> Introduction | None:
        """An introduction to this group already asked for or open."""
        return await self._one(
            "resident_id=? AND offer_id=? AND state IN (?,?,?) ORDER BY id DESC",
            (resident_id, offer_id, ACCEPTED, ASKED, INTRODUCED))

    async def ask_waiting_for(self, champion_id: int) -> Introduction | None:
        """The question this champion was asked and has not answered (oldest first)."""
        return await self._one("champion_id=? AND state=? ORDER BY id", (champion_id, ASKED))

    async def lapsed_for(self, champion_id: int, since: datetime) -> Introduction | None:
        """A question to this champion that timed out since `since` (a late answer)."""
        return await self._one("champion_id=? AND state=? AND answered_at >= ? ORDER BY id"
                               " DESC", (champion_id, TIMED_OUT, iso(since)))

    async def asks_to_send(self) -> list[Introduction]:
        """Accepted introductions whose champion has no other question waiting."""
        return await self._many(
            "state=? AND champion_id NOT IN (SELECT champion_id FROM introductions"
            " WHERE state=? AND champion_id IS NOT NULL) ORDER BY id", (ACCEPTED, ASKED))

    async def asks_older_than(self, moment: datetime) -> list[Introduction]:
        """Champions asked before `moment` who never answered."""
        return await self._many("state=? AND asked_at <= ? ORDER BY id", (ASKED, iso(moment)))

    async def open_relays(self, contact_id: int, now: datetime) -> list[Introduction]:
        """Open relays this person is on either end of (not yet past their time)."""
        return await self._many(
            "state=? AND relay_until > ? AND (resident_id=? OR champion_id=?) ORDER BY id",
            (INTRODUCED, iso(now), contact_id, contact_id))

    async def all_open_relays(self, now: datetime) -> list[Introduction]:
        return await self._many("state=? AND relay_until > ? ORDER BY id",
                                (INTRODUCED, iso(now)))

    async def relays_past(self, now: datetime) -> list[Introduction]:
        return await self._many("state=? AND relay_until <= ? ORDER BY id",
                                (INTRODUCED, iso(now)))

    async def relays_with_someone_gone(self) -> list[Introduction]:
        """Open relays where either person has opted out (STOP) or no longer exists."""
        return await self._many(
            "state=? AND (resident_id IS NULL OR champion_id IS NULL OR EXISTS (SELECT 1"
            " FROM contacts c WHERE c.id IN (resident_id, champion_id) AND c.opted_out=1))"
            " ORDER BY id", (INTRODUCED,))

    async def followups_due(self, today: date, now: datetime) -> list[Introduction]:
        """Introduced residents whose session has passed, not yet followed up, reachable."""
        return await self._many(
            "state IN (?,?,?) AND session_on IS NOT NULL AND session_on <= ?"
            " AND followup_sent_at IS NULL AND went IS NULL AND EXISTS (SELECT 1 FROM"
            " contacts c WHERE c.id=resident_id AND c.opted_out=0 AND"
            " (c.safety_until IS NULL OR c.safety_until <= ?)) ORDER BY id",
            (*WAS_INTRODUCED, today.isoformat(), iso(now)))

    async def followup_waiting(self, resident_id: int, since: datetime) -> Introduction | None:
        """A follow-up sent to this resident since `since` and not yet answered."""
        return await self._one(
            "resident_id=? AND followup_sent_at >= ? AND went IS NULL ORDER BY id DESC",
            (resident_id, iso(since)))

    async def since(self, moment: datetime, practice: str | None = None) -> list[Introduction]:
        """Every introduction offered since `moment` (for reports), oldest first: at one
        practice, or (None) at all."""
        return await self._many(
            "offered_at >= ? AND (CAST(? AS TEXT) IS NULL OR practice_id=?) ORDER BY id",
            (iso(moment), practice, practice))

    async def _one(self, where: str, params: tuple[Any, ...]) -> Introduction | None:
        row = await self.store.fetchone(
            f"SELECT {_COLUMNS} FROM introductions WHERE {where} LIMIT 1", params)
        return _introduction(row) if row else None

    async def _many(self, where: str, params: tuple[Any, ...]) -> list[Introduction]:
        rows = await self.store.fetchall(
            f"SELECT {_COLUMNS} FROM introductions WHERE {where}", params)
        return [_introduction(row) for row in rows]

    # ---- a champion's own choice ----

    async def takes_introductions(self, contact_id: int) -> bool | None:
        """INTRODUCTIONS ON (True) or OFF (False) as last texted; None if never."""
        row = await self.store.fetchone(
            "SELECT takes_introductions FROM introduction_settings WHERE contact_id=?",
            (contact_id,))
        return None if row is None else bool(row[0])

    async def set_takes_introductions(self, contact_id: int, on: bool, now: datetime) -> None:
        await self.store.write(
            "INSERT INTO introduction_settings(contact_id, takes_introductions, updated_at)"
            " VALUES (?,?,?) ON CONFLICT(contact_id) DO UPDATE SET"
            " takes_introductions=excluded.takes_introductions,"
            " updated_at=excluded.updated_at", (contact_id, int(on), iso(now)))

    # ---- what got in the way ----

    async def add_barrier(self, at: datetime, offer_id: str, offer_name: str,
                          reason: str, practice: str = "default") -> None:
        """Store a scrubbed answer with no link to the person (the caller scrubs it)."""
        await self.store.write(
            "INSERT INTO connection_barriers(at, offer_id, offer_name, reason, practice_id)"
            " VALUES (?,?,?,?,?)", (iso(at), offer_id, offer_name, reason, practice))

    async def barriers_since(self, moment: datetime,
                             practice: str | None = None) -> list[Barrier]:
        rows = await self.store.fetchall(
            "SELECT at, offer_id, offer_name, reason FROM connection_barriers WHERE at >= ?"
            " AND (CAST(? AS TEXT) IS NULL OR practice_id=?) ORDER BY id",
            (iso(moment), practice, practice))
        return [Barrier(parse_iso(row["at"]), row["offer_id"], row["offer_name"],
                        row["reason"]) for row in rows]


# ---- the optional wellbeing measure (ONS4) ----

MEASURES = ("life_satisfaction", "worthwhile", "happy", "anxious")


@dataclass
class WellbeingSet:
    """One person's answers to the four questions, 0-10 (None: not answered yet)."""

    id: int
    contact_id: int | None
    asked_at: datetime
    completed_at: datetime | None
    life_satisfaction: int | None
    worthwhile: int | None
    happy: int | None
    anxious: int | None

    def scores(self) -> dict[str, int | None]:
        return {m: getattr(self, m) for m in MEASURES}


def _wellbeing(row: Any) -> WellbeingSet:
    return WellbeingSet(row["id"], row["contact_id"], parse_iso(row["asked_at"]),
                        parse_iso(row["completed_at"]) if row["completed_at"] else None,
                        *(row[m] for m in MEASURES))


class WellbeingRepository:
    """Consent to the wellbeing questions and the answers (part of the connections feature)."""

    def __init__(self, store: Store):
        self.store = store

    async def consent(self, contact_id: int) -> bool | None:
        row = await self.store.fetchone(
            "SELECT consent FROM wellbeing_consent WHERE contact_id=?", (contact_id,))
        return None if row is None else bool(row[0])

    async def set_consent(self, contact_id: int, consent: bool, now: datetime) -> None:
        await self.store.write(
            "INSERT INTO wellbeing_consent(contact_id, consent, updated_at) VALUES (?,?,?)"
            " ON CONFLICT(contact_id) DO UPDATE SET consent=excluded.consent,"
            " updated_at=excluded.updated_at", (contact_id, int(consent), iso(now)))

    async def consent_asked_since(self, contact_id: int, since: datetime) -> bool:
        row = await self.store.fetchone(
            "SELECT 1 FROM wellbeing_consent WHERE contact_id=? AND updated_at >= ?",
            (contact_id, iso(since)))
        return row is not None

    async def start(self, contact_id: int, now: datetime) -> int:
        async with self.store.transaction():
            row = await self.store.fetchone(
                "INSERT INTO wellbeing_answers(contact_id, asked_at) VALUES (?,?) RETURNING id",
                (contact_id, iso(now)))
        assert row is not None
        return int(row[0])

    async def answer(self, set_id: int, measure: str, score: int, now: datetime,
                     last: bool) -> None:
        if measure not in MEASURES:
            raise ValueError(f"not a wellbeing measure: {measure}")
        await self.store.write(
            f"UPDATE wellbeing_answers SET {measure}=?, completed_at=? WHERE id=?",
            (score, iso(now) if last else None, set_id))

    async def latest(self, contact_id: int) -> WellbeingSet | None:
        row = await self.store.fetchone(
            "SELECT * FROM wellbeing_answers WHERE contact_id=? ORDER BY asked_at DESC, id DESC"
            " LIMIT 1", (contact_id,))
        return _wellbeing(row) if row else None

    async def of(self, contact_id: int) -> list[WellbeingSet]:
        rows = await self.store.fetchall(
            "SELECT * FROM wellbeing_answers WHERE contact_id=? ORDER BY asked_at, id",
            (contact_id,))
        return [_wellbeing(row) for row in rows]

    async def completed(self) -> list[WellbeingSet]:
        rows = await self.store.fetchall(
            "SELECT * FROM wellbeing_answers WHERE completed_at IS NOT NULL"
            " ORDER BY asked_at, id")
        return [_wellbeing(row) for row in rows]

    async def due(self, asked_before: datetime, now: datetime) -> list[int]:
        """People who said yes, last asked before `asked_before`, reachable, not in the
        safety state."""
        rows = await self.store.fetchall(
            "SELECT w.contact_id FROM wellbeing_consent w JOIN contacts c ON c.id=w.contact_id"
            " WHERE w.consent=1 AND c.opted_out=0 AND (c.safety_until IS NULL OR"
            " c.safety_until <= ?) AND (SELECT MAX(asked_at) FROM wellbeing_answers a"
            " WHERE a.contact_id=w.contact_id) <= ? ORDER BY w.contact_id",
            (iso(now), iso(asked_before)))
        return [int(row[0]) for row in rows]

    async def went_by_person(self) -> dict[int, bool]:
        """For everyone followed up after an introduction: did they go to any group?"""
        rows = await self.store.fetchall(
            "SELECT resident_id, MAX(CASE WHEN went='yes' THEN 1 ELSE 0 END) FROM introductions"
            " WHERE went IS NOT NULL"
            " AND resident_id IS NOT NULL GROUP BY resident_id")
        return {int(row[0]): bool(row[1]) for row in rows}

    async def people_with_answers(self, practice: str | None = None) -> list[tuple[int, int]]:
        """(contact id, complete sets) for everyone who has answered (no scores), at
        `practice` when given."""
        rows = await self.store.fetchall(
            "SELECT contact_id, COUNT(*) FROM wellbeing_answers WHERE completed_at IS NOT NULL"
            " AND contact_id IS NOT NULL AND (CAST(? AS TEXT) IS NULL OR contact_id IN"
            " (SELECT id FROM contacts WHERE practice_id=?))"
            " GROUP BY contact_id ORDER BY contact_id", (practice, practice))
        return [(int(row[0]), int(row[1])) for row in rows]
