"""Keep the running bot's directory current: reload on edits, keep the last good one on errors."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

from directory.index import get_index
from directory.loader import Source, directory_files, load_directory
from directory.model import Directory
from directory.problems import DirectoryInvalid, Problem

log = logging.getLogger(__name__)

Snapshot = tuple[tuple[str, int, int], ...]


class DirectoryWatcher:
    """Polls the directory file(s) and swaps in each valid edit as .current."""

    def __init__(self, path: Source, on_reload: Callable[[Directory], None] | None = None,
                 on_error: Callable[[list[Problem]], None] | None = None,
                 interval: float = 0.5, *, empty_ok: bool = False,
                 index: bool = True) -> None:
        """empty_ok: no offers is not a problem; index: build the search index on each
        reload (not for a part only ever combined with another: bot/runtime.py)."""
        self.path: Source = path if isinstance(path, tuple) else Path(path)
        self.on_reload = on_reload
        self.on_error = on_error
        self.interval = interval
        self.empty_ok = empty_ok
        self.index = index
        self._task: asyncio.Task[None] | None = None
        self._reloading = asyncio.Lock()  # one reload at a time: the newest file wins
        self._snapshot = self._stat()
        # The first load must succeed: there is no last good directory to fall back on.
        self.current: Directory = load_directory(self.path, empty_ok=empty_ok)
        self.last_problems: list[Problem] = []

    def _stat(self) -> Snapshot:
        """mtime and size of every file, so an edit, a new file or a removal shows."""
        out = []
        try:
            for f in directory_files(self.path):
                try:
                    st = f.stat()
                    out.append((str(f), st.st_mtime_ns, st.st_size))
                except OSError:
                    out.append((str(f), -1, -1))
        except OSError:
            pass
        return tuple(out)

    async def reload(self) -> bool:
        """Load now; True if the directory was replaced, False if it was kept.

        Parsing, checking and indexing a large directory takes seconds of CPU, so it runs in
        a worker thread and the server keeps answering meanwhile; the swap happens here.
        """
        async with self._reloading:
            self._snapshot = self._stat()
            try:
                directory = await asyncio.to_thread(load_and_index, self.path,
                                                  self.empty_ok, self.index)
            except DirectoryInvalid as e:
                self.last_problems = e.problems
                # Problems name files and fields only: safe to log, no message bodies.
                log.error("directory edit rejected, keeping the last good version:\n%s",
                          "\n".join(str(p) for p in e.problems))
                self._call(self.on_error, e.problems)
                return False
            self.current = directory
            self.last_problems = []
            log.info("directory reloaded: %d offers from %d file(s)",
                     len(directory.offers), len(directory.files))
            self._call(self.on_reload, directory)
            return True

    def _call(self, callback: Callable[..., None] | None, arg: object) -> None:
        if callback is None:
            return
        try:
            callback(arg)
        except Exception:  # a broken callback must not stop the watching
            log.exception("directory watcher callback failed")

    async def check(self) -> bool:
        """Reload if any file changed since last look; True if a reload was tried."""
        if self._stat() == self._snapshot:
            return False
        await self.reload()
        return True

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.check()
            except Exception:
                log.exception("directory watcher check failed")

    async def start(self) -> None:
        """Start polling in the background."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="directory-watcher")

    async def stop(self) -> None:
        """Stop polling."""
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None


def load_and_index(path: Source, empty_ok: bool = False, index: bool = True) -> Directory:
    """Load the directory and build its search index (both slow; meant for a worker thread)."""
    directory = load_directory(path, empty_ok=empty_ok)
    if index:
        get_index(directory)
    return directory
