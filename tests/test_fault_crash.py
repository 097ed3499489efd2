"""Crash safety as a tested fact: SIGKILL the real server in the middle of a burst.

`python -m bot serve` runs as a subprocess on a file database, talking to a fake Twilio on
127.0.0.1. 1,000 signed texts arrive from 1,000 people, 32 at a time; the server is killed
with SIGKILL (no shutdown code runs) once 300 have been answered, then started again.
Every text Twilio got a 200 for must be answered exactly once, and the database must pass
SQLite's own integrity check.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path

import aiohttp
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/ is not installed

from bench.common import (  # noqa: E402
    ACCOUNT_SID,
    AUTH_TOKEN,
    SMS_PATH,
    Requests,
    Sent,
    bot_process,
)
from bot.fakes.twilio_server import FakeTwilio  # noqa: E402

BURST = 1000
KILL_AFTER = 300  # answered webhooks before the SIGKILL
KILL_LATEST = 900  # ... and at the latest


Item = tuple[str, bytes, dict[str, str]]


async def fire(url: str, batch: list[Item], on_answer: object = None) -> list[Sent]:
    """Signed webhooks, 32 in flight; on_answer(count of 200s) after each answer."""
    items = iter(batch)
    sent: list[Sent] = []
    answered = [0]
    connector = aiohttp.TCPConnector(limit=32)
    async with aiohttp.ClientSession(connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=20)) as session:

        async def client() -> None:
            for sender, body, headers in items:
                record = Sent(sender, 0.0)
                sent.append(record)
                try:
                    async with session.post(url, data=body, headers=headers) as response:
                        await response.read()
                        record.status = response.status
                except (TimeoutError, aiohttp.ClientError, OSError):
                    record.status = 0  # no answer: Twilio would retry it later
                if record.status == 200 and on_answer is not None:
                    answered[0] += 1
                    on_answer(answered[0])  # type: ignore[operator]

        await asyncio.gather(*(client() for _ in range(32)))
    return sent


async def settled(fake: FakeTwilio, expected: set[str], timeout: float = 40.0) -> None:
    """Until everyone expected has a reply and nothing more arrives for a moment."""
    deadline = asyncio.get_running_loop().time() + timeout
    last = -1
    while asyncio.get_running_loop().time() < deadline:
        got = {m["to"] for m in fake.messages}
        if expected <= got and len(fake.messages) == last:
            return
        last = len(fake.messages)
        await asyncio.sleep(0.5)
    raise AssertionError(f"{len(expected - {m['to'] for m in fake.messages})} of "
                         f"{len(expected)} answered texts never got a reply")


@pytest.mark.slow
@pytest.mark.timeout(90)
async def test_sigkill_mid_burst_every_answered_text_gets_exactly_one_reply(
        tmp_path: Path) -> None:
    async with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as fake:
        fake.slow(0.01, n=None)  # sends in flight when the kill comes
        bot = bot_process(tmp_path, fake.url)
        await asyncio.to_thread(bot.start)
        killed = [False]

        def maybe_kill(answered: int) -> None:
            # Mid-burst and, usually, mid-send: some replies accepted by Twilio, others on
            # their way. Webhooks are answered before conversations run, so replies can lag
            # far behind: by KILL_LATEST answered texts the kill comes whatever has been sent.
            sending = len(fake.messages) >= 5
            if answered >= KILL_AFTER and (sending or answered >= KILL_LATEST) and not killed[0]:
                killed[0] = True
                bot.kill()

        try:
            batch = Requests(0, "k").take(BURST)
            sent = await fire(bot.url + SMS_PATH, batch, maybe_kill)
            assert killed[0]
            answered = {s.sender for s in sent if s.status == 200}
            refused = {s.sender for s in sent if s.status not in (0, 200)}
            assert not refused  # only 200s, or no answer at all
            assert KILL_AFTER <= len(answered) < BURST  # the kill really cut the burst
            await asyncio.to_thread(bot.start)  # same database, same port
            await settled(fake, answered)
            # Twilio retries what got no answer, same MessageSid; some were stored before
            # the kill and must not be answered twice.
            unanswered = [item for item in batch if item[0] not in answered]
            again = await fire(bot.url + SMS_PATH, unanswered)
            assert all(s.status == 200 for s in again)
            await settled(fake, {s.sender for s in sent})
        finally:
            await asyncio.to_thread(bot.stop)

    replies: dict[str, int] = {}
    for message in fake.messages:
        replies[message["to"]] = replies.get(message["to"], 0) + 1
    everyone = {s.sender for s in sent}
    assert set(replies) <= everyone  # nobody else was texted
    assert [n for n in answered if replies.get(n) != 1] == []  # exactly one each
    assert sorted(replies.values()) == [1] * BURST  # retries too: one reply each, never two
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        left = db.execute("SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL").fetchone()
        assert left[0] == 0
        sending = db.execute(
            "SELECT COUNT(*) FROM outbox WHERE state IN ('queued', 'sending')").fetchone()
        assert sending[0] == 0
