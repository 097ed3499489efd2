"""Campaigns in the store: create from a parsed list, look up, count by state."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.campaigns.csvimport import ParsedList
from bot.storage import Store, iso


class CampaignError(ValueError):
    """A campaign command that can't go ahead; the text says why."""


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


# Recipient states as `campaign status` shows them; together they add up to the recipients.
SEND_STATES = ("pending", "sending", "queued", "sent", "delivered", "failed", "opted_out",
               "skipped")
REPLY_STATES = ("replied_yes", "replied_no", "asked_more", "completed")
# Invited, then texted STOP (or blocked the bot): counted apart from the send states.
STOPPED = "stopped_after_invitation"

# The recipient's state, refined by what the outbox learnt later (delivery receipts, and
# the outcome of invitations handed to the outbox for Telegram).
EFFECTIVE_STATE = """
CASE
  WHEN r.state IN ('sent', 'queued') AND o.state = 'delivered' THEN 'delivered'
  WHEN r.state IN ('sent', 'queued') AND o.state IN ('undelivered', 'failed') THEN 'failed'
  WHEN r.state = 'queued' AND o.state = 'sent' THEN 'sent'
  WHEN r.state = 'queued' AND o.state = 'skipped' THEN 'opted_out'
  ELSE r.state
END"""


def _campaign(row: aiosqlite.Row) -> Campaign:
    return Campaign(row["id"], row["name"], row["template"], row["source"], row["rows_read"],
                    row["created_at"], row["finished_at"])


async def get_campaign(store: Store, name: str) -> Campaign:
    """The campaign called `name`, or CampaignError listing the ones there are."""
    row = await store.fetchone("SELECT * FROM campaigns WHERE name=?", (name,))
    if row is None:
        names = [r[0] for r in await store.fetchall("SELECT name FROM campaigns ORDER BY id")]
        known = f" Campaigns: {', '.join(names)}." if names else " There are no campaigns yet."
        raise CampaignError(f"no campaign called {name!r}.{known}")
    return _campaign(row)


async def all_campaigns(store: Store) -> list[Campaign]:
    return [_campaign(r) for r in await store.fetchall("SELECT * FROM campaigns ORDER BY id")]


@dataclass
class Created:
    """What `campaign create` did."""

    campaign: Campaign
    recipients: int
    skipped: list[tuple[int, str]]


async def create_campaign(store: Store, name: str, parsed: ParsedList, template: str,
                          source: str, now: datetime) -> Created:
    """Store a campaign and its recipients, skipping who must not be invited (with why)."""
    if not name.strip():
        raise CampaignError("the campaign needs a name")
    if await store.fetchone("SELECT 1 FROM campaigns WHERE name=?", (name,)):
        raise CampaignError(f"a campaign called {name!r} already exists; pick another name")
    known: dict[str, tuple[int, bool]] = {
        row[0]: (row[1], bool(row[2])) for row in await store.fetchall(
            "SELECT a.address, c.id, c.opted_out FROM addresses a"
            " JOIN contacts c ON c.id = a.contact_id WHERE a.channel='sms'")}
    live = {row[0] for row in await store.fetchall(
        "SELECT contact_id FROM conversations WHERE expires_at > ?", (iso(now),))}
    declined = {row[0] for row in await store.fetchall(
        "SELECT contact_id FROM champion_responses WHERE answer='no'")}
    forgotten = {row[0] for row in await store.fetchall("SELECT hash FROM forgotten")}
    skipped = list(parsed.skipped)
    stamp = iso(now)
    count = 0
    async with store.transaction():
        cursor = await store.execute(
            "INSERT INTO campaigns(name, template, source, rows_read, created_at)"
            " VALUES (?,?,?,?,?)", (name, template, source, parsed.rows_read, stamp))
        campaign_id = cursor.lastrowid
        for row in parsed.rows:
            address = "sms:" + row.mobile
            existing = known.get(address)
            reason = ""
            if existing is None and await store.address_hash(address) in forgotten:
                reason = "forgotten"  # asked to be forgotten: only a keyed hash remains
            elif existing is not None and existing[1]:
                reason = "opted out"
            elif existing is not None and existing[0] in declined:
                reason = "said no before"
            elif existing is not None and existing[0] in live:
                reason = "in a live conversation"
            if reason:
                skipped.append((row.row_number, reason))
                continue
            if existing is None:
                contact = await store.execute("INSERT INTO contacts(created_at) VALUES (?)",
                                              (stamp,))
                contact_id = contact.lastrowid
                await store.execute(
                    "INSERT INTO addresses(address, contact_id, channel, created_at)"
                    " VALUES (?,?,?,?)", (address, contact_id, "sms", stamp))
            else:
                contact_id = existing[0]
            await store.execute(
                "INSERT INTO campaign_recipients(campaign_id, contact_id, address, first_name,"
                " row_number, updated_at) VALUES (?,?,?,?,?,?)",
                (campaign_id, contact_id, address, row.first_name, row.row_number, stamp))
            count += 1
        skipped.sort()
        await store.executemany(
            "INSERT INTO campaign_exclusions(campaign_id, row_number, reason) VALUES (?,?,?)",
            [(campaign_id, number, reason) for number, reason in skipped])
    return Created(await get_campaign(store, name), count, skipped)


async def exclusions(store: Store, campaign: Campaign) -> Counter[str]:
    """Rows skipped at import, counted by reason."""
    rows = await store.fetchall(
        "SELECT reason FROM campaign_exclusions WHERE campaign_id=?", (campaign.id,))
    return Counter(row[0].split(" (")[0] for row in rows)


async def status_counts(store: Store, campaign: Campaign) -> dict[str, int]:
    """Recipients by send state, then replies; send states add up to `recipients`."""
    counts: dict[str, int] = dict.fromkeys(("recipients", *SEND_STATES, *REPLY_STATES, STOPPED), 0)
    rows = await store.fetchall(
        f"SELECT {EFFECTIVE_STATE} AS s, COUNT(*) FROM campaign_recipients r"
        " LEFT JOIN outbox o ON o.id = r.outbox_id WHERE r.campaign_id=? GROUP BY s",
        (campaign.id,))
    for state, number in rows:
        counts[state] = counts.get(state, 0) + number
        counts["recipients"] += number
    replies = await store.fetchone(
        "SELECT SUM(answer='yes'), SUM(answer='no'), SUM(asked_more), SUM(state='completed')"
        " FROM champion_responses WHERE campaign_id=?", (campaign.id,))
    if replies is not None:
        for key, value in zip(REPLY_STATES, replies, strict=True):
            counts[key] = int(value or 0)
    stopped = await store.fetchone(
        "SELECT COUNT(*) FROM campaign_recipients r JOIN contacts c ON c.id = r.contact_id"
        " WHERE r.campaign_id=? AND r.state IN ('sent', 'queued') AND c.opted_out=1",
        (campaign.id,))
    counts[STOPPED] = int(stopped[0]) if stopped else 0
    counts["excluded at import"] = sum((await exclusions(store, campaign)).values())
    return counts


async def recipient_rows(store: Store, campaign: Campaign, states: tuple[str, ...],
                         limit: int = 500, after_id: int = 0) -> list[aiosqlite.Row]:
    """Recipients in these (stored) states, in id order."""
    marks = ",".join("?" * len(states))
    return await store.fetchall(
        f"SELECT * FROM campaign_recipients WHERE campaign_id=? AND state IN ({marks})"
        " AND id > ? ORDER BY id LIMIT ?", (campaign.id, *states, after_id, limit))


def as_dict(row: aiosqlite.Row) -> dict[str, Any]:
    return {key: row[key] for key in row.keys()}
