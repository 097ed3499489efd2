"""The conversation test harness, shipped with the bot so every feature's tests reuse it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.channels.console import RecordingChannel
from bot.config import Config, load_config
from bot.messages import Address, Inbound, Outbound
from bot.runtime import Runtime
from bot.storage import Store

# The example settings shipped with the project, wherever the tests run from.
DEFAULT_EXAMPLE = str(Path(__file__).resolve().parent.parent / "config.example.yaml")


class Harness:
    """Drive the real engine, store and outbox from a test, like a phone would.

        h = await Harness.start(tmp_path)
        replies = await h.say("sms:+447700900001", "STOP")
    """

    def __init__(self, runtime: Runtime, channels: dict[str, RecordingChannel], tmp: Path,
                 options: dict[str, Any]):
        self.runtime = runtime
        self.channels = channels
        self.tmp = tmp
        self.options = options
        self._counter = 0

    @classmethod
    async def start(cls, tmp: Path, *, directory: str | None = None,
                    now: Callable[[], datetime] | None = None, **settings: Any) -> Harness:
        """A bot on a fresh SQLite file in tmp (a fresh PostgreSQL database instead with
        BOT_TEST_DATABASE_URL: bot/testing_postgres.py); settings use __ for dots
        (conversation__expiry=timedelta(days=1))."""
        config = load_config(DEFAULT_EXAMPLE, environ={})
        config = config.with_overrides(storage__database=str(tmp / "bot.db"), **settings)
        options = {"directory": directory, "now": now}
        return await cls._open(config, tmp, options)

    @classmethod
    async def _open(cls, config: Config, tmp: Path, options: dict[str, Any]) -> Harness:
        channels = {name: RecordingChannel(name) for name in ("sms", "telegram", "console")}
        kwargs: dict[str, Any] = {"directory": options.get("directory")}
        if options.get("now") is not None:
            kwargs["now"] = options["now"]
        runtime = await Runtime.open(config, dict(channels), **kwargs)
        return cls(runtime, channels, tmp, options)

    @property
    def store(self) -> Store:
        return self.runtime.store

    @property
    def config(self) -> Config:
        return self.runtime.config

    async def say(self, sender: str, text: str, *, external_id: str | None = None) -> list[str]:
        """Send a message as `sender` ('sms:+44...' or 'telegram:123'); the texts delivered."""
        return [message.text for message in await self.exchange(sender, text,
                                                                external_id=external_id)]

    async def exchange(self, sender: str, text: str, *,
                       external_id: str | None = None) -> list[Outbound]:
        """Like say(), but the delivered Outbound messages (with choices, kind)."""
        self._counter += 1
        inbound = Inbound(Address.parse(sender), text,
                          external_id or f"harness-{self._counter}-{uuid.uuid4().hex[:8]}",
                          self.runtime.services.now())
        await self.runtime.engine.receive(inbound)
        return await self.deliver()

    async def deliver(self) -> list[Outbound]:
        """Run the outbox; what went out since the last call."""
        await self.runtime.outbox.flush()
        sent: list[Outbound] = []
        for channel in self.channels.values():
            sent.extend(channel.sent)
            channel.sent.clear()
        return sorted(sent, key=lambda message: message.id)

    async def restart(self) -> None:
        """Close and reopen on the same database, as after a crash or deploy."""
        config = self.runtime.config
        await self.runtime.close()
        fresh = await Harness._open(config, self.tmp, self.options)
        self.runtime, self.channels = fresh.runtime, fresh.channels

    async def close(self) -> None:
        await self.runtime.close()
