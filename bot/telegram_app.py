"""The Telegram bot inside `python -m bot serve`: python-telegram-bot as the transport only.

This channel only parses, acknowledges and sends. Every update is parsed (`parse_update`)
into a message, with an Event for what is not a text to route by its words (/start, a
shared contact, a photo), and handed to the one inbound pipeline (`runtime.inbound.accept`,
bot/inbound.py), which stores it in the inbox (keyed by update_id, so repeats are dropped)
before it is acknowledged; the pipeline's worker answers it through the same engine,
router and flows as a text message (/start and contacts: flows/channel_welcome.py), and the
reply goes out through the outbox with TelegramChannel (bot/channels/telegram.py).
Polling mode uses PTB's Updater, whose update queue stores each update inside `put`, so
the next getUpdates offset confirms an update to Telegram only once it is safe on disk.
Webhook mode has no Updater: Telegram POSTs to /webhooks/telegram (secret token checked),
and the update is accepted before the 200.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from telegram import Update
from telegram.constants import ChatType
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application

from bot.channels.telegram import TelegramChannel
from bot.component import Component
from bot.config import Config
from bot.messages import Address, Event, Inbound, Outbound
from bot.runtime import Runtime
from bot.storage import utcnow

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query"]
POLL_TIMEOUT = 10  # seconds Telegram holds a getUpdates call open
_SECRET_FORMAT = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what setWebhook accepts

# Commands mapped to the words every channel understands.
COMMAND_WORDS = {"help": "HELP", "stop": "STOP", "menu": "MENU"}
# Deep links (t.me/<bot>?start=<payload>) mapped to the text routed for them: "champion"
# is the champion_invitation flow's entry word (flows/champion.py ENTRY_WORDS).
DEEP_LINKS = {"champion": "champion"}


@dataclass(frozen=True)
class Parsed:
    """What an update means to the bot: a message, with its event if it is not a text."""

    address: Address
    external_id: str
    text: str
    event: Event | None = None
    callback_id: str | None = None  # a button tap, acknowledged once stored


def parse_update(update: Update) -> Parsed | None:
    """Private-chat messages and button taps; None for anything else (groups, edits)."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return None
    address = Address("telegram", str(chat.id))
    external_id = str(update.update_id)
    query = update.callback_query
    if query is not None:
        if not query.data:
            return None
        return Parsed(address, external_id, query.data, callback_id=query.id)
    message = update.message
    if message is None:
        return None
    if message.contact is not None:
        shared = message.contact
        sender = message.from_user.id if message.from_user else None
        # Only the sender's own contact may be linked: Telegram sets user_id to theirs.
        own = shared.user_id is not None and shared.user_id == sender
        return Parsed(address, external_id, "[contact]",
                      Event("contact", {"phone": shared.phone_number, "own": own}))
    if message.text is None:
        return Parsed(address, external_id, "[not text]", Event("not-text"))
    text = message.text.strip()
    if not text.startswith("/"):
        return Parsed(address, external_id, text)
    command, _, payload = text[1:].partition(" ")
    command = command.split("@", 1)[0].lower()  # /help@some_bot in a menu
    payload = payload.strip().lower()
    if command == "start":
        if payload in DEEP_LINKS:
            return Parsed(address, external_id, DEEP_LINKS[payload])
        return Parsed(address, external_id, "/start", Event("start"))
    if command in COMMAND_WORDS:
        return Parsed(address, external_id, COMMAND_WORDS[command])
    return Parsed(address, external_id, f"{command} {payload}".strip())


class StoringUpdateQueue(asyncio.Queue[object]):
    """The Application's update queue: `put` hands an Update to the pipeline (stored
    before it returns) and queues nothing for PTB, which only routes its stop signal."""

    def __init__(self, accept: Callable[[Update], Awaitable[object]]):
        super().__init__()
        self._accept = accept

    async def put(self, item: object) -> None:
        if isinstance(item, Update):
            await self._accept(item)
            return
        await super().put(item)  # PTB's own stop signal


class TelegramBot:
    """The PTB Application, the Telegram channel and the webhook route, for one bot."""

    def __init__(self, config: Config, token: str, secret: str = "", practice: str = "",
                 path: str = WEBHOOK_PATH):
        self.config = config
        # Whose bot: a practice's own (its chats are its people), or "" for the
        # deployment's, whose chats are the first practice's.
        self.practice = practice
        self.path = path  # its webhook
        self.mode: str = config.telegram.mode
        self.secret = secret
        api = config.telegram.api_base_url
        builder = (Application.builder().token(token)
                   .base_url(f"{api}/bot").base_file_url(f"{api}/file/bot")
                   # max_retries=0: flood control reaches the outbox, which reschedules.
                   .rate_limiter(AIORateLimiter(max_retries=0))
                   .update_queue(StoringUpdateQueue(self.accept)))
        if self.mode == "webhook":
            builder = builder.updater(None)
        self.application = builder.build()
        self.channel = TelegramChannel()
        self.runtime: Runtime | None = None
        self._acks: set[asyncio.Task[None]] = set()  # button taps being acknowledged

    # ---- lifecycle, inside the server's lifespan ----

    async def start(self, runtime: Runtime) -> None:
        """Initialize (getMe), then poll or set the webhook; updates go to the pipeline."""
        self.runtime = runtime
        app = self.application
        try:
            await app.initialize()
        except InvalidToken:
            log.error("telegram: the Bot API refused TELEGRAM_BOT_TOKEN (check it with BotFather)")
            raise
        except TelegramError as exc:
            log.error("telegram: could not reach the Bot API (%s)", type(exc).__name__)
            raise
        if app.updater is not None:
            await app.updater.start_polling(
                poll_interval=0, timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False, error_callback=self._on_polling_error)
        else:
            await app.bot.set_webhook(
                url=self.config.server.public_url + self.path, secret_token=self.secret,
                allowed_updates=ALLOWED_UPDATES)
        await app.start()
        self.channel.attach(app.bot)
        log.info("telegram bot @%s running (%s)", app.bot.username, self.mode)

    async def stop(self) -> None:
        """Stop fetching, close the Bot's connections (what was stored is the pipeline's)."""
        self.channel.detach()
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if self._acks:
            await asyncio.gather(*self._acks, return_exceptions=True)
        if app.running:
            await app.stop()
        await app.shutdown()

    # ---- receiving ----

    async def webhook(self, request: Request) -> Response:
        """POST /webhooks/telegram: 403 without the right secret; accepted, then 200."""
        given = request.headers.get(SECRET_HEADER, "")
        if not self.secret or not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("telegram webhook: missing or wrong secret token")
            return Response(status_code=403)
        runtime = self.runtime
        if runtime is None or not self.application.running:
            return Response(status_code=503)  # Telegram tries again later
        with runtime.inbound.answering():  # the pipeline's worker gives way meanwhile
            try:
                data = await request.json()
                update = Update.de_json(data, self.application.bot)
            except Exception:  # not JSON, or not an Update
                log.warning("telegram webhook: body is not an update")
                return Response(status_code=400)
            await self.accept(update)  # stored before this returns
        return Response(status_code=200)

    def _on_polling_error(self, exc: TelegramError) -> None:
        log.warning("telegram: polling failed (%s); retrying", type(exc).__name__)

    async def accept(self, update: Update) -> int | None:
        """Parse the update and hand it to the inbound pipeline; its inbox id, or None (a
        repeat, or not for us). A button tap is acknowledged once stored."""
        parsed = parse_update(update)
        if parsed is None:
            return None
        runtime = self.runtime
        assert runtime is not None
        # A practice's own bot: its people; the deployment's bot: the first practice's.
        # Update ids count per bot, so a practice's own bot's are kept apart by its id.
        practice = self.practice or runtime.config.practices[0].id
        external_id = f"{self.practice}:{parsed.external_id}" if self.practice \
            else parsed.external_id
        inbound = Inbound(parsed.address, parsed.text, external_id, utcnow(),
                          practice=practice)
        inbox_id = await runtime.inbound.accept(inbound, parsed.event)
        if inbox_id is not None and parsed.callback_id is not None:
            task = asyncio.create_task(self._acknowledge_tap(parsed.callback_id))
            self._acks.add(task)
            task.add_done_callback(self._acks.discard)
        return inbox_id

    async def _acknowledge_tap(self, callback_id: str) -> None:
        """Stops the button's spinner; the answer itself comes as a message."""
        try:
            await self.application.bot.answer_callback_query(callback_id)
        except TelegramError as exc:
            log.info("telegram: could not answer a button tap (%s)", type(exc).__name__)


def telegram_component(config: Config) -> Component | None:
    """The Telegram part of the server when telegram.enabled (ValueError if misconfigured)."""
    if not config.telegram.enabled:
        return None
    token = config.secrets.get("TELEGRAM_BOT_TOKEN", "")
    if not token:
        raise ValueError("telegram.enabled is true but TELEGRAM_BOT_TOKEN is not set "
                         "(the token BotFather gave you)")
    secret = config.secrets.get("TELEGRAM_WEBHOOK_SECRET", "")
    routes: list[BaseRoute] = []
    if config.telegram.mode == "webhook":
        problems = []
        if not _SECRET_FORMAT.match(secret):
            problems.append("TELEGRAM_WEBHOOK_SECRET must be set to 1-256 letters, digits, "
                            "_ or - in webhook mode")
        if not config.server.public_url:
            problems.append("server.public_url must be set (the public https:// address "
                            "Telegram calls) in telegram webhook mode")
        elif not config.server.public_url.startswith("https://"):
            log.warning("telegram: Telegram only calls https:// webhooks; server.public_url "
                        "is not https")
        if problems:
            raise ValueError("; ".join(problems))
    bots = [TelegramBot(config, token, secret)]
    for practice in config.practice_list:
        if not practice.telegram_token_env:
            continue
        own = config.secrets.get(practice.telegram_token_env, "")
        if not own:
            raise ValueError(f"practice {practice.id!r} names telegram_token_env "
                             f"{practice.telegram_token_env}, which is not set")
        bots.append(TelegramBot(config, own, secret, practice.id,
                                f"{WEBHOOK_PATH}/{practice.id}"))
    if config.telegram.mode == "webhook":
        routes.extend(Route(bot.path, bot.webhook, methods=["POST"]) for bot in bots)

    async def start(runtime: Runtime) -> None:
        for bot in bots:
            await bot.start(runtime)

    async def stop() -> None:
        for bot in reversed(bots):
            await bot.stop()

    channel = bots[0].channel if len(bots) == 1 else PracticeBots(
        bots[0].channel, {bot.practice: bot.channel for bot in bots[1:]})
    return Component("telegram", routes=routes, channels={"telegram": channel},
                     start=start, stop=stop)


class PracticeBots:
    """The Telegram channel with several bots: a message goes out through its practice's
    own bot, else the deployment's."""

    name = "telegram"

    def __init__(self, main: TelegramChannel, own: dict[str, TelegramChannel]):
        self.main = main
        self.own = own

    async def send(self, message: Outbound) -> str:
        return await self.own.get(message.practice, self.main).send(message)

    async def was_sent(self, message: Outbound) -> str | None:
        return await self.own.get(message.practice, self.main).was_sent(message)
