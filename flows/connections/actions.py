"""What happens to an introduction, whether a text or the periodic job moved it on."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bot.storage import Store
from bot.storage.connections import ASKED, ENDED, ConnectionsRepository, Introduction
from directory.model import Directory, Offer
from flows.connections import texts
from flows.connections.people import SHORT_STEP, back_to_relay, point, send
from flows.connections.sessions import day_words

log = logging.getLogger(__name__)


def wait_words(wait: timedelta) -> str:
    """48h -> '2 days'; 12h -> '12 hours'."""
    hours = int(wait.total_seconds() // 3600)
    if hours >= 24 and hours % 24 == 0:
        days = hours // 24
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{hours} hour{'s' if hours != 1 else ''}"


def contact_line(offer: Offer | None) -> str:
    """' Call or text 07700 900107.' for the group's own contact, or ''."""
    if offer is None:
        return ""
    c = offer.contact
    if c and c.phone:
        return f" Call or text {c.phone}." if c.phone.startswith("07") else f" Call {c.phone}."
    if c and c.email:
        return f" Email {c.email}."
    return f" See {offer.url}" if offer.url else ""


def name_of(intro: Introduction) -> str:
    return intro.champion_name or "the person who runs it"


async def ask_champion(store: Store, config: Any, intro: Introduction, now: datetime) -> bool:
    """Ask the champion, without the resident's number or words; False if unreachable."""
    repo = ConnectionsRepository(store)
    if intro.champion_id is None or await repo.ask_waiting_for(intro.champion_id):
        return False  # one question at a time: this one goes once the other is answered
    champion = await store.contacts.get(intro.champion_id)
    if champion is None or champion.opted_out:
        return False
    text = texts.CHAMPION_ASK.format(offer=intro.offer_name, day=day_words(intro.session_on))
    async with store.transaction():
        if not await send(store, intro.champion_id, text, choices=("YES", "NO")):
            return False
        await repo.update(intro.id, state=ASKED, asked_at=now)
        await point(store, intro.champion_id, "ask", {"intro": intro.id}, now,
                    now + config.connections.answer_within)
    log.info("introduction %s: champion asked", intro.id)
    return True


async def tell_not_this_time(store: Store, intro: Introduction, offer: Offer | None,
                             now: datetime, *, no_answer: bool) -> None:
    """The champion said no, or didn't answer: tell the resident kindly, offer a call."""
    if intro.resident_id is None:
        return
    resident = await store.contacts.get(intro.resident_id)
    if resident is None or resident.opted_out:
        return
    template = texts.RESIDENT_NO_ANSWER if no_answer else texts.RESIDENT_NOT_THIS_TIME
    text = template.format(first_name=name_of(intro), contact=contact_line(offer))
    await send(store, intro.resident_id, text, choices=("CALL",))
    await point(store, intro.resident_id, "call", {"intro": intro.id}, now, now + SHORT_STEP)


async def end_relay(store: Store, intro: Introduction, now: datetime, reason: str,
                    state: str = ENDED, tell: tuple[int | None, ...] = (),
                    text: str = texts.ENDED_OTHER) -> None:
    """Close the relay and tell the people in `tell` (if they can still be texted)."""
    repo = ConnectionsRepository(store)
    await repo.update(intro.id, state=state, end_reason=reason, ended_at=now)
    for contact_id in tell:
        if contact_id is None:
            continue
        person = await store.contacts.get(contact_id)
        if person is not None and not person.opted_out:
            await send(store, contact_id, text.format(offer=intro.offer_name))
    for contact_id in (intro.resident_id, intro.champion_id):
        if contact_id is not None and await store.contacts.get(contact_id) is not None:
            await back_to_relay(store, contact_id, now)
    log.info("introduction %s: relay %s (%s)", intro.id, state, reason)


def offer_of(directory: Directory, intro: Introduction) -> Offer | None:
    return directory.get(intro.offer_id)
