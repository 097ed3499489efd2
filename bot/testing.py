"""Pytest plugin shipped with the bot: a network guard, the conversation harness, and the
switch that runs every test database on PostgreSQL (BOT_TEST_DATABASE_URL, see
bot/testing_postgres.py; tests marked sqlite_only are then skipped)."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

if TYPE_CHECKING:
    from bot.harness import Harness

# Two practices for the several-practices tests: their ids, names and Twilio numbers.
OAK_NUMBER, ELM_NUMBER = "+447700900801", "+447700900802"
EXAMPLE_OFFERS = Path(__file__).resolve().parent.parent / "directory" / "example" / "offers.yaml"
# The second practice's own offer in the two-practice tests: a group only Elm knows of, run
# by a champion whose listing is due for review.
ELM_BELL_RINGERS = """
offers:
  - id: elm-bell-ringers
    name: Elm Bell Ringers
    description: >-
      Learn to ring the church bells with a friendly band. No experience needed, and
      a cup of tea after practice.
    categories: [music, company]
    keywords: [bell ringing, bells, campanology]
    organization: St Mary's Elm
    schedule:
      - {freq: WEEKLY, byday: [TH], opens_at: "19:00", closes_at: "20:30"}
    location: {name: St Mary's Church, address: "Church Lane, Millbrook", postcode: MB1 3CL}
    contact: {name: Ann, phone: "07700 900155"}
    maintainers: ["+447700900155"]
    last_reviewed: 2020-01-01
"""


def two_practices_config(folder: Path, *, oak: Any = EXAMPLE_OFFERS, elm: Any = EXAMPLE_OFFERS,
                         numbers: bool = True, keys: dict[str, dict[str, Any]] | None = None,
                         **sections: Any) -> Path:
    """folder/config.yaml with Oak Lane Surgery (`oak`) and Elm Practice (`elm`): `oak` and
    `elm` are their `directory:` (a path, or {"shared": ..., "own": ...}), `numbers` gives
    them OAK_NUMBER and ELM_NUMBER, `keys` more keys by practice id, `sections` other settings
    (storage={"database": ...})."""
    def practice(pid: str, name: str, phone: str, number: str, directory: Any) -> dict[str, Any]:
        where = ({key: str(path) for key, path in directory.items()}
                 if isinstance(directory, dict) else str(directory))
        entry = {"id": pid, "name": name, "phone": phone, "directory": where,
                 **(keys or {}).get(pid, {})}
        if numbers:
            entry["sms_numbers"] = [number]
        return entry

    settings = {**sections, "practices": [
        practice("oak", "Oak Lane Surgery", "01632 960001", OAK_NUMBER, oak),
        practice("elm", "Elm Practice", "01632 960002", ELM_NUMBER, elm)]}
    file = folder / "config.yaml"
    file.write_text(yaml.safe_dump(settings, sort_keys=False))
    return file


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address: object) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: Any) -> None:
    if not _is_local(address):
        raise ConnectionRefusedError(f"test tried to leave 127.0.0.1: {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    if not _is_local(address):
        raise ConnectionRefusedError(f"test tried to leave 127.0.0.1: {address!r}")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True)
def _only_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any connection that leaves 127.0.0.1: tests never reach the internet."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    """A bot on a fresh database in tmp_path, with the example directory."""
    from bot.harness import Harness

    h = await Harness.start(tmp_path)
    yield h
    await h.close()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): needs SQLite itself (files, PRAGMA); skipped when"
        " BOT_TEST_DATABASE_URL runs the tests on PostgreSQL")


def pytest_runtest_setup(item: pytest.Item) -> None:
    marker = item.get_closest_marker("sqlite_only")
    if marker is not None and os.environ.get("BOT_TEST_DATABASE_URL"):
        reason = marker.args[0] if marker.args else "SQLite only"
        pytest.skip(f"sqlite_only: {reason}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    server = os.environ.get("BOT_TEST_DATABASE_URL")
    if server:
        from bot.testing_postgres import drop_template

        drop_template(server)


@pytest.fixture(autouse=True)
def _postgres_databases(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """With BOT_TEST_DATABASE_URL set, each database this test opens is a fresh
    PostgreSQL database, dropped afterwards."""
    server = os.environ.get("BOT_TEST_DATABASE_URL")
    if not server:
        yield
        return
    from bot.storage import Store
    from bot.testing_postgres import TestDatabases

    databases = TestDatabases(server)
    monkeypatch.setattr(Store, "open", databases.patch(Store.open))
    try:
        yield
    finally:
        databases.drop_all()
