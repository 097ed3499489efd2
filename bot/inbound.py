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

from bot.engine import Engine
from bot.messages import Event, Inbound

log = logging.getLogger(__name__)

MAX_DEFER = 0.05
QUIET_GRACE = 0.002  # no webhook answered for this long: the worker may take the loop
DRAIN_SECONDS = 10.0  # on shutdown: what is not answered by then is answered on next start


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
        rows = await self.engine.store.inbox.unprocessed()
        for inbox_id, inbound in rows:
            self._enqueue(inbox_id, inbound)
        if rows:
            log.info("queued %d messages left from before a restart", len(rows))
        if not self.running:
            self._worker = asyncio.create_task(self._work(), name="inbound")
        return len(rows)

    async def settle(self, timeout: float | None = None) -> None:
        """Wait until everything accepted so far has been processed (tests, shutdown)."""
        await asyncio.wait_for(self._queue.join(), timeout)

    async def drain(self, timeout: float = DRAIN_SECONDS) -> None:
        """Let the stored messages be answered (for up to `timeout`), then stop the
        worker; any left are still in the inbox and queued again by the next `start`."""
        if self._worker is None:
            return
        with contextlib.suppress(TimeoutError):
            await self.settle(timeout)
        self._worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._worker
        self._worker = None

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
                self._queue.task_done()

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
