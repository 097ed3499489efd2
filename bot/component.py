"""A part of the server (a channel, the dashboard, a periodic job) and the one way to run
a background loop as one.

This module imports nothing of the bot's at run time, so every feature can build its
component without importing the server, and the server can import every feature.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.middleware import Middleware
    from starlette.routing import BaseRoute

    from bot.channels.base import Channel
    from bot.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass
class Component:
    """A part of the server: its routes, its channels, and what to run alongside."""

    name: str
    routes: list[BaseRoute] = field(default_factory=list)
    channels: dict[str, Channel] = field(default_factory=dict)
    start: Callable[[Runtime], Awaitable[Any]] | None = None  # once the runtime is up
    stop: Callable[[], Awaitable[Any]] | None = None
    middleware: list[Middleware] = field(default_factory=list)  # around the whole app


def background_job(name: str, step: Callable[[Runtime], Awaitable[Any]], *,
                   every: float | Callable[[], float],
                   first_after: float | Callable[[], float] = 0.0,
                   on_start: Callable[[Runtime], Awaitable[Any]] | None = None,
                   on_stop: Callable[[], Awaitable[Any]] | None = None,
                   every_instance: bool = False) -> Component:
    """A component that runs `step(runtime)` in a task: first after `first_after`
    seconds, then every `every` seconds (either may be a function giving the wait). A failing
    step is logged and tried again next time; stopping cancels the task and waits for it.
    `on_start` and `on_stop` run before the loop starts and after it ends.

    With several instances on one database, one of them runs each tick (`Store.run_once`:
    an advisory lock, and not if another ran it in the last half period), unless the job
    is `every_instance` (each instance's own metrics, say)."""
    tasks: list[asyncio.Task[None]] = []
    # Ticks closer together than this are one tick (a timed job: a minute).
    gap = every / 2 if isinstance(every, int | float) else 60.0

    async def tick(runtime: Runtime) -> None:
        if every_instance:
            await step(runtime)
            return
        async with runtime.store.run_once(name, gap) as ours:
            if ours:
                await step(runtime)

    async def loop(runtime: Runtime) -> None:
        wait = _seconds(first_after)
        if wait:  # no first sleep at all: the first step runs as soon as the task does
            await asyncio.sleep(wait)
        while True:
            try:
                await tick(runtime)
            except Exception:
                log.exception("%s job failed; trying again later", name)
            await asyncio.sleep(_seconds(every))

    async def start(runtime: Runtime) -> None:
        if on_start is not None:
            await on_start(runtime)
        tasks.append(asyncio.create_task(loop(runtime), name=name))

    async def stop() -> None:
        while tasks:
            task = tasks.pop()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if on_stop is not None:
            await on_stop()

    return Component(name, start=start, stop=stop)


def _seconds(wait: float | Callable[[], float]) -> float:
    return max(wait() if callable(wait) else wait, 0.0)
