"""Invitation replies as people write them (issue 14, part 7): transcripts."""

from __future__ import annotations

import pytest
from test_campaign_conversation import PAT, invite, replies

from bot.gsm import count_segments, is_gsm
from flows import champion
from flows.understanding import invitation_replies as said
from flows.understanding.invitation import gsm_name, read_reply


@pytest.mark.parametrize("text", ["go on then", "why not", "count me in", "sign me up",
                                  "yeah sounds lovely", "ok then"])
async def test_yes_in_many_forms(harness, text):
    await invite(harness, [("Pat", "07700900001")])
    [(reply, choices)] = await replies(harness, PAT, text)
    assert reply.endswith("Is it OK to call you Pat?") and choices == ("YES", "NO")


@pytest.mark.parametrize("text", ["who is this??", "how did you get my number",
                                  "is this a scam"])
async def test_trust_questions_get_the_practice_and_why_then_the_invitation_stands(
        harness, text):
    await invite(harness, [("Pat", "07700900001")])
    [(reply, choices)] = await replies(harness, PAT, text)
    assert "Millbrook Health Centre" in reply and "registered with us" in reply
    assert choices == ("YES", "NO", "MORE")
    [(yes, _)] = await replies(harness, PAT, "oh ok yes then")
    assert yes.endswith("Is it OK to call you Pat?")


async def test_paid_and_hours_questions_get_real_answers(harness):
    await invite(harness, [("Pat", "07700900001")])
    [(paid, choices)] = await replies(harness, PAT, "do i get paid")
    assert paid == said.PAID and choices == ("YES", "NO")
    [(hours, _)] = await replies(harness, PAT, "how many hours, I work full time")
    assert hours == said.HOURS
    [(yes, _)] = await replies(harness, PAT, "fair enough, count me in")
    assert yes.startswith("Thank you, that's wonderful!")


async def test_maybe_later_is_a_kind_no_problem_with_an_ask_again_date_not_a_search(harness):
    await invite(harness, [("Pat", "07700900001")])
    [(reply, _)] = await replies(harness, PAT, "maybe later, busy with the kids")
    assert reply == said.LATER and "1. " not in reply
    row = await harness.store.fetchone(
        "SELECT answer, state, ask_again FROM champion_responses")
    assert row["answer"] == "later" and row["state"] == "ask later"
    now = harness.runtime.services.now()
    assert row["ask_again"] == (now + said.ASK_AGAIN_AFTER).date().isoformat()


async def test_someone_else_is_passed_on_only_with_their_own_ok(harness):
    await invite(harness, [("Pat", "07700900001")])
    [(reply, choices)] = await replies(harness, PAT, "not me but my wife might be")
    assert reply == said.OTHER_PERSON and choices == ("YES", "NO")
    [(no, _)] = await replies(harness, PAT, "no thanks")
    assert no == champion.SAID_NO


@pytest.mark.parametrize(("text", "name"), [("no call me Patricia", "Patricia"),
                                            ("no its Siobhán actually", "Siobhan")])
async def test_a_name_correction_is_a_name_not_a_no(harness, text, name):
    await invite(harness, [("Pat", "07700900001")])
    await harness.say(PAT, "yes")
    [(reply, _)] = await replies(harness, PAT, text)
    assert reply.startswith(f"Thanks {name}. What might you enjoy")
    row = await harness.store.fetchone("SELECT answer, name FROM champion_responses")
    assert row["answer"] == "yes" and row["name"] == name


async def test_free_text_is_never_taken_as_a_name(harness):
    await invite(harness, [("Sam", "07700900001")])  # first name known; say no to it
    await harness.say(PAT, "yes")
    await harness.say(PAT, "no")
    [(reply, _)] = await replies(harness, PAT, "why do you need it?")
    assert reply.startswith(champion.ASK_NAME) and "MENU" in reply


def test_gsm_names_and_reading_table():
    assert gsm_name("Siobhán") == "Siobhan" and gsm_name("Zoë") == "Zoe"
    assert gsm_name("Renée") == "Renée"  # é is in GSM-7
    assert read_reply("no its Siobhan actually").kind == "invite_name"
    assert read_reply("no sorry too old for that now").kind == "invite_no"
    assert read_reply("can my friend do it instead").kind == "invite_other_person"
    assert read_reply("is there a dbs check").topic == "checks"


def test_texts_are_gsm_and_short():
    for name, text in said.ALL_FIXED.items():
        filled = text.replace("{practice}", "X" * 40)
        assert is_gsm(filled) and count_segments(filled).segments <= 3, name
