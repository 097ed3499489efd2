"""SMS through Twilio: the real `twilio` client on its async path, errors typed for the outbox.

The client always builds URLs on https://api.twilio.com; `RootedHttpClient` sends them to
`sms.api_base_url` instead, so tests and benchmarks can point it at the fake Twilio.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import aiohttp
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from bot.channels.base import AmbiguousError, OptedOutError, RejectedError, ThrottledError
from bot.messages import Outbound

log = logging.getLogger(__name__)

TWILIO_ROOT = "https://api.twilio.com"
OPTED_OUT = 21610  # "Attempt to send to unsubscribed recipient": they texted STOP to Twilio
THROTTLED = 20429
CLOCK_SKEW = timedelta(minutes=5)  # our clock against Twilio's, for the ambiguous lookup


class RootedHttpClient(AsyncTwilioHttpClient):
    """Twilio's async HTTP client, sending requests for api.twilio.com to another root."""

    def __init__(self, api_base_url: str = TWILIO_ROOT, timeout: float = 15.0):
        super().__init__(pool_connections=False, timeout=timeout)
        self.api_base_url = api_base_url.rstrip("/")
        self._session: aiohttp.ClientSession | None = None

    def rewrite(self, url: str) -> str:
        """https://api.twilio.com/2010-04-01/... -> <api_base_url>/2010-04-01/..."""
        if url.startswith(TWILIO_ROOT):
            return self.api_base_url + url[len(TWILIO_ROOT):]
        return url

    async def request(self, method: str, url: str, params: dict[str, object] | None = None,
                      data: dict[str, object] | None = None,
                      headers: dict[str, str] | None = None,
                      auth: tuple[str, str] | None = None, timeout: float | None = None,
                      allow_redirects: bool = False) -> Response:
        """One request; a timeout always applies (aiohttp would otherwise wait forever)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        headers = dict(headers or {})
        if auth is not None:
            pair = f"{auth[0]}:{auth[1]}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        seconds = timeout if timeout is not None else (self.timeout or 15.0)
        async with self._session.request(
                method.upper(), self.rewrite(url), params=params,  # type: ignore[arg-type]
                data=data, headers=headers,
                timeout=aiohttp.ClientTimeout(total=seconds),
                allow_redirects=allow_redirects) as response:
            return Response(response.status, await response.text(), response.headers)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class Pacer:
    """Spaces calls at most `rate_per_second` apart, across every caller: the one pacer of a
    sending number, for every kind of message. Bulk texts (a campaign's) may be spaced wider, at
    the campaign's rate (`bulk_rate`), without holding up replies."""

    def __init__(self, rate_per_second: float, clock: Callable[[], float] = time.monotonic):
        self.interval = 1.0 / rate_per_second
        self.bulk_interval = self.interval
        self.clock = clock
        self._next = 0.0
        self._next_bulk = 0.0
        self._lock = asyncio.Lock()

    def bulk_rate(self, rate_per_second: float | None) -> None:
        """Bulk at most this fast (never faster than the channel); None: as fast."""
        self.bulk_interval = max(self.interval, 1.0 / rate_per_second) \
            if rate_per_second else self.interval

    async def wait(self, bulk: bool = False) -> None:
        if bulk and self.bulk_interval > self.interval:
            start = max(self._next_bulk, self.clock())  # reserved before sleeping
            self._next_bulk = start + self.bulk_interval
            if start > self.clock():
                await asyncio.sleep(start - self.clock())
        async with self._lock:
            delay = self._next - self.clock()
            if delay > 0:
                await asyncio.sleep(delay)
            self._next = max(self._next, self.clock()) + self.interval


class SendGuard(Protocol):
    """Checks before a text costs money (abuse limits), and what to note once it did."""

    async def check(self, message: Outbound) -> None: ...

    async def sent(self, message: Outbound) -> None: ...

    def abandoned(self, message: Outbound) -> None: ...

    async def attempt_started(self, message: Outbound) -> datetime | None: ...

    async def known_provider_id(self, provider_id: str) -> bool: ...


def type_error(exc: TwilioRestException) -> Exception:
    """A Twilio REST error as the typed error that tells the outbox what to do."""
    code = exc.code
    if code == OPTED_OUT:
        return OptedOutError(f"twilio {code}")
    if exc.status == 429 or code == THROTTLED:
        return ThrottledError(f"twilio {exc.status}")
    if exc.status >= 500:
        return AmbiguousError(f"twilio {exc.status}")
    return RejectedError(f"twilio {exc.status} {code or ''}: {exc.msg}".strip())


class TwilioSmsChannel:
    """Sends texts with the Messages API; `was_sent` looks one up by recipient and date."""

    name = "sms"

    def __init__(self, *, account_sid: str, auth_token: str, from_number: str = "",
                 messaging_service_sid: str = "", api_base_url: str = TWILIO_ROOT,
                 status_callback_url: str = "", rate_per_second: float = 1.0,
                 timeout: float = 15.0, guard: SendGuard | None = None,
                 practice_numbers: dict[str, str] | None = None):
        if not from_number and not messaging_service_sid:
            raise ValueError("set sms.from_number or sms.messaging_service_sid")
        self.http = RootedHttpClient(api_base_url, timeout)
        self.client = Client(account_sid, auth_token, http_client=self.http)
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        # Several practices: each one's texts go from its own number (its first).
        self.practice_numbers = dict(practice_numbers or {})
        self.status_callback_url = status_callback_url
        # One pacer per sending number (a carrier limits each number, so each practice's
        # own number has its own pace); "" is the shared sender (sms.from_number or the
        # messaging service), for every practice without a number of its own.
        self.pacers = {number: Pacer(rate_per_second)
                       for number in {"", *self.practice_numbers.values()}}
        self.guard = guard
        self._started: dict[int, datetime] = {}  # outbox id -> when we last tried (this run)

    def pacer_for(self, practice: str) -> Pacer:
        """The pacer of the number this practice's texts go from."""
        return self.pacers[self.practice_numbers.get(practice, "")]

    def pace_bulk(self, rate_per_second: float | None, practice: str | None = None) -> None:
        """A campaign's rate for its practice's bulk texts, while it sends (None when it
        stops); no practice: every number's."""
        for pacer in (self.pacers.values() if practice is None
                      else [self.pacer_for(practice)]):
            pacer.bulk_rate(rate_per_second)

    def status_callback_for(self, message: Outbound) -> str | None:
        """Our outbox id rides in the callback URL, so a callback finds its row directly."""
        if not self.status_callback_url:
            return None
        return f"{self.status_callback_url}?outbox_id={message.id}"

    async def send(self, message: Outbound) -> str:
        """Send one text; returns the MessageSid or raises a typed SendError."""
        if self.guard is not None:
            await self.guard.check(message)
        kwargs: dict[str, Any] = {"to": message.to.id, "body": message.text}
        own = self.practice_numbers.get(message.practice)
        if own:
            kwargs["from_"] = own
        elif self.messaging_service_sid:
            kwargs["messaging_service_sid"] = self.messaging_service_sid
        else:
            kwargs["from_"] = self.from_number
        callback = self.status_callback_for(message)
        if callback:
            kwargs["status_callback"] = callback
        try:
            await self.pacer_for(message.practice).wait(bulk=message.kind == "bulk")
            self._started[message.id] = datetime.now(UTC)
            created = await self._call(self.client.messages.create_async(**kwargs))
        except BaseException:  # not counted: give back its place under the daily cap
            if self.guard is not None:
                self.guard.abandoned(message)
            raise
        if self.guard is not None:
            await self.guard.sent(message)
        log.info("sms sent outbox=%d sid=%s", message.id, created.sid)
        return str(created.sid)

    async def was_sent(self, message: Outbound) -> str | None:
        """After a 5xx or timeout: the sid if Twilio has this text, else None.

        Lists messages to the recipient sent since the attempt began (less clock skew) and
        matches the body; a sid already held by another outbox row is someone else's.
        """
        started = self._started.get(message.id)
        if started is None and self.guard is not None:
            started = await self.guard.attempt_started(message)
        since = (started or datetime.now(UTC) - timedelta(days=1)) - CLOCK_SKEW
        found = await self._call(self.client.messages.list_async(
            to=message.to.id, date_sent_after=since, limit=100))
        for item in found:
            if item.body != message.text:
                continue
            if item.date_created is not None and item.date_created < since:
                continue
            sid = str(item.sid)
            if self.guard is not None and await self.guard.known_provider_id(sid):
                continue
            log.info("ambiguous send outbox=%d found at twilio sid=%s", message.id, sid)
            return sid
        return None

    async def _call(self, call: Awaitable[Any]) -> Any:
        try:
            return await call
        except TwilioRestException as exc:
            raise type_error(exc) from exc
        except TwilioException as exc:  # e.g. a list page that failed: outcome unknown
            raise AmbiguousError("twilio error") from exc
        except aiohttp.ClientConnectorError as exc:
            # Never reached Twilio, so nothing was accepted: plain retry later.
            raise ThrottledError("twilio unreachable") from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise AmbiguousError(f"twilio {type(exc).__name__}") from exc

    async def close(self) -> None:
        await self.http.close()
