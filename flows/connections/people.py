"""Who is at each end of an introduction, where to reach them, and whose message is next."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.gsm import count_segments, to_gsm
from bot.storage import Contact, Store
from bot.storage.connections import ConnectionsRepository
from directory.model import Offer
from flows.listings_admin import maintainer_address, maintainer_addresses

FLOW = "connections"
SHORT_STEP = timedelta(days=3)  # a question (CALL, what got in the way) stays open this long


async def champion_for(store: Store, offer: Offer, practice: str = "default",
                       ) -> tuple[Contact, str | None] | None:
    """The first maintainer who takes introductions for this offer, and their first name:
    as a person at the resident's practice, whose number texts them.

    A champion's own INTRODUCTIONS ON/OFF wins over the offer's `introductions:`; nobody
    who said STOP or FORGET ME is ever asked."""
    repo = ConnectionsRepository(store)
    for address in maintainer_addresses(offer):
        if await store.contacts.is_forgotten(address, practice):
            continue
        contact = await store.contacts.find(address, practice)
        own = await repo.takes_introductions(contact.id) if contact else None
        if not (offer.introductions if own is None else own):
            continue
        if contact is not None and contact.opted_out:
            continue
        if contact is None:
            contact = await store.contacts.for_address(address, practice)
        return contact, _first_name(offer, address, contact)
    return None


def _first_name(offer: Offer, address: str, contact: Contact) -> str | None:
    """The listing's contact name when the listing's phone is this champion's, else the
    name they gave us; the resident is told no more than that."""
    listed = offer.contact
    if listed and listed.name and listed.phone and maintainer_address(listed.phone) == address:
        return listed.name.split()[0]
    return contact.name.split()[0] if contact.name else None


async def reach(store: Store, contact_id: int) -> str | None:
    """Where to text someone: their Telegram chat if they have one, else their number."""
    addresses = await store.contacts.addresses_of(contact_id)
    telegram = [a for a in addresses if a.startswith("telegram:")]
    return telegram[-1] if telegram else (addresses[0] if addresses else None)


async def send(store: Store, contact_id: int, text: str, *, choices: tuple[str, ...] = (),
               kind: str = "reply", private: bool = False) -> bool:
    """Queue a text to someone other than the sender; False if they can't be reached.

    private: a relayed message, deleted from the outbox once sent (no bodies kept)."""
    to = await reach(store, contact_id)
    if to is None:
        return False
    for part in _parts(text, to.startswith("sms:")):
        await store.outbox.add(to, part, kind=kind, contact_id=contact_id, choices=choices,
                               scrub_after_send=private)
    return True


def _parts(text: str, sms: bool) -> list[str]:
    """A long relayed message in pieces of at most 3 SMS segments each."""
    if not sms:
        return [text]
    text = to_gsm(text)
    parts: list[str] = []
    while count_segments(text).segments > 3:
        cut = text.rfind(" ", 0, 390)
        cut = cut if cut > 200 else 390
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*parts, text] if text else parts


async def point(store: Store, contact_id: int, step: str, data: dict[str, object],
                now: datetime, until: datetime, *, only_if_free: bool = False) -> None:
    """Make this flow own the person's next message (at `step`) until `until`, unless
    another flow is in the middle of something with them (an invitation, a listing edit).
    only_if_free: only when nothing owns their next message at all."""
    live = await store.conversations.load(contact_id, now)
    if live is not None and live.flow == FLOW and live.step.startswith("wellbeing"):
        return  # mid-questions: their scores must never be passed on in a relay
    if live is None or (not only_if_free and live.flow in (FLOW, "signposting")):
        await store.conversations.save(contact_id, FLOW, step, data, now, until - now)


async def back_to_relay(store: Store, contact_id: int, now: datetime) -> None:
    """After a question is answered: back to the open relay if there is one, else free."""
    relays = await ConnectionsRepository(store).open_relays(contact_id, now)
    live = await store.conversations.load(contact_id, now)
    if relays:
        until = max(r.relay_until or now for r in relays)
        if live is None or (live.flow == FLOW and not live.step.startswith("wellbeing")):
            await store.conversations.save(contact_id, FLOW, "relay", {}, now, until - now)
    elif live is not None and live.flow == FLOW:
        await store.conversations.end(contact_id)


def free_ref(taken: list[int | None]) -> int:
    """The smallest number from 1 not used by the person's other open introductions."""
    n = 1
    while n in taken:
        n += 1
    return n
