"""Listings behind the conversation: who may edit, saving with an audit trail, OFF notices
that remove themselves, proposals for new listings, and the regular "still right?" checks.

Used by flows/listings.py (the conversation), bot/cli_listings.py (staff commands) and the
server's periodic job. `pending_proposals` and `unconfirmed_reviews` feed the staff digest.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from bot.phones import PhoneError, to_e164
from bot.store import Store, iso, parse_iso
from directory.edits import drop_passed_offs
from directory.model import Directory, Offer
from directory.texts import format_offer_full
from directory.writeback import Change, Saved, add_offer, apply_changes, plain
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
    raw = str(entry).strip()
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
    """Write changes back to the YAML, audit each one, and make them live at once."""
    path = services.config.directory.path
    directory = services.directory()
    # The runtime may have been opened on another directory (tests, --directory).
    offer = directory.get(changes[0].offer_id)
    if offer is not None and offer.source_file:
        path = offer.source_file
    saved = await asyncio.to_thread(apply_changes, path, changes, today=today(services))
    await audit_changes(services.store, actor, saved, source)
    await services.reload_directory()
    log.info("listing saved offer=%s fields=%s by=%s", changes[0].offer_id,
             ",".join(c.field for c in changes), actor)
    return saved


async def audit_changes(store: Store, actor: str, saved: Saved, source: str) -> None:
    """One audit row per field that changed."""
    now = iso(dt.datetime.now(dt.UTC))
    async with store.transaction():
        for change, old, new in saved.applied:
            if old == new:
                continue
            await store.execute(
                "INSERT INTO listing_changes(at, actor, offer_id, field, old, new, source)"
                " VALUES (?,?,?,?,?,?,?)",
                (now, actor, change.offer_id, change.field, json.dumps(old), json.dumps(new),
                 source))


async def record_denied(store: Store, actor: str, word: str) -> None:
    """Someone who runs no group used an edit word: keep a note for staff."""
    await store.audit(actor, "listing-edit-denied", "", word)


async def history(store: Store, offer_id: str | None = None, limit: int = 200) -> list[Any]:
    """Saved changes (and refused attempts when no offer is given), newest last."""
    rows: list[Any] = list(await store.fetchall(
        "SELECT id, at, actor, offer_id, field, old, new, source FROM listing_changes"
        + (" WHERE offer_id=?" if offer_id else "") + " ORDER BY id DESC LIMIT ?",
        ((offer_id,) if offer_id else ()) + (limit,)))
    if not offer_id:
        denied = await store.fetchall(
            "SELECT 0 AS id, at, actor, '' AS offer_id, 'refused' AS field, NULL AS old, NULL AS new,"
            " detail AS source FROM audit_log WHERE action='listing-edit-denied'"
            " ORDER BY id DESC LIMIT ?", (limit,))
        rows.extend(denied)
    return sorted(rows, key=lambda r: (r["at"], r["id"]))[-limit:]


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
        cursor = await store.execute(
            "INSERT INTO listing_proposals(contact_id, data, created_at) VALUES (?,?,?)",
            (contact_id, json.dumps(data), iso(services.now())))
        number = int(cursor.lastrowid or 0)
        detail = (f"New listing proposed: P{number} {data.get('name')}. "
                  f"Approve with: python -m bot directory approve P{number}")
        await store.add_alert("listing-proposal", detail, contact_id)
        await store.audit(f"contact:{contact_id}", "listing-proposed", f"P{number}")
        chat = services.config.staff.telegram_chat_id
        if chat:
            await store.outbox_add(f"telegram:{chat}", detail + f" (or text APPROVE P{number})")
    return number


def _proposal(row: Any) -> dict[str, Any]:
    return {"id": f"P{row['id']}", "number": row["id"], "state": row["state"],
            "created_at": row["created_at"], "data": json.loads(row["data"]),
            "contact_id": row["contact_id"], "offer_id": row["offer_id"]}


async def pending_proposals(store: Store) -> list[dict[str, Any]]:
    """Proposals waiting for staff: id ('P3'), data (the offer), created_at."""
    rows = await store.fetchall(
        "SELECT * FROM listing_proposals WHERE state='pending' ORDER BY id")
    return [_proposal(r) for r in rows]


def proposal_number(text: str) -> int | None:
    """'P3', 'p 3', '3' -> 3."""
    m = re.fullmatch(r"\s*p?\s*(\d+)\s*", text, re.IGNORECASE)
    return int(m.group(1)) if m else None


async def approve_proposal(services: Services, number: int, actor: str) -> str:
    """Add a pending proposal to the directory; returns the new offer's id."""
    store = services.store
    row = await store.fetchone("SELECT * FROM listing_proposals WHERE id=?", (number,))
    if row is None:
        raise LookupError(f"there is no proposal P{number}")
    if row["state"] != "pending":
        raise LookupError(f"proposal P{number} is already {row['state']}")
    data = json.loads(row["data"])
    directory = services.directory()
    offer = {**data, "id": slug(data["name"], directory), "status": "active",
             "last_reviewed": today(services).isoformat()}
    path = directory.files[0] if directory.files else services.config.directory.path
    await asyncio.to_thread(add_offer, path, offer)
    async with store.transaction():
        await store.execute(
            "UPDATE listing_proposals SET state='approved', decided_at=?, decided_by=?,"
            " offer_id=? WHERE id=?", (iso(services.now()), actor, offer["id"], number))
        await store.execute(
            "INSERT INTO listing_changes(at, actor, offer_id, field, old, new, source)"
            " VALUES (?,?,?,?,?,?,?)", (iso(services.now()), actor, offer["id"], "offer",
                                        None, json.dumps(offer), f"APPROVE P{number}"))
        await store.execute(
            "UPDATE staff_alerts SET state='done', handled_by=?, handled_at=? WHERE"
            " kind='listing-proposal' AND state='open' AND detail LIKE ?",
            (actor, iso(services.now()), f"%P{number} %"))
        if row["contact_id"] is not None:
            for address in await store.addresses_of(row["contact_id"]):
                await store.outbox_add(
                    address, f"Good news: {data['name']} is now in the directory, so people "
                             "can find it. Thank you. Text UPDATE any time to change it.",
                    contact_id=row["contact_id"])
                break
    await services.reload_directory()
    return str(offer["id"])


async def reject_proposal(services: Services, number: int, actor: str, reason: str = "") -> None:
    """Decline a pending proposal: it never goes live; its staff alert is closed."""
    store = services.store
    async with store.transaction():
        cursor = await store.execute(
            "UPDATE listing_proposals SET state='rejected', decided_at=?, decided_by=?"
            " WHERE id=? AND state='pending'", (iso(services.now()), actor, number))
        if not cursor.rowcount:
            row = await store.fetchone("SELECT state FROM listing_proposals WHERE id=?",
                                       (number,))
            raise LookupError(f"there is no proposal P{number}" if row is None
                              else f"proposal P{number} is already {row['state']}")
        await store.execute(
            "UPDATE staff_alerts SET state='done', handled_by=?, handled_at=?, note=?"
            " WHERE kind='listing-proposal' AND state='open' AND detail LIKE ?",
            (actor, iso(services.now()), "rejected", f"%P{number} %"))
        await store.audit(actor, "listing-rejected", f"P{number}", reason[:300])


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
        if await store.fetchone("SELECT 1 FROM listing_reviews WHERE offer_id=? AND state"
                                " IN ('sent', 'unconfirmed')", (offer.id,)):
            continue
        text = review_text(services, offer)
        async with store.transaction():
            for address in maintainer_addresses(offer):
                contact = await store.contact_for(address)
                await store.outbox_add(address, text, kind="bulk", contact_id=contact.id)
            await store.execute("INSERT INTO listing_reviews(offer_id, sent_at) VALUES (?,?)",
                                (offer.id, iso(services.now())))
        sent += 1
    return sent


async def expire_reviews(services: Services) -> int:
    """Checks unanswered for 14 days: the offer goes on the staff digest as unconfirmed."""
    store = services.store
    cutoff = services.now() - dt.timedelta(days=REVIEW_ANSWER_DAYS)
    rows = await store.fetchall("SELECT * FROM listing_reviews WHERE state='sent'")
    late = [r for r in rows if parse_iso(r["sent_at"]) <= cutoff]
    for row in late:
        async with store.transaction():
            await store.execute("UPDATE listing_reviews SET state='unconfirmed' WHERE id=?",
                                (row["id"],))
            await store.add_alert("listing-unconfirmed",
                                  f"No answer in {REVIEW_ANSWER_DAYS} days to the check of "
                                  f"{row['offer_id']}: is it still running?")
    return len(late)


async def unconfirmed_reviews(store: Store) -> list[dict[str, Any]]:
    """Offers whose maintainers did not answer their check: offer_id, sent_at."""
    rows = await store.fetchall(
        "SELECT offer_id, sent_at FROM listing_reviews WHERE state='unconfirmed' ORDER BY id")
    return [dict(offer_id=r["offer_id"], sent_at=r["sent_at"]) for r in rows]


async def open_reviews(store: Store, offer_ids: list[str]) -> list[str]:
    """Of these offers, the ones with a check waiting for an answer."""
    if not offer_ids:
        return []
    marks = ",".join("?" * len(offer_ids))
    rows = await store.fetchall(
        f"SELECT DISTINCT offer_id FROM listing_reviews WHERE state IN ('sent','unconfirmed')"
        f" AND offer_id IN ({marks})", offer_ids)
    return [r[0] for r in rows]


async def close_reviews(store: Store, offer_id: str, state: str, actor: str,
                        when: dt.datetime) -> None:
    """Mark an offer's open checks answered ('confirmed' or 'updated')."""
    async with store.transaction():
        await store.execute(
            "UPDATE listing_reviews SET state=?, answered_at=?, actor=? WHERE offer_id=?"
            " AND state IN ('sent','unconfirmed')", (state, iso(when), actor, offer_id))


async def tick(services: Services) -> dict[str, int]:
    """The periodic job: passed OFF dates, due checks, unanswered checks."""
    return {"offs_removed": await expire_offs(services),
            "reviews_sent": await send_due_reviews(services),
            "reviews_unconfirmed": await expire_reviews(services)}


__all__ = ["Change", "plain", "pending_proposals", "unconfirmed_reviews", "tick"]
