"""A one-line progress bar on stderr: sent, failed, remaining, rate, time left."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from bot.campaigns.sender import Progress
from bot.campaigns.window import local_text


def _clock(seconds: float) -> str:
    seconds = int(max(seconds, 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


class ProgressBar:
    """Redraws in place on a terminal; on a pipe or log file, a line every few seconds."""

    def __init__(self, stream: TextIO | None = None, zone: str = "Europe/London",
                 width: int = 24, every: float = 5.0):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.zone = zone
        self.width = width
        self.every = every
        self.started = time.monotonic()
        self._last = 0.0
        self._first_done: int | None = None

    def line(self, p: Progress) -> str:
        done = p.total - p.remaining
        if self._first_done is None:
            self._first_done = done - p.this_run
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = p.this_run / elapsed
        filled = int(self.width * done / p.total) if p.total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        left = _clock(p.remaining / rate) if rate > 0 else "?"
        text = (f"[{bar}] {done}/{p.total}  sent {p.sent}  failed {p.failed}  "
                f"opted out {p.opted_out}  remaining {p.remaining}  {rate:.1f}/s  "
                f"left {left}")
        if p.waiting_until is not None:
            text += f"  (window closed: waiting until {local_text(p.waiting_until, self.zone)})"
        return text

    def update(self, p: Progress) -> None:
        now = time.monotonic()
        final = p.remaining == 0
        if not (self.tty or final or p.waiting_until or now - self._last >= self.every):
            return
        if self.tty and not final and now - self._last < 0.1:
            return
        self._last = now
        end = "\r" if self.tty and not final else "\n"
        print(self.line(p).ljust(110 if self.tty else 0), end=end, file=self.stream,
              flush=True)

    def close(self, p: Progress) -> None:
        if self.tty:
            print(self.line(p).ljust(110), file=self.stream, flush=True)
