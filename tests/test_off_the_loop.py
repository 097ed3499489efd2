"""Slow CPU work runs in a worker thread, so the server keeps answering meanwhile:
argon2 at every staff login (~150 ms by design) and re-reading a large directory."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
import yaml
from argon2 import PasswordHasher

from bot.dashboard import auth
from bot.dashboard.testing import EXAMPLE_DIRECTORY, DashboardSite
from directory.watch import DirectoryWatcher


class TimedHasher(PasswordHasher):
    """A real argon2 hasher, made slower (more passes) so a login takes a noticeable time,
    that records when each verification ran."""

    def __init__(self) -> None:
        # ~0.7 s a verification on the CI machines (time_cost=8 took 0.26-0.28 s there, too
        # close to the 0.3 s this test needs to tell a frozen loop from a busy one).
        super().__init__(time_cost=24)
        self.verifying: list[tuple[float, float]] = []
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002
        started = time.monotonic()
        try:
            return super().verify(hash, password)
        finally:
            with self._lock:
                self.verifying.append((started, time.monotonic()))


async def test_healthz_is_answered_while_a_login_checks_its_password(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hasher = TimedHasher()
    monkeypatch.setattr(auth, "_hasher", hasher)
    site = await DashboardSite.start(tmp_path)
    try:
        await site.add_staff("manager@practice.example.org")
        staff, prober = site.client(), site.client()
        login = asyncio.create_task(site.login(staff, "manager@practice.example.org"))
        answered: list[tuple[float, float]] = []
        while not login.done():
            sent = time.monotonic()
            assert (await prober.get("/healthz")).status_code == 200
            answered.append((sent, time.monotonic()))
        assert (await login).status_code == 303  # logged in
    finally:
        await site.stop()
    [(began, ended)] = hasher.verifying
    assert ended - began > 0.3, "the slowed hash should take a noticeable time"
    during = [(s, e) for s, e in answered if s >= began and e <= ended]
    # A hash on the event loop would freeze it: nothing could be answered meanwhile.
    assert len(during) >= 3, (len(during), ended - began)
    assert max(e - s for s, e in during) < (ended - began) / 3


def big_directory(folder: Path, copies: int) -> Path:
    """The example directory's offers repeated with new ids (hundreds of offers)."""
    data = yaml.safe_load(EXAMPLE_DIRECTORY.read_text(encoding="utf-8"))
    offers = [{**offer, "id": f"{offer['id']}-{n}"}
              for n in range(copies) for offer in data["offers"]]
    path = folder / "offers.yaml"
    path.write_text(yaml.safe_dump({"offers": offers}, sort_keys=False), encoding="utf-8")
    return path


async def test_the_loop_keeps_running_while_a_large_directory_reloads(tmp_path: Path) -> None:
    path = big_directory(tmp_path, copies=15)  # ~0.5 s to load on a quiet machine (5: 0.18 s)
    watcher = DirectoryWatcher(path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: Knit and Natter", "name: Knit and Chat", 1), encoding="utf-8")

    ticks: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        while not stop.is_set():
            ticks.append(time.monotonic())
            await asyncio.sleep(0.005)

    ticking = asyncio.create_task(ticker())
    began = time.monotonic()
    assert await watcher.reload()
    ended = time.monotonic()
    stop.set()
    await ticking
    assert any(o.name == "Knit and Chat" for o in watcher.current.offers)
    assert watcher.current._index is not None  # the index too was built off the loop
    assert ended - began > 0.2, "the directory should take a noticeable time to load"
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False) if began <= a <= ended]
    # On the loop, one gap would be the whole reload.
    assert gaps and max(gaps) < (ended - began) / 3, (max(gaps), ended - began)
