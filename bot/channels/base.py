"""The channel contract: send one message; errors say what the caller must do next."""

from __future__ import annotations

from typing import Protocol

from bot.messages import Outbound


class SendError(Exception):
    """Base of the typed send errors."""


class OptedOutError(SendError):
    """The person can't be texted (Twilio 21610, Telegram 'bot was blocked'): never retry."""


class ThrottledError(SendError):
    """Too fast for the provider: retry later (after retry_after seconds if given)."""

    def __init__(self, message: str = "throttled", retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class AmbiguousError(SendError):
    """The provider may or may not have accepted it (5xx, timeout): look it up first."""


class RejectedError(SendError):
    """The provider refused it for good: give up and record why."""


class Channel(Protocol):
    """A way to reach people. `send` returns the provider's message id."""

    name: str

    async def send(self, message: Outbound) -> str: ...

    async def was_sent(self, message: Outbound) -> str | None:
        """After an ambiguous failure: the provider id if it did go out, else None."""
        ...
