"""One inbound pipeline (bot/inbound.py) for every channel: the real app with Twilio SMS
and Telegram (webhook mode) on a loopback port, the real twilio and python-telegram-bot
clients talking to the fake servers. Both channels only accept into runtime.inbound;
its one worker answers; rows it had not answered are answered after a restart; and
Telegram's /start and a shared contact are answered by ChannelWelcomeFlow in the router."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path
from typing import Any

import httpx

from bot.app import console_component, create_app
from bot.fakes.loopback import LoopbackServer
from bot.fakes.sms_bot import SmsBot, sms_config
from bot.fakes.telegram_server import WEBHOOK_SECRET, FakeBotApi
from bot.fakes.twilio_server import FakeTwilio
from bot.harness import Harness
from bot.messages import Address, Event, Inbound
from bot.sms_web import sms_component
from bot.storage import Store, utcnow
from bot.telegram_app import SECRET_HEADER, WEBHOOK_PATH, telegram_component
from flows import channel_welcome

TEXTER = "+447700900001"
CHAT = 1001


class BothWebhooks(SmsBot):
    """SmsBot (FakeTwilio + the real app) with Telegram on too, in webhook mode."""

    def __init__(self, tmp: Path, api: FakeBotApi, *, fake: FakeTwilio | None = None,
                 **settings: Any):
        super().__init__(tmp, fake=fake, telegram__enabled=True, telegram__mode="webhook",
                         telegram__api_base_url=api.url, **settings)
        self.api = api

    async def start(self) -> None:
        if self._own_fake:
            await self.fake.start()
        self.config = sms_config(self.tmp, self.fake, **self.settings)
        self.config.secrets.update(TELEGRAM_BOT_TOKEN=self.api.token,
                                   TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET)
        sms, telegram = sms_component(self.config), telegram_component(self.config)
        assert sms is not None and telegram is not None
        self.app = create_app(self.config, [console_component(self.config), sms, telegram])
        self.server = LoopbackServer(self.app)
        await self.server.start()

    async def __aenter__(self) -> BothWebhooks:
        await self.start()
        return self

    async def telegram(self, update: dict[str, Any]) -> httpx.Response:
        """Telegram POSTing an update to the webhook, with the secret token."""
        return await self.http.post(self.url + WEBHOOK_PATH, json=update,
                                    headers={SECRET_HEADER: WEBHOOK_SECRET})


def message(chat_id: int, update_id: int, text: str | None = None,
            **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message_id": update_id, "date": 1700000000,
        "chat": {"id": chat_id, "type": "private", "first_name": "Sam"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Sam"}, **fields}
    if text is not None:
        body["text"] = text
    return {"update_id": update_id, "message": body}


async def unprocessed(store: Store) -> list[str]:
    return sorted(inbound.sender.channel for _, inbound in await store.inbox.unprocessed())


async def test_sms_and_telegram_go_through_the_one_pipeline(tmp_path: Path) -> None:
    async with FakeBotApi() as api, BothWebhooks(tmp_path, api) as bot:
        store: Store = bot.runtime.store
        pipeline = bot.runtime.inbound
        await pipeline.drain()  # the one worker stopped: no channel has one of its own
        assert (await bot.text(TEXTER, "any walking groups?")).status_code == 200
        assert (await bot.telegram(message(CHAT, 41, "any walking groups?"))).status_code == 200
        assert await unprocessed(store) == ["sms", "telegram"]  # both stored, acknowledged
        await asyncio.sleep(0.3)
        assert await unprocessed(store) == ["sms", "telegram"]  # and nobody else answers
        assert bot.fake.to(TEXTER) == [] and api.sent == []

        await pipeline.start()
        [text] = await bot.wait_for(lambda: bot.fake.to(TEXTER))
        [offers] = await api.wait_sent(CHAT)
        assert "walk" in text.lower() and "walk" in offers.text.lower()
        assert offers.buttons[:1] == ["1"]
        await pipeline.settle(5)
        assert await unprocessed(store) == []

        # Running again: each channel's message is answered by the same worker, in turn.
        assert (await bot.telegram(message(CHAT, 42, "/help"))).status_code == 200
        [help_text] = await api.wait_sent(CHAT, after=1)
        assert "text service" in help_text.text


async def test_rows_stored_but_not_answered_are_answered_after_a_restart(
        tmp_path: Path) -> None:
    async with FakeBotApi() as api, FakeTwilio() as twilio:
        bot = BothWebhooks(tmp_path, api, fake=twilio)  # the fakes outlive the restart
        try:
            await bot.start()
            await bot.stop()
            # What accept leaves when the process dies before the worker gets to it: a
            # text, and a /start whose event must survive the restart with its row.
            store = await Store.open(tmp_path / "bot.db")
            await store.inbox.insert("sms", "SM" + secrets.token_hex(16), f"sms:{TEXTER}",
                                     "any walking groups?", utcnow())
            await store.inbox.insert("telegram", "501", f"telegram:{CHAT}", "/start",
                                     utcnow(), Event("start"))
            assert await unprocessed(store) == ["sms", "telegram"]
            await store.close()

            await bot.start()
            [text] = await bot.wait_for(lambda: bot.fake.to(TEXTER))
            assert "walk" in text.lower()
            [greeting] = await api.wait_sent(CHAT)
            assert greeting.text.startswith("Hello, this is Millbrook Health Centre.")
            assert greeting.asks_for_contact
            await bot.runtime.inbound.settle(5)
            assert await unprocessed(bot.runtime.store) == []
            # Telegram delivering the /start again after the restart: a repeat, dropped.
            assert (await bot.telegram(message(CHAT, 501, "/start"))).status_code == 200
            assert (await bot.telegram(message(CHAT, 502, "/help"))).status_code == 200
            sent = await api.sent_until(CHAT, "text service")
            assert len(sent) == 2
        finally:
            await bot.close()


async def test_start_and_sharing_your_contact_are_a_flow(tmp_path: Path) -> None:
    async with FakeBotApi() as api, BothWebhooks(tmp_path, api) as bot:
        store: Store = bot.runtime.store
        texter = await store.contacts.for_address(f"sms:{TEXTER}")
        await bot.telegram(message(CHAT, 61, "/start"))
        [greeting] = await api.wait_sent(CHAT)
        assert greeting.asks_for_contact
        assert greeting.buttons == ["Share my phone number"]

        await bot.telegram(message(CHAT, 62, contact={
            "phone_number": "447700900001", "first_name": "Sam", "user_id": CHAT}))
        [linked] = await api.wait_sent(CHAT, after=1)
        assert linked.text == channel_welcome.LINKED.format(last="001")
        person = await store.contacts.find(f"telegram:{CHAT}")
        assert person is not None and person.id == texter.id
        await bot.runtime.inbound.settle(5)
        row = await store.fetchone("SELECT COUNT(*) FROM inbox WHERE event IS NOT NULL"
                                   " OR text IS NOT NULL")
        assert row is not None and row[0] == 0  # the shared number is not kept in the inbox

        # One person now: STOP by text silences the chat too, and /start there is START.
        await bot.text(TEXTER, "STOP")
        await bot.wait_for(lambda: bot.fake.to(TEXTER))
        await bot.telegram(message(CHAT, 63, "any walking groups?"))
        await bot.telegram(message(CHAT, 64, "/start"))
        sent = await api.sent_until(CHAT, "Welcome back.")
        assert len(sent) == 3  # greeting, linked, welcome back: nothing for the question


async def test_events_are_routed_to_the_welcome_flow_and_start_after_stop_is_start(
        tmp_path: Path) -> None:
    h = await Harness.start(tmp_path)
    try:
        engine = h.runtime.engine
        chat = Address("telegram", str(CHAT))

        def inbound(external_id: str, text: str, event: Event | None) -> Inbound:
            return Inbound(chat, text, external_id, utcnow(), event)

        assert (await engine.receive(inbound("1", "/start", Event("start")))).step == (
            "channel-welcome")
        photo = await engine.receive(inbound("2", "[not text]", Event("not-text")))
        assert photo.step == "channel-welcome"
        assert photo.outbound[0].text == channel_welcome.ONLY_TEXT
        someone_else = await engine.receive(inbound(
            "3", "[contact]", Event("contact", {"phone": "+447700900002", "own": False})))
        assert someone_else.outbound[0].text == channel_welcome.NOT_YOURS
        assert await h.runtime.store.contacts.find("sms:+447700900002") is None
        assert (await engine.receive(inbound("4", "STOP", None))).step == "opt-out"
        again = await engine.receive(inbound("5", "/start", Event("start")))
        assert again.step == "opt-in" and again.outbound[0].text.startswith("Welcome back.")
    finally:
        await h.close()


class _RecordingEngine:
    """A stand-in Engine for the pipeline alone: stores in a list and notes, for each
    message processed, the loop time, whether a webhook was being answered and how long
    since the last one was."""

    def __init__(self) -> None:
        self.stored: list[Inbound] = []
        self.processed: list[tuple[float, bool, float]] = []
        self.pipeline: Any = None
        self.store = self  # start() reads store.inbox.unprocessed()
        self.inbox = self
        self.shared = False  # one process: the worker is fed by accept

    async def unprocessed(self) -> list[tuple[int, Inbound]]:
        return []

    async def finish_pending(self) -> None:
        return None

    async def store_inbound(self, inbound: Inbound) -> int:
        self.stored.append(inbound)
        return len(self.stored)

    async def process(self, inbox_id: int, inbound: Inbound) -> None:
        now = asyncio.get_running_loop().time()
        self.processed.append((now, self.pipeline._answering > 0,
                               now - self.pipeline._last_answered))


def _text(n: int) -> Inbound:
    return Inbound(Address("sms", TEXTER), "hello", f"SM{n:032x}", utcnow())


async def test_the_worker_waits_until_webhooks_have_been_quiet_for_a_moment() -> None:
    from bot.inbound import MAX_DEFER, QUIET_GRACE, InboundPipeline

    engine = _RecordingEngine()
    pipeline = engine.pipeline = InboundPipeline(engine)  # type: ignore[arg-type]
    loop = asyncio.get_running_loop()
    await pipeline.start()
    try:
        # Quiet server: answered at once.
        await pipeline.accept(_text(1))
        await pipeline.settle(1)
        assert len(engine.processed) == 1

        # Stored during a webhook: not while it is answered, nor just after.
        with pipeline.answering():
            await pipeline.accept(_text(2))
            await asyncio.sleep(0.01)
            assert len(engine.processed) == 1
        await pipeline.settle(1)
        _, busy, quiet_for = engine.processed[1]
        assert not busy and quiet_for >= QUIET_GRACE * 0.9

        # Webhooks one after another with gaps shorter than the grace: the worker keeps
        # giving way until a long enough gap, and never for much more than MAX_DEFER.
        with pipeline.answering():
            await pipeline.accept(_text(3))
        began = loop.time()
        while loop.time() - began < MAX_DEFER * 4 and len(engine.processed) < 3:
            with pipeline.answering():
                await asyncio.sleep(0.001)
            await asyncio.sleep(0.0005)
        assert len(engine.processed) == 3
        at, busy, quiet_for = engine.processed[2]
        assert at - began < MAX_DEFER * 3
        assert (not busy and quiet_for >= QUIET_GRACE * 0.9) or at - began >= MAX_DEFER * 0.9
    finally:
        await pipeline.drain(1)
