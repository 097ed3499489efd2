"""The real web app with sms.provider: twilio, on a loopback port, talking to a FakeTwilio.

    async with SmsBot(tmp_path) as bot:
        response = await bot.text("+447700900001", "any walking groups?")
        await bot.wait_for(lambda: bot.fake.to("+447700900001"))

Twilio is told the bot lives at https://bot.example.org (server.public_url); requests
really go to 127.0.0.1, the way a reverse proxy with TLS would forward them.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

import httpx

from bot.app import console_component, create_app
from bot.config import Config, load_config
from bot.fakes.loopback import LoopbackServer
from bot.fakes.twilio_server import FakeTwilio, sign
from bot.harness import DEFAULT_EXAMPLE
from bot.sms_web import SMS_PATH, sms_component
from bot.storage.stats import StatsRepository

PUBLIC_URL = "https://bot.example.org"
BOT_NUMBER = "+447700900999"


def sms_config(tmp: Path, fake: FakeTwilio, config_file: str | None = None,
               **settings: Any) -> Config:
    """Example settings (or `config_file`'s) with Twilio pointed at the fake; settings
    use __ for dots."""
    environ = {"TWILIO_ACCOUNT_SID": fake.account_sid, "TWILIO_AUTH_TOKEN": fake.auth_token}
    config = load_config(config_file or DEFAULT_EXAMPLE, environ=environ)
    defaults: dict[str, Any] = {
        "storage__database": str(tmp / "bot.db"), "sms__provider": "twilio",
        "sms__api_base_url": fake.url, "sms__from_number": BOT_NUMBER,
        "server__public_url": PUBLIC_URL, "sms__rate_per_second": 1000.0}
    return config.with_overrides(**{**defaults, **settings})


class SmsBot:
    """A FakeTwilio plus the bot's real Starlette app serving on 127.0.0.1."""

    _sids = itertools.count(1)

    def __init__(self, tmp: Path, *, fake: FakeTwilio | None = None,
                 config_file: str | None = None, **settings: Any):
        self.tmp = tmp
        self.config_file = config_file  # e.g. with a practices: list
        self.fake = fake or FakeTwilio()
        self._own_fake = fake is None
        self.settings = settings
        self.server: LoopbackServer | None = None
        self.http = httpx.AsyncClient(timeout=10)

    async def start(self) -> None:
        if self._own_fake:
            await self.fake.start()
        self.config = sms_config(self.tmp, self.fake, self.config_file, **self.settings)
        components = [console_component(self.config)]
        sms = sms_component(self.config)
        assert sms is not None
        components.append(sms)
        self.app = create_app(self.config, components)
        self.server = LoopbackServer(self.app)
        await self.server.start()

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.stop()
            self.server = None

    async def restart(self) -> None:
        """Stop and start the app on the same database, as after a deploy."""
        await self.stop()
        await self.start()

    async def close(self) -> None:
        await self.stop()
        await self.http.aclose()
        if self._own_fake:
            await self.fake.stop()

    async def __aenter__(self) -> SmsBot:
        await self.start()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    @property
    def runtime(self) -> Any:
        return self.app.state.runtime

    @staticmethod
    def new_sid() -> str:
        return "SM" + secrets.token_hex(16)

    def inbound_form(self, sender: str, body: str, sid: str | None = None,
                     to: str = BOT_NUMBER) -> list[tuple[str, str]]:
        """The form Twilio posts for an inbound text (sent to the number `to`)."""
        return [("MessageSid", sid or self.new_sid()), ("SmsSid", sid or ""),
                ("AccountSid", self.fake.account_sid), ("From", sender), ("To", to),
                ("Body", body), ("NumMedia", "0"), ("FromCountry", "GB")]

    async def post(self, path: str, form: Iterable[tuple[str, str]] | Mapping[str, str], *,
                   signature: str | None = None, signed_url: str | None = None,
                   headers: Mapping[str, str] | None = None) -> httpx.Response:
        """POST a form to the app; signed for PUBLIC_URL + path unless told otherwise."""
        pairs = list(form.items()) if isinstance(form, Mapping) else list(form)
        if signature is None:
            signature = sign(signed_url or PUBLIC_URL + path, pairs, self.fake.auth_token)
        sent = {"X-Twilio-Signature": signature} if signature else {}
        sent["Content-Type"] = "application/x-www-form-urlencoded"
        return await self.http.post(self.url + path, content=urlencode(pairs),
                                    headers={**sent, **(headers or {})})

    async def text(self, sender: str, body: str, sid: str | None = None,
                   to: str = BOT_NUMBER) -> httpx.Response:
        """Twilio delivering a signed inbound text (sent to the number `to`)."""
        return await self.post(SMS_PATH, self.inbound_form(sender, body, sid, to))

    async def send_status(self, sid: str, status: str,
                          error_code: int | None = None) -> httpx.Response:
        return await self.fake.send_status(sid, status, error_code, via=self.url)

    async def wait_for(self, condition: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Poll until condition() is truthy (sync or async); its value, or TimeoutError."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            value = condition()
            if asyncio.iscoroutine(value):
                value = await value
            if value:
                return value
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("condition not met in time")
            await asyncio.sleep(0.02)

    async def sent_until(self, sender: str, text: str, reply: str,
                         timeout: float = 5.0) -> list[str]:
        """Text `text` from `sender` (the sentinel), wait for the answer containing `reply`,
        and return every text sent to `sender` up to it. One person's texts are handled
        and answered in order, so a test checking that nothing more was sent needs no
        sleep: whatever earlier texts caused arrives before the sentinel's answer."""
        assert (await self.text(sender, text)).status_code == 200

        def answered() -> list[str] | None:
            bodies = self.fake.to(sender)
            for n, body in enumerate(bodies):
                if reply in body:
                    return bodies[:n + 1]
            return None

        return await self.wait_for(answered, timeout)  # type: ignore[no-any-return]

    async def settle(self, quiet: float = 0.3) -> None:
        """Wait until nothing is waiting in the inbox or outbox (then a little more)."""
        store = self.runtime.store

        async def idle() -> bool:
            return await StatsRepository(store).waiting_now() == (0, 0)

        await self.wait_for(idle)
        await asyncio.sleep(quiet)
        await self.wait_for(idle)

    async def outbox(self, recipient: str) -> list[Any]:
        return await self.runtime.store.outbox.rows_to(f"sms:{recipient}")
