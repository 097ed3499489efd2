"""The optional wellbeing measure: the four ONS personal wellbeing questions (ONS4).

Offered once, after someone says yes to an introduction (when connections.wellbeing is
on); only people who say YES are asked, and again at most every
connections.wellbeing_every (8 weeks) by the job. SKIP stops them for good. A person's
answers are shown only to staff, each view audited (bot/dashboard/pages_connections.py).

Steps: "wellbeing_optin" (YES or NO), "wellbeing" (data: set id and which question).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bot.storage import Store
from bot.storage.connections import MEASURES, WellbeingRepository
from flows.base import Turn
from flows.connections import texts
from flows.connections.people import FLOW, SHORT_STEP, back_to_relay, send
from flows.words import normalise

SKIP_WORDS = ("skip", "stop questions", "no more questions", "skip questions")
_SCORE = re.compile(r"^\D*?(\d{1,2})(?:\s*(?:/|out of)\s*10)?\D*$")


def score_in(text: str) -> int | None:
    """'7', '7/10', 'about 6 i think' -> the score; None unless one number from 0 to 10."""
    found = _SCORE.match(text.strip())
    if not found:
        return None
    value = int(found.group(1))
    return value if 0 <= value <= 10 else None


def invite(turn: Turn) -> bool:
    """After an introduction YES: ask whether they'd answer the questions (once ever)."""
    turn.say(texts.WELLBEING_INVITE, choices=("YES", "NO"))
    turn.converse(FLOW, "wellbeing_optin", {})
    return True


async def may_invite(turn: Turn) -> bool:
    """The practice has it on and this person was never asked."""
    if not turn.services.config.connections.wellbeing:
        return False
    return await WellbeingRepository(turn.store).consent(turn.contact.id) is None


async def handle(turn: Turn, step: str, data: dict[str, Any]) -> bool:
    repo = WellbeingRepository(turn.store)
    now = turn.services.now()
    word = normalise(turn.text)
    me = turn.contact.id
    if step == "wellbeing_optin":
        if word in ("yes", "y", "yes please", "ok", "okay", "sure", "yeah", "go on"):
            await repo.set_consent(me, True, now)
            set_id = await repo.start(me, now)
            await _ask(turn.store, me, set_id, 0, now, turn=turn)
            return True
        if word in ("no", "n", "no thanks", "nope", "no thank you", *SKIP_WORDS):
            await repo.set_consent(me, False, now)
            turn.say(texts.WELLBEING_NO)
            await back_to_relay(turn.store, me, now)
            return True
        await back_to_relay(turn.store, me, now)
        return False
    if word in SKIP_WORDS:
        await repo.set_consent(me, False, now)
        turn.say(texts.WELLBEING_SKIPPED)
        await back_to_relay(turn.store, me, now)
        return True
    score = score_in(turn.text)
    if score is None:
        turn.say(texts.WELLBEING_NUMBER)
        return True
    set_id, n = int(data["set"]), int(data["n"])
    last = n == len(MEASURES) - 1
    await repo.answer(set_id, MEASURES[n], score, now, last)
    if last:
        turn.say(texts.WELLBEING_THANKS)
        await turn.store.conversations.end(me)
        await back_to_relay(turn.store, me, now)
    else:
        await _ask(turn.store, me, set_id, n + 1, now, turn=turn)
    return True


async def _ask(store: Store, contact_id: int, set_id: int, n: int, now: datetime,
               lead: str = "", turn: Turn | None = None) -> bool:
    """Question n (from 0) goes out (as the reply, in a turn); this flow owns the answer."""
    question = texts.WELLBEING_QUESTIONS[MEASURES[n]]
    text = lead.format(question=question) if lead else question
    if turn is not None:
        turn.say(text)
    elif not await send(store, contact_id, text):
        return False
    await store.conversations.save(contact_id, FLOW, "wellbeing", {"set": set_id, "n": n},
                                   now, SHORT_STEP)
    return True


async def ask_again(store: Store, config: Any, now: datetime) -> int:
    """The job: people who said yes and were last asked long enough ago; how many asked."""
    repo = WellbeingRepository(store)
    asked = 0
    for contact_id in await repo.due(now - config.connections.wellbeing_every, now):
        if await store.conversations.load(contact_id, now) is not None:
            continue  # mid-conversation or in a relay: next time
        person = await store.contacts.get(contact_id)  # named by their own practice
        theirs = config.seen_by(person.practice) if person is not None else config
        async with store.transaction():
            set_id = await repo.start(contact_id, now)
            lead = texts.WELLBEING_AGAIN.replace("{practice}", theirs.practice.name)
            if await _ask(store, contact_id, set_id, 0, now, lead=lead):
                asked += 1
    return asked
