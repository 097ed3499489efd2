"""Signposting: what the person asked for, matched against the directory.

Steps (stored, so a reply can come after a restart):
  "results"       -- offers shown; 1/2/3 for details, MORE for the next ones, a day or time
                     ("what about saturday?") refines the last search, NO says it didn't help
  "offer_pass_on" -- nothing fitted; YES passes the request to the practice team
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from bot.gsm import count_segments
from bot.redact import personal_free_words
from bot.storage.stats import StatsRepository
from directory.categories import CATEGORIES
from directory.matching import SearchResult, find_offers
from directory.model import Offer
from directory.texts import fit_results, format_offer_full
from flows.base import Turn
from flows.needs import record_unmet_need
from flows.words import normalise

PAGE = 3
# "sorry my english little" apologises for their English: it is not a need for English
# classes, so with another need in the message it is left out of the search.
_ENGLISH_APOLOGY = re.compile(
    r"\b(sorry,? )?(for )?((my|me|mi) )?english( is| are|s)? (not (so |very |too )?(good|great|"
    r"well|perfect)|little|a little|bad|poor|no good|weak|broken|not much)\b|"
    r"\b(sorry,? )?(for )?(my )?(bad|poor|broken|little) english\b|"
    r"\b(i |me )?(speak|know) (only )?(a )?little english\b|\benglish not good\b",
    re.IGNORECASE)
MORE_WORDS = ("more", "more please", "next", "others", "any others", "any more", "show more",
              "what else", "what else is there", "anything else", "what else have you got",
              "any other ones", "any more like that", "got any others", "other ones")
NOT_HELPFUL_WORDS = ("no", "nope", "didnt help", "not helpful", "none of those",
                     "none of them", "no thanks", "not really")
YES_WORDS = ("yes", "yes please", "y", "yeah", "yep", "ok", "okay", "please", "sure")

NOTHING_FITS = "Sorry, we couldn't find a local group for that."
# "ladies only group?": say what was looked for, so it doesn't read as a failed search.
NOTHING_ONLY_FOR = "Sorry, we don't know of a local group just for {who} yet."
RELATED = " We do have groups for {label}."
PASS_ON = " Would you like us to pass your request to the practice team? Reply YES or NO."
PASSED_ON = ("Thank you. We've passed your request to the practice team, who may be in touch. "
             "You can also call them on {phone}.")
NOT_PASSED = "OK, we won't pass it on. Text us any time with something else you're looking for."
NO_MORE = "That's all we have for that. Try other words, or text MENU to start again."
NOT_HELPFUL = "Sorry those didn't help."
NOT_RUNNING = ("Sorry, that group isn't running at the moment. Reply with another number, "
               "or text what you're looking for.")
NOT_ON_THAT_DAY = "Nothing at that time, but these run on other days:"


class DetailHook(Protocol):
    """A feature adding a question after an offer's details (flows/connections: an
    introduction), and answering the reply to it before signposting reads it."""

    async def after_details(self, turn: Turn, offer: Offer) -> tuple[str, dict[str, Any]]:
        """(a question to ask after the details, or '', and what to remember)."""

    async def answer(self, turn: Turn, word: str, data: dict[str, Any]) -> bool: ...


class SignpostingFlow:
    """The catch-all: search the directory and reply with up to 3 offers."""

    name = "signposting"

    def __init__(self, detail_hooks: Sequence[DetailHook] = ()):
        self.detail_hooks = list(detail_hooks)

    def wants(self, turn: Turn) -> bool:
        return True

    async def handle(self, turn: Turn) -> bool:
        live = turn.conversation
        if live is not None and live.flow == self.name:
            word = normalise(turn.text)
            if live.step == "results":
                return await self._follow_up(turn, word, live.data)
            if live.step == "offer_pass_on":
                return await self._pass_on_answer(turn, word, live.data)
            return False
        await self._search(turn, turn.text, offset=0)
        return True

    async def search(self, turn: Turn, query: str, lead: str = "",
                     shown_before: dict[str, object] | None = None) -> None:
        """A fresh search, with `lead` (a warm line) before the offers if any fit.

        `shown_before` is what the person still has on screen from the last results: if
        nothing fits the new search, questions about those can still be answered.
        """
        await self._search(turn, query, offset=0, lead=lead, shown_before=shown_before)

    async def _search(self, turn: Turn, query: str, offset: int, lead: str = "",
                      shown_before: dict[str, object] | None = None) -> SearchResult:
        result = find_offers(turn.services.directory(), _searchable(query), limit=PAGE,
                             offset=offset)
        if offset == 0 and query != _live_query(turn):
            await _count_search(turn)
        if result.matches:
            lead = " ".join(x for x in (lead, NOT_ON_THAT_DAY if result.filters_relaxed else "")
                            if x)
            more = result.total > offset + len(result.matches)
            text, count = fit_results(result.matches, more=more, lead=lead)
            shown = [match.offer.id for match in result.matches[:count]]
            more = more or count < len(result.matches)
            turn.say(text, choices=tuple(str(n) for n in range(1, count + 1))
                     + (("MORE",) if more else ()))
            turn.converse(self.name, "results",
                          {"query": query, "offset": offset, "shown": shown})
        elif offset == 0:
            await record_unmet_need(turn.store, "no-match", result.categories, result.words,
                                    query, turn.services.now(), turn.contact.practice)
            self._offer_pass_on(turn, query, result, shown_before=shown_before)
        else:
            turn.say(NO_MORE)
            turn.end_conversation()
        return result

    def _offer_pass_on(self, turn: Turn, query: str, result: SearchResult,
                       lead: str = NOTHING_FITS,
                       shown_before: dict[str, object] | None = None) -> None:
        text = lead
        if lead == NOTHING_FITS and result.only_for:
            text = NOTHING_ONLY_FOR.format(who=result.only_for)
        if result.related_category and result.related_category in CATEGORIES:
            text += RELATED.format(label=CATEGORIES[result.related_category].lower())
        turn.say(text + PASS_ON, choices=("YES", "NO"))
        kept = {k: v for k, v in (shown_before or {}).items() if k in ("shown", "detail")}
        turn.converse(self.name, "offer_pass_on",
                      {"query": query, "categories": result.categories, "words": result.words,
                       **kept})

    async def details(self, turn: Turn, number: int, data: dict[str, Any]) -> bool:
        """One shown offer's details, as if they had replied with its number."""
        return await self._follow_up(turn, str(number), data)

    async def _follow_up(self, turn: Turn, word: str, data: dict[str, Any]) -> bool:
        for hook in self.detail_hooks:
            if await hook.answer(turn, word, data):
                return True
        shown = [str(offer_id) for offer_id in _as_list(data.get("shown"))]
        query = str(data.get("query", ""))
        offset = int(str(data.get("offset", 0)))
        if word.isdecimal() and 1 <= int(word) <= len(shown):
            offer = turn.services.directory().get(shown[int(word) - 1])
            if offer is None:
                turn.say("Sorry, that group is no longer listed. Text what you're looking for.")
                turn.end_conversation()
            elif not offer.suggestible:  # paused or ended since the list was shown
                turn.say(NOT_RUNNING)
            else:
                details, added = format_offer_full(offer), {}
                choices: tuple[str, ...] = ()
                for hook in self.detail_hooks:
                    question, extra = await hook.after_details(turn, offer)
                    added.update(extra)
                    if question and count_segments(f"{details}\n\n{question}").segments <= 3:
                        details, choices = f"{details}\n\n{question}", ("YES", "NO")
                    elif question:
                        turn.say(details)
                        details, choices = question, ("YES", "NO")
                turn.say(details, choices=choices)
                # Which offer's details were shown: follow-up questions are about it.
                turn.converse(self.name, "results", {**data, "detail": offer.id, **added})
            return True
        if word in MORE_WORDS:
            await self._search(turn, query, offset + len(shown))
            return True
        if word in NOT_HELPFUL_WORDS:
            result = find_offers(turn.services.directory(), query, limit=PAGE)
            await record_unmet_need(turn.store, "not-helpful", result.categories, result.words,
                                    query, turn.services.now(), turn.contact.practice)
            self._offer_pass_on(turn, query, result, lead=NOT_HELPFUL, shown_before=data)
            return True
        refinement = find_offers(turn.services.directory(), turn.text, limit=0)
        if not refinement.words and (refinement.days or refinement.times):
            # "what about saturday?": the same search, on another day or time.
            await self._search(turn, f"{query} {turn.text}", 0)
            return True
        return False

    async def _pass_on_answer(self, turn: Turn, word: str, data: dict[str, object]) -> bool:
        if word in YES_WORDS:
            categories = ", ".join(str(c) for c in _as_list(data.get("categories")))
            query = str(data.get("query", ""))
            # The alert says what was asked without personal details; the words as texted
            # are kept apart, opened by staff with an audit entry, erased by FORGET ME.
            words = " ".join(personal_free_words([str(w) for w in _as_list(data.get("words"))],
                                                 query))
            async with turn.store.transaction():
                alert = await turn.store.alerts.add(
                    "request-passed-on",
                    f"Someone asked for something the directory doesn't offer and would like "
                    f"the team to help. Needs: {categories or 'none recognised'}; "
                    f"words: {words or 'none kept'}.", turn.contact.id)
                await turn.store.alerts.add_passed_on_request(
                    alert, turn.contact.id, query[:1000])
            turn.say(PASSED_ON.format(phone=_practice_phone(turn)))
            turn.end_conversation()
            return True
        if word in ("no", "nope", "no thanks", "n"):
            turn.say(NOT_PASSED)
            turn.end_conversation()
            return True
        return False


def _live_query(turn: Turn) -> str:
    """The search the person has on screen, if any ('' otherwise)."""
    live = turn.conversation
    if live is None or live.flow != SignpostingFlow.name:
        return ""
    return str(live.data.get("query") or "")


async def _count_search(turn: Turn) -> None:
    """Today's "Searches" on the dashboard: counted in the database, in this turn's
    transaction, on the practice's calendar day (MORE and repeats are not new searches)."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(turn.services.config.campaigns.send_window.timezone)
    day = turn.services.now().astimezone(zone).date().isoformat()
    await StatsRepository(turn.store).add_to_daily_count(day, "search", turn.contact.practice)


def _as_list(value: object) -> list[object]:
    """A stored list (conversation data is JSON), or empty."""
    return list(value) if isinstance(value, list) else []


def _practice_phone(turn: Turn) -> str:
    from bot.phones import display_uk

    return display_uk(turn.services.config.practice.phone)


def _searchable(query: str) -> str:
    """The words to search for: an apology for one's English left out when more is asked."""
    rest = _ENGLISH_APOLOGY.sub(" ", query)
    return rest if re.search(r"[a-z]{3}", rest, re.IGNORECASE) and rest != query else query
