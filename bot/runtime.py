"""Wiring: config -> store, directory, router, engine and outbox, for every command."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.channels.base import Channel
from bot.config import Config
from bot.engine import Engine
from bot.inbound import InboundPipeline
from bot.outbox import Outbox
from bot.storage import Store, utcnow
from directory.loader import Source, load_directory
from directory.model import Directory
from directory.problems import Problem
from directory.watch import DirectoryWatcher, load_and_index
from flows.base import Services
from flows.listings_admin import live_directory
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
    # Every practice's directory watcher, in settings order (none unless watching).
    watchers: list[DirectoryWatcher] = field(default_factory=list)

    @classmethod
    async def open(cls, config: Config, channels: Mapping[str, Channel], *,
                   database: str | None = None, directory: str | None = None,
                   watch: bool = False, now: Callable[[], datetime] = utcnow) -> Runtime:
        """Open the store and load each practice's directory (DirectoryInvalid if one has
        problems). `directory` replaces the directory of the practice `config` is for
        (chat and simulate --practice; the first practice otherwise)."""
        store = await Store.open(database or config.database)
        watchers: list[DirectoryWatcher] = []
        practices: dict[str, Services] = {}
        try:
            for practice in config.practices:
                paths: tuple[str, ...] = practice.directory
                if directory and practice.id == config.practice_id:
                    paths = (directory,)
                source: Source = paths[0] if len(paths) == 1 else paths
                if watch:
                    watchers.append(DirectoryWatcher(source, on_error=_alerter(store)))
                    get_directory, reload_directory = _watched(watchers[-1])
                else:
                    get_directory, reload_directory = _loaded_once(source)
                services = Services(config.for_practice(practice.id), store, get_directory,
                                    now, reload_directory)
                practices[practice.id] = services
        except BaseException:
            await store.close()
            raise
        first = next(iter(practices.values()))
        router = build_router(first)
        for services in list(practices.values())[1:]:
            services.directory = live_directory(services.directory, services)
        engine = Engine(first, router, practices)
        outbox = Outbox(store, channels, now)
        engine.outbox_listeners.append(outbox.wake)
        log.info("runtime ready: %d practice(s), %d offers, database %s", len(practices),
                 len(first.directory().offers), Path(store.path).name)
        return cls(config, store, first, engine, outbox, InboundPipeline(engine), watchers)

    @property
    def watcher(self) -> DirectoryWatcher | None:
        """The first (or only) practice's directory watcher."""
        return self.watchers[0] if self.watchers else None

    def services_of(self, practice: str | None) -> Services:
        """What a practice's staff work on (its settings and directory); the first
        practice's for a federation admin (None)."""
        return self.services if practice is None else self.engine.services_for(practice)

    async def start_watching(self) -> None:
        for watcher in self.watchers:
            await watcher.start()

    async def close(self) -> None:
        for watcher in self.watchers:
            await watcher.stop()
        await self.store.close()


Reload = Callable[[], Awaitable[None]]


def _watched(watcher: DirectoryWatcher) -> tuple[Callable[[], Directory], Reload]:
    """The watcher's current directory, and a reload that goes through the watcher."""
    async def reload() -> None:
        await watcher.reload()

    return (lambda: watcher.current), reload


def _loaded_once(path: Source) -> tuple[Callable[[], Directory], Reload]:
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
