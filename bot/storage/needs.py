"""Unmet needs: searches that found nothing or didn't help, kept without personal details."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.storage.store import Store
from bot.storage.times import iso, parse_iso


@dataclass(frozen=True)
class UnmetNeed:
    at: datetime
    reason: str
    categories: list[str]
    words: str
    example: str | None


class NeedsRepository:
    def __init__(self, store: Store):
        self.store = store

    async def add(self, now: datetime, reason: str, categories: Sequence[str], words: str,
                  example: str, practice: str = "default") -> None:
        await self.store.write(
            "INSERT INTO unmet_needs(at, reason, categories, words, example, practice_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (iso(now), reason, json.dumps(sorted(categories)), words, example, practice))

    async def since(self, start: datetime, practice: str | None = None) -> list[UnmetNeed]:
        """Needs recorded since then, oldest first: one practice's, or (None) all."""
        rows = await self.store.fetchall(
            "SELECT at, reason, categories, words, example FROM unmet_needs WHERE at >= ?"
            " AND (CAST(? AS TEXT) IS NULL OR practice_id=?) ORDER BY id",
            (iso(start), practice, practice))
        return [UnmetNeed(parse_iso(row["at"]), row["reason"], json.loads(row["categories"]),
                          row["words"], row["example"]) for row in rows]
