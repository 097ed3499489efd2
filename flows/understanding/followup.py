"""Answers to a question about the offer(s) just shown, from the offers' own fields.

What the YAML can't answer gets "We're not sure, but {contact} can tell you", never a new
search. Topics and their words are in phrases.yaml (followup).
"""

from __future__ import annotations

import re

from bot.gsm import count_segments
from directory.model import Offer
from directory.texts import describe_schedule
from flows.understanding import names_shown_offer, replies, topics_of
from flows.words import normalise

ACCESS_WORDS = {"parking": "parking", "access": "step-free", "toilets": "toilets"}
ACCESS_SAY = {"parking": "There's parking.", "step-free": "It's step-free.",
              "toilets": "There are toilets.", "accessible-toilet": "There's an accessible toilet.",
              "hearing-loop": "There's a hearing loop."}
# What a person might bring, and the `welcome:` value that says yes.
BRING = (("husband", "partners"), ("wife", "partners"), ("partner", "partners"),
         ("child", "children"), ("children", "children"), ("kids", "children"),
         ("kid", "children"), ("son", "children"), ("daughter", "children"),
         ("grandchild", "children"), ("grandkids", "children"), ("baby", "babies"),
         ("dog", "dogs"), ("dogs", "dogs"), ("carer", "carers"), ("friend", "friends"),
         ("grandson", "children"), ("granddaughter", "children"), ("toddler", "children"),
         ("little one", "children"), ("older one", "children"), ("year old", "children"),
         ("friends", "friends"), ("mate", "friends"))
# Topics no field answers, but the description may: the words that show it does.
DESCRIPTION_CUES = {
    "ability": ("beginner", "all abilities", "any level", "all levels", "no experience",
                "easy pace", "gentle", "however", "no need to", "learn", "taught"),
    "kit": ("bring", "wear", "provided", "materials", "equipment", "boots", "shoes"),
    "size": ("small group", "up to ", "people come"),
    "weather": ("rain", "weather", "indoor", "all year"),
    "alone": ("on your own", "new to", "meet people", "meet other", "everyone welcome",
              "everyone is welcome", "friendly", "warm welcome", "newcomer"),
    "terrain": ("flat", "footpath", "path", "hill", "paved", "route", "gentle", "miles"),
}
MAX_SEGMENTS = 3
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "last": -1}


def which_offer(norm: str, count: int, names: list[str] | None = None) -> int | None:
    """The 0-based position a question names ("the first one", "number 2", its name)."""
    for word, position in _ORDINALS.items():
        if re.search(rf"\b{word}\b", norm):
            return count - 1 if position == -1 else (position - 1 if position <= count else None)
    named = re.search(r"\b(?:number|no|num)\s*(\d)\b", norm)
    if named and 1 <= int(named.group(1)) <= count:
        return int(named.group(1)) - 1
    return names_shown_offer(norm, names or [])


def how_to_ask(offer: Offer) -> tuple[str, str] | None:
    """Who can answer what we don't know, and how to reach them."""
    contact = offer.contact
    if contact and contact.phone:
        verb = "call or text" if contact.phone.startswith("07") else "call"
        return contact.name or offer.organization or "the organisers", f"{verb} {contact.phone}"
    if contact and contact.email:
        return contact.name or offer.organization or "the organisers", f"email {contact.email}"
    if offer.url:
        return offer.organization or "the organisers", f"see {offer.url}"
    return None


def answer_topic(offer: Offer, topic: str, norm: str) -> str | None:
    """One topic's answer from the offer's fields, or None when the YAML doesn't say."""
    if topic == "cost":
        return f"Cost: {offer.cost}." if offer.cost and not offer.is_free else "It's free."
    if topic == "when":
        when = describe_schedule(offer)
        return when + "." if when else None
    if topic == "where":
        loc = offer.location
        bits = [b for b in (loc.name, loc.address, loc.postcode) if b] if loc else []
        return ", ".join(bits) + "." if bits else None
    if topic == "contact":
        ask = how_to_ask(offer)
        return f"{ask[1][:1].upper()}{ask[1][1:]} ({ask[0]})." if ask else None
    if topic == "booking":
        return offer.booking
    if topic == "bring":
        return _bring(offer, norm)
    if topic in ACCESS_WORDS:
        wanted = ACCESS_WORDS[topic]
        found = [a for a in offer.access if a == wanted or (topic == "toilets" and "toilet" in a)]
        return " ".join(ACCESS_SAY.get(a, a) for a in found) if found else None
    if topic == "ages":
        return _ages(offer)
    if topic == "who":
        if offer.audience:
            return "It's for " + " and ".join(offer.audience) + "."
        return f"Who for: {offer.eligibility}." if offer.eligibility else None
    if topic in DESCRIPTION_CUES:
        return _from_description(offer, DESCRIPTION_CUES[topic])
    if topic == "referral":
        if offer.eligibility and "referr" in offer.eligibility.lower():
            return f"{offer.eligibility}."
        if offer.booking:
            return f"No referral needed. {offer.booking}"
        return None
    return None


def _bring(offer: Offer, norm: str) -> str | None:
    padded = f" {norm} "
    for word, value in BRING:
        if f" {word} " in padded and value in offer.welcome:
            return f"Yes, {value} are welcome."
    return None


def _from_description(offer: Offer, cues: tuple[str, ...]) -> str | None:
    """The description's sentence that speaks to the question, if there is one."""
    for sentence in re.split(r"(?<=[.!?])\s+", offer.description or ""):
        lowered = sentence.lower()
        if any(cue in lowered for cue in cues) and len(sentence) <= 160:
            return sentence.strip()
    return None


def _ages(offer: Offer) -> str | None:
    if offer.min_age and offer.max_age:
        return f"Ages {offer.min_age} to {offer.max_age}."
    if offer.min_age:
        return f"Ages {offer.min_age} and over."
    if offer.max_age:
        return f"Up to age {offer.max_age}."
    return f"Who for: {offer.eligibility}." if offer.eligibility else None


def _distinct(answers: list[str]) -> list[str]:
    """Answers without repeats ("No referral needed. Just turn up" covers "Just turn up")."""
    return [a for i, a in enumerate(answers)
            if not any(a in other for j, other in enumerate(answers) if j != i and other != a)
            and a not in answers[:i]]


def answer_one(offer: Offer, topics: list[str], norm: str, practice_phone: str) -> str:
    """The reply about one offer: what the fields say, else who can tell them."""
    found = [answer_topic(offer, t, norm) for t in topics]
    known = _distinct([a for a in found if a])
    if known and all(found):
        return f"{offer.name}: " + " ".join(known)
    ask = how_to_ask(offer)
    unsure = (replies.NOT_SURE.format(contact=ask[0], how=ask[1]) if ask
              else replies.NOT_SURE_PRACTICE.format(phone=practice_phone))
    reply = f"{offer.name}: " + " ".join([*known, unsure])
    if count_segments(reply).segments > MAX_SEGMENTS:
        reply = f"{offer.name}: {unsure}"
    return reply


def answer(text: str, offers: list[Offer], practice_phone: str) -> tuple[str, Offer | None]:
    """The reply to a follow-up question about `offers` (as shown, in order).

    Also the one offer it was about, when the question named one (or only one was shown).
    """
    norm = normalise(text)
    topics = topics_of(norm) or ["unknown"]  # no field answers it: who runs it can
    names = [o.name for o in offers]
    position = which_offer(norm, len(offers), names) if len(offers) > 1 else 0
    if position is not None:
        return answer_one(offers[position], topics, norm, practice_phone), offers[position]
    lines = []
    for number, offer in enumerate(offers[:3], start=1):
        found = [answer_topic(offer, t, norm) for t in topics]
        known = _distinct([a for a in found if a])
        if known and all(found):
            lines.append(f"{number}. {offer.name}: " + " ".join(known))
        else:
            ask = how_to_ask(offer)
            lines.append(f"{number}. {offer.name}: not sure, "
                         + (f"{ask[0]} can tell you: {ask[1]}" if ask
                            else f"ask the practice on {practice_phone}"))
    reply = "\n".join(lines)
    if count_segments(reply).segments > MAX_SEGMENTS:
        return replies.WHICH_ONE, None  # too much for one text: ask which they mean
    return reply, None
