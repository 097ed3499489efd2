"""Acceptance, as a new user would try it: `python -m bot serve` in a subprocess with
Telegram on, against the fake Bot API."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from bot.fakes.telegram_server import WEBHOOK_SECRET, FakeBotApi, free_port

ROOT = Path(__file__).resolve().parent.parent
SAM = 4242


@asynccontextmanager
async def bot_serve(tmp: Path, api: FakeBotApi, mode: str) -> AsyncIterator[str]:
    """Run `python -m bot serve --config ...`; yields its base URL once /healthz answers."""
    port = free_port()
    config = tmp / "config.yaml"
    config.write_text(
        f"storage:\n  database: {tmp / 'bot.db'}\n"
        # review_after: the example offers' review dates age with the calendar, and serve's
        # "is this still right?" prompts to their maintainers are not what this test reads.
        f"directory:\n  path: {ROOT / 'directory/example/offers.yaml'}\n  review_after: 3650d\n"
        f"server:\n  port: {port}\n  public_url: http://127.0.0.1:{port}\n"
        f"telegram:\n  enabled: true\n  mode: {mode}\n  api_base_url: {api.url}\n",
        encoding="utf-8")
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": api.token,
           "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET}
    log = (tmp / "serve.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "serve", "--config", str(config),
        cwd=ROOT, env=env, stdout=log, stderr=asyncio.subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        async with httpx.AsyncClient() as client:
            while True:
                try:
                    if (await client.get(f"{url}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.returncode is not None or time.monotonic() > deadline:
                    raise AssertionError("serve did not start:\n"
                                         + (tmp / "serve.log").read_text(errors="replace"))
                await asyncio.sleep(0.1)
        yield url
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
        log.close()


async def test_polling_answers_walking_groups_and_stop_means_nothing_more(
        tmp_path: Path) -> None:
    async with FakeBotApi() as api:
        async with bot_serve(tmp_path, api, "polling"):
            api.user_says(SAM, "any walking groups?")
            [offers] = await api.wait_sent(SAM, timeout=10)
            assert "walk" in offers.text.lower() and offers.buttons[:1] == ["1"]

            api.user_says(SAM, "/stop")
            [confirmation] = await api.wait_sent(SAM, after=1, timeout=10)
            assert "won't get any more" in confirmation.text
            api.user_says(SAM, "any walking groups?")
            api.user_taps(SAM, "1")
            api.user_says(SAM, "STOP")
            api.user_says(SAM, "START")  # the sentinel: its answer comes after any other
            sent = await api.sent_until(SAM, "Welcome back.", timeout=10)
        assert sent[:2] == [offers, confirmation] and len(sent) == 3  # nothing in between
        assert api.updates == []  # every update was confirmed before the server stopped
        log = (tmp_path / "serve.log").read_text()
        assert "walking" not in log.lower()  # no message bodies in the logs
        assert api.token not in log


async def test_webhook_without_the_secret_is_403(tmp_path: Path) -> None:
    async with FakeBotApi() as api, bot_serve(tmp_path, api, "webhook") as url:
        assert api.webhook["url"] == f"{url}/webhooks/telegram"
        update = {"update_id": 1, "message": {
            "message_id": 1, "date": 1700000000, "text": "any walking groups?",
            "chat": {"id": SAM, "type": "private"}, "from": {"id": SAM, "is_bot": False,
                                                            "first_name": "Sam"}}}
        async with httpx.AsyncClient() as client:
            refused = await client.post(f"{url}/webhooks/telegram", json=update)
            assert refused.status_code == 403
        accepted = await api.deliver_to_webhook(update)
        assert accepted.status_code == 200
        [offers] = await api.wait_sent(SAM, timeout=10)
        assert "walk" in offers.text.lower()
