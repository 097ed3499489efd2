"""Telegram as a channel: send through python-telegram-bot's Bot, choices as buttons.

Errors are turned into the typed send errors the outbox understands: a blocked bot is an
opt-out, flood control is a throttle with Telegram's retry_after, a timeout is ambiguous.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from datetime import timedelta

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.channels.base import AmbiguousError, OptedOutError, RejectedError, ThrottledError
from bot.messages import SHARE_PHONE, Outbound

log = logging.getLogger(__name__)

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit for callback_data
BUTTONS_PER_ROW = 3
PER_CHAT_BURST = 3  # Telegram allows short bursts, then about 1 message a second per chat
PER_CHAT_INTERVAL = 1.0


def reply_markup(choices: tuple[str, ...]) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | None:
    """Inline buttons whose callback data is the word itself; tapping = typing it."""
    if not choices:
        return None
    if choices == (SHARE_PHONE,):
        return ReplyKeyboardMarkup([[KeyboardButton(SHARE_PHONE, request_contact=True)]],
                                   one_time_keyboard=True, resize_keyboard=True)
    buttons = [InlineKeyboardButton(word, callback_data=word) for word in choices
               if len(word.encode()) <= CALLBACK_DATA_LIMIT]
    rows = [buttons[i:i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    return InlineKeyboardMarkup(rows) if rows else None


def retry_seconds(exc: RetryAfter) -> float:
    """retry_after is an int or a timedelta depending on python-telegram-bot's settings."""
    with warnings.catch_warnings():  # reading it as an int is deprecated; both are handled
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class ChatPacer:
    """A small token bucket per chat: a burst of a few messages, then one a second."""

    def __init__(self, burst: int = PER_CHAT_BURST, interval: float = PER_CHAT_INTERVAL):
        self.burst = burst
        self.interval = interval
        self._buckets: dict[int, tuple[float, float]] = {}  # chat -> (tokens, at)

    def delay(self, chat_id: int, now: float) -> float:
        """Seconds to wait before sending to this chat (the send is then counted)."""
        tokens, at = self._buckets.get(chat_id, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) / self.interval)
        wait = 0.0 if tokens >= 1 else (1 - tokens) * self.interval
        self._buckets[chat_id] = (tokens - 1 + wait / self.interval, now + wait)
        if len(self._buckets) > 10_000:  # forget idle chats
            self._buckets = {k: v for k, v in self._buckets.items() if v[1] > now - 60}
        return wait


class TelegramChannel:
    """Sends outbox messages with `Bot.send_message` (the Application's rate-limited bot)."""

    name = "telegram"

    def __init__(self, bot: Bot | None = None, ready_timeout: float = 5.0):
        self.bot = bot
        self.ready = asyncio.Event() if bot is None else None
        self.ready_timeout = ready_timeout
        self.pacer = ChatPacer()

    def attach(self, bot: Bot) -> None:
        """The bot is initialized and may send (the Application has started)."""
        self.bot = bot
        if self.ready is not None:
            self.ready.set()

    def detach(self) -> None:
        """The Application is stopping: hold messages until it is back."""
        if self.ready is not None:
            self.ready.clear()

    async def _bot(self) -> Bot:
        if self.ready is not None and not self.ready.is_set():
            try:
                await asyncio.wait_for(self.ready.wait(), self.ready_timeout)
            except TimeoutError:
                raise ThrottledError("telegram not started yet", retry_after=5) from None
        assert self.bot is not None
        return self.bot

    async def send(self, message: Outbound) -> str:
        bot = await self._bot()
        try:
            chat_id = int(message.to.id)
        except ValueError:
            raise RejectedError("not a telegram chat id") from None
        wait = self.pacer.delay(chat_id, time.monotonic())
        if wait > 0:
            await asyncio.sleep(wait)
        try:
            sent = await bot.send_message(chat_id, message.text,
                                          reply_markup=reply_markup(message.choices))
        except RetryAfter as exc:
            raise ThrottledError("telegram flood control", retry_seconds(exc)) from None
        except Forbidden as exc:
            # "bot was blocked by the user", "user is deactivated": they can't be reached.
            raise OptedOutError(f"telegram: {exc.message}") from None
        except BadRequest as exc:
            raise RejectedError(f"telegram: {exc.message}") from None
        except NetworkError as exc:  # includes TimedOut: it may or may not have gone
            raise AmbiguousError(f"telegram: {type(exc).__name__}") from None
        except TelegramError as exc:
            raise RejectedError(f"telegram: {exc.message}") from None
        return str(sent.message_id)

    async def was_sent(self, message: Outbound) -> str | None:
        """The Bot API can't look a sent message up: assume not, and send again."""
        return None
