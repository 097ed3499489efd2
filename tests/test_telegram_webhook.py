"""Telegram in webhook mode: Telegram (the fake) POSTs updates to /webhooks/telegram."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from bot.config import load_config
from bot.fakes.telegram_server import WEBHOOK_SECRET, FakeBotApi, telegram_server
from bot.harness import DEFAULT_EXAMPLE
from bot.store import Store
from bot.telegram_app import telegram_component

SAM = 1001


def message(chat_id: int, text: str, update_id: int) -> dict[str, object]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1700000000, "text": text,
        "chat": {"id": chat_id, "type": "private", "first_name": "Sam"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Sam"}}}


async def test_start_sets_the_webhook_with_the_secret_and_never_polls(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api, mode="webhook") as server:
        assert api.webhook == {"url": f"{server.url}/webhooks/telegram",
                               "secret_token": WEBHOOK_SECRET}
        response = await api.deliver_to_webhook(message(SAM, "any walking groups?", 41))
        assert response.status_code == 200
        [offers] = await api.wait_sent(SAM)
        assert "walk" in offers.text.lower() and offers.buttons[:1] == ["1"]

        response = await api.deliver_to_webhook({"callback_query": {
            "id": "tap-1", "from": {"id": SAM, "is_bot": False, "first_name": "Sam"},
            "chat_instance": "c", "data": "MORE" if "MORE" in offers.buttons else "1",
            "message": {"message_id": 9, "date": 1700000000,
                        "chat": {"id": SAM, "type": "private"}}}})
        assert response.status_code == 200
        await api.wait_sent(SAM, after=1)
        assert api.answered_callbacks == ["tap-1"]
        assert "getUpdates" not in api.calls


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", WEBHOOK_SECRET + "x"])
async def test_without_the_right_secret_token_it_is_403_and_nothing_is_stored(
        tmp_path: Path, secret: str | None) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api, mode="webhook") as server:
        response = await api.deliver_to_webhook(message(SAM, "any walking groups?", 7),
                                                secret=secret)
        assert response.status_code == 403
        store: Store = server.app.state.runtime.store
        row = await store.fetchone("SELECT COUNT(*) FROM inbox")
        assert row is not None and row[0] == 0
        await api.deliver_to_webhook(message(SAM, "/help", 8))  # the sentinel, signed
        sent = await api.sent_until(SAM, "text service")
        assert len(sent) == 1 and len(api.sent) == 1  # nothing for the refused one


async def test_a_repeated_delivery_is_acknowledged_and_answered_once(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api, mode="webhook"):
        for _ in range(3):
            response = await api.deliver_to_webhook(message(SAM, "/help", 99))
            assert response.status_code == 200
        # The sentinel: a new update, answered after anything the repeats caused.
        await api.deliver_to_webhook(message(SAM, "any walking groups?", 100))
        sent = await api.sent_until(SAM, "for details")
        assert len(sent) == 2 and "text service" in sent[0].text  # the help once


async def test_a_body_that_is_not_an_update_is_400(tmp_path: Path) -> None:
    async with FakeBotApi() as api, telegram_server(tmp_path, api, mode="webhook") as server:
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"{server.url}/webhooks/telegram", content=b"not json",
                headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
        assert response.status_code == 400


@pytest.mark.parametrize(("environ", "settings", "problem"), [
    ({}, {}, "TELEGRAM_BOT_TOKEN is not set"),
    ({"TELEGRAM_BOT_TOKEN": "1:x"}, {}, "TELEGRAM_WEBHOOK_SECRET must be set"),
    ({"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_SECRET": "has spaces in it"}, {},
     "TELEGRAM_WEBHOOK_SECRET must be set"),
    ({"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_SECRET": "ok"}, {"server__public_url": ""},
     "server.public_url must be set"),
])
def test_webhook_mode_refuses_to_start_without_what_it_needs(
        environ: dict[str, str], settings: dict[str, str], problem: str) -> None:
    config = load_config(DEFAULT_EXAMPLE, environ=environ).with_overrides(
        telegram__enabled=True, telegram__mode="webhook",
        **{"server__public_url": "https://bot.example.org", **settings})
    with pytest.raises(ValueError, match=problem):
        telegram_component(config)


def test_telegram_off_means_no_component() -> None:
    assert telegram_component(load_config(DEFAULT_EXAMPLE, environ={})) is None
