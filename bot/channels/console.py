"""The terminal channel: prints outbound texts (chat, and sms.provider: console)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from bot.gsm import count_segments
from bot.messages import Outbound


class ConsoleChannel:
    """Writes each message to a stream instead of sending it."""

    def __init__(self, name: str = "console", stream: TextIO | None = None,
                 render: Callable[[Outbound], str] | None = None):
        self.name = name
        self.stream = stream
        self.render = render or self.default_render
        self._count = 0

    @staticmethod
    def default_render(message: Outbound) -> str:
        info = count_segments(message.text)
        choices = f"\n     [{' | '.join(message.choices)}]" if message.choices else ""
        return f"bot> {message.text}{choices}\n     ({info.segments} SMS, {info.encoding})"

    async def send(self, message: Outbound) -> str:
        stream = self.stream or sys.stdout
        print(self.render(message), file=stream, flush=True)
        self._count += 1
        return f"console-{message.id}"

    async def was_sent(self, message: Outbound) -> str | None:
        return None


class RecordingChannel:
    """Keeps what was sent in a list: the test harness's channel."""

    def __init__(self, name: str):
        self.name = name
        self.sent: list[Outbound] = []

    async def send(self, message: Outbound) -> str:
        self.sent.append(message)
        return f"{self.name}-{message.id}"

    async def was_sent(self, message: Outbound) -> str | None:
        return None
