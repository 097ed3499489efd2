"""Telegram in polling mode: the real python-telegram-bot polling a fake Bot API."""

from __future__ import annotations

from pathlib import Path

from bot.fakes.telegram_server import FakeBotApi, telegram_server
from bot.store import Store

SAM = 1001


async def test_a_question_gets_offers_and_stop_means_silence(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api):
        api.user_says(SAM, "any walking groups?")
        [offers] = await api.wait_sent(SAM)
        assert "walk" in offers.text.lower()

        api.user_says(SAM, "/stop")
        [confirmation] = await api.wait_sent(SAM, after=1)
        assert "won't get any more" in confirmation.text

        api.user_says(SAM, "any walking groups?")
        api.user_says(SAM, "STOP")
        api.user_says(SAM, "START")  # the sentinel: its answer comes after any other
        sent = await api.sent_until(SAM, "Welcome back.")
        assert sent[:2] == [offers, confirmation] and len(sent) == 3  # nothing in between


async def test_start_greets_with_a_share_phone_button_and_help_is_help(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api):
        api.user_says(SAM, "/start")
        [greeting] = await api.wait_sent(SAM)
        assert greeting.text.startswith("Hello, this is Millbrook Health Centre.")
        assert greeting.asks_for_contact and greeting.buttons == ["Share my phone number"]

        api.user_says(SAM, "/help")
        [help_text] = await api.wait_sent(SAM, after=1)
        assert "This is the Millbrook Health Centre text service" in help_text.text


async def test_start_after_stop_opts_back_in(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api):
        api.user_says(SAM, "STOP")
        await api.wait_sent(SAM)
        api.user_says(SAM, "/start")
        [welcome] = await api.wait_sent(SAM, after=1)
        assert welcome.text.startswith("Welcome back.")
        api.user_says(SAM, "any walking groups?")
        [offers] = await api.wait_sent(SAM, after=2)
        assert "walk" in offers.text.lower()


async def test_repeated_update_id_is_answered_once(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api) as server:
        first = api.user_says(SAM, "any walking groups?")
        await api.wait_sent(SAM)
        api.push({"update_id": first["update_id"], "message": first["message"]})
        api.user_says(SAM, "/help")  # the sentinel: a later update, answered after the repeat
        sent = await api.sent_until(SAM, "text service")
        assert len(sent) == 2  # the walking groups once, then the help
        store: Store = server.app.state.runtime.store
        row = await store.fetchone("SELECT COUNT(*) FROM inbox WHERE channel='telegram'")
        assert row is not None and row[0] == 2


async def test_group_chats_are_ignored(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api):
        api.user_says(-5005, "any walking groups?", chat_type="group")
        api.user_says(SAM, "/help")
        await api.wait_sent(SAM)
        assert api.sent_to(-5005) == []


async def test_a_photo_gets_a_plain_reply(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api):
        update = api.user_says(SAM, "")
        del update["message"]["text"]
        update["message"]["photo"] = [{"file_id": "p1", "file_unique_id": "u1",
                                       "width": 90, "height": 90}]
        [reply] = await api.wait_sent(SAM)
        assert reply.text.startswith("Sorry, we can only read written messages.")


async def test_an_update_stored_before_a_crash_is_answered_after_restart(tmp_path: Path) -> None:
    from bot.messages import Address, Inbound
    from bot.store import utcnow

    async with FakeBotApi() as api:
        async with telegram_server(tmp_path, api) as server:
            engine = server.app.state.runtime.engine
            # What the update queue does on put, with the process dying before processing:
            stored = await engine.store_inbound(Inbound(
                Address("telegram", str(SAM)), "any walking groups?", "777", utcnow()))
            assert stored is not None
        assert api.sent == []
        async with telegram_server(tmp_path, api):
            [offers] = await api.wait_sent(SAM)
            assert "walk" in offers.text.lower()
            api.push({"update_id": 777, "message": {  # Telegram delivering it again
                "message_id": 5, "date": 1700000000, "text": "any walking groups?",
                "chat": {"id": SAM, "type": "private"},
                "from": {"id": SAM, "is_bot": False, "first_name": "Sam"}}})
            api.user_says(SAM, "/help")  # the sentinel
            sent = await api.sent_until(SAM, "text service")
            assert len(sent) == 2  # the walking groups once, then the help
