"""The running bot follows edits to the directory file, and survives broken ones."""

import asyncio
import shutil
from pathlib import Path

from bot.channels.console import RecordingChannel
from bot.config import load_config
from bot.harness import DEFAULT_EXAMPLE
from bot.messages import Address, Inbound
from bot.runtime import Runtime
from bot.storage import utcnow

EXAMPLE = Path(DEFAULT_EXAMPLE).parent / "directory" / "example" / "offers.yaml"


async def _ask(runtime, text, n):
    inbound = Inbound(Address("sms", "+447700900200"), text, f"live-{n}", utcnow())
    received = await runtime.engine.receive(inbound)
    return received.outbound[0].text


async def _eventually(check, seconds=2.0):
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "not within 2 seconds"
        await asyncio.sleep(0.05)


async def test_valid_edit_is_live_within_two_seconds_and_broken_edit_keeps_last_good(tmp_path):
    offers = tmp_path / "offers.yaml"
    shutil.copy(EXAMPLE, offers)
    config = load_config(DEFAULT_EXAMPLE, environ={}).with_overrides(
        storage__database=str(tmp_path / "bot.db"))
    channels = {"sms": RecordingChannel("sms")}
    runtime = await Runtime.open(config, channels, directory=str(offers), watch=True)
    runtime.watcher.interval = 0.1
    await runtime.watcher.start()
    try:
        assert "Knit and Natter" in await _ask(runtime, "knitting", 1)
        offers.write_text(offers.read_text().replace("name: Knit and Natter",
                                                     "name: Knit and Chat"))
        await _eventually(lambda: runtime.services.directory().get("knit-and-natter").name
                          == "Knit and Chat")
        assert "Knit and Chat" in await _ask(runtime, "knitting group", 2)

        good = offers.read_text()
        offers.write_text(good.replace('opens_at: "14:00"', 'opens_at: "25:00"', 1))
        await _eventually(lambda: bool(runtime.watcher.last_problems))
        problem = str(runtime.watcher.last_problems[0])
        assert problem.startswith(f"{offers}:") and "'25:00' is not a time" in problem
        assert "Knit and Chat" in await _ask(runtime, "knitting", 3)
        # The staff alert is written by a task: wait for it, however busy the machine.
        alerts: list = []
        deadline = asyncio.get_running_loop().time() + 5
        while not alerts:
            assert asyncio.get_running_loop().time() < deadline, "no staff alert"
            await asyncio.sleep(0.02)
            alerts = await runtime.store.alerts.all_open()
        # The sentinel: a good edit made live means the watcher has moved past the broken one.
        offers.write_text(good)
        await _eventually(lambda: not runtime.watcher.last_problems)
        alerts = await runtime.store.alerts.all_open()
        assert [a["kind"] for a in alerts] == ["directory-invalid"]  # one alert, not one a poll
    finally:
        await runtime.close()
