"""The reply to a champion invitation, as transcripts on SMS and Telegram, and staff notices."""

import csv
from datetime import UTC, datetime, timedelta

import pytest

from bot.campaigns.csvimport import parse_text
from bot.campaigns.records import create_campaign, status_counts
from bot.campaigns.reminders import send_reminders
from bot.campaigns.report import export
from bot.campaigns.sender import CampaignSender
from bot.campaigns.staff import digest
from bot.campaigns.template import DEFAULT_INVITATION
from bot.gsm import count_segments, is_gsm
from bot.harness import Harness
from flows import champion
from flows.safety import OPT_IN_WORDS, OPT_OUT_WORDS

PAT = "sms:+447700900001"
SAM = "sms:+447700900002"


class Clock:
    """A settable clock: Tuesday 3 June 2025, 10:00 London (inside the window)."""

    def __init__(self) -> None:
        self.now = datetime(2025, 6, 3, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def invite(h, rows, name="spring"):
    """Import rows (first name, mobile) and send; the invitations delivered."""
    text = "Forename,Mobile\n" + "".join(f"{first},{number}\n" for first, number in rows)
    created = await create_campaign(h.store, name, parse_text(text), DEFAULT_INVITATION,
                                    "list.csv", h.runtime.services.now())
    sender = CampaignSender(h.store, h.config, created.campaign, {"sms": h.channels["sms"]},
                            rate=1000, ignore_window=True, now=h.runtime.services.now)
    await sender.run()
    return created.campaign, await h.deliver()


async def replies(h, who, text):
    return [(m.text, m.choices) for m in await h.exchange(who, text)]


async def test_full_reply_conversation_on_sms(tmp_path):
    clock = Clock()
    h = await Harness.start(tmp_path, now=clock, staff__telegram_chat_id="-1001")
    try:
        campaign, sent = await invite(h, [("PAT", "07700900001")])
        assert [m.text for m in sent] == [DEFAULT_INVITATION.format(
            first_name="Pat", practice_name="Millbrook Health Centre")]

        [(text, choices)] = await replies(h, PAT, "Yes please")
        assert text.startswith("Thank you, that's wonderful!")
        assert text.endswith("Is it OK to call you Pat?") and choices == ("YES", "NO")

        [(text, _)] = await replies(h, PAT, "yes")
        assert text.startswith("Thanks Pat. What might you enjoy doing with others? For example")
        assert "walking" in text  # examples come from the directory's categories

        [(text, choices)] = await replies(h, PAT, "Walking, and maybe gardening")
        assert text == champion.ASK_AVAILABILITY and choices == ("Weekdays", "Evenings",
                                                                 "Weekends")
        [(text, choices)] = await replies(h, PAT, "Weekends mostly")
        assert text == champion.ASK_CONTACT_SMS and choices == ("TEXT", "CALL", "EMAIL")
        assert await replies(h, PAT, "EMAIL") == [(champion.ASK_EMAIL, ())]
        assert await replies(h, PAT, "not sure of it") == [(champion.BAD_EMAIL, ())]
        [(text, choices)] = await replies(h, PAT, "pat.smith@example.org")
        assert text.startswith("Last question. Is it OK for Millbrook Health Centre to keep")
        assert choices == ("YES", "NO")
        assert await replies(h, PAT, "hmm") == [(champion.REASK_CONSENT, ("YES", "NO"))]

        out = await h.exchange(PAT, "YES")
        done = [m for m in out if m.to.channel == "sms"]
        staff = [m for m in out if m.to.channel == "telegram"]
        assert [m.text for m in done] == [
            "Thank you, Pat! Someone from Millbrook Health Centre will be in touch in the next "
            "couple of weeks for a friendly chat. There's no commitment at all. "
            "Text HELP any time."]
        assert len(staff) == 1 and str(staff[0].to) == "telegram:-1001"
        assert "Pat" in staff[0].text and "Weekends mostly" in staff[0].text
        # the staff notice is not kept once sent
        assert await h.store.fetchone(
            "SELECT 1 FROM outbox WHERE recipient='telegram:-1001'") is None

        people = await digest(h.store)
        assert [(p.name, p.interests, p.availability, p.contact_method) for p in people] == [
            ("Pat", "Walking, and maybe gardening", "Weekends mostly",
             "email pat.smith@example.org")]
        assert await digest(h.store) == []  # only new ones
        out_file = tmp_path / "came_forward.csv"
        assert await export(h.store, campaign, out_file) == 1
        with out_file.open(encoding="utf-8-sig") as handle:
            exported = list(csv.DictReader(handle))
        assert exported[0]["Name"] == "Pat" and exported[0]["Phone or chat"] == "07700 900001"
        counts = await status_counts(h.store, campaign)
        assert counts["sent"] == 1 and counts["replied_yes"] == 1 and counts["completed"] == 1
        contact = await h.store.contacts.find(PAT)
        assert contact.consent is True and contact.name == "Pat"
        # the conversation is over: a later message is ordinary signposting
        assert "walk" in (await h.say(PAT, "any walking groups?"))[0].lower()
    finally:
        await h.close()


async def test_no_thanks_means_no_more_invitations(harness):
    await invite(harness, [("Sam", "07700900002")])
    [text] = await harness.say(SAM, "No thanks")
    assert text == champion.SAID_NO
    _, again = await invite(harness, [("Sam", "07700900002")], name="autumn")
    assert again == []


async def test_more_then_yes_with_no_name_on_the_list(harness):
    await invite(harness, [("", "07700900002")])
    [(text, choices)] = await replies(harness, SAM, "What's involved?")
    assert text.startswith("Champions are local people who work alongside Millbrook")
    assert choices == ("YES", "NO")
    [(text, _)] = await replies(harness, SAM, "sure")
    assert text.endswith("What would you like us to call you?")
    [(text, _)] = await replies(harness, SAM, "call me Sammy")
    assert text.startswith("Thanks Sammy.")


async def test_off_script_gets_a_gentle_reask_or_signposting(harness):
    await invite(harness, [("Pat", "07700900001")])
    assert await replies(harness, PAT, "hmm dunno") == [(champion.REASK, ("YES", "NO", "MORE"))]
    [text] = await harness.say(PAT, "any walking groups?")
    assert "walk" in text.lower() and "Champions are local people" not in text
    # their YES still counts as the answer to the invitation
    [text] = await harness.say(PAT, "YES")
    assert text.endswith("Is it OK to call you Pat?")


async def test_stop_and_crisis_always_win_mid_questions(harness):
    await invite(harness, [("Pat", "07700900001"), ("Sam", "07700900002")])
    await harness.say(PAT, "yes")
    [urgent, *_] = await harness.say(PAT, "I want to die")
    assert "999" in urgent and "116 123" in urgent
    [text] = await harness.say(PAT, "STOP")
    assert "START" in text
    assert await harness.say(PAT, "yes") == []
    await harness.say(SAM, "yes")
    await harness.say(SAM, "no")  # "Is it OK to call you Sam?" no -> asks for a name
    sam = await harness.store.contacts.find(SAM)
    [text] = await harness.say(SAM, "FORGET ME")
    assert "deleted" in text
    for table in ("champion_responses", "campaign_recipients"):
        assert await harness.store.fetchone(
            f"SELECT 1 FROM {table} WHERE contact_id=?", (sam.id,)) is None
    assert await harness.store.fetchone("SELECT 1 FROM campaign_recipients") is not None


async def test_consent_refused_keeps_no_answers(harness):
    campaign, _ = await invite(harness, [("Pat", "07700900001")])
    for text in ("yes", "yes", "Crafts", "Evenings", "TEXT"):
        await harness.say(PAT, text)
    [text] = await harness.say(PAT, "No")
    assert text == champion.NO_CONSENT
    row = await harness.store.fetchone("SELECT * FROM champion_responses")
    assert row["consent"] == 0 and row["interests"] is None and row["name"] is None
    assert await export(harness.store, campaign, harness.tmp / "x.csv") == 0


async def test_telegram_linked_person_is_invited_and_answers_on_telegram(harness):
    contact = await harness.store.contacts.for_address("sms:+447700900009")
    await harness.store.contacts.link_address("telegram:555", contact.id)
    _, sent = await invite(harness, [("Jo", "07700900009")])
    assert [str(m.to) for m in sent] == ["telegram:555"] and sent[0].kind == "bulk"
    [(text, choices)] = await replies(harness, "telegram:555", "YES")
    assert choices == ("YES", "NO") and text.endswith("Is it OK to call you Jo?")
    for answer in ("yes", "music", "weekdays"):
        [(text, choices)] = await replies(harness, "telegram:555", answer)
    assert text == champion.ASK_CONTACT_OTHER and choices == ("MESSAGE", "CALL", "EMAIL")
    assert await replies(harness, "telegram:555", "CALL") == [(champion.ASK_PHONE, ())]
    [(text, _)] = await replies(harness, "telegram:555", "01632 960555")
    assert text.startswith("Last question")
    [(text, _)] = await replies(harness, "telegram:555", "yes")
    assert text.startswith("Thank you, Jo!")
    [person] = await digest(harness.store)
    assert person.contact_method == "call 01632 960555"


async def test_telegram_deep_link_starts_the_invitation(harness):
    [(text, choices)] = await replies(harness, "telegram:777", "champion")
    assert text.startswith("Hello! Millbrook Health Centre invites local people")
    assert choices == ("YES", "NO", "MORE")
    [(text, _)] = await replies(harness, "telegram:777", "ok")
    assert text.endswith("What would you like us to call you?")
    # a YES from someone never invited is not taken as one
    [text] = await harness.say("sms:+447700900050", "yes")
    assert "Thank you, that's wonderful" not in text


async def test_one_reminder_inside_the_window_then_expiry(tmp_path):
    clock = Clock()
    h = await Harness.start(tmp_path, now=clock)
    try:
        await invite(h, [("Pat", "07700900001")])
        await h.say(PAT, "yes")
        await h.say(PAT, "yes")  # now at "what might you enjoy"
        clock.now += timedelta(days=1)
        assert await send_reminders(h.store, h.config, clock.now) == (0, 0)
        clock.now = datetime(2025, 6, 5, 19, 0, tzinfo=UTC)  # 2 days on, but 20:00 London
        assert await send_reminders(h.store, h.config, clock.now) == (0, 0)
        clock.now = datetime(2025, 6, 6, 8, 30, tzinfo=UTC)  # Friday 09:30 London
        assert await send_reminders(h.store, h.config, clock.now) == (1, 0)
        [reminder] = [m.text for m in await h.deliver()]
        assert reminder.startswith("Hello from Millbrook Health Centre. You started telling us")
        assert "What might you enjoy" in reminder and count_segments(reminder).segments <= 3
        assert await send_reminders(h.store, h.config, clock.now) == (0, 0)  # only one
        clock.now += timedelta(days=3)
        assert await send_reminders(h.store, h.config, clock.now) == (0, 1)
        row = await h.store.fetchone("SELECT state FROM champion_responses")
        assert row[0] == "expired"
    finally:
        await h.close()


def test_every_text_is_plain_short_and_never_asks_for_an_opt_out_word():
    long_name = "Christopherson"
    texts = [value for key, value in vars(champion).items()
             if key.isupper() and isinstance(value, str)]
    assert len(texts) > 15
    forbidden = {w.lower() for w in OPT_OUT_WORDS + OPT_IN_WORDS}
    for text in texts:
        filled = (text.replace("{practice}", "Millbrook Health Centre")
                  .replace("{name}", long_name).replace("{examples}", "a, b, c or d")
                  .replace("{question}", champion.ASK_INTERESTS))
        assert is_gsm(filled), text
        if "{question}" not in text:
            assert count_segments(filled).segments <= 3, text
        for word in forbidden:
            assert f"reply {word}" not in filled.lower(), text
    for word in ("YES", "NO", "MORE", "TEXT", "CALL", "EMAIL", "MESSAGE"):
        assert word not in OPT_OUT_WORDS + OPT_IN_WORDS


@pytest.mark.parametrize("text,answer", [
    ("YES", "yes"), ("yes please", "yes"), ("Ok", "yes"), ("sure!", "yes"),
    ("Interested", "yes"), ("yeah go on", "yes"), ("No", "no"), ("no thanks", "no"),
    ("not for me", "no"), ("MORE", "more"), ("what's involved?", "more"),
    ("tell me more please", "more"), ("not sure", "more"), ("who is this", None),
])
def test_invitation_answers(text, answer):
    assert champion.classify(text) == answer
