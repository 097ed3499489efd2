"""One reminder to someone who stopped halfway through the questions, then expiry.

Runs inside `serve` (a server component checking every few minutes) and only inside the
sending window, so nobody is reminded at night.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.campaigns.window import SendWindow
from bot.component import Component, background_job
from bot.gsm import count_segments
from bot.storage import Store
from bot.storage.champions import ChampionsRepository

if TYPE_CHECKING:
    from bot.config import Config
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

CHECK_EVERY = 300.0  # seconds


async def send_reminders(store: Store, config: Config, now: datetime,
                         directory: Any = None) -> tuple[int, int]:
    """Queue due reminders and expire reminded conversations; (reminded, expired)."""
    from flows.champion import FLOW, QUESTION_STEPS, REMINDER, question_for, reminder_queued

    after = config.campaigns.reminder_after
    expired = await _expire(store, now - after)
    # Each person's practice: its name in the reminder, its sending window.
    open_at = {p.id: SendWindow.from_config(config.for_practice(p.id)).is_open(now)
               for p in config.practices}
    if not any(open_at.values()):
        return 0, expired
    responses = ChampionsRepository(store)
    # Nobody in the safety state after a crisis message is reminded (flows/crisis.py).
    rows = await responses.waiting(FLOW, QUESTION_STEPS, now - after, now)
    reminded = 0
    for row in rows:
        person = await store.contacts.get(row.contact_id)
        theirs = person.practice if person is not None else ""
        if not open_at.get(theirs, open_at.get(config.practice_id, False)):
            continue
        practice = config.seen_by(theirs).practice.name
        data = row.data
        addresses = await store.contacts.addresses_of(row.contact_id)
        if not addresses:
            continue
        telegram = [a for a in addresses if a.startswith("telegram:")]
        to = telegram[-1] if telegram else addresses[0]
        channel = to.split(":", 1)[0]
        question = question_for(row.step, data, channel, practice, directory)
        if question is None:
            continue
        text = REMINDER.replace("{practice}", practice).replace("{question}", question)
        if channel == "sms" and count_segments(text).segments > 3:
            text = question
        async with store.transaction():
            await store.outbox.add(to, text, kind="bulk", contact_id=row.contact_id)
            await responses.mark_reminded(row.response_id, now)
            await reminder_queued(store, row.contact_id, row.step, data, now, after)
        reminded += 1
    if reminded or expired:
        log.info("champion reminders: %d sent, %d expired", reminded, expired)
    return reminded, expired


async def _expire(store: Store, reminded_before: datetime) -> int:
    """Reminded once and still silent after another reminder_after: the answers expire."""
    from flows.champion import FLOW

    return await ChampionsRepository(store).expire_reminded(reminded_before, FLOW)


def reminders_component(config: Config) -> Component:
    """A server component that sends due reminders every few minutes."""
    async def remind(runtime: Runtime) -> None:
        reminded, _ = await send_reminders(runtime.store, config, runtime.services.now(),
                                           runtime.services.directory())
        if reminded:
            runtime.outbox.wake()

    return background_job("champion-reminders", remind, every=CHECK_EVERY)
