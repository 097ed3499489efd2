"""Shared setup for the listings tests: a copy of the example directory and a fixed clock."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.harness import Harness

EXAMPLE = Path(__file__).resolve().parent.parent / "directory" / "example" / "offers.yaml"
SUE = "sms:+447700900101"  # maintains millbrook-health-walk
DEV = "sms:+447700900102"  # maintains saturday-strollers
PRIYA = "sms:+447700900103"  # maintains after-work-walk
STRANGER = "sms:+447700900555"
STAFF = "sms:+447700900999"
TG_SUE = "telegram:4242"


class Clock:
    """A clock tests can move."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def copy_example(tmp_path: Path) -> Path:
    """The example directory in tmp_path (tests never write to the real one)."""
    folder = tmp_path / "dir"
    folder.mkdir()
    target = folder / "offers.yaml"
    shutil.copyfile(EXAMPLE, target)
    return target


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 3, 10, 0, tzinfo=UTC))  # a Tuesday, inside the window


@pytest.fixture
def offers_file(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


@pytest.fixture
async def h(tmp_path: Path, offers_file: Path, clock: Clock) -> AsyncIterator[Harness]:
    harness = await Harness.start(tmp_path, directory=str(offers_file), now=clock,
                                  staff__admins=(STAFF,))
    try:
        yield harness
    finally:
        await harness.close()
