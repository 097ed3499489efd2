"""Issue 17: introductions to the champion who runs a group, as transcripts.

Each path runs with the resident on SMS and on Telegram (the champion's number is the
example directory's maintainer for Knit and Natter). tests/test_connections_channels.py
runs the same conversations through the real Twilio and Telegram clients."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from connections_helpers import CHAMPION, TUESDAY, clock, job, start  # noqa: F401
from listings_helpers import Clock

from bot.gsm import count_segments, is_gsm
from bot.harness import Harness
from bot.storage.connections import ConnectionsRepository
from flows.connections import texts

ROOT = Path(__file__).resolve().parent.parent
CHAMPION_NUMBERS = ("07700 900107", "7700900107", "+447700900107")


@pytest.fixture
async def h(tmp_path: Path, clock: Clock) -> AsyncIterator[Harness]:
    harness = await start(tmp_path, clock)
    yield harness
    await harness.close()


@pytest.fixture(params=["sms:+447700900001", "telegram:3001"])
def resident(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def to(h: Harness, sender: str, text: str) -> list[tuple[str, str]]:
    """Send as `sender`; (recipient, text) for everything delivered, to anyone."""
    return [(str(m.to), m.text) for m in await h.exchange(sender, text)]


def texts_to(sent: list[tuple[str, str]], who: str) -> list[str]:
    return [text for address, text in sent if address == who]


async def introduce(h: Harness, resident: str) -> None:
    """Search, details with the question, both YESes: the relay is open."""
    await h.say(resident, "knitting group")
    [details] = await h.say(resident, "1")
    assert details.startswith("Knit and Natter")
    assert details.endswith(texts.OFFER_QUESTION.format(first_name="Pat"))
    sent = await to(h, resident, "yes")
    [ask] = texts_to(sent, CHAMPION)
    assert ask.startswith("Someone would like to come to Knit and Natter on Thursday and "
                          "would be glad of a friendly face. Could you text them? Reply YES "
                          "or NO.")
    assert resident.split(":")[1][-6:] not in ask
    [waiting] = texts_to(sent, resident)
    assert "We'll ask Pat" in waiting and "2 days" in waiting
    sent = await to(h, CHAMPION, "YES")
    [thanks] = texts_to(sent, CHAMPION)
    assert "END INTRO" in thanks and "14 days" in thanks
    [news] = texts_to(sent, resident)
    assert news.startswith("Good news: Pat from Knit and Natter")
    assert not any(n in news for n in CHAMPION_NUMBERS)


async def intro_row(h: Harness) -> dict[str, object]:
    [row] = await h.store.fetchall("SELECT * FROM introductions")
    return dict(row)


async def test_both_yeses_then_messages_go_both_ways_without_numbers(
        h: Harness, resident: str) -> None:
    await introduce(h, resident)
    sent = await to(h, resident, "hi Pat, is it ok if I come on thursday? bit nervous")
    assert sent == [(CHAMPION, "Knit and Natter visitor: hi Pat, is it ok if I come on "
                               "thursday? bit nervous")]
    sent = await to(h, CHAMPION, "Of course! I'll meet you at the library door at 2")
    assert sent == [(resident, "Pat (Knit and Natter): Of course! I'll meet you at the "
                               "library door at 2")]
    row = await intro_row(h)
    assert row["state"] == "introduced" and row["session_on"] == "2026-12-03"
    # Relayed bodies are not kept once sent.
    kept = [r["text"] for r in await h.store.fetchall("SELECT text FROM outbox")]
    assert not any("nervous" in t or "library door" in t for t in kept)


async def test_the_resident_saying_no_is_kind_and_keeps_the_details(
        h: Harness, resident: str) -> None:
    await h.say(resident, "knitting group")
    await h.say(resident, "1")
    [reply] = await h.say(resident, "no thanks")
    assert reply == texts.RESIDENT_NO
    assert (await intro_row(h))["state"] == "declined"
    [again] = await h.say(resident, "is there parking?")
    assert "Knit and Natter" in again  # still about the offer just shown


async def test_a_champion_no_is_told_kindly_with_the_groups_contact_and_a_call(
        h: Harness, resident: str) -> None:
    await h.say(resident, "knitting group")
    await h.say(resident, "1")
    await h.say(resident, "yes")
    sent = await to(h, CHAMPION, "no")
    assert texts_to(sent, CHAMPION) == [texts.CHAMPION_NO]
    [kind] = texts_to(sent, resident)
    assert kind.startswith("Sorry, Pat can't get in touch this time.")
    assert "07700 900107" in kind and "reply CALL" in kind
    [called] = await h.say(resident, "call me")
    assert "ring you" in called and "01632 960000" in called
    [alert] = await h.store.fetchall("SELECT * FROM staff_alerts")
    assert alert["kind"] == "connection-call" and "Knit and Natter" in alert["detail"]
    assert (await intro_row(h))["state"] == "champion_declined"


async def test_no_answer_in_48_hours_times_out_kindly(
        h: Harness, clock: Clock, resident: str) -> None:
    await h.say(resident, "knitting group")
    await h.say(resident, "1")
    await h.say(resident, "yes")
    clock.now += timedelta(hours=47)
    assert await job(h, clock) == []
    clock.now += timedelta(hours=2)
    sent = await job(h, clock)
    [kind] = texts_to(sent, resident)
    assert kind.startswith("Sorry, we haven't heard back from Pat this time.")
    assert (await intro_row(h))["state"] == "timed_out"
    [late] = await h.say(CHAMPION, "yes")
    assert late == texts.CHAMPION_LATE
    assert (await intro_row(h))["state"] == "timed_out"


async def test_the_ask_waits_for_the_sending_window(h: Harness, clock: Clock,
                                                    resident: str) -> None:
    clock.now = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)  # Tuesday evening
    await h.say(resident, "knitting group")
    await h.say(resident, "1")
    sent = await to(h, resident, "yes")
    assert texts_to(sent, CHAMPION) == []
    assert await job(h, clock) == []
    clock.now = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
    [(who, ask)] = await job(h, clock)
    assert who == CHAMPION and ask.startswith("Someone would like to come")


@pytest.mark.parametrize("side", ["resident", "champion"])
async def test_stop_from_either_side_ends_the_relay(h: Harness, clock: Clock, resident: str,
                                                    side: str) -> None:
    await introduce(h, resident)
    stopper, other = (resident, CHAMPION) if side == "resident" else (CHAMPION, resident)
    [confirmation] = await h.say(stopper, "STOP")
    assert "won't get any more texts" in confirmation
    sent = await to(h, other, "are you still coming?")
    assert sent == [(other, texts.NOT_PASSED_ON.format(offer="Knit and Natter"))]
    row = await intro_row(h)
    assert row["state"] == "ended" and row["end_reason"] == "stop"
    assert await job(h, clock) == []


async def test_stop_is_noticed_by_the_job_and_the_other_side_told(
        h: Harness, clock: Clock, resident: str) -> None:
    await introduce(h, resident)
    await h.say(resident, "STOP")
    sent = await job(h, clock)
    assert sent == [(CHAMPION, texts.ENDED_OTHER.format(offer="Knit and Natter"))]


@pytest.mark.parametrize("side", ["resident", "champion"])
async def test_end_intro_from_either_side(h: Harness, resident: str, side: str) -> None:
    await introduce(h, resident)
    ender, other = (resident, CHAMPION) if side == "resident" else (CHAMPION, resident)
    sent = await to(h, ender, "End intro")
    assert texts_to(sent, ender) == [texts.END_CONFIRM.format(offer="Knit and Natter")]
    assert texts_to(sent, other) == [texts.ENDED_OTHER.format(offer="Knit and Natter")]
    sent = await to(h, other, "hello?")
    assert texts_to(sent, ender) == []  # nothing passed on any more
    row = await intro_row(h)
    assert row["state"] == "ended" and row["end_reason"] == "end-intro"


@pytest.mark.parametrize("side", ["resident", "champion"])
async def test_forget_me_from_either_side_erases_the_introduction(
        h: Harness, resident: str, side: str) -> None:
    await introduce(h, resident)
    await h.say(resident, "my name is Jimmy Smith-Jones, ring me on 07700 900323")
    forgetter, other = (resident, CHAMPION) if side == "resident" else (CHAMPION, resident)
    [done] = await h.say(forgetter, "FORGET ME")
    assert done.startswith("Done. Millbrook Health Centre has deleted your details")
    assert await h.store.fetchall("SELECT * FROM introductions") == []
    tables = await h.store.tables()
    assert {"introductions", "introduction_settings", "connection_barriers"} <= set(tables)
    for table in tables:  # every column of every table, as tests/test_security_personal_data
        for row in await h.store.fetchall(f"SELECT * FROM {table}"):
            values = " ".join(str(v) for v in tuple(row))
            assert "Jimmy" not in values and "900323" not in values, table
    [reply] = await h.say(other, "hello?")
    assert "no introduction open" in reply


async def test_a_crisis_inside_the_relay_gets_help_and_never_reaches_the_champion(
        h: Harness, resident: str) -> None:
    await introduce(h, resident)
    sent = await to(h, resident, "i cant do this anymore i want to kill myself")
    assert texts_to(sent, CHAMPION) == []
    [help_text] = texts_to(sent, resident)
    assert "116 123" in help_text and "999" in help_text
    [alert] = await h.store.fetchall("SELECT * FROM staff_alerts")
    assert alert["kind"] == "crisis"
    # While they are in the safety state nothing they text is passed on either.
    sent = await to(h, resident, "sorry about that")
    assert texts_to(sent, CHAMPION) == []


async def test_a_crisis_from_the_champion_is_not_passed_to_the_resident(
        h: Harness, resident: str) -> None:
    await introduce(h, resident)
    sent = await to(h, CHAMPION, "honestly i want to end my life")
    assert texts_to(sent, resident) == []
    assert "116 123" in texts_to(sent, CHAMPION)[0]


async def test_the_relay_closes_after_14_days(h: Harness, clock: Clock, resident: str) -> None:
    await introduce(h, resident)
    clock.now += timedelta(days=14, minutes=1)
    sent = await job(h, clock)
    closed = texts.RELAY_CLOSED.format(offer="Knit and Natter")
    assert (resident, closed) in sent and (CHAMPION, closed) in sent
    # The session (Thursday) is long past too: the one follow-up goes in the same run.
    assert len(sent) == 3 and texts_to(sent, resident)[-1].startswith("Did you get along")
    assert (await intro_row(h))["end_reason"] == "time-up"


async def test_follow_up_once_after_the_session_yes(h: Harness, clock: Clock,
                                                    resident: str) -> None:
    await introduce(h, resident)
    await h.say(resident, "END INTRO")
    clock.now = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)  # the day after Thursday's session
    assert await job(h, clock) == []
    clock.now = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # Monday, 4 days after
    assert await job(h, clock) == [(resident, "Did you get along to Knit and Natter? Reply "
                                              "YES, NO or NOT YET.")]
    assert await job(h, clock) == []  # once only
    [reply] = await h.say(resident, "yes")
    assert reply == texts.WENT
    assert (await intro_row(h))["went"] == "yes"


async def test_follow_up_no_asks_what_got_in_the_way_and_keeps_it_scrubbed(
        h: Harness, clock: Clock, resident: str) -> None:
    await introduce(h, resident)
    clock.now = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    await job(h, clock)
    [asked] = await h.say(resident, "no")  # the relay is still open: this is the answer
    assert asked == texts.WHAT_GOT_IN_THE_WAY
    [after] = await h.say(resident, "the bus from 12 Acacia Avenue MB1 2XY never came, "
                                    "call 07700 900323")
    assert after == texts.AFTER_BARRIER
    [barrier] = await h.store.fetchall("SELECT * FROM connection_barriers")
    assert "bus" in barrier["reason"]
    for token in ("Acacia", "MB1 2XY", "900323"):
        assert token not in barrier["reason"]
    assert set(barrier.keys()) == {"id", "at", "offer_id", "offer_name", "reason",
                                   "practice_id"}
    [called] = await h.say(resident, "CALL")
    assert "ring you" in called
    await h.say(resident, "FORGET ME")
    assert len(await h.store.fetchall("SELECT * FROM connection_barriers")) == 1


async def test_follow_up_not_yet(h: Harness, clock: Clock, resident: str) -> None:
    await introduce(h, resident)
    await h.say(resident, "end intro")
    clock.now = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    await job(h, clock)
    [reply] = await h.say(resident, "not yet")
    assert reply == texts.NOT_YET
    assert (await intro_row(h))["went"] == "not-yet"


async def test_champions_can_pause_introductions_and_turn_them_on(h: Harness,
                                                                  resident: str) -> None:
    [paused] = await h.say(CHAMPION, "INTRODUCTIONS OFF")
    assert paused == texts.INTRODUCTIONS_OFF
    await h.say(resident, "knitting group")
    [details] = await h.say(resident, "1")
    # The other maintainer (+447700900108, no name known) has not paused: they are asked.
    assert details.endswith(texts.OFFER_QUESTION_NO_NAME)
    await h.say(resident, "no")
    await h.say("sms:+447700900108", "introductions off")
    await h.say(resident, "knitting group")
    [details] = await h.say(resident, "1")
    assert "Reply YES or NO" not in details
    [on] = await h.say(CHAMPION, "introductions on")
    assert "Knit and Natter" in on
    await h.say(resident, "knitting group")
    [details] = await h.say(resident, "1")
    assert details.endswith("Reply YES or NO.")


async def test_introductions_on_from_someone_who_runs_no_group(h: Harness) -> None:
    [reply] = await h.say("sms:+447700900555", "INTRODUCTIONS ON")
    assert reply == texts.INTRODUCTIONS_NOT_YOURS


async def test_a_champion_with_two_relays_picks_by_number(h: Harness) -> None:
    first, second = "sms:+447700900001", "telegram:3002"
    await introduce(h, first)
    await introduce(h, second)
    [(who, relayed)] = await to(h, second, "hello from the second")
    assert who == CHAMPION and relayed.startswith("Knit and Natter visitor (2): ")
    [pick] = await h.say(CHAMPION, "see you thursday")
    assert pick.startswith("You're in touch with 2 people.")
    assert await to(h, CHAMPION, "2 see you thursday") == [
        (second, "Pat (Knit and Natter): see you thursday")]
    assert await to(h, CHAMPION, "1 welcome!") == [(first, "Pat (Knit and Natter): welcome!")]


@pytest.mark.sqlite_only("the report command runs in a subprocess, on the SQLite file")
async def test_report_counts_by_week_group_and_champion(h: Harness, clock: Clock,
                                                        tmp_path: Path) -> None:
    await introduce(h, "sms:+447700900001")
    await h.say("telegram:3005", "knitting group")
    await h.say("telegram:3005", "1")
    await h.say("telegram:3005", "no")
    clock.now = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    await job(h, clock)
    await h.say("sms:+447700900001", "no")
    await h.say("sms:+447700900001", "it was raining")
    config = tmp_path / "config.yaml"
    config.write_text(f"storage:\n  database: {tmp_path / 'bot.db'}\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "bot", "report", "connections", "--since",
                          "3650d", "--json", "--config", str(config)], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["total"] == {"offered": 2, "accepted": 1, "introduced": 1, "champion_no": 0,
                               "no_answer": 0, "went": 0, "did_not_go": 1}
    assert [g["group"] for g in report["groups"]] == ["Knit and Natter"]
    assert report["champions"][0]["champion"].startswith("Pat #")
    assert report["weeks"][0]["week_starting"] == "2026-11-30"
    assert report["reasons"] == [{"group": "Knit and Natter", "reason": "it was raining"}]
    text = subprocess.run([sys.executable, "-m", "bot", "report", "connections", "--since",
                           "3650d", "--config", str(config)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert "Knit and Natter" in text.stdout and "it was raining" in text.stdout


def test_every_text_is_gsm7_and_at_most_three_segments() -> None:
    filled: Callable[[str], str] = lambda t: t.format(  # noqa: E731
        first_name="Christopher", offer="Seated Strength and Balance", wait="2 days",
        day=" on Wednesday", days=14, contact=" Call or text 07700 900107.",
        phone="01632 960000", offers="Seated Strength and Balance and Walking Football",
        ref=" (2)", body="x" * 200, count=2, example=1, practice="Millbrook Health Centre",
        question=texts.WELLBEING_QUESTIONS["life_satisfaction"])
    questions = {f"WELLBEING_QUESTIONS.{k}": v for k, v in texts.WELLBEING_QUESTIONS.items()}
    for name, text in {**texts.ALL, **questions}.items():
        if not isinstance(text, str):
            continue
        assert is_gsm(filled(text)), name
        assert count_segments(filled(text)).segments <= 3, name
        assert "referr" not in text.lower(), name


async def test_repository_returns_plain_dataclasses(h: Harness, resident: str) -> None:
    await introduce(h, resident)
    repo = ConnectionsRepository(h.store)
    [intro] = await repo.since(TUESDAY - timedelta(days=1))
    assert intro.state == "introduced" and intro.offer_name == "Knit and Natter"
    assert intro.relay_until == TUESDAY + timedelta(days=14)


async def test_the_dashboard_shows_connections_by_week_without_personal_details(
        tmp_path: Path) -> None:
    from bot.dashboard.testing import DashboardSite
    from bot.messages import Address, Inbound
    from bot.storage import utcnow

    site = await DashboardSite.start(tmp_path)
    try:
        for n, (sender, text) in enumerate([("sms:+447700900001", "knitting group"),
                                            ("sms:+447700900001", "1"),
                                            ("sms:+447700900001", "yes"),
                                            (CHAMPION, "yes")]):
            await site.runtime.engine.receive(Inbound(Address.parse(sender), text,
                                                      f"dash-{n}", utcnow()))
        client = await site.logged_in("staff")
        page = await client.get("/staff/connections")
        assert page.status_code == 200
        assert "Knit and Natter" in page.text and "Pat #" in page.text
        assert "900001" not in page.text and "900107" not in page.text
        assert 'href="/staff/connections"' in (await client.get("/staff/")).text
    finally:
        await site.stop()


async def test_after_a_crisis_the_job_puts_the_resident_back_in_the_relay(
        h: Harness, clock: Clock, resident: str) -> None:
    await introduce(h, resident)
    await h.say(resident, "i want to kill myself")
    clock.now += timedelta(hours=25)  # the safety state (24h) is over
    await job(h, clock)
    assert await to(h, resident, "sorry Pat, I'm ok now") == [
        (CHAMPION, "Knit and Natter visitor: sorry Pat, I'm ok now")]
