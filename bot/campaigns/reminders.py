"""One reminder to someone who stopped halfway through the questions, then expiry.

Runs inside `serve` (a server component checking every few minutes) and only inside the
sending window, so nobody is reminded at night.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import datetime
from typing import Any

from bot.campaigns.window import SendWindow
from bot.gsm import count_segments
from bot.storage import Store, iso

log = logging.getLogger(__name__)

CHECK_EVERY = 300.0  # seconds
WAITING_STEPS = ("confirm_name", "ask_name", "ask_interests", "ask_availability", "ask_contact",
                 "ask_email", "ask_phone", "ask_consent")


async def send_reminders(store: Store, config: Any, now: datetime,
                         directory: Any = None) -> tuple[int, int]:
    """Queue due reminders and expire reminded conversations; (reminded, expired)."""
    from flows.champion import FLOW, REMINDER, question_for

    after = config.campaigns.reminder_after
    expired = await _expire(store, now - after)
    if not SendWindow.from_config(config).is_open(now):
        return 0, expired
    marks = ",".join("?" * len(WAITING_STEPS))
    rows = await store.fetchall(
        "SELECT c.contact_id, c.step, c.data, r.id AS response_id FROM conversations c"
        " JOIN champion_responses r ON r.contact_id = c.contact_id AND r.state='open'"
        "  AND r.id = json_extract(c.data, '$.response_id')"
        " JOIN contacts p ON p.id = c.contact_id"
        f" WHERE c.flow=? AND c.step IN ({marks}) AND c.updated_at <= ?"
        " AND c.expires_at > ? AND r.reminded_at IS NULL"
        # Nobody in the safety state after a crisis message is reminded (flows/crisis.py).
        " AND (p.safety_until IS NULL OR p.safety_until <= ?)",
        (FLOW, *WAITING_STEPS, iso(now - after), iso(now), iso(now)))
    practice = config.practice.name
    reminded = 0
    for row in rows:
        data = json.loads(row["data"])
        addresses = await store.addresses_of(row["contact_id"])
        if not addresses:
            continue
        telegram = [a for a in addresses if a.startswith("telegram:")]
        to = telegram[-1] if telegram else addresses[0]
        channel = to.split(":", 1)[0]
        question = question_for(row["step"], data, channel, practice, directory)
        if question is None:
            continue
        text = REMINDER.replace("{practice}", practice).replace("{question}", question)
        if channel == "sms" and count_segments(text).segments > 3:
            text = question
        async with store.transaction():
            await store.outbox_add(to, text, kind="bulk", contact_id=row["contact_id"])
            await store.execute("UPDATE champion_responses SET reminded_at=? WHERE id=?",
                                (iso(now), row["response_id"]))
            await store.save_conversation(row["contact_id"], FLOW, row["step"], data, now,
                                          after)
        reminded += 1
    if reminded or expired:
        log.info("champion reminders: %d sent, %d expired", reminded, expired)
    return reminded, expired


async def _expire(store: Store, reminded_before: datetime) -> int:
    """Reminded once and still silent after another reminder_after: the answers expire."""
    rows = await store.fetchall(
        "SELECT id, contact_id FROM champion_responses WHERE state='open'"
        " AND reminded_at IS NOT NULL AND reminded_at <= ?", (iso(reminded_before),))
    if not rows:
        return 0
    async with store.transaction():
        for row in rows:
            await store.execute(
                "UPDATE champion_responses SET state='expired', updated_at=? WHERE id=?",
                (iso(reminded_before), row["id"]))
            await store.execute(
                "DELETE FROM conversations WHERE contact_id=? AND flow='champion_invitation'",
                (row["contact_id"],))
    return len(rows)


def reminders_component(config: Any) -> Any:
    """A server component that sends due reminders every few minutes."""
    from bot.server import Component

    task: list[asyncio.Task[None]] = []

    async def loop(runtime: Any) -> None:
        while True:
            try:
                reminded, _ = await send_reminders(runtime.store, config,
                                                   runtime.services.now(),
                                                   runtime.services.directory())
                if reminded:
                    runtime.outbox.wake()
            except Exception:
                log.exception("champion reminders failed; trying again later")
            await asyncio.sleep(CHECK_EVERY)

    async def start(runtime: Any) -> None:
        task.append(asyncio.create_task(loop(runtime), name="champion-reminders"))

    async def stop() -> None:
        for running in task:
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await running

    return Component("champion-reminders", start=start, stop=stop)
