"""People: contacts, their addresses, consent, opt-out, name, the safety state after a
crisis, and FORGET ME (erasing a person everywhere, keeping only keyed hashes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.messages import Address
from bot.storage.batch import Earlier, Statement, Unchanged
from bot.storage.times import iso, parse_iso, utcnow

if TYPE_CHECKING:
    from bot.storage.store import Store

DEFAULT = "default"  # the practice of a deployment without a `practices:` list


@dataclass
class Contact:
    """A person, who may have several addresses."""

    id: int
    name: str | None
    opted_out: bool
    consent: bool | None
    # After a crisis reply: until when, and for which kind of crisis (flows/crisis.py).
    safety_until: datetime | None = None
    safety_kind: str | None = None
    # Counts the person's committed turns: a turn routed on an older reading is re-run.
    turn_version: int = 0
    # Whose patient: someone registered at two practices is two contacts.
    practice: str = "default"

    def in_safety_state(self, now: datetime) -> bool:
        return self.safety_until is not None and now < self.safety_until


class ContactsRepository:
    def __init__(self, store: Store):
        self.store = store

    async def for_address(self, address: Address | str,
                          practice: str = DEFAULT) -> Contact:
        """The person at this address at this practice, created on first contact."""
        return (await self.find_or_create(address, practice))[0]

    async def find_or_create(self, address: Address | str,
                             practice: str = DEFAULT) -> tuple[Contact, bool]:
        """The person at this address at this practice, and whether they were created just
        now (then they have no conversation yet, which saves a conversation turn a read)."""
        key = str(address)
        row = await self._contact_row(key, practice)
        if row is not None:
            return contact_from_row(row), False
        return await self.create(key, practice)

    async def create(self, address: Address | str,
                     practice: str = DEFAULT) -> tuple[Contact, bool]:
        """A new person at this address, in one trip (BEGIN, both INSERTs, COMMIT); if
        another process gave the address to someone first, ours is undone and theirs
        returned (created False)."""
        key = str(address)
        now = iso(utcnow())
        try:
            [[row], _] = await self.store.batch([
                Statement("INSERT INTO contacts(created_at, practice_id) VALUES (?, ?)"
                          " RETURNING *", (now, practice), returning=True),
                Statement("INSERT INTO addresses(address, contact_id, channel, created_at,"
                          " practice_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                          (key, Earlier(0, "id"), key.split(":")[0], now, practice),
                          must_change=True)])  # taken meanwhile: ours is rolled back
        except Unchanged:
            row = await self._contact_row(key, practice)
            assert row is not None
            return contact_from_row(row), False
        return contact_from_row(row), True

    async def find(self, address: Address | str, practice: str = DEFAULT) -> Contact | None:
        row = await self._contact_row(str(address), practice)
        return contact_from_row(row) if row else None

    async def get(self, contact_id: int) -> Contact | None:
        row = await self.store.fetchone("SELECT * FROM contacts WHERE id=?", (contact_id,))
        return contact_from_row(row) if row else None

    async def _contact_row(self, address: str, practice: str) -> Any | None:
        return await self.store.fetchone(
            "SELECT c.* FROM contacts c JOIN addresses a ON a.contact_id = c.id"
            " WHERE a.practice_id=? AND a.address=?", (practice, address))

    async def addresses_of(self, contact_id: int) -> list[str]:
        rows = await self.store.fetchall(
            "SELECT address FROM addresses WHERE contact_id=? ORDER BY created_at", (contact_id,))
        return [row[0] for row in rows]

    async def link_address(self, address: Address | str, contact_id: int) -> None:
        """Move an address to another person (one person, several channels), merging the
        person it leaves: opted out if either was; the target's live conversation wins;
        name and consent filled from the other if the target has none; other features'
        rows (FORGET_TABLES) follow unless the target already has one. A person left
        with no address is removed. Within the target's practice only."""
        key = str(address)
        async with self.store.transaction():
            target = await self.get(contact_id)
            practice = target.practice if target is not None else DEFAULT
            row = await self._contact_row(key, practice)
            now = iso(utcnow())
            if row is None:
                await self.store.write(
                    "INSERT INTO addresses(address, contact_id, channel, created_at,"
                    " practice_id) VALUES (?, ?, ?, ?, ?)",
                    (key, contact_id, key.split(":")[0], now, practice))
                return
            old = row["id"]
            if old == contact_id:
                return
            await self.store.write(
                "UPDATE addresses SET contact_id=? WHERE practice_id=? AND address=?",
                (contact_id, practice, key))
            await self.store.write(
                "UPDATE contacts SET opted_out=1, opted_out_at=COALESCE(opted_out_at, ?)"
                " WHERE id=? AND opted_out=0 AND ?=1", (now, contact_id, int(row["opted_out"])))
            await self.store.write(
                "UPDATE contacts SET name=COALESCE(name, ?),"
                " consent=COALESCE(consent, ?), consent_at=COALESCE(consent_at, ?) WHERE id=?",
                (row["name"], row["consent"], row["consent_at"], contact_id))
            for table, column in FORGET_TABLES:
                # Where the target already has a row (e.g. a conversation), it wins: the
                # row that would collide stays behind (SQLite's UPDATE OR IGNORE, portably).
                same = "".join(f" AND x.{key}={table}.{key}" for key in MERGE_KEYS.get(table, ()))
                clash = (f" AND NOT EXISTS (SELECT 1 FROM {table} x WHERE x.{column}=?{same})"
                         if table in MERGE_KEYS else "")
                await self.store.write(
                    f"UPDATE {table} SET {column}=? WHERE {column}=?{clash}",
                    (contact_id, old, contact_id) if clash else (contact_id, old))
            await self.store.write("UPDATE outbox SET contact_id=? WHERE contact_id=?",
                                     (contact_id, old))
            await self.store.write("UPDATE staff_alerts SET contact_id=? WHERE contact_id=?",
                                     (contact_id, old))
            if not await self.addresses_of(old):
                await self.store.write("DELETE FROM contacts WHERE id=?", (old,))

    async def set_opted_out(self, contact_id: int, opted_out: bool) -> None:
        await self.store.write(
            "UPDATE contacts SET opted_out=?, opted_out_at=? WHERE id=?",
            (int(opted_out), iso(utcnow()) if opted_out else None, contact_id))

    async def set_safety_state(self, contact_id: int, kind: str, until: datetime) -> None:
        """Hold back listings, invitations and reminders from this person until `until`."""
        await self.store.write("UPDATE contacts SET safety_until=?, safety_kind=? WHERE id=?",
                               (iso(until), kind, contact_id))

    async def safety_hold(self, contact_id: int, now: datetime) -> tuple[datetime, str] | None:
        """(until, kind) while this person is in the safety state after a crisis, else None."""
        row = await self.store.fetchone(
            "SELECT safety_until, safety_kind FROM contacts WHERE id=? AND safety_until > ?",
            (contact_id, iso(now)))
        return (parse_iso(row["safety_until"]), row["safety_kind"] or "") if row else None

    async def clear_safety_state(self, contact_id: int) -> None:
        """End the safety state early: staff have been in touch and judge it is over."""
        await self.store.write(
            "UPDATE contacts SET safety_until=NULL, safety_kind=NULL WHERE id=?", (contact_id,))

    async def set_name(self, contact_id: int, name: str | None) -> None:
        await self.store.write("UPDATE contacts SET name=? WHERE id=?", (name, contact_id))

    async def set_consent(self, contact_id: int, consent: bool) -> None:
        await self.store.write(
            "UPDATE contacts SET consent=?, consent_at=? WHERE id=?",
            (int(consent), iso(utcnow()), contact_id))

    async def is_forgotten(self, address: str, practice: str = DEFAULT) -> bool:
        """Whether this address asked this practice to forget it (a hash from before
        practices had their own, '*', counts at every practice)."""
        digest = await self.store.address_hash(address)
        return await self.store.fetchone(
            "SELECT 1 FROM forgotten WHERE hash=? AND practice_id IN (?, '*')",
            (digest, practice)) is not None

    async def forget(self, contact_id: int) -> list[str]:
        """Erase a person at their practice, everywhere in its data; keep only keyed
        hashes of their addresses, as that practice's. The same number at another
        practice is another contact, that practice's to keep until asked too: each
        practice is its own data controller."""
        async with self.store.transaction():
            addresses = await self.addresses_of(contact_id)
            person = await self.get(contact_id)
            practice = person.practice if person is not None else DEFAULT
            now = iso(utcnow())
            for address in addresses:
                digest = await self.store.address_hash(address)
                await self.store.write(
                    "INSERT INTO forgotten(hash, forgotten_at, practice_id) VALUES (?, ?, ?)"
                    " ON CONFLICT DO NOTHING", (digest, now, practice))
                # Provider message ids stay, with the hashed number instead of the person,
                # so Twilio or Telegram delivering an old message again is still a repeat.
                await self.store.write(
                    "UPDATE inbox SET sender=?, text=NULL, event=NULL,"
                    " processed_at=COALESCE(processed_at,"
                    " ?) WHERE sender=? AND practice_id=?",
                    (f"forgotten:{digest}", now, address, practice))
                await self.store.write("DELETE FROM outbox WHERE recipient=? AND practice_id=?",
                                       (address, practice))
            for table, column in FORGET_TABLES:
                await self.store.write(f"DELETE FROM {table} WHERE {column}=?", (contact_id,))
            await self.store.write(
                "UPDATE staff_alerts SET contact_id=NULL WHERE contact_id=?", (contact_id,))
            await self.store.write("DELETE FROM contacts WHERE id=?", (contact_id,))
        return addresses


# Tables holding a person's data by contact id, erased by FORGET ME. Features that add
# such tables append (table, contact-id column) here so forgetting stays complete.
FORGET_TABLES: list[tuple[str, str]] = [("conversations", "contact_id")]
FORGET_TABLES += [("campaign_recipients", "contact_id"), ("champion_responses", "contact_id")]
FORGET_TABLES += [("passed_on_requests", "contact_id")]
# Introductions (issue 17): FORGET ME from either side erases the whole introduction.
FORGET_TABLES += [("introductions", "resident_id"), ("introductions", "champion_id"),
                  ("introduction_settings", "contact_id"), ("wellbeing_consent", "contact_id"),
                  ("wellbeing_answers", "contact_id")]

# The FORGET_TABLES whose contact column is part of a unique key: the key's other columns
# (none: one row per person). Moving a person's rows skips those the target already has
# (link_address); tests/test_store_engines.py checks this against the schema.
MERGE_KEYS: dict[str, tuple[str, ...]] = {
    "conversations": (), "introduction_settings": (), "wellbeing_consent": (),
    "campaign_recipients": ("campaign_id",),
}


def contact_from_row(row: Any) -> Contact:
    consent = row["consent"]
    keys = row.keys()  # a database still being migrated may predate the safety columns
    until = row["safety_until"] if "safety_until" in keys else None
    return Contact(row["id"], row["name"], bool(row["opted_out"]),
                   None if consent is None else bool(consent),
                   parse_iso(until) if until else None,
                   row["safety_kind"] if "safety_kind" in keys else None,
                   row["turn_version"] if "turn_version" in keys else 0,
                   row["practice_id"] if "practice_id" in keys else DEFAULT)
