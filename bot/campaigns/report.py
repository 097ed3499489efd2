"""Preview, status, export and the campaigns report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.campaigns.records import (
    STOPPED,
    Campaign,
    all_campaigns,
    exclusions,
    status_counts,
)
from bot.campaigns.staff import came_forward
from bot.campaigns.template import render_for_sms, sms_name
from bot.campaigns.window import SendWindow
from bot.config import Config
from bot.csvsafe import SafeCsvWriter
from bot.gsm import count_segments
from bot.storage import Store
from bot.storage.campaigns import CampaignsRepository


@dataclass
class Preview:
    """What `campaign preview` shows."""

    examples: list[str]
    recipients: int
    to_send: int
    excluded: Counter[str]
    segments: Counter[int]
    encoding: str
    cost: float
    seconds: float
    rate: float
    finish: datetime | None
    window: str
    warnings: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (Siobhán, Siobhan)


async def preview(store: Store, config: Config, campaign: Campaign, now: datetime,
                  rate: float | None = None) -> Preview:
    """Three rendered examples, counts, segments, cost and when sending would finish."""
    practice = config.practice.name
    rows = await CampaignsRepository(store).names_and_states(campaign.id)
    segments: Counter[int] = Counter()
    encodings: set[str] = set()
    to_send = 0
    for first_name, state in rows:
        if state not in ("pending", "sending"):
            continue
        info = count_segments(render_for_sms(campaign.template, first_name, practice))
        segments[info.segments] += 1
        encodings.add(info.encoding)
        to_send += 1
    examples = _examples([first_name for first_name, _ in rows], campaign.template, practice)
    rate = float(rate or config.sms.rate_per_second)
    seconds = to_send / rate
    window = SendWindow.from_config(config)
    finish = window.finish_time(now, seconds) if to_send else None
    total_segments = sum(n * count for n, count in segments.items())
    renamed = _renamed([first_name for first_name, state in rows
                        if state in ("pending", "sending")], campaign.template)
    warnings = [f"{len(renamed)} first name(s) have letters texts can't carry and will be "
                "written in the nearest plain letters: " + ", ".join(
                    f"{old} -> {new}" for old, new in renamed[:5])
                + (", ..." if len(renamed) > 5 else "")] if renamed else []
    examples += [render_for_sms(campaign.template, old, practice) for old, _ in renamed[:1]
                 if len(examples) < 4]
    return Preview(examples, len(rows), to_send, await exclusions(store, campaign), segments,
                   "/".join(sorted(encodings)) or "GSM-7",
                   total_segments * config.campaigns.price_per_segment, seconds, rate, finish,
                   window.describe(), warnings, renamed)


def _renamed(names: list[str | None], template: str) -> list[tuple[str, str]]:
    """Names that will be written differently in a text, each once: (as listed, as sent)."""
    if "{first_name}" not in template:
        return []
    found: dict[str, str] = {}
    for name in names:
        sent = sms_name(name)
        if name and sent != name.strip() and name not in found:
            found[name] = sent or "(left out)"
    return list(found.items())


def _examples(names: list[str | None], template: str, practice: str) -> list[str]:
    """A typical name, no name (if anyone has none), and the longest name."""
    named = [n for n in names if n]
    picks: list[str | None] = []
    if named:
        picks.append(named[0])
    if any(not n for n in names) or not named:
        picks.append(None)
    if named:
        picks.append(max(named, key=len))
    for extra in named[1:]:
        if len(picks) >= 3:
            break
        if extra not in picks:
            picks.append(extra)
    return [render_for_sms(template, name, practice) for name in picks[:3]]


async def export(store: Store, campaign: Campaign, out: Path) -> int:
    """Write those who came forward, with their answers, to a CSV; returns how many."""
    people = await came_forward(store, campaign_id=campaign.id)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8-sig") as handle:  # BOM: Excel opens it
        writer = SafeCsvWriter(handle)  # every cell escaped, the Campaign column too
        writer.writerow(["Name", "Phone or chat", "What they'd enjoy", "When free",
                         "How to contact", "Consent", "Came forward at", "Campaign"])
        for person in people:
            writer.writerow([person.name, person.reach, person.interests, person.availability,
                             person.contact_method, "yes",
                             person.completed_at[:16].replace("T", " "), person.campaign])
    return len(people)


async def campaigns_report(store: Store, practice: str | None = None) -> list[dict[str, Any]]:
    """Per campaign (of one practice, or of all): sent, delivered, yes, no, opted out,
    completed, response rate."""
    report = []
    for campaign in await all_campaigns(store, practice):
        counts = await status_counts(store, campaign)
        reached = counts["sent"] + counts["delivered"] + counts["queued"]
        replied = counts["replied_yes"] + counts["replied_no"]
        report.append({
            "id": campaign.id,
            "campaign": campaign.name,
            "practice": campaign.practice,
            "recipients": counts["recipients"],
            "sent": reached,
            "delivered": counts["delivered"],
            "yes": counts["replied_yes"],
            "no": counts["replied_no"],
            "opted_out": counts["opted_out"] + counts[STOPPED],
            "completed": counts["completed"],
            "response_rate": round(100.0 * replied / reached, 1) if reached else 0.0,
        })
    return report
