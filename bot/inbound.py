"""The one way in for every channel: store a message durably, acknowledge, answer later.

A channel (bot/sms_web.py, bot/telegram_app.py) only parses what its provider sent, calls
`InboundPipeline.accept` and acknowledges once it returns: by then the message is committed
in the inbox (`Engine.store_inbound`, group commit), so a crash loses nothing. One worker
then takes stored messages in arrival order (so one person's messages stay in order) and
runs each through the Engine, whose replies go to the outbox; the channel sends them.
On start, inbox rows a stop or a crash left unprocessed are queued before anything new.

Webhooks first: a provider waits on each acknowledgement (Twilio retries after 15 s),
while a stored message can wait a moment for its reply. So each stored message waits (up
to MAX_DEFER seconds) until no webhook is being answered (`answering()`) and none has been
for QUIET_GRACE seconds: one after another (concurrency 1), the next webhook comes a
fraction of a millisecond after the last is answered, so "none right now" let a whole
turn (a few ms of the one event loop) in between every two webhooks; in a burst,
messages are stored and acknowledged at the web server's pace and the backlog is worked
through right after. One worker, because a turn is one transaction and the store has one
writer: more workers only queued for it, and webhooks waited behind all of them
(bench/inbound.py: 4 workers 45% of the ceiling at concurrency 64, 1 worker 53%). The
backlog is a plain queue, not a task a message: thousands of waiting tasks made every
garbage collection slow.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

from bot.engine import Engine
from bot.messages import Event, Inbound

log = logging.getLogger(__name__)

MAX_DEFER = 0.05
QUIET_GRACE = 0.002  # no webhook answered for this long: the worker may take the loop
DRAIN_SECONDS = 10.0  # on shutdown: what is not answered by then is answered on next start
# Shared databases (several instances):
LEASE = timedelta(seconds=15)  # a person is another instance's to take this long after us
RENEW = 5.0  # seconds between renewals of our leases
POLL = 0.5  # seconds between looks for people nobody holds (a killed instance's)
CLAIM = 32  # people taken at a time
HOLD = 128  # people held at most: the rest are left to the other instances


class InboundPipeline:
    """Ingest (`accept`) and the worker that answers what was stored, for every channel."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._queue: asyncio.Queue[tuple[int, Inbound]] = asyncio.Queue()
        self._queued: set[int] = set()  # inbox ids waiting or being processed
        self._worker: asyncio.Task[None] | None = None
        self._answering = 0  # webhooks being answered right now
        self._quiet = asyncio.Event()
        self._quiet.set()
        self._last_answered = 0.0  # loop time the last webhook was answered
        self.shared = engine.store.shared  # several instances: claim people (see above)
        self._held: dict[str, int] = {}  # shared: people we hold, their messages queued
        self._wake = asyncio.Event()  # shared: something was accepted here
        self._claimer: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._worker is not None and not self._worker.done()

    async def accept(self, inbound: Inbound, event: Event | None = None) -> int | None:
        """Store the message (with the channel's event, if any) and queue it; its inbox id,
        or None for a repeat delivery, which is acknowledged and not processed again."""
        if event is not None:
            inbound = replace(inbound, event=event)
        inbox_id = await self.engine.store_inbound(inbound)
        if inbox_id is None:
            log.info("repeat delivery acknowledged channel=%s", inbound.sender.channel)
            return None
        if self.shared:
            self._wake.set()  # the claimer queues it once we hold its sender
        else:
            self._enqueue(inbox_id, inbound)
        return inbox_id

    @contextlib.contextmanager
    def answering(self) -> Iterator[None]:
        """Around a webhook being answered: the worker gives way meanwhile."""
        self._answering += 1
        self._quiet.clear()
        try:
            yield
        finally:
            self._answering -= 1
            if not self._answering:
                self._last_answered = asyncio.get_running_loop().time()
                self._quiet.set()

    async def start(self) -> int:
        """Finish after-commit work left by a stop, queue every unprocessed inbox row, then
        start the worker; returns how many rows were left from before."""
        await self.engine.finish_pending()
        if self.shared:
            if not self.running:
                self._worker = asyncio.create_task(self._work(), name="inbound")
                self._claimer = asyncio.create_task(self._claim(), name="inbound-claims")
            return 0
        rows = await self.engine.store.inbox.unprocessed()
        for inbox_id, inbound in rows:
            self._enqueue(inbox_id, inbound)
        if rows:
            log.info("queued %d messages left from before a restart", len(rows))
        if not self.running:
            self._worker = asyncio.create_task(self._work(), name="inbound")
        return len(rows)

    async def settle(self, timeout: float | None = None) -> None:
        """Wait until everything accepted so far has been processed (tests); on a shared
        database, until nothing is waiting in the inbox, whoever answers it."""
        async def settled() -> None:
            await self._queue.join()
            while self.shared and await self.engine.store.inbox.waiting():
                self._wake.set()
                await asyncio.sleep(0.01)
                await self._queue.join()

        await asyncio.wait_for(settled(), timeout)

    async def drain(self, timeout: float = DRAIN_SECONDS) -> None:
        """Let the stored messages be answered (for up to `timeout`), then stop the
        worker; any left are still in the inbox and queued again by the next `start`."""
        if self._worker is None:
            return
        if self._claimer is not None:  # take no more people; answer those we hold
            self._claimer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._claimer
            self._claimer = None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._queue.join(), timeout)  # what we hold, no more
        self._worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._worker
        self._worker = None
        if self.shared:
            await self.engine.store.inbox.release_all()
            self._held.clear()

    def _enqueue(self, inbox_id: int, inbound: Inbound) -> None:
        # A row stored just as `start` read the inbox could be found twice: queue it once.
        if inbox_id not in self._queued:
            self._queued.add(inbox_id)
            self._queue.put_nowait((inbox_id, inbound))

    async def _work(self) -> None:
        while True:
            inbox_id, inbound = await self._queue.get()
            try:
                await self._give_way()
                await self.engine.process(inbox_id, inbound)
            except Exception:  # the row stays unprocessed and is retried on the next start
                log.exception("processing inbox=%d failed", inbox_id)
            finally:
                self._queued.discard(inbox_id)
                if self.shared:
                    await self._done_with(str(inbound.sender))
                self._queue.task_done()

    async def _claim(self) -> None:
        """Shared database: take people with messages waiting, queue their messages, and
        keep our leases; until cancelled."""
        inbox = self.engine.store.inbox
        loop = asyncio.get_running_loop()
        renewed = loop.time()
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), POLL)
            self._wake.clear()
            try:
                if self._held and loop.time() - renewed >= RENEW:
                    await inbox.renew(LEASE)
                    renewed = loop.time()
                if len(self._held) < HOLD:
                    await self._give_way()
                    taken = [sender for sender in await inbox.claim_senders(CLAIM, LEASE)
                             if sender not in self._held]
                    await self._queue_from(taken, await inbox.waiting_from(taken))
                    if len(taken) == CLAIM:  # more may be waiting: look again at once
                        self._wake.set()
            except Exception:
                log.exception("claiming inbox work failed; trying again")

    async def _queue_from(self, senders: list[str], rows: list[tuple[int, Inbound]]) -> None:
        """Queue held people's waiting messages in arrival order (so theirs stay in order)."""
        for sender in senders:
            self._held.setdefault(sender, 0)
        for inbox_id, inbound in rows:
            self._held[str(inbound.sender)] = self._held.get(str(inbound.sender), 0) + 1
            self._enqueue(inbox_id, inbound)
        for sender in senders:
            if not self._held[sender]:  # answered meanwhile: give them back
                del self._held[sender]
                await self.engine.store.inbox.release(sender)

    async def _done_with(self, sender: str) -> None:
        """One of a held person's messages is done: once all are, give them back, or queue
        what came in meanwhile."""
        left = self._held.get(sender, 1) - 1
        if left > 0:
            self._held[sender] = left
            return
        inbox = self.engine.store.inbox
        try:
            if await inbox.release(sender) or not await inbox.still_held(sender, LEASE):
                self._held.pop(sender, None)  # given back, or our lease ran out and went
                if self._queue.qsize() < CLAIM:  # running low: take more people now
                    self._wake.set()
                return
            self._held[sender] = 0
            await self._queue_from([sender], await inbox.waiting_from([sender]))
        except Exception:  # our lease runs out and the next claim takes them, ours or not
            log.exception("giving back inbox work failed")
            self._held.pop(sender, None)

    async def _give_way(self) -> None:
        """Wait, up to MAX_DEFER, until no webhook is being answered and none has been for
        QUIET_GRACE (at once when the server is quiet)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + MAX_DEFER
        while (left := deadline - loop.time()) > 0:
            if not self._quiet.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._quiet.wait(), left)
                continue
            quiet_for = loop.time() - self._last_answered
            if quiet_for >= QUIET_GRACE:
                return
            await asyncio.sleep(min(QUIET_GRACE - quiet_for, left))
