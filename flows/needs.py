"""Unmet needs: searches that found nothing, or didn't help, recorded without personal details."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from bot.redact import personal_free_words, redact_personal
from bot.storage import Store
from bot.storage.needs import NeedsRepository


async def record_unmet_need(store: Store, reason: str, categories: list[str], words: list[str],
                            text: str, now: datetime, practice: str = "default") -> None:
    """Store one unmet need: categories, normalised words and a scrubbed example."""
    example = redact_personal(" ".join(text.split())[:160])
    # Only words that survive scrubbing: no numbers, emails, postcodes, addresses or names.
    kept = sorted(set(personal_free_words(words, text)))
    await NeedsRepository(store).add(now, reason, categories, " ".join(kept), example,
                                     practice)


@dataclass
class NeedGroup:
    """Requests grouped by what they asked for."""

    key: str
    count: int
    reasons: dict[str, int]
    examples: list[str]


async def unmet_needs_report(store: Store, since: datetime, examples: int = 3,
                             practice: str | None = None) -> list[NeedGroup]:
    """What people asked for that nothing offers, grouped and counted, most asked first:
    at one practice, or (None) at every practice."""
    groups: dict[str, NeedGroup] = {}
    for row in await NeedsRepository(store).since(since, practice):
        key = ", ".join(row.categories) if row.categories else (row.words or "(no words)")
        group = groups.setdefault(key, NeedGroup(key, 0, Counter(), []))
        group.count += 1
        group.reasons[row.reason] += 1
        if row.example and row.example not in group.examples and (
                len(group.examples) < examples):
            group.examples.append(row.example)
    return sorted(groups.values(), key=lambda g: (-g.count, g.key))
