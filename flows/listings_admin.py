"""Listings behind the conversation: who may edit, saving with an audit trail, OFF notices
that remove themselves, proposals for new listings, and the regular "still right?" checks.

Used by flows/listings.py (the conversation), bot/cli_listings.py (staff commands) and the
server's periodic job. `pending_proposals` and `unconfirmed_reviews` feed the staff digest.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from bot.phones import PhoneError, to_e164
from bot.storage import Store
from bot.storage.listings import ListingsRepository, Proposal
from directory.edits import drop_passed_offs
from directory.model import Directory, Offer
from directory.texts import format_offer_full
from directory.writeback import (
    UNSET,
    Change,
    OfferNotFound,
    Saved,
    add_offer,
    apply_changes,
    plain,
    read_offer,
)
from flows.base import Services

log = logging.getLogger(__name__)

REVIEW_ANSWER_DAYS = 14


def today(services: Services) -> dt.date:
    """Today where the practice is (the sending window's time zone)."""
    zone = ZoneInfo(services.config.campaigns.send_window.timezone)
    return services.now().astimezone(zone).date()


# ---- who may edit -------------------------------------------------------------------------

def maintainer_address(entry: str) -> str | None:
    """A `maintainers` entry as an address: '+447700900101' -> 'sms:+447700900101',
    'telegram:123' as is; a bare long number that is not a phone is a Telegram id."""
    return _maintainer_address(str(entry).strip())


@functools.lru_cache(maxsize=8192)
def _maintainer_address(raw: str) -> str | None:
    # Cached: a turn asks who runs each offer (flows/listings.py, the understanding step),
    # and parsing a number with phonenumbers costs ~0.2 ms, every offer, every turn.
    if raw.startswith(("telegram:", "sms:")):
        if raw.startswith("sms:"):
            try:
                return "sms:" + to_e164(raw[4:])
            except PhoneError:
                return None
        return raw
    try:
        return "sms:" + to_e164(raw)
    except PhoneError:
        return f"telegram:{raw}" if raw.lstrip("-").isdigit() else None


def maintainer_addresses(offer: Offer) -> list[str]:
    """Where to reach the people who run an offer."""
    found = [maintainer_address(m) for m in offer.maintainers]
    return [a for a in dict.fromkeys(found) if a]


def is_admin(services: Services, addresses: set[str]) -> bool:
    """Staff listed in staff.admins may edit any offer."""
    admins = {maintainer_address(a) for a in services.config.staff.admins}
    return bool(addresses & admins)


def maintained_offers(directory: Directory, addresses: set[str]) -> list[Offer]:
    """Offers listing any of these addresses among their maintainers."""
    return [o for o in directory.offers if addresses & set(maintainer_addresses(o))]


# ---- saving -------------------------------------------------------------------------------

async def save_changes(services: Services, actor: str, changes: list[Change],
                       source: str) -> Saved:
    """Write changes back to the YAML, audit each one, and make them live at once (the
    dashboard; a champion's turn writes after its commit, flows/listings.py)."""
    saved = await write_changes(services, changes)
    await audit_changes(services.store, actor, saved, source)
    await services.reload_directory()
    return saved


async def write_changes(services: Services, changes: list[Change]) -> Saved:
    """Write changes to one offer back to its YAML file (in a worker thread). Safe to
    repeat: a change already in the file is no conflict."""
    path = services.config.directory.path
    # The runtime may have been opened on another directory (tests, --directory).
    offer = services.directory().get(changes[0].offer_id)
    if offer is not None and offer.source_file:
        path = offer.source_file
    saved = await asyncio.to_thread(apply_changes, path, changes, today=today(services))
    log.info("listing saved offer=%s fields=%s", changes[0].offer_id,
             ",".join(c.field for c in changes))
    return saved


async def audit_changes(store: Store, actor: str, saved: Saved, source: str) -> None:
    """One audit row per field that changed: from what the editor saw, when known, so a
    save written again after a stop is still recorded."""
    rows = []
    for change, old, new in saved.applied:
        before = old if change.expected is UNSET else plain(change.expected)
        if before != new:
            rows.append((change.offer_id, change.field, before, new))
    await ListingsRepository(store).add_changes(dt.datetime.now(dt.UTC), actor, rows, source)


async def record_denied(store: Store, actor: str, word: str) -> None:
    """Someone who runs no group used an edit word: keep a note for staff."""
    await store.audit.record(actor, "listing-edit-denied", "", word)


async def history(store: Store, offer_id: str | None = None,
                  limit: int = 200) -> list[dict[str, Any]]:
    """Saved changes (and refused attempts when no offer is given), newest last."""
    return await ListingsRepository(store).history(offer_id, limit)


# ---- OFF notices that remove themselves ---------------------------------------------------

def live_directory(get: Callable[[], Directory], services: Services) -> Callable[[], Directory]:
    """Wrap the directory getter so OFF dates that have passed are never shown, even before
    the periodic job has removed them from the file (cached per directory and day)."""
    cache: dict[str, Any] = {"key": None, "value": None}

    def current() -> Directory:
        directory = get()
        key = (id(directory), today(services))
        if cache["key"] == key:
            return cache["value"]  # type: ignore[no-any-return]
        day = key[1]
        changed = {o.id: drop_passed_offs(o.notice, day) for o in directory.offers
                   if o.notice and drop_passed_offs(o.notice, day) != o.notice}
        value = directory
        if changed:
            value = Directory(
                offers=[replace(o, notice=changed[o.id]) if o.id in changed else o
                        for o in directory.offers],
                vocabulary=directory.vocabulary, files=directory.files)
        cache["key"], cache["value"] = key, value
        return value

    current.raw = get  # type: ignore[attr-defined]  # the file as it is, for expire_offs
    return current


async def expire_offs(services: Services, raw: Directory | None = None) -> int:
    """Remove passed OFF dates from the YAML; returns how many offers were changed."""
    directory = raw or getattr(services.directory, "raw", services.directory)()
    day = today(services)
    count = 0
    for offer in directory.offers:
        if not offer.notice:
            continue
        left = drop_passed_offs(offer.notice, day)
        if left == offer.notice:
            continue
        try:
            await save_changes(services, "system",
                               [Change(offer.id, "notice", left, expected=offer.notice)],
                               "OFF expired")
            count += 1
        except Exception:  # a hand edit meanwhile: leave it; the search-time check hides it
            log.warning("could not remove a passed OFF notice offer=%s", offer.id)
    return count


# ---- proposals ----------------------------------------------------------------------------

def slug(name: str, directory: Directory) -> str:
    """A new, unused offer id from a name."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-") or "new-group"
    found, n = base, 2
    while directory.get(found) is not None:
        found, n = f"{base}-{n}", n + 1
    return found


async def create_proposal(services: Services, contact_id: int, data: dict[str, Any]) -> int:
    """Store a proposal and tell staff (digest alert, staff Telegram chat if set)."""
    store = services.store
    async with store.transaction():
        number = await ListingsRepository(store).add_proposal(contact_id, data, services.now())
        detail = (f"New listing proposed: P{number} {data.get('name')}. "
                  f"Approve with: python -m bot directory approve P{number}")
        await store.alerts.add("listing-proposal", detail, contact_id)
        await store.audit.record(f"contact:{contact_id}", "listing-proposed", f"P{number}")
        chat = services.config.staff.telegram_chat_id
        if chat:
            await store.outbox.add(f"telegram:{chat}", detail + f" (or text APPROVE P{number})")
    return number


def _proposal(found: Proposal) -> dict[str, Any]:
    return {"id": f"P{found.number}", "number": found.number, "state": found.state,
            "created_at": found.created_at, "data": found.data,
            "contact_id": found.contact_id, "offer_id": found.offer_id}


async def pending_proposals(store: Store) -> list[dict[str, Any]]:
    """Proposals waiting for staff: id ('P3'), data (the offer), created_at."""
    return [_proposal(p) for p in await ListingsRepository(store).pending_proposals()]


def proposal_number(text: str) -> int | None:
    """'P3', 'p 3', '3' -> 3."""
    m = re.fullmatch(r"\s*p?\s*(\d+)\s*", text, re.IGNORECASE)
    return int(m.group(1)) if m else None


async def approve_proposal(services: Services, number: int, actor: str) -> str:
    """Add a pending proposal to the directory; returns the new offer's id."""
    offer_id = await proposed_offer_id(services, number)
    await write_proposal(services, number, offer_id)
    async with services.store.transaction():
        await record_approval(services, number, actor, offer_id)
    await services.reload_directory()
    return offer_id


async def _pending_proposal(services: Services, number: int) -> Proposal:
    row = await ListingsRepository(services.store).proposal(number)
    if row is None:
        raise LookupError(f"there is no proposal P{number}")
    if row.state != "pending":
        raise LookupError(f"proposal P{number} is already {row.state}")
    return row


async def proposed_offer_id(services: Services, number: int) -> str:
    """The id a pending proposal will have (LookupError if it is not pending)."""
    row = await _pending_proposal(services, number)
    return slug(row.data["name"], services.directory())


def _new_offer(services: Services, row: Proposal, offer_id: str) -> dict[str, Any]:
    return {**row.data, "id": offer_id, "status": "active",
            "last_reviewed": today(services).isoformat()}


async def write_proposal(services: Services, number: int, offer_id: str) -> None:
    """Add the proposal to the directory's first file as `offer_id`, unless a stop after
    an earlier write left it there already (so this is safe to repeat)."""
    row = await _pending_proposal(services, number)
    directory = services.directory()
    path = directory.files[0] if directory.files else services.config.directory.path
    offer = _new_offer(services, row, offer_id)
    try:
        await asyncio.to_thread(read_offer, path, offer_id)
        return  # written before a stop; the proposal is still pending
    except OfferNotFound:
        pass
    await asyncio.to_thread(add_offer, path, offer)


async def record_approval(services: Services, number: int, actor: str, offer_id: str) -> None:
    """In a transaction: the proposal approved, and the person who proposed it told."""
    store = services.store
    row = await _pending_proposal(services, number)
    offer = _new_offer(services, row, offer_id)
    await ListingsRepository(store).approve(number, actor, offer, services.now())
    if row.contact_id is not None:
        for address in await store.contacts.addresses_of(row.contact_id):
            await store.outbox.add(
                address, f"Good news: {row.data['name']} is now in the directory, so people "
                         "can find it. Thank you. Text UPDATE any time to change it.",
                contact_id=row.contact_id)
            break


async def reject_proposal(services: Services, number: int, actor: str, reason: str = "") -> None:
    """Decline a pending proposal: it never goes live; its staff alert is closed."""
    store = services.store
    async with store.transaction():
        refused = await ListingsRepository(store).reject(number, actor, services.now())
        if refused is not None:
            raise LookupError(f"there is no proposal P{number}" if refused == "missing"
                              else f"proposal P{number} is already {refused}")
        await store.audit.record(actor, "listing-rejected", f"P{number}", reason[:300])


# ---- regular checks -----------------------------------------------------------------------

def review_text(services: Services, offer: Offer) -> str:
    """The 'is this still right?' text: the listing as it stands, then the question."""
    practice = services.config.practice.name
    return (f"Hello from {practice}. Is your listing still right?\n"
            f"{format_offer_full(offer)}\n"
            "Reply YES if this is still right, or UPDATE to change it.")


async def send_due_reviews(services: Services, *, force: bool = False) -> int:
    """Queue one check to the maintainers of each offer due one, inside the sending window."""
    from bot.campaigns.window import SendWindow

    if not force and not SendWindow.from_config(services.config).is_open(services.now()):
        return 0
    store = services.store
    due_before = today(services) - services.config.directory.review_after
    sent = 0
    for offer in services.directory().offers:
        if offer.status == "ended" or not offer.maintainers:
            continue
        if offer.last_reviewed is not None and offer.last_reviewed > due_before:
            continue
        if await ListingsRepository(store).review_open(offer.id):
            continue
        text = review_text(services, offer)
        async with store.transaction():
            for address in maintainer_addresses(offer):
                contact = await store.contacts.for_address(address,
                                                           services.config.practice_id)
                await store.outbox.add(address, text, kind="bulk", contact_id=contact.id)
            await ListingsRepository(store).add_review(offer.id, services.now())
        sent += 1
    return sent


async def expire_reviews(services: Services) -> int:
    """Checks unanswered for 14 days: the offer goes on the staff digest as unconfirmed."""
    store = services.store
    cutoff = services.now() - dt.timedelta(days=REVIEW_ANSWER_DAYS)
    listings = ListingsRepository(store)
    late = [r for r in await listings.sent_reviews() if r.sent_at <= cutoff]
    for row in late:
        async with store.transaction():
            await listings.mark_unconfirmed(row.id)
            await store.alerts.add("listing-unconfirmed",
                                   f"No answer in {REVIEW_ANSWER_DAYS} days to the check of "
                                   f"{row.offer_id}: is it still running?")
    return len(late)


async def unconfirmed_reviews(store: Store) -> list[dict[str, Any]]:
    """Offers whose maintainers did not answer their check: offer_id, sent_at."""
    return [dict(offer_id=offer_id, sent_at=sent_at)
            for offer_id, sent_at in await ListingsRepository(store).unconfirmed()]


async def open_reviews(store: Store, offer_ids: list[str]) -> list[str]:
    """Of these offers, the ones with a check waiting for an answer."""
    return await ListingsRepository(store).with_open_reviews(offer_ids)


async def close_reviews(store: Store, offer_id: str, state: str, actor: str,
                        when: dt.datetime) -> None:
    """Mark an offer's open checks answered ('confirmed' or 'updated')."""
    await ListingsRepository(store).close_reviews(offer_id, state, actor, when)


async def tick(services: Services) -> dict[str, int]:
    """The periodic job: passed OFF dates, due checks, unanswered checks."""
    return {"offs_removed": await expire_offs(services),
            "reviews_sent": await send_due_reviews(services),
            "reviews_unconfirmed": await expire_reviews(services)}


__all__ = ["Change", "plain", "pending_proposals", "unconfirmed_reviews", "tick"]
