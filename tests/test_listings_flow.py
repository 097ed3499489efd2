"""Champions keep their listings current by message: transcripts on SMS and Telegram."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from listings_helpers import (  # noqa: F401  (fixtures)
    DEV,
    PRIYA,
    STAFF,
    STRANGER,
    SUE,
    TG_SUE,
    clock,
    h,
    offers_file,
)

from directory.loader import load_directory
from flows import listings_admin as admin


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


async def test_pause_then_yes_hides_the_offer_and_changes_only_its_status(h, offers_file):
    before = offers_file.read_text()
    assert "Millbrook Health Walk" in "".join(await h.say(STRANGER, "health walk tuesday"))
    assert await h.say(SUE, "PAUSE") == [
        "Millbrook Health Walk: we'll mark it as taking a break, so it won't show in "
        "searches until you text RESUME. Reply YES to save, or NO to leave it as it is."]
    assert await h.say(SUE, "yes") == [
        "Saved. Millbrook Health Walk is taking a break and won't show in searches. "
        "Text RESUME when it starts again."]
    assert "Millbrook Health Walk" not in "".join(await h.say(STRANGER, "health walk tuesday"))
    assert changed_lines(before, offers_file.read_text()) == [
        "+    status: paused", "-    last_reviewed: 2026-10-02", "+    last_reviewed: 2026-11-03"]
    assert await h.say(SUE, "RESUME") and (await h.say(SUE, "YES"))[0].startswith("Saved.")
    assert "Millbrook Health Walk" in "".join(await h.say(STRANGER, "health walk tuesday"))
    rows = await admin.history(h.store, "millbrook-health-walk")
    assert [(r["field"], r["old"], r["new"], r["source"]) for r in rows] == [
        ("status", "null", '"paused"', "PAUSE"),
        ("last_reviewed", '"2026-10-02"', '"2026-11-03"', "PAUSE"),
        ("status", '"paused"', '"active"', "RESUME")]
    assert rows[0]["actor"].startswith("contact:")


async def test_a_telegram_chat_linked_to_the_number_counts_as_the_maintainer(h, offers_file):
    sue = await h.store.contacts.for_address(SUE)
    await h.store.contacts.link_address(TG_SUE, sue.id)
    assert (await h.say(TG_SUE, "FULL"))[0].startswith("Millbrook Health Walk: we'll mark it")
    assert await h.say(TG_SUE, "YES") == [
        "Saved. Millbrook Health Walk is marked FULL. Text NOT FULL when there is room again."]
    assert "status: full" in offers_file.read_text()
    assert "(FULL)" in "".join(await h.say(STRANGER, "health walk tuesday"))


async def test_someone_who_runs_no_group_cannot_change_anything(h, offers_file):
    before = offers_file.read_text()
    for sender in (STRANGER, "telegram:777"):
        for word in ("PAUSE", "FULL", "NOTICE closed for good", "OFF 24 Dec", "UPDATE",
                     "APPROVE P1"):
            replies = await h.say(sender, word)
            assert replies == [
                "Sorry, only the people who run a group can change its listing. If you run "
                "one, ask the practice team to add your number to it."], word
        assert (await h.say(sender, "YES")) != []  # not a confirmation of anything
    assert offers_file.read_text() == before
    refused = await admin.history(h.store)
    assert len(refused) == 12 and {r["field"] for r in refused} == {"refused"}


async def test_no_leaves_it_as_it_is(h, offers_file):
    before = offers_file.read_text()
    await h.say(DEV, "PAUSE")
    assert await h.say(DEV, "no") == ["OK, nothing has changed."]
    assert offers_file.read_text() == before


async def test_notice_and_off_show_in_search_at_once_and_off_goes_by_itself(h, offers_file,
                                                                             clock):
    await h.say(PRIYA, "NOTICE Meet at the side gate this month")
    await h.say(PRIYA, "YES")
    assert "Note: Meet at the side gate this month" in "".join(
        await h.say(STRANGER, "walking thursday evening"))
    assert (await h.say(PRIYA, "OFF 24 Dec"))[0] == (
        'After Work Walk: we\'ll show "Meet at the side gate this month. No session on Thu 24 '
        'Dec 2026." until Thu 24 Dec 2026 has passed, then remove it. Reply YES to save, or NO '
        "to leave it as it is.")
    await h.say(PRIYA, "YES")
    assert "No session on Thu 24 Dec 2026." in "".join(
        await h.say(STRANGER, "walking thursday evening"))
    clock.now += timedelta(days=52)  # 25 Dec: the search no longer mentions it...
    reply = "".join(await h.say(STRANGER, "walking thursday evening"))
    assert "Meet at the side gate" in reply and "24 Dec" not in reply
    def walk() -> str:
        return offers_file.read_text().split("id: after-work-walk")[1].split("- id:")[0]

    assert "24 Dec" in walk()
    assert await admin.expire_offs(h.runtime.services) == 1  # ...and the job tidies the file
    assert "24 Dec" not in walk() and "notice: Meet at the side gate this month." in walk()
    await h.say(PRIYA, "NOTICE CLEAR")
    await h.say(PRIYA, "YES")
    assert "notice:" not in walk()


async def test_guided_update_of_day_and_time_place_and_cost(h, offers_file):
    assert (await h.say(DEV, "UPDATE"))[0].startswith(
        "What would you like to change for Saturday Strollers?\n1. Day or time")
    assert (await h.say(DEV, "1"))[0].startswith("When does it run now?")
    assert await h.say(DEV, "every other Sunday 2-3.30pm") == [
        "Saturday Strollers: day or time will be: every other Sunday, 2pm to 3:30pm. "
        "Reply YES to save, or NO to leave it as it is."]
    await h.say(DEV, "YES")
    await h.say(DEV, "update")
    await h.say(DEV, "2")
    assert (await h.say(DEV, "Church hall, Church Street, mb1 3ch"))[0] == (
        "Saturday Strollers: place will be: Church hall, Church Street, MB1 3CH. Reply YES "
        "to save, or NO to leave it as it is.")
    await h.say(DEV, "YES")
    await h.say(DEV, "UPDATE")
    await h.say(DEV, "5")
    await h.say(DEV, "2 pounds")
    await h.say(DEV, "YES")
    offer = load_directory(offers_file).get("saturday-strollers")
    assert offer is not None
    assert (offer.schedule[0].byday, offer.schedule[0].interval, offer.schedule[0].opens_at,
            offer.schedule[0].closes_at) == (["SU"], 2, "14:00", "15:30")
    assert offer.location is not None and offer.location.postcode == "MB1 3CH"
    assert offer.cost == "2 pounds"
    reply = "".join(await h.say(STRANGER, "walking sunday"))
    assert "Saturday Strollers" in reply and "Church hall" in reply


async def test_a_value_that_makes_no_sense_is_asked_again(h):
    await h.say(DEV, "UPDATE")
    await h.say(DEV, "1")
    assert (await h.say(DEV, "whenever"))[0].startswith("Sorry, we couldn't read a day")
    assert (await h.say(DEV, "first Thursday of the month 2pm"))[0].startswith(
        "Saturday Strollers: day or time will be: the first Thursday of each month, 2pm")


async def test_staff_admin_can_edit_any_offer_by_name(h, offers_file):
    assert (await h.say(STAFF, "PAUSE nordic walking"))[0].startswith(
        "Nordic Walking for Beginners: we'll mark it as taking a break")
    await h.say(STAFF, "YES")
    assert "status: paused  # waiting list only until the spring course" in (
        offers_file.read_text())


async def test_hand_edit_while_a_change_waits_for_yes_is_kept(h, offers_file):
    await h.say(SUE, "PAUSE")
    text = offers_file.read_text().replace("name: Saturday Strollers",
                                           "name: Saturday Strollers Club")
    offers_file.write_text(text.replace("# Millbrook dynamic", "# Edited by hand.\n# Millbrook dynamic"))
    assert (await h.say(SUE, "YES"))[0].startswith("Saved.")
    after = offers_file.read_text()
    assert "status: paused" in after and "Saturday Strollers Club" in after
    assert after.startswith("# Edited by hand.")


async def test_same_field_changed_by_hand_meanwhile_is_refused_clearly(h, offers_file):
    await h.say(SUE, "NOTICE Bring water")
    offers_file.write_text(offers_file.read_text().replace(
        '    contact: {name: Sue, phone: "07700 900101"}\n',
        '    contact: {name: Sue, phone: "07700 900101"}\n    notice: Staff note\n', 1))
    assert await h.say(SUE, "YES") == [
        "Sorry, someone changed the notice of Millbrook Health Walk while you were texting, "
        "so we didn't save yours. Text UPDATE to look again."]
    assert "notice: Staff note" in offers_file.read_text()


async def test_with_several_groups_the_bot_asks_which(h, offers_file):
    text = offers_file.read_text().replace('maintainers: ["+447700900102"]',
                                           'maintainers: ["+447700900101"]')
    offers_file.write_text(text)
    await h.runtime.services.reload_directory()
    assert await h.say(SUE, "PAUSE") == [
        "Which group is it?\n1. Millbrook Health Walk\n2. Saturday Strollers\n"
        "Reply with the number."]
    assert (await h.say(SUE, "2"))[0].startswith("Saturday Strollers: we'll mark it")


async def test_proposal_goes_to_staff_and_is_live_after_approval(h, offers_file):
    for said in ("new group", "Knit and Natter Two", "Mondays 10-12",
                 "Library, High Street, MB1 1HS", "me", "Knitting, crochet and a chat.",
                 "free"):
        replies = await h.say(STRANGER, said)
    assert replies[0].startswith("Here is your group:\nKnit and Natter Two\nMondays, 10am")
    assert (await h.say(STRANGER, "YES"))[0].startswith(
        "Thank you. We've sent it to the practice team (ref P1).")
    assert [p["data"]["name"] for p in await admin.pending_proposals(h.store)] == [
        "Knit and Natter Two"]
    assert "Knit and Natter Two" not in offers_file.read_text()
    assert "P1" in (await h.store.alerts.all_open())[-1]["detail"]
    sent = await h.exchange(STAFF, "APPROVE P1")
    assert sorted((str(m.to), m.text) for m in sent) == [
        (STRANGER, "Good news: Knit and Natter Two is now in the directory, so people can "
                   "find it. Thank you. Text UPDATE any time to change it."),
        (STAFF, "Done. P1 is live as knit-and-natter-two.")]
    assert await admin.pending_proposals(h.store) == []
    offer = load_directory(offers_file).get("knit-and-natter-two")
    assert offer is not None and offer.maintainers == ["+447700900555"]
    assert "Knit and Natter Two" in "".join(await h.say(PRIYA, "knit and natter two monday"))
    # The proposer now maintains it.
    assert (await h.say(STRANGER, "PAUSE"))[0].startswith("Knit and Natter Two: we'll mark")


async def test_proposal_on_telegram_goes_to_the_staff_chat(tmp_path, offers_file, clock):
    from bot.harness import Harness

    hh = await Harness.start(tmp_path, directory=str(offers_file), now=clock,
                             staff__telegram_chat_id="-100")
    try:
        for said in ("PROPOSE", "Chess club", "Wednesdays 7pm", "Library, MB1 1HS",
                     "Ann 07700 900777", "Chess for all levels, boards provided.", "free"):
            await hh.say("telegram:31", said)
        sent = await hh.exchange("telegram:31", "yes")
        texts = {m.to.id: m.text for m in sent}
        assert texts["-100"].startswith("New listing proposed: P1 Chess club.")
        assert texts["31"].startswith("Thank you. We've sent it")
        assert (await admin.pending_proposals(hh.store))[0]["data"]["maintainers"] == [
            "telegram:31"]
    finally:
        await hh.close()


async def test_regular_check_yes_and_no_answer(h, offers_file, clock):
    services = h.runtime.services
    offers_file.write_text(offers_file.read_text().replace("last_reviewed: 2026-08-08",
                                                           "last_reviewed: 2026-01-08"))
    await services.reload_directory()
    assert await admin.send_due_reviews(services) == 2  # walking-football and pedal-pals
    sent = await h.deliver()
    to_gary = [m for m in sent if str(m.to) == "sms:+447700900104"]
    assert to_gary and to_gary[0].text.endswith(
        "Reply YES if this is still right, or UPDATE to change it.")
    assert "Walking Football" in to_gary[0].text
    assert await admin.send_due_reviews(services) == 0  # one text only
    assert await h.say("sms:+447700900104", "YES") == [
        "Thank you. We've noted that Walking Football is still right."]
    assert "last_reviewed: 2026-11-03" in offers_file.read_text().split(
        "id: walking-football")[1][:800]
    clock.now += timedelta(days=15)
    assert await admin.expire_reviews(services) == 1
    assert [r["offer_id"] for r in await admin.unconfirmed_reviews(h.store)] == ["pedal-pals"]


async def test_no_checks_outside_the_sending_window(h, clock):
    clock.now = clock.now.replace(hour=21)
    assert await admin.send_due_reviews(h.runtime.services) == 0


@pytest.mark.sqlite_only("the staff command runs in a subprocess, on the SQLite file")
async def test_staff_digest_lists_pending_proposals(h, offers_file, tmp_path):
    for said in ("new group", "Board games night", "Fridays 7pm",
                 "Library, High Street, MB1 1HS", "me", "Games and a chat.", "free", "YES"):
        await h.say(STRANGER, said)
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "BOT_STORAGE_DATABASE": str(tmp_path / "bot.db")}
    result = subprocess.run([sys.executable, "-m", "bot", "staff", "digest"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "P1  Board games night" in result.stdout
    assert "python -m bot directory approve P1" in result.stdout


@pytest.mark.sqlite_only("the staff command runs in a subprocess, on the SQLite file")
async def test_staff_can_reject_a_proposal_from_the_command_line(h, offers_file, tmp_path):
    for said in ("new group", "Board games night", "Fridays 7pm",
                 "Library, High Street, MB1 1HS", "me", "Games and a chat.", "free", "YES"):
        await h.say(STRANGER, said)
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "BOT_STORAGE_DATABASE": str(tmp_path / "bot.db"),
           "BOT_DIRECTORY_PATH": str(offers_file)}
    command = [sys.executable, "-m", "bot", "directory", "reject", "P1", "--reason", "duplicate"]
    first = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                           timeout=120)
    assert first.returncode == 0, first.stderr
    assert "P1 rejected" in first.stdout
    assert await admin.pending_proposals(h.store) == []
    assert "Board games night" not in offers_file.read_text()
    again = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 1 and "already rejected" in again.stderr
