"""Signposting conversations as transcripts: details, MORE, refining, nothing fits."""

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.gsm import count_segments, is_gsm
from bot.redact import redact_personal
from flows.needs import unmet_needs_report

ROOT = Path(__file__).resolve().parent.parent
ASKER = "sms:+447700900321"


async def test_walking_groups_then_details_then_more(harness):
    [first] = await harness.say(ASKER, "any walking groups?")
    assert first.startswith("1. ") and "Reply 1" in first and "MORE" in first
    assert count_segments(first).segments <= 3 and is_gsm(first)
    name_of_first = first.splitlines()[0][3:]
    [details] = await harness.say(ASKER, "1")
    assert details.startswith(name_of_first)
    [more] = await harness.say(ASKER, "MORE")
    assert more != first and name_of_first not in more


async def test_a_follow_up_day_refines_the_last_search(harness):
    await harness.say(ASKER, "walking group")
    [saturday] = await harness.say(ASKER, "what about saturday?")
    assert "Saturday" in saturday.split("\n\n")[0]


async def test_knitting_typo_and_day(harness):
    [reply] = await harness.say(ASKER, "nitting group thursday?")
    assert "Knit" in reply.split("\n\n")[0] and "Thursday" in reply


async def test_nothing_fits_offers_to_pass_it_on_only_with_a_yes(harness):
    [reply] = await harness.say(ASKER, "golf")
    assert "couldn't find" in reply and "YES or NO" in reply
    assert await harness.store.alerts.all_open() == []
    [thanks] = await harness.say(ASKER, "yes please")
    assert "passed your request" in thanks and "01632 960000" in thanks
    alerts = await harness.store.alerts.all_open()
    assert [a["kind"] for a in alerts] == ["request-passed-on"]


async def test_ladies_only_with_no_group_for_women_says_what_was_looked_for(harness):
    [reply] = await harness.say(ASKER, "ladies only group?")
    assert reply.startswith("Sorry, we don't know of a local group just for women yet.")
    assert "YES or NO" in reply and is_gsm(reply)
    [shed] = await harness.say("sms:+447700900555", "any mens only groups")
    assert "Men's Shed" in shed


async def test_no_means_nothing_is_passed_on(harness):
    await harness.say(ASKER, "passport photos")
    [reply] = await harness.say(ASKER, "no")
    assert "won't pass it on" in reply
    assert await harness.store.alerts.all_open() == []


async def test_a_new_question_after_results_is_a_new_search(harness):
    await harness.say(ASKER, "any walking groups?")
    [reply] = await harness.say(ASKER, "ukelele")
    assert "Ukulele" in reply


async def test_unmet_needs_are_recorded_without_the_number_and_reported(harness):
    await harness.say(ASKER, "golf lessons please my number is 07700 900321")
    await harness.say(ASKER, "no")
    await harness.say(ASKER, "any walking groups?")
    await harness.say(ASKER, "no")  # those didn't help
    rows = await harness.store.fetchall("SELECT * FROM unmet_needs")
    assert [row["reason"] for row in rows] == ["no-match", "not-helpful"]
    for row in rows:
        assert "900321" not in " ".join(str(v) for v in tuple(row))
    report = await unmet_needs_report(harness.store, datetime.now(UTC) - timedelta(days=30))
    assert sum(group.count for group in report) == 2
    assert any("golf" in group.key or any("golf" in e for e in group.examples)
               for group in report)


def test_scrub_example_removes_personal_details():
    cleaned = redact_personal("my name is Pat Smith, call 07700 900321 or pat@example.org MB1 2PR")
    assert "Pat" not in cleaned and "900321" not in cleaned
    assert "example.org" not in cleaned and "MB1" not in cleaned


def test_simulate_gives_the_same_replies_as_chat_as_json_lines():
    script = [{"from": "+447700900123", "text": "any walking groups?"},
              {"from": "+447700900123", "text": "STOP"},
              {"from": "+447700900123", "text": "hello?"},
              {"from": "+447700900123", "text": "START"},
              {"from": "+447700900123", "text": "I want to end it all"},
              {"from": "5551234", "channel": "telegram", "text": "I'm lonely"}]
    result = subprocess.run(
        [sys.executable, "-m", "bot", "simulate"], cwd=ROOT, capture_output=True, text=True,
        input="\n".join(json.dumps(line) for line in script) + "\n", timeout=120)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["in_reply_to"] for o in out] == [0, 1, 3, 4, 5]
    assert out[0]["to"] == "+447700900123" and out[0]["channel"] == "sms"
    assert "walk" in out[0]["text"].lower() and out[0]["choices"][0] == "1"
    assert "START" in out[1]["text"]
    assert "116 123" in out[3]["text"]
    assert out[4]["channel"] == "telegram" and out[4]["to"] == "5551234"


def test_simulate_reports_bad_lines_with_their_number():
    result = subprocess.run(
        [sys.executable, "-m", "bot", "simulate"], cwd=ROOT, capture_output=True, text=True,
        input='{"from": "+447700900123", "text": "help"}\nnot json\n{"text": "x"}\n',
        timeout=120)
    assert result.returncode == 1
    assert "line 2: not valid JSON" in result.stderr
    assert 'line 3: needs "from"' in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 1


@pytest.mark.sqlite_only("simulate runs in subprocesses, on the SQLite file")
def test_searches_are_counted_in_the_database_across_restarts_and_simulate(tmp_path):
    """Today's "Searches" count: written in the turn, so two separate simulate runs (two
    processes, as after a restart, with no dashboard running) add up; MORE and a repeat of
    the same search are not new searches."""
    import asyncio
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from bot.storage import Store
    from bot.storage.stats import StatsRepository

    db = tmp_path / "bot.db"
    runs = [["any walking groups?", "MORE", "any walking groups?"], ["karate for kids"]]
    for texts in runs:
        script = "\n".join(json.dumps({"from": "+447700900410", "text": t}) for t in texts)
        sim = subprocess.run([sys.executable, "-m", "bot", "simulate", "--db", str(db)],
                             cwd=ROOT, input=script + "\n", capture_output=True, text=True,
                             timeout=120)
        assert sim.returncode == 0, sim.stderr

    async def today() -> int:
        store = await Store.open(str(db))
        try:
            zone = ZoneInfo("Europe/London")
            now = datetime.now(zone)
            start = datetime.combine(now.date(), time(0), zone)
            return (await StatsRepository(store).today(start, now.date().isoformat())).searches
        finally:
            await store.close()

    assert asyncio.run(today()) == 2


def test_report_needs_command_lists_requests_grouped(tmp_path):
    db = tmp_path / "bot.db"
    script = "\n".join(json.dumps({"from": "+447700900400", "text": t})
                       for t in ["golf", "no", "golf please", "no", "passport photos", "no"])
    sim = subprocess.run([sys.executable, "-m", "bot", "simulate", "--db", str(db)], cwd=ROOT,
                         input=script + "\n", capture_output=True, text=True, timeout=120)
    assert sim.returncode == 0, sim.stderr
    env_db = {"BOT_STORAGE_DATABASE": str(db)}
    import os
    report = subprocess.run([sys.executable, "-m", "bot", "report", "needs", "--since", "7d",
                             "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, **env_db})
    assert report.returncode == 0, report.stderr
    groups = json.loads(report.stdout)
    assert sum(g["count"] for g in groups) == 3
    golf = [g for g in groups if "golf" in g["need"] or any("golf" in e for e in g["examples"])]
    assert golf and sum(g["count"] for g in golf) == 2
    bad = subprocess.run([sys.executable, "-m", "bot", "report", "needs", "--since", "lots"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, **env_db})
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.startswith("--since: ")


async def test_no_session_on_the_day_asked_says_so_and_shows_other_days(harness):
    [reply] = await harness.exchange(ASKER, "knitting on sunday")
    assert reply.text.startswith("Nothing at that time, but these run on other days")
    assert "Knit" in reply.text


async def test_a_single_result_does_not_offer_more(harness):
    [reply] = await harness.exchange(ASKER, "knit and natter")
    assert "MORE" not in reply.text and reply.choices == ("1",)


async def test_an_offer_paused_after_the_list_was_shown_is_never_shown(tmp_path):
    """Choosing "2" after the second group was paused gets a kind no, never its details."""
    import shutil

    from bot.harness import Harness

    offers = tmp_path / "offers.yaml"
    shutil.copy(ROOT / "directory" / "example" / "offers.yaml", offers)
    h = await Harness.start(tmp_path, directory=str(offers))
    try:
        [listing] = await h.say(ASKER, "coffee morning")
        first, second = (entry.splitlines()[0][3:] for entry in listing.split("\n\n")[:2])
        offer_id = next(o.id for o in h.runtime.services.directory().offers if o.name == second)
        text = offers.read_text(encoding="utf-8")
        start = text.index(f"- id: {offer_id}\n")
        end = text.index("- id: ", start + 1)
        block = text[start:end].replace("\n    categories:", "\n    status: paused\n"
                                        "    categories:", 1)
        offers.write_text(text[:start] + block + text[end:], encoding="utf-8")
        await h.runtime.services.reload_directory()
        assert not h.runtime.services.directory().get(offer_id).suggestible

        [reply] = await h.say(ASKER, "2")
        assert "isn't running at the moment" in reply and second not in reply
        [details] = await h.say(ASKER, "1")
        assert details.startswith(first)
        [again] = await h.say(ASKER, "coffee morning")
        assert second not in again
    finally:
        await h.close()


async def test_a_question_about_an_offer_paused_after_it_was_shown_gets_a_kind_no(tmp_path):
    """"is it free" about the group whose details were just shown, paused since: no details."""
    import shutil

    from bot.harness import Harness

    offers = tmp_path / "offers.yaml"
    shutil.copy(ROOT / "directory" / "example" / "offers.yaml", offers)
    h = await Harness.start(tmp_path, directory=str(offers))
    try:
        await h.say(ASKER, "coffee morning")
        [details] = await h.say(ASKER, "1")
        offer = next(o for o in h.runtime.services.directory().offers
                     if details.startswith(o.name))
        text = offers.read_text(encoding="utf-8")
        start = text.index(f"- id: {offer.id}\n")
        end = text.index("- id: ", start + 1)
        block = text[start:end].replace("\n    categories:", "\n    status: paused\n"
                                        "    categories:", 1)
        offers.write_text(text[:start] + block + text[end:], encoding="utf-8")
        await h.runtime.services.reload_directory()

        [reply] = await h.say(ASKER, "is it free")
        assert "isn't running at the moment" in reply and offer.name not in reply
    finally:
        await h.close()


async def test_a_whole_sentence_request_finds_its_offer(harness):
    # Issue 16: the chat around the request ("the baby comes", "sorry for the long message")
    # found nothing before, and the bot offered to pass the request on.
    [reply] = await harness.say(ASKER, "hello, does anyone know if there is a stop smoking "
                                       "service? my husband wants to quit before the baby comes")
    assert reply.startswith("1. Stop Smoking Clinic") and is_gsm(reply)
    [grief] = await harness.say("sms:+447700900556", "Hello, I lost my mum a few weeks ago "
                                "and I cant stop crying. Is there anyone I could talk to about "
                                "grief? Sorry for the long message")
    assert "Stepping Stones Bereavement Group" in grief and "couldn't find" not in grief
