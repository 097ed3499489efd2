"""Wiring: config -> store, directory, router, engine and outbox, for every command."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.channels.base import Channel
from bot.config import Config
from bot.engine import Engine
from bot.inbound import InboundPipeline
from bot.outbox import Outbox
from bot.storage import Store, utcnow
from directory.loader import load_directory
from directory.model import Directory
from directory.problems import Problem
from directory.watch import DirectoryWatcher, load_and_index
from flows.base import Services
from flows.registry import build_router

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything a running bot is made of."""

    config: Config
    store: Store
    services: Services
    engine: Engine
    outbox: Outbox
    inbound: InboundPipeline  # every channel's way in; started once by the server (bot/app.py)
    watcher: DirectoryWatcher | None = None

    @classmethod
    async def open(cls, config: Config, channels: Mapping[str, Channel], *,
                   database: str | None = None, directory: str | None = None,
                   watch: bool = False, now: Callable[[], datetime] = utcnow) -> Runtime:
        """Open the store and load the directory (DirectoryInvalid if it has problems)."""
        directory_path = directory or config.directory.path
        store = await Store.open(database or config.database)
        watcher: DirectoryWatcher | None = None
        try:
            if watch:
                watcher = DirectoryWatcher(directory_path, on_error=_alerter(store))
                get_directory, reload_directory = _watched(watcher)
            else:
                get_directory, reload_directory = _loaded_once(directory_path)
        except BaseException:
            await store.close()
            raise
        current = get_directory()
        services = Services(config, store, get_directory, now, reload_directory)
        engine = Engine(services, build_router(services))
        outbox = Outbox(store, channels, now)
        engine.outbox_listeners.append(outbox.wake)
        log.info("runtime ready: %d offers, database %s", len(current.offers),
                 Path(store.path).name)
        return cls(config, store, services, engine, outbox, InboundPipeline(engine), watcher)

    async def close(self) -> None:
        if self.watcher is not None:
            await self.watcher.stop()
        await self.store.close()


Reload = Callable[[], Awaitable[None]]


def _watched(watcher: DirectoryWatcher) -> tuple[Callable[[], Directory], Reload]:
    """The watcher's current directory, and a reload that goes through the watcher."""
    async def reload() -> None:
        await watcher.reload()

    return (lambda: watcher.current), reload


def _loaded_once(path: str) -> tuple[Callable[[], Directory], Reload]:
    """Load now; reload on request (chat, simulate, tests), keeping the last good one."""
    holder = [load_directory(path)]

    async def reload() -> None:
        holder[0] = await asyncio.to_thread(load_and_index, path)  # off the event loop

    return (lambda: holder[0]), reload


def _alerter(store: Store) -> Callable[[list[Problem]], None]:
    """Directory problems while running: keep serving the last good one, tell staff."""
    def on_error(problems: list[Problem]) -> None:
        log.error("directory change rejected: %d problems; keeping the last good version",
                  len(problems))
        for problem in problems[:20]:
            log.error("directory: %s", problem)
        detail = "; ".join(str(p) for p in problems[:5])
        try:
            asyncio.get_running_loop().create_task(store.alerts.add("directory-invalid", detail))
        except RuntimeError:
            pass

    return on_error
