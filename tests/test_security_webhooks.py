"""Issue 15, item 10: webhook Sids and repeat deliveries, as an attacker would try them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.fakes.sms_bot import PUBLIC_URL, SmsBot
from bot.fakes.twilio_server import sign
from bot.harness import Harness
from bot.sms_web import SMS_PATH

PERSON = "+447700900001"


@pytest.fixture
async def bot(tmp_path: Path):
    async with SmsBot(tmp_path) as running:
        yield running


async def inbox_count(bot: SmsBot) -> int:
    row = await bot.runtime.store.fetchone("SELECT COUNT(*) FROM inbox")
    return int(row[0])


async def test_a_value_shifted_into_the_sid_under_the_same_signature_is_not_a_new_message(
        bot: SmsBot) -> None:
    sid = bot.new_sid()
    form = [("Body", "any walking groups?"), ("From", PERSON), ("MessageSid", sid),
            ("To", "+447700900999")]
    signature = sign(PUBLIC_URL + SMS_PATH, form, bot.fake.auth_token)
    # "MessageSid"+sid+"To"+to == "MessageSid"+(sid+"T")+"o"+to: Twilio's signature (keys
    # and values run together, sorted by key) is the same for both.
    shifted = [("Body", "any walking groups?"), ("From", PERSON), ("MessageSid", sid + "T"),
               ("o", "+447700900999")]
    assert sign(PUBLIC_URL + SMS_PATH, shifted, bot.fake.auth_token) == signature
    assert (await bot.post(SMS_PATH, form, signature=signature)).status_code == 200
    assert (await bot.post(SMS_PATH, shifted, signature=signature)).status_code == 200
    assert await inbox_count(bot) == 1


@pytest.mark.parametrize("sid", ["SM123", "SM" + "g" * 32, "S1" + "a" * 32, "SM" + "a" * 33,
                                 "SM" + "a" * 31 + "\u00e9", "../" + "a" * 32])
async def test_only_a_sid_in_twilios_format_is_stored(bot: SmsBot, sid: str) -> None:
    assert (await bot.text(PERSON, "any walking groups?", sid=sid)).status_code == 200
    assert await inbox_count(bot) == 0
    assert (await bot.text(PERSON, "any walking groups?")).status_code == 200
    assert await inbox_count(bot) == 1


async def test_a_repeat_delivery_after_forget_me_is_still_a_repeat(tmp_path: Path) -> None:
    h = await Harness.start(tmp_path)
    try:
        person = "sms:+447700900042"
        await h.say(person, "any walking groups?", external_id="SM" + "1" * 32)
        await h.say(person, "FORGET ME", external_id="SM" + "2" * 32)
        assert await h.store.contacts.find(person) is None
        # Twilio delivers both again (a timeout on its side): neither is a new message.
        assert await h.say(person, "any walking groups?", external_id="SM" + "1" * 32) == []
        assert await h.say(person, "FORGET ME", external_id="SM" + "2" * 32) == []
        assert await h.store.contacts.find(person) is None
        rows = await h.store.fetchall("SELECT sender, text FROM inbox")
        assert len(rows) == 2
        assert all(r["sender"].startswith("forgotten:") and "7700900042" not in r["sender"]
                   and r["text"] is None for r in rows)
    finally:
        await h.close()
