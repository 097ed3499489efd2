"""Campaigns, their recipients and the rows skipped at import; what the sender records.

The rules (who may be invited, the window, the daily cap) live in bot/campaigns/, retries
and exactly-once in bot/outbox.py; this module stores and counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.messages import Address
from bot.storage.store import Store
from bot.storage.times import iso


@dataclass(frozen=True)
class Campaign:
    """A named invitation campaign."""

    id: int
    name: str
    template: str
    source: str
    rows_read: int
    created_at: str
    finished_at: str | None
    practice: str = "default"  # whose list it is: its texts go from that practice's number


@dataclass(frozen=True)
class Recipient:
    """One person invited by a campaign, as stored."""

    id: int
    campaign_id: int
    contact_id: int
    address: str
    first_name: str | None
    row_number: int
    state: str
    outbox_id: int | None
    attempts: int
    error: str | None
    sent_at: str | None
    updated_at: str


@dataclass(frozen=True)
class NewRecipient:
    """A row of a practice list to invite: `contact_id` None for someone new."""

    address: str
    contact_id: int | None
    first_name: str | None
    row_number: int


# The recipient's state, refined by what the outbox learnt later (delivery receipts, and
# the outcome of invitations handed to the outbox for Telegram).
# 'sending' is in the outbox for the campaign to deliver; another worker may have sent it.
EFFECTIVE_STATE = """
CASE
  WHEN r.state IN ('sent', 'queued', 'sending') AND o.state = 'delivered' THEN 'delivered'
  WHEN r.state IN ('sent', 'queued', 'sending') AND o.state IN ('undelivered', 'failed')
    THEN 'failed'
  WHEN r.state IN ('queued', 'sending') AND o.state = 'sent' THEN 'sent'
  WHEN r.state IN ('queued', 'sending') AND o.state = 'skipped' THEN 'opted_out'
  ELSE r.state
END"""


def _campaign(row: aiosqlite.Row) -> Campaign:
    return Campaign(row["id"], row["name"], row["template"], row["source"], row["rows_read"],
                    row["created_at"], row["finished_at"], row["practice_id"])


def _recipient(row: aiosqlite.Row) -> Recipient:
    return Recipient(row["id"], row["campaign_id"], row["contact_id"], row["address"],
                     row["first_name"], row["row_number"], row["state"], row["outbox_id"],
                     row["attempts"], row["error"], row["sent_at"], row["updated_at"])


class CampaignsRepository:
    def __init__(self, store: Store):
        self.store = store

    # ---- campaigns ----

    async def by_name(self, name: str, practice: str = "default") -> Campaign | None:
        """The practice's campaign of this name (names are unique per practice)."""
        row = await self.store.fetchone(
            "SELECT * FROM campaigns WHERE practice_id=? AND name=?", (practice, name))
        return _campaign(row) if row else None

    async def by_id(self, campaign_id: int) -> Campaign | None:
        row = await self.store.fetchone("SELECT * FROM campaigns WHERE id=?", (campaign_id,))
        return _campaign(row) if row else None

    async def all(self, practice: str | None = None) -> list[Campaign]:
        """Every campaign, or (given) one practice's."""
        return [_campaign(r) for r in await self.store.fetchall(
            "SELECT * FROM campaigns WHERE CAST(? AS TEXT) IS NULL OR practice_id=?"
            " ORDER BY id", (practice, practice))]

    async def set_template(self, campaign_id: int, template: str) -> None:
        await self.store.write("UPDATE campaigns SET template=? WHERE id=?",
                               (template, campaign_id))

    async def mark_finished(self, campaign_id: int, now: datetime) -> None:
        await self.store.write(
            "UPDATE campaigns SET finished_at=COALESCE(finished_at, ?) WHERE id=?",
            (iso(now), campaign_id))

    # ---- what an import checks ----

    async def sms_contacts(self, practice: str = "default") -> dict[str, tuple[int, bool]]:
        """Every SMS address at this practice: (contact id, opted out)."""
        return {row[0]: (row[1], bool(row[2])) for row in await self.store.fetchall(
            "SELECT a.address, c.id, c.opted_out FROM addresses a"
            " JOIN contacts c ON c.id = a.contact_id WHERE a.channel='sms'"
            " AND a.practice_id=?", (practice,))}

    async def contacts_in_live_conversations(self, now: datetime,
                                             practice: str = "default") -> set[int]:
        return {row[0] for row in await self.store.fetchall(
            "SELECT contact_id FROM conversations WHERE expires_at > ? AND practice_id=?",
            (iso(now), practice))}

    async def contacts_who_said_no(self, practice: str = "default") -> set[int]:
        return {row[0] for row in await self.store.fetchall(
            "SELECT r.contact_id FROM champion_responses r JOIN contacts c"
            " ON c.id = r.contact_id WHERE r.answer='no' AND c.practice_id=?", (practice,))}

    async def forgotten_hashes(self, practice: str = "default") -> set[str]:
        """Keyed hashes of the numbers that asked this practice to forget them."""
        return {row[0] for row in await self.store.fetchall(
            "SELECT hash FROM forgotten WHERE practice_id IN (?, '*')", (practice,))}

    async def create(self, name: str, template: str, source: str, rows_read: int,
                     recipients: Sequence[NewRecipient], skipped: Sequence[tuple[int, str]],
                     now: datetime, practice: str = "default") -> int:
        """A campaign, its recipients (new people added as contacts at the practice) and
        the skipped rows, in one transaction; returns the campaign id."""
        store, stamp = self.store, iso(now)
        async with store.transaction():
            campaign_id = await store.insert(
                "INSERT INTO campaigns(name, template, source, rows_read, created_at,"
                " practice_id) VALUES (?,?,?,?,?,?) RETURNING id",
                (name, template, source, rows_read, stamp, practice))
            for new in recipients:
                contact_id = new.contact_id
                if contact_id is None:
                    contact_id = await store.insert(
                        "INSERT INTO contacts(created_at, practice_id) VALUES (?, ?)"
                        " RETURNING id", (stamp, practice))
                    await store.write(
                        "INSERT INTO addresses(address, contact_id, channel, created_at,"
                        " practice_id) VALUES (?,?,?,?,?)",
                        (new.address, contact_id, "sms", stamp, practice))
                await store.write(
                    "INSERT INTO campaign_recipients(campaign_id, contact_id, address,"
                    " first_name, row_number, updated_at, practice_id) VALUES (?,?,?,?,?,?,?)",
                    (campaign_id, contact_id, new.address, new.first_name, new.row_number,
                     stamp, practice))
            await store.write_many(
                "INSERT INTO campaign_exclusions(campaign_id, row_number, reason, practice_id)"
                " VALUES (?,?,?,?)",
                [(campaign_id, number, reason, practice) for number, reason in skipped])
        return campaign_id

    # ---- counting ----

    async def names_and_states(self, campaign_id: int) -> list[tuple[str | None, str]]:
        """(first name, stored state) of every recipient, in id order."""
        rows = await self.store.fetchall(
            "SELECT first_name, state FROM campaign_recipients WHERE campaign_id=? ORDER BY id",
            (campaign_id,))
        return [(row[0], row[1]) for row in rows]

    async def exclusion_reasons(self, campaign_id: int) -> list[str]:
        rows = await self.store.fetchall(
            "SELECT reason FROM campaign_exclusions WHERE campaign_id=?", (campaign_id,))
        return [row[0] for row in rows]

    async def exclusions(self, campaign_id: int) -> list[tuple[int, str]]:
        """(row number, reason) of the rows skipped at import, in row order."""
        rows = await self.store.fetchall(
            "SELECT row_number, reason FROM campaign_exclusions WHERE campaign_id=?"
            " ORDER BY row_number", (campaign_id,))
        return [(row[0], row[1]) for row in rows]

    async def effective_state_counts(self, campaign_id: int) -> list[tuple[str, int]]:
        """Recipients by state, refined by the outbox (EFFECTIVE_STATE)."""
        rows = await self.store.fetchall(
            f"SELECT {EFFECTIVE_STATE} AS s, COUNT(*) FROM campaign_recipients r"
            " LEFT JOIN outbox o ON o.id = r.outbox_id WHERE r.campaign_id=? GROUP BY s",
            (campaign_id,))
        return [(row[0], row[1]) for row in rows]

    async def state_counts(self, campaign_id: int) -> dict[str, int]:
        """Recipients by stored state."""
        rows = await self.store.fetchall(
            "SELECT state, COUNT(*) FROM campaign_recipients WHERE campaign_id=? GROUP BY state",
            (campaign_id,))
        return {state: number for state, number in rows}

    async def reply_counts(self, campaign_id: int) -> tuple[int, int, int, int]:
        """(said yes, said no, asked for more, completed)."""
        row = await self.store.fetchone(
            "SELECT SUM(CASE WHEN answer='yes' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN answer='no' THEN 1 ELSE 0 END), SUM(asked_more),"
            " SUM(CASE WHEN state='completed' THEN 1 ELSE 0 END)"
            " FROM champion_responses WHERE campaign_id=?", (campaign_id,))
        if row is None:
            return 0, 0, 0, 0
        return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0), int(row[3] or 0)

    async def stopped_after_invitation(self, campaign_id: int) -> int:
        row = await self.store.fetchone(
            "SELECT COUNT(*) FROM campaign_recipients r JOIN contacts c ON c.id = r.contact_id"
            " WHERE r.campaign_id=? AND r.state IN ('sent', 'queued') AND c.opted_out=1",
            (campaign_id,))
        return int(row[0]) if row else 0

    # ---- sending ----

    async def recipients(self, campaign_id: int, states: tuple[str, ...], limit: int = 500,
                         after_id: int = 0) -> list[Recipient]:
        """Recipients in these (stored) states, in id order."""
        marks = ",".join("?" * len(states))
        rows = await self.store.fetchall(
            f"SELECT * FROM campaign_recipients WHERE campaign_id=? AND state IN ({marks})"
            " AND id > ? ORDER BY id LIMIT ?", (campaign_id, *states, after_id, limit))
        return [_recipient(row) for row in rows]

    async def queued(self, recipient_id: int, outbox_id: int, to: Address, state: str,
                     now: datetime) -> None:
        """The recipient's invitation is in the outbox as `outbox_id`: 'sending' while the
        campaign delivers it, 'queued' when the server's outbox worker will."""
        stamp = iso(now)
        await self.store.write(
            "UPDATE campaign_recipients SET state=?, outbox_id=?, address=?,"
            " attempts=attempts+1, error=NULL, sent_at=CASE WHEN ?='queued' THEN ? END,"
            " updated_at=? WHERE id=?",
            (state, outbox_id, str(to), state, stamp, stamp, recipient_id))

    async def mark_sent(self, recipient_id: int, now: datetime) -> None:
        await self.store.write(
            "UPDATE campaign_recipients SET state='sent', sent_at=?, error=NULL,"
            " updated_at=? WHERE id=?", (iso(now), iso(now), recipient_id))

    async def set_state(self, recipient_id: int, state: str, error: str | None,
                        now: datetime) -> None:
        await self.store.write(
            "UPDATE campaign_recipients SET state=?, error=?, updated_at=? WHERE id=?",
            (state, error, iso(now), recipient_id))

    async def replies_waiting(self, now: datetime) -> int:
        """SMS replies and urgent help queued or mid-send: campaign texts wait for them."""
        row = await self.store.fetchone(
            "SELECT COUNT(*) FROM outbox WHERE kind IN ('urgent', 'reply')"
            " AND recipient LIKE 'sms:%' AND (state='sending' OR (state='queued'"
            " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)))", (iso(now),))
        return int(row[0]) if row else 0
