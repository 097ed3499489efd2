"""Shared setup for the connections tests: the champion, a clock to move, the job."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from listings_helpers import Clock

from bot.harness import Harness
from flows.connections.jobs import run_connections_job

CHAMPION = "sms:+447700900107"  # Pat, Knit and Natter (directory/example/offers.yaml)
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # inside the sending window


@pytest.fixture
def clock() -> Clock:
    return Clock(TUESDAY)


async def start(tmp_path: Path, clock: Clock, **options: Any) -> Harness:
    return await Harness.start(tmp_path, now=clock, **options)


async def job(h: Harness, clock: Clock) -> list[tuple[str, str]]:
    """Run the connections job now; (recipient, text) for everything it sent."""
    await run_connections_job(h.store, h.config, h.runtime.services.directory(), clock.now)
    return [(str(m.to), m.text) for m in await h.deliver()]
