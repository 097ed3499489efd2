"""What staff get when someone comes forward: a digest, and optionally a Telegram message.

The answers live in champion_responses (erased by FORGET ME); staff alerts only point at
them, so nothing personal outlives a forget-me request. The Telegram notice is queued with
scrub_after_send, so its text is not kept once it has gone.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Config
from bot.phones import display_uk
from bot.storage import Store, utcnow
from bot.storage.champions import Answers, ChampionsRepository

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
                       only_new: bool = False, response_id: int | None = None,
                       practice: str | None = None) -> list[CameForward]:
    """People who said yes and consented, oldest first (at `practice`, when given)."""
    rows = await ChampionsRepository(store).came_forward(
        campaign_id=campaign_id, only_new=only_new, response_id=response_id,
        practice=practice)
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


async def ask_later(store: Store, practice: str | None = None) -> list[AskLater]:
    """People who asked to be invited another time, soonest ask-again date first."""
    found = []
    for row in await ChampionsRepository(store).asked_later(practice):
        found.append(AskLater(row.id, row.first_name or "", row.campaign_name
                              or "(Telegram/word)", await _reach(store, row.contact_id),
                              row.updated_at or "", row.ask_again or ""))
    return found


async def _reach(store: Store, contact_id: int) -> str:
    """How staff can reach someone: their numbers, or their Telegram chat."""
    addresses = await store.contacts.addresses_of(contact_id)
    return ", ".join(display_uk(a[4:]) if a.startswith("sms:") else a for a in addresses)


async def _came_forward(store: Store, row: Answers) -> CameForward:
    reach = await _reach(store, row.contact_id)
    return CameForward(row.id, row.contact_id, row.campaign_name or "(Telegram/word)",
                       row.name or "", row.interests or "", row.availability or "",
                       row.contact_method or "", reach, row.completed_at or "")


async def notify_staff(store: Store, config: Config, response_id: int) -> None:
    """Raise a staff alert; also queue a Telegram message if staff.telegram_chat_id is set."""
    await store.alerts.add("champion-came-forward", f"champion_responses:{response_id}")
    chat = str(config.staff.telegram_chat_id or "").strip()
    if not chat:
        return
    people = await came_forward(store, response_id=response_id)
    for person in people:
        await store.outbox.add(f"telegram:{chat}", NOTICE.format(summary=person.summary()),
                               kind="reply", scrub_after_send=True)


async def digest(store: Store, *, everyone: bool = False,
                 practice: str | None = None) -> list[CameForward]:
    """New people who came forward since the last digest (all with everyone=True), at
    `practice` (when given)."""
    people = await came_forward(store, only_new=not everyone, practice=practice)
    if people:
        await ChampionsRepository(store).mark_digested([p.response_id for p in people],
                                                       utcnow(), practice)
    return people
