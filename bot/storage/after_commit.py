"""Work left by a turn for after its commit (bot/migrations/0022_after_commit_work.sql)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.storage.batch import Statement
from bot.storage.store import Store
from bot.storage.times import iso


@dataclass(frozen=True)
class PendingWork:
    id: int
    kind: str
    payload: dict[str, Any]
    address: str  # where the outcome's replies go
    contact_id: int | None
    practice: str = "default"  # whose number the replies go from


class AfterCommitRepository:
    def __init__(self, store: Store):
        self.store = store

    def add_statement(self, kind: str, payload: dict[str, Any], address: str,
                      contact_id: int | None, now: datetime,
                      practice: str = "default") -> Statement:
        """Work left for after the commit, as a batch statement (its one row's `id` is the
        work's id)."""
        return Statement(
            "INSERT INTO after_commit_work(kind, payload, address, contact_id, created_at,"
            " practice_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (kind, json.dumps(payload), address, contact_id, iso(now), practice),
            returning=True)

    async def get(self, work_id: int) -> PendingWork | None:
        row = await self.store.fetchone(
            "SELECT id, kind, payload, address, contact_id, practice_id FROM after_commit_work"
            " WHERE id=?",
            (work_id,))
        return _work(row) if row else None

    async def pending(self) -> list[PendingWork]:
        """Oldest first: left undone by a stop between a commit and its work."""
        rows = await self.store.fetchall(
            "SELECT id, kind, payload, address, contact_id, practice_id FROM after_commit_work"
            " ORDER BY id")
        return [_work(row) for row in rows]

    async def done(self, work_id: int) -> None:
        await self.store.write("DELETE FROM after_commit_work WHERE id=?", (work_id,))


def _work(row: Any) -> PendingWork:
    return PendingWork(row["id"], row["kind"], json.loads(row["payload"]), row["address"],
                       row["contact_id"], row["practice_id"])
