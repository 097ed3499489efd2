"""The Telegram bot inside `python -m bot serve`: python-telegram-bot as the transport only.

Every update is stored in the inbox (keyed by update_id, so repeats are dropped) before
it is processed, then goes through the same engine, router and flows as a text message.
Polling mode uses PTB's Updater; webhook mode has no Updater: Telegram POSTs to
/webhooks/telegram (secret token checked) and the update is put on the Application's
queue, as PTB's own customwebhookbot example does. That queue stores each update in the
inbox inside `put`, so the Updater confirms an update to Telegram (next getUpdates
offset) and the webhook answers 200 only once it is safe on disk. State lives in SQLite.
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
from telegram import Contact as TelegramContact
from telegram import Update
from telegram.constants import ChatType
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes, TypeHandler

from bot.channels.telegram import SHARE_PHONE, TelegramChannel
from bot.component import Component
from bot.config import Config
from bot.messages import Address, Inbound
from bot.phones import PhoneError, display_uk, to_e164
from bot.runtime import Runtime
from bot.storage import Store, utcnow

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

GREETING = (
    "Hello, this is {practice}. Tell us what you're looking for, like walking group or "
    "coffee morning, and we'll suggest local groups. If we already text you, tap "
    "Share my phone number so both count as one chat. Send /help for more, /stop to stop."
)
LINKED = ("Thanks. This chat is now linked to your phone number ending {last}, "
          "so you can carry on here or by text.")
LINKED_OPTED_OUT = ("Thanks, this chat is now linked to your phone number. You asked us to "
                    "stop messages, so we won't message you unless you send /start.")
NOT_YOURS = ("Sorry, we can only link your own phone number. Please tap "
             "Share my phone number to share yours.")
BAD_NUMBER = "Sorry, we couldn't read that phone number. Please try again or just carry on here."
ONLY_TEXT = ("Sorry, we can only read written messages. Tell us what you're looking for, "
             "like walking group or coffee morning.")

ReplySpec = tuple[str, tuple[str, ...], bool]  # text, choices, essential


@dataclass(frozen=True)
class Parsed:
    """What an update means to the bot: a word to route, or something answered directly."""

    address: Address
    external_id: str
    kind: str  # "text" | "start" | "contact" | "not_text"
    text: str = ""
    callback_id: str | None = None
    contact: TelegramContact | None = None
    from_id: int | None = None


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
        return Parsed(address, external_id, "text", query.data, callback_id=query.id)
    message = update.message
    if message is None:
        return None
    if message.contact is not None:
        sender = message.from_user.id if message.from_user else None
        return Parsed(address, external_id, "contact", contact=message.contact, from_id=sender)
    if message.text is None:
        return Parsed(address, external_id, "not_text")
    text = message.text.strip()
    if not text.startswith("/"):
        return Parsed(address, external_id, "text", text)
    command, _, payload = text[1:].partition(" ")
    command = command.split("@", 1)[0].lower()  # /help@some_bot in a menu
    payload = payload.strip().lower()
    if command == "start":
        if payload in DEEP_LINKS:
            return Parsed(address, external_id, "text", DEEP_LINKS[payload])
        return Parsed(address, external_id, "start", text)
    if command in COMMAND_WORDS:
        return Parsed(address, external_id, "text", COMMAND_WORDS[command])
    return Parsed(address, external_id, "text", f"{command} {payload}".strip())


@dataclass
class StoredTurn:
    """An update already safe in the inbox, waiting its turn on the Application's queue."""

    run: Callable[[], Awaitable[None]]


class DurableUpdateQueue(asyncio.Queue[object]):
    """The Application's update queue: an Update is stored in the inbox before `put`
    returns, and what is queued is the StoredTurn (or nothing, for a repeat)."""

    def __init__(self, accept: Callable[[Update], Awaitable[StoredTurn | None]]):
        super().__init__()
        self._accept = accept

    async def put(self, item: object) -> None:
        if isinstance(item, Update):
            turn = await self._accept(item)
            if turn is not None:
                await super().put(turn)
            return
        await super().put(item)  # PTB's own stop signal


class TelegramBot:
    """The PTB Application, the Telegram channel and the webhook route, for one bot."""

    def __init__(self, config: Config, token: str, secret: str = ""):
        self.config = config
        self.mode: str = config.telegram.mode
        self.secret = secret
        api = config.telegram.api_base_url
        builder = (Application.builder().token(token)
                   .base_url(f"{api}/bot").base_file_url(f"{api}/file/bot")
                   # max_retries=0: flood control reaches the outbox, which reschedules.
                   .rate_limiter(AIORateLimiter(max_retries=0))
                   .update_queue(DurableUpdateQueue(self.accept)))
        if self.mode == "webhook":
            builder = builder.updater(None)
        self.application = builder.build()
        self.application.add_handler(TypeHandler(StoredTurn, self._on_stored))
        self.application.add_error_handler(self._on_error)
        self.channel = TelegramChannel()
        self.runtime: Runtime | None = None

    # ---- lifecycle, inside the server's lifespan ----

    async def start(self, runtime: Runtime) -> None:
        """Initialize (getMe), then poll or set the webhook, then process updates."""
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
                url=self.config.server.public_url + WEBHOOK_PATH, secret_token=self.secret,
                allowed_updates=ALLOWED_UPDATES)
        await app.start()
        self.channel.attach(app.bot)
        log.info("telegram bot @%s running (%s)", app.bot.username, self.mode)

    async def stop(self) -> None:
        """Stop fetching, finish what is queued, close the Bot's connections."""
        self.channel.detach()
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    # ---- receiving ----

    async def webhook(self, request: Request) -> Response:
        """POST /webhooks/telegram: 403 without the right secret; store, then queue."""
        given = request.headers.get(SECRET_HEADER, "")
        if not self.secret or not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("telegram webhook: missing or wrong secret token")
            return Response(status_code=403)
        if self.runtime is None or not self.application.running:
            return Response(status_code=503)  # Telegram tries again later
        try:
            data = await request.json()
            update = Update.de_json(data, self.application.bot)
        except Exception:  # not JSON, or not an Update
            log.warning("telegram webhook: body is not an update")
            return Response(status_code=400)
        await self.application.update_queue.put(update)  # stored before this returns
        return Response(status_code=200)

    async def _on_stored(self, turn: StoredTurn, context: ContextTypes.DEFAULT_TYPE) -> None:
        await turn.run()

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        log.error("telegram: error handling an update: %s", type(error).__name__,
                  exc_info=error)

    def _on_polling_error(self, exc: TelegramError) -> None:
        log.warning("telegram: polling failed (%s); retrying", type(exc).__name__)

    async def accept(self, update: Update) -> StoredTurn | None:
        """Store the update durably; what is left to do, or None (a repeat, or ignored)."""
        parsed = parse_update(update)
        if parsed is None:
            return None
        runtime = self.runtime
        assert runtime is not None
        store = runtime.store
        kind = parsed.kind
        if kind == "start":
            contact = await store.find_contact(parsed.address)
            if contact is not None and contact.opted_out:
                kind, parsed = "text", Parsed(parsed.address, parsed.external_id, "text", "START")
        if kind == "text":
            inbound = Inbound(parsed.address, parsed.text, parsed.external_id, utcnow())
            inbox_id = await runtime.engine.store_inbound(inbound)
            if inbox_id is None:
                log.info("telegram: repeated update dropped")
                return None
            return StoredTurn(lambda: self._process(inbox_id, inbound, parsed.callback_id))
        if await self._answer_directly(parsed):
            runtime.outbox.wake()
        return None

    async def _process(self, inbox_id: int, inbound: Inbound, callback_id: str | None) -> None:
        runtime = self.runtime
        assert runtime is not None
        if callback_id is not None:
            try:  # stops the button's spinner; the answer itself comes as a message
                await self.application.bot.answer_callback_query(callback_id)
            except TelegramError as exc:
                log.info("telegram: could not answer a button tap (%s)", type(exc).__name__)
        await runtime.engine.process(inbox_id, inbound)

    async def _answer_directly(self, parsed: Parsed) -> bool:
        """Greeting, contact sharing, non-text: stored, answered and marked processed in
        one transaction, so a crash leaves nothing half done. False for a repeat."""
        runtime = self.runtime
        assert runtime is not None
        store, engine = runtime.store, runtime.engine
        marker = {"start": "/start", "contact": "[contact]", "not_text": "[not text]"}
        contact = await store.contact_for(parsed.address)
        await engine.locks.acquire(contact.id)
        try:
            async with store.transaction():
                inbox_id = await store.inbox_insert("telegram", parsed.external_id,
                                                    str(parsed.address), marker[parsed.kind],
                                                    utcnow())
                if inbox_id is None:
                    log.info("telegram: repeated update dropped")
                    return False
                if parsed.kind == "contact":
                    replies = await self._link_contact(parsed, contact.id)
                elif parsed.kind == "start":
                    replies = [(self._fill(GREETING), (SHARE_PHONE,), False)]
                else:
                    replies = [(ONLY_TEXT, (), False)]
                owner = await store.find_contact(parsed.address)
                for text, choices, essential in replies:
                    await store.outbox_add(parsed.address, text, choices=choices,
                                           essential=essential, inbox_id=inbox_id,
                                           contact_id=owner.id if owner else None)
                await store.inbox_mark_processed(inbox_id)
            log.info("telegram: answered %s directly contact=%s", parsed.kind, contact.id)
        finally:
            engine.locks.release(contact.id)
        return True

    async def _link_contact(self, parsed: Parsed, contact_id: int) -> list[ReplySpec]:
        """A shared contact that is the sender's own links this chat to their number."""
        shared = parsed.contact
        assert shared is not None
        if shared.user_id is None or shared.user_id != parsed.from_id:
            log.info("telegram: refused someone else's contact contact=%s", contact_id)
            return [(NOT_YOURS, (), False)]
        try:
            phone = to_e164("+" + re.sub(r"\D", "", shared.phone_number))
        except PhoneError:
            return [(BAD_NUMBER, (), False)]
        store = self._store()
        person = await store.contact_for(f"sms:{phone}")
        await store.link_address(parsed.address, person.id)
        await store.audit(f"contact:{person.id}", "linked-address", "telegram")
        log.info("telegram: chat linked contact=%s into contact=%s", contact_id, person.id)
        merged = await store.get_contact(person.id)
        if merged is not None and merged.opted_out:
            return [(LINKED_OPTED_OUT, (), True)]
        return [(LINKED.format(last=phone[-3:]), (), False)]

    def _store(self) -> Store:
        assert self.runtime is not None
        return self.runtime.store

    def _fill(self, template: str) -> str:
        practice = self.config.practice
        return template.format(practice=practice.name, phone=display_uk(practice.phone))


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
    telegram = TelegramBot(config, token, secret)
    if config.telegram.mode == "webhook":
        routes.append(Route(WEBHOOK_PATH, telegram.webhook, methods=["POST"]))
    return Component("telegram", routes=routes, channels={"telegram": telegram.channel},
                     start=telegram.start, stop=telegram.stop)
