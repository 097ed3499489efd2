"""The understanding step: after the router's fixed safety steps, before flows.

It answers the kinds that are not searches (small talk, medical and practice questions,
other languages, complaints, questions about what was just shown) and adds a warm line for
someone who says how they feel. A search, or a message another flow owns (an invitation
reply, a champion's listing change), goes on through the router unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.phones import display_uk
from flows import champion
from flows import listings_admin as admin
from flows.base import Turn
from flows.listings import YES as LISTINGS_YES
from flows.listings import is_command as is_listings_command
from flows.signposting import MORE_WORDS, NOT_HELPFUL_WORDS, SignpostingFlow
from flows.understanding import followup, note, replies, understand
from flows.understanding.warmth import warm_line
from flows.words import normalise

if TYPE_CHECKING:
    from flows.router import Router

SIGNPOSTING = "signposting"


async def answer(turn: Turn, router: Router) -> bool:
    """Answer the turn if it is not a search; False lets the router carry on."""
    live = turn.conversation
    context = "none"
    data: dict[str, Any] = {}
    if live is not None:
        if live.flow != SIGNPOSTING:
            return False  # an invitation or a listing change owns the conversation
        data = dict(live.data)
        if live.step == "offer_pass_on" or _signposting_word(turn.text):
            return False
        shown = _shown(data)
        context = "shown_one" if data.get("detail") or len(shown) == 1 else "shown_several"
    elif await _another_flow_wants(turn, router):
        return False
    kind = understand(turn.text, context)
    note(kind)
    if kind == "search":
        return False
    if kind == "feeling":
        search = router.fallback
        if not isinstance(search, SignpostingFlow):
            return False
        await search.search(turn, turn.text, lead=warm_line(turn.text))
        return True
    if kind == "followup":
        return _answer_followup(turn, data)
    turn.say(fixed_reply(turn, kind))
    if kind == "thanks_bye":
        turn.end_conversation()
    return True


def fixed_reply(turn: Turn, kind: str) -> str:
    practice = turn.services.config.practice
    values = {"practice": practice.name, "phone": display_uk(practice.phone)}
    if kind == "practice":
        hours = practice.opening_hours
        online = practice.online_services
        text = replies.PRACTICE.format(
            hours=replies.PRACTICE_HOURS.format(hours=hours) if hours else "",
            online=replies.PRACTICE_ONLINE.format(online=online) if online else "", **values)
        if practice.website:
            text = text.replace(" This text service", replies.PRACTICE_WEBSITE.format(
                website=practice.website) + " This text service")
        return text
    template = {"greeting": replies.GREETING, "thanks_bye": replies.THANKS_BYE,
                "empty": replies.EMPTY, "other_language": replies.OTHER_LANGUAGE,
                "medical": replies.MEDICAL, "complaint": replies.COMPLAINT}[kind]
    return template.format(**values)


def _answer_followup(turn: Turn, data: dict[str, Any]) -> bool:
    directory = turn.services.directory()
    ids = [str(data["detail"])] if data.get("detail") else _shown(data)
    offers = [o for o in (directory.get(i) for i in ids) if o is not None]
    phone = display_uk(turn.services.config.practice.phone)
    reply = followup.answer(turn.text, offers, phone)
    if reply is None:
        return False
    turn.say(reply)
    turn.converse(SIGNPOSTING, "results", data)  # they may ask something else about it
    return True


def _shown(data: dict[str, Any]) -> list[str]:
    shown = data.get("shown")
    return [str(i) for i in shown] if isinstance(shown, list) else []


def _signposting_word(text: str) -> bool:
    """A number, MORE or NO after results belongs to signposting."""
    word = normalise(text)
    return word.isdecimal() or word in MORE_WORDS or word in NOT_HELPFUL_WORDS


async def _another_flow_wants(turn: Turn, router: Router) -> bool:
    """An invitation reply, a champion's command or a maintainer's listing change in their
    own words ("we're full now") goes to its own flow."""
    word = normalise(turn.text)
    if word in champion.ENTRY_WORDS:
        return True
    for flow in router.flows:
        if not flow.wants(turn):
            continue
        if flow.name == champion.FLOW:
            if await champion._recent_invitation(turn) is not None:
                return True
        elif word in LISTINGS_YES or not is_listings_command(turn.text):
            addresses = set(await turn.store.addresses_of(turn.contact.id))
            if admin.maintained_offers(turn.services.directory(),
                                       addresses | {str(turn.inbound.sender)}):
                return True
        else:
            return True
    return False
