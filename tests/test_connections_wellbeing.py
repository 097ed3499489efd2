"""Issue 17, item 5: the optional ONS4 wellbeing measure - opt-in, at most every 8 weeks,
the change for people who went against people who didn't, answers shown only to staff
with an audit entry, erased by FORGET ME, never passed on in a relay."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from connections_helpers import CHAMPION, TUESDAY, clock, job, start  # noqa: F401
from listings_helpers import Clock

from bot.harness import Harness
from bot.storage.connections import WellbeingRepository
from flows.connections import texts
from flows.connections.report import wellbeing_change
from flows.connections.wellbeing import score_in


@pytest.fixture
async def h(tmp_path: Path, clock: Clock) -> AsyncIterator[Harness]:
    harness = await start(tmp_path, clock, connections__wellbeing=True)
    yield harness
    await harness.close()


async def accept(h: Harness, resident: str) -> list[str]:
    await h.say(resident, "knitting group")
    await h.say(resident, "1")
    return await h.say(resident, "yes")


async def answer_all(h: Harness, resident: str, scores: tuple[str, ...]) -> list[str]:
    replies = []
    for score in scores:
        replies += await h.say(resident, score)
    return replies


@pytest.mark.parametrize("text,score", [("7", 7), ("7/10", 7), ("about 6 i think", 6),
                                        ("10", 10), ("0", 0), ("11", None), ("lots", None),
                                        ("6 or 7", None), ("8 out of 10", 8)])
def test_scores_are_read_from_what_people_type(text: str, score: int | None) -> None:
    assert score_in(text) == score


@pytest.mark.parametrize("resident", ["sms:+447700900001", "telegram:3001"])
async def test_opt_in_then_four_questions_then_again_after_8_weeks(
        h: Harness, clock: Clock, resident: str) -> None:
    waiting, invite = (await accept(h, resident))[-2:]
    assert waiting.startswith("Thank you. We'll ask Pat")
    assert invite == texts.WELLBEING_INVITE
    [q1] = await h.say(resident, "yes")
    assert q1 == texts.WELLBEING_QUESTIONS["life_satisfaction"]
    [again] = await h.say(resident, "pretty good")
    assert again == texts.WELLBEING_NUMBER
    replies = await answer_all(h, resident, ("6", "7/10", "5", "8"))
    assert replies == [texts.WELLBEING_QUESTIONS["worthwhile"],
                       texts.WELLBEING_QUESTIONS["happy"],
                       texts.WELLBEING_QUESTIONS["anxious"], texts.WELLBEING_THANKS]
    contact = await h.store.contacts.find(resident)
    assert contact is not None
    [first] = await WellbeingRepository(h.store).of(contact.id)
    assert first.scores() == {"life_satisfaction": 6, "worthwhile": 7, "happy": 5,
                              "anxious": 8}
    clock.now += timedelta(weeks=7)
    assert [t for _, t in await job(h, clock) if "4 quick questions" in t] == []
    clock.now = TUESDAY + timedelta(weeks=8, days=1)  # a Wednesday
    sent = await job(h, clock)
    assert [t for _, t in sent if t.startswith("Hello from Millbrook Health Centre. Would "
                                               "you answer the 4 quick questions")]
    await answer_all(h, resident, ("8", "8", "7", "4"))
    assert len(await WellbeingRepository(h.store).of(contact.id)) == 2


async def test_no_means_never_asked(h: Harness, clock: Clock) -> None:
    resident = "sms:+447700900001"
    await accept(h, resident)
    [reply] = await h.say(resident, "no thanks")
    assert reply == texts.WELLBEING_NO
    clock.now += timedelta(weeks=9)
    assert not [t for _, t in await job(h, clock) if "questions" in t]
    await h.say(resident, "walking group")
    await h.say(resident, "1")
    replies = await h.say(resident, "yes")
    assert texts.WELLBEING_INVITE not in replies


async def test_answers_are_never_relayed_to_the_champion(h: Harness) -> None:
    resident = "sms:+447700900001"
    await accept(h, resident)
    await h.say(resident, "yes")  # to the questions
    await h.say(CHAMPION, "yes")  # Pat says yes while the resident is mid-questions
    sent = [(str(m.to), m.text) for m in await h.exchange(resident, "3")]
    assert [who for who, _ in sent] == [resident]  # question 2, nothing to Pat
    await answer_all(h, resident, ("4", "5", "6"))
    sent = [(str(m.to), m.text) for m in await h.exchange(resident, "hi Pat!")]
    assert sent == [(CHAMPION, "Knit and Natter visitor: hi Pat!")]  # back in the relay


async def test_change_for_people_who_went_against_people_who_didnt(
        h: Harness, clock: Clock) -> None:
    went, stayed = "sms:+447700900001", "telegram:3002"
    for resident in (went, stayed):
        await accept(h, resident)
        await h.say(resident, "yes")
        await answer_all(h, resident, ("4", "4", "4", "8"))
        await h.say(CHAMPION, "yes")
    clock.now = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    await job(h, clock)  # the follow-ups
    await h.say(went, "yes")
    await h.say(stayed, "no")
    await h.say(stayed, "couldn't get there")
    clock.now = TUESDAY + timedelta(weeks=8, days=1)
    await job(h, clock)
    await answer_all(h, went, ("7", "8", "6", "3"))
    await answer_all(h, stayed, ("4", "5", "4", "8"))
    by_group = {w.group: w for w in await wellbeing_change(h.store)}
    assert by_group["went"].people == 1 and by_group["didn't go"].people == 1
    assert by_group["went"].change == {"life_satisfaction": 3.0, "worthwhile": 4.0,
                                       "happy": 2.0, "anxious": -5.0}
    assert by_group["didn't go"].change == {"life_satisfaction": 0.0, "worthwhile": 1.0,
                                            "happy": 0.0, "anxious": 0.0}


async def test_forget_me_erases_the_answers(h: Harness) -> None:
    resident = "sms:+447700900001"
    await accept(h, resident)
    await h.say(resident, "yes")
    await answer_all(h, resident, ("4", "4", "4", "8"))
    await h.say(resident, "FORGET ME")
    assert await h.store.fetchall("SELECT * FROM wellbeing_answers") == []
    assert await h.store.fetchall("SELECT * FROM wellbeing_consent") == []


async def test_staff_see_a_persons_answers_only_with_an_audit_entry(tmp_path: Path) -> None:
    from bot.dashboard.testing import DashboardSite
    from bot.messages import Address, Inbound
    from bot.storage import utcnow

    site = await DashboardSite.start(tmp_path, connections__wellbeing=True)
    try:
        resident = "sms:+447700900001"
        for n, text in enumerate(["knitting group", "1", "yes", "yes", "3", "4", "5", "9"]):
            await site.runtime.engine.receive(Inbound(Address.parse(resident), text,
                                                      f"w-{n}", utcnow()))
        contact = await site.store.contacts.find(resident)
        assert contact is not None
        client = await site.logged_in("staff")
        summary = await client.get("/staff/connections")
        assert f"/staff/connections/wellbeing/{contact.id}" in summary.text
        assert not await site.store.fetchall(
            "SELECT 1 FROM audit_log WHERE action='viewed-wellbeing'")
        page = await client.get(f"/staff/connections/wellbeing/{contact.id}")
        assert page.status_code == 200 and ">9<" in page.text
        [audit] = await site.store.fetchall(
            "SELECT actor, target FROM audit_log WHERE action='viewed-wellbeing'")
        assert audit["target"] == f"contact:{contact.id}"
        assert audit["actor"].startswith("staff:")
        assert (await client.get("/staff/connections/wellbeing/999")).status_code == 404
    finally:
        await site.stop()
