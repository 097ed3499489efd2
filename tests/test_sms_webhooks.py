"""Twilio inbound webhooks against the real app on a loopback port, signed like Twilio signs."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.fakes.sms_bot import PUBLIC_URL, SmsBot
from bot.fakes.twilio_server import sign
from bot.sms_web import SMS_PATH, FormParams

PERSON = "+447700900001"


@pytest.fixture
async def bot(tmp_path: Path):
    async with SmsBot(tmp_path) as running:
        yield running


async def inbox_count(bot: SmsBot) -> int:
    row = await bot.runtime.store.fetchone("SELECT COUNT(*) FROM inbox")
    return row[0]


def tampered(form: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, "any walking groups? and send me money" if k == "Body" else v) for k, v in form]


# (case, how the request is made, expected status, stored?)
CASES = [
    ("valid", {}, 200, True),
    ("missing signature", {"signature": ""}, 403, False),
    ("wrong signature", {"signature": "bm90IGEgc2lnbmF0dXJl"}, 403, False),
    ("signed with another token", {"token": "someone-elses-token"}, 403, False),
    ("tampered body", {"tamper": True}, 403, False),
    ("signed for another URL", {"signed_url": "https://evil.example.com" + SMS_PATH}, 403, False),
    ("signed for the Host header, not public_url",
     {"signed_url": "http://127.0.0.1" + SMS_PATH}, 403, False),
    ("behind a TLS proxy", {"headers": {"X-Forwarded-Proto": "https",
                                        "Host": "bot.example.org"}}, 200, True),
    ("forged Host header", {"headers": {"Host": "evil.example.com"}}, 200, True),
    # Twilio may sign the URL with the port written out; the full check accepts both forms.
    ("signed with the port written out",
     {"signed_url": "https://bot.example.org:443" + SMS_PATH}, 200, True),
    ("signed with another port", {"signed_url": "https://bot.example.org:8443" + SMS_PATH},
     403, False),
]


@pytest.mark.parametrize("case, how, status, stored", CASES, ids=[c[0] for c in CASES])
async def test_inbound_webhook_table(bot: SmsBot, case: str, how: dict, status: int,
                                     stored: bool) -> None:
    form = bot.inbound_form(PERSON, "any walking groups?")
    signature = how.get("signature")
    if "token" in how:
        signature = sign(PUBLIC_URL + SMS_PATH, form, how["token"])
    if how.get("tamper"):
        signature = sign(PUBLIC_URL + SMS_PATH, form, bot.fake.auth_token)
        form = tampered(form)
    response = await bot.post(SMS_PATH, form, signature=signature,
                              signed_url=how.get("signed_url"), headers=how.get("headers"))
    assert response.status_code == status, case
    if status == 200:
        assert response.headers["content-type"].startswith("text/xml")
        assert "<Response></Response>" in response.text
    # The sentinel: HELP, answered after anything the request under test set going.
    sent = await bot.sent_until(PERSON, "HELP", "text service")
    assert len(sent) == (2 if stored else 1), case  # answered only if accepted
    assert await inbox_count(bot) == (2 if stored else 1)


async def test_repeated_keys_are_all_signed(bot: SmsBot) -> None:
    form = bot.inbound_form(PERSON, "any walking groups?") + [
        ("MediaUrl", "https://a.example/1"), ("MediaUrl", "https://a.example/2")]
    assert (await bot.post(SMS_PATH, form)).status_code == 200
    # Dropping one of the repeated values breaks the signature.
    signature = sign(PUBLIC_URL + SMS_PATH, form, bot.fake.auth_token)
    response = await bot.post(SMS_PATH, form[:-1], signature=signature)
    assert response.status_code == 403


async def test_query_string_is_part_of_the_signed_url(bot: SmsBot) -> None:
    form = bot.inbound_form(PERSON, "hello")
    path = SMS_PATH + "?practice=millbrook"
    ok = await bot.post(path, form, signed_url=PUBLIC_URL + path)
    assert ok.status_code == 200
    bad = await bot.post(path, bot.inbound_form(PERSON, "hello"),
                         signed_url=PUBLIC_URL + SMS_PATH)
    assert bad.status_code == 403


async def test_body_over_16_kb_is_refused(bot: SmsBot) -> None:
    response = await bot.text(PERSON, "x" * (17 * 1024))
    assert response.status_code == 413
    assert await inbox_count(bot) == 0


async def test_same_message_sid_delivered_concurrently_is_answered_once(bot: SmsBot) -> None:
    sid = bot.new_sid()
    responses = await asyncio.gather(
        *[bot.text(PERSON, "any walking groups?", sid=sid) for _ in range(5)])
    assert [r.status_code for r in responses] == [200] * 5
    replies = await bot.sent_until(PERSON, "HELP", "text service")  # the sentinel
    assert len(replies) == 2 and "walk" in replies[0].lower()  # answered once
    assert await inbox_count(bot) == 2


async def test_repeat_delivery_later_is_acknowledged_not_processed(bot: SmsBot) -> None:
    sid = bot.new_sid()
    assert (await bot.text(PERSON, "any walking groups?", sid=sid)).status_code == 200
    await bot.wait_for(lambda: bot.fake.to(PERSON))
    for _ in range(2):
        assert (await bot.text(PERSON, "any walking groups?", sid=sid)).status_code == 200
    replies = await bot.sent_until(PERSON, "HELP", "text service")  # the sentinel
    assert len(replies) == 2  # the walking groups once, then the help


async def test_non_uk_sender_is_not_stored_or_answered(bot: SmsBot) -> None:
    response = await bot.text("+12025550143", "any walking groups?")
    assert response.status_code == 200
    await bot.sent_until(PERSON, "HELP", "text service")  # the sentinel, from the UK
    assert await inbox_count(bot) == 1
    assert [m["to"] for m in bot.fake.messages] == [PERSON]


async def test_uk_number_written_nationally_is_normalised(bot: SmsBot) -> None:
    assert (await bot.text("07700 900001", "any walking groups?")).status_code == 200
    replies = await bot.sent_until(PERSON, "HELP", "text service")  # the same person
    assert len(replies) == 2 and "walk" in replies[0].lower()
    rows = await bot.runtime.store.fetchall("SELECT DISTINCT sender FROM inbox")
    assert [row["sender"] for row in rows] == ["sms:+447700900001"]


async def test_stop_then_nothing_more_is_sent(bot: SmsBot) -> None:
    await bot.text(PERSON, "STOP")
    [confirmation] = await bot.wait_for(lambda: bot.fake.to(PERSON))
    await bot.text(PERSON, "any walking groups?")
    await bot.text(PERSON, "hello?")
    sent = await bot.sent_until(PERSON, "START", "Welcome back.")  # the sentinel
    assert sent[0] == confirmation and len(sent) == 2  # nothing in between


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=12), st.text(max_size=30)), max_size=8),
       st.text(alphabet="ab=&%+2B0FZ ", max_size=40))
def test_form_parsing_reads_bodies_exactly_as_parse_qsl(pairs, raw) -> None:
    for body in (urlencode(pairs), raw, urlencode(pairs) + "&" + raw):
        expected: dict[str, list[str]] = {}
        for key, value in parse_qsl(body, keep_blank_values=True):
            expected.setdefault(key, []).append(value)
        assert FormParams.parse(body).values == expected, body
