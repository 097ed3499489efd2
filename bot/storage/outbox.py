"""The outbox: the queue of messages to send (add, due, claim, set_state), messages left
mid-send, delivery receipts, and the SMS limits' counts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.messages import Address, Outbound
from bot.storage.batch import Statement
from bot.storage.times import iso, parse_iso, utcnow

if TYPE_CHECKING:
    from bot.storage.store import Store


@dataclass(frozen=True)
class Delivery:
    """What a delivery receipt needs to know about an outbox row."""

    id: int
    state: str
    kind: str
    contact_id: int | None
    provider_id: str | None
    error: str | None
    next_attempt_at: str | None


SEND_LEASE = timedelta(seconds=20)  # longest a provider call lasts (channel timeout and some)


class OutboxRepository:
    def __init__(self, store: Store):
        self.store = store

    async def add(self, to: Address | str, text: str, *, kind: str = "reply",
                  contact_id: int | None = None, choices: Sequence[str] = (),
                  essential: bool = False, inbox_id: int | None = None,
                  scrub_after_send: bool = False, practice: str | None = None) -> int:
        """Queue one message; it goes from `practice`'s number (not given: the practice
        of the contact it is for, else the default)."""
        statement = self.add_statement(
            to, text, kind=kind, contact_id=contact_id, choices=choices, essential=essential,
            inbox_id=inbox_id, scrub_after_send=scrub_after_send, practice=practice)
        return await self.store.insert(statement.sql, statement.params)

    def add_statement(self, to: Address | str, text: str, *, kind: str = "reply",
                      contact_id: int | None = None, choices: Sequence[str] = (),
                      essential: bool = False, inbox_id: int | None = None,
                      scrub_after_send: bool = False, practice: str | None = None) -> Statement:
        """`add` as a batch statement (its one row's `id` is the outbox id)."""
        now = iso(utcnow())
        return Statement(
            "INSERT INTO outbox(recipient, contact_id, text, kind, essential, scrub_after_send,"
            " choices, inbox_id, created_at, updated_at, practice_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,"
            " COALESCE(?, (SELECT practice_id FROM contacts WHERE id=?), 'default'))"
            " RETURNING id", (str(to), contact_id, text, kind, int(essential),
                              int(scrub_after_send), json.dumps(list(choices)), inbox_id, now,
                              now, practice, contact_id), returning=True)

    async def get(self, outbox_id: int) -> Outbound | None:
        row = await self.store.fetchone("SELECT * FROM outbox WHERE id=?", (outbox_id,))
        return outbound_from_row(row) if row else None

    async def due(self, now: datetime, limit: int = 50,
                  channel: str | None = None) -> list[Outbound]:
        """Queued messages due now: urgent, then replies, then bulk; oldest first."""
        where = "state='queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
        params: list[Any] = [iso(now)]
        if channel:
            where += " AND recipient LIKE ?"
            params.append(channel + ":%")
        rows = await self.store.fetchall(
            f"SELECT * FROM outbox WHERE {where}"
            " ORDER BY CASE kind WHEN 'urgent' THEN 0 WHEN 'reply' THEN 1 ELSE 2 END, id LIMIT ?",
            (*params, limit))
        return [outbound_from_row(row) for row in rows]

    async def claim(self, outbox_id: int, now: datetime | None = None,
                    lease: timedelta = SEND_LEASE, *, unless_opted_out: bool = False) -> bool:
        """Queued -> 'sending' (attempt counted), for one worker only: False if another
        worker (or process) has it, or it is no longer queued. Committed before the
        provider is called, so a crash leaves a row to look up, never one to resend blind.
        The row is leased to this instance for `lease` (the longest a provider call takes);
        on a shared database a person's later text waits while an earlier one is mid-send
        elsewhere, so their texts go in order across instances too.

        `unless_opted_out`: not a non-essential text to someone who opted out either (the
        outbox's opt-out check, in the same statement: one trip, and no STOP can land
        between the check and the claim); False then may mean that, which the caller
        tells apart."""
        now = now or utcnow()
        in_order = (" AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.recipient=outbox.recipient"
                    " AND o.id<outbox.id AND o.state='sending' AND o.claimed_until>=?)"
                    if self.store.shared else "")
        if unless_opted_out:
            in_order += (" AND (essential=1 OR NOT EXISTS (SELECT 1 FROM addresses a"
                         " JOIN contacts c ON c.id = a.contact_id WHERE a.address=outbox.recipient"
                         " AND a.practice_id=outbox.practice_id AND c.opted_out=1))")
        cursor = await self.store.write(
            "UPDATE outbox SET state='sending', error=NULL, next_attempt_at=NULL,"
            " attempts=attempts+1, updated_at=?, claimed_by=?, claimed_until=?"
            f" WHERE id=? AND state='queued'{in_order}",
            (iso(now), self.store.instance, iso(now + lease), outbox_id,
             *((iso(now),) if self.store.shared else ())))
        return cursor.rowcount == 1

    async def take_for_lookup(self, outbox_id: int, now: datetime,
                              lease: timedelta = SEND_LEASE) -> bool:
        """A row left 'sending' whose lease ran out (its instance was killed mid-send) or
        that has none (a look-up is due): this instance's to look up, no other's. False if
        another instance has it."""
        cursor = await self.store.write(
            "UPDATE outbox SET claimed_by=?, claimed_until=? WHERE id=? AND state='sending'"
            " AND (claimed_until IS NULL OR claimed_until<?)",
            (self.store.instance, iso(now + lease), outbox_id, iso(now)))
        return cursor.rowcount == 1

    async def set_state(self, outbox_id: int, state: str, *, provider_id: str | None = None,
                        error: str | None = None, next_attempt_at: datetime | None = None,
                        attempts_delta: int = 0) -> None:
        final = state in ("sent", "failed", "skipped")
        updated = await self.store.write(
            "UPDATE outbox SET state=?, provider_id=COALESCE(?, provider_id), error=?,"
            " next_attempt_at=?, attempts=attempts+?, updated_at=?, claimed_by=NULL,"
            " claimed_until=NULL WHERE id=? AND NOT (?=1 AND scrub_after_send=1)",
            (state, provider_id, error, iso(next_attempt_at) if next_attempt_at else None,
             attempts_delta, iso(utcnow()), outbox_id, int(final)))
        if final and not updated.rowcount:
            # A forgotten person's last confirmation: keep no trace once it has gone.
            await self.store.write("DELETE FROM outbox WHERE id=? AND scrub_after_send=1",
                                   (outbox_id,))
            if not await self.store.in_write_transaction():
                await self.store.checkpoint()

    async def left_sending(self, due_by: datetime | None = None,
                           unleased_at: datetime | None = None) -> list[Outbound]:
        """Messages left 'sending'; with `due_by`, only those whose next look-up is due,
        and with `unleased_at` also those whose instance's lease had run out by then (it
        was killed mid-send: shared databases)."""
        sql = "SELECT * FROM outbox WHERE state='sending'"
        params: tuple[str, ...] = ()
        if due_by is not None:
            sql += " AND (next_attempt_at IS NOT NULL AND next_attempt_at <= ?"
            params = (iso(due_by),)
            if unleased_at is not None:
                sql += " OR next_attempt_at IS NULL AND claimed_until < ?"
                params += (iso(unleased_at),)
            sql += ")"
        return [outbound_from_row(row) for row in await self.store.fetchall(sql, params)]

    async def delivery(self, outbox_id: int) -> Delivery | None:
        row = await self.store.fetchone(
            "SELECT id, state, kind, contact_id, provider_id, error, next_attempt_at"
            " FROM outbox WHERE id=?", (outbox_id,))
        return Delivery(*row) if row else None

    async def record_status(self, outbox_id: int, state: str, provider_id: str | None,
                            error: str | None, now: datetime) -> None:
        """A status from the provider, which has the message: it is never resent."""
        await self.store.write(
            "UPDATE outbox SET state=?, provider_id=COALESCE(provider_id, ?), error=?,"
            " next_attempt_at=NULL, updated_at=?, claimed_by=NULL, claimed_until=NULL"
            " WHERE id=?",
            (state, provider_id, error, iso(now), outbox_id))

    async def look_up_at(self, outbox_id: int, when: datetime) -> None:
        """A row left 'sending' is to be looked up at the provider then, not before."""
        await self.store.write(
            "UPDATE outbox SET next_attempt_at=? WHERE id=? AND state='sending'",
            (iso(when), outbox_id))

    async def withdraw(self, outbox_id: int, why: str, now: datetime) -> bool:
        """A queued row that must not go after all (held back by its sender): 'skipped'.
        False if a worker has already taken it."""
        cursor = await self.store.write(
            "UPDATE outbox SET state='skipped', error=?, next_attempt_at=NULL, updated_at=?"
            " WHERE id=? AND state='queued'", (why[:200], iso(now), outbox_id))
        return cursor.rowcount == 1

    async def recent_replies_and_day(self, recipient: str, before_id: int, since: datetime,
                                     day: str) -> tuple[int, tuple[int, str | None] | None]:
        """`recent_replies_to` and `SmsCountsRepository.day` in one read (SmsLimits
        checks both before a reply is sent: one trip, not two)."""
        row = await self.store.fetchone(
            "SELECT (SELECT COUNT(*) FROM outbox WHERE recipient=? AND id<? AND kind!='bulk'"
            " AND created_at>=?), (SELECT sent FROM sms_daily_counts WHERE day=?),"
            " (SELECT alerted_at FROM sms_daily_counts WHERE day=?)",
            (recipient, before_id, iso(since), day, day))
        assert row is not None
        return int(row[0]), (None if row[1] is None else (int(row[1]), row[2]))

    async def recent_replies_to(self, recipient: str, before_id: int, since: datetime) -> int:
        """Replies (not bulk texts) queued to this recipient since then, before this one."""
        row = await self.store.fetchone(
            "SELECT COUNT(*) FROM outbox WHERE recipient=? AND id<? AND kind!='bulk'"
            " AND created_at>=?", (recipient, before_id, iso(since)))
        return int(row[0]) if row else 0

    async def updated_at(self, outbox_id: int) -> datetime | None:
        row = await self.store.fetchone("SELECT updated_at FROM outbox WHERE id=?",
                                        (outbox_id,))
        return parse_iso(row[0]) if row else None

    async def provider_id_known(self, provider_id: str) -> bool:
        return await self.store.fetchone("SELECT 1 FROM outbox WHERE provider_id=?",
                                         (provider_id,)) is not None

    async def rows_to(self, recipient: str) -> list[dict[str, Any]]:
        """Every row for this recipient, oldest first, all columns (for tests and fakes)."""
        rows = await self.store.fetchall(
            "SELECT * FROM outbox WHERE recipient=? ORDER BY id", (recipient,))
        return [{k: row[k] for k in row.keys()} for row in rows]


class SmsCountsRepository:
    """Texts sent each day (practice time), and whether the daily-cap alert went."""

    def __init__(self, store: Store):
        self.store = store

    async def day(self, day: str) -> tuple[int, str | None] | None:
        """(sent, alerted at) for that day, None before the first text."""
        row = await self.store.fetchone(
            "SELECT sent, alerted_at FROM sms_daily_counts WHERE day=?", (day,))
        return (int(row[0]), row[1]) if row else None

    async def claim_alert(self, day: str, now: datetime) -> bool:
        """True for the first caller only: that one raises the daily-cap alert."""
        cursor = await self.store.write(
            "UPDATE sms_daily_counts SET alerted_at=? WHERE day=? AND alerted_at IS NULL",
            (iso(now), day))
        return cursor.rowcount == 1

    async def count_sent(self, day: str) -> None:
        await self.store.write(  # one statement: atomic alone, one trip
            "INSERT INTO sms_daily_counts(day, sent) VALUES (?, 1)"
            " ON CONFLICT(day) DO UPDATE SET sent=sms_daily_counts.sent+1", (day,))


def outbound_from_row(row: Any) -> Outbound:
    """An outbox row as an Outbound."""
    return Outbound(
        id=row["id"], to=Address.parse(row["recipient"]), text=row["text"], kind=row["kind"],
        choices=tuple(json.loads(row["choices"] or "[]")), essential=bool(row["essential"]),
        inbox_id=row["inbox_id"], attempts=row["attempts"], practice=row["practice_id"])
