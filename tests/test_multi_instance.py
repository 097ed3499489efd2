"""Several instances, one database (issue 19, part 3), as a tested fact.

Two real `python -m bot serve` processes on one PostgreSQL database, SMS through one fake
Twilio. People text 4 messages each, one after another (the next once the last webhook got
its 200), alternating between the two instances as a load balancer would, so one person's
messages reach both. One instance is SIGKILLed mid-burst; its webhooks then go to the other
(retried with the same MessageSid when no answer came, as Twilio does). Every message must
be answered exactly once, each person's answers in the order they texted, and nothing left
unprocessed or mid-send.

Needs BOT_TEST_DATABASE_URL (a PostgreSQL server whose user may create databases).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import aiohttp
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/ is not installed

from bench.common import (  # noqa: E402
    ACCOUNT_SID,
    AUTH_TOKEN,
    SMS_PATH,
    Process,
    bot_process,
    sender_number,
    signed_request,
)
from bot.fakes.twilio_server import FakeTwilio  # noqa: E402

SERVER = os.environ.get("BOT_TEST_DATABASE_URL", "")
pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.instances,
              pytest.mark.skipif(not SERVER, reason="needs PostgreSQL: set BOT_TEST_DATABASE_URL")]

PEOPLE = 500
# Each gets exactly one reply, and the four replies differ, so their order shows.
TEXTS = ("HELP", "any walking groups?", "knit and natter on thursday", "I feel lonely")
KILL_AFTER = 600  # webhooks answered before the SIGKILL
IN_FLIGHT = 64  # people texting at once


def webhook(person: int, k: int) -> tuple[bytes, dict[str, str]]:
    return signed_request(sender_number(person), TEXTS[k], f"SM{person:024d}{k:08d}")


async def text_all(bots: list[Process], people: range, on_answer: object) -> int:
    """Every person's texts in turn, each to the instance next in line (the other if that
    one gives no answer, same MessageSid); returns how many were retried elsewhere."""
    answered, retried = [0], [0]
    queue = iter(people)
    async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=IN_FLIGHT),
            timeout=aiohttp.ClientTimeout(total=20)) as session:

        async def post(bot: Process, body: bytes, headers: dict[str, str]) -> int:
            try:
                async with session.post(bot.url + SMS_PATH, data=body,
                                        headers=headers) as response:
                    await response.read()
                    return response.status
            except (TimeoutError, aiohttp.ClientError, OSError):
                return 0

        async def person_texts() -> None:
            for person in queue:
                for k in range(len(TEXTS)):
                    body, headers = webhook(person, k)
                    first = (person + k) % len(bots)
                    for attempt in range(len(bots) * 3):
                        if await post(bots[(first + attempt) % len(bots)], body, headers) == 200:
                            break
                        retried[0] += 1
                    else:
                        raise AssertionError("no instance answered a webhook")
                    answered[0] += 1
                    on_answer(answered[0])  # type: ignore[operator]

        await asyncio.gather(*(person_texts() for _ in range(IN_FLIGHT)))
    return retried[0]


async def all_answered(fake: FakeTwilio, expected: int, timeout: float) -> None:
    """Until `expected` replies have arrived and nothing more does for a few seconds (a
    second reply would come after the killed instance's leases ran out)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last, still_since = -1, loop.time()
    while loop.time() < deadline:
        count = len(fake.messages)
        if count != last:
            last, still_since = count, loop.time()
        elif count >= expected and loop.time() - still_since >= 5.0:
            return
        await asyncio.sleep(0.5)
    raise AssertionError(f"{len(fake.messages)} replies of {expected} expected")


@pytest.mark.timeout(600)
async def test_two_instances_one_killed_mid_burst_answer_every_text_once_in_order(
        tmp_path: Path) -> None:
    from bot.testing_postgres import scratch_database

    async with scratch_database(SERVER, "multi") as url:
        bots: list[Process] = []
        try:
            async with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as fake:
                fake.slow(0.01, n=None)  # sends in flight when the kill comes
                for label in ("a", "b"):
                    folder = tmp_path / label
                    folder.mkdir()
                    bots.append(bot_process(folder, fake.url, BOT_STORAGE_DATABASE=url))
                for bot in bots:
                    await asyncio.to_thread(bot.start)

                # What each text is answered with, from one person texting and waiting.
                reference = sender_number(10_000_000)
                async with aiohttp.ClientSession() as session:
                    for k, text in enumerate(TEXTS):
                        body, headers = signed_request(reference, text, f"SM{'f' * 24}{k:08d}")
                        async with session.post(bots[0].url + SMS_PATH, data=body,
                                                headers=headers) as response:
                            assert response.status == 200
                        await all_answered(fake, k + 1, 30)
                expected = fake.to(reference)
                assert len(expected) == len(TEXTS) and len(set(expected)) == len(TEXTS)

                killed = [False]

                def maybe_kill(answered: int) -> None:
                    if answered >= KILL_AFTER and not killed[0]:
                        killed[0] = True
                        bots[1].kill()

                retried = await text_all(bots, range(PEOPLE), maybe_kill)
                assert killed[0] and retried > 0  # the kill cut into the burst
                # The killed instance's people and mid-send texts are taken over once its
                # leases run out (15 s for people, 20 s for a text being sent).
                await all_answered(fake, len(TEXTS) * (PEOPLE + 1), 300)

                wrong = [person for person in range(PEOPLE)
                         if fake.to(sender_number(person)) != expected]
                assert wrong == [], (f"{len(wrong)} people not answered exactly once in order, "
                                     f"e.g. {fake.to(sender_number(wrong[0]))}")
                assert len(fake.messages) == len(TEXTS) * (PEOPLE + 1)  # nobody else texted

            import asyncpg

            connection = await asyncpg.connect(url)
            try:
                assert await connection.fetchval(
                    "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL") == 0
                assert await connection.fetchval(
                    "SELECT COUNT(*) FROM outbox WHERE state IN ('queued', 'sending')") == 0
            finally:
                await connection.close()
        finally:
            for bot in bots:
                await asyncio.to_thread(bot.stop)
