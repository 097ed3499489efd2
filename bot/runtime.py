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
from directory.index import get_index
from directory.loader import combine, load_directory
from directory.model import Directory
from directory.problems import DirectoryInvalid, Problem
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
    # One watcher per offers file or folder, in the order the practices name them (none
    # unless watching): a shared directory has one, whichever practices name it.
    watchers: list[DirectoryWatcher] = field(default_factory=list)
    # Each practice's shared and own offers as one (practices with both only).
    combined: list[Combined] = field(default_factory=list)

    @classmethod
    async def open(cls, config: Config, channels: Mapping[str, Channel], *,
                   database: str | None = None, directory: str | None = None,
                   watch: bool = False, now: Callable[[], datetime] = utcnow) -> Runtime:
        """Open the store and load each practice's directory (DirectoryInvalid if one has
        problems). `directory` replaces the directory of the practice `config` is for
        (chat and simulate --practice; the first practice otherwise).

        Each offers file or folder is loaded (and watched) once, however many practices
        name it: a shared local directory is one object that every practice naming it
        holds, and an edit to it reaches them all; a practice with shared and own offers
        sees the two combined (directory.loader.combine)."""
        store = await Store.open(database or config.database)
        practices: dict[str, Services] = {}
        loads = _Loads(store, watch)
        try:
            wanted = {practice.id: _paths(practice.directory, directory
                                          if practice.id == config.practice_id else None)
                      for practice in config.practices}
            for paths in wanted.values():  # what each path is to the practices naming it
                for path in paths:
                    loads.want(path, alone=len(paths) == 1)
            for practice in config.practices:
                get_directory, reload_directory = loads.directory(wanted[practice.id])
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
        return cls(config, store, first, engine, outbox, InboundPipeline(engine),
                   loads.watchers, loads.combined)

    @property
    def watcher(self) -> DirectoryWatcher | None:
        """The first (or only) practice's (first) directory watcher."""
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


def _paths(paths: tuple[str, ...], replaced: str | None) -> tuple[str, ...]:
    """A practice's offers files or folders (`replaced`: --directory instead)."""
    return (replaced,) if replaced else paths


def _key(path: str) -> str:
    """Two spellings of one file or folder are one load."""
    return str(Path(path).resolve())


class _Part:
    """One offers file or folder, loaded once: watched, or loaded and reloaded on request.
    `alone`: some practice has it as its whole directory, so it is indexed for search
    (a part only ever combined is not, and may have no offers yet)."""

    def __init__(self, path: str, alone: bool, store: Store, watch: bool,
                 on_reload: Callable[[], None]) -> None:
        self.path = path
        self.empty_ok, self.index = not alone, alone
        self.watcher: DirectoryWatcher | None = None
        if watch:
            self.watcher = DirectoryWatcher(path, on_error=_alerter(store),
                                            on_reload=lambda _: on_reload(),
                                            empty_ok=self.empty_ok, index=self.index)
            self._loaded = self.watcher.current
        else:
            self._loaded = load_directory(path, empty_ok=self.empty_ok)

    @property
    def current(self) -> Directory:
        return self.watcher.current if self.watcher is not None else self._loaded

    async def reload(self) -> None:
        """Re-read now (after an edit written back). Watched, a broken edit keeps the
        last good one; else DirectoryInvalid, as before (chat, simulate, tests)."""
        if self.watcher is not None:
            await self.watcher.reload()
            return
        self._loaded = await asyncio.to_thread(load_and_index, self.path, self.empty_ok,
                                               self.index)  # off the event loop


class Combined:
    """A practice's shared directory and its own offers as one Directory, made again
    (and indexed, in a worker thread) when either part changes. An edit to one part that
    makes the two clash (an offer id in both) keeps the last good combination, like a
    rejected edit: `last_problems` says why, and staff get an alert."""

    def __init__(self, parts: tuple[_Part, ...], on_error: Callable[[list[Problem]], None]):
        self.parts = parts
        self.on_error = on_error
        self.last_problems: list[Problem] = []
        self._key = self._parts_key()
        self._value = combine([part.current for part in parts], self.sources)  # must work

    @property
    def sources(self) -> list[str]:
        return [part.path for part in self.parts]

    def _parts_key(self) -> tuple[int, ...]:
        return tuple(id(part.current) for part in self.parts)

    def current(self) -> Directory:
        """The combination of the parts as they are now (made here if a part changed
        since and refresh has not caught up yet)."""
        if self._parts_key() != self._key:
            self._told(self._swap(self._parts_key(), index=False))
        return self._value

    async def refresh(self) -> None:
        """Make the combination again after a part changed, indexed off the event loop."""
        key = self._parts_key()
        if key != self._key:
            self._told(await asyncio.to_thread(self._swap, key, True))

    def _swap(self, key: tuple[int, ...], index: bool) -> list[Problem]:
        """Combine the parts as they are (keyed by `key`); the problems if they clash."""
        parts = [part.current for part in self.parts]
        try:
            value = combine(parts, self.sources)
        except DirectoryInvalid as exc:
            self._key = key  # told once, not at every message
            self.last_problems = exc.problems
            return exc.problems
        if index:
            get_index(value)
        self._key, self._value, self.last_problems = key, value, []
        return []

    def _told(self, problems: list[Problem]) -> None:
        """Staff hear of a clash (on the event loop: the alert is a database write)."""
        if problems:
            log.error("directory edit rejected for a practice: %d problems; keeping the "
                      "last good version", len(problems))
            self.on_error(problems)


class _Loads:
    """Every offers file or folder the practices name, each loaded once."""

    def __init__(self, store: Store, watch: bool) -> None:
        self.store = store
        self.watch = watch
        self.alone: dict[str, bool] = {}
        self.parts: dict[str, _Part] = {}
        self.combined: list[Combined] = []
        self._users: dict[str, list[Combined]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def watchers(self) -> list[DirectoryWatcher]:
        return [part.watcher for part in self.parts.values() if part.watcher is not None]

    def want(self, path: str, alone: bool) -> None:
        self.alone[_key(path)] = self.alone.get(_key(path), False) or alone

    def part(self, path: str) -> _Part:
        key = _key(path)
        if key not in self.parts:
            self.parts[key] = _Part(path, self.alone[key], self.store, self.watch,
                                    lambda: self._changed(key))
        return self.parts[key]

    def _changed(self, key: str) -> None:
        """A watcher swapped in an edit: combine again where that part is used."""
        for combined in self._users.get(key, []):
            try:
                task = asyncio.get_running_loop().create_task(combined.refresh())
            except RuntimeError:  # no running loop: made when next read
                continue
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def directory(self, paths: tuple[str, ...]) -> tuple[Callable[[], Directory], Reload]:
        """A practice's directory getter, and its reload: every part of it, then every
        combination using one of them, so an edit written back to the shared file reaches
        every practice naming it."""
        parts = tuple(self.part(path) for path in paths)
        get: Callable[[], Directory]
        if len(parts) == 1:
            only = parts[0]
            get = lambda: only.current  # noqa: E731
        else:
            combined = Combined(parts, _alerter(self.store))
            self.combined.append(combined)
            for path in paths:
                self._users.setdefault(_key(path), []).append(combined)
            get = combined.current

        async def reload() -> None:
            for part in parts:
                await part.reload()
            users = {id(c): c for path in paths for c in self._users.get(_key(path), [])}
            for user in users.values():
                await user.refresh()

        return get, reload


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
