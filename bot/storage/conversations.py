"""Conversations: who owns a person's live conversation, at which step, and the turn
version a conversation turn checks before it commits (bot/engine.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.storage.batch import Statement
from bot.storage.contacts import DEFAULT, Contact, contact_from_row
from bot.storage.times import iso, parse_iso

if TYPE_CHECKING:
    from bot.storage.store import Store


@dataclass
class Conversation:
    """Who owns a person's live conversation, at which step, with what gathered so far."""

    flow: str
    step: str
    data: dict[str, Any]
    updated_at: datetime
    expires_at: datetime


class ConversationsRepository:
    def __init__(self, store: Store):
        self.store = store

    async def load_turn(self, contact_id: int,
                        now: datetime) -> tuple[Contact, Conversation | None] | None:
        """The person and their live conversation in one read (None if the person is
        gone); an expired conversation is removed."""
        row = await self.store.fetchone(f"{TURN_READ} WHERE c.id=?", (contact_id,))
        if row is None:
            return None
        contact, conversation = _turn(row)
        if conversation is not None and conversation.expires_at <= now:
            await self.end(contact_id)
            return contact, None
        return contact, conversation

    async def load_turn_at(self, address: str, practice: str = DEFAULT,
                           ) -> tuple[Contact, Conversation | None] | None:
        """The person at this address and their conversation, in one read, before their
        turn takes its lock (Engine.process: the person and their state are one trip,
        not two); None if nobody has the address yet. The conversation may have expired:
        the caller checks (and then reads again with `load_turn`, which removes it)."""
        row = await self.store.fetchone(
            f"{TURN_READ} JOIN addresses a ON a.contact_id = c.id"
            " WHERE a.practice_id=? AND a.address=?", (practice, address))
        return _turn(row) if row is not None else None

    def bump_statement(self, contact_id: int, read: int) -> Statement:
        """The turn-version check and count as a batch statement: it changes nothing if
        another turn for the person committed since `read`."""
        return Statement(
            "UPDATE contacts SET turn_version = turn_version + 1 WHERE id=? AND turn_version=?",
            (contact_id, read), must_change=True)

    async def load(self, contact_id: int, now: datetime) -> Conversation | None:
        """The live conversation, or None (an expired one is removed)."""
        loaded = await self.load_turn(contact_id, now)
        return loaded[1] if loaded else None

    def save_statement(self, contact_id: int, flow: str, step: str, data: dict[str, Any],
                       now: datetime, expiry: timedelta) -> Statement:
        return Statement(
            "INSERT INTO conversations(contact_id, flow, step, data, updated_at, expires_at,"
            " practice_id) VALUES (?, ?, ?, ?, ?, ?,"
            " (SELECT practice_id FROM contacts WHERE id=?)) ON CONFLICT(contact_id) DO UPDATE"
            " SET flow=excluded.flow, step=excluded.step, data=excluded.data,"
            " updated_at=excluded.updated_at, expires_at=excluded.expires_at",
            (contact_id, flow, step, json.dumps(data), iso(now), iso(now + expiry),
             contact_id))

    async def save(self, contact_id: int, flow: str, step: str, data: dict[str, Any],
                   now: datetime, expiry: timedelta) -> None:
        statement = self.save_statement(contact_id, flow, step, data, now, expiry)
        await self.store.write(statement.sql, statement.params)

    def end_statement(self, contact_id: int) -> Statement:
        return Statement("DELETE FROM conversations WHERE contact_id=?", (contact_id,))

    async def end(self, contact_id: int) -> None:
        statement = self.end_statement(contact_id)
        await self.store.write(statement.sql, statement.params)


# A person and their conversation; aliased, so a contacts column of the same name never
# shadows these.
TURN_READ = ("SELECT c.*, v.flow AS v_flow, v.step AS v_step, v.data AS v_data,"
             " v.updated_at AS v_updated_at, v.expires_at AS v_expires_at"
             " FROM contacts c LEFT JOIN conversations v ON v.contact_id = c.id")


def _turn(row: Any) -> tuple[Contact, Conversation | None]:
    if row["v_flow"] is None:
        return contact_from_row(row), None
    return contact_from_row(row), Conversation(
        row["v_flow"], row["v_step"], json.loads(row["v_data"]),
        parse_iso(row["v_updated_at"]), parse_iso(row["v_expires_at"]))
