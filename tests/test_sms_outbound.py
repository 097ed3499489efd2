"""Sending through the real twilio client to the fake Twilio: every error path of the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.channels.twilio_sms import Pacer, TwilioSmsChannel
from bot.fakes.sms_bot import BOT_NUMBER, sms_config
from bot.fakes.twilio_server import FakeTwilio
from bot.messages import Address, Inbound
from bot.runtime import Runtime
from bot.sms_limits import SmsLimits

PERSON = "+447700900001"


class Clock:
    """A clock the test moves by hand, so retries don't need real waiting."""

    def __init__(self) -> None:
        self.moment = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@dataclass
class Rig:
    fake: FakeTwilio
    runtime: Runtime
    channel: TwilioSmsChannel
    clock: Clock
    counter: int = 0

    async def text_in(self, body: str, sender: str = PERSON) -> None:
        """Someone texts the bot; the reply is queued, not yet sent."""
        self.counter += 1
        await self.runtime.engine.receive(Inbound(Address("sms", sender), body,
                                                  f"SMtest{self.counter}", self.clock()))

    async def flush(self) -> int:
        return await self.runtime.outbox.flush()

    async def rows(self, sender: str = PERSON) -> list:
        return await self.runtime.store.fetchall(
            "SELECT * FROM outbox WHERE recipient=? ORDER BY id", (f"sms:{sender}",))

    async def state(self, sender: str = PERSON) -> str:
        return (await self.rows(sender))[-1]["state"]


async def open_rig(tmp_path: Path, fake: FakeTwilio, timeout: float = 5.0,
                   **settings: object) -> Rig:
    config = sms_config(tmp_path, fake, **settings)
    clock = Clock()
    channel = TwilioSmsChannel(
        account_sid=fake.account_sid, auth_token=fake.auth_token, from_number=BOT_NUMBER,
        api_base_url=fake.url, status_callback_url="https://bot.example.org/webhooks/twilio/status",
        rate_per_second=1000, timeout=timeout)
    runtime = await Runtime.open(config, {"sms": channel}, now=clock)
    channel.guard = SmsLimits(runtime.store, config, clock)
    return Rig(fake, runtime, channel, clock)


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    async with FakeTwilio() as fake:
        opened = await open_rig(tmp_path, fake, timeout=0.5)
        yield opened
        await opened.channel.close()
        await opened.runtime.close()


async def test_a_reply_goes_out_with_our_outbox_id_in_the_status_callback(rig: Rig) -> None:
    await rig.text_in("any walking groups?")
    await rig.flush()
    [row] = await rig.rows()
    [message] = rig.fake.messages
    assert row["state"] == "sent" and row["provider_id"] == message["sid"]
    assert message["from"] == BOT_NUMBER and message["to"] == PERSON
    assert message["status_callback"] == (
        f"https://bot.example.org/webhooks/twilio/status?outbox_id={row['id']}")


async def test_throttled_is_retried_with_backoff_then_sent_once(rig: Rig) -> None:
    rig.fake.fail_next(2, status=429)
    await rig.text_in("any walking groups?")
    await rig.flush()
    [row] = await rig.rows()
    assert row["state"] == "queued" and row["error"] == "throttled"
    first_wait = datetime.fromisoformat(row["next_attempt_at"]) - rig.clock()
    assert timedelta(0) <= first_wait <= timedelta(seconds=2)
    assert await rig.flush() == 0 or first_wait == timedelta(0)  # not due yet
    rig.clock.advance(minutes=10)
    await rig.flush()
    assert await rig.state() == "queued"
    rig.clock.advance(minutes=10)
    await rig.flush()
    assert await rig.state() == "sent"
    assert rig.fake.create_requests == 3 and len(rig.fake.messages) == 1


async def test_5xx_after_accepting_is_looked_up_and_not_resent(rig: Rig) -> None:
    rig.fake.fail_next(1, status=500, after_accept=True)
    await rig.text_in("any walking groups?")
    await rig.flush()
    [row] = await rig.rows()
    assert row["state"] == "sent"
    assert row["provider_id"] == rig.fake.messages[0]["sid"]
    assert rig.fake.list_requests == 1 and len(rig.fake.messages) == 1


async def test_5xx_not_accepted_is_looked_up_then_resent_once(rig: Rig) -> None:
    rig.fake.fail_next(1, status=503)
    await rig.text_in("any walking groups?")
    await rig.flush()
    assert await rig.state() == "queued" and rig.fake.messages == []
    rig.clock.advance(minutes=5)
    await rig.flush()
    assert await rig.state() == "sent"
    assert rig.fake.create_requests == 2 and len(rig.fake.messages) == 1


async def test_timeout_after_accepting_is_not_resent(rig: Rig) -> None:
    rig.fake.slow(1.5, n=1)  # the channel gives up after 0.5 s; Twilio has it already
    await rig.text_in("any walking groups?")
    await rig.flush()
    [row] = await rig.rows()
    assert row["state"] == "sent" and row["provider_id"] == rig.fake.messages[0]["sid"]
    assert len(rig.fake.messages) == 1


async def test_when_even_the_lookup_fails_it_is_never_resent_blind(rig: Rig) -> None:
    rig.fake.fail_next(1, status=500, after_accept=True)
    rig.fake.fail_lookups(1)
    await rig.text_in("any walking groups?")
    await rig.flush()
    [row] = await rig.rows()
    assert row["state"] == "sending" and row["error"].startswith("unconfirmed")
    rig.clock.advance(minutes=5)
    await rig.flush()  # flush alone never resends an unconfirmed message
    assert len(rig.fake.messages) == 1
    await rig.runtime.outbox.recover(due_only=True)  # the worker does this each round
    assert await rig.state() == "sent"
    assert len(rig.fake.messages) == 1


async def test_21610_marks_opted_out_and_is_never_retried(rig: Rig) -> None:
    rig.fake.opt_out(PERSON)
    await rig.text_in("any walking groups?")
    await rig.flush()
    [row] = await rig.rows()
    assert row["state"] == "failed" and row["error"] == "opted out at provider"
    contact = await rig.runtime.store.contacts.find(Address("sms", PERSON))
    assert contact is not None and contact.opted_out
    rig.clock.advance(hours=1)
    await rig.flush()
    await rig.text_in("any walking groups?")
    await rig.flush()
    assert rig.fake.create_requests == 1  # nothing more was even tried


async def test_urgent_reply_blocked_by_21610_alerts_staff(rig: Rig) -> None:
    rig.fake.opt_out(PERSON)
    await rig.text_in("I want to end my life")
    await rig.flush()
    kinds = [a["kind"] for a in await rig.runtime.store.alerts.all_open()]
    assert kinds.count("undeliverable-urgent-reply") == 1


async def test_other_4xx_fails_with_the_reason_recorded(rig: Rig) -> None:
    rig.fake.reject(PERSON, code=21211)
    await rig.text_in("any walking groups?")
    await rig.flush()
    [row] = await rig.rows()
    assert row["state"] == "failed" and "21211" in row["error"]
    rig.clock.advance(hours=1)
    await rig.flush()
    assert rig.fake.create_requests == 1


async def test_replies_are_paced_at_rate_per_second() -> None:
    pacer = Pacer(20.0)
    loop_time = __import__("asyncio").get_running_loop().time
    start = loop_time()
    for _ in range(6):
        await pacer.wait()
    assert loop_time() - start >= 5 / 20 - 0.01


async def test_each_practices_number_keeps_its_own_pace() -> None:
    """A carrier limits each number: at one text every 10 s, Elm's text doesn't wait
    behind Oak's, while Oak's second text does wait for Oak's number."""
    import asyncio

    from bot.messages import Outbound

    oak, elm = "+447700900111", "+447700900222"
    async with FakeTwilio() as fake:
        channel = TwilioSmsChannel(
            account_sid=fake.account_sid, auth_token=fake.auth_token, from_number=BOT_NUMBER,
            api_base_url=fake.url, rate_per_second=0.1,
            practice_numbers={"oak": oak, "elm": elm})
        try:
            def text(n: int, practice: str) -> Outbound:
                return Outbound(id=n, to=Address("sms", PERSON), text=f"hello {n}",
                                practice=practice)

            await asyncio.wait_for(channel.send(text(1, "oak")), 5)
            await asyncio.wait_for(channel.send(text(2, "elm")), 5)  # not 10 s behind oak's
            await asyncio.wait_for(channel.send(text(3, "ash")), 5)  # the shared number
            with pytest.raises(TimeoutError):  # oak's number is still 10 s from its next
                await asyncio.wait_for(channel.send(text(4, "oak")), 1)
            assert [m["from"] for m in fake.messages] == [oak, elm, BOT_NUMBER]
        finally:
            await channel.close()
