"""Two practices on one deployment, end to end over the real webhook with the fake Twilio:
a text is the practice's whose number it was sent to (Twilio's `To`); the reply goes from
that number and names that practice; STOP to one practice stops that practice only; a
text to a number no practice lists is acknowledged and not answered."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.fakes.sms_bot import SmsBot
from bot.testing import ELM_BELL_RINGERS, EXAMPLE_OFFERS, two_practices_config
from bot.testing import ELM_NUMBER as ELM
from bot.testing import OAK_NUMBER as OAK

PERSON = "+447700900001"
NOBODY = "+447700900809"


def practices_file(tmp: Path, elm_directory: object = EXAMPLE_OFFERS) -> str:
    return str(two_practices_config(tmp, elm=elm_directory))


@pytest.fixture
async def bot(tmp_path: Path):
    async with SmsBot(tmp_path, config_file=practices_file(tmp_path),
                      sms__from_number="") as running:
        yield running


def sent(bot: SmsBot, sender: str) -> list[tuple[str, str]]:
    """(from, body) of every text to this number, in order."""
    return [(m["from"], m["body"]) for m in bot.fake.messages if m["to"] == sender]


async def answered(bot: SmsBot, to: str, body: str, reply: str) -> list[tuple[str, str]]:
    """Text `body` to the practice number `to`, and wait for the reply holding `reply`:
    every text to PERSON up to it (one person's texts are answered in order)."""
    before = len(sent(bot, PERSON))
    assert (await bot.text(PERSON, body, to=to)).status_code == 200

    def found() -> list[tuple[str, str]] | None:
        texts = sent(bot, PERSON)
        for n, (_, text) in enumerate(texts[before:], before):
            if reply in text:
                return texts[:n + 1]
        return None

    return await bot.wait_for(found)


async def test_each_practice_answers_from_its_own_number_with_its_own_name(bot) -> None:
    [(sender, text)] = await answered(bot, OAK, "HELP", "text service")
    assert sender == OAK
    assert "Oak Lane Surgery" in text and "01632 960001" in text and "Elm" not in text
    [_, (sender, text)] = await answered(bot, ELM, "HELP", "Elm Practice text service")
    assert sender == ELM and "01632 960002" in text and "Oak" not in text
    # One number at two practices: two people, each with their own conversation.
    rows = await bot.runtime.store.fetchall(
        "SELECT practice_id FROM contacts ORDER BY practice_id")
    assert [row[0] for row in rows] == ["elm", "oak"]
    inbox = await bot.runtime.store.fetchall("SELECT practice_id FROM inbox ORDER BY id")
    assert [row[0] for row in inbox] == ["oak", "elm"]


async def test_stop_to_one_practice_stops_that_practice_only(bot) -> None:
    [(sender, text)] = await answered(bot, OAK, "STOP", "won't get any more texts")
    assert sender == OAK and "Oak Lane Surgery" in text
    await bot.text(PERSON, "any walking groups?", to=OAK)  # opted out there: no answer
    texts = await answered(bot, ELM, "any walking groups?", "alk")  # the other still replies
    assert texts[-1][0] == ELM and len(texts) == 2
    texts = await answered(bot, OAK, "START", "Welcome back")  # the sentinel at Oak
    assert [s for s, _ in texts] == [OAK, ELM, OAK]  # nothing from Oak in between
    assert "Oak Lane Surgery" in texts[-1][1]


async def test_crisis_help_comes_first_at_every_practice_even_after_stop(bot) -> None:
    await answered(bot, OAK, "STOP", "won't get any more texts")
    texts = await answered(bot, OAK, "i want to die", "999")
    assert texts[-1][0] == OAK  # urgent help, from the practice texted, despite the STOP
    texts = await answered(bot, ELM, "i want to die", "999")
    assert texts[-1][0] == ELM
    alerts = await bot.runtime.store.fetchall(
        "SELECT practice_id FROM staff_alerts WHERE kind LIKE 'crisis%' ORDER BY id")
    assert [row[0] for row in alerts] == ["oak", "elm"]


async def test_a_number_no_practice_lists_is_acknowledged_logged_and_not_answered(
        bot, caplog) -> None:
    caplog.set_level(logging.INFO)
    response = await bot.text(PERSON, "any walking groups near MB1 2XY?", to=NOBODY)
    assert response.status_code == 200 and "<Response></Response>" in response.text
    await answered(bot, OAK, "HELP", "text service")  # the sentinel, at a real number
    assert [s for s, _ in sent(bot, PERSON)] == [OAK]
    rows = await bot.runtime.store.fetchall("SELECT practice_id FROM inbox")
    assert [row[0] for row in rows] == ["oak"]
    logged = [r.getMessage() for r in caplog.records if "no practice" in r.getMessage()]
    assert len(logged) == 1
    for text in caplog.messages:
        for secret in (PERSON, PERSON[1:], NOBODY, NOBODY[1:], "walking groups near"):
            assert secret not in text


# ---- each practice's directory: the shared one plus its own offers ---------------------



async def test_each_practice_searches_its_own_directory(tmp_path) -> None:
    own = tmp_path / "elm-offers.yaml"
    own.write_text(ELM_BELL_RINGERS)
    config = practices_file(tmp_path, {"shared": EXAMPLE_OFFERS, "own": own})
    async with SmsBot(tmp_path, config_file=config, sms__from_number="") as bot:
        texts = await answered(bot, ELM, "bell ringing", "Elm Bell Ringers")
        assert texts[-1][0] == ELM
        texts = await answered(bot, ELM, "health walk", "Millbrook Health Walk")
        assert texts[-1][0] == ELM  # the shared offers too
        texts = await answered(bot, OAK, "bell ringing", "")  # Oak has no bell ringers
        assert texts[-1][0] == OAK and "Elm Bell Ringers" not in texts[-1][1]
        needs = await bot.runtime.store.fetchall(
            "SELECT practice_id FROM unmet_needs WHERE reason='no-match'")
        assert [row[0] for row in needs] == ["oak"]
        searches = await bot.runtime.store.fetchall(
            "SELECT practice_id, count FROM dashboard_counts ORDER BY practice_id")
        assert [tuple(row) for row in searches] == [("elm", 2), ("oak", 1)]


def test_an_offer_id_in_both_the_shared_and_the_own_directory_is_a_problem(tmp_path) -> None:
    from directory.loader import load_directory
    from directory.problems import DirectoryInvalid

    own = tmp_path / "own.yaml"
    shared = EXAMPLE_OFFERS
    own.write_text(ELM_BELL_RINGERS.replace("elm-bell-ringers", "millbrook-health-walk"))
    with pytest.raises(DirectoryInvalid) as caught:
        load_directory((str(shared), str(own)))
    assert any("millbrook-health-walk" in str(p) and str(own) in str(p)
               for p in caught.value.problems)
    own.write_text(ELM_BELL_RINGERS)
    both = load_directory((str(shared), str(own)))
    assert both.files[-1] == str(own) and len(both.offers) == 58


async def test_telegram_is_the_first_practices_until_it_has_a_bot_per_practice(
        tmp_path) -> None:
    from bot.fakes.telegram_server import FakeBotApi, telegram_server

    chat = 1001
    update = {"update_id": 5, "message": {
        "message_id": 5, "date": 1700000000, "text": "/help",
        "chat": {"id": chat, "type": "private", "first_name": "Sam"},
        "from": {"id": chat, "is_bot": False, "first_name": "Sam"}}}
    async with FakeBotApi() as api, telegram_server(
            tmp_path, api, mode="webhook", config_file=practices_file(tmp_path)) as server:
        assert (await api.deliver_to_webhook(update)).status_code == 200
        [reply] = await api.wait_sent(chat)
        assert "Oak Lane Surgery" in reply.text and "01632 960001" in reply.text
        store = server.app.state.runtime.store
        rows = await store.fetchall("SELECT practice_id FROM contacts")
        assert [row[0] for row in rows] == ["oak"]


async def test_a_practice_with_its_own_telegram_bot_answers_its_people_through_it(
        tmp_path) -> None:
    from bot.fakes.telegram_server import FakeBotApi, telegram_server

    def update(text: str, update_id: int) -> dict:
        return {"update_id": update_id, "message": {
            "message_id": update_id, "date": 1700000000, "text": text,
            "chat": {"id": 1001, "type": "private", "first_name": "Sam"},
            "from": {"id": 1001, "is_bot": False, "first_name": "Sam"}}}

    file = two_practices_config(tmp_path, keys={"elm": {"telegram_token_env": "TELEGRAM_BOT_TOKEN_0"}})
    async with FakeBotApi() as api:
        elm_bot = api.also_serve("654321:ELM-fake-token")
        async with telegram_server(tmp_path, api, mode="webhook",
                                   config_file=str(file)) as server:
            assert elm_bot.webhook["url"].endswith("/webhooks/telegram/elm")
            # The same update id from each bot: two messages, each answered by its bot.
            assert (await api.deliver_to_webhook(update("/help", 5))).status_code == 200
            assert (await elm_bot.deliver_to_webhook(update("/help", 5))).status_code == 200
            [oak_reply] = await api.wait_sent(1001)
            [elm_reply] = await elm_bot.wait_sent(1001)
            assert "Oak Lane Surgery" in oak_reply.text and "Elm" not in oak_reply.text
            assert "Elm Practice" in elm_reply.text and "Oak" not in elm_reply.text
            await elm_bot.deliver_to_webhook(update("/stop", 6))
            await elm_bot.wait_sent(1001, after=1)  # the opt-out confirmation
            await elm_bot.deliver_to_webhook(update("any walking groups?", 7))
            await api.deliver_to_webhook(update("any walking groups?", 7))
            await api.wait_sent(1001, after=1)  # Oak still answers
            await elm_bot.deliver_to_webhook(update("START", 8))  # the sentinel at Elm
            sent = await elm_bot.sent_until(1001, "Welcome back")
            assert len(sent) == 3  # help, the STOP confirmation, welcome back: nothing between
            store = server.app.state.runtime.store
            rows = await store.fetchall("SELECT practice_id FROM contacts ORDER BY practice_id")
            assert [row[0] for row in rows] == ["elm", "oak"]


# ---- FORGET ME is one practice's: each practice is its own data controller -------------

async def test_forget_me_to_one_practice_erases_that_practices_contact_only(bot) -> None:
    from datetime import UTC, datetime

    from bot.campaigns.csvimport import parse_text
    from bot.campaigns.records import create_campaign

    await answered(bot, OAK, "any walking groups?", "")
    await answered(bot, ELM, "HELP", "Elm Practice text service")
    texts = await answered(bot, OAK, "FORGET ME", "deleted your details")
    sender, reply = texts[-1]
    assert sender == OAK and reply.startswith("Done. Oak Lane Surgery has deleted")
    await bot.settle()
    store, address = bot.runtime.store, "sms:" + PERSON
    assert await store.contacts.find(address, "oak") is None
    elm = await store.contacts.find(address, "elm")
    assert elm is not None  # Elm's person, until they ask Elm too
    assert await store.contacts.is_forgotten(address, "oak")
    assert not await store.contacts.is_forgotten(address, "elm")
    kept = await store.fetchall("SELECT practice_id, COUNT(*) FROM inbox WHERE sender=?"
                                " GROUP BY practice_id", (address,))
    assert [tuple(row) for row in kept] == [("elm", 1)]  # Oak's scrubbed, Elm's kept
    assert await store.outbox.rows_to(address)  # Elm's replies are still Elm's records
    listed = parse_text(f"Name,Phone\nPat,{PERSON}\n")
    now = datetime.now(UTC)
    at_elm = await create_campaign(store, "spring", listed, "Hi {first_name}", "l.csv", now,
                                   "elm")
    at_oak = await create_campaign(store, "spring", listed, "Hi {first_name}", "l.csv", now,
                                   "oak")
    assert (at_elm.recipients, at_elm.skipped) == (1, [])
    assert (at_oak.recipients, at_oak.skipped) == (0, [(2, "forgotten")])
