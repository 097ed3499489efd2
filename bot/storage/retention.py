"""Retention rules: what each retention.* setting deletes or anonymises, as SQL.

bot/retention.py decides when (periods, dry runs in a rolled-back transaction, the daily
job); this module only knows the tables. Opt-outs and forgotten-number hashes are never
touched, nor the record that someone said no to an invitation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.storage.contacts import FORGET_TABLES
from bot.storage.store import Store
from bot.storage.times import iso


class RetentionRepository:
    def __init__(self, store: Store):
        self.store = store

    async def remove(self, setting: str, cutoff: datetime) -> int:
        """Apply the rule for this retention.* setting to what is older than `cutoff`;
        returns the rows changed."""
        return await _RULES[setting](self.store, iso(cutoff))


# People it is safe to remove: never someone who opted out (their STOP must be
# remembered), never someone in a live conversation, with answers, or a proposal.
_REMOVABLE = (
    "c.opted_out = 0"
    " AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM champion_responses r WHERE r.contact_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM listing_proposals p WHERE p.contact_id = c.id)"
)
_NO_MESSAGES = (
    " AND NOT EXISTS (SELECT 1 FROM addresses a JOIN inbox i ON i.sender = a.address"
    " WHERE a.contact_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM addresses a JOIN outbox o ON o.recipient = a.address"
    " WHERE a.contact_id = c.id)"
)



async def _run(store: Store, *statements: tuple[str, tuple[Any, ...]]) -> int:
    total = 0
    for sql, params in statements:
        cursor = await store.write(sql, params)
        total += max(cursor.rowcount, 0)
    return total


async def _remove_people(store: Store, where: str, params: tuple[Any, ...]) -> int:
    """Delete the people matching `where` (on contacts c) and everything of theirs."""
    rows = await store.fetchall(f"SELECT c.id FROM contacts c WHERE {where}", params)
    for (contact_id,) in rows:
        for (address,) in await store.fetchall(
                "SELECT address FROM addresses WHERE contact_id=?", (contact_id,)):
            await store.write("DELETE FROM inbox WHERE sender=?", (address,))
            await store.write("DELETE FROM outbox WHERE recipient=?", (address,))
        for table, column in FORGET_TABLES:
            await store.write(f"DELETE FROM {table} WHERE {column}=?", (contact_id,))
        await store.write("UPDATE staff_alerts SET contact_id=NULL WHERE contact_id=?",
                            (contact_id,))
        await store.write("DELETE FROM contacts WHERE id=?", (contact_id,))
    return len(rows)


async def _message_history(store: Store, cutoff: str) -> int:
    texts = await _run(
        store,
        ("DELETE FROM inbox WHERE processed_at IS NOT NULL AND received_at < ?", (cutoff,)),
        # Not a text a campaign is still sending: the sender looks it up by id.
        ("DELETE FROM outbox WHERE state NOT IN ('queued', 'sending') AND created_at < ?"
         " AND id NOT IN (SELECT outbox_id FROM campaign_recipients WHERE outbox_id IS NOT"
         " NULL AND state IN ('pending', 'sending', 'queued'))", (cutoff,)))
    # Someone who only ever asked for a group: once their texts are gone, so is their number.
    people = await _remove_people(
        store, f"{_REMOVABLE}{_NO_MESSAGES} AND c.created_at < ? AND NOT EXISTS"
        " (SELECT 1 FROM campaign_recipients k WHERE k.contact_id = c.id)", (cutoff,))
    return texts + people


async def _conversation_answers(store: Store, cutoff: str) -> int:
    return await _run(
        store,
        ("DELETE FROM conversations WHERE updated_at < ?", (cutoff,)),
        ("DELETE FROM champion_responses WHERE state IN ('open', 'expired', 'no consent')"
         " AND COALESCE(answer, '') <> 'no' AND updated_at < ?", (cutoff,)),
        ("UPDATE champion_responses SET name=NULL, interests=NULL, availability=NULL,"
         " contact_method=NULL WHERE answer='no' AND updated_at < ? AND (name IS NOT NULL"
         " OR interests IS NOT NULL OR availability IS NOT NULL OR contact_method IS NOT"
         " NULL)", (cutoff,)))


async def _champion_answers(store: Store, cutoff: str) -> int:
    return await _run(store, (
        "DELETE FROM champion_responses WHERE state='completed' AND COALESCE(answer, '') <> 'no'"
        " AND contact_id IN (SELECT id FROM contacts WHERE (opted_out=1 AND opted_out_at < ?)"
        " OR (consent=0 AND consent_at < ?))", (cutoff, cutoff)))


async def _unmet_need_examples(store: Store, cutoff: str) -> int:
    return await _run(store, (
        "UPDATE unmet_needs SET example='' WHERE example <> '' AND at < ?", (cutoff,)))


async def _alerts(store: Store, cutoff: str) -> int:
    return await _run(store, (
        "DELETE FROM staff_alerts WHERE state <> 'open' AND COALESCE(handled_at, created_at) < ?",
        (cutoff,)))


async def _audit_log(store: Store, cutoff: str) -> int:
    return await _run(store, ("DELETE FROM audit_log WHERE at < ?", (cutoff,)))


async def _never_replied(store: Store, cutoff: str) -> int:
    return await _remove_people(
        store, f"{_REMOVABLE} AND EXISTS (SELECT 1 FROM campaign_recipients k WHERE"
        " k.contact_id = c.id) AND NOT EXISTS (SELECT 1 FROM campaign_recipients k WHERE"
        " k.contact_id = c.id AND (k.updated_at >= ? OR k.state IN ('pending', 'sending')))"
        " AND NOT EXISTS (SELECT 1 FROM addresses a JOIN inbox i ON i.sender = a.address"
        " WHERE a.contact_id = c.id)", (cutoff,))


async def _staff_sessions(store: Store, cutoff: str) -> int:
    return await _run(
        store,
        ("DELETE FROM staff_sessions WHERE expires_at < ?", (cutoff,)),
        ("DELETE FROM staff_password_links WHERE expires_at < ?", (cutoff,)),
        ("DELETE FROM staff_login_attempts WHERE at < ?", (cutoff,)))


_RULES = {
    "message_history": _message_history,
    "conversation_answers": _conversation_answers,
    "champion_answers": _champion_answers,
    "unmet_need_examples": _unmet_need_examples,
    "alerts": _alerts,
    "audit_log": _audit_log,
    "never_replied": _never_replied,
    "staff_sessions": _staff_sessions,
}
