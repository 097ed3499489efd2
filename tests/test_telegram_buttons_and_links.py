"""Telegram buttons, deep links, contact sharing, blocked bot and flood control."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot import telegram_app
from bot.fakes.telegram_server import FakeBotApi, telegram_server
from bot.storage import Store, parse_iso, utcnow
from flows import channel_welcome

SAM = 1001


async def until(check: Callable[[], Awaitable[bool]], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        assert time.monotonic() < deadline, "condition never became true"
        await asyncio.sleep(0.05)


async def test_choices_are_buttons_and_a_tap_is_the_same_as_typing(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api):
        api.user_says(SAM, "any walking groups?")
        [offers] = await api.wait_sent(SAM)
        assert offers.buttons[:3] == ["1", "2", "3"]
        assert offers.callback_data == offers.buttons  # the data is the word itself

        tap = api.user_taps(SAM, "1")
        [details] = await api.wait_sent(SAM, after=1)
        assert api.answered_callbacks == [tap["callback_query"]["id"]]

        api.user_says(SAM, "1")  # typed instead of tapped: the same answer
        [typed] = await api.wait_sent(SAM, after=2)
        assert typed.text == details.text


async def test_deep_link_payload_is_routed_as_its_word(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(telegram_app.DEEP_LINKS, "walks", "walking groups")
    async with FakeBotApi() as api, telegram_server(tmp_path, api):
        api.user_says(SAM, "/start walks")
        [offers] = await api.wait_sent(SAM)
        assert "walk" in offers.text.lower() and "1" in offers.buttons



async def test_the_poster_link_starts_the_champion_conversation(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api):
        api.user_says(SAM, "/start champion")  # t.me/<bot>?start=champion
        [invitation] = await api.wait_sent(SAM)
        assert "work alongside us as Practice Health Champions" in invitation.text
        assert invitation.buttons == ["YES", "NO", "MORE"]
        api.user_taps(SAM, "YES")
        [thanks] = await api.wait_sent(SAM, after=1)
        assert thanks.text.startswith("Thank you, that's wonderful!")


async def test_sharing_your_own_number_joins_your_sms_self(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api) as server:
        store: Store = server.app.state.runtime.store
        texter = await store.contacts.for_address("sms:+447700900001")
        await store.contacts.set_name(texter.id, "Sam")
        api.user_says(SAM, "/start")
        [greeting] = await api.wait_sent(SAM)
        assert greeting.asks_for_contact

        api.user_shares_contact(SAM, "447700900001", user_id=SAM)
        [linked] = await api.wait_sent(SAM, after=1)
        assert linked.text.startswith("Thanks. This chat is now linked")
        assert "ending 001" in linked.text
        person = await store.contacts.find(f"telegram:{SAM}")
        assert person is not None and person.id == texter.id and person.name == "Sam"
        assert sorted(await store.contacts.addresses_of(texter.id)) == [
            "sms:+447700900001", f"telegram:{SAM}"]
        audit = await store.fetchall("SELECT actor, action FROM audit_log")
        assert [tuple(row) for row in audit] == [(f"contact:{texter.id}", "linked-address")]


async def test_someone_elses_contact_is_refused_politely(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api) as server:
        store: Store = server.app.state.runtime.store
        api.user_shares_contact(SAM, "+447700900002", user_id=SAM + 50)
        api.user_shares_contact(SAM, "+447700900003", user_id=None)  # not a Telegram user
        first, second = await api.wait_sent(SAM, 2)
        assert first.text == second.text == channel_welcome.NOT_YOURS
        assert await store.contacts.find("sms:+447700900002") is None
        assert await store.contacts.find("sms:+447700900003") is None


async def test_linking_to_a_person_who_said_stop_by_text_keeps_them_opted_out(
        tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api) as server:
        store: Store = server.app.state.runtime.store
        texter = await store.contacts.for_address("sms:+447700900001")
        await store.contacts.set_opted_out(texter.id, True)
        api.user_says(SAM, "any walking groups?")
        await api.wait_sent(SAM)
        api.user_shares_contact(SAM, "+44 7700 900001", user_id=SAM)
        [linked] = await api.wait_sent(SAM, after=1)
        assert linked.text == channel_welcome.LINKED_OPTED_OUT
        api.user_says(SAM, "any walking groups?")
        api.user_says(SAM, "/help")
        api.user_says(SAM, "START")  # the sentinel: its answer comes after any other
        sent = await api.sent_until(SAM, "Welcome back.")
        assert sent[1] == linked and len(sent) == 3  # nothing for the two before it


async def test_a_blocked_bot_marks_the_chat_opted_out(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api) as server:
        store: Store = server.app.state.runtime.store
        api.block(SAM)
        api.user_says(SAM, "any walking groups?")

        async def opted_out() -> bool:
            person = await store.contacts.find(f"telegram:{SAM}")
            return person is not None and person.opted_out

        await until(opted_out)
        row = await store.fetchone("SELECT state, error FROM outbox")
        assert row is not None and tuple(row) == ("failed", "opted out at provider")
        api.blocked.clear()
        api.user_says(SAM, "any walking groups?")
        api.user_says(SAM, "START")  # the sentinel: its answer comes after any other
        sent = await api.sent_until(SAM, "Welcome back.")
        assert len(sent) == 1  # nothing for the question before it


async def test_flood_control_retry_after_is_honoured(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api) as server:
        store: Store = server.app.state.runtime.store
        api.throttle(SAM, retry_after=1)
        api.user_says(SAM, "/help")

        async def rescheduled() -> bool:
            row = await store.fetchone("SELECT error, next_attempt_at FROM outbox")
            return row is not None and row["error"] == "throttled"

        await until(rescheduled)
        row = await store.fetchone("SELECT next_attempt_at FROM outbox")
        assert row is not None
        wait = (parse_iso(row[0]) - utcnow()).total_seconds()
        assert 0.3 < wait <= 1.0
        [help_text] = await api.wait_sent(SAM, timeout=5)
        assert "text service" in help_text.text
        assert api.calls.count("sendMessage") == 2
