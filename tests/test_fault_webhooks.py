"""Malformed Twilio webhooks against the real app: 4xx (or an empty 200 for a signed form
with nothing usable in it), never 5xx, and nothing stored."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.fakes.sms_bot import PUBLIC_URL, SmsBot
from bot.fakes.twilio_server import sign
from bot.sms_web import SMS_PATH, STATUS_PATH

FUZZ = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
KEYS = ["MessageSid", "SmsSid", "AccountSid", "From", "To", "Body", "NumMedia",
        "MessageStatus", "ErrorCode", "", "x" * 300]
header_values = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126),
                        max_size=200).map(str.strip)


@pytest.fixture
async def bot(tmp_path: Path):
    async with SmsBot(tmp_path) as running:
        yield running


_sentinels = itertools.count()


async def nothing_stored(bot: SmsBot) -> None:
    """Nothing of the request under test was stored or answered. The sentinel, a good
    text from a new number, waits its turn behind anything that request set going; once
    it is answered, only sentinels may be in the store and at Twilio."""
    sentinel = f"+44770090{next(_sentinels):04d}"
    assert (await bot.text(sentinel, "HELP")).status_code == 200
    await bot.wait_for(lambda: any(m["to"] == sentinel for m in bot.fake.messages))
    answered = {m["to"] for m in bot.fake.messages}
    assert all(to.startswith("+44770090") for to in answered)
    assert len(bot.fake.messages) == len(answered)  # one reply each
    row = await bot.runtime.store.fetchone(
        "SELECT (SELECT COUNT(*) FROM inbox), (SELECT COUNT(*) FROM outbox),"
        " (SELECT COUNT(*) FROM contacts)")
    assert tuple(row) == (len(answered),) * 3


@pytest.mark.slow
@FUZZ
@given(body=st.binary(max_size=2000), content_type=st.sampled_from(
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
     "application/json", "text/plain; charset=latin-1", ""]),
       signature=st.one_of(st.just(""), header_values),
       path=st.sampled_from([SMS_PATH, STATUS_PATH, STATUS_PATH + "?outbox_id=1"]))
async def test_random_unsigned_bodies_are_refused(bot: SmsBot, body: bytes, content_type: str,
                                                  signature: str, path: str) -> None:
    headers = {"X-Twilio-Signature": signature} if signature else {}
    if content_type:
        headers["Content-Type"] = content_type
    response = await bot.http.post(bot.url + path, content=body, headers=headers)
    assert 400 <= response.status_code < 500
    await nothing_stored(bot)


@pytest.mark.slow
@FUZZ
@given(pairs=st.lists(st.tuples(st.sampled_from(KEYS), st.text(max_size=100)), max_size=12),
       outbox_id=st.one_of(st.text(max_size=30), st.integers().map(str),
                           st.sampled_from(["²", "١٢", "9" * 40, "-1", "1e3", " 1"])),
       path=st.sampled_from([SMS_PATH, STATUS_PATH]))
async def test_signed_nonsense_never_breaks_the_server(bot: SmsBot, pairs: list[tuple[str, str]],
                                                       outbox_id: str, path: str) -> None:
    """Even signed with the right token (a leaked token, or Twilio changing its form)."""
    pairs = [(k, v) for k, v in pairs if k != "From"]  # nobody to store a text from
    if path == STATUS_PATH:  # a real status, so the outbox id is looked at
        pairs.append(("MessageStatus", "delivered"))
    query = f"?outbox_id={quote(outbox_id, safe='')}" if path == STATUS_PATH else ""
    signature = sign(PUBLIC_URL + path + query, pairs, bot.fake.auth_token)
    response = await bot.http.post(
        bot.url + path + query, content=urlencode(pairs),
        headers={"X-Twilio-Signature": signature,
                 "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code < 500
    await nothing_stored(bot)


RAW = [
    ("body longer than declared", b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
     b"Content-Type: application/x-www-form-urlencoded\r\n\r\nFrom=%%2B447700900001&Body=hi"),
    ("content-length not a number", b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
    ("negative content-length", b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
    ("header without a colon", b"POST %s HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n"),
    ("NUL in a header", b"POST %s HTTP/1.1\r\nHost: x\r\nX-Twilio-Signature: a\x00b\r\n"
     b"Content-Length: 0\r\n\r\n"),
    ("huge declared body", b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n"
     b"X-Twilio-Signature: abc\r\n\r\nBody=hi"),
    ("chunked junk", b"POST %s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"zz\r\nhello\r\n0\r\n\r\n"),
]


@pytest.mark.parametrize("case, raw", RAW, ids=[c for c, _ in RAW])
async def test_broken_http_gets_a_4xx_or_a_closed_connection(bot: SmsBot, case: str,
                                                             raw: bytes) -> None:
    host, port = bot.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(raw % SMS_PATH.encode())
    await writer.drain()
    try:
        status_line = await asyncio.wait_for(reader.readline(), 5)
    finally:
        writer.close()
    if status_line:  # uvicorn may also just close the connection
        status = int(status_line.split()[1])
        assert 400 <= status < 500, case
    await nothing_stored(bot)
