"""Counts for the Today page, /healthz, health checks and the Prometheus gauges.

Read-only summaries (no personal data), plus the one counter the dashboard keeps itself
(dashboard_counts: searches a day, written by the signposting flow in the turn's own
transaction, so it survives restarts and counts searches from every channel and `simulate`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.store import Store
from bot.storage.times import iso


@dataclass(frozen=True)
class Backlog:
    unprocessed: int               # inbound messages not handled yet
    oldest_unprocessed: str | None  # received_at of the oldest of them
    oldest_unsent_reply: str | None  # created_at of the oldest reply or urgent text waiting


@dataclass(frozen=True)
class Today:
    conversations: int
    searches: int
    no_match: int
    came_forward: int
    campaigns: int  # campaigns under way (some texts gone, not finished)


class StatsRepository:
    def __init__(self, store: Store):
        self.store = store

    async def _one(self, sql: str, params: tuple[object, ...] = ()) -> int:
        row = await self.store.fetchone(sql, params)
        return int(row[0] or 0) if row else 0

    async def add_to_daily_count(self, day: str, kind: str,
                                 practice: str = "default") -> None:
        """One more `kind` (e.g. 'search') on `day` (YYYY-MM-DD, the practice's date).
        Nobody reads it back in the turn, so it rides with the turn's commit
        (`Store.write_later`): no trip of its own."""
        await self.store.write_later(
            "INSERT INTO dashboard_counts(practice_id, day, kind, count) VALUES (?, ?, ?, 1)"
            " ON CONFLICT(practice_id, day, kind) DO UPDATE"
            " SET count = dashboard_counts.count + 1", (practice, day, kind))

    async def today(self, start: datetime, day: str, practice: str | None = None) -> Today:
        """Counts since `start` (the practice's midnight); `day` names it (YYYY-MM-DD).
        One practice's, or (None) every practice's together."""
        since = iso(start)
        # "? IS NULL OR practice_id=?": every practice, or the one asked for.
        mine = "(CAST(? AS TEXT) IS NULL OR practice_id=?)"
        who = (practice, practice)
        return Today(
            conversations=await self._one(
                "SELECT COUNT(DISTINCT COALESCE(sender, CAST(id AS TEXT))) FROM inbox"
                f" WHERE received_at >= ? AND {mine}", (since, *who)),
            searches=await self._one(
                "SELECT SUM(count) FROM dashboard_counts WHERE day=? AND kind='search'"
                f" AND {mine}", (day, *who)),
            no_match=await self._one(
                "SELECT COUNT(*) FROM unmet_needs WHERE at >= ? AND reason='no-match'"
                f" AND {mine}", (since, *who)),
            came_forward=await self._one(
                "SELECT COUNT(*) FROM champion_responses r JOIN contacts c"
                " ON c.id = r.contact_id WHERE r.state='completed' AND r.consent=1"
                " AND r.completed_at >= ? AND (CAST(? AS TEXT) IS NULL OR c.practice_id=?)",
                (since, *who)),
            campaigns=await self._one(
                "SELECT COUNT(*) FROM campaigns c WHERE finished_at IS NULL AND EXISTS (SELECT 1"
                " FROM campaign_recipients r WHERE r.campaign_id=c.id AND r.state != 'pending')"
                " AND (CAST(? AS TEXT) IS NULL OR c.practice_id=?)", who),
        )

    async def backlog(self) -> Backlog:
        row = await self.store.fetchone(
            "SELECT (SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL),"
            " (SELECT MIN(received_at) FROM inbox WHERE processed_at IS NULL),"
            " (SELECT MIN(created_at) FROM outbox WHERE state IN ('queued', 'sending')"
            " AND kind IN ('reply', 'urgent'))")
        assert row is not None
        return Backlog(int(row[0]), row[1], row[2])

    async def outbox_waiting_by_kind(self) -> dict[str, int]:
        rows = await self.store.fetchall(
            "SELECT kind, COUNT(*) FROM outbox WHERE state IN ('queued', 'sending')"
            " GROUP BY kind")
        return {kind: count for kind, count in rows}

    async def live_campaign_recipients(self) -> list[tuple[str, str, int]]:
        """(campaign name, recipient state, how many) for campaigns not finished."""
        rows = await self.store.fetchall(
            "SELECT c.name, r.state, COUNT(*) FROM campaign_recipients r JOIN campaigns c"
            " ON c.id = r.campaign_id WHERE c.finished_at IS NULL GROUP BY c.id, r.state")
        return [(name, state, count) for name, state, count in rows]

    async def health(self, replies_older_than: datetime) -> tuple[int, int, int]:
        """(unprocessed inbound, outbox waiting, replies waiting since before then)."""
        row = await self.store.fetchone(
            "SELECT (SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL),"
            " (SELECT COUNT(*) FROM outbox WHERE state IN ('queued', 'sending')),"
            " (SELECT COUNT(*) FROM outbox WHERE state IN ('queued', 'sending')"
            "  AND kind IN ('reply', 'urgent') AND created_at < ?)",
            (iso(replies_older_than),))
        assert row is not None
        return int(row[0]), int(row[1]), int(row[2])

    async def overview(self) -> tuple[int, int, int, int]:
        """(contacts, unprocessed inbound, outbox queued, open alerts), for /healthz."""
        row = await self.store.fetchone(
            "SELECT (SELECT COUNT(*) FROM contacts), (SELECT COUNT(*) FROM inbox"
            " WHERE processed_at IS NULL), (SELECT COUNT(*) FROM outbox WHERE state='queued'),"
            " (SELECT COUNT(*) FROM staff_alerts WHERE state='open')")
        assert row is not None
        return int(row[0]), int(row[1]), int(row[2]), int(row[3])

    async def waiting_now(self) -> tuple[int, int]:
        """(unprocessed inbound, outbox queued or sending with no retry time set)."""
        row = await self.store.fetchone(
            "SELECT (SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL),"
            " (SELECT COUNT(*) FROM outbox WHERE state IN ('queued','sending')"
            " AND next_attempt_at IS NULL)")
        assert row is not None
        return int(row[0]), int(row[1])
