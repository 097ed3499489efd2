"""8,100 generated texts through the real router: no error turn, and every SMS reply plain
GSM-7 in at most 3 segments. Three strategies x 2,500 examples, plus 600 very long texts
(1,600-4,000 characters, each a full turn of about 50 ms, so 2,500 of them outran the test
timeout on two cores); one harness per test (the same 60 people keep texting, so live
conversations see junk too)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.gsm import count_segments, is_gsm
from bot.harness import Harness
from bot.messages import Address, Inbound

EXAMPLES = 2500
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

EMOJI = "😀🙏🏽👍❤️‍🔥🇬🇧👨‍👩‍👧💔🤷‍♀️🫶🏿"
RTL = "שלום مرحبا سلام \u202e\u202b\u200f"
SPACES = " \t\n\r\u00a0\u2003\u3000\u200b\u2028\ufeff"
WORDS = ["walking", "group", "knit", "thursday", "lonely", "food", "YES", "NO", "MORE",
         "HELP", "MENU", "1", "2", "3", "STOP", "START", "forget me", "UPDATE", "tell me more",
         "kill myself", "999", "£5", "'quoted'", "“curly”", "café", "naïve", "—"]

unicode_text = st.text(max_size=300)
emoji_text = st.text(alphabet=st.sampled_from(list(EMOJI + "ab ")), max_size=200)
rtl_text = st.text(alphabet=st.sampled_from(list(RTL + "abc 12")), max_size=200)
whitespace = st.text(alphabet=st.sampled_from(list(SPACES)), max_size=50)
with_nul = st.text(max_size=100).map(lambda t: f"{t}\x00walking\x00{t}")
long_text = st.tuples(st.text(min_size=1, max_size=40), st.integers(1600, 4000)).map(
    lambda pair: (pair[0] * (pair[1] // len(pair[0]) + 1))[:pair[1]])
wordy = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)
people = st.integers(0, 59)


async def check_turn(h: Harness, person: int, body: str) -> None:
    """One text in; the turn must not fail and SMS replies must be sendable."""
    sender = (Address("sms", f"+4474{person:08d}") if person < 50
              else Address("telegram", str(900000 + person)))
    received = await h.runtime.engine.receive(
        Inbound(sender, body, uuid.uuid4().hex, h.runtime.services.now()))
    assert received.step != "error", repr(body[:80])
    for reply in await h.deliver():
        if reply.to.channel == "sms":
            assert is_gsm(reply.text), repr(reply.text[:80])
            info = count_segments(reply.text)
            assert info.encoding == "GSM-7" and info.segments <= 3, repr(reply.text[:80])
        assert reply.text.strip()


@pytest.fixture
async def fuzz_harness(tmp_path: Path):
    h = await Harness.start(tmp_path)
    yield h
    await h.close()


@pytest.mark.slow
@FUZZ
@given(body=st.one_of(unicode_text, whitespace, with_nul), person=people)
async def test_unicode_whitespace_and_nul(fuzz_harness: Harness, body: str,
                                          person: int) -> None:
    await check_turn(fuzz_harness, person, body)


@pytest.mark.slow
@FUZZ
@given(body=st.one_of(emoji_text, rtl_text), person=people)
async def test_emoji_and_right_to_left(fuzz_harness: Harness, body: str, person: int) -> None:
    await check_turn(fuzz_harness, person, body)


@pytest.mark.slow
@settings(FUZZ, max_examples=600)
@given(body=long_text, person=people)
async def test_very_long_texts(fuzz_harness: Harness, body: str, person: int) -> None:
    await check_turn(fuzz_harness, person, body)


@pytest.mark.slow
@FUZZ
@given(body=st.one_of(wordy, st.tuples(wordy, unicode_text).map(" ".join)), person=people)
async def test_command_words_in_any_order(fuzz_harness: Harness, body: str,
                                          person: int) -> None:
    await check_turn(fuzz_harness, person, body)
