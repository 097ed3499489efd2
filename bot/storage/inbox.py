"""The inbox: every inbound message stored before it is handled, each once."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.messages import Address, Event, Inbound
from bot.storage.batch import Statement
from bot.storage.times import iso, parse_iso, utcnow

if TYPE_CHECKING:
    from bot.storage.store import Store


class InboxRepository:
    """One per store (`store.inbox`): it holds the batch waiting for the group commit."""

    def __init__(self, store: Store):
        self.store = store
        self._pending: list[tuple[tuple[str | None, ...], asyncio.Future[int | None]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def insert(self, channel: str, external_id: str, sender: str, text: str,
                     received_at: datetime, event: Event | None = None,
                     practice: str = "default") -> int | None:
        """Store an inbound message (and its channel event, if any); None if this
        (channel, external_id) was seen before.

        Messages arriving together are committed together (group commit): a burst of
        webhooks costs one trip to the database thread per batch, not one or more each,
        and each caller still returns only once its row is committed."""
        row = (channel, external_id, sender, text, iso(received_at),
               None if event is None else event.to_json(), practice)
        if await self.store.in_write_transaction():  # inside our own transaction already
            added = await self.store.write_returning(f"{INBOX_INSERT} RETURNING id", row)
            inbox_id = int(added[0][0]) if added else None
            for listener in self.store.listeners:
                listener("inbox" if inbox_id is not None else "duplicate", channel)
            return inbox_id
        future: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
        self._pending.append((row, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        inbox_id = await future
        for listener in self.store.listeners:
            listener("inbox" if inbox_id is not None else "duplicate", channel)
        return inbox_id

    async def _flush(self) -> None:
        while self._pending:
            batch = self._pending[:INBOX_BATCH]
            self._pending = self._pending[INBOX_BATCH:]
            # One multi-row INSERT ... RETURNING: a single statement is atomic and commits
            # by itself (autocommit), and it names the rows it added, so a whole batch is
            # one trip to aiosqlite's thread (bench/inbound.py).
            values = ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(batch))
            params = [value for row, _ in batch for value in row]
            try:
                added = await self.store.write_returning(
                    f"{INBOX_INSERT_MANY} {values} {IGNORE_REPEATS}"
                    " RETURNING id, channel, external_id", params)
            except Exception as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            ids = {(channel, external_id): id_ for id_, channel, external_id in added}
            for row, future in batch:
                # pop: the same message twice in one batch is stored once, the second a repeat
                if not future.done():
                    future.set_result(ids.pop((row[0], row[1]), None))

    async def mark_processed(self, inbox_id: int) -> bool:
        """Processed: the body is no longer needed, so it is not kept. False if it was
        processed already (by another instance): the turn must not commit a second answer.
        A FORGET ME turn has already marked its own row (ContactsRepository.forget, in the
        same transaction, the sender now a keyed hash): that is this turn's answer, not a
        second one."""
        statement = self.mark_processed_statement(inbox_id)
        written = await self.store.write(statement.sql, statement.params)
        return written.rowcount == 1

    def mark_processed_statement(self, inbox_id: int) -> Statement:
        """`mark_processed` as a batch statement (it changes nothing if processed already)."""
        return Statement(
            "UPDATE inbox SET processed_at=?, text=NULL, event=NULL"
            " WHERE id=? AND (processed_at IS NULL OR sender LIKE 'forgotten:%')",
            (iso(utcnow()), inbox_id), must_change=True)

    async def unprocessed(self) -> list[tuple[int, Inbound]]:
        """(inbox id, message) for every message not handled yet (after a crash), in order."""
        rows = await self.store.fetchall(
            "SELECT * FROM inbox WHERE processed_at IS NULL ORDER BY id")
        return [_inbound(row) for row in rows]

    # ---- claims, when several instances share the database (Store.shared) ----

    async def claim_senders(self, limit: int, lease: timedelta) -> list[str]:
        """Take the lease on up to `limit` people with messages waiting that no other
        instance holds (or whose holder's lease ran out: killed), oldest message first.
        Two instances asking at once: the lease row's unique key lets one have each."""
        now = utcnow()
        me = self.store.instance
        rows = await self.store.write_returning(
            "INSERT INTO inbox_leases(sender, claimed_by, claimed_until)"
            " SELECT sender, ?, ? FROM (SELECT i.sender, MIN(i.id) AS first FROM inbox i"
            "  WHERE i.processed_at IS NULL AND i.sender IS NOT NULL AND NOT EXISTS ("
            "   SELECT 1 FROM inbox_leases l WHERE l.sender=i.sender AND l.claimed_by<>?"
            "   AND l.claimed_until>=?)"
            "  GROUP BY i.sender ORDER BY first LIMIT ?) AS waiting"
            " ON CONFLICT (sender) DO UPDATE SET claimed_by=excluded.claimed_by,"
            " claimed_until=excluded.claimed_until"
            " WHERE inbox_leases.claimed_until<? OR inbox_leases.claimed_by=?"
            " RETURNING sender",
            (me, iso(now + lease), me, iso(now), limit, iso(now), me))
        return [str(row[0]) for row in rows]

    async def waiting_from(self, senders: list[str]) -> list[tuple[int, Inbound]]:
        """These people's unprocessed messages, in arrival order."""
        if not senders:
            return []
        marks = ", ".join("?" * len(senders))
        rows = await self.store.fetchall(
            f"SELECT * FROM inbox WHERE processed_at IS NULL AND sender IN ({marks})"
            " ORDER BY id", senders)
        return [_inbound(row) for row in rows]

    async def release(self, sender: str) -> bool:
        """Give up the lease on a person once nothing of theirs is waiting; False (lease
        kept) if something came in meanwhile, to be answered first."""
        written = await self.store.write(
            "DELETE FROM inbox_leases WHERE sender=? AND claimed_by=? AND NOT EXISTS ("
            " SELECT 1 FROM inbox WHERE sender=? AND processed_at IS NULL)",
            (sender, self.store.instance, sender))
        return written.rowcount == 1

    async def still_held(self, sender: str, lease: timedelta) -> bool:
        """Renew our lease on one person; False if it is no longer ours."""
        written = await self.store.write(
            "UPDATE inbox_leases SET claimed_until=? WHERE sender=? AND claimed_by=?",
            (iso(utcnow() + lease), sender, self.store.instance))
        return written.rowcount == 1

    async def waiting(self) -> int:
        """How many stored messages are not processed yet."""
        row = await self.store.fetchone("SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL")
        return int(row[0]) if row else 0

    async def renew(self, lease: timedelta) -> None:
        """Still working: every lease of this instance runs `lease` from now."""
        await self.store.write("UPDATE inbox_leases SET claimed_until=? WHERE claimed_by=?",
                               (iso(utcnow() + lease), self.store.instance))

    async def release_all(self) -> None:
        """Stopping: another instance may take this one's people at once."""
        await self.store.write("DELETE FROM inbox_leases WHERE claimed_by=?",
                               (self.store.instance,))


def _inbound(row: Any) -> tuple[int, Inbound]:
    return (row["id"], Inbound(Address.parse(row["sender"]), row["text"] or "",
                               row["external_id"], parse_iso(row["received_at"]),
                               Event.from_json(row["event"]) if row["event"] else None,
                               row["practice_id"]))


INBOX_INSERT_MANY = ("INSERT INTO inbox(channel, external_id, sender, text,"
                     " received_at, event, practice_id) VALUES")
IGNORE_REPEATS = "ON CONFLICT (channel, external_id) DO NOTHING"  # a message seen before
INBOX_INSERT = f"{INBOX_INSERT_MANY} (?, ?, ?, ?, ?, ?, ?) {IGNORE_REPEATS}"
INBOX_BATCH = 500  # rows per statement: 3,500 parameters, well under SQLite's 32,766
