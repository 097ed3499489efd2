"""The understanding step: after the router's fixed safety steps, before flows.

It answers the kinds that are not searches (small talk, medical and practice questions,
other languages, complaints, questions about what was just shown) and adds a warm line for
someone who says how they feel. A search, or a message another flow owns (an invitation
reply, a champion's listing change), goes on through the router unchanged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.phones import display_uk
from directory.matching import find_offers
from flows import champion
from flows import listings_admin as admin
from flows.base import Turn
from flows.listings import YES as LISTINGS_YES
from flows.listings import is_command as is_listings_command
from flows.signposting import (
    MORE_WORDS,
    NOT_HELPFUL_WORDS,
    NOT_RUNNING,
    YES_WORDS,
    SignpostingFlow,
)
from flows.understanding import (
    asks_about_whole_list,
    feeling_of_their_own,
    followup,
    names_shown_offer,
    note,
    replies,
    topics_of,
    understand,
)
from flows.understanding import phrases as _phrases
from flows.understanding.language import is_clearly_other_language
from flows.understanding.replies import fixed_reply
from flows.understanding.warmth import support_query, warm_line
from flows.words import normalise

if TYPE_CHECKING:
    from flows.router import Router

SIGNPOSTING = "signposting"


async def answer(turn: Turn, router: Router) -> bool:
    """Answer the turn if it is not a search; False lets the router carry on."""
    live = turn.conversation
    context = "none"
    data: dict[str, Any] = {}
    names: list[str] = []
    if live is not None:
        if live.flow != SIGNPOSTING:
            # An invitation or a listing change owns the conversation; a message in another
            # language still gets the interpreter reply, and their conversation stands.
            if is_clearly_other_language(turn.text):
                note("other_language")
                turn.say(fixed_reply(turn, "other_language"))
                turn.converse(live.flow, live.step, dict(live.data))
                return True
            return False
        data = dict(live.data)
        if live.step == "offer_pass_on":
            if normalise(turn.text) in (*YES_WORDS, "no", "nope", "no thanks", "n"):
                return False  # the answer to "pass your request on?"
        elif _signposting_word(turn.text):
            return False
        shown = _shown(data)
        if shown:  # the offers they still have on screen
            context = "shown_one" if data.get("detail") or len(shown) == 1 else "shown_several"
            names = _names(turn, shown)
            number = _details_asked(turn.text, names)
            if number is not None and isinstance(router.fallback, SignpostingFlow):
                note("followup")  # "tell me more about the buggy one": as if they sent 2
                return await router.fallback.details(turn, number, data)
            further = _details_further_on(turn, data, names)
            if further is not None and isinstance(router.fallback, SignpostingFlow):
                # "tell me more about the nordic one": one the same search has further on
                # (MORE would show it), named as if it were on screen.
                note("followup")
                return await router.fallback.details(turn, 1, {**data, "shown": [further]})
    elif await _another_flow_wants(turn, router):
        return False
    directory = turn.services.directory()
    shown_ids = set(_shown(data))
    kind = understand(turn.text, context, shown_names=names,
                      has_need=lambda text: _asks_for_something(directory, text),
                      other_offer=lambda text: _finds_other_offers(directory, text, shown_ids))
    note(kind)
    if kind == "search" and feeling_of_their_own(turn.text):
        # Asked for in so many words, with a feeling of their own ("is there a bereavement
        # group, lost my brother"): the kind line, then the offers.
        return await _answer_feeling(turn, router)
    if kind == "search" and live is None and isinstance(router.fallback, SignpostingFlow):
        # "somewhere my son can go on friday nights hes 14 and bored stiff": when the words
        # about how someone else feels are what find nothing, search without them.
        # Likewise a circumstance told with the need: "wanna quit vaping before my mum finds
        # out", "any football for my lad as he has got nothing to do".
        if not find_offers(directory, turn.text, limit=1).matches:
            for plain in (_without_feelings(turn.text), _without_circumstances(turn.text)):
                if plain and find_offers(directory, plain, limit=1).matches:
                    await router.fallback.search(turn, plain)
                    return True
    if kind == "search":
        if live is not None and live.step == "results" and context != "none":
            return await _new_search_after_results(turn, router, data)
        return False
    if kind == "feeling":
        return await _answer_feeling(turn, router)
    if kind == "followup":
        return _answer_followup(turn, data)
    turn.say(fixed_reply(turn, kind))
    if kind == "thanks_bye":
        turn.end_conversation()
    elif live is not None and live.step == "offer_pass_on":
        turn.end_conversation()  # they moved on; "YES" later is not about that request
    return True


def _asks_for_something(directory: Any, text: str) -> bool:
    """Does the directory find offers for a need in the text (not just a day or time)?"""
    result = find_offers(directory, text, limit=1)
    return bool(result.matches and (result.words or result.categories))


def _finds_other_offers(directory: Any, text: str, shown: set[str]) -> bool:
    """Does the text ask for offers that were not shown (and none that were)?"""
    result = find_offers(directory, text, limit=3)
    if not (result.matches and (result.words or result.categories)):
        return False
    return not any(m.offer.id in shown for m in result.matches)


async def _new_search_after_results(turn: Turn, router: Router, data: dict[str, Any]) -> bool:
    """A new search after a list; if nothing fits, the list shown stays askable."""
    search = router.fallback
    if not isinstance(search, SignpostingFlow) or await _another_flow_wants(turn, router):
        return False
    refinement = find_offers(turn.services.directory(), turn.text, limit=0)
    if not refinement.words:
        return False  # "what about saturday?": signposting narrows the last search
    await search.search(turn, turn.text, shown_before=data)
    return True


async def _answer_feeling(turn: Turn, router: Router) -> bool:
    """A warm line, then offers: for their words, else for the support the feeling needs."""
    search = router.fallback
    if not isinstance(search, SignpostingFlow):
        return False
    query = turn.text
    directory = turn.services.directory()
    if not find_offers(directory, query, limit=1).matches:
        plain = _without_feelings(turn.text)
        query = plain if plain and find_offers(directory, plain, limit=1).matches \
            else support_query(turn.text)
        if not find_offers(directory, query, limit=1).matches:
            turn.say(replies.FEELING_NO_OFFERS.format(
                line=warm_line(turn.text).rstrip(":") + ".",
                practice=turn.services.config.practice.name,
                phone=display_uk(turn.services.config.practice.phone)))
            turn.end_conversation()
            return True
    await search.search(turn, query, lead=warm_line(turn.text))
    return True


def _answer_followup(turn: Turn, data: dict[str, Any]) -> bool:
    directory = turn.services.directory()
    norm, shown = normalise(turn.text), _shown(data)
    # After focusing on one, a question about all of them or naming another is about the list.
    about_list = len(shown) > 1 and (asks_about_whole_list(norm) or followup.which_offer(
        norm, len(shown), _names(turn, shown)) is not None)
    if not shown:  # "is it free?" before any group was shown
        turn.say(replies.WHICH_GROUP)
        return True
    ids = [str(data["detail"])] if data.get("detail") and not about_list else shown
    found = [o for o in (directory.get(i) for i in ids) if o is not None]
    offers = [o for o in found if o.suggestible]
    if not offers:
        if not found:
            return False  # what they were shown has gone from the directory
        turn.say(NOT_RUNNING)  # paused or ended since it was shown: never its details
        turn.converse(SIGNPOSTING, "results", data)
        return True
    phone = display_uk(turn.services.config.practice.phone)
    reply, about = followup.answer(turn.text, offers, phone)
    turn.say(reply)
    if about is not None:
        data = {**data, "detail": about.id}  # "and is it free?" is about the same one
    turn.converse(SIGNPOSTING, "results", data)  # they may ask something else about it
    return True


def _without_feelings(text: str) -> str:
    """The message without its parts that tell a feeling ("..., and bored stiff"); empty if
    no part does."""
    parts = [p.strip() for p in re.split(r"[,.;!?]+|\s+(?:and|but|tbh)\s+", text) if p.strip()]
    kept = [p for p in parts if not _phrases()["feeling"].matches(normalise(p))]
    return ", ".join(kept) if len(kept) < len(parts) else ""


# A clause that tells why or when, not what: "before my mum finds out", "as he has got
# nothing to do", "because i work nights".
_CIRCUMSTANCE = re.compile(r"\s+(before|because|cos|coz|since|so that|in case|until|till|"
                           r"as (he|she|i|im|we|they|my|it|its|hes|shes))\b[^,.;!?]*")


def _without_circumstances(text: str) -> str:
    """The message without its clauses about why or when; empty if it has none."""
    plain = _CIRCUMSTANCE.sub("", text).strip()
    return plain if plain != text.strip() and re.search(r"[a-z]{3}", plain, re.I) else ""


# "tell me more about the buggy one", "more info on the first", "details of number 2"
_DETAILS = re.compile(r"^(ok |yes |yeah |and |so |please |pls |can (you|u) |could (you|u) )*"
                      r"(tell me (a bit |a little )?more|more (info|information|details)|"
                      r"(full |the )?details|info|send me (the )?details)\b")


def _details_asked(text: str, names: list[str]) -> int | None:
    """The number of the shown offer whose details they ask for by name or place, if any."""
    norm = normalise(text)
    if len(names) < 2 or not _DETAILS.match(norm) or topics_of(norm):
        return None
    position = followup.which_offer(norm, len(names), names)
    return None if position is None else position + 1


def _details_further_on(turn: Turn, data: dict[str, Any], names: list[str]) -> str | None:
    """The id of an offer not on screen but in the same search, whose details they ask
    for by name ("tell me more about the nordic one"), if exactly one fits."""
    norm = normalise(turn.text)
    query = str(data.get("query") or "")
    if not query or not _DETAILS.match(norm) or topics_of(norm) or \
            names_shown_offer(norm, names) is not None:
        return None
    further = [m.offer for m in find_offers(turn.services.directory(), query, limit=12).matches
               if m.offer.id not in _shown(data)]
    position = names_shown_offer(norm, [o.name for o in further])
    return None if position is None else further[position].id


def _names(turn: Turn, ids: list[str]) -> list[str]:
    directory = turn.services.directory()
    return [o.name for o in (directory.get(i) for i in ids) if o is not None]


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
            addresses = set(await turn.store.contacts.addresses_of(turn.contact.id))
            if admin.maintained_offers(turn.services.directory(),
                                       addresses | {str(turn.inbound.sender)}):
                return True
        else:
            return True
    return False
