"""What staff get when someone comes forward: a digest, and optionally a Telegram message.

The answers live in champion_responses (erased by FORGET ME); staff alerts only point at
them, so nothing personal outlives a forget-me request. The Telegram notice is queued with
scrub_after_send, so its text is not kept once it has gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.phones import display_uk
from bot.store import Store, iso, utcnow

NOTICE = "New Practice Health Champion: {summary}"


@dataclass(frozen=True)
class CameForward:
    """One person who said yes and agreed to be contacted."""

    response_id: int
    contact_id: int
    campaign: str
    name: str
    interests: str
    availability: str
    contact_method: str
    reach: str  # how staff can reach them: the number or the Telegram chat
    completed_at: str

    def summary(self) -> str:
        return (f"{self.name or '(no name)'}; enjoys: {self.interests or '-'}; free: "
                f"{self.availability or '-'}; contact: {self.contact_method or '-'} "
                f"({self.reach}); campaign: {self.campaign}")


async def came_forward(store: Store, *, campaign_id: int | None = None,
                       only_new: bool = False, response_id: int | None = None
                       ) -> list[CameForward]:
    """People who said yes and consented, oldest first."""
    where = ["r.state='completed'", "r.consent=1"]
    params: list[Any] = []
    if campaign_id is not None:
        where.append("r.campaign_id=?")
        params.append(campaign_id)
    if only_new:
        where.append("r.digested_at IS NULL")
    if response_id is not None:
        where.append("r.id=?")
        params.append(response_id)
    rows = await store.fetchall(
        "SELECT r.*, c.name AS campaign_name FROM champion_responses r"
        f" LEFT JOIN campaigns c ON c.id = r.campaign_id WHERE {' AND '.join(where)}"
        " ORDER BY r.completed_at, r.id", params)
    return [await _came_forward(store, row) for row in rows]


@dataclass(frozen=True)
class AskLater:
    """Someone who said "maybe later" to an invitation, and when staff may ask again."""

    response_id: int
    name: str
    campaign: str
    reach: str
    said_at: str
    ask_again: str


async def ask_later(store: Store) -> list[AskLater]:
    """People who asked to be invited another time, soonest ask-again date first."""
    rows = await store.fetchall(
        "SELECT r.id, r.contact_id, r.updated_at, r.ask_again, c.name AS campaign_name,"
        " (SELECT p.first_name FROM campaign_recipients p WHERE p.contact_id = r.contact_id"
        "  AND p.campaign_id IS r.campaign_id LIMIT 1) AS first_name"
        " FROM champion_responses r LEFT JOIN campaigns c ON c.id = r.campaign_id"
        " WHERE r.state='ask later' ORDER BY r.ask_again, r.id")
    found = []
    for row in rows:
        addresses = await store.addresses_of(row["contact_id"])
        reach = ", ".join(display_uk(a[4:]) if a.startswith("sms:") else a for a in addresses)
        found.append(AskLater(row["id"], row["first_name"] or "", row["campaign_name"]
                              or "(Telegram/word)", reach, row["updated_at"] or "",
                              row["ask_again"] or ""))
    return found


async def _came_forward(store: Store, row: aiosqlite.Row) -> CameForward:
    addresses = await store.addresses_of(row["contact_id"])
    reach = ", ".join(display_uk(a[4:]) if a.startswith("sms:") else a for a in addresses)
    return CameForward(row["id"], row["contact_id"], row["campaign_name"] or "(Telegram/word)",
                       row["name"] or "", row["interests"] or "", row["availability"] or "",
                       row["contact_method"] or "", reach, row["completed_at"] or "")


async def notify_staff(store: Store, config: Any, response_id: int) -> None:
    """Raise a staff alert; also queue a Telegram message if staff.telegram_chat_id is set."""
    await store.add_alert("champion-came-forward", f"champion_responses:{response_id}")
    chat = str(config.staff.telegram_chat_id or "").strip()
    if not chat:
        return
    people = await came_forward(store, response_id=response_id)
    for person in people:
        await store.outbox_add(f"telegram:{chat}", NOTICE.format(summary=person.summary()),
                               kind="reply", scrub_after_send=True)


async def digest(store: Store, *, everyone: bool = False) -> list[CameForward]:
    """New people who came forward since the last digest (all with everyone=True)."""
    people = await came_forward(store, only_new=not everyone)
    if people:
        async with store.transaction():
            marks = ",".join("?" * len(people))
            await store.execute(
                f"UPDATE champion_responses SET digested_at=COALESCE(digested_at, ?)"
                f" WHERE id IN ({marks})", (iso(utcnow()), *[p.response_id for p in people]))
            await store.execute(
                "UPDATE staff_alerts SET state='done', handled_by='staff digest', handled_at=?"
                " WHERE kind='champion-came-forward' AND state='open'", (iso(utcnow()),))
    return people
