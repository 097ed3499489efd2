"""Understanding before answering: what kind of message this is (issue 14).

`understand(text, context)` returns one kind: greeting, thanks_bye, empty, other_language,
medical, practice, complaint, followup, feeling or search. The word lists live in
phrases.yaml beside this file; invitation replies are read by flows/understanding/invitation.py
and champions' own words by flows/understanding/champion_words.py. The router calls
flows/understanding/step.py after its fixed safety steps.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import yaml

from flows.understanding.language import is_other_language
from flows.words import normalise

log = logging.getLogger(__name__)

PHRASES = Path(__file__).with_name("phrases.yaml")
# What the person was just shown: nothing, one offer's details, or a list of several.
CONTEXTS = ("none", "shown_one", "shown_several")
READ = 600
_SYMBOLS_ONLY = re.compile(r"^[\W_]*$")
# One run of letters with no vowel and a letter held down ("jjjjjjjkkk", "mmmmm"), not kisses.
_KEYBOARD_MASH = re.compile(
    r"(?i)^(?![xk]+$)(?=.*([b-df-hj-np-tv-z])\1\1)[b-df-hj-np-tv-z]+[\W_]*$")
# A hello called out ("hello?", "hiya?? anyone there"): its question mark asks nothing else.
_CALLED_OUT = re.compile(r"(?i)^\s*(hi+|hel+o+|hiya+|hey+|hallo+|hi there|hello there)\s*\?+")
# What phones and chat apps put in place of a picture, voice note or sticker.
_MEDIA_PLACEHOLDER = re.compile(
    r"^[<\[(]?\s*(media|image|photo|picture|video|audio|voice( message| note)?|sticker|gif|"
    r"attachment|file|document|contact card|location)( omitted| attached| message)?\s*[>\])]?$",
    re.IGNORECASE)
# Capitals that are names of things, not shouting.
_ACRONYMS = frozenset("NHS GP GPS DBS STOP MENU HELP YES NO ADHD COPD COVID SHOUT MORE OK "
                      "ASAP A&E NI BP PIP ESA UC".split())
_SHOUTED = re.compile(r"\b[A-Z]{4,}\b")


@dataclass(frozen=True)
class Phrases:
    """One kind's phrases: whole messages, words or phrases anywhere, and patterns."""

    whole: frozenset[str]
    any: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    words: frozenset[str]

    def matches(self, norm: str) -> bool:
        """True if the normalised message is one of these."""
        if norm in self.whole:
            return True
        if self.words and norm and all(w in self.words for w in norm.split()):
            return True
        padded = f" {norm} "
        if any(phrase in padded for phrase in self._padded):
            return True
        return any(p.search(norm) for p in self.patterns)

    @cached_property
    def _padded(self) -> tuple[str, ...]:
        # Each phrase between spaces, made once, not on every message (bench/inbound.py).
        return tuple(f" {phrase} " for phrase in self.any)


def _phrases(entry: dict[str, list[str]]) -> Phrases:
    return Phrases(frozenset(entry.get("whole", [])), tuple(entry.get("any", [])),
                   tuple(re.compile(p) for p in entry.get("patterns", [])),
                   frozenset(entry.get("words", [])))


@cache
def _data() -> dict[str, dict[str, list[str]]]:
    data = yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@cache
def phrases() -> dict[str, Phrases]:
    """Every kind's phrases from phrases.yaml (read once)."""
    return {kind: _phrases(entry) for kind, entry in _data().items()
            if kind != "followup"}


@cache
def followup_topics() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Follow-up question topics (cost, when, where...) and their words.

    A word ending in * is a stem ("refer*" is refer, referred, referral...).
    """
    return {topic: tuple(_word_pattern(w) for w in words)
            for topic, words in _data()["followup"].items()}


def _word_pattern(word: str) -> re.Pattern[str]:
    if word.endswith("*"):
        return re.compile(rf"\b{re.escape(word[:-1])}\w*")
    return re.compile(rf"\b{re.escape(word)}\b")


def topics_of(norm: str) -> list[str]:
    """The follow-up topics a normalised question mentions, in phrases.yaml order."""
    found = [topic for topic, words in followup_topics().items()
             if any(w.search(norm) for w in words)]
    # A day ("do any of them run at weekends") is a question about when only when it is
    # about what was shown; "what about saturday" is a new search on that day.
    if "when" not in found and phrases()["followup_days"].matches(norm) and refers_to_shown(norm):
        found.insert(0, "when")
    return found


_QUESTION_START = re.compile(
    r"^(is|are|r|does|do|did|can|could|will|what|wat|wot|whats|wots|when|where|wheres|which|"
    r"who|how|hw|any of|whos|should|would|and|also|so|is there|are there|u|y|why|may|might)\b")
_QUESTION_ANYWHERE = re.compile(
    r"\b(is it|is there|are they|are there|are any|is that|do i|do u|do you|do they|does it|does "
    r"he|does she|can i|can we|can he|can she|can my|can you|could i|will i|will they|would i|"
    r"what|wat|wot|whats|when|where|wheres|how|which|who|whos)\b")
_REFERENCE = re.compile(
    r"\b(it|its|they|theyre|them|those|these|that one|this one|that group|this group|either|"
    r"which (one|ones)|any of the \w+|"
    r"both|each|any of (them|those|these)|the (first|second|third|last|1st|2nd|3rd|other) "
    r"(one|ones|group)?|number \d|no \d|\d(st|nd|rd|th) one|the \w+( \w+)? one)\b")
_GREETING_START = re.compile(
    r"^(hi+|hiy+a+|hia|hiyer|he+y+a*|h[aeu]l+o+w?|el+o+|howdy|alright|allo|ay up|ey up|eyup|yo|"
    r"morning|mornin|afternoon|evening|evenin|(good|gd|gud) (morning|afternoon|evening|day)|"
    r"hi there|hello there)\b")
# An email or phone signature alone ("Sent from my iPhone"): no words for us.
_SIGNATURE = re.compile(r"(?im)^\s*(sent from my \w+( \w+){0,3}|get outlook for \w+|"
                        r"sent from (yahoo|outlook|aol|gmail) mail( for \w+)?)\s*$")
# Asking for something in so many words ("is there a bereavement group", "anything for
# carers", "somewhere my son can go"): a search, even when a feeling is told with it.
_EXPLICIT_ASK = re.compile(
    r"\b(is there|are there|have you got|do you have|do you know (of )?any|"
    r"any(thing|where)? (for|to do|like|on|near|round|around)|"
    r"something (for|to do|like)|somewhere (to|for|my|i|we|he|she|that|they)|looking for|"
    r"(a|any|some) \w+ (group|groups|club|clubs|class|classes)|(group|club|class)e?s? for)\b")
_SOMEONE_ELSE = re.compile(r"\b(hes|shes|he|she|his|him|her|theyre)\b")
_ME = re.compile(r"\b(i|im|ive|id|me|myself)\b")
# Asking after their own matter ("any news on my blood results? nobody rang"): practice
# business with a sigh, unless it is angry too.
_ASKS_AFTER = re.compile(r"^(any (news|update|word)|whats happening|what is happening|has my|"
                         r"have my|is my|are my|did my|when will my|where is my|wheres my|"
                         # Or asks for it first, the trouble after: "need to book a blood
                         # test, the letter said ring but the line is always engaged".
                         r"(i )?(need|want|would like|have) to (book|order|cancel|change|"
                         r"rearrange|get|see|register)|can i (book|order|cancel|change|get))\b")
_ANGER = re.compile(r"\b(useless|rubbish|joke|ridiculous|disgusting|disgrace\w*|fuming|wtf|"
                    r"stupid|shocking|pointless|appalling|pathetic|unacceptable|livid|furious|"
                    r"outrageous|diabolical|not good enough|fed up|sick of|shambles|worst)\b")
# Words about what is to come are not a grievance: "book a review in 6 weeks".
_FUTURE_SPAN = re.compile(r"\b(in|within|for another|every) (\d+|a|a few|a couple of|two|three|"
                          r"four|six) (weeks?|days?|months?)( time)?\b")
_THANKS_START = re.compile(
    r"^(thanks?|thank you|thank u|thankyou|thanx|thx|ty|ta|cheers|lovely|brill|brilliant|great|"
    r"perfect|fab|fabulous|ok|okay|k|right|nice one|thats (great|lovely|brilliant|perfect|"
    r"helpful|fab)|that( is|s) (great|lovely|brilliant|helpful)|will do|no worries|bless you)\b")
_THANKS_END = re.compile(r"\b(thanks?|thank you|thank u|ty|ta|cheers|ta ra|tara|bye|x+)$")


def is_question(text: str, norm: str) -> bool:
    """A question, by its mark or its words."""
    return "?" in text or bool(_QUESTION_START.match(norm) or _QUESTION_ANYWHERE.search(norm))


def refers_to_shown(norm: str, shown_names: Sequence[str] = ()) -> bool:
    """Does the message point at what was shown ("it", "the first one", its name)?"""
    return bool(_REFERENCE.search(norm)) or names_shown_offer(norm, shown_names) is not None


_WHOLE_LIST = re.compile(r"\b(which ones|any of (them|those|these|the \w+)|all of them|each|both|"
                         r"those|these|any of them)\b")


def asks_about_whole_list(norm: str) -> bool:
    """ "which ones are on a weekend", "do any of those...": about every offer listed."""
    return bool(_WHOLE_LIST.search(norm))


_NAME_FILLER = frozenset("the a an of and for in at on group club cafe walk walks class "
                         "session millbrook st my with".split())


def names_shown_offer(norm: str, shown_names: Sequence[str]) -> int | None:
    """The position of the one shown offer whose name the message uses, if only one fits."""
    words = set(norm.split())
    hits = []
    for position, name in enumerate(shown_names):
        distinct = {w for w in normalise(name).split() if w not in _NAME_FILLER and len(w) > 2}
        if distinct & words:
            hits.append(position)
    return hits[0] if len(hits) == 1 else None


def is_followup(text: str, norm: str, shown_names: Sequence[str] = ()) -> bool:
    """A question about the offer(s) just shown, rather than a new search."""
    if not topics_of(norm):
        return False
    question = is_question(text, norm) or refers_to_shown(norm, shown_names)
    # In a long message a topic word ("time", "free") may be about something else: the
    # question must come early ("can i bring my husband? hes got dementia and...").
    early = " ".join(norm.split()[:8])
    return question and (bool(topics_of(early)) or refers_to_shown(norm, shown_names))


# Words that aim a grievance at the practice ("fed up with you", "sort your phones out").
_AT_US = re.compile(r"\b(you|your|youre|u|ur|yous|youse)\b")


def is_complaint(text: str, norm: str) -> bool:
    """Anger or a grievance about the practice's service (not about how someone feels)."""
    table = phrases()
    # "never mind all that": not "never"; "in 6 weeks": not a wait.
    norm = _FUTURE_SPAN.sub(" ", re.sub(r"\bnever ?mind\b", " ", norm))
    if _ASKS_AFTER.match(norm) and not _ANGER.search(norm) and "!!" not in text \
            and "complain" not in norm:
        return False
    if table["feeling_self"].matches(norm) and not table["service"].matches(norm):
        return False  # "been feeling rubbish for weeks" is about them, not us
    if table["feeling"].matches(norm) and not table["service"].matches(norm) \
            and not _AT_US.search(norm):
        # Grief or a hard week told, at nobody: "lost my wife in march and the evenings
        # are the worst", "stressed out with the kids, never get a minute for me".
        return False
    if table["complaint"].matches(norm):
        return True
    if not table["service"].matches(norm):
        return False
    shouted = [w for w in _SHOUTED.findall(text) if w not in _ACRONYMS]
    all_caps = text.upper() == text
    return table["grievance"].matches(norm) or bool(shouted and not all_caps) or "??" in text \
        or "!!" in text


def strip_topics(norm: str) -> str:
    """The message without its follow-up topic words: what else it asks about."""
    # Longest first: "step free" is one access phrase, not "step" and a cost word.
    every = sorted((w for words in followup_topics().values() for w in words),
                   key=lambda w: -len(w.pattern))
    for word in every:
        norm = word.sub(" ", norm)
    return " ".join(norm.split())


def understand(text: str, context: str = "none", *,
               shown_names: Sequence[str] = (),
               has_need: Callable[[str], bool] | None = None,
               other_offer: Callable[[str], bool] | None = None) -> str:
    """The kind of one message from a resident, given what they were just shown.

    `shown_names` are the names of the offers shown (in order); `has_need` says whether the
    directory search finds something for the text (a greeting or thank-you that also asks
    for something is a search); `other_offer` whether it finds something that was not shown
    ("how much is the lunch club" after a list of walks is a new search).
    """
    # The start of a long text says what kind it is; the crisis check reads all of it.
    stripped = _SIGNATURE.sub("", text).strip()[:READ]
    if not stripped or _SYMBOLS_ONLY.match(stripped) or _MEDIA_PLACEHOLDER.match(stripped):
        # Emoji alone (a thumbs up, a smile) is a thank-you; punctuation alone is empty.
        if any(ord(ch) > 0x2000 for ch in stripped):
            return "thanks_bye"
        return "empty"
    if _KEYBOARD_MASH.match(stripped):
        return "empty"  # "jjjjjjjkkk": a pocket or a toddler, no words for us
    if is_other_language(stripped):
        return "other_language"
    norm = normalise(stripped)
    table = phrases()
    shown = context != "none"
    if table["thanks_bye"].matches(norm):
        return "thanks_bye"
    if table["greeting"].matches(norm):
        return "greeting"
    # "hello? my daughter set this up": a hello called out, not a question.
    asked = is_question(_CALLED_OUT.sub("", stripped), norm)
    if _told_how_they_came(norm) and not asked:
        return "greeting"  # "hiya my daughter set this up on my phone for me"
    if is_complaint(stripped, norm) and not (
            shown and _asks_about_shown_first(stripped, shown_names)):
        return "complaint"
    if table["medical"].matches(norm) and not _practice_first(norm) \
            and not _GROUP_FOR_A_CONDITION.search(norm) and not _sick_with_feeling(stripped, norm):
        # Only naming medicines, asking nothing ("its the amlodipine and the omeprazole"):
        # which ones to order, practice business.
        return "practice" if not asked and _names_medicines_only(norm) else "medical"
    # "my friend gave me your number": how they came to us, not asking for our number.
    without_intro = norm
    for pattern in table["greeting_intro"].patterns:
        without_intro = pattern.sub(" ", without_intro)
    # Ordering or collecting what a medicine's name made look medical ("can i order his
    # lisinopril for him") is practice business even when no practice word is listed.
    practice = table["practice"].matches(" ".join(without_intro.split())) or (
        table["medical"].matches(norm) and _practice_first(norm))
    need_of: dict[str, bool] = {}

    def need() -> bool:
        if "need" not in need_of:
            # How they came to us ("saw your card at the chemist") names no need.
            asked_for = " ".join(without_intro.split()) if without_intro != norm else stripped
            need_of["need"] = has_need(asked_for) if has_need is not None else False
        return need_of["need"]

    if not asked and _small_talk_close(norm) and not (
            has_need is not None and has_need(_WELL_WISHES.sub(" ", _THANKS_START.sub("", norm)))):
        return "thanks_bye"  # "lovely thanks, i'll give them a ring tomorrow"
    # The question itself ("can i bring my husband?"), not what follows it, may name a new need;
    # nor does a circumstance ("who do i ring if im running late").
    first = _CIRCUMSTANCE.sub("", normalise(re.split(r"[?.!]", stripped, maxsplit=1)[0])) or norm
    if shown and is_followup(stripped, norm, shown_names) and not (
            practice and table["practice_strong"].matches(norm)) and not (
            _NEW_MATTER.search(norm) and not refers_to_shown(norm, shown_names)) and not (
            other_offer is not None and not refers_to_shown(norm, shown_names)
            and other_offer(strip_topics(first)) and other_offer(first)) and not (
            _ASKS_FOR_A_GROUP.search(first) and not _REFERENCE.search(first)
            and has_need is not None and has_need(strip_topics(first))):
        return "followup"
    if practice:
        return "practice"
    if table["feeling"].matches(norm):
        # "is there a bereavement group, lost my brother": asked for in so many words, a
        # search (step.py still opens with the kind line when the feeling is their own).
        return "search" if _EXPLICIT_ASK.search(norm) else "feeling"
    if _GREETING_START.match(norm) and len(norm.split()) <= 16 and not need():
        return "greeting"
    day_only = table["followup_days"].matches(norm) and not refers_to_shown(norm, shown_names)
    if shown and asked and not day_only and (refers_to_shown(norm, shown_names) or not need()):
        return "followup"  # we may not know, but the person who runs it will
    if not shown and asked and topics_of(norm) and refers_to_shown(norm) and not need():
        return "followup"  # "is it free?" with nothing shown: which group do they mean?
    return "search"


# After "my gp told me to text you", what they came about: "...about walking groups".
_CAME_ABOUT = re.compile(r"\b(about|re|regarding|for (a|an|any|some|help|advice)|"
                         r"to (find|ask|get|see|join|book))\b")


# A circumstance after the question: "who do i ring if im running late".
_CIRCUMSTANCE = re.compile(r"(?<=\w) (if|in case|incase|because|cos|coz|as i|as im|as she|as he)"
                           r"\b.*$")
# A new matter after a list: "also while im here can i book my smear test".
_NEW_MATTER = re.compile(r"\b(while (im|i am|ive got you|i have you|i got you|youre there|"
                         r"your there|i remember)|unrelated|on another note|different question|"
                         r"another question|separate (question|thing|matter))\b")
# A group asked for in so many words after a list: "I wonder whether there is a group for
# people who have been widowed" is a new search (what is shown may be in it again).
_ASKS_FOR_A_GROUP = re.compile(r"\b(is there|are there|whether there is|if there is|"
                               r"do you have|have you got|do you know of) (a|an|any) "
                               r"(\w+ )?(group|groups|club|clubs|class|classes)\b")


def _asks_about_shown_first(text: str, shown_names: Sequence[str]) -> bool:
    """A question about what is on screen first, their trouble after ("is it flat? my buggy
    is a nightmare on hills"), at nobody: not a complaint."""
    norm = normalise(text)
    first = normalise(re.split(r"[?.!,]", text, maxsplit=1)[0])
    table = phrases()
    return bool(first and topics_of(first) and is_question(text, first)
                and not table["service"].matches(norm) and not _AT_US.search(norm)
                and not table["complaint"].matches(first))


def _told_how_they_came(norm: str) -> bool:
    """A hello that says how they came to us, and asks for nothing."""
    if _EXPLICIT_ASK.search(norm):
        return False
    for pattern in phrases()["greeting_intro"].patterns:
        found = pattern.search(norm)
        if found:
            return not _CAME_ABOUT.search(norm[found.end():])
    return False


def feeling_of_their_own(text: str) -> bool:
    """A feeling told about themselves, not only about someone else ("hes 14 and bored")."""
    norm = normalise(text)
    if not phrases()["feeling"].matches(norm):
        return False
    return bool(_ME.search(norm)) or not _SOMEONE_ELSE.search(norm)


_MEDICINE_FILLER = frozenset("its it is the and my a an also plus both of on x please pls "
                             "im i take need for them those these".split())


def _names_medicines_only(norm: str) -> bool:
    """Every word a medicine's name (or filler): "its the amlodipine and the omeprazole"."""
    table = phrases()
    rest = [w for w in norm.split() if w not in _MEDICINE_FILLER and not w.isdecimal()
            and not re.fullmatch(r"\d+(mg|ml|mcg)", w)]
    if not rest or len(rest) > 4:
        return False
    ending = table["medical"].patterns[4]  # the common endings: -olol, -pril, -statin...
    return all(w in table["medicines"].words or ending.fullmatch(w) for w in rest)


def _small_talk_close(norm: str) -> bool:
    """Thanks or a goodbye, perhaps with a few words more ("thank you, might try it")."""
    if _QUESTION_START.match(norm) or len(norm.split()) > 16:
        return False
    if len(norm.split()) > 12 and not (_PLAN.search(norm) or _WELL_WISHES.search(norm)):
        return False  # a longer one only with a plan or kind words: "..., have a nice day"
    if phrases()["feeling"].matches(norm):
        return False  # "ok thanks, still feeling low though": not a goodbye
    return bool(_THANKS_START.match(norm) or _THANKS_END.search(norm))


# What they'll do next, after thanks: "will have a look with my mum at the weekend".
_PLAN = re.compile(r"\b(will|ill|i will|going to|gonna|might|may|shall|i shall|i might) "
                   r"(have a look|look|try|give|go|pop|check|ring|call|see|think|read|show|"
                   r"pass|let|take|head|get|come)\b")
# Kind words with a thank-you that ask for nothing: "thank you so much for your help my
# friend, have a nice day".
_WELL_WISHES = re.compile(
    r"\b(for (all )?(your|the|ur) (help|time|info|information|reply|advice)|"
    r"my (friend|dear|love|darling|lovely)|have a (nice|good|lovely|great|blessed) "
    r"(day|one|evening|weekend|week|night|christmas|xmas)|good day|take care|all the best|"
    r"god bless|bye( for now)?)\b")


# A group or class asked for, for people with a condition, is a search, not a medical
# question: "any exercise groups for people with high bp?", "support group for diabetes".
_GROUP_FOR_A_CONDITION = re.compile(
    r"\b(any|is there|are there|looking for|know of|know any|recommend|find|need|want)\b"
    r".{0,40}\b(group|groups|class|classes|club|clubs|sessions)\b.{0,20}\b(for|with)\b"
    r"(?!.*\b(can i take|safe to take|take (my|it|them|with)|dose|dosage|side effects?)\b)")


# Feeling sick from stress or worry: "so stressed with exams i feel sick all the time".
_FEEL_SICK = re.compile(r"\b(feel|feeling|felt|makes me|making me|i am|im) (sick|ill)\b")


def _sick_with_feeling(text: str, norm: str) -> bool:
    """Only "feel sick" is medical in it, and it tells a feeling, asking nothing."""
    table = phrases()
    asks = "?" in text or re.search(r"\b(should i|do i need|is (it|that|this)|what|how)\b", norm)
    return not asks and _FEEL_SICK.search(norm) is not None \
        and table["feeling"].matches(norm) \
        and not table["medical"].matches(_FEEL_SICK.sub(" ", norm))


def _practice_first(norm: str) -> bool:
    """Ordering medicines or asking after a prescription is practice business, not advice."""
    return bool(re.search(r"\b(repeats?|prescriptions?|ready|collect|reorder|"
                          # "can i order his inhaler for him": ordering, for anyone
                          r"order (my|his|her|their|our|mums|dads|\w+s)|"
                          r"(order|request) (more|a new|another|my|some)|"
                          r"(book|have|due|need|arrange) (a|my|an) (medication )?review|"
                          # "can my son have an appointment, hes had earache since sunday"
                          r"(have|get|book|make|need|want) (an|a|another) (urgent |emergency |"
                          r"gp |doctors |same day |telephone |phone )?(appointment|appt)|"
                          r"book (me )?in)\b", norm))


def note(kind: str) -> None:
    """Log the kind decided for this message (never the message itself)."""
    log.info("understood kind=%s", kind)
