"""The introductions job, run by `serve` every few minutes inside the sending window:
asks champions, times out unanswered asks, closes relays (time up, or STOP from either
side) and sends the one follow-up after the session."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.campaigns.window import SendWindow
from bot.storage.connections import CLOSED, TIMED_OUT, ConnectionsRepository
from bot.store import Store
from directory.model import Directory
from flows.connections import texts
from flows.connections.actions import ask_champion, end_relay, offer_of, tell_not_this_time
from flows.connections.people import back_to_relay, point, send
from flows.connections.wellbeing import ask_again

log = logging.getLogger(__name__)

CHECK_EVERY = 300.0  # seconds


@dataclass
class JobResult:
    """What one run did (for logs and tests)."""

    asked: int = 0
    timed_out: int = 0
    closed: int = 0
    ended: int = 0
    followed_up: int = 0
    wellbeing: int = 0


async def run_connections_job(store: Store, config: Any, directory: Directory,
                              now: datetime) -> JobResult:
    """One pass; nothing is texted outside the sending window."""
    done = JobResult()
    if not SendWindow.from_config(config).is_open(now):
        return done
    repo = ConnectionsRepository(store)
    for intro in await repo.relays_with_someone_gone():
        async with store.transaction():
            await end_relay(store, intro, now, "stop",
                            tell=(intro.resident_id, intro.champion_id))
        done.ended += 1
    for intro in await repo.relays_past(now):
        async with store.transaction():
            await end_relay(store, intro, now, "time-up", state=CLOSED,
                            tell=(intro.resident_id, intro.champion_id),
                            text=texts.RELAY_CLOSED)
        done.closed += 1
    for intro in await repo.all_open_relays(now):
        # Someone whose conversation was ended (a crisis reply, MENU, a listing edit) is
        # back in the relay: their next text goes to the other person again.
        for contact_id in (intro.resident_id, intro.champion_id):
            if contact_id is not None and intro.relay_until is not None:
                await point(store, contact_id, "relay", {}, now, intro.relay_until,
                            only_if_free=True)
    for intro in await repo.asks_older_than(now - config.connections.answer_within):
        async with store.transaction():
            await repo.update(intro.id, state=TIMED_OUT, answered_at=now)
            await tell_not_this_time(store, intro, offer_of(directory, intro), now,
                                     no_answer=True)
            if intro.champion_id is not None:
                await back_to_relay(store, intro.champion_id, now)
        log.info("introduction %s: no answer from the champion in time", intro.id)
        done.timed_out += 1
    for intro in await repo.asks_to_send():
        if await ask_champion(store, config, intro, now):
            done.asked += 1
    zone = ZoneInfo(config.campaigns.send_window.timezone)
    after: timedelta = config.connections.follow_up_after
    last_session = (now.astimezone(zone) - after).date()
    for intro in await repo.followups_due(last_session, now):
        if intro.resident_id is None:
            continue
        async with store.transaction():
            text = texts.FOLLOW_UP.format(offer=intro.offer_name)
            if await send(store, intro.resident_id, text, choices=("YES", "NO", "NOT YET"),
                          kind="bulk"):
                await repo.update(intro.id, followup_sent_at=now)
                relays = await repo.open_relays(intro.resident_id, now)
                if not relays:  # in a relay, the answer is read before anything is passed on
                    await point(store, intro.resident_id, "followup", {}, now,
                                now + timedelta(days=7))
                done.followed_up += 1
    if config.connections.wellbeing:
        done.wellbeing = await ask_again(store, config, now)
    if done.asked or done.wellbeing or done.timed_out or done.closed or done.ended or done.followed_up:
        log.info("introductions job: %s", done)
    return done


def connections_component(config: Any) -> Any:
    """A server component running the job every few minutes."""
    from bot.server import Component

    task: list[asyncio.Task[None]] = []

    async def loop(runtime: Any) -> None:
        while True:
            try:
                await run_connections_job(runtime.store, config, runtime.services.directory(),
                                          runtime.services.now())
                runtime.outbox.wake()
            except Exception:
                log.exception("introductions job failed; trying again later")
            await asyncio.sleep(CHECK_EVERY)

    async def start(runtime: Any) -> None:
        task.append(asyncio.create_task(loop(runtime), name="introductions"))

    async def stop() -> None:
        for running in task:
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await running

    return Component("introductions", start=start, stop=stop)
