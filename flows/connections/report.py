"""The connections figures for staff: by week, per group and per champion."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.storage import Store
from bot.storage.connections import (
    CHAMPION_DECLINED,
    MEASURES,
    TIMED_OUT,
    ConnectionsRepository,
    Introduction,
    WellbeingRepository,
)

COLUMNS = (("offered", "offered"), ("accepted", "accepted"), ("introduced", "introduced"),
           ("champion_no", "champion said no"), ("no_answer", "no answer"),
           ("went", "went"), ("did_not_go", "didn't go"))


@dataclass
class Counts:
    """How far introductions got."""

    offered: int = 0
    accepted: int = 0
    introduced: int = 0
    champion_no: int = 0
    no_answer: int = 0
    went: int = 0
    did_not_go: int = 0

    def add(self, intro: Introduction) -> None:
        self.offered += 1
        self.accepted += intro.accepted_at is not None
        self.introduced += intro.introduced_at is not None
        self.champion_no += intro.state == CHAMPION_DECLINED
        self.no_answer += intro.state == TIMED_OUT
        self.went += intro.went == "yes"
        self.did_not_go += intro.went == "no"


@dataclass
class Row:
    label: str
    counts: Counts = field(default_factory=Counts)


@dataclass
class WellbeingChange:
    """Mean change, first answers to latest, for people with two or more complete sets."""

    group: str  # "went" or "didn't go"
    people: int
    change: dict[str, float | None]


async def wellbeing_change(store: Store) -> list[WellbeingChange]:
    """ONS4 change for people who went to a group against people who didn't (0-10 scale;
    for 'anxious' a fall is the improvement)."""
    repo = WellbeingRepository(store)
    went = await repo.went_by_person()
    sets: dict[int, list[Any]] = {}
    for answers in await repo.completed():
        if answers.contact_id is not None:
            sets.setdefault(answers.contact_id, []).append(answers)
    out = []
    for label, flag in (("went", True), ("didn't go", False)):
        people = [s for person, s in sets.items() if len(s) >= 2 and went.get(person) is flag]
        change: dict[str, float | None] = {}
        for measure in MEASURES:
            diffs = [getattr(s[-1], measure) - getattr(s[0], measure) for s in people
                     if getattr(s[-1], measure) is not None
                     and getattr(s[0], measure) is not None]
            change[measure] = round(sum(diffs) / len(diffs), 2) if diffs else None
        out.append(WellbeingChange(label, len(people), change))
    return out


@dataclass
class ConnectionsReport:
    """Everything the CLI and the dashboard show."""

    since: datetime
    total: Counts
    weeks: list[Row]
    groups: list[Row]
    champions: list[Row]
    reasons: list[tuple[str, str]]  # (group, what got in the way), scrubbed
    wellbeing: list[WellbeingChange] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        def rows(items: list[Row], key: str) -> list[dict[str, Any]]:
            return [{key: row.label, **asdict(row.counts)} for row in items]

        return {"since": self.since.date().isoformat(), "total": asdict(self.total),
                "weeks": rows(self.weeks, "week_starting"), "groups": rows(self.groups, "group"),
                "champions": rows(self.champions, "champion"),
                "reasons": [{"group": g, "reason": r} for g, r in self.reasons],
                "wellbeing_change": [asdict(w) for w in self.wellbeing]}


async def connections_report(store: Store, since: datetime, zone: str = "Europe/London",
                             practice: str | None = None) -> ConnectionsReport:
    """Introductions offered since `since` (at one practice, or all), counted by week
    (Monday), group and champion."""
    repo = ConnectionsRepository(store)
    local = ZoneInfo(zone)
    total = Counts()
    weeks: dict[str, Row] = {}
    groups: dict[str, Row] = {}
    champions: dict[str, Row] = {}
    for intro in await repo.since(since, practice):
        day = intro.offered_at.astimezone(local).date()
        monday = (day - timedelta(days=day.weekday())).isoformat()
        champion = intro.champion_name or "(no name given)"
        if intro.champion_id is not None:
            champion += f" #{intro.champion_id}"
        total.add(intro)
        for table, key in ((weeks, monday), (groups, intro.offer_name),
                           (champions, champion)):
            table.setdefault(key, Row(key)).counts.add(intro)
    reasons = [(b.offer_name, b.reason) for b in await repo.barriers_since(since, practice)]
    return ConnectionsReport(
        since, total, [weeks[k] for k in sorted(weeks)],
        sorted(groups.values(), key=lambda r: (-r.counts.offered, r.label)),
        sorted(champions.values(), key=lambda r: (-r.counts.offered, r.label)), reasons,
        await wellbeing_change(store))


def as_text(report: ConnectionsReport, days: int) -> str:
    """The report as plain-text tables."""
    if not report.total.offered:
        return f"No introductions offered in the last {days} days."
    lines = [f"Connections: introductions offered in the last {days} days", ""]
    for title, rows in (("week starting", report.weeks), ("group", report.groups),
                        ("champion", report.champions)):
        width = max(len(title), *(len(r.label) for r in rows))
        heads = "  ".join(h for _, h in COLUMNS)
        lines.append(f"{title.ljust(width)}  {heads}")
        for row in rows:
            cells = "  ".join(str(getattr(row.counts, k)).rjust(len(h)) for k, h in COLUMNS)
            lines.append(f"{row.label.ljust(width)}  {cells}")
        lines.append("")
    lines.append("What got in the way (personal details removed):")
    lines.extend(f"  {group}: {reason}" for group, reason in report.reasons)
    if not report.reasons:
        lines.append("  nothing recorded")
    lines += ["", "Wellbeing (ONS4), mean change from first to latest answers, 0-10:"]
    for w in report.wellbeing:
        cells = ", ".join(f"{m} {'n/a' if v is None else f'{v:+}'}" for m, v in w.change.items())
        lines.append(f"  {w.group}: {w.people} people; {cells}")
    return "\n".join(lines)
