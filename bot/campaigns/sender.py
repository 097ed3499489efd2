"""Sending a campaign: who is invited, when, how many today, and progress. Delivery is the
outbox's (bot/outbox.py): its row is the exactly-once record, and it alone retries, backs
off, looks up unsure sends and skips people who opted out.

Exactly once, even if the process is killed at any instant:
1. One transaction puts the invitation in the outbox (kind 'bulk'), points the recipient at
   that row ('sending': this campaign delivers it) and lets the invitation flow open the
   person's conversation (`flows.champion.open_invitation`).
2. The outbox claims the row before calling the provider (`OutboxRepository.claim`), so no
   other worker or process sends it too, and records the outcome; the recipient then
   follows its row (`_follow`).
3. On resume, recipients still 'sending' are settled first: a row left mid-send is looked
   up at the provider (`Outbox.settle`), a queued one is delivered.

Bulk never delays replies: before each invitation the campaign waits while the running
server has SMS replies or urgent help queued, so those reach the provider first (if they
stop moving, no server is running, and it stops waiting). The one pacer is the channel's,
called by the outbox for every message; the campaign only sets its rate for bulk texts
while it runs (`pace_bulk`), so replies are never held to the campaign's pace.

People linked on Telegram get their invitation there: it stays queued in the outbox
('queued' recipient) and the running server's outbox worker sends it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from bot.campaigns.records import Campaign, Recipient, recipient_rows
from bot.campaigns.template import render_for_sms
from bot.campaigns.window import SendWindow
from bot.channels.base import Channel
from bot.config import Config
from bot.messages import Address
from bot.outbox import Outbox
from bot.storage import Store, parse_iso, utcnow
from bot.storage.campaigns import CampaignsRepository
from flows.champion import open_invitation

log = logging.getLogger(__name__)

REPLY_PATIENCE = 10.0  # seconds to wait for queued replies that aren't moving
LONG_PAUSE = timedelta(seconds=60)  # a retry further off than this is the daily cap
SETTLE_PATIENCE = 60.0  # seconds, at the end, to wait for retries that settle nothing


@dataclass
class Progress:
    """Where a send run is; handed to the progress bar after each person."""

    total: int = 0
    sent: int = 0
    failed: int = 0
    opted_out: int = 0
    skipped: int = 0
    remaining: int = 0
    started: datetime = field(default_factory=utcnow)
    this_run: int = 0
    waiting_until: datetime | None = None
    note: str = ""


class DailyCapReached(Exception):
    """sms.daily_cap texts have gone out today (or the provider asks for a long pause)."""


class CampaignSender:
    """Sends one campaign's pending invitations through the outbox; run it again to resume.

    `outbox`: the server's, when sending from the dashboard; else one on `channels`.
    `rate`: texts per second for this campaign, set on the channel's one pacer for bulk
    while it runs (never above what the channel was built with)."""

    def __init__(self, store: Store, config: Config, campaign: Campaign,
                 channels: Mapping[str, Channel], *, rate: float | None = None,
                 ignore_window: bool = False, now: Callable[[], datetime] = utcnow,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 on_progress: Callable[[Progress], None] | None = None,
                 outbox: Outbox | None = None):
        self.store = store
        self.campaigns = CampaignsRepository(store)
        self.config = config
        self.campaign = campaign
        self.outbox = outbox or Outbox(store, channels, now)
        self.rate = float(rate or config.sms.rate_per_second)
        self.ignore_window = ignore_window
        self.window = SendWindow.from_config(config)
        self.now = now
        self.sleep = sleep
        self.on_progress = on_progress or (lambda progress: None)
        self.progress = Progress(started=now())
        self._patient = True

    # ---- the run ---------------------------------------------------------------------

    async def run(self) -> Progress:
        """Settle leftovers from a crash, send to everyone pending, then see this run's
        retries through. Bulk goes at `rate` at most meanwhile (the channel's pacer)."""
        paced = [pace for channel in self.outbox.channels.values()
                 if (pace := getattr(channel, "pace_bulk", None)) is not None]
        practice = self.campaign.practice  # its texts go from that practice's number
        for pace in paced:
            pace(self.rate, practice)
        try:
            return await self._run()
        finally:
            for pace in paced:
                pace(None, practice)

    async def _run(self) -> Progress:
        await self.settle(left_by_a_crash=True)
        await self._count()
        while True:
            rows = await recipient_rows(self.store, self.campaign, ("pending",), limit=200)
            if not rows:
                break
            for row in rows:
                await self._wait_for_window()
                await self._yield_to_replies()
                await self.send_one(row)
                self.progress.this_run += 1
                await self._count()
                self.on_progress(self.progress)
        await self._see_through()
        if self.progress.remaining == 0:
            await self.campaigns.mark_finished(self.campaign.id, self.now())
        return self.progress

    async def settle(self, left_by_a_crash: bool = False) -> int:
        """Move every recipient still 'sending' on: deliver a due retry, look up a row left
        mid-send, follow the outcome. Returns how many are still on their way."""
        rows = await recipient_rows(self.store, self.campaign, ("sending",), limit=100000)
        waiting = 0
        for row in rows:
            if await self._advance(row, left_by_a_crash) == "sending":
                waiting += 1
        if rows and left_by_a_crash:
            log.info("campaign %d: settled %d invitations left mid-send", self.campaign.id,
                     len(rows) - waiting)
        return waiting

    async def send_one(self, row: Recipient) -> str:
        """Check, queue and deliver one invitation; returns the recipient's state."""
        store = self.store
        contact = await store.contacts.get(row.contact_id)
        # Opt-out and forget-me are checked here, just before sending, not only at import.
        if contact is None or await store.contacts.is_forgotten(row.address,
                                                                contact.practice):
            return await self._set(row, "skipped", "forgotten")
        if contact.opted_out:
            return await self._set(row, "opted_out", "opted out before sending")
        if contact.in_safety_state(self.now()):
            # Someone who just sent a crisis message gets no invitation (flows/crisis.py).
            return await self._set(row, "skipped", "held back after a crisis message")
        addresses = await store.contacts.addresses_of(contact.id)
        telegram = [a for a in addresses if a.startswith("telegram:")]
        to = Address.parse(telegram[-1] if telegram else row.address)
        text = render_for_sms(self.campaign.template, row.first_name,
                              self.config.practice.name)
        here = to.channel == "sms" and to.channel in self.outbox.channels
        now = self.now()
        async with store.transaction():
            outbox_id = await store.outbox.add(to, text, kind="bulk", contact_id=row.contact_id)
            await self.campaigns.queued(row.id, outbox_id, to, "sending" if here else "queued",
                                        now)
            await open_invitation(store, row.contact_id, self.campaign.id, row.first_name, now)
        if not here:
            return "queued"
        message = await store.outbox.get(outbox_id)
        assert message is not None
        if await self.outbox.deliver(message) == "sent":  # the usual case: no re-read
            await self.campaigns.mark_sent(row.id, self.now())
            return "sent"
        return await self._follow(replace(row, outbox_id=outbox_id))

    # ---- following the outbox --------------------------------------------------------

    async def _advance(self, row: Recipient, left_by_a_crash: bool = False) -> str:
        """Deliver the recipient's row if it is due, or look it up if it was left mid-send
        (by a crash, or an unsure answer whose look-up is due); then follow its outcome."""
        repository = self.store.outbox
        delivery = await repository.delivery(row.outbox_id) if row.outbox_id else None
        if delivery is None or delivery.state not in ("queued", "sending"):
            return await self._follow(row)
        due = delivery.next_attempt_at is None or \
            parse_iso(delivery.next_attempt_at) <= self.now()
        message = await self.store.outbox.get(delivery.id)
        assert message is not None
        if delivery.state == "sending":
            if delivery.next_attempt_at is None:
                # Mid-call somewhere; after a crash, looked up once that call can have ended.
                if not left_by_a_crash or await self.outbox.defer_if_in_flight(message):
                    return await self._follow(row)
            elif not due:
                return await self._follow(row)
            if await self.outbox.settle(message) != "queued":
                return await self._follow(row)
            message = await self.store.outbox.get(delivery.id)
            assert message is not None
            due = True
        if due:
            await self.outbox.deliver(message)
        return await self._follow(row)

    async def _follow(self, row: Recipient) -> str:
        """The recipient takes its outbox row's outcome; 'sending' while it has none yet."""
        delivery = await self.store.outbox.delivery(row.outbox_id) \
            if row.outbox_id else None
        if delivery is None:  # FORGET ME removed the row with the person's messages
            return await self._set(row, "skipped", "forgotten")
        if delivery.state in ("sent", "delivered", "undelivered"):
            await self.campaigns.mark_sent(row.id, self.now())
            return "sent"
        if delivery.state == "skipped":
            return await self._set(row, "opted_out", "opted out before sending")
        if delivery.state == "failed":
            contact = await self.store.contacts.get(row.contact_id)
            if contact is not None and contact.opted_out:
                return await self._set(row, "opted_out", "opted out at the provider")
            return await self._set(row, "failed", delivery.error)
        if delivery.state == "queued" and delivery.next_attempt_at is not None and \
                parse_iso(delivery.next_attempt_at) - self.now() > LONG_PAUSE:
            # The daily cap (or a long pause asked for): take it back and stop for today.
            if await self.store.outbox.withdraw(delivery.id, "held back: daily cap",
                                                self.now()):
                await self._set(row, "pending", delivery.error)
                raise DailyCapReached("sms.daily_cap texts have gone out today, or the "
                                      "provider asked for a long pause")
        return "sending"

    async def _see_through(self) -> None:
        """This run's texts waiting on a retry or a look-up: wait for them while they keep
        settling, so a run ends with its invitations settled. Whatever is left after
        SETTLE_PATIENCE without progress, the outbox worker or the next run settles."""
        idle = 0.0
        while idle < SETTLE_PATIENCE:
            before = self.progress.remaining
            waiting = await self.settle()
            await self._count()
            self.on_progress(self.progress)
            if not waiting:
                break
            idle = 0.0 if self.progress.remaining < before else idle
            wait = min(await self._next_due(), SETTLE_PATIENCE - idle)
            await self.sleep(wait)
            idle += max(wait, 0.1)

    async def _next_due(self) -> float:
        """Seconds until the soonest retry or look-up of a recipient still 'sending'."""
        soonest = SETTLE_PATIENCE
        repository = self.store.outbox
        for row in await recipient_rows(self.store, self.campaign, ("sending",), limit=100000):
            delivery = await repository.delivery(row.outbox_id) if row.outbox_id else None
            if delivery is None or delivery.next_attempt_at is None:
                soonest = min(soonest, 0.5)  # with another worker: look again soon
                continue
            wait = (parse_iso(delivery.next_attempt_at) - self.now()).total_seconds()
            soonest = min(soonest, max(wait, 0.0))
        return soonest

    async def _set(self, row: Recipient, state: str, error: str | None = None) -> str:
        await self.campaigns.set_state(row.id, state, error, self.now())
        return state

    # ---- when to send ----------------------------------------------------------------------

    async def _wait_for_window(self) -> None:
        if self.ignore_window:
            return
        while not self.window.is_open(self.now()):
            opens = self.window.next_open(self.now())
            self.progress.waiting_until = opens
            self.on_progress(self.progress)
            wait = (opens - self.now()).total_seconds()
            await self.sleep(min(max(wait, 0.0), 300.0))
        self.progress.waiting_until = None

    async def _yield_to_replies(self) -> None:
        """Replies and urgent help queued by the server go to the provider first."""
        if not self._patient:
            return
        waited = 0.0
        last = await self._replies_waiting()
        while last:
            if waited >= REPLY_PATIENCE:
                log.warning("replies queued but not moving (is `serve` running?); "
                            "the campaign no longer waits for them")
                self._patient = False
                return
            await asyncio.sleep(0.1)
            waited += 0.1
            current = await self._replies_waiting()
            if current < last:
                waited = 0.0
            last = current

    async def _replies_waiting(self) -> int:
        return await self.campaigns.replies_waiting(self.now())

    async def _count(self) -> None:
        counts = await self.campaigns.state_counts(self.campaign.id)
        p = self.progress
        p.total = sum(counts.values())
        p.sent = counts.get("sent", 0) + counts.get("queued", 0)
        p.failed = counts.get("failed", 0)
        p.opted_out = counts.get("opted_out", 0)
        p.skipped = counts.get("skipped", 0)
        p.remaining = counts.get("pending", 0) + counts.get("sending", 0)
