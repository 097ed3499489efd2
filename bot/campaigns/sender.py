"""Sending a campaign exactly once per person, resumably, inside the sending window.

Exactly once, even if the process is killed at any instant:
1. Before the provider is called, one transaction creates the recipient's outbox row
   (its text and id, the key the provider lookup uses) and marks the recipient 'sending'.
2. After the provider answers, one transaction records the result ('sent' + provider id,
   'failed', 'opted_out'), and the person's conversation is set to the invitation flow.
3. On resume, every recipient still 'sending' is settled first by asking the provider
   (`Channel.was_sent`): found means sent; not found means it never went, so it is retried.
   An ambiguous answer (5xx, timeout) is settled the same way straight away.
Campaign outbox rows use the state 'campaign' while this process owns them, so the server's
outbox worker (and its crash recovery) never touches them.

Bulk never delays replies: the provider sends from one number at a fixed throughput and
queues the rest, so the campaign (a) never posts faster than its --rate (keep it at or below
the number's throughput), and (b) before each invitation, waits while the running server
has replies or urgent help queued for SMS, so those reach the provider first. If replies
stop moving (no server running), it stops waiting for them rather than stall.

People linked on Telegram get their invitation there: it is handed to the outbox as kind
'bulk' (behind every reply) and the running server's outbox worker sends it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.campaigns.records import Campaign, Recipient, recipient_rows
from bot.campaigns.template import render_for_sms
from bot.campaigns.window import SendWindow
from bot.channels.base import (
    Channel,
    OptedOutError,
    RejectedError,
    SendError,
    ThrottledError,
)
from bot.config import Config
from bot.messages import Address, Outbound
from bot.storage import Store, utcnow
from bot.storage.campaigns import CampaignsRepository

log = logging.getLogger(__name__)

FLOW = "champion_invitation"
MAX_ATTEMPTS = 5
INVITED_EXPIRY = timedelta(days=14)  # how long a reply still counts as about the invitation
REPLY_PATIENCE = 10.0  # seconds to wait for queued replies that aren't moving


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
    """Sends one campaign's pending invitations; run it again to resume."""

    def __init__(self, store: Store, config: Config, campaign: Campaign,
                 channels: Mapping[str, Channel], *, rate: float | None = None,
                 ignore_window: bool = False, now: Callable[[], datetime] = utcnow,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 on_progress: Callable[[Progress], None] | None = None):
        self.store = store
        self.campaigns = CampaignsRepository(store)
        self.config = config
        self.campaign = campaign
        self.channels = dict(channels)
        self.rate = float(rate or config.sms.rate_per_second)
        self.ignore_window = ignore_window
        self.window = SendWindow.from_config(config)
        self.now = now
        self.sleep = sleep
        self.on_progress = on_progress or (lambda progress: None)
        self.progress = Progress(started=now())
        self._next_slot = 0.0
        self._patient = True

    # ---- the run ---------------------------------------------------------------------

    async def run(self) -> Progress:
        """Settle leftovers from a crash, then send to everyone pending."""
        await self.settle()
        await self._count()
        rounds = 0
        while True:
            rows = await recipient_rows(self.store, self.campaign, ("pending",), limit=200)
            if not rows and self.progress.remaining and rounds < 3:
                rounds += 1  # some lookups failed: try to settle them again
                await self.sleep(2.0 * rounds)
                await self.settle()
                await self._count()
                continue
            if not rows:
                break
            for row in rows:
                await self._wait_for_window()
                await self._yield_to_replies()
                await self._pace()
                await self.send_one(row)
                self.progress.this_run += 1
                await self._count()
                self.on_progress(self.progress)
        if self.progress.remaining == 0:
            await self.campaigns.mark_finished(self.campaign.id, self.now())
        return self.progress

    async def settle(self) -> int:
        """Recipients left 'sending' by a crash: ask the provider, then mark sent or retry."""
        rows = await recipient_rows(self.store, self.campaign, ("sending",), limit=100000)
        for row in rows:
            message = await self._outbound(row)
            channel = self.channels.get(message.to.channel) if message else None
            if message is None or channel is None:
                await self._set(row, "pending")
                continue
            settled, provider_id = await self._lookup(channel, message)
            if not settled:
                continue  # still 'sending': the next run asks again
            if provider_id:
                await self._mark_sent(row, message, provider_id)
            else:
                await self._retry_or_fail(row, message, "not found at the provider")
        if rows:
            log.info("campaign %d: settled %d invitations left mid-send", self.campaign.id,
                     len(rows))
        return len(rows)

    async def _lookup(self, channel: Channel, message: Outbound) -> tuple[bool, str | None]:
        """(settled, provider id): settled is False when the lookup itself failed."""
        try:
            return True, await channel.was_sent(message)
        except SendError as exc:
            log.warning("campaign %d: lookup of outbox %d failed (%s); left to settle later",
                        self.campaign.id, message.id, exc)
            return False, None

    async def send_one(self, row: Recipient) -> str:
        """Check, record, send and settle one invitation; returns the recipient's state."""
        store = self.store
        contact = await store.get_contact(row.contact_id)
        # Opt-out and forget-me are checked here, just before sending, not only at import.
        if contact is None or await store.is_forgotten(row.address):
            return await self._set(row, "skipped", "forgotten")
        if contact.opted_out:
            return await self._set(row, "opted_out", "opted out before sending")
        if contact.in_safety_state(self.now()):
            # Someone who just sent a crisis message gets no invitation (flows/crisis.py).
            return await self._set(row, "skipped", "held back after a crisis message")
        addresses = await store.addresses_of(contact.id)
        telegram = [a for a in addresses if a.startswith("telegram:")]
        to = Address.parse(telegram[-1] if telegram else row.address)
        text = render_for_sms(self.campaign.template, row.first_name,
                              self.config.practice.name)
        if to.channel != "sms" or to.channel not in self.channels:
            return await self._hand_to_outbox(row, to, text)
        message = await self._record_attempt(row, to, text)
        channel = self.channels[to.channel]
        try:
            provider_id = await channel.send(message)
        except OptedOutError:
            return await self._opted_out(row, message)
        except ThrottledError as exc:
            wait = exc.retry_after if exc.retry_after is not None else 1.0 + random.random()
            if wait > 60:  # the daily cap: stop rather than sit for hours
                await self._set(row, "pending", str(exc), outbox_state="campaign")
                raise DailyCapReached(str(exc)) from None
            self.progress.note = "the provider asked us to slow down"
            await self.sleep(wait)
            self._slow_down()
            return await self._set(row, "pending", "throttled", outbox_state="campaign")
        except RejectedError as exc:
            return await self._set(row, "failed", str(exc)[:200], outbox_state="failed")
        except SendError as exc:  # AmbiguousError, or an untyped channel error: the same
            settled, found = await self._lookup(channel, message)
            if not settled:
                return "sending"
            if found is None:
                return await self._retry_or_fail(row, message, str(exc))
            provider_id = found
        return await self._mark_sent(row, message, provider_id)

    # ---- recording -------------------------------------------------------------------

    async def _record_attempt(self, row: Recipient, to: Address, text: str) -> Outbound:
        """Committed before the provider is called: the row that makes a resend detectable."""
        outbox_id = await self.campaigns.record_attempt(row, to, text, self.now())
        message = await self.store.outbox_get(outbox_id)
        assert message is not None
        return message

    async def _outbound(self, row: Recipient) -> Outbound | None:
        if row.outbox_id is None:
            return None
        return await self.store.outbox_get(row.outbox_id)

    async def _mark_sent(self, row: Recipient, message: Outbound, provider_id: str) -> str:
        now = self.now()
        async with self.store.transaction():
            await self.campaigns.mark_sent(row.id, message.id, provider_id, now)
            await self._open_conversation(row, now)
        return "sent"

    async def _open_conversation(self, row: Recipient, now: datetime) -> None:
        """The person's reply goes to the invitation flow, unless they're mid-conversation."""
        live = await self.store.load_conversation(row.contact_id, now)
        if live is not None and live.flow != FLOW:
            return  # their YES still reaches the flow through its answer words
        data = {"campaign_id": self.campaign.id, "first_name": row.first_name}
        await self.store.save_conversation(row.contact_id, FLOW, "invited", data, now,
                                           INVITED_EXPIRY)

    async def _hand_to_outbox(self, row: Recipient, to: Address, text: str) -> str:
        store = self.store
        now = self.now()
        async with store.transaction():
            outbox_id = await store.outbox_add(to, text, kind="bulk",
                                               contact_id=row.contact_id)
            await self.campaigns.mark_queued(row.id, outbox_id, to, now)
            await self._open_conversation(row, now)
        return "queued"

    async def _opted_out(self, row: Recipient, message: Outbound) -> str:
        """The provider says this person opted out (21610): never try them again."""
        store = self.store
        async with store.transaction():
            await self._set(row, "opted_out", "opted out at the provider", outbox_state="failed")
            await store.set_opted_out(row.contact_id, True)
            await store.audit("system", "opted-out-at-provider", f"contact:{row.contact_id}")
        return "opted_out"

    async def _retry_or_fail(self, row: Recipient, message: Outbound, why: str) -> str:
        current = await self.campaigns.attempts(row.id)
        attempts = current if current is not None else MAX_ATTEMPTS
        if attempts >= MAX_ATTEMPTS:
            return await self._set(row, "failed", f"gave up: {why}"[:200], outbox_state="failed")
        return await self._set(row, "pending", why[:200], outbox_state="campaign")

    async def _set(self, row: Recipient, state: str, error: str | None = None, *,
                   outbox_state: str | None = None) -> str:
        await self.campaigns.set_state(row.id, state, error, self.now(), outbox_state)
        return state

    # ---- pacing ----------------------------------------------------------------------

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

    async def _pace(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self._next_slot > now:
            await asyncio.sleep(self._next_slot - now)
        self._next_slot = max(now, self._next_slot) + 1.0 / self.rate

    def _slow_down(self) -> None:
        self.rate = max(self.rate * 0.8, 0.2)

    async def _count(self) -> None:
        counts = await self.campaigns.state_counts(self.campaign.id)
        p = self.progress
        p.total = sum(counts.values())
        p.sent = counts.get("sent", 0) + counts.get("queued", 0)
        p.failed = counts.get("failed", 0)
        p.opted_out = counts.get("opted_out", 0)
        p.skipped = counts.get("skipped", 0)
        p.remaining = counts.get("pending", 0) + counts.get("sending", 0)
