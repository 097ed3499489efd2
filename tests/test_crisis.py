"""Crisis messages as people text them: every layer, help by kind, and the safety state."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import yaml

from bot.campaigns.csvimport import parse_text
from bot.campaigns.records import create_campaign, status_counts
from bot.campaigns.reminders import send_reminders
from bot.campaigns.sender import CampaignSender
from bot.campaigns.template import DEFAULT_INVITATION
from bot.gsm import count_segments, is_gsm
from bot.harness import Harness
from flows import crisis, crisis_concepts, crisis_topic, safety
from flows.crisis_text import load_bank

PAT = "sms:+447700900001"
SAM = "sms:+447700900002"
TG = "telegram:5551234"
HELP = crisis.urgent_help()


class Clock:
    """Tuesday 3 June 2025, 10:00 London: inside the sending window."""

    def __init__(self) -> None:
        self.now = datetime(2025, 6, 3, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


# ---- the reviewed file of numbers and texts ----

ALL_TEXTS = [(f"replies.{k}", t) for k, t in HELP.replies.items()] + [
    (f"follow_ups.{k}", t) for k, t in HELP.follow_ups.items()]


def test_every_kind_of_help_has_a_first_reply_a_follow_up_and_a_label():
    assert set(HELP.replies) == set(crisis.HELP_KINDS) == set(HELP.follow_ups)
    assert set(crisis.KIND_LABELS) == set(crisis.HELP_KINDS)
    assert set(crisis.KINDS) < set(crisis.HELP_KINDS)


@pytest.mark.parametrize(("where", "text"), ALL_TEXTS)
def test_every_crisis_text_is_gsm7_and_at_most_three_segments(where, text):
    assert is_gsm(text), where
    assert count_segments(text).segments <= 3, (where, count_segments(text))
    assert "{" not in text and "}" not in text, where


@pytest.mark.parametrize(("where", "text"), ALL_TEXTS)
def test_every_crisis_text_names_the_numbers_it_must(where, text):
    for name in HELP.must_name[where]:
        assert HELP.numbers[name] in text, (where, name)
    for name in HELP.must_not_name[where]:
        assert HELP.numbers[name] not in text, (where, name)


@pytest.mark.parametrize(("where", "text"), ALL_TEXTS)
def test_no_number_in_a_crisis_text_comes_from_anywhere_but_the_numbers_table(where, text):
    known = set(HELP.numbers.values())
    # Every phone-number-like run (3 digits or more, spaces inside) and the 55 of the
    # Silent Solution; "option 2" and "24 hours" are not numbers to call.
    for found in re.findall(r"\d{3}(?:[\d ]*\d)?|\b55\b", text):
        assert found.strip() in known, (where, found)


def test_the_numbers_are_the_ones_the_issue_gives():
    n = HELP.numbers
    assert (n["emergency"], n["nhs_111"], n["samaritans"], n["shout"]) == (
        "999", "111", "116 123", "85258")
    assert (n["domestic_abuse_helpline"], n["mens_advice_line"], n["rape_crisis"],
            n["silent_solution"]) == ("0808 2000 247", "0808 8010 327", "0808 500 2222", "55")
    assert (n["nspcc"], n["police_non_emergency"]) == ("0808 800 5000", "101")


def test_every_number_records_its_source():
    from importlib import resources
    data = yaml.safe_load(resources.files("flows").joinpath("urgent_help.yaml").read_text())
    assert data["reviewed"] and data["review_due"]
    for name, entry in data["numbers"].items():
        assert str(entry["source"]).startswith("https://"), name


# What issue 13 asks each first reply to say, written out here rather than read from
# urgent_help.yaml's own must_name lists, so emptying a list can't hide a missing number.
ISSUE_NUMBERS = {
    "suicide": ("999", "NHS 111", "option 2", "116 123", "SHOUT", "85258"),
    "self-harm": ("999", "NHS 111", "option 2", "116 123", "SHOUT", "85258"),
    "medical": ("999",),
    "domestic-abuse": ("999", "55", "0808 2000 247", "0808 8010 327"),
    "sexual-assault": ("999", "NHS 111", "sexual assault referral centre", "0808 500 2222"),
    "third-party": ("999", "NHS 111", "116 123", "for them or for you"),
}


@pytest.mark.parametrize("kind", crisis.KINDS)
def test_each_first_reply_says_what_the_issue_asks_for_that_kind(kind):
    text = crisis.first_reply(kind)
    for needed in ISSUE_NUMBERS[kind]:
        assert needed in text, (kind, needed)
    if kind == "medical":  # 999 first and only
        assert "116 123" not in text and "85258" not in text and "111" not in text


async def test_the_safety_state_lasts_as_long_as_the_setting_says(tmp_path):
    clock = Clock()
    h = await Harness.start(tmp_path, now=clock, safety__hold=timedelta(hours=2))
    try:
        await h.say(PAT, "i want to end it all")
        clock.now += timedelta(hours=1)
        assert await h.say(PAT, "any walking groups?") == [crisis.follow_up("suicide")]
        clock.now += timedelta(hours=1, minutes=1)
        [listing] = await h.say(PAT, "any walking groups?")
        assert "116 123" not in listing
    finally:
        await h.close()


def test_medical_help_is_999_first_and_not_samaritans():
    text = crisis.first_reply("medical")
    assert text.index("999") < 60 and "116 123" not in text and "SHOUT" not in text


# ---- detection: both layers ----

@pytest.mark.parametrize(("text", "kind"), [
    ("ive been saving up my tablets", "suicide"),
    ("i just want to go to sleep and not wake up", "suicide"),
    ("nobody would even notice if i was gone", "suicide"),
    ("thinking of ending it", "suicide"),
    ("i wish i could just die", "suicide"),
    ("im gonna top myself", "suicide"),
    ("got the pills lined up on the table", "suicide"),
    ("my daughter is threatening to kill herself", "third-party"),
    ("my son says he wants to die", "third-party"),
    ("baby is floppy and wont wake up", "medical"),
    ("i was raped last night", "sexual-assault"),
    ("my partner hit me again", "domestic-abuse"),
])
def test_the_messages_from_the_issue_are_caught_with_their_kind(text, kind):
    found = crisis.detect(text)
    assert found is not None and found.kind == kind, (text, found)


@pytest.mark.parametrize("text", [
    "my feet are killing me", "where can I take old tablets", "bridge club",
    "stroke survivors group", "support group for people bereaved by suicide",
    "any walking groups?", "nitting group thursday", "im lonely",
])
def test_hard_non_crises_are_not_caught(text):
    assert crisis.detect(text) is None, text


# Champions' and residents' one-word commands: alone, the net once heard "notice" as
# "nobody would notice if i was gone" and sent a champion urgent help mid-UPDATE.
@pytest.mark.parametrize("word", ["notice", "NOTICE", "message", "time", "place", "note",
                                  "full", "pause", "update", "cancel", "menu", "help"])
def test_one_command_word_is_never_a_crisis(word):
    assert crisis.detect(word) is None, word


@pytest.mark.parametrize(("text", "kind"), [("od", "medical"), ("OD", "medical"),
                                            ("overdose", "medical"), ("kms", "suicide"),
                                            ("sucidal", "suicide"), ("unalive", "suicide")])
def test_one_word_crises_are_still_caught_by_the_reviewed_layers(text, kind):
    found = crisis.detect(text)
    assert found is not None and found.kind == kind and found.layer != "classifier", text


@pytest.mark.parametrize("text", ["notice: the carers cafe is shut over christmas, back 6th jan",
                                  "message. can you add our new phone number", "ok. bye"])
def test_a_command_word_as_its_own_clause_is_not_a_crisis(text):
    assert crisis.detect(text) is None, text


def test_one_word_nearly_a_crisis_exemplar_by_itself_still_counts():
    found = crisis.detect("seizure")
    assert found is not None and found.kind == "medical"


@pytest.mark.parametrize(("text", "kind"), [
    ("goodbye. please tell my dad i loved him", "suicide"),
    ("first aid course for new grandparents, like choking and cpr", None),
    ("ill be gone by the time you read this, on the train to leeds, text me monday", None),
    ("our dog tried to kill us on the ice this morning haha, is the walk still on", None),
    ("after spin class i felt like i was going to die, any gentler classes", None),
    ("any group for carers of kids who self harm", None),
    ("ive been through domestic violence and come out the other side, any womens groups", None),
    ("if i have to sit through one more meeting ill hang myself lol", None),
    ("not going to be here at christmas this year, off on a cruise", None),
    ("this homework is gonna kill me, any quiet study groups", None),
    ("my nan is killing herself laughing at the panto", None),
    ("my grandad collapsed laughing at the quiz answers", None),
    ("two years ago i tried to kill myself but im doing much better now, can i help at the cafe", None),
    ("that film where she overdosed was so sad, any film clubs", None),
])
def test_round_four_farewells_first_aid_and_travel(text, kind):
    found = crisis.detect(text)
    assert (found.kind if found else None) == kind, text


# ---- the concept layer: warning signs that mean risk together (flows/crisis_concepts.py) ----

CONCEPT_CASES = [  # one or more per rule; none of these is in a bench set or the bank
    ("i cant keep myself safe right now", "suicide"),
    ("got coals in the bedroom and the window taped up", "suicide"),
    ("i wont be around to see the spring", "suicide"),
    ("ive got a rope in the loft and i keep thinking about using it", "suicide"),
    ("been thinking about jumping off the car park roof. just wanted someone to know", "suicide"),
    ("i have a stash of my sleeping tablets, i know how many i need", "suicide"),
    ("ive decided, im going to end things", "suicide"),
    ("my will is written and ive rehomed the cat. tomorrow is the day", "suicide"),
    ("how many of my diazepam would it take", "suicide"),
    ("since she died i just want to join her", "suicide"),
    ("i burn my arms with a lighter when it gets too much", "self-harm"),
    ("did some new cuts last night", "self-harm"),
    ("punching the wall til it bleeds makes me feel better", "self-harm"),
    ("found burns on her arms and she wont say how", "third-party"),
    ("my brother has been self harming and wont stop", "third-party"),
    ("my husbands fit has gone on for 6 minutes", "medical"),
    ("blood is spurting out of his leg", "medical"),
    ("her lips are swelling after she ate a peanut", "medical"),
    ("my son has a stiff neck and a temperature of 39", "medical"),
    ("he banged his head and now hes vomiting", "medical"),
    ("shes diabetic and wont wake up", "medical"),
    ("she swallowed a handful of my codeine", "medical"),
    ("he controls all the money and keeps tracking my phone", "domestic-abuse"),
    ("he didnt stop when i told him no", "sexual-assault"),
    ("thinkin bout takin all my tabs 2nite", "suicide"),  # txt-speak and dropped g's
    ("ive been stockpilling my tablets and im ready to go", "suicide"),  # typo repaired
    # Round 4: new concepts and rules, one case each (written for these tests).
    ("some days i just want to stop living", "suicide"),
    ("theres a hosepipe for the exhaust in the boot, not used it yet", "suicide"),
    ("gonnae jump aff the erskine bridge", "suicide"),
    ("i wont be here for christmas, sorry everyone", "suicide"),
    ("left a note on the table for whoever finds me", "suicide"),
    ("ive stopped my tablets so i can go to him sooner, since he passed", "suicide"),
    ("i cut again last night. please dont tell my mum", "self-harm"),
    ("the lines on my thighs are fresh, i hide them under leggings", "self-harm"),
    ("been holding a lighter tae ma arm", "self-harm"),
    ("i keep picking the scabs back open so they never heal", "self-harm"),
    ("my grans words are coming out funny and she cant smile on one side", "medical"),
    ("my uncle has been lying on the kitchen floor since last night", "medical"),
    ("my husband took his sleeping tablets with wine and i cant wake him", "medical"),
    ("hes knocking me about again and i cant leave", "domestic-abuse"),
    ("my drink got spiked at a party and i woke up somewhere i didnt know", "sexual-assault"),
    ("my aunts carer is rough with her and she has bruises on her arms", "third-party"),
    # Rounds 5 and 6.
    ("made all the arrangements and paid off my cards. feel so calm now", "suicide"),
    ("been stubbing cigarettes out on my feet again", "self-harm"),
    ("my uncle keeps his shotgun by the bed and says hes had enough", "third-party"),
    ("i cut myself to get through the night, every night", "self-harm"),
    # Round 7.
    ("my wife went for me with a knife again, no one believes a man", "domestic-abuse"),
    ("someone in my class sent a photo of a noose to the group chat", "third-party"),
]


@pytest.mark.parametrize(("text", "kind"), CONCEPT_CASES)
def test_warning_signs_that_meet_in_a_sentence_are_a_crisis(text, kind):
    found = crisis_concepts.find(text)
    assert found is not None and found.kind == kind, (text, found)


@pytest.mark.parametrize("text", [
    "i cut my hand by accident on a tin",  # an accident is not self-harm
    "i wont be around to collect it till next week, im on holiday",  # away, not a farewell
    "can i take all my tablets at once or spread them out",
    "where can i get rid of all my old tablets",
    "how long does it take for ibuprofen to work",
    "i had a seizure years ago and want to join a group",  # long past
    "thinking of joining the walking group",
    "goodbye for now, see you thursday",
    "my friends are joining the choir and im joining them soon",
    "knife skills class at the college",
    "my husband is diabetic, any groups for carers",
    "stiff neck from gardening, any pilates",
])
def test_one_sign_alone_or_a_sign_explained_away_is_not(text):
    assert crisis_concepts.find(text) is None, (text, crisis_concepts.find(text))
    assert crisis.detect(text) is None, (text, crisis.detect(text))


def test_a_veto_only_explains_its_own_sentence():
    # The accident is in one sentence; the self-harm in the next still counts.
    text = "cut my finger by accident on a tin. but i also cut my arms every night to cope"
    found = crisis_concepts.find(text)
    assert found is not None and found.kind == "self-harm"


def test_every_rule_and_veto_names_concepts_that_exist():
    names = set(crisis_concepts.CONCEPTS)
    for rule in crisis_concepts.RULES:
        assert rule.kind in crisis.KINDS and rule.why, rule
        assert set(rule.all_of) | set(rule.any_of) <= names, rule
    for veto, removes in crisis_concepts.VETOES.items():
        assert veto in names and set(removes) <= names, veto


def test_the_concept_layer_is_reported_as_its_own_layer():
    found = crisis.detect("i dont think i can keep myself safe tonight")
    assert found is not None and found.layer in ("patterns", "concepts")
    found = crisis.detect("got coals in the bedroom and the window taped up")
    assert found == crisis.Crisis("suicide", "concepts", "suicide")


def test_the_blind_sets_have_the_shape_the_issue_asks_for():
    from pathlib import Path
    data = Path(__file__).resolve().parent.parent / "bench" / "data"
    for name in ("crisis.yaml", "crisis_fresh.yaml", "crisis_third.yaml", "crisis_fourth.yaml"):
        items = yaml.safe_load((data / name).read_text("utf-8"))
        kinds = [item["kind"] for item in items]
        assert set(kinds) == {*crisis.KINDS, "none"}, name
    fourth = [item["kind"] for item in yaml.safe_load(
        (data / "crisis_fourth.yaml").read_text("utf-8"))]
    assert len(fourth) >= 300 and fourth.count("none") >= 150
    assert len(fourth) - fourth.count("none") >= 150


def test_the_bank_is_reviewed_yaml_with_every_kind():
    crisis_bank, safe = load_bank()
    assert set(crisis_bank) == set(crisis.KINDS)
    assert all(len(examples) >= 20 for examples in crisis_bank.values())
    assert len(safe) >= 100


# ---- the first reply, per kind, as transcripts ----

@pytest.mark.parametrize(("text", "kind"), [
    ("i want to kill myself", "suicide"),
    ("been cutting myself again", "self-harm"),
    ("my dad has collapsed and isnt breathing", "medical"),
    ("he said hell kill me if i leave", "domestic-abuse"),
    ("i was sexually assaulted at the weekend", "sexual-assault"),
    ("my friend texted goodbye and wont answer", "third-party"),
])
async def test_each_kind_gets_its_own_help_first_and_an_urgent_alert(harness, text, kind):
    [reply, *rest] = await harness.exchange(PAT, text)
    assert reply.text == crisis.first_reply(kind) and reply.kind == "urgent"
    assert rest == []  # no listing after the help
    [alert] = await harness.store.alerts.all_open()
    assert alert["kind"] == "crisis" and f"({kind}," in alert["detail"]
    assert alert["detail"].startswith("Urgent:") and text not in alert["detail"]


async def test_stop_with_a_crisis_gets_help_and_is_still_an_opt_out(harness):
    [reply] = await harness.say(PAT, "stop texting me i want to die")
    assert reply == crisis.first_reply("suicide")
    assert (await harness.store.contacts.find(PAT)).opted_out
    assert await harness.say(PAT, "any walking groups") == []


async def test_crisis_alert_goes_to_the_staff_telegram_chat_without_the_message(tmp_path):
    h = await Harness.start(tmp_path, staff__telegram_chat_id="-1001")
    try:
        sent = await h.exchange(PAT, "i cant go on, got the pills ready")
        staff = [m for m in sent if str(m.to) == "telegram:-1001"]
        assert len(staff) == 1 and staff[0].kind == "urgent"
        assert staff[0].text.startswith("URGENT") and "pills" not in staff[0].text
        assert "suicide" in staff[0].text
    finally:
        await h.close()


async def test_crisis_on_telegram_too(harness):
    [reply] = await harness.say(TG, "baby is floppy and wont wake up")
    assert reply == crisis.first_reply("medical")


# ---- the safety state ----

async def test_after_a_crisis_every_message_gets_support_not_listings(tmp_path):
    clock = Clock()
    h = await Harness.start(tmp_path, now=clock)
    try:
        await h.say(PAT, "thinking of ending it tbh")
        for text in ["im not going to do anything stupid just so tired of it all",
                     "any swimming groups?", "thanks", "leave me alone x", "1", "MORE"]:
            [reply] = await h.say(PAT, text)
            assert reply == crisis.follow_up("suicide"), text
        assert len(await h.store.alerts.all_open()) == 1  # follow-ups raise no new alert
        rows = await h.store.fetchall("SELECT * FROM unmet_needs")
        assert rows == []  # neither the crisis nor the follow-ups are unmet needs
        clock.now += timedelta(hours=25)  # the hold (safety.hold, 24h) has passed
        [listing] = await h.say(PAT, "any walking groups?")
        assert "walk" in listing.lower() and "116 123" not in listing
    finally:
        await h.close()


# ---- someone else harmed by another person: safeguarding help, not mental-health numbers ----

SOMEONE_ELSE_HARMED = [  # from the labelled sets, kind third-party
    "my neighbour told me her husband beats her, i can hear it through the wall",
    "the girl next door, she's 12, says her mum's boyfriend hurts her, what do i do",
    "my nan's carer is stealing from her and i think hitting her, she's got bruises she cant explain",
    "i think my 15 yr old is being groomed by an older man, he's buying her stuff",
    "my niece told me her stepdad touches her",
    "our neighbour's kids are always covered in bruises and you hear him screaming at them",
    "me nans lodger has been knocking her about, shes 86 and lives on her own",
]
AT_RISK_THEMSELVES = [  # third-party too, but the other person's own life is at risk
    "my son says he wants to die",
    "my daughter is cutting herself",
    "my friend texted goodbye and wont answer",
    "her boyfriend beats her and now shes saying she wants to die",
    "my son is hitting himself in the face and biting his arms til they bleed",
]


@pytest.mark.parametrize("text", SOMEONE_ELSE_HARMED)
def test_someone_else_harmed_by_another_person_gets_safeguarding_help(text):
    found = crisis.detect(text)
    assert found is not None and found.kind == "third-party", text
    assert found.help == crisis.SOMEONE_ELSE_HARMED, text
    reply = crisis.first_reply(found.help)
    assert "0808 800 5000" in reply and "101" in reply and "999" in reply
    assert "116 123" not in reply and "option 2" not in reply


@pytest.mark.parametrize("text", AT_RISK_THEMSELVES)
def test_someone_else_at_risk_of_their_own_life_gets_the_mental_health_help(text):
    found = crisis.detect(text)
    assert found is not None and found.kind == "third-party", text
    assert found.help == "third-party", text
    assert "116 123" in crisis.first_reply(found.help)


async def test_someone_else_harmed_transcript_alert_and_follow_up(harness):
    [reply] = await harness.say(PAT, "my neighbour's been hitting his wife, i can hear her screaming")
    assert reply == crisis.first_reply(crisis.SOMEONE_ELSE_HARMED)
    [alert] = await harness.store.alerts.all_open()
    assert "being harmed or abused by another person" in alert["detail"]
    assert "(third-party," in alert["detail"]
    [again] = await harness.say(PAT, "thanks, shes gone quiet now")
    assert again == crisis.follow_up(crisis.SOMEONE_ELSE_HARMED) and "0808 800 5000" in again
    assert len(await harness.store.alerts.all_open()) == 1


async def test_the_follow_up_matches_the_kind(harness):
    await harness.say(PAT, "my husband hit me and im scared to go home")
    [reply] = await harness.say(PAT, "its ok now hes gone out")
    assert reply == crisis.follow_up("domestic-abuse") and "0808 2000 247" in reply


async def test_a_new_crisis_in_the_safety_state_gets_the_full_help_again(harness):
    await harness.say(PAT, "i feel sucidal")
    [reply] = await harness.say(PAT, "i took 40 paracetamol")
    assert reply == crisis.first_reply("medical")
    assert len(await harness.store.alerts.all_open()) == 2


async def test_stop_and_forget_me_still_work_in_the_safety_state(harness):
    await harness.say(PAT, "i want to end it all")
    [text] = await harness.say(PAT, "STOP")
    assert "START" in text
    assert await harness.say(PAT, "hello?") == []
    await harness.say(SAM, "i want to end it all")
    [text] = await harness.say(SAM, "FORGET ME")
    assert "deleted" in text
    assert await harness.store.contacts.find(SAM) is None


async def test_safety_state_survives_a_restart(harness):
    await harness.say(PAT, "i want to die")
    await harness.restart()
    [reply] = await harness.say(PAT, "walking group")
    assert reply == crisis.follow_up("suicide")


async def test_no_invitation_goes_to_someone_in_the_safety_state(tmp_path):
    clock = Clock()
    h = await Harness.start(tmp_path, now=clock)
    try:
        await h.say(PAT, "im gonna top myself")
        text = "Forename,Mobile\nPat,07700900001\nSam,07700900002\n"
        created = await create_campaign(h.store, "spring", parse_text(text),
                                        DEFAULT_INVITATION, "list.csv", clock.now)
        sender = CampaignSender(h.store, h.config, created.campaign, {"sms": h.channels["sms"]},
                                rate=1000, ignore_window=True, now=clock)
        await sender.run()
        sent = await h.deliver()
        assert [str(m.to) for m in sent] == [SAM]
        counts = await status_counts(h.store, created.campaign)
        assert counts["skipped"] == 1
    finally:
        await h.close()


async def test_no_reminder_goes_to_someone_in_the_safety_state(tmp_path):
    clock = Clock()
    h = await Harness.start(tmp_path, now=clock)
    try:
        created = await create_campaign(h.store, "spring", parse_text(
            "Forename,Mobile\nPat,07700900001\n"), DEFAULT_INVITATION, "list.csv", clock.now)
        await CampaignSender(h.store, h.config, created.campaign, {"sms": h.channels["sms"]},
                             rate=1000, ignore_window=True, now=clock).run()
        await h.deliver()
        await h.say(PAT, "yes")
        await h.say(PAT, "yes")  # halfway through the questions
        contact = await h.store.contacts.find(PAT)
        # A crisis on another channel (or a staff decision) puts them in the safety state
        # while the questions are still open.
        await h.store.contacts.set_safety_state(contact.id, "suicide",
                                                clock.now + timedelta(days=3))
        clock.now += timedelta(days=2)  # a reminder would be due now, inside the window
        assert await send_reminders(h.store, h.config, clock.now) == (0, 0)
        assert await h.deliver() == []
        await h.store.contacts.clear_safety_state(contact.id)
        assert await send_reminders(h.store, h.config, clock.now) == (1, 0)
    finally:
        await h.close()


async def test_the_crisis_ends_an_invitation_conversation(tmp_path):
    clock = Clock()
    h = await Harness.start(tmp_path, now=clock)
    try:
        created = await create_campaign(h.store, "spring", parse_text(
            "Forename,Mobile\nPat,07700900001\n"), DEFAULT_INVITATION, "list.csv", clock.now)
        await CampaignSender(h.store, h.config, created.campaign, {"sms": h.channels["sms"]},
                             rate=1000, ignore_window=True, now=clock).run()
        await h.deliver()
        await h.say(PAT, "yes")
        [urgent] = await h.say(PAT, "actually i want to die")
        assert urgent == crisis.first_reply("suicide")
        [reply] = await h.say(PAT, "yes")
        assert reply == crisis.follow_up("suicide")
    finally:
        await h.close()


def test_the_classifier_is_the_third_layer_and_catches_what_the_rules_miss():
    # Reviewed layers miss this wording; the classifier, trained on the labelled sets, does not.
    text = "i really cant see me being here next year, ive had enough of all of it"
    assert safety.crisis_kind(text) is None and crisis_concepts.concept_kind(text) is None
    found = crisis.detect(text)
    assert found is not None and found.layer == "classifier" and found.kind == "suicide"
    assert crisis.detect("any walking groups") is None


# ---- round 2 (issue 13): each new pattern, concept rule and idiom, in wordings that are in no
# bench set and not in the bank ----

ROUND2_PATTERNS = [  # flows/safety.py: the reviewed patterns
    ("thinking i might gas myself in the car", "suicide"),
    ("gonna neck meself after the match", "suicide"),
    ("i will finish my own life this week", "suicide"),
    ("want to jump from the top of that old viaduct", "suicide"),
    ("one flick of the steering wheel on the a55 and its over", "suicide"),
    ("couldnt go through with it on sunday, ill try again tomorrow", "suicide"),
    ("if i died tonight they would be happier", "suicide"),
    ("sick of being alive", "suicide"),
    ("stopped taking my insulin so it kills me", "suicide"),
    ("i hope this illness takes me soon", "suicide"),
    ("looking for the highest building in town", "suicide"),
    ("been saving up my zopiclone", "suicide"),
    ("i want to kil mysef", "suicide"),
    ("broke a pencil sharpener to get the blade out", "self-harm"),
    ("i make myself bleed when i am angry", "self-harm"),
    ("cutting relapse after half a year", "self-harm"),
    ("shes banging the front door down, im scared", "domestic-abuse"),
    ("i told my mum i tripped but it was him", "domestic-abuse"),
    ("split lip off my other half", "domestic-abuse"),
    # Round 3: someone else at risk gets the third-party reply.
    ("my auntie's husband batters her", "third-party"),
    ("when hes drunk i get knocked about", "domestic-abuse"),
    ("my fella can be really violent", "domestic-abuse"),
    # Someone else's abuse outside the home is third-party, as every labelled set has it (since
    # round 18 the kind is settled by flows/crisis_kind.py); the help is the safeguarding one.
    ("my cousin is getting beaten by her boyfriend", "third-party"),
    # Round 3: someone else at risk gets the third-party reply.
    ("we can hear him screaming next door, his dad is hitting his kids", "third-party"),
    ("got raipd by my ex", "sexual-assault"),
    ("he pressured me to do sexual things in his car", "sexual-assault"),
    ("his hand went up my skirt at the bar", "sexual-assault"),
    ("a man grabbed me between my legs", "sexual-assault"),
    ("feels like theres a vice on my chest", "medical"),
    ("pain in his chest spreading to his jaw", "medical"),
    ("toddler swallowed some slug pellets", "medical"),
    ("grandad clutching his throat, a grape stuck, cant speak", "medical"),
    ("she fell into the canal and shes lifeless", "medical"),
    ("28 weeks pregnant and pouring with blood", "medical"),
    ("he came off his bike, hit by a van and hes not moving", "medical"),
    ("she took some mdma and now shes fitting", "medical"),
    ("my brother keeps talking about jumping off the cliff", "third-party"),
    ("my son shut himself in his room with a knife", "third-party"),
    ("my mum sent me a text, i love you and im sorry", "third-party"),
    ("got a voicemail saying sorry from my dad and his phone is off", "third-party"),
]


@pytest.mark.parametrize(("text", "kind"), ROUND2_PATTERNS)
def test_round2_patterns_catch_their_kind(text, kind):
    found = crisis.detect(text)
    assert found is not None and found.kind == kind, (text, found)



ROUND3_PATTERNS = [  # flows/safety.py round 3 (sixth set reviewed); new wordings, not the set's
    ("my brother sent me a goodbye message last night and hes not replying", "third-party"),
    ("my girlfriend said sorry for everything and now her phone is dead", "third-party"),
    ("my uncle says everyone would be better off if he was gone", "third-party"),
    ("my son has been giving all his games away to his mates", "third-party"),
    ("a man is up on the bridge railings and wont come back over", "third-party"),
    ("my cousin told me hes gonna jump tonight", "third-party"),
    ("my grans carer has been rough with her, she flinches now", "third-party"),
    ("grandad has bruises he cant explain since the new carers", "third-party"),
    ("my neighbour upstairs, i think her boyfriend is punching her, theres thuds every night",
     "third-party"),
    ("my 14 year old might be getting groomed online", "third-party"),
    ("my mam has alzheimers and shes wandered off, its snowing", "third-party"),
    ("old man across the road hasnt been seen for 2 days and his blinds are still closed",
     "third-party"),
    ("my sons girlfriend self harms and shes locked herself in and is not answering",
     "third-party"),
    ("my mates dad beats him and hes scared to go home", "third-party"),
    ("i need to hide the scars on my legs before swimming", "self-harm"),
    ("i get the urge to hurt myself when i'm anxious", "self-harm"),
    ("i burn myself with a lighter on purpose", "self-harm"),
    ("the scars on my thighs, i cant explain how i got them to the nurse", "self-harm"),
    ("put a cigarette out on my wrist last night", "self-harm"),
    ("his lips have gone a bit blue on the edges, blue around his mouth too", "medical"),
    ("my brother had a fit an hour ago and hes still not come round", "medical"),
    ("my toddler is burning up and so hard to wake", "medical"),
    ("my son has drunk half a bottle of cough medicine", "medical"),
    ("i cant see my gp while shes home, shes not safe", "domestic-abuse"),
    ("whenever he gets drunk we end up hurt", "domestic-abuse"),
    ("want to get away from my husband but hes getting worse and i have nowhere to go",
     "domestic-abuse"),
    ("he says if i leave hes going to take the kids", "domestic-abuse"),
    ("what happened at the party was not consensual", "sexual-assault"),
    ("my mums boyfriend sneaks into my bedroom when shes at work", "sexual-assault"),
    ("my boyfriend doesnt stop when i say no, does it count as rape", "sexual-assault"),
    ("a man dragged me into the bushes on the way home", "sexual-assault"),
    ("the care worker touches me where i dont want", "sexual-assault"),
]


@pytest.mark.parametrize(("text", "kind"), ROUND3_PATTERNS)
def test_round3_patterns_catch_their_kind(text, kind):
    assert safety.crisis_kind(text) == kind, text


@pytest.mark.parametrize("text", [  # near neighbours of the round 3 patterns: not crises
    "is there dog grooming near the community centre",
    "my nans carer is lovely, can they both come to the lunch club",
    "hes not safe to drive anymore, is there a community bus for my dad",
    "hell take the baby to the stay and play on tuesday",
    "giving away my old books, does the library want them",
    "the curtains are shut at the hall, is the group still on",
    "is there a walking group for people with dementia",
    "the carer pushed her wheelchair round the garden centre",
    "my blinds are shut for the heat, not answered the door to the meter man",
    "im not coming down to the coffee morning this week",
    "hes not safe with a drill lol, can a champion help put shelves up",
])
def test_round3_near_neighbours_are_not_crises(text):
    assert crisis.detect(text) is None, text

ROUND2_CONCEPTS = [  # flows/crisis_concepts.py: one per new concept rule or concept
    ("my wife is gone and its time i joined her", "suicide"),
    ("i need to be with my dad again, its been too long since he passed", "suicide"),
    ("the life insurance will pay out now, its been long enough", "suicide"),
    ("im going to take myself off to the woods and not come back", "suicide"),
    ("ive got enough tablets now, all of them tonight", "suicide"),
    ("theres a rope in the garage and i keep staring at the rafters", "suicide"),
    ("turned the gas on and sealed the windows", "suicide"),
    ("dinnae want tae be alive anymare", "suicide"),
    ("my legs are covered in scars, i hide them", "self-harm"),
    ("i want to cut tonight", "self-harm"),
    ("self harming again", "self-harm"),
    ("slicing at my arm with scissors again", "self-harm"),
    ("cut my stomach with a blade", "self-harm"),
    ("he kissed me and held me down", "sexual-assault"),
    ("he had sex with me when i said no", "sexual-assault"),
    ("someone attacked me walking home, need a pregnancy test", "sexual-assault"),
]


@pytest.mark.parametrize(("text", "kind"), ROUND2_CONCEPTS)
def test_round2_concept_rules_catch_their_kind(text, kind):
    found = crisis_concepts.find(text)
    assert found is not None and found.kind == kind, (text, found)


ROUND2_NOT_CRISES = [  # idioms and vetoes added in round 2: none of these is a crisis
    "i would murder a bacon sandwich",
    "im going to throttle my brother if he borrows my car again lol",
    "couldnt breathe from laughing at the panto",
    "overdosed on mince pies, any slimming world near me",
    "posters about self harm for the youth club wall",
    "is the mental health awareness walk on sunday",
    "lost my mum to cancer, any bereavement groups",
    "cant cope with the roadworks outside, who do i ring",
    "id love to disappear on a cruise for a fortnight",
    "fed up of the rain, any indoor activities",
    "cant see the point in going to the gym alone",
    "dont want to be a burden on my son, any community transport",
    "want to hibernate until spring lol",
    "nobody would notice if i didnt turn up to choir",
    "my sister got out of an abusive marriage and wants to volunteer",
    "i got over self harm years ago and want to mentor others",
    "is there a first aid session on seizures for parents",
    "in the film he killed himself, so sad",
    "my auntie was assaulted years ago and wants a support group",
    "had enough of being indoors, any walks",
    "my daughter wants to try the swimming club",
    "the move is going to finish me off, any removal help",
    "gonna cut my fringe tonight",
    "where do i take old razor blades",
    "is the cliff path open, any guided walks",
]


@pytest.mark.parametrize("text", ROUND2_NOT_CRISES)
def test_round2_idioms_and_vetoes_are_not_crises(text):
    assert crisis.detect(text) is None, (text, crisis.detect(text))


# ---- round 8 (after the eleventh set's held-out figure): fresh cases written for these
# tests, in words the set does not use ----

ROUND_8_CRISES = [
    ("think im going to check out of this life soon, cant do it anymore", "suicide"),
    ("bought more co codamol today to put with the others in my drawer", "suicide"),
    ("i have decided to end things on sunday when the house is empty", "suicide"),
    ("years ago i tried to kill myself and now its all coming back, i want to do it again",
     "suicide"),
    ("got my razor blades back out, it always makes me feel calmer after", "self-harm"),
    ("my son is wheezing, cant catch his breath and his blue inhaler isnt doing anything",
     "medical"),
    ("mum can only say a couple of words at a time, shes struggling to breathe", "medical"),
    ("my dog knocked my nan over and she hit her head, shes being sick and confused", "medical"),
    ("the little ones upstairs are left on their own all night every weekend", "third-party"),
]
ROUND_8_NOT_CRISES = [
    "i attempted suicide when i was 19 but im in a good place now and doing well, can i help",
    "wont be around next week, off to lanzarote with the girls, can someone cover the knit group",
    "im moving to portugal in march so goodbye everyone and thanks for having me at the choir",
    "im going to kill my sister she borrowed my straighteners and broke them",
    "watched a documentary about a man who took his own life, really moving, any talks on it",
    "my rabbit is limping and not eating, any vets open on a saturday",
    "fell off my bike this morning, grazed knee, im fine really, just a bump",
    "that zombie film was grim, blood everywhere lol",
]



def test_a_goodbye_before_a_move_is_not_a_veto_when_the_move_is_denied():
    text = "i dont see myself being here at christmas. not moving away. just not here"
    assert crisis.detect(text) is not None


# ---- round 9 (after the twelfth set's held-out figure): fresh cases written for these
# tests ----

ROUND_9_CRISES = [
    ("stood by the railway line behind the estate, next train is due in ten mins", "suicide"),
    ("ive been planning my way out for weeks now, its all sorted", "suicide"),
    ("got the dog lead and found a tree strong enough in the park, sitting here now", "suicide"),
    ("keep pulling my hair out on purpose, theres a bald patch at the back now", "self-harm"),
    ("i bang my head against the wall to stop the thoughts", "self-harm"),
    ("been cutting my thighs again where no one can see", "self-harm"),
    ("the twins next door are left home alone every night till gone midnight", "third-party"),
]
ROUND_9_NOT_CRISES = [
    "if i have to sit through one more of his karaoke nights i swear ill jump out the window",
    "can i top myself up on the vitamin d while im in for my bloods",
    "my guy in fortnite just got shot and died again lol, anyway whens the youth club",
    "the plot of that drama with the girl harming herself was so well done",
    "i was suicidal in my twenties but im doing really well now and would love to be a champion",
    "my ex beat me years ago but ive moved on and im doing great, just changing my surname",
    "our team is doing a course on spotting suicide warning signs, is there a local trainer",
    "this is goodbye from us, were emigrating to canada in may, thank you for everything",
    "running a first aid talk at the scouts covering bleeding and burns and choking",
    "i was so mortified i could die when i fell over at the choir",
]



def test_children_left_alone_get_safeguarding_help():
    found = crisis.detect("the twins next door are left home alone every night till gone midnight")
    assert found is not None and found.help == crisis.SOMEONE_ELSE_HARMED


# ---- round 10 (after the thirteenth set's held-out figure): fresh cases ----

ROUND_10_CRISES = [
    ("i dont intend to be here after the weekend, sorted my funeral songs already", "suicide"),
    ("my husbands sugar is down to 2.4 and hes sweating and slurring his words", "medical"),
    ("scalded my hand with the kettle and the skin is coming off, its bigger than my hand",
     "medical"),
    ("the kiddos over the road get left on their own overnight loads", "third-party"),
]
ROUND_10_NOT_CRISES = [
    "its my last day at the surgery, goodbye everyone, off to pastures new",
    "had chest pains 2 years ago but it turned out to be reflux, all fine",
    "my mum will kill me if i forget her birthday again lol",
    "our training session covers bleeding and choking, any volunteers",
    "the memoir we are reading is about a young man after a suicide attempt",
]



# ---- round 11 (after the fourteenth set's held-out figure): fresh cases ----

ROUND_11_CRISES = [
    ("been looking up the highest bridges round here, know which one now", "suicide"),
    ("stood on the edge of the quarry last night and almost let go, thinking of going back",
     "suicide"),
    ("i burn myself to cope when it gets too much, nobody knows", "self-harm"),
    ("my dad is throwing up blood and looks grey", "medical"),
    ("baby has had no wet nappies all day and wont feed, soft spot looks sunken", "medical"),
    ("stepmum makes me stand outside in the cold for hours when im bad", "domestic-abuse"),
]
ROUND_11_NOT_CRISES = [
    "the leaflet says these tablets may cause suicidal thoughts in some people, is that common",
    "my daughter had a lesson about suicide prevention at school today",
    "im not planning to hurt myself or anything, just want to talk to someone about stress",
    "been on the new meds a month, no more dark thoughts, thank you",
    "the kids were playing doctors and pretended teddy had been shot",
    "my husband cut himself shaving and made a right fuss",
    "my 2 year old bangs her head on the wall in a tantrum, is that normal",
]


# ---- round 12 (after the fifteenth set's held-out figure): fresh cases ----

ROUND_12_CRISES = [
    ("sat on the platform bench waiting for the express, it doesnt stop here. sorry mum",
     "suicide"),
    ("heading up to the moors tonight with my tablets and a bottle of vodka, tell them im sorry",
     "suicide"),
]
ROUND_12_NOT_CRISES = [
    "need to stock up on my insulin before the trip to spain, 6 weeks away",
    "can i get laser removal for the old scars on my wrists, theyre from years ago",
    "the puppy scratched my hands while playing, the marks are itchy",
    "our class presentation about suicide awareness is next week, any posters",
    "cant breathe through my nose since the cold, any spray",
    "thinking of ending it with my broadband provider, awful service",
    "my wife pushed me to finally see someone about my snoring",
]


# ---- round 13 (after the sixteenth set's held-out figure): fresh cases ----

ROUND_13_CRISES = [
    ("my husband cracked my ribs on saturday and i told the nurse i fell down the stairs",
     "domestic-abuse"),
]
ROUND_13_NOT_CRISES = [
    "overdosed on all the quality street again, any slimming groups",
    "the old scars on my legs go itchy in winter, any cream",
    "my dad has dementia but has never hurt himself or anyone",
    "got a knife crime awareness talk at scouts tonight",
    "feeling flat lately but no dark thoughts, can i see someone",
    "really shot myself in the foot missing that appointment",
    "i went down like a sack of potatoes on the ice, im fine, bruised pride",
    "i would like to fill in a do not resuscitate form with my gp, im 91",
]


# ---- round 14 (after the seventeenth set's held-out figure): fresh cases ----

ROUND_14_CRISES = [
    ("my waters just broke and i can feel the cord, 30 weeks, on my own", "medical"),
    ("my daughter just gave birth in the bathroom and the baby is floppy and blue", "medical"),
    ("me da is hitting me mam again downstairs, im scared", "domestic-abuse"),
    ("i think i was drugged at the party and someone had sex with me, i dont remember",
     "sexual-assault"),
]
ROUND_14_NOT_CRISES = [
    "no thoughts of hurting myself, just low, can i get counselling",
    "my son is struggling but hes not harming himself, can we see someone",
    "im in recovery from self harm 5 years, want to donate blood",
    "my dad had an overdose 20 years ago and is doing great now",
    "i volunteer on a domestic abuse helpline, need a flu jab",
    "need a letter for my shotgun licence renewal",
    "got my drink spiked at a wedding but my friends looked after me, feel rough",
    "had chest pains on and off for years, its reflux, can i get more gaviscon",
]


# ---- round 15 (after the eighteenth set's held-out figure): fresh cases ----

ROUND_15_CRISES = [
    ("nah dont worry about the appointment, wont matter after friday", "suicide"),
    ("paid off all my cards and gave away my records, i know what im doing tomorrow", "suicide"),
    ("the cuts on my thigh from where i cut last week are weeping, can the nurse look",
     "self-harm"),
    ("i hit my head against the wall during my meltdowns, its happening every day now",
     "self-harm"),
    ("i deliberately burnt my hand on the hob, it helps", "self-harm"),
    ("hot fat went over my son, his whole arm is blistered", "medical"),
    ("my boyfriend grabbed my neck when i tried to leave", "domestic-abuse"),
    ("shes the reason for the bruises on my back", "domestic-abuse"),
    ("an old teacher interfered with me when i was 10", "sexual-assault"),
    ("the kids next door are left on their own all day while she works, theyre 3 and 5",
     "third-party"),
]
ROUND_15_NOT_CRISES = [
    "need my dressing changed after my mole removal",
    "i broke my toe on the bed frame, ouch",
    "the wasp sting is a bit swollen but i can breathe fine",
]


# ---- round 16 (after the nineteenth set's held-out figure): fresh cases ----

ROUND_16_CRISES = [
    ("my husband fell off the ladder and his ankle is pointing the wrong way", "medical"),
    ("im 36 weeks and the baby has stopped moving since last night", "medical"),
    ("he told me ill have an accident if i tell the nurse", "domestic-abuse"),
    ("the little boy i childmind has bruises on his arms and cowers when his mum shouts",
     "third-party"),
]
ROUND_16_NOT_CRISES = [
    "my manager says ill be dead meat if im late again lol",
    "2 years sober next week, can i get my liver checked",
    "thanks for getting me through my dark patch last winter, all good now",
    "does self harm scarring stop me getting a tattoo",
    "nicked my chin shaving, the shaving cut wont stop oozing a bit, normal?",
]


# ---- round 17 (after the twentieth and twenty-first sets' held-out figures): fresh cases ----

ROUND_17_CRISES = [
    ("no point chasing the counsellor, ill be long gone by the time the referral comes through",
     "suicide"),
    ("they say a place is free in march, ill be gone before my turn comes", "suicide"),
    ("dont chase the nurse, ill be gone before they ring", "suicide"),
    ("the voices are saying to walk into the sea", "suicide"),
    ("sat by the canal with rocks in my pockets", "suicide"),
    ("ive figured out how, just lacking the guts", "suicide"),
    ("figured out how and when, nobody will miss me", "suicide"),
    ("i punch my own legs when the voices start", "self-harm"),
    ("my grandson moved back in and shoves my husband when im out at bingo", "domestic-abuse"),
    ("my wife scratched me down my face again last night, i told work it was the cat",
     "domestic-abuse"),
    ("a lad at the club squeezed my boobs from behind and laughed", "sexual-assault"),
]
ROUND_17_NOT_CRISES = [
    "going to hang myself up a new wall planner for all these hospital visits",
    "i drown myself in coffee during exam season, is that bad for my heart",
    "my partner says im a danger to myself with a hammer after i dropped it on my toe lol",
    "the practice manager is going to kill me if i forget the rota again",
    "my boyfriend got a black eye at boxing training, should it be looked at",
    "a kettle of boiling water tipped over but missed me mostly, just a small red mark",
    "is my quetiapine ready to collect yet",
    "please cancel my review, ill be gone before then, moving to york",
    "ive worked out how and when to take my new inhaler",
    # A crisis word as a topic: the patterns alone don't decide (flows/crisis_topic.py).
    "doing a research project into self harm among students, could a gp be interviewed",
    "a blog post said men are more likely to die by suicide, is there a mens health check",
    "our charity is running a campaign on domestic abuse, can we leave posters in reception",
]


# ---- round 18 (after the twenty-second and twenty-third sets' held-out figures): fresh cases ----

ROUND_18_CRISES = [
    ("three days after my chemo infusion, shivering and feverish, is it ok to wait till monday",
     "medical"),
    ("im on immunotherapy for melanoma and my temperature is 38.7, feel rough", "medical"),
    ("jabbed the emerade into my thigh after the prawns but my tongue is still swelling",
     "medical"),
    ("had to use the adrenaline pen on my son for his nut allergy and hes getting worse", "medical"),
    ("the rope is knotted onto the rafters and the house is empty", "suicide"),
    ("ive drifted back to the old routine, cutting, most weekends", "self-harm"),
    # The kind: a denied wish to die is not suicide; someone else's rope is theirs.
    ("i hit my head against the wall until it bruises, i dont want to die im just so angry",
     "self-harm"),
    ("i scald my arms in the shower on purpose, not trying to end my life, it just helps",
     "self-harm"),
    ("my brother tied a rope to the beam in his flat and wont open the door", "third-party"),
]
ROUND_18_NOT_CRISES = [
    "slight wheeze but without chest pain, can i get my inhaler reviewed",
    "tight chest with a chest infection for a week, can the nurse listen to it",
    "the suicidal feelings i used to have have eased a lot, can we review my mirtazapine",
    "dad is convinced the neighbours are stealing from him, they arent, his wallet was in his coat",
    "i volunteer with a domestic abuse support line, do i need a dbs letter from you",
    "mum with alzheimers is missing her tablets most mornings, could the pharmacy do a blister pack",
    # Near neighbours of the new patterns (no crisis before the change either).
    "rope burns on my palms from abseiling at the weekend, what cream",
    "chemo went fine, no fever at all, when is my next scan",
]


# ---- round 19 (after the twenty-fourth and twenty-fifth sets' held-out figures): fresh cases ----

ROUND_19_CRISES = [
    # Condition-specific emergencies from the NHS 999 / A&E lists.
    ("mums pulse is only 34 on the machine and she nearly fainted getting up", "medical"),
    ("i have a pacemaker and keep nearly blacking out on the stairs, pulse feels really slow",
     "medical"),
    ("came off the vodka on saturday, today the walls are moving and im seeing faces in the curtains",
     "medical"),
    ("stopped my diazepam all at once last week and ive just had a seizure in the kitchen",
     "medical"),
    ("havent had a drink for two days and im shaking uncontrollably and hearing voices", "medical"),
    ("pregnancy test was positive on sunday, now pain at the tip of my shoulder and feel dizzy",
     "medical"),
    ("tested positive for pregnancy 5 weeks ago, sharp pain on my right side and im light headed",
     "medical"),
    ("type 1 here, my sugar has said HI all evening, ive been vomiting and cant stay awake",
     "medical"),
    ("sickle cell crisis in my legs and chest, the oramorph is doing nothing", "medical"),
    ("28 weeks pregnant, seeing flashing lights and my headache is awful", "medical"),
    ("my partner has just had his first ever seizure on the sofa", "medical"),
    ("my mum had a fit just now, she has never had one before", "medical"),
    # Cutting told as a joke; marks on the neck from being grabbed or held.
    ("arms look like a bar code these days haha, did a few more lines tonight", "self-harm"),
    ("finger marks round my throat from where he grabbed me, happened again last night",
     "domestic-abuse"),
    ("bruising on my neck after she held me by it up against the fridge", "domestic-abuse"),
]
# The condition-specific ones are reviewed patterns now, not left to the classifier alone.
ROUND_19_PATTERN_CRISES = ROUND_19_CRISES[:12]
ROUND_19_NOT_CRISES = [
    "if i dont collect dads tablets hell kill me, are they ready",
    "was at a&e on friday with chest pains, they said its muscular, do i need a follow up",
    "had an asthma attack on tuesday, settled with the inhaler, fine now, can i book a review",
    "stiff neck from the gym, no temperature, can i see the physio",
    # Near neighbours of the new patterns (no crisis before the change either).
    "my pulse is 40 when i sleep, the watch says, i run marathons, is that fine",
    "pacemaker check last month went well, no more dizzy spells since it was fitted",
    "stopped drinking 3 years ago, proud of myself, can i come off my thiamine",
    "positive pregnancy test this morning, how do i book in with the midwife",
    "my sugars were 21 after my birthday cake, no other symptoms, should i book a review",
    "we are doing a sickle cell awareness stall, could we leave leaflets at reception",
    "my son had his first seizure review letter, can you tell me the date",
    "got a barcode tattoo on my wrist, can i still give blood",
    "love bite on my neck, so embarrassing, is there a cream",
    "my nan will kill me if i forget her prescription again, can you put it through",
    "if i hear that hold music once more i will shoot myself haha, can i book bloods",
    "typed overdose sorry meant overdue, autocorrect, my repeat is overdue",
]


@pytest.mark.parametrize(("text", "kind"), ROUND_19_PATTERN_CRISES)
def test_round_19_condition_emergencies_are_reviewed_patterns(text, kind):
    assert safety.crisis_kind(text) == kind, text


# ---- round 20 (after the twenty-seventh set's held-out figure): fresh cases ----

ROUND_20_CRISES = [
    # A ligature got ready, with or without a joke round it.
    ("left the dressing gown cord ready by the banister, sorry to be a pain", "suicide"),
    ("haha the waiting list is a joke, anyway ive got my belt ready for later", "suicide"),
    ("the cord is ready, thought someone should know", "suicide"),
    # A bare goodbye with thanks for trying.
    ("thank you for trying with me. goodbye", "suicide"),
    ("you tried your best with me doc. goodbye", "suicide"),
    # A past attempt, and the wish still there.
    ("since my attempt in march i still think about doing it most days", "suicide"),
    ("discharged after my attempt, they said gp follow up, but i still want to go", "suicide"),
    # People in care hurt by the people paid to care for them.
    ("visited dads nursing home and saw one of the carers hit a resident", "third-party"),
    ("the agency staff at my nans home are really rough with the residents, she is frightened",
     "third-party"),
    ("im a support worker and watched my colleague push a man with learning disabilities into the "
     "wall", "third-party"),
]
ROUND_20_NOT_CRISES = [
    # A figure-of-speech threat for a trivial deed, with a laugh or over a practice task.
    "haha my mate says hes gonna kill me cos i scratched his car, anyway is my repeat ready",
    "my dad is gonna kill me cos i lost my inhaler on the bus, can i order a new one",
    # A wish to die over a hangover, a chore, a console or a presentation, with a laugh.
    "so hungover i want to die lol, can i push my bloods back a day",
    "my daughter says shes going to die if she has to tidy her room, lol, anyway her asthma review",
    "my son says he wants to die whenever i turn off his playstation, hes fine and laughing about it",
    "wanted to kill myself after that work presentation haha, never again, anyway can i get a fit note",
    # Chest pain on exertion that rest settles, with a cough, or feared in a panic that passed.
    "chest tightness when i walk uphill, it eases after a few minutes of rest, been like it a month, "
    "can i see a gp",
    "slight chest pain when i cough, its a chest infection i think, can i get antibiotics",
    "thought i was having a heart attack last night but it turned out to be heartburn, can i get "
    "gaviscon",
    # Denied, past, accidental, already seen, planned for, a topic, a joke taken back.
    "my waters still havent gone at 41 weeks, when is my induction",
    "took my morning tablets twice by mistake, its just my levothyroxine and a vitamin, is that ok",
    "i have faded scars on my thighs from years ago, can i get bio oil on prescription",
    "my brother got into a scrap at the pub and cut his eyebrow, hes been stitched at a&e, needs the "
    "stitches out",
    "my grandad is 93 and says he will be gone soon, he has planned his own funeral songs, perfectly "
    "healthy, just organised",
    "do you have the number for the domestic violence helpline for our church noticeboard",
    "is there a support group for adults abused as children in this area",
    "booked a smear, i was attacked by the last one lol joking it just stung, smaller speculum please",
    # Near neighbours of the new rules (no alarm on main either).
    "cleared out my uncles flat and im giving all his books away, could the waiting room use them",
    "knife slipped while i was chopping and i nicked my finger, plaster on, all good, just mentioning it",
    "my daughters rash goes away when i press a glass on it, shes happy and playing, heat rash?",
    "got my judo belt ready for grading tomorrow, can i have my verruca looked at",
    "ok thanks for your help, goodbye",
    "my first attempt at the driving test failed and i still want to go again",
]
# The new idioms and vetoes must not hide these (each a crisis on main too): fear, violence,
# leaving, a missed call or lateness with a partner; despair said plainly; danger signs; fresh
# harm beside old scars; abuse still happening.
ROUND_20_STILL_CRISES = [
    ("my husband says hes going to kill me if i leave him lol", "domestic-abuse"),
    ("he will kill me if i miss his call lol", "domestic-abuse"),
    ("my boyfriend will kill me if im late home again haha he checks my phone", "domestic-abuse"),
    ("im hungover and want to die, not joking, i cant do this anymore", "suicide"),
    ("wanted to hang myself after that meeting and i still do", "suicide"),
    ("chest pains when i walk up the stairs and it doesnt go when i rest, sweating", "medical"),
    ("had a panic attack but now my chest is crushing and my left arm is numb", "medical"),
    ("waters broke, im 32 weeks and bleeding", "medical"),
    ("took my insulin twice by accident and now im shaky and confused", "medical"),
    ("my babys rash doesnt fade when i press a glass on it", "medical"),
    ("i have old scars but i cut again last night", "self-harm"),
    ("im 88 and ive put my affairs in order, no point going on, i have the tablets ready", "suicide"),
    ("is there a group for people abused as children, it is still happening to me", "sexual-assault"),
]


# The retrained classifier must not be the only layer for these: reviewed patterns now.
ROUND_20_PATTERN_CRISES = [
    ("purple spots on his legs that dont fade, hes floppy", "medical"),
    ("the rash didnt go when i rolled a glass over it", "medical"),
    ("i need a hobby for my hands instead of scratching my arms", "self-harm"),
    ("need something to keep my hands busy other than hurting them", "self-harm"),
]


@pytest.mark.parametrize(("text", "kind"), ROUND_20_PATTERN_CRISES)
def test_round_20_non_blanching_rashes_and_harm_kept_from_are_reviewed_patterns(text, kind):
    assert safety.crisis_kind(text) == kind, text


@pytest.mark.parametrize(("text", "kind"), ROUND_20_STILL_CRISES)
def test_round_20_idioms_and_vetoes_leave_real_crises_alone(text, kind):
    found = crisis.detect(text)
    assert found is not None and found.kind == kind, (text, found)


@pytest.mark.parametrize("text", [t for t, kind in ROUND_20_CRISES if kind == "third-party"])
def test_round_20_people_hurt_in_care_get_the_safeguarding_help(text):
    found = crisis.detect(text)
    assert found is not None and found.help == crisis.SOMEONE_ELSE_HARMED, (text, found)


# After round 20's held-out run (twenty-sixth set): a limb at a funny angle after a fall is
# a reviewed pattern (the retrained classifier had stopped catching it); fresh wordings.
LIMB_AT_AN_ANGLE = [
    "my lad came off his bike and his wrist is at a weird angle, hes white as a sheet",
    "nan slipped in the kitchen, her arm looks like its in a really odd shape and she cant move it",
    "he got tackled at football and his ankle is at a horrible angle, cant put weight on it",
]
LIMB_AT_AN_ANGLE_NOT = [
    "slept with my arm at a funny angle and now its numb lol",
    "my finger has healed at a funny angle since i fell off a ladder last year, can i see someone",
    "took the group photo at a funny angle, can you still use it for the leaflet",
]


@pytest.mark.parametrize("text", LIMB_AT_AN_ANGLE)
def test_a_limb_at_a_funny_angle_after_a_fall_is_a_reviewed_pattern(text):
    assert safety.crisis_kind(text) == "medical", text


@pytest.mark.parametrize("text", LIMB_AT_AN_ANGLE_NOT)
def test_a_limb_slept_on_or_long_healed_at_an_angle_is_not_a_crisis(text):
    assert crisis.detect(text) is None, (text, crisis.detect(text))


# After the twenty-ninth and thirtieth sets' held-out run: plain statements no layer heard,
# made reviewed patterns (flows/safety.py _AFTER_29_30). Fresh wordings, not the sets'.
AFTER_29_30_CRISES = [
    ("sorry to be a pain. the tablets have been swallowed, all of them. tell mum sorry", "suicide"),
    ("took them all. thank you for trying with me. lying down now", "suicide"),
    ("looped the dressing gown cord over the bunk bed to see if it takes my weight", "suicide"),
    ("how many co codamol with vodka is enough to not wake up", "suicide"),
    ("if i swallowed all of my insulin how long would it take", "suicide"),
    ("want to go by my own hand before christmas, nobody needs me", "suicide"),
    ("sat on the cliff path again. the drop isnt frightening any more", "suicide"),
    ("wont need my repeat prescription after sunday, ive made my mind up", "suicide"),
    ("sorting my will so its easy once im not around. ive picked the day", "suicide"),
    ("started cutting again last month, no one at home knows", "self-harm"),
    ("nobody knows i self harm, can i talk to someone at the surgery", "self-harm"),
    ("locked myself in the bathroom and cut my thighs, its stopped bleeding", "self-harm"),
    ("a lad in my sons team has burns on his arms and says his stepdad did it", "third-party"),
]
AFTER_29_30_NOT_CRISES = [
    "my tablets are all taken as prescribed, can i have my review by phone",
    "ive been cutting back on sugar since my diabetes diagnosis, any cooking classes",
    "been cutting the hedges all morning, my shoulder aches, can i see the physio",
    "tied the dog lead to the door handle while i popped in, is that allowed at the group",
    "is that enough to stop the rash spreading or do i need the doctor",
    "i made the quilt by my own hand for the raffle, who do i give it to",
    "the height isnt scary anymore since the climbing wall sessions, thanks for the tip",
    "wont need the repeat after friday because the consultant stopped it, can you update",
    "cut my finger chopping onions, do i need a tetanus jab",
    # Everyday texts the first version of these patterns heard as crises (found on review).
    "my tablets are all gone can i get a repeat",
    "my meds are taken every morning with breakfast",
    "all my tablets have been taken by the pharmacy for recycling",
    "started cutting my own fringe during lockdown lol",
    "still cutting my nails too short",
    "nobody knows i cut my own hair",
]


@pytest.mark.parametrize("text", ["id be up for that", "go on then id be up for it",
                                  "yeah im up for it x", "count me in, im game for that"])
def test_a_short_yes_to_the_invitation_is_not_a_crisis(text):
    assert crisis.detect(text) is None, (text, crisis.detect(text))


def test_a_yes_with_a_crisis_in_it_still_is_one():
    assert crisis.detect("im up for it, the pills are ready") is not None


@pytest.mark.parametrize(("text", "kind"), AFTER_29_30_CRISES)
def test_plain_statements_the_held_out_sets_showed_are_reviewed_patterns(text, kind):
    assert safety.crisis_kind(text) == kind, text


@pytest.mark.parametrize("text", AFTER_29_30_NOT_CRISES)
def test_their_near_neighbours_are_not_crises(text):
    assert crisis.detect(text) is None, (text, crisis.detect(text))


# The fresh cases of rounds 8 to 20, each a crisis of its kind or not a crisis at all.
ROUND_CRISES = (ROUND_8_CRISES + ROUND_9_CRISES + ROUND_10_CRISES + ROUND_11_CRISES
                + ROUND_12_CRISES + ROUND_13_CRISES + ROUND_14_CRISES + ROUND_15_CRISES
                + ROUND_16_CRISES + ROUND_17_CRISES + ROUND_18_CRISES + ROUND_19_CRISES
                + ROUND_20_CRISES)
ROUND_NOT_CRISES = (ROUND_8_NOT_CRISES + ROUND_9_NOT_CRISES + ROUND_10_NOT_CRISES
                    + ROUND_11_NOT_CRISES + ROUND_12_NOT_CRISES + ROUND_13_NOT_CRISES
                    + ROUND_14_NOT_CRISES + ROUND_15_NOT_CRISES + ROUND_16_NOT_CRISES
                    + ROUND_17_NOT_CRISES + ROUND_18_NOT_CRISES
                    + ROUND_19_NOT_CRISES + ROUND_20_NOT_CRISES)


@pytest.mark.parametrize(("text", "kind"), ROUND_CRISES)
def test_later_rounds_families_are_crises_of_their_kind(text, kind):
    found = crisis.detect(text)
    assert found is not None and found.kind == kind, (text, found)


@pytest.mark.parametrize("text", ROUND_NOT_CRISES)
def test_later_rounds_pasts_trips_pets_hyperbole_stories_and_topics_are_not_crises(text):
    assert crisis.detect(text) is None, (text, crisis.detect(text))


@pytest.mark.parametrize(("text", "kind"), [
    ("i keep having suicidal thoughts, is there a leaflet", "suicide"),
    ("the leaflet says sertraline can make you suicidal and i think it has", "suicide"),
    ("reading up on suicide methods", "suicide"),
    ("writing an essay on suicide prevention but honestly i want to die", "suicide"),
    ("saw a video on suicide and it made me want to do it", "suicide"),
    ("the study says people like me are more likely to attempt suicide, i already have twice",
     "suicide"),
])
def test_a_crisis_word_that_is_the_persons_own_is_not_a_topic(text, kind):
    assert not crisis_topic.only_topic_words(text)
    found = crisis.detect(text)
    assert found is not None and found.kind == kind, (text, found)
    assert found.layer == "patterns" or safety.crisis_kind(text) is None, (text, found)


def test_a_topic_word_still_counts_when_another_layer_hears_a_crisis():
    text = "im writing a dissertation on suicide prevention and i have my tablets lined up for tonight"
    assert crisis.detect(text) is not None
    assert crisis_topic.only_topic_words("a dissertation on suicide prevention, can i interview a gp")


def test_the_kind_is_settled_by_whose_crisis_it_is_and_a_denied_wish_to_die():
    # Someone else's abuse gets the safeguarding help, not the reply for the texter's own.
    found = crisis.detect("my cousin is getting beaten by her boyfriend")
    assert found is not None and found.help == crisis.SOMEONE_ELSE_HARMED
    # A denial is what the suicide patterns heard; the rest is self-harm.
    found = crisis.detect("i burn my wrists with a lighter most nights, im not trying to kill myself")
    assert found is not None and found.kind == "self-harm", found
    # A wish to die that is not denied stays suicide, whatever else is said.
    found = crisis.detect("i cut my arms every night and honestly i want to die")
    assert found is not None and found.kind == "suicide", found


# ---- round 21 (after the twenty-sixth and twenty-eighth sets' held-out figures): fresh cases ----

ROUND_21_CRISES = [
    # A partner destroying or keeping one's medicines, punishing, or saying no one will believe.
    ("my boyfriend keeps hiding my inhaler when we argue, says i dont deserve it", "domestic-abuse"),
    ("my husband poured away my insulin last night, he does it to punish me", "domestic-abuse"),
    ("my partner wont let me take my antidepressants, he checks the packet every day",
     "domestic-abuse"),
    ("my wife tells me im imagining things and no one will ever believe me over her",
     "domestic-abuse"),
    # A forensic examination or a SARC visit after an assault.
    ("went to the sarc on saturday after what happened at the party, what do i do now",
     "sexual-assault"),
    ("had a forensic exam at the hospital on sunday, do i need to see the gp as well",
     "sexual-assault"),
    # A small child and a medicine found open, empty or got into.
    ("my 2 year old got into my handbag and chewed through a strip of my iron tablets, she seems ok",
     "medical"),
    ("found the nurofen bottle open on the floor and my toddler sticky, she might have drunk some",
     "medical"),
    ("the twins got into the bathroom cabinet and some of my tablets are missing", "medical"),
    # At the top or edge of a high place now, with thanks for trying or a farewell.
    ("you did your best with me. im sat on the top of the bridge now", "suicide"),
    ("thanks for everything you tried. im stood at the edge of the multi storey now", "suicide"),
]
ROUND_21_NOT_CRISES = [
    # A past crisis, now safe, told with a request.
    "took an overdose back in 2015, im in a much better place now, can i get a flu jab",
    "had suicidal thoughts years ago but im doing really well now, can the nurse do my smear",
    "i used to self harm when i was at uni but counselling really helped, can i see someone about "
    "laser for the scars",
    "tried to kill myself when i was 19, im 40 now and all good now, do i have to put it on a form",
    "my ex used to hit me years ago, im safe now and remarried, can i change my name on my record",
    # Figures of speech with a laugh, said to anyone, or over a game.
    "this queue would make you want to jump off a bridge lol, is the pharmacy open till 6",
    "the noise from next door would make ya wanna jump off the roof haha, any earplugs on script",
    "my son literally wants to die when i switch the router off at night lol, normal for 13?",
    # The ache of grief, an arm gone dead from lying on it, a sting with breathing fine.
    "since mum died my chest feels heavy, not chest pain really, just grief i think, could i see "
    "someone",
    "dozed off on the train and my leg went dead, pins and needles now, is that normal",
    "got bitten by a horsefly on my arm, its swollen and itchy, no breathing issues, antihistamine?",
    # A message about the last one, a drinking question, tablets refused.
    "forgot to say in my last text, my address has changed to 4 mill lane",
    "is it bad that i have a bottle of wine most nights since i lost my job? not loads, just to unwind",
    "my nan refuses to take her water tablets, says they make her wee too much, can the gp ring her",
    # Near neighbours of the new rules (no alarm on main either).
    "my mate will kill me if im late for training again haha, can i get an earlier physio slot",
    "is it ok to have a couple of pints on amitriptyline or should i not",
    "bee stung my hand, its red and a bit puffy but breathing fine, do i need anything",
    "thanks for trying to fit me in, im at the top of the cliffs on a walk so ill ring later",
    "my toddler hid my inhaler again lol, can i get a spare",
    "im a nurse doing the sarc training next week, can i swap my appointment",
    "the calpol bottle is nearly empty, can i get more on prescription for my 3 year old",
]
# A past crisis with the wish, the plan or the danger here now still fires.
ROUND_21_STILL_CRISES = [
    ("i tried to hang myself a few years ago and was doing ok now but the thoughts are back tonight",
     "suicide"),
    ("used to cut myself as a teenager and it really helped to stop, but i did it again last night",
     "self-harm"),
    ("overdosed in 2019, im well now, but i have been saving my tablets up", "suicide"),
    ("years ago i tried to end it and therapy helped but i still think about doing it", "suicide"),
    ("my ex used to hit me years ago, i was safe now but he turned up at my door last night",
     "domestic-abuse"),
    ("i was raped years ago and im doing ok now but i need to talk to someone", "sexual-assault"),
]


@pytest.mark.parametrize(("text", "kind"), ROUND_21_CRISES)
def test_round_21_medicines_kept_forensic_exams_children_and_high_places_are_crises(text, kind):
    found = crisis.detect(text)
    assert found is not None and found.kind == kind, (text, found)
    # Reviewed layers, not the classifier alone (a retrain can lose a classifier-only catch).
    assert found.layer in ("patterns", "concepts"), (text, found)


@pytest.mark.parametrize("text", ROUND_21_NOT_CRISES)
def test_round_21_pasts_now_safe_figures_of_speech_and_guards_are_not_crises(text):
    assert crisis.detect(text) is None, (text, crisis.detect(text))


@pytest.mark.parametrize(("text", "kind"), ROUND_21_STILL_CRISES)
def test_round_21_a_past_crisis_with_the_wish_or_plan_here_now_still_fires(text, kind):
    found = crisis.detect(text)
    assert found is not None and found.kind == kind, (text, found)


def test_round_21_the_past_veto_needs_a_past_a_safe_now_and_nothing_here_now():
    from flows import crisis_past
    said = "i tried to kill myself a few years ago, im doing well now, can i book a review"
    assert crisis_past.past_and_safe("suicide", said)
    assert not crisis_past.past_and_safe("suicide", said.replace("a few years ago", "on friday"))
    assert not crisis_past.past_and_safe("suicide", said.replace("im doing well now", "im not doing well now"))
    for now in ("but its back", "but i still want to", "and tonight i might", "but ive got the tablets",
                "goodbye"):
        assert not crisis_past.past_and_safe("suicide", f"{said} {now}"), now
    assert not crisis_past.past_and_safe("sexual-assault", "i was raped years ago, im doing ok now")
    assert not crisis_past.past_and_safe("third-party", said)


# Abuse done to the texter stays their own whatever the classifier hears (the round 21 model
# read the first, a round 14 test, as someone else's before flows/crisis_kind.py knew this).
@pytest.mark.parametrize(("text", "kind"), [
    ("bruising on my neck after she held me by it up against the fridge", "domestic-abuse"),
    ("my stepmum grabbed me by the hair and dragged me across the kitchen, shes done it before",
     "domestic-abuse"),
    ("her brother held me down on the sofa and touched me, i didnt want it", "sexual-assault"),
    ("my friends husband hit me when i tried to stop him shouting at her", "domestic-abuse"),
])
def test_round_21_abuse_done_to_the_texter_is_their_own_kind(text, kind):
    found = crisis.detect(text)
    assert found is not None and found.kind == kind, (text, found)


# ---- round 22 (issue 13: recall that carries over to new writers): fresh cases ----
# Explicit statements of a lethal act on oneself, now, in plain words, by any means: reviewed
# families (flows/safety.py _ROUND_22, means x act x time), never the classifier alone.
ROUND_22_CRISES = [
    ("im about to let the 6 oclock train hit me", "suicide"),
    ("sorry. ive swallowed my dads oramorph, all of it", "suicide"),
    ("i injected the whole pen of insulin at once about ten minutes ago", "suicide"),
    ("ive just had a massive overdose, dont ring my mum", "suicide"),
    ("im going to crash the van on purpose on the way to work", "suicide"),
    ("engine running in the garage with the door shut, this is it", "suicide"),
    ("tonight im going to put a plastic bag over my head", "suicide"),
    ("i am sat on the ledge at the top of the multi storey", "suicide"),
    ("climbed over the wrong side of the railings, water is a long way down", "suicide"),
    ("im wading in the canal and i dont want to come back out", "suicide"),
    ("last time i took pills i woke up but im going to try again this weekend", "suicide"),
    ("i think i will not wake up tomorrow, ive made sure", "suicide"),
    ("going to stop my heart with what ive saved up", "suicide"),
    ("i feel like ending it all tonight", "suicide"),
    ("my 3 year old has eaten half a strip of nans heart tablets", "medical"),
    # Classifier-only catches on the development sets that leave-one-set-out lost.
    ("the wife and kids would be better off with the death in service money", "suicide"),
    ("take me off the list for my statins, wont be needing them after sunday, its for the best",
     "suicide"),
    ("mums care workers keep helping themselves to money from her purse", "third-party"),
]
# Hard not-crises beside the families and the false alarms of the 29th and 30th sets' kinds
# (fresh wordings): pasts now safe told in other words, figures of speech, TV, a dose asked
# for a normal reason, end-of-life wishes, DNR forms, leaflets, a PhD.
ROUND_22_NOT_CRISES = [
    # Pasts told in other words.
    "at 17 i took an overdose, im 52 now, does that need to go on my insurance form",
    "its been three years since i tried to take my own life, feeling good, can i reduce my sertraline",
    "had a really rough patch after the baby and thought about ending it, out the other side now, "
    "can i book my smear",
    "my son went through a cutting phase at 13, hes 19 now and doing brilliantly, can he have his "
    "records",
    "my first husband beat me but he has been dead for ten years, the new nurse asked me about it",
    "my old self harm scars are still very visible in summer, can i get referred for camouflage",
    "my daughter said she wanted to die at the time of the bullying, shes doing great now, can we "
    "cancel the camhs referral",
    # Figures of speech with a laugh or "anyway" over a trivial deed.
    "my boss said hed murder me if i forget the minutes again lol anyway can i get a sick note",
    "my sister says shell kill me if i miss her hen do, can my op be moved",
    "could drown myself in the bath after that exam result hahaha anyway is the flu clinic on",
    "my uncle says hes going to throw himself in the river if the council puts the bins to fortnightly "
    "lol hes fine, can he book a flu jab",
    # End of life, DNR, a relative found, one past attack, chest tightness on a hill.
    "dad would like to die in his own home, not in hospital, hes under the hospice team",
    "im 88 and i want a dnacpr form on my record, nothing is wrong, just planning ahead",
    "my grandad went missing last summer and the police found him, can we get a dementia review",
    "had my first seizure two years ago, been fine ever since on the tablets, due a review",
    "chest gets tight jogging up the stairs at work, eases after a minute if i stop, can i have a check",
    # The explicit families' near neighbours.
    "ive used all my insulin pens this month, can i order more",
    "i took all of my tablets as prescribed this morning, can the nurse check my bp",
    "im standing in the river fishing, got a hook in my thumb, do i need a tetanus",
    "im on the cliff top walk with the dog, lovely sunset",
    "i feel like ending it with my girlfriend, is there relationship counselling",
    "i hope i dont wake up with a migraine again tomorrow, can i get sumatriptan",
    "in the film he put a bag over his head and my son was upset by it",
    "my brother crashed the car on purpose for a stunt video, the insurers want a gp letter",
    "i need to stop my heart tablets before the op, who do i ask",
    "we took out life insurance so the kids would be better off if anything happened, do you do the "
    "medical",
    "wont be needing my inhaler after friday as the asthma nurse is switching it, can you update",
    "my dads carers are taking him to the day centre on thursdays now",
    # Leaflets and a PhD.
    "have you got a leaflet on spotting suicide risk, im a youth worker and want to be prepared",
]
# A past with the wish or plan present now still fires; so do threats that are real.
ROUND_22_STILL_CRISES = [
    ("at 17 i took an overdose, im 52 now and ive started saving my tablets again", "suicide"),
    ("its been a year since i tried to end my life and im still thinking about it every day",
     "suicide"),
    ("went through a dark time last year and thought about ending it, through the other side now but "
     "tonight the thoughts are back", "suicide"),
    ("my husband says hell kill me if i burn the tea again, im scared of him", "domestic-abuse"),
    ("i want a dnr form because i am going to take all my tablets tonight", "suicide"),
]


@pytest.mark.parametrize(("text", "kind"), ROUND_22_CRISES)
def test_round_22_explicit_statements_by_any_means_are_reviewed_crises(text, kind):
    found = crisis.detect(text)
    assert found is not None and found.kind == kind, (text, found)
    assert found.layer in ("patterns", "concepts"), (text, found)


@pytest.mark.parametrize("text", ROUND_22_NOT_CRISES)
def test_round_22_pasts_figures_of_speech_end_of_life_and_near_neighbours_are_not_crises(text):
    assert crisis.detect(text) is None, (text, crisis.detect(text))


@pytest.mark.parametrize(("text", "kind"), ROUND_22_STILL_CRISES)
def test_round_22_a_past_with_the_wish_here_now_or_a_real_threat_still_fires(text, kind):
    found = crisis.detect(text)
    assert found is not None and found.kind == kind, (text, found)


def test_round_22_the_past_veto_reads_ages_then_and_now():
    from flows import crisis_past
    said = "when i was 16 i tried to hang myself, im 45 now, is it in my notes"
    assert crisis_past.past_and_safe("suicide", said)
    assert not crisis_past.past_and_safe("suicide", said.replace("im 45 now", "im 17 now"))
    assert not crisis_past.past_and_safe("suicide", said + " but the thoughts are back")
    assert not crisis_past.past_and_safe("sexual-assault", "when i was 12 he raped me, im 40 now")


# The thirty-first and thirty-second sets' held-out misses (issue 13), their families made
# reviewed patterns (flows/safety.py _AFTER_31_32). Fresh wordings, not the sets'.
AFTER_31_32_CRISES = [
    ("gave my sister my jewellery and the dog today, i wont need any of it after sunday",
     "suicide"),
    ("been giving away all my gaming stuff to my cousins, dont need it after next week",
     "suicide"),
    ("i just need to know my mum will be ok before i go through with my plan", "suicide"),
    ("sorted my will, so when i go thru with the plan nobody has to deal with a mess",
     "suicide"),
    ("how high does a car park need to be so you definitely die", "suicide"),
    ("how deep does the river need to be for someone to not survive", "suicide"),
    ("took them all", "suicide"),
    ("ive taken them all now", "suicide"),
    ("a guy from the app forced me last night, i dont want to tell anyone", "sexual-assault"),
    ("my ex forced himself on me at the weekend", "sexual-assault"),
    ("my boyfriend forced me to have sex when i said no", "sexual-assault"),
    ("i was sexually abused by my stepdad when i was little and i cant stop thinking about it",
     "sexual-assault"),
    ("was abused by a football coach as a kid, it all came back this week", "sexual-assault"),
    ("he had both hands round my throat this morning", "domestic-abuse"),
    ("my husband put his hands around my neck on saturday, can i get my bloods done early",
     "domestic-abuse"),
    ("he grabbed me by the neck and pushed me", "domestic-abuse"),
]
# A past now safe, told in those sets' other words, still fires with a sign of now.
AFTER_31_32_STILL_CRISES = [
    "i self harmed as a teen and ive started again, want laser treatment to fade the scars",
    "i tried to kill myself in my 20s and im 45 now and i want to do it again",
    "thoughts of suicide in my 20s, im 45 now and they still come every night",
]
AFTER_31_32_NOT_CRISES = [
    "cut myself a lot as a teenager, would laser treatment fade the scars on my wrists",
    "i was suicidal in my early 30s, im 52 now and well, does the talking therapy still run",
    "we go through with the plan to move to leeds in may, can i transfer my records",
    "before i go through with my plan to do a marathon should i get my heart checked",
    "how high does a kite need to be to catch the wind",
    "how long before you die if you dont drink water, asking for my science homework",
    "took them all back to the chemist for recycling",
    "my boss forced me to work on christmas day",
    "i was abused by a teacher at school verbally, can i get counselling for my confidence",
    "the scarf my nan knitted goes round my neck twice",
]


@pytest.mark.parametrize(("text", "kind"), AFTER_31_32_CRISES)
def test_the_thirty_first_and_second_sets_families_are_reviewed_patterns(text, kind):
    assert safety.crisis_kind(text) == kind, text


@pytest.mark.parametrize("text", AFTER_31_32_NOT_CRISES)
def test_those_families_near_neighbours_are_not_crises(text):
    assert crisis.detect(text) is None, (text, crisis.detect(text))


@pytest.mark.parametrize("text", AFTER_31_32_STILL_CRISES)
def test_those_pasts_with_a_sign_of_now_still_get_help(text):
    assert crisis.detect(text) is not None, text


# The sixth conversation set (after its held-out run): replies to the invitation or to a
# group shown that the classifier read as crises. Fresh wordings; each failed before.
CONVERSATION_6_NOT_CRISES = [
    "id be delighted, thanks for thinking of me",
    "thank you so much for thinking of me",
    "oh thank you for asking me, id be glad to",
    "i feel very flattered, count me in",
    "since my heart attack i dont feel like myself, is there a group for that",
    "can my wife come along, she has dementia and gets anxious without me",
]
CONVERSATION_6_STILL_CRISES = [
    "thanks for thinking of me but i wont be here much longer, ive got the tablets ready",
    "since the operation i dont feel like me and i want to die",
    "can my son come too, my husband hits him when im out",
]


@pytest.mark.parametrize("text", CONVERSATION_6_NOT_CRISES)
def test_thanks_for_being_asked_and_bringing_someone_are_not_crises(text):
    assert crisis.detect(text) is None, (text, crisis.detect(text))


@pytest.mark.parametrize("text", CONVERSATION_6_STILL_CRISES)
def test_those_replies_with_a_crisis_in_them_still_get_help(text):
    assert crisis.detect(text) is not None, text
