"""The outbox: the one way out for every message (replies, urgent help, campaign texts,
reminders, connections), and the one place that retries, backs off, looks up unsure sends
and skips people who opted out.

Each message is claimed 'sending' (attempt counted, one worker only, `OutboxRepository.claim`,
leased to this instance for IN_FLIGHT) before the provider is called, so a crash mid-send leaves a row that `settle()` settles by
asking the provider whether it went out, instead of sending it twice. The row is the
exactly-once record; a campaign recipient points at its row. Pacing is the channel's
(`Pacer` in bot/channels/twilio_sms.py), called from here and from nowhere else.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from bot.channels.base import (
    AmbiguousError,
    Channel,
    OptedOutError,
    RejectedError,
    SendError,
    ThrottledError,
)
from bot.messages import Outbound
from bot.storage import Store, utcnow
from bot.storage.outbox import SEND_LEASE

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LANES = 8  # people sent to at once
IN_FLIGHT = SEND_LEASE  # longest a provider call lasts: a claimed row's lease


def backoff(attempts: int, base: float = 2.0, cap: float = 300.0) -> float:
    """Exponential backoff with full jitter, in seconds."""
    return random.uniform(0, min(cap, base * (2 ** max(attempts - 1, 0))))


class Outbox:
    """Delivers outbox rows through the channel named by each recipient address."""

    def __init__(self, store: Store, channels: Mapping[str, Channel],
                 now: Callable[[], datetime] = utcnow, concurrency: int = LANES):
        self.store = store
        self.channels = dict(channels)
        self.now = now
        self.concurrency = max(1, concurrency)
        self._wake = asyncio.Event()
        self._sending: set[int] = set()  # rows this outbox is calling the provider for now

    def wake(self) -> None:
        """Something new is queued."""
        self._wake.set()

    async def recover(self, due_only: bool = False) -> int:
        """Settle rows left 'sending' (a crash, or a lookup that failed): sent if the provider
        has them, else requeue. due_only: just those whose next look-up time has come. On a
        shared database (several instances) also rows whose lease ran out (an instance
        killed mid-send), each taken first (`take_for_lookup`): a row another instance is
        mid-call on is left to it."""
        shared = self.store.shared
        now = self.now()
        rows = await self.store.outbox.left_sending(
            now if due_only else None, unleased_at=now if shared else None)
        for message in rows:
            if not due_only and message.kind == "bulk" and await self.defer_if_in_flight(
                    message):
                continue
            if shared and not await self.store.outbox.take_for_lookup(message.id, now):
                continue
            await self.settle(message)
        return len(rows)

    async def defer_if_in_flight(self, message: Outbound) -> bool:
        """A row left 'sending' that was claimed moments ago may be in another process's
        provider call right now (a `campaign send`, or the server's worker): a look-up
        before that call lands would resend it. True if its look-up is put off until the
        call can have ended."""
        repository = self.store.outbox
        claimed = await repository.updated_at(message.id)
        if claimed is None or utcnow() - claimed >= IN_FLIGHT:
            return False
        await repository.look_up_at(message.id, claimed + IN_FLIGHT)
        return True

    async def settle(self, message: Outbound) -> str:
        """One row left 'sending': 'sent' if the provider has it, else 'queued' again;
        still 'sending' if the look-up failed (or this outbox is sending it right now)."""
        if message.id in self._sending:
            return "sending"
        channel = self.channels.get(message.to.channel)
        try:
            provider_id = await channel.was_sent(message) if channel else None
        except SendError as exc:
            return await self._unsure(message, message.attempts, str(exc))
        if provider_id:
            await self.store.outbox.set_state(message.id, "sent", provider_id=provider_id)
            return "sent"
        await self.store.outbox.set_state(message.id, "queued")
        return "queued"

    async def flush(self, channel: str | None = None) -> int:
        """Send everything due now; returns how many were attempted.

        Up to `concurrency` people are sent to at once (each send is a provider round trip,
        ~100+ ms to the real Twilio, so one at a time caps a burst of replies at a few a
        second); one person's messages still go one after another, in order."""
        count = 0
        while True:
            due = await self.store.outbox.due(self.now(), channel=channel)
            if not due:
                return count
            self._wake.clear()  # from here on, a wake means something newer than `due`
            lanes: dict[str, list[Outbound]] = {}
            for message in due:  # urgent, then replies, then bulk: lanes start in that order
                lanes.setdefault(str(message.to), []).append(message)
            slots = asyncio.Semaphore(self.concurrency)
            # Every lane finishes before an error is raised, so no send outlives this call.
            done = await asyncio.gather(*(self._lane(messages, slots)
                                          for messages in lanes.values()),
                                        return_exceptions=True)
            for result in done:
                if isinstance(result, BaseException):
                    raise result
            if not sum(done):  # type: ignore[arg-type]
                # All taken (another instance sends them, or a person's earlier text is
                # mid-send there): the next wake or poll looks again, not a busy loop.
                return count
            count += sum(done)  # type: ignore[arg-type]

    async def _lane(self, messages: list[Outbound], slots: asyncio.Semaphore) -> int:
        """One person's due messages, in order; bulk gives way once something new is queued."""
        async with slots:
            sent = 0
            for message in messages:
                if message.kind == "bulk" and self._wake.is_set():
                    # Something new was queued (likely a reply): the next read sends it first.
                    break
                if await self.deliver(message) != "taken":
                    sent += 1
            return sent

    async def run(self, poll_seconds: float = 1.0) -> None:
        """Deliver until cancelled, waking when new messages are queued.

        One process on the database (SQLite): rows left 'sending' whose look-up is due
        are looked at once a poll (so at most a poll after their time, as when nothing
        wakes it), not at every wake: a burst of replies wakes it hundreds of times a
        second, and each look is a read of its own. Shared (several instances): before
        every flush, as a row a killed instance left mid-send must be settled before the
        person's next text is claimed (its lease no longer holds that text back)."""
        loop = asyncio.get_running_loop()
        looked = -poll_seconds
        while True:
            try:
                if self.store.shared or loop.time() - looked >= poll_seconds:
                    looked = loop.time()
                    await self.recover(due_only=True)
                await self.flush()
            except Exception:
                log.exception("outbox flush failed; retrying")
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), poll_seconds)
            except TimeoutError:
                pass

    async def deliver(self, message: Outbound) -> str:
        """Send one queued message; returns its new state ('taken' if another worker has
        it)."""
        store = self.store
        channel = self.channels.get(message.to.channel)
        if channel is None:
            if await self._skipped_as_opted_out(message):
                return "skipped"
            await store.outbox.set_state(message.id, "failed", error="no such channel")
            return "failed"
        # The opt-out check and the claim are one statement: one trip, and a STOP
        # committed a moment ago is seen by the claim itself.
        if not await store.outbox.claim(message.id, self.now(), unless_opted_out=True):
            return "skipped" if await self._skipped_as_opted_out(message) else "taken"
        self._sending.add(message.id)
        try:
            return await self._send(message, channel)
        finally:
            self._sending.discard(message.id)

    async def _skipped_as_opted_out(self, message: Outbound) -> bool:
        """A non-essential text to someone who opted out is skipped, not sent (True)."""
        contact = await self.store.contacts.find(message.to, message.practice)
        if contact is None or not contact.opted_out or message.essential:
            return False
        await self.store.outbox.set_state(message.id, "skipped", error="opted out")
        return True

    async def _send(self, message: Outbound, channel: Channel) -> str:
        store = self.store
        attempts = message.attempts + 1
        try:
            provider_id = await channel.send(message)
        except OptedOutError as exc:
            contact = await store.contacts.find(message.to, message.practice)
            return await self._opted_out(message, contact.id if contact else None, str(exc))
        except ThrottledError as exc:
            wait = exc.retry_after if exc.retry_after is not None else backoff(attempts)
            return await self._retry(message, attempts, wait, "throttled")
        except AmbiguousError as exc:
            try:
                found = await channel.was_sent(message)
            except SendError as lookup_exc:
                return await self._unsure(message, attempts, f"{exc}; {lookup_exc}")
            if found is None:
                return await self._retry(message, attempts, backoff(attempts), str(exc))
            provider_id = found
        except RejectedError as exc:
            await store.outbox.set_state(message.id, "failed", error=str(exc)[:200])
            log.warning("outbox message %d rejected: %s", message.id, exc)
            return "failed"
        await store.outbox.set_state(message.id, "sent", provider_id=provider_id)
        return "sent"

    async def _retry(self, message: Outbound, attempts: int, wait: float, why: str) -> str:
        if attempts >= MAX_ATTEMPTS:
            await self.store.outbox.set_state(message.id, "failed", error=f"gave up: {why}")
            return "failed"
        await self.store.outbox.set_state(
            message.id, "queued", error=why[:200],
            next_attempt_at=self.now() + timedelta(seconds=wait))
        return "queued"

    async def _unsure(self, message: Outbound, attempts: int, why: str) -> str:
        """Can't tell if it went: stay 'sending' (never resent blind); look it up again later."""
        await self.store.outbox.set_state(
            message.id, "sending", error=f"unconfirmed: {why}"[:200],
            next_attempt_at=self.now() + timedelta(seconds=backoff(attempts, base=5.0)))
        return "sending"

    async def _opted_out(self, message: Outbound, contact_id: int | None, why: str) -> str:
        store = self.store
        async with store.transaction():
            await store.outbox.set_state(message.id, "failed", error="opted out at provider")
            if contact_id is not None:
                await store.contacts.set_opted_out(contact_id, True)
                await store.audit.record("system", "opted-out-at-provider", f"contact:{contact_id}")
            if message.kind == "urgent":
                await store.alerts.add(
                    "undeliverable-urgent-reply",
                    "An urgent-help reply could not be delivered: the person has blocked texts.",
                    contact_id)
        log.info("outbox message %d: recipient opted out at provider", message.id)
        return "failed"
