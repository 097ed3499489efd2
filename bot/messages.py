"""Channel-agnostic message types: who, what came in, what goes out."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

CHANNELS = ("sms", "telegram", "console")
# A reply choice with this exact text is Telegram's "share my phone number" button.
SHARE_PHONE = "Share my phone number"


@dataclass(frozen=True)
class Address:
    """A person on one channel: sms:+447700900123, telegram:123456."""

    channel: str
    id: str

    def __str__(self) -> str:
        return f"{self.channel}:{self.id}"

    @classmethod
    def parse(cls, value: str) -> Address:
        """'sms:+447700900123' -> Address('sms', '+447700900123')."""
        channel, sep, ident = value.partition(":")
        if not sep or channel not in CHANNELS or not ident:
            raise ValueError(f"{value!r} is not an address like sms:+447700900123")
        return cls(channel, ident)


@dataclass(frozen=True)
class Event:
    """Something a channel saw that is not a text to route by its words: Telegram's /start
    ("start"), a shared contact ("contact": phone, own), a photo ("not-text"). Stored with
    the inbox row (as JSON) and answered by the flow that handles its kind."""

    kind: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "data": self.data})

    @classmethod
    def from_json(cls, value: str) -> Event:
        loaded = json.loads(value)
        return cls(str(loaded["kind"]), dict(loaded.get("data") or {}))


@dataclass(frozen=True)
class Inbound:
    """A message someone sent us; external_id is the provider's id (MessageSid, update_id)."""

    sender: Address
    text: str
    external_id: str
    received_at: datetime
    event: Event | None = None
    practice: str = "default"  # whose: the practice owning the number it was sent to


@dataclass(frozen=True)
class Reply:
    """Something a flow wants to say back. Choices become buttons where a channel has them;
    essential replies (opt-out confirmation, urgent help) go even to someone opted out."""

    text: str
    choices: tuple[str, ...] = ()
    essential: bool = False
    urgent: bool = False  # urgent help: sent before anything else


@dataclass(frozen=True)
class Outbound:
    """A queued message: kind 'urgent' goes first, then 'reply', then 'bulk'."""

    id: int
    to: Address
    text: str
    kind: str = "reply"
    choices: tuple[str, ...] = ()
    essential: bool = False
    inbox_id: int | None = None
    attempts: int = 0
    extra: dict[str, str] = field(default_factory=dict)
    practice: str = "default"  # whose: its text goes from that practice's number
