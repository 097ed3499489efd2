"""Champions in their own words (issue 14, part 8): transcripts on the real harness.

Each change is read back for YES and written through directory/writeback.py; NO or MENU
leaves the YAML byte-for-byte as it was. The clock is Tuesday 3 Nov 2026 (listings_helpers).
"""

from __future__ import annotations

import pytest
from listings_helpers import (  # noqa: F401  (fixtures)
    DEV,
    STRANGER,
    SUE,
    clock,
    h,
    offers_file,
)

from bot.gsm import count_segments, is_gsm
from directory.loader import load_directory
from flows import listings_admin as admin


def walk(offers_file):
    return load_directory(str(offers_file)).get("millbrook-health-walk")


async def test_new_times_from_next_week_are_read_back_then_saved_on_yes(h, offers_file):
    [reply] = await h.say(SUE, "we're moving to 1.30 til 3.30 from next week")
    assert reply == ("Millbrook Health Walk: the time will be: Tuesdays, 1:30pm to 3:30pm. "
                     "We'll add the note \"New time from Tue 10 Nov 2026.\" Reply YES to save, "
                     "or NO to leave it as it is.")
    assert walk(offers_file).schedule[0].opens_at == "10:00"  # nothing written yet
    [saved] = await h.say(SUE, "yes thats right")
    assert saved.startswith("Saved. Millbrook Health Walk is up to date")
    offer = walk(offers_file)
    assert (offer.schedule[0].opens_at, offer.schedule[0].closes_at) == ("13:30", "15:30")
    assert offer.notice == "New time from Tue 10 Nov 2026."
    rows = await admin.history(h.store, "millbrook-health-walk")
    assert {r["field"] for r in rows} >= {"schedule", "notice"}
    assert {r["source"] for r in rows} == {"OWN WORDS"}


async def test_a_greeting_and_the_group_name_first_are_fine(h, offers_file):
    [reply] = await h.say(SUE, "hi its sue from the health walk, we're moving to 10.30 til "
                               "11.30 from next week")
    assert reply.startswith("Millbrook Health Walk: the time will be: Tuesdays, 10:30am to "
                            "11:30am.")


@pytest.mark.parametrize(("text", "field", "value"), [
    ("cancelled this thursday", "notice", "No session on Thu 5 Nov 2026."),
    ("sorry no walk today, im poorly", "notice", "No session on Tue 3 Nov 2026."),
    ("we're full now", "status", "full"),
    ("back on from 5 Jan", "notice", "Back on from Tue 5 Jan 2027."),
    ("can u change the number to 07700 900321", "contact", "07700 900321"),
    ("its now £2 a session for tea and biscuits", "cost", "£2 a session"),
    ("moved to the methodist hall on high street", "location", "Methodist Hall"),
    ("we've stopped running, please take us off", "status", "ended"),
])
async def test_own_words_become_the_change_after_yes(h, offers_file, text, field, value):
    [reply] = await h.say(SUE, text)
    assert reply.startswith("Millbrook Health Walk: ") and reply.endswith(
        "Reply YES to save, or NO to leave it as it is.")
    assert is_gsm(reply) and count_segments(reply).segments <= 3
    [saved] = await h.say(SUE, "YES")
    assert saved.startswith("Saved.")
    offer = walk(offers_file)
    got = {"notice": offer.notice, "status": offer.status, "cost": offer.cost,
           "contact": offer.contact.phone if offer.contact else None,
           "location": offer.location.name if offer.location else None}[field]
    assert got == value


@pytest.mark.parametrize("way_out", ["NO", "no thats wrong", "MENU"])
async def test_no_or_menu_leaves_the_listing_exactly_as_it_was(h, offers_file, way_out):
    before = offers_file.read_text()
    [reply] = await h.say(SUE, "cancelled this thursday")
    assert "No session on Thu 5 Nov 2026." in reply
    await h.say(SUE, way_out)
    assert offers_file.read_text() == before
    assert await admin.history(h.store, "millbrook-health-walk") == []
    # and YES afterwards confirms nothing
    assert all("Saved" not in r for r in await h.say(SUE, "yes"))
    assert offers_file.read_text() == before


async def test_a_venue_move_without_the_place_asks_for_it_then_takes_a_from_date(h, offers_file):
    [ask] = await h.say(SUE, "were moving venue")
    assert ask.startswith("Thanks. Where is it now?") and "MENU" in ask
    [back] = await h.say(SUE, "the scout hut behind the co op on brook street")
    assert back.startswith("Millbrook Health Walk: place will be: Scout Hut, behind the Co Op, "
                           "Brook Street.")
    [again] = await h.say(SUE, "from the 1st of next month")
    assert 'New place from Tue 1 Dec 2026.' in again and again.endswith("leave it as it is.")
    await h.say(SUE, "yep")
    offer = walk(offers_file)
    assert (offer.location.name, offer.location.address) == ("Scout Hut",
                                                               "behind the Co Op, Brook Street")
    assert offer.notice == "New place from Tue 1 Dec 2026."


async def test_update_menu_takes_words_and_every_reask_says_menu(h, offers_file):
    [menu] = await h.say(SUE, "UPDATE")
    assert "Reply with the number or a word like time or place." in menu
    [reask] = await h.say(SUE, "erm")
    assert "time, place or notice" in reask and "MENU" in reask
    [ask] = await h.say(SUE, "time")
    assert ask.startswith("When does it run now?")
    [back] = await h.say(SUE, "Tuesdays 10am til 12")
    assert "Tuesdays, 10am to 12pm" in back
    [reask2] = await h.say(SUE, "hmm not sure")
    assert "MENU" in reask2
    before = offers_file.read_text()
    assert await h.say(SUE, "MENU")
    assert offers_file.read_text() == before


# "notice" alone is taken as a crisis by the crisis net (reported to the lead), so the
# router answers it before any flow; "note" reaches the same question.
@pytest.mark.parametrize(("word", "prompt"), [("place", "Where is it now?"),
                                              ("note", "What should the notice say?"),
                                              ("cost", "What does it cost?"),
                                              ("contact", "Who should people contact?")])
async def test_update_menu_words(h, word, prompt):
    await h.say(SUE, "update")
    [reply] = await h.say(SUE, word)
    assert reply.startswith(prompt)


async def test_notice_in_the_menu_then_the_notice(h, offers_file):
    await h.say(SUE, "update")
    await h.say(SUE, "7")
    [back] = await h.say(SUE, "no walk on the 24th, hall booked")
    assert 'notice will be: "no walk on the 24th, hall booked"' in back
    await h.say(SUE, "yes")
    assert walk(offers_file).notice == "no walk on the 24th, hall booked"


async def test_a_half_term_break_then_the_date_back_is_one_read_back(h, offers_file):
    [first] = await h.say(DEV, "were off for half term")
    assert "We're off for half term." in first
    [both] = await h.say(DEV, "back on the 14th")
    assert "We're off for half term. Taking a break. Back on from Sat 14 Nov 2026." in both \
        or "Back on from Sat 14 Nov 2026." in both
    await h.say(DEV, "yes")
    notice = load_directory(str(offers_file)).get("saturday-strollers").notice
    assert notice is not None and "14 Nov 2026" in notice


async def test_already_full_needs_no_change(h, offers_file):
    await h.say(SUE, "FULL")
    await h.say(SUE, "YES")
    [reply] = await h.say(SUE, "we're full up")
    assert "already shows as full" in reply


async def test_a_resident_saying_the_same_words_gets_no_listing_change(h, offers_file):
    before = offers_file.read_text()
    for text in ("cancelled this thursday", "we're full now", "back on from 5 Jan"):
        replies = await h.say(STRANGER, text)
        assert all("Reply YES to save" not in r and "only the people who run" not in r
                   for r in replies), text
    assert offers_file.read_text() == before


async def test_a_residents_followup_about_cost_is_still_a_followup(h):
    await h.say(STRANGER, "walking group")
    await h.say(STRANGER, "1")
    [reply] = await h.say(STRANGER, "does it cost anything")
    assert "Reply YES to save" not in reply and "couldn't find" not in reply


async def test_thanks_is_not_a_yes(h, offers_file):
    before = offers_file.read_text()
    await h.say(SUE, "group is full for now")
    [reply] = await h.say(SUE, "thanks")
    assert reply.startswith("Thank you! We haven't saved it yet.") and "MENU" in reply
    assert offers_file.read_text() == before


# ---- in a safety hold (issue 13): a champion's own change still goes through ----

async def test_after_help_for_someone_else_a_champions_change_is_still_made(h, offers_file):
    [help_] = await h.say(SUE, "cant do walk today, one of our members just rang me saying "
                               "shes taken an overdose, what do i do")
    assert "999" in help_
    reply = await h.say(SUE, "we're moving to 1.30 til 3.30 from next week")
    assert reply[0].startswith("Millbrook Health Walk: the time will be: Tuesdays, 1:30pm")
    follow_up = reply[-1]
    assert len(reply) == 2 and "999" in follow_up  # the help, repeated after it
    [saved] = await h.say(SUE, "yes")  # the help is not repeated on every step
    assert saved.startswith("Saved. Millbrook Health Walk is up to date")
    assert walk(offers_file).schedule[0].opens_at == "13:30"
    assert len(await h.store.alerts.all_open()) == 1  # no new alert for the update


async def test_after_help_for_their_own_thoughts_of_suicide_every_message_gets_support(
        h, offers_file):
    await h.say(SUE, "i keep thinking everyone would be better off if i was gone")
    [reply] = await h.say(SUE, "no walk next week")
    assert "116 123" in reply and "Millbrook Health Walk" not in reply
    assert walk(offers_file).notice in (None, "")  # nothing changed or read back


async def test_in_a_hold_someone_who_runs_no_group_still_gets_the_follow_up(h):
    await h.say(STRANGER, "my friend texted goodbye and now wont answer her phone")
    [reply] = await h.say(STRANGER, "cancelled this thursday")
    assert "999" in reply and "Reply YES" not in reply


# ---- 4 December 2026, second round: a new meeting point, a bit taken out, on as normal ----

async def test_a_changed_meeting_point_is_read_back_as_the_place(h, offers_file):
    [reply] = await h.say(SUE, "start point has changed to the library steps because of "
                               "the works")
    assert reply.startswith("Millbrook Health Walk: the place will be: Library Steps.")
    assert "YES" in reply


async def test_a_bit_of_the_description_taken_out_is_read_back_then_saved(h, offers_file):
    [reply] = await h.say(SUE, "can you take out the bit about the cafe please")
    assert "we'll take this out of the description" in reply and "cafe" in reply
    await h.say(SUE, "yes")
    assert "cafe" not in walk(offers_file).description
    assert walk(offers_file).description.startswith("A gentle hour-long walk")


async def test_on_as_normal_changes_nothing(h, offers_file):
    before = offers_file.read_bytes()
    [reply] = await h.say(SUE, "its on as usual this week, rain or shine")
    assert "nothing to change" in reply
    assert offers_file.read_bytes() == before


async def test_their_own_health_question_before_yes_is_answered_and_the_change_waits(
        h, offers_file):
    await h.say(SUE, "we're moving to 1.30 til 3.30 from next week")
    medical, again = await h.say(SUE, "btw is it normal for my ankle to swell up on walks")
    assert "NHS 111" in medical and again.startswith("Reply YES to save")
    assert walk(offers_file).schedule[0].opens_at == "10:00"
    [saved] = await h.say(SUE, "yes")
    assert saved.startswith("Saved.")
    assert walk(offers_file).schedule[0].opens_at == "13:30"


# ---- 4 December 2026, third round: called off in other words ----

@pytest.mark.parametrize(("text", "notice"), [
    ("Just to let you know the walk on the 10th will not go ahead due to the Christmas fair. "
     "Regards, Sue", "No session on Tue 10 Nov 2026."),
    ("tonights walk is off, the park is flooded", "No session on Tue 3 Nov 2026."),
    ("tomorrows one is postponed sorry", "No session on Wed 4 Nov 2026."),
])
async def test_called_off_in_other_words_is_a_notice_for_that_day(h, offers_file, text, notice):
    [reply] = await h.say(SUE, text)
    assert reply.startswith(f'Millbrook Health Walk: we\'ll show "{notice}"'), reply
