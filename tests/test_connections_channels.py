"""Issue 17 through the real channels: the bot's web app with Twilio SMS and Telegram on,
the real twilio and python-telegram-bot clients talking to fake servers on 127.0.0.1.

One introduction has the resident on Telegram and the champion on SMS, the other the
resident on SMS and the champion on Telegram: both YESes, the relay both ways with no
numbers shown, a crisis inside the relay, and STOP or END INTRO ending it."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import time
from pathlib import Path
from typing import Any

import pytest

from bot.fakes.sms_bot import SmsBot
from bot.fakes.telegram_server import FakeBotApi
from bot.harness import DEFAULT_EXAMPLE
from bot.server import console_component, create_app
from bot.sms_web import sms_component
from bot.telegram_app import telegram_component
from flows.connections import texts

EXAMPLE = Path(DEFAULT_EXAMPLE).parent / "directory" / "example" / "offers.yaml"
SMS_CHAMPION = "+447700900107"  # Pat, who runs Knit and Natter
TELEGRAM_RESIDENT = 3001
SMS_RESIDENT = "+447700900001"
TELEGRAM_CHAMPION = 5107


class BothChannels(SmsBot):
    """SmsBot (FakeTwilio + the real app) with Telegram on as well, polling a FakeBotApi."""

    def __init__(self, tmp: Path, api: FakeBotApi, **settings: Any):
        always = {"campaigns__send_window__days": ("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
                  "campaigns__send_window__skip_bank_holidays": False,
                  "campaigns__send_window__start": time(0, 0),
                  "campaigns__send_window__end": time(23, 59, 59),
                  "telegram__enabled": True, "telegram__mode": "polling",
                  "telegram__api_base_url": api.url}
        super().__init__(tmp, **{**always, **settings})
        self.api = api

    async def start(self) -> None:
        from bot.fakes.loopback import LoopbackServer
        from bot.fakes.sms_bot import sms_config

        if self._own_fake:
            await self.fake.start()
        self.config = sms_config(self.tmp, self.fake, **self.settings)
        self.config.secrets["TELEGRAM_BOT_TOKEN"] = self.api.token
        sms = sms_component(self.config)
        telegram = telegram_component(self.config)
        assert sms is not None and telegram is not None
        self.app = create_app(self.config, [console_component(self.config), sms, telegram])
        self.server = LoopbackServer(self.app)
        await self.server.start()

    async def sms_sent(self, number: str, count: int) -> list[str]:
        """Wait until `count` texts went to `number` through Twilio; all of them."""
        await self.wait_for(lambda: len(self.fake.to(number)) >= count, timeout=10)
        return self.fake.to(number)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


async def test_telegram_resident_and_sms_champion(tmp_path: Path, api: FakeBotApi) -> None:
    directory = tmp_path / "offers.yaml"
    shutil.copy(EXAMPLE, directory)
    async with BothChannels(tmp_path, api, directory__path=str(directory),
                            directory__review_after="3650d") as bot:
        api.user_says(TELEGRAM_RESIDENT, "any knitting groups?")
        [offers] = await api.wait_sent(TELEGRAM_RESIDENT)
        assert offers.buttons[:1] == ["1"]
        api.user_taps(TELEGRAM_RESIDENT, "1")
        [details] = await api.wait_sent(TELEGRAM_RESIDENT, after=1)
        assert details.text.endswith(texts.OFFER_QUESTION.format(first_name="Pat"))
        assert details.buttons == ["YES", "NO"]
        api.user_taps(TELEGRAM_RESIDENT, "YES")
        [ask] = await bot.sms_sent(SMS_CHAMPION, 1)
        assert ask.startswith("Someone would like to come to Knit and Natter on Thursday")
        assert str(TELEGRAM_RESIDENT) not in ask

        await bot.text(SMS_CHAMPION, "Yes")
        await bot.sms_sent(SMS_CHAMPION, 2)
        [waiting, news] = await api.wait_sent(TELEGRAM_RESIDENT, after=2, count=2)
        assert waiting.text.startswith("Thank you. We'll ask Pat")
        assert news.text.startswith("Good news: Pat from Knit and Natter")
        assert "07700" not in news.text and "900107" not in news.text

        api.user_says(TELEGRAM_RESIDENT, "Hi Pat, I'd love to come on Thursday")
        relayed = (await bot.sms_sent(SMS_CHAMPION, 3))[-1]
        assert relayed == "Knit and Natter visitor: Hi Pat, I'd love to come on Thursday"
        await bot.text(SMS_CHAMPION, "Lovely! I'll be at the door at 2")
        [answer] = await api.wait_sent(TELEGRAM_RESIDENT, after=4)
        assert answer.text == "Pat (Knit and Natter): Lovely! I'll be at the door at 2"

        # A crisis inside the relay: help to the resident, an alert, nothing to Pat.
        api.user_says(TELEGRAM_RESIDENT, "actually i want to kill myself")
        [urgent] = await api.wait_sent(TELEGRAM_RESIDENT, after=5)
        assert "116 123" in urgent.text
        await bot.settle()
        assert len(bot.fake.to(SMS_CHAMPION)) == 3
        alerts = await bot.runtime.store.fetchall("SELECT kind FROM staff_alerts")
        assert [a["kind"] for a in alerts] == ["crisis"]

        # STOP from the champion's side ends the relay.
        await bot.text(SMS_CHAMPION, "STOP")
        await bot.sms_sent(SMS_CHAMPION, 4)
        [row] = await bot.runtime.store.fetchall("SELECT state FROM introductions")
        assert row["state"] == "introduced"  # closed lazily, or by the job
        await bot.settle()
        sent_before = len(api.sent_to(TELEGRAM_RESIDENT))
        store = bot.runtime.store
        from flows.connections.jobs import run_connections_job

        await run_connections_job(store, bot.config, bot.runtime.services.directory(),
                                  bot.runtime.services.now())
        bot.runtime.outbox.wake()
        [ended] = await api.wait_sent(TELEGRAM_RESIDENT, after=sent_before)
        assert ended.text == texts.ENDED_OTHER.format(offer="Knit and Natter")
        assert len(bot.fake.to(SMS_CHAMPION)) == 4  # nothing more to someone who said STOP


async def test_sms_resident_and_telegram_champion(tmp_path: Path, api: FakeBotApi) -> None:
    directory = tmp_path / "offers.yaml"
    yaml_text = EXAMPLE.read_text(encoding="utf-8").replace(
        '["+447700900107", "+447700900108"]', f'["telegram:{TELEGRAM_CHAMPION}"]')
    directory.write_text(yaml_text, encoding="utf-8")
    async with BothChannels(tmp_path, api, directory__path=str(directory),
                            directory__review_after="3650d") as bot:
        await bot.text(SMS_RESIDENT, "knitting group")
        await bot.sms_sent(SMS_RESIDENT, 1)
        await bot.text(SMS_RESIDENT, "1")
        details = (await bot.sms_sent(SMS_RESIDENT, 2))[-1]
        assert details.endswith(texts.OFFER_QUESTION_NO_NAME)  # Pat's number isn't theirs
        await bot.text(SMS_RESIDENT, "yes please")
        [ask] = await api.wait_sent(TELEGRAM_CHAMPION)
        assert ask.text.startswith("Someone would like to come to Knit and Natter")
        assert ask.buttons == ["YES", "NO"] and "900001" not in ask.text
        api.user_taps(TELEGRAM_CHAMPION, "YES")
        await api.wait_sent(TELEGRAM_CHAMPION, after=1)
        news = (await bot.sms_sent(SMS_RESIDENT, 4))[-1]
        assert news.startswith("Good news:") and str(TELEGRAM_CHAMPION) not in news

        api.user_says(TELEGRAM_CHAMPION, "Hello! Shall I meet you by the library steps?")
        relayed = (await bot.sms_sent(SMS_RESIDENT, 5))[-1]
        assert relayed.endswith("(Knit and Natter): Hello! Shall I meet you by the library "
                                "steps?")
        await bot.text(SMS_RESIDENT, "yes please, thank you")
        [back] = await api.wait_sent(TELEGRAM_CHAMPION, after=2)
        assert back.text == "Knit and Natter visitor: yes please, thank you"

        # A crisis from the resident never reaches the champion.
        await bot.text(SMS_RESIDENT, "i have taken all my tablets")
        urgent = (await bot.sms_sent(SMS_RESIDENT, 6))[-1]
        assert "999" in urgent
        await bot.settle()
        assert len(api.sent_to(TELEGRAM_CHAMPION)) == 3

        # END INTRO from the champion on Telegram ends it for both.
        api.user_says(TELEGRAM_CHAMPION, "END INTRO")
        [done] = await api.wait_sent(TELEGRAM_CHAMPION, after=3)
        assert done.text == texts.END_CONFIRM.format(offer="Knit and Natter")
        ended = (await bot.sms_sent(SMS_RESIDENT, 7))[-1]
        assert ended == texts.ENDED_OTHER.format(offer="Knit and Natter")
        log = " ".join(str(v) for r in await bot.runtime.store.fetchall(
            "SELECT text FROM outbox") for v in tuple(r))
        assert "library steps" not in log  # relayed bodies are gone once sent
