"""The introductions conversation, on both sides.

Steps (stored under the flow name "connections"):
  "ask"      -- a champion was asked; YES opens the relay, NO is passed on kindly
  "relay"    -- an open relay: what either person texts goes to the other, through the
                practice number, after the router's crisis check (never a crisis)
  "followup" -- "Did you get along?" was sent; YES, NO or NOT YET
  "barrier"  -- after NO: what got in the way (kept scrubbed, with no link to the person)
  "call"     -- CALL asks the practice to ring them
The resident's YES or NO to the offer itself is answered inside the signposting
conversation (IntroductionOffer), so questions about the offer keep working.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

from bot.phones import display_uk
from bot.redact import redact_personal
from bot.storage.connections import (
    ACCEPTED,
    CHAMPION_DECLINED,
    DECLINED,
    INTRODUCED,
    ConnectionsRepository,
    Introduction,
)
from directory.model import Offer
from flows import crisis
from flows.base import Turn
from flows.connections import texts, wellbeing
from flows.connections.actions import (
    ask_champion,
    end_relay,
    name_of,
    offer_of,
    tell_not_this_time,
    wait_words,
)
from flows.connections.people import (
    FLOW,
    SHORT_STEP,
    back_to_relay,
    champion_for,
    free_ref,
    point,
    send,
)
from flows.connections.sessions import next_session
from flows.listings import is_command as listing_command
from flows.listings_admin import maintained_offers
from flows.words import normalise

log = logging.getLogger(__name__)

YES = ("yes", "y", "yes please", "yeah", "yep", "yes thanks", "yes thank you")
NO = ("no", "n", "no thanks", "nope", "no thank you")
NOT_YET = ("not yet", "notyet", "not yet but i will")
END_WORDS = ("end intro", "endintro", "end introduction", "end the intro",
             "end the introduction", "end intros")
ON_WORDS = ("introductions on", "introduction on", "intros on", "intro on")
OFF_WORDS = ("introductions off", "introduction off", "intros off", "intro off")
CALL_WORDS = ("call", "call me", "call please", "please call", "please call me", "ring me",
              "yes call", "yes call me")
FOLLOW_UP_OPEN = timedelta(days=7)  # a "did you go?" answer counts this long after asking
_NUMBERED = re.compile(r"^\s*\(?(\d{1,2})\)?[\s:.,-]+(.+)$", re.DOTALL)


def repository(turn: Turn) -> ConnectionsRepository:
    return ConnectionsRepository(turn.store)


class IntroductionOffer:
    """Plugged into signposting: after an offer's details, offer an introduction."""

    async def after_details(self, turn: Turn, offer: Offer) -> tuple[str, dict[str, Any]]:
        """The question when a champion takes introductions, and the data to remember."""
        # "introduce": None replaces the question asked about an offer shown before.
        found = await champion_for(turn.store, offer, turn.contact.practice)
        if found is None:
            return "", {"introduce": None}
        champion, first_name = found
        if champion.id == turn.contact.id:
            return "", {"introduce": None}  # a champion looking at their own group
        repo = repository(turn)
        if await repo.in_progress(turn.contact.id, offer.id):
            return "", {"introduce": None}
        intro_id = await repo.add_offered(offer.id, offer.name, first_name, turn.contact.id,
                                          champion.id, turn.services.now())
        question = (texts.OFFER_QUESTION.format(first_name=first_name) if first_name
                    else texts.OFFER_QUESTION_NO_NAME)
        return question, {"introduce": intro_id}

    async def answer(self, turn: Turn, word: str, data: dict[str, Any]) -> bool:
        """YES or NO to the question; anything else is for signposting."""
        intro_id = data.get("introduce")
        if not isinstance(intro_id, int) or word not in (*YES, *NO):
            return False
        repo = repository(turn)
        intro = await repo.get(intro_id)
        if intro is None or intro.state != "offered":
            return False
        now = turn.services.now()
        rest = {k: v for k, v in data.items() if k != "introduce"}
        if word in NO:
            await repo.update(intro.id, state=DECLINED, answered_at=now)
            turn.say(texts.RESIDENT_NO)
            turn.converse("signposting", "results", rest)
            return True
        offer = offer_of(turn.services.directory(), intro)
        session = next_session(offer, _local(turn)) if offer else None
        await repo.update(intro.id, state=ACCEPTED, accepted_at=now, session_on=session)
        config = turn.services.config
        turn.say(texts.RESIDENT_ASKING.format(
            first_name=name_of(intro), wait=wait_words(config.connections.answer_within)))
        if await wellbeing.may_invite(turn):
            wellbeing.invite(turn)
        else:
            turn.end_conversation()
        fresh = await repo.get(intro.id)
        if fresh is not None and _window_open(turn):
            await ask_champion(turn.store, config, fresh, now)
        return True


class ConnectionsFlow:
    """The relay, the champion's answer, END INTRO, INTRODUCTIONS ON/OFF, the follow-up."""

    name = FLOW

    def wants(self, turn: Turn) -> bool:
        """Command words, and the short answers that may be for an introduction (CALL
        only counts at the "call" step, which owns the conversation)."""
        word = normalise(turn.text)
        return word in (*END_WORDS, *ON_WORDS, *OFF_WORDS, *YES, *NO, *NOT_YET)

    async def handle(self, turn: Turn) -> bool:
        word = normalise(turn.text)
        live = turn.conversation if (
            turn.conversation is not None and turn.conversation.flow == FLOW) else None
        step = live.step if live else ""
        data = dict(live.data) if live else {}
        me = turn.contact.id
        repo = repository(turn)
        now = turn.services.now()
        if step.startswith("wellbeing"):
            if await wellbeing.handle(turn, step, data):
                return True
            # Not an answer to "would you answer 4 questions?": on as if never asked.
            step = "relay" if await repo.open_relays(me, now) else ""
        if word in END_WORDS:
            return await self.end_intro(turn)
        if word in ON_WORDS or word in OFF_WORDS:
            return await self.switch(turn, word in ON_WORDS)
        if word in YES or word in NO:
            ask = await repo.ask_waiting_for(me)
            if ask is not None:
                return await self.champion_answers(turn, ask, word in YES)
            if step == "ask" or await repo.lapsed_for(me, now - FOLLOW_UP_OPEN):
                turn.say(texts.CHAMPION_LATE)
                await back_to_relay(turn.store, me, now)
                return True
        if word in (*YES, *NO, *NOT_YET):
            waiting = await repo.followup_waiting(me, now - FOLLOW_UP_OPEN)
            if waiting is not None:
                return await self.followup_answer(turn, waiting, word)
        if step == "barrier":
            return await self.barrier(turn, data)
        if word in CALL_WORDS and step == "call":
            return await self.call(turn, data)
        if step == "relay":
            return await self.relay(turn)
        return False

    # ---- the champion's answer ----

    async def champion_answers(self, turn: Turn, intro: Introduction, yes: bool) -> bool:
        repo = repository(turn)
        store = turn.store
        now = turn.services.now()
        config = turn.services.config
        resident = await store.contacts.get(intro.resident_id) if intro.resident_id else None
        if not yes or resident is None or resident.opted_out:
            await repo.update(intro.id, state=CHAMPION_DECLINED, answered_at=now)
            turn.say(texts.CHAMPION_NO if not yes else texts.CHAMPION_LATE)
            if not yes:
                offer = offer_of(turn.services.directory(), intro)
                await tell_not_this_time(store, intro, offer, now, no_answer=False)
            await back_to_relay(store, turn.contact.id, now)
            await self._next_ask(turn)
            return True
        until = now + config.connections.relay_for
        resident_refs = [r.ref_for(resident.id) for r in await repo.open_relays(resident.id, now)]
        champion_refs = [r.ref_for(turn.contact.id)
                         for r in await repo.open_relays(turn.contact.id, now)]
        await repo.update(intro.id, state=INTRODUCED, answered_at=now, introduced_at=now,
                          relay_until=until, resident_ref=free_ref(resident_refs),
                          champion_ref=free_ref(champion_refs))
        turn.say(texts.CHAMPION_YES.format(days=config.connections.relay_for.days))
        await send(store, resident.id, texts.RESIDENT_INTRODUCED.format(
            first_name=intro.champion_name or "Someone", offer=intro.offer_name))
        for contact_id in (turn.contact.id, resident.id):
            await point(store, contact_id, "relay", {}, now, until)
        log.info("introduction %s: introduced", intro.id)
        await self._next_ask(turn)
        return True

    async def _next_ask(self, turn: Turn) -> None:
        """A champion with more people waiting: the next question, if the window is open."""
        if not _window_open(turn):
            return
        for waiting in await repository(turn).asks_to_send():
            if waiting.champion_id == turn.contact.id:
                await ask_champion(turn.store, turn.services.config, waiting,
                                   turn.services.now())
                return

    # ---- the relay ----

    async def relay(self, turn: Turn) -> bool:
        """Pass the message to the other person, never a crisis, never a number."""
        me = turn.contact.id
        now = turn.services.now()
        store = turn.store
        repo = repository(turn)
        found = crisis.detect(turn.text)
        if found is not None:  # the router answers crises first; this is the second belt
            await crisis.answer_crisis(turn, found)
            return True
        relays = await repo.open_relays(me, now)
        if not relays:
            turn.say(texts.NO_RELAY)
            await back_to_relay(store, me, now)
            return True
        if listing_command(turn.text) and any(r.champion_id == me for r in relays):
            return False  # a champion's UPDATE, PAUSE or FULL goes to their listing
        intro, body = _which(relays, me, turn.text)
        if intro is None:
            turn.say(texts.RELAY_PICK.format(
                count=len(relays), example=min(r.ref_for(me) or 1 for r in relays)))
            return True
        other = intro.other_side(me)
        person = await store.contacts.get(other) if other is not None else None
        if person is None or person.opted_out:
            await end_relay(store, intro, now, "stop")
            turn.say(texts.NOT_PASSED_ON.format(offer=intro.offer_name))
            return True
        assert other is not None
        many = len(await repo.open_relays(other, now)) > 1
        ref = f" ({intro.ref_for(other)})" if many else ""
        if me == intro.resident_id:
            text = texts.RELAY_TO_CHAMPION.format(offer=intro.offer_name, ref=ref, body=body)
        else:
            text = texts.RELAY_TO_RESIDENT.format(first_name=name_of(intro).capitalize(),
                                                  offer=intro.offer_name, ref=ref, body=body)
        await send(store, other, text, private=True)
        until = intro.relay_until or now
        for contact_id in (me, other):
            await point(store, contact_id, "relay", {}, now, until)
        log.info("introduction %s: message relayed", intro.id)
        return True

    async def end_intro(self, turn: Turn) -> bool:
        me = turn.contact.id
        now = turn.services.now()
        relays = await repository(turn).open_relays(me, now)
        if not relays:
            turn.say(texts.NO_RELAY)
            await back_to_relay(turn.store, me, now)
            return True
        for intro in relays:
            await end_relay(turn.store, intro, now, "end-intro", tell=(intro.other_side(me),))
        names = " and ".join(dict.fromkeys(r.offer_name for r in relays))
        turn.say(texts.END_CONFIRM.format(offer=names))
        return True

    # ---- a champion pausing or taking introductions ----

    async def switch(self, turn: Turn, on: bool) -> bool:
        addresses = set(await turn.store.contacts.addresses_of(turn.contact.id))
        own = maintained_offers(turn.services.directory(),
                                addresses | {str(turn.inbound.sender)})
        if not own:
            turn.say(texts.INTRODUCTIONS_NOT_YOURS)
            return True
        await repository(turn).set_takes_introductions(turn.contact.id, on,
                                                      turn.services.now())
        await turn.store.audit.record(turn.actor, "introductions-on" if on else "introductions-off")
        if on:
            names = " and ".join(o.name for o in own[:3])
            turn.say(texts.INTRODUCTIONS_ON.format(offers=names))
        else:
            turn.say(texts.INTRODUCTIONS_OFF)
        return True

    # ---- after the session ----

    async def followup_answer(self, turn: Turn, intro: Introduction, word: str) -> bool:
        repo = repository(turn)
        now = turn.services.now()
        if word in YES:
            await repo.update(intro.id, went="yes", went_at=now)
            turn.say(texts.WENT)
        elif word in NOT_YET:
            await repo.update(intro.id, went="not-yet", went_at=now)
            turn.say(texts.NOT_YET)
        else:
            await repo.update(intro.id, went="no", went_at=now)
            turn.say(texts.WHAT_GOT_IN_THE_WAY)
            await turn.store.conversations.save(turn.contact.id, FLOW, "barrier",
                                                {"intro": intro.id}, now, SHORT_STEP)
            return True
        await back_to_relay(turn.store, turn.contact.id, now)
        return True

    async def barrier(self, turn: Turn, data: dict[str, Any]) -> bool:
        """Keep what got in the way, scrubbed and with no link to the person."""
        repo = repository(turn)
        now = turn.services.now()
        intro = await repo.get(int(data.get("intro") or 0))
        if intro is not None:
            reason = redact_personal(" ".join(turn.text.split())[:300])
            await repo.add_barrier(now, intro.offer_id, intro.offer_name, reason,
                                   turn.contact.practice)
        turn.say(texts.AFTER_BARRIER, choices=("CALL",))
        await turn.store.conversations.save(turn.contact.id, FLOW, "call", dict(data), now,
                                            SHORT_STEP)
        return True

    async def call(self, turn: Turn, data: dict[str, Any]) -> bool:
        intro = await repository(turn).get(int(data.get("intro") or 0))
        group = intro.offer_name if intro else "a group"
        await turn.store.alerts.add(
            "connection-call", f"Someone would like a call from the practice about {group}"
            " (an introduction that didn't work out).", turn.contact.id)
        phone = display_uk(turn.services.config.practice.phone)
        turn.say(texts.CALL_ARRANGED.format(phone=phone))
        await back_to_relay(turn.store, turn.contact.id, turn.services.now())
        return True


def _which(relays: list[Introduction], me: int, text: str) -> tuple[Introduction | None, str]:
    """The relay a message is for: the only one, or the one its leading number names."""
    body = text.strip()
    if len(relays) == 1:
        return relays[0], body
    found = _NUMBERED.match(body)
    if found:
        for intro in relays:
            if intro.ref_for(me) == int(found.group(1)):
                return intro, found.group(2).strip()
    return None, body


def _local(turn: Turn) -> Any:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(turn.services.config.campaigns.send_window.timezone)
    return turn.services.now().astimezone(zone)


def _window_open(turn: Turn) -> bool:
    from bot.campaigns.window import SendWindow

    return SendWindow.from_config(turn.services.config).is_open(turn.services.now())
