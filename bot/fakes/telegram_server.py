"""A fake Telegram Bot API on 127.0.0.1 that the real python-telegram-bot talks to.

    async with FakeBotApi() as api:            # api.url -> telegram.api_base_url
        api.user_says(1001, "any walking groups?")
        [reply] = await api.wait_sent(1001)

It queues updates for getUpdates (long-poll, capped short), records sendMessage calls,
can answer 403 "bot was blocked" or 429 with retry_after for a chat, keeps setWebhook's
url and secret, and can deliver an update to that webhook as Telegram would.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.fakes.loopback import LoopbackServer

TOKEN = "123456:TEST-fake-token"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Millbrook",
            "username": "millbrook_test_bot", "can_join_groups": False,
            "can_read_all_group_messages": False, "supports_inline_queries": False}


@dataclass
class Sent:
    """A message the bot sent through the fake."""

    chat_id: int
    text: str
    message_id: int
    reply_markup: dict[str, Any] | None = None

    @property
    def buttons(self) -> list[str]:
        """Inline button labels, or reply-keyboard button labels."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [button["text"] for row in rows for button in row]

    @property
    def callback_data(self) -> list[str]:
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button["callback_data"] for row in rows for button in row]

    @property
    def asks_for_contact(self) -> bool:
        rows = (self.reply_markup or {}).get("keyboard") or []
        return any(button.get("request_contact") for row in rows for button in row)


@dataclass
class FakeBotApi:
    """The fake server and what happened on it."""

    token: str = TOKEN
    max_poll: float = 0.2  # cap on getUpdates long-polling, to keep tests quick
    updates: list[dict[str, Any]] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    answered_callbacks: list[str] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    throttled: dict[int, list[int]] = field(default_factory=dict)  # chat -> retry_afters
    webhook: dict[str, Any] = field(default_factory=dict)
    # Other bots served on this server, by token (a practice's own bot): each keeps what
    # happened to it (`also_serve`).
    others: dict[str, FakeBotApi] = field(default_factory=dict)

    def also_serve(self, token: str) -> FakeBotApi:
        """Another bot, with this token, on the same server; its own fake state."""
        other = FakeBotApi(token=token, max_poll=self.max_poll)
        self.others[token] = other
        return other

    def __post_init__(self) -> None:
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._changed = asyncio.Event()
        self._server = LoopbackServer(Starlette(routes=[
            Route("/bot{token}/{method}", self._call, methods=["GET", "POST"])]),
            lifespan="off")

    @property
    def url(self) -> str:
        """The Bot API root to configure as telegram.api_base_url."""
        return self._server.url

    async def __aenter__(self) -> FakeBotApi:
        await self._server.start()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self._server.stop()

    # ---- what users do ----

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates (an update_id is given if it has none)."""
        update.setdefault("update_id", next(self._update_ids))
        self.updates.append(update)
        self._wake()
        return update

    def user_says(self, chat_id: int, text: str, **kw: Any) -> dict[str, Any]:
        """A message typed in a private chat (commands get a bot_command entity)."""
        message = self._message(chat_id, **kw)
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        return self.push({"message": message})

    def user_taps(self, chat_id: int, data: str, **kw: Any) -> dict[str, Any]:
        """A tap on an inline button carrying `data`."""
        bot_message = {"message_id": next(self._message_ids), "date": int(time.time()),
                       "chat": _chat(chat_id), "from": BOT_USER, "text": "..."}
        return self.push({"callback_query": {
            "id": f"cq{next(self._message_ids)}", "from": _user(chat_id),
            "chat_instance": f"ci{chat_id}", "data": data, "message": bot_message}, **kw})

    def user_shares_contact(self, chat_id: int, phone: str, user_id: int | None,
                            **kw: Any) -> dict[str, Any]:
        """A shared contact: their own (user_id == chat_id) or someone else's."""
        message = self._message(chat_id, **kw)
        contact: dict[str, Any] = {"phone_number": phone, "first_name": "Sam"}
        if user_id is not None:
            contact["user_id"] = user_id
        message["contact"] = contact
        return self.push({"message": message})

    def _message(self, chat_id: int, chat_type: str = "private") -> dict[str, Any]:
        return {"message_id": next(self._message_ids), "date": int(time.time()),
                "chat": _chat(chat_id, chat_type), "from": _user(chat_id)}

    # ---- telling the fake how to answer ----

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: sendMessage to them answers 403."""
        self.blocked.add(chat_id)

    def throttle(self, chat_id: int, retry_after: int = 3, times: int = 1) -> None:
        """The next `times` sends to this chat answer 429 with retry_after."""
        self.throttled.setdefault(chat_id, []).extend([retry_after] * times)

    # ---- reading what happened ----

    def sent_to(self, chat_id: int) -> list[Sent]:
        return [message for message in self.sent if message.chat_id == chat_id]

    async def wait_sent(self, chat_id: int, count: int = 1, timeout: float = 5.0,
                        after: int = 0) -> list[Sent]:
        """Wait until `count` messages beyond the first `after` went to the chat."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = self.sent_to(chat_id)[after:]
            if len(found) >= count:
                return found
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                texts = [m.text[:40] for m in found]
                raise AssertionError(f"expected {count} messages to {chat_id}, got {texts}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(left, 0.1))
            except TimeoutError:
                pass

    async def sent_until(self, chat_id: int, reply: str, timeout: float = 5.0) -> list[Sent]:
        """Everything sent to the chat, up to the first message that contains `reply`.

        To check that nothing more was sent, a test sends a sentinel message whose answer
        it knows and waits for that answer here, instead of sleeping: one chat's messages
        are handled and answered in order, so anything the earlier ones caused would
        arrive before it, and the list returned ends with the sentinel's answer.
        """
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = self.sent_to(chat_id)
            for n, message in enumerate(found):
                if reply in message.text:
                    return found[:n + 1]
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                texts = [m.text[:40] for m in found]
                raise AssertionError(f"no message with {reply!r} to {chat_id}, got {texts}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(left, 0.1))
            except TimeoutError:
                pass

    async def wait_for_call(self, method: str, timeout: float = 5.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while method not in self.calls:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"the bot never called {method}; calls: {self.calls}")
            await asyncio.sleep(0.02)

    async def deliver_to_webhook(self, update: dict[str, Any],
                                 secret: str | None = "use-registered") -> httpx.Response:
        """POST an update to the registered webhook, as Telegram does."""
        update.setdefault("update_id", next(self._update_ids))
        headers = {}
        token = self.webhook.get("secret_token") if secret == "use-registered" else secret
        if token is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = token
        async with httpx.AsyncClient() as client:
            return await client.post(self.webhook["url"], json=update, headers=headers)

    # ---- the Bot API ----

    def _wake(self) -> None:
        self._changed.set()

    async def _call(self, request: Request) -> JSONResponse:
        other = self.others.get(request.path_params["token"])
        if other is not None:
            return await other._call(request)
        if request.path_params["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.path_params["method"]
        self.calls.append(method)
        params = await _params(request)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(404, f"Not Found: method {method} is not faked")
        response: JSONResponse = await handler(params)
        self._wake()
        return response

    async def _api_getMe(self, params: dict[str, Any]) -> JSONResponse:
        return _ok(BOT_USER)

    async def _api_getUpdates(self, params: dict[str, Any]) -> JSONResponse:
        offset = int(params.get("offset") or 0)
        # Updates below the offset are confirmed: Telegram forgets them.
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        wait = min(float(params.get("timeout") or 0), self.max_poll)
        if not self.updates and wait > 0:
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), wait)
            except TimeoutError:
                pass
        limit = int(params.get("limit") or 100)
        return _ok(self.updates[:limit])

    async def _api_sendMessage(self, params: dict[str, Any]) -> JSONResponse:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        if self.throttled.get(chat_id):
            retry_after = self.throttled[chat_id].pop(0)
            return _error(429, f"Too Many Requests: retry after {retry_after}",
                          {"retry_after": retry_after})
        message_id = next(self._message_ids)
        markup = params.get("reply_markup")
        self.sent.append(Sent(chat_id, params["text"], message_id,
                              json.loads(markup) if isinstance(markup, str) else markup))
        return _ok({"message_id": message_id, "date": int(time.time()),
                    "chat": _chat(chat_id), "from": BOT_USER, "text": params["text"]})

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> JSONResponse:
        self.answered_callbacks.append(str(params["callback_query_id"]))
        return _ok(True)

    async def _api_setWebhook(self, params: dict[str, Any]) -> JSONResponse:
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token")}
        return _ok(True)

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> JSONResponse:
        self.webhook = {}
        return _ok(True)

    async def _api_getWebhookInfo(self, params: dict[str, Any]) -> JSONResponse:
        return _ok({"url": self.webhook.get("url", ""), "has_custom_certificate": False,
                    "pending_update_count": len(self.updates)})

    async def _api_close(self, params: dict[str, Any]) -> JSONResponse:
        return _ok(True)

    async def _api_logOut(self, params: dict[str, Any]) -> JSONResponse:
        return _ok(True)


def _chat(chat_id: int, chat_type: str = "private") -> dict[str, Any]:
    if chat_type == "private":
        return {"id": chat_id, "type": "private", "first_name": "Sam"}
    return {"id": chat_id, "type": chat_type, "title": "A group"}


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Sam", "language_code": "en"}


def _ok(result: Any) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})


def _error(code: int, description: str,
           parameters: dict[str, Any] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=code)


async def _params(request: Request) -> dict[str, Any]:
    """PTB posts form fields (objects JSON-encoded); others may post JSON or a query."""
    params: dict[str, Any] = dict(request.query_params)
    if request.method == "POST":
        if request.headers.get("content-type", "").startswith("application/json"):
            params.update(await request.json())
        else:
            form = await request.form()
            params.update({key: value for key, value in form.items()
                           if isinstance(value, str)})
    return params


# ---- the real server, with Telegram on, talking to a FakeBotApi ----

WEBHOOK_SECRET = "test-webhook-secret_1"


def free_port() -> int:
    """A port free on 127.0.0.1 right now (webhook mode must know its URL before start)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def telegram_server(tmp: Path, api: FakeBotApi, *, mode: str = "polling",
                          secret: str = WEBHOOK_SECRET, config_file: str | None = None,
                          **settings: Any) -> AsyncIterator[LoopbackServer]:
    """`python -m bot serve`'s app with Telegram on, in this event loop, on a loopback port
    (`config_file`: other settings to start from, e.g. with a practices: list).

    The server's runtime is at `server.app.state.runtime` once started."""
    from bot.app import console_component, create_app
    from bot.config import load_config
    from bot.harness import DEFAULT_EXAMPLE
    from bot.telegram_app import telegram_component

    port = free_port()
    environ = {"TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_WEBHOOK_SECRET": secret,
               **{f"TELEGRAM_BOT_TOKEN_{n}": token for n, token in enumerate(api.others)}}
    examples = Path(DEFAULT_EXAMPLE).parent / "directory" / "example" / "offers.yaml"
    config = load_config(config_file or DEFAULT_EXAMPLE, environ=environ).with_overrides(
        storage__database=str(tmp / "bot.db"), directory__path=str(examples),
        telegram__enabled=True, telegram__mode=mode, telegram__api_base_url=api.url,
        server__port=port, server__public_url=f"http://127.0.0.1:{port}", **settings)
    component = telegram_component(config)
    assert component is not None
    app = create_app(config, [console_component(config), component])
    async with LoopbackServer(app, port=port) as server:
        yield server
