"""Understanding (issue 14, items 1-4 and 6): transcripts on the real harness, one per kind.

Small talk with a few words more, media placeholders, follow-up questions answered from the
offer's fields (or "We're not sure, but {contact} can tell you"), medical and practice
questions, complaints, other languages (native script and Latin letters) and warm lines.
Every reply is plain GSM-7 within 3 SMS segments and none is a dead end.
"""

from __future__ import annotations

import pytest
from test_campaign_conversation import PAT, invite

from bot.gsm import count_segments, is_gsm
from flows.understanding import replies, understand
from flows.understanding.language import is_clearly_other_language, is_other_language

ASKER = "sms:+447700900321"
PHONE = "01632 960000"
DEAD_ENDS = ("couldn't find", "pass your request", "didn't quite catch", "didn't catch")


async def say(harness, text: str, sender: str = ASKER) -> str:
    """One message in, its one reply out, checked for the house rules."""
    [reply] = await harness.say(sender, text)
    assert is_gsm(reply) and count_segments(reply).segments <= 3, reply
    assert not any(d in reply for d in DEAD_ENDS), reply
    return reply


async def test_greetings_in_more_words_get_the_welcome(harness):
    for text in ("hello is anybody there", "helloo?? anyone", "hi i think u texted me earlier?",
                 "hi sorry pressed send by mistake", "is this a real person or a bot"):
        reply = await say(harness, text)
        assert reply.startswith("Hello! This is the Millbrook Health Centre text service"), text


async def test_thanks_with_a_few_words_more_closes_warmly(harness):
    await say(harness, "walking group")
    await say(harness, "1")
    for text in ("lovely thanks, i'll give them a ring tomorrow", "thank you, might try it",
                 "ta very much, bye for now", "ok ta v much"):
        assert await say(harness, text) == replies.THANKS_BYE
        await say(harness, "walking group")  # a fresh list to thank them for
    assert await harness.store.alerts.all_open() == []


async def test_a_thank_you_that_asks_for_something_is_a_search(harness):
    reply = await say(harness, "thanks. any knitting groups?")
    assert "Knit and Natter" in reply


@pytest.mark.parametrize("text", ["<Media omitted>", "[Voice message]", "[image]", "[Photo]",
                                  "[Sticker]"])
async def test_media_placeholders_get_the_gentle_prompt(harness, text):
    assert await say(harness, text) == replies.EMPTY


async def test_follow_ups_about_one_offer_answer_from_its_fields(harness):
    await say(harness, "walking group")
    details = await say(harness, "1")
    assert details.startswith("Millbrook Health Walk")
    transcript = {
        "wot time": "Millbrook Health Walk: Tuesdays 10-11am.",
        "is there a loo": "Millbrook Health Walk: There are toilets.",
        "can i bring my carer": "Millbrook Health Walk: Yes, carers are welcome.",
        "do i need a referral": "Millbrook Health Walk: No referral needed. Just turn up, no "
                                "need to book.",
        "does my GP have to refer me or can i just go": "Millbrook Health Walk: No referral "
                                                       "needed. Just turn up, no need to book.",
        "is it free?": "Millbrook Health Walk: It's free.",
    }
    for text, expected in transcript.items():
        assert await say(harness, text) == expected, text


async def test_what_the_yaml_cannot_answer_goes_to_the_organiser_never_a_search(harness):
    await say(harness, "walking group")
    await say(harness, "1")
    for text in ("what should i wear, do i need proper walking boots",
                 "how many people usually go", "can i stay with her the first time",
                 "does it go on the fields or roads, shes not good with traffic"):
        reply = await say(harness, text)
        assert reply == ("Millbrook Health Walk: We're not sure, but Sue can tell you: call "
                         "or text 07700 900101."), text


async def test_the_description_answers_can_i_keep_up(harness):
    await say(harness, "walking group")
    await say(harness, "1")
    reply = await say(harness, "im 80 and a bit slow on my feet is that ok")
    assert "easy pace" in reply


async def test_follow_ups_after_a_list_name_one_by_position_or_name_and_stay_with_it(harness):
    listing = await say(harness, "walking group")
    names = [line[3:] for line in listing.splitlines() if line[:3] in ("1. ", "2. ", "3. ")]
    second = await say(harness, "the 2nd one what day is it")
    assert second.startswith(names[1] + ": ")
    assert (await say(harness, "do u have to pay")).startswith(names[1] + ": ")
    # A question about every one listed answers each, even after focusing on one.
    each = await say(harness, "which ones are on a weekend")
    assert [line.split(":")[0] for line in each.splitlines()] == [
        f"{n}. {name}" for n, name in enumerate(names, start=1)]
    by_name = await say(harness, "the buggy one, how do i get there")
    assert by_name.startswith("Riverside Buggy Walk: ")


async def test_a_list_stays_askable_after_a_search_that_finds_nothing(harness):
    await say(harness, "baby groups")
    [nothing] = await harness.say(ASKER, "something small and quiet")
    assert "couldn't find" in nothing  # honest: nothing fits those words
    reply = await say(harness, "can i bring my older one too hes 4")
    assert ": " in reply and ("welcome" in reply or "can tell you" in reply)


async def test_a_day_alone_after_a_list_still_narrows_the_search(harness):
    await say(harness, "walking group")
    reply = await say(harness, "what about saturday?")
    assert "Saturday Strollers" in reply


@pytest.mark.parametrize("text", [
    "my son has a temp of 38.5 how much calpol can he have, hes 4",
    "can i take ibuprofen with my bp tablets",
    "forgot my amlodipine this morning should i take 2 tonight",
    "is it normal to still have a cough after 3 weeks",
])
async def test_medical_questions_never_get_advice(harness, text):
    reply = await say(harness, text)
    assert "pharmacist" in reply and "NHS 111" in reply and PHONE in reply


@pytest.mark.parametrize("text", [
    "whats the number for the surgery", "ive moved house, how do i change my address with you",
    "need a letter for my housing officer saying about my asthma", "need a sick note",
    "how do i order my repeats",
])
async def test_practice_business_gets_the_practice(harness, text):
    reply = await say(harness, text)
    assert reply.startswith("For appointments, prescriptions") and PHONE in reply


@pytest.mark.parametrize("text", [
    "cant get an appointment AGAIN, useless",
    "been on hold 55 mins this morning. 55 MINUTES. my mum is 89 she cant be doing this",
    "dr sent me away with nothing AGAIN, nobody at that surgery listens",
    "ive rung 20 times this morning and no one answers",
    "cant get an appointment for weeks but youve got time for walking groups??",
])
async def test_complaints_get_kindness_and_the_number_not_a_list(harness, text):
    reply = await say(harness, text)
    assert reply.startswith("I'm sorry it's been so frustrating") and PHONE in reply


async def test_feeling_rubbish_is_about_them_not_a_complaint(harness):
    reply = await say(harness, "been feeling rubbish for weeks, cant be bothered with anything")
    assert reply.splitlines()[0] == replies.WARM_LINES["low"]


@pytest.mark.parametrize("text", [
    "assalam o alaikum, mujhe apni ammi ke liye koi group chahiye",
    "sat sri akal ji, mere bapu ji layi koi group hai? oh angrezi nahi bolde",
    "ami english bujhi na, amake help korben", "salam ana bidi maw3ed m3a el doktor",
    "আমার ডাক্তার দেখানো দরকার", "Hola, busco un grupo para mi madre", "gracias",
])
async def test_other_languages_in_latin_letters_or_their_own_script(harness, text):
    assert await say(harness, text) == replies.OTHER_LANGUAGE.format(phone=PHONE)


async def test_another_language_mid_invitation_keeps_the_invitation(harness):
    await invite(harness, [("Pat", "07700900001")])
    reply = await say(harness, "yeh kya message hai? mujhe samajh nahi aaya", sender=PAT)
    assert reply == replies.OTHER_LANGUAGE.format(phone=PHONE)
    [yes] = await harness.say(PAT, "yes")
    assert "Pat" in yes  # the invitation still stands


@pytest.mark.parametrize("text", ["Priya", "Mohammed Iqbal", "mrs j thompson", "tai chi",
                                  "boccia club", "u3a"])
def test_names_and_activities_are_not_taken_for_another_language(text):
    assert not is_clearly_other_language(text)
    assert not is_other_language(text) or text == "Priya"


@pytest.mark.parametrize(("text", "line"), [
    ("i feel so alone", "lonely"),
    ("been really low since my husband passed in the summer", "grief"),
    ("i feel like im drowning looking after mum 24/7 and no one helps", "carer"),
    ("my kids have all moved away and the house is so quiet now", "lonely"),
])
async def test_feelings_get_a_warm_line_and_offers_even_when_their_words_find_nothing(
        harness, text, line):
    reply = await say(harness, text)
    assert reply.splitlines()[0] == replies.WARM_LINES[line]
    assert "1. " in reply and "referr" not in reply.lower()


@pytest.mark.parametrize(("text", "context", "kind"), [
    ("hello is anybody there", "none", "greeting"),
    ("ok ta v much", "shown_one", "thanks_bye"),
    ("[Voice message]", "none", "empty"),
    ("is it just girls", "shown_one", "followup"),
    ("the first one, what age is it for", "shown_several", "followup"),
    ("do any of those run at weekends? i work mon to fri", "shown_several", "followup"),
    ("what about saturday", "shown_several", "search"),
    ("can i book an appointment", "shown_one", "practice"),
    ("is my prescription ready", "shown_one", "practice"),
    ("food bank open saturday?", "none", "search"),
    ("how do i make a complaint", "none", "practice"),
    ("receptionist was so rude to me today", "none", "complaint"),
    ("anxious going out since covid", "none", "feeling"),
    ("feel invisible since my stroke, people dont talk to me the same", "none", "feeling"),
    ("any walking groups near me", "none", "search"),
    ("is there anything down the road for my dad", "none", "search"),
])
def test_kinds_table(text, context, kind):
    assert understand(text, context) == kind


def test_the_no_offers_feeling_reply_fits_with_the_longest_line_and_name():
    for line in replies.WARM_LINES.values():
        text = replies.FEELING_NO_OFFERS.format(line=line.rstrip(":") + ".", practice="X" * 40,
                                                phone=PHONE)
        assert is_gsm(text) and count_segments(text).segments <= 3


async def test_a_feeling_with_nothing_listed_still_gets_a_person_to_call(tmp_path):
    from bot.harness import Harness

    offers = tmp_path / "offers.yaml"
    offers.write_text("offers:\n  - id: chess\n    name: Chess Club\n"
                      "    categories: [company]\n    keywords: [chess]\n"
                      "    contact: {name: Al, phone: '01632 960999'}\n", encoding="utf-8")
    h = await Harness.start(tmp_path, directory=str(offers), directory__path=str(offers))
    try:
        reply = await say(h, "my husband passed away last month")
        assert reply.startswith("I'm so sorry for your loss.") and PHONE in reply
        assert "116 123" in reply
    finally:
        await h.close()


async def test_how_to_complain_gets_the_practice_manager(harness):
    reply = await say(harness, "how do i make a complaint")
    assert reply.startswith("To make a complaint") and PHONE in reply


async def test_a_question_about_something_not_shown_is_a_new_search(harness):
    await say(harness, "walking group")
    reply = await say(harness, "how much is the lunch club")
    assert reply.splitlines()[0].startswith("1. Friendship Lunch Club")
    await say(harness, "walking group")
    named = await say(harness, "can i bring my dog to the health walk")
    assert named == "Millbrook Health Walk: Yes, dogs are welcome."


async def test_what_else_after_a_list_shows_the_next_ones(harness):
    first = await say(harness, "walking group")
    more = await say(harness, "what else is there")
    assert more.startswith("1. ") and more.splitlines()[0] != first.splitlines()[0]


async def test_a_question_about_it_before_any_group_was_shown_asks_which_group(harness):
    for text in ("is it free", "what time does it start?", "where is it held"):
        assert await say(harness, text) == replies.WHICH_GROUP, text
    # ...and naming the group then answers as a search does.
    assert "Knit and Natter" in await say(harness, "the knitting one")
