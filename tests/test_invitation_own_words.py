"""Invitation replies as people write them (issue 14, part 7): transcripts."""

from __future__ import annotations

import pytest
from test_campaign_conversation import PAT, invite, replies

from bot.gsm import count_segments, is_gsm
from flows import champion
from flows.understanding import invitation_replies as said
from flows.understanding.invitation import gsm_name, read_reply


@pytest.mark.parametrize("text", ["go on then", "why not", "count me in", "sign me up",
                                  "yeah sounds lovely", "ok then", "actually yes please",
                                  "erm go on then"])
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


async def test_a_change_of_mind_after_maybe_later_is_a_yes(harness):
    await invite(harness, [("Pat", "07700900001")])
    [(later, _)] = await replies(harness, PAT, "let me have a think about it")
    assert later == said.LATER
    [(yes, _)] = await replies(harness, PAT, "actually go on then, ill give it a go")
    assert yes.endswith("Is it OK to call you Pat?")
    row = await harness.store.fetchone("SELECT answer FROM champion_responses")
    assert row["answer"] == "yes"


async def test_thanks_after_maybe_later_is_thanks_not_a_yes(harness):
    await invite(harness, [("Pat", "07700900001")])
    await replies(harness, PAT, "maybe later, busy with the kids")
    for text in ("thanks", "ok"):  # an acknowledgement of "later", not a yes
        [(thanks, _)] = await replies(harness, PAT, text)
        assert "Is it OK to call you" not in thanks and "couldn't find" not in thanks
    row = await harness.store.fetchone("SELECT answer FROM champion_responses")
    assert row["answer"] == "later"


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


# ---- more of the ways people reply (issue 14 part 7, second round) ------------------------

@pytest.mark.parametrize("text", ["aye go on", "ok ill give it a go", "yes im interested, got "
                                  "loads of free time", "no problem, happy to be involved",
                                  "actually we could do it together, so yes"])
async def test_more_ways_of_saying_yes(harness, text):
    await invite(harness, [("Pat", "07700900001")])
    [(reply, _)] = await replies(harness, PAT, text)
    assert reply.startswith("Thank you, that's wonderful!")


@pytest.mark.parametrize("text", ["im too old for all that love but thanks for asking",
                                  "ill pass thanks, got enough on", "not my cup of tea"])
async def test_a_no_in_other_words_is_a_kind_no(harness, text):
    await invite(harness, [("Pat", "07700900001")])
    [(reply, _)] = await replies(harness, PAT, text)
    assert reply == champion.SAID_NO


@pytest.mark.parametrize("text", ["can i think about it", "not now, flat out with work",
                                  "ask me again after christmas", "try me in a few months?"])
async def test_later_in_other_words_is_no_problem_not_a_search(harness, text):
    await invite(harness, [("Pat", "07700900001")])
    [(reply, _)] = await replies(harness, PAT, text)
    assert reply == said.LATER


@pytest.mark.parametrize("text", ["who gave u my details", "r u actually the gp practice",
                                  "sounds dodgy", "is this a real person or a bot"])
async def test_more_trust_questions(harness, text):
    await invite(harness, [("Pat", "07700900001")])
    [(reply, _)] = await replies(harness, PAT, text)
    assert "registered with us" in reply


@pytest.mark.parametrize(("text", "answer"), [
    ("im 78 is that too old", said.ABLE), ("can i do it if i use a wheelchair", said.ABLE),
    ("do i get expenses for bus fares", said.PAID), ("would i need a dbs", said.CHECKS),
    ("what would i actually have to do", champion.MORE),
    ("do i have to be a patient at the practice", champion.MORE)])
async def test_questions_get_an_answer_not_didnt_catch_that(harness, text, answer):
    await invite(harness, [("Pat", "07700900001")])
    [(reply, _)] = await replies(harness, PAT, text)
    assert reply == answer.replace("{practice}", "Millbrook Health Centre")


async def test_a_question_we_cant_answer_by_text_gets_the_practice_not_a_reask(harness):
    await invite(harness, [("Pat", "07700900001")])
    await harness.say(PAT, "tell me more")
    [(reply, _)] = await replies(harness, PAT, "where would the groups be held?")
    assert reply.startswith("Good question.") and "01632 960000" in reply


@pytest.mark.parametrize(("text", "name"), [("Dave", "Dave"), ("Mohammed Iqbal",
                                                                 "Mohammed Iqbal"),
                                            ("mrs j thompson", "Mrs J Thompson"),
                                            ("just Bob is fine", "Bob")])
async def test_a_bare_name_to_the_invitation_is_the_name_they_go_by(harness, text, name):
    await invite(harness, [("Pat", "07700900001")])
    [(reply, _)] = await replies(harness, PAT, text)
    assert reply.startswith(f"Thanks, {name}, we'll call you that.")
    [(yes, _)] = await replies(harness, PAT, "yes")
    assert yes.endswith(f"Is it OK to call you {name}?")


@pytest.mark.parametrize("text", ["Maybe", "Dunno", "Hmm", "Thanks"])
async def test_a_short_word_is_not_taken_as_a_name(harness, text):
    await invite(harness, [("Pat", "07700900001")])
    for reply in await harness.say(PAT, text):
        assert "we'll call you that" not in reply


async def test_a_name_corrected_while_asked_about_interests(harness):
    await invite(harness, [("Pat", "07700900001")])
    await harness.say(PAT, "yes")
    await harness.say(PAT, "Liz")
    [(reply, _)] = await replies(harness, PAT, "sorry its Elizabeth for the forms but Liz is fine")
    assert reply.startswith("Thanks Liz. What might you enjoy")
    [(next_q, _)] = await replies(harness, PAT, "crafts, i do a lot of sewing")
    assert next_q == champion.ASK_AVAILABILITY
    row = await harness.store.fetchone("SELECT name, interests FROM champion_responses")
    assert (row["name"], row["interests"]) == ("Liz", "crafts, i do a lot of sewing")


async def test_someone_else_is_passed_on_with_their_ok_and_staff_see_it(harness):
    await invite(harness, [("Pat", "07700900001")])
    [(first, _)] = await replies(harness, PAT, "not me but my wife might be")
    assert first == said.OTHER_PERSON
    [(ask, choices)] = await replies(harness, PAT, "shes called Carol, 07700 900444")
    assert ask == said.OTHER_CONSENT.replace("{practice}", "Millbrook Health Centre")
    [(done, _)] = await replies(harness, PAT, "yes she said its fine")
    assert done == said.OTHER_PASSED
    alert = await harness.store.fetchone(
        "SELECT a.kind, a.detail, p.text FROM staff_alerts a JOIN passed_on_requests p"
        " ON p.alert_id = a.id")
    assert alert["kind"] == "champion-suggested" and "07700" not in alert["detail"]
    assert alert["text"] == "shes called Carol, 07700 900444"
    # their own answer still counts
    [(no, _)] = await replies(harness, PAT, "no thanks")
    assert no == champion.SAID_NO


async def test_someone_else_without_their_ok_is_not_passed_on(harness):
    await invite(harness, [("Pat", "07700900001")])
    await harness.say(PAT, "my mum would love this, can i give u her number")
    await harness.say(PAT, "07700 900555")
    [(reply, _)] = await replies(harness, PAT, "no i havent asked her yet")
    assert reply == said.OTHER_NOT_PASSED
    assert await harness.store.fetchone("SELECT 1 FROM passed_on_requests") is None


async def test_forget_me_erases_a_suggested_persons_details(harness):
    await invite(harness, [("Pat", "07700900001")])
    await harness.say(PAT, "not me but my husband might")
    await harness.say(PAT, "Keith 07700 900666")
    await harness.say(PAT, "yes")
    await harness.say(PAT, "FORGET ME")
    assert await harness.store.fetchone("SELECT 1 FROM passed_on_requests") is None


async def test_start_from_someone_new_is_a_welcome_and_after_stop_a_welcome_back(harness):
    [hello] = await harness.say(PAT, "START")
    assert hello.startswith("Welcome to the Millbrook Health Centre text service.")
    await harness.say(PAT, "STOP")
    [back] = await harness.say(PAT, "start")
    assert back.startswith("Welcome back.")


async def test_accented_first_names_are_written_in_gsm_letters_in_the_invitation(harness):
    _, sent = await invite(harness, [("Siobhán", "07700900001")])
    [invitation] = [m.text for m in sent]
    assert invitation.startswith("Hi Siobhan, this is Millbrook Health Centre.")
    assert is_gsm(invitation)
    [(reply, _)] = await replies(harness, PAT, "yes")
    assert reply.endswith("Is it OK to call you Siobhan?")


async def test_preview_shows_the_name_change(harness):
    from bot.campaigns.csvimport import parse_text
    from bot.campaigns.records import create_campaign
    from bot.campaigns.report import preview
    from bot.campaigns.template import DEFAULT_INVITATION

    created = await create_campaign(
        harness.store, "spring", parse_text("Forename,Mobile\nSiobhán,07700900001\n"
                                            "Pat,07700900002\n"), DEFAULT_INVITATION,
        "list.csv", harness.runtime.services.now())
    view = await preview(harness.store, harness.config, created.campaign,
                         harness.runtime.services.now())
    assert view.renamed == [("Siobhán", "Siobhan")]
    assert any("Siobhán -> Siobhan" in w for w in view.warnings)
    assert any(e.startswith("Hi Siobhan,") for e in view.examples)
    assert view.encoding == "GSM-7"


@pytest.mark.parametrize(("text", "kind"), [
    ("im working abroad till june, text me after that", "invite_later"),
    ("off to my daughters in australia until feb, speak then", "invite_later"),
    ("back after easter, ask me then", "invite_later"),
    ("this sounds more up my wifes street, can i pass your number on to her",
     "invite_other_person"),
    ("more for my brother really, shall i forward him the text", "invite_other_person"),
])
def test_away_for_a_while_and_someone_else_more_suited(text, kind):
    assert read_reply(text).kind == kind, text


# ---- 4 December 2026, second round: refusals with a reason, trust checks, names said last ----

@pytest.mark.parametrize(("text", "kind"), [
    ("got far too much on at home so its a no from me", "invite_no"),
    ("my back isnt up to it these days, sorry", "invite_no"),
    ("id rather not thanks", "invite_no"),
    ("never ask me again please", "invite_no"),
    ("i'm going to have to say no for now", "invite_no"),
    ("not this year, new job. next year maybe", "invite_later"),
    ("is this really my surgery texting", "invite_trust"),
    ("why did you pick me", "invite_trust"),
    ("i dont recognise this number, who is it", "invite_trust"),
    ("ill ring the practice to check this is genuine", "invite_trust"),
    ("my brother's just been made redundant, sign him up", "invite_other_person"),
    ("ill show it to my neighbour, shes more the sort", "invite_other_person"),
])
def test_fourth_set_families_in_fresh_words(text, kind):
    assert read_reply(text).kind == kind, text


@pytest.mark.parametrize(("text", "name"), [
    ("its kevin btw", "Kevin"),
    ("hi this is Maureen from the flats", "Maureen"),
    ("sorry, forgot to say, it's Gail", "Gail"),
])
def test_a_name_said_in_passing_or_last(text, name):
    assert read_reply(text) == ("invite_name", name) or (
        read_reply(text).kind == "invite_name" and read_reply(text).name == name), text


async def test_an_answered_question_is_not_followed_by_didnt_catch(harness):
    await invite(harness, [("Pat", "07700900001")])
    got = await replies(harness, PAT, "my ankle has gone really swollen today")
    assert len(got) == 2 and "NHS 111" in got[0][0]
    assert got[1][0] == champion.REASK_PLAIN and "catch" not in got[1][0]


async def test_thanks_after_passing_it_on_is_a_warm_close_and_yes_still_counts(harness):
    await invite(harness, [("Pat", "07700900001")])
    await replies(harness, PAT, "my son might like this, can i pass it on to him")
    [(thanks, _)] = await replies(harness, PAT, "cheers")
    assert thanks == said.OTHER_PERSON_THANKS
    assert is_gsm(thanks) and count_segments(thanks).segments <= 3
    [(yes, _)] = await replies(harness, PAT, "yes please")
    assert yes.endswith("Is it OK to call you Pat?")


# ---- 4 December 2026, third round: the fifth set's families, in fresh wordings ----

@pytest.mark.parametrize(("text", "kind"), [
    # A yes with a condition; caring ("look after my...") is not a time.
    ("yes as long as its weekends, i look after my grandson in the week", "invite_yes"),
    # A polite no, by age or with thanks for the thought.
    ("at my age i think my volunteering days are over, but thanks for thinking of me",
     "invite_no"),
    # Later: a month named, talking it over first, replying in time.
    ("on lates all week, could we talk in february", "invite_later"),
    ("i'll have to run it past my husband first", "invite_later"),
    ("interested but my mum is having an op, could you ask me again in the spring",
     "invite_later"),
    ("Let me speak to my partner before I decide. I will let you know in due course.",
     "invite_later"),
    # Trust, even with someone else in it, and a practice named.
    ("my grandson reckons this might be spam, how do i know its you", "invite_trust"),
    ("is it really Oakfield Surgery texting me", "invite_trust"),
    # Someone else who wants to help.
    ("my english not good, but my brother speaks well, can he take part?",
     "invite_other_person"),
    ("My English is weak. The lady next door wants to help, can she do it?",
     "invite_other_person"),
])
def test_fifth_set_families_in_fresh_words(text, kind):
    assert read_reply(text).kind == kind, text


@pytest.mark.parametrize(("text", "name"), [
    ("This is Gwen Roberts.", "Gwen"),
    ("hello its barry from the allotments", "Barry"),
    ("put me down as Tariq", "Tariq"),
])
def test_full_lower_case_and_put_me_down_names(text, name):
    reply = read_reply(text)
    assert (reply.kind, reply.name) == ("invite_name", name), text


@pytest.mark.parametrize("text", ["hi its me from the walk", "im back from holiday"])
def test_words_after_its_that_are_not_names(text):
    assert read_reply(text).kind != "invite_name", text


async def test_a_goodbye_to_an_invitation_is_not_a_yes(harness):
    await invite(harness, [("Pat", "07700900001")])
    [(reply, _)] = await replies(harness, PAT, "ok thanks, bye for now")
    assert reply.startswith("You're welcome.") and "call you" not in reply
    assert await harness.store.fetchone(
        "SELECT 1 FROM champion_responses WHERE answer = 'yes'") is None


async def test_put_me_down_as_a_name_is_a_yes_with_that_name(harness):
    await invite(harness, [("Pat", "07700900001")])
    [(reply, _)] = await replies(harness, PAT, "you can put me down as Tariq Shah")
    assert reply.endswith("Is it OK to call you Tariq?")


async def test_a_question_after_yes_is_answered_and_the_question_asked_again(harness):
    await invite(harness, [("Pat", "07700900001")])
    await replies(harness, PAT, "yes please")
    await replies(harness, PAT, "yes")
    [(reply, _)] = await replies(harness, PAT, "what happens next?")
    assert "in the next couple of weeks" in reply
    assert reply.endswith(champion.ASK_INTERESTS_AGAIN)
    assert is_gsm(reply) and count_segments(reply).segments <= 3
    [(after, _)] = await replies(harness, PAT, "gardening and walks")
    assert after == champion.ASK_AVAILABILITY


async def test_thanks_after_passing_it_on_and_a_question_is_still_thanks(harness):
    await invite(harness, [("Pat", "07700900001")])
    await replies(harness, PAT, "my sister would be far better at this, shes very chatty")
    await replies(harness, PAT, "does she text this number?")
    [(thanks, _)] = await replies(harness, PAT, "brilliant thanks")
    assert thanks == said.OTHER_PERSON_THANKS
