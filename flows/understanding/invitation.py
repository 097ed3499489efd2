"""Replies to a champion invitation, as people write them (issue 14, part 7).

`read_reply(text)` gives one kind: invite_yes, invite_no, invite_later, invite_trust,
invite_question, invite_other_person, invite_name, or None (not an answer). A name given
or corrected comes back too ("no call me Patricia" -> Patricia), in the nearest GSM-7
letters (Siobhan for Siobhán), since texts are GSM-7.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.gsm import is_gsm
from flows.words import normalise

_NAME = r"([A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'-]{1,20})"
_NAME_PATTERNS = (
    re.compile(rf"(?i)\bcall me {_NAME}"),
    re.compile(rf"(?i)\bmy name is {_NAME}"),
    re.compile(rf"(?i)\bname'?s {_NAME}"),
    re.compile(rf"(?i)^(?:no|nope|yes|yeah|ok)?[ ,.]*(?:it'?s|its|i'?m|im) {_NAME}"
               rf"(?: not \w+| actually|,? everyone calls me| please|$)"),
    re.compile(rf"(?i)\bwrong name[ ,.]*(?:it'?s|its|i'?m|im)? {_NAME}"),
)
_NOT_NAMES = {"not", "busy", "fine", "ok", "okay", "good", "sorry", "interested", "afraid",
              "working", "retired", "too", "very", "really", "just", "a", "the", "in", "at",
              "on", "up", "out", "away", "over", "unwell", "ill", "sick", "happy", "free"}

_OTHER_PERSON = re.compile(
    r"\b(not me but|no but my|for me but my|instead of me|can my|could my|would my)\b|"
    r"\bmy (wife|husband|partner|daughter|son|mum|mam|mother|dad|father|friend|neighbour|"
    r"sister|brother|nan|gran|grandson|granddaughter|mate)\b.*\b(might|would|could|may|"
    r"instead|love|interested|great|want|good)\b")
_TRUST = re.compile(
    r"\b(who is this|whos this|who are you|who r u|who is it|how did you get my|"
    r"where did you get my|who gave you my|scam|spam|genuine|legit|is this real|"
    r"how do i know this is real|is this really|is this the surgery|phishing|fake)\b")
_LATER = re.compile(
    r"\b(maybe later|later on|not right now|not now maybe|ask me (again|later)|too busy|"
    r"another time|not yet|new year|in a few months|in the summer|in the spring|"
    r"after my|maybe after|possibly in|maybe in|maybe next|ask again|some other time|"
    r"not at the moment but)\b|^later$|^maybe later")
_PAID = re.compile(r"\b(paid|pay|payment|money|wage|salary|expenses)\b")
_HOURS = re.compile(r"\b(hours?|how much time|how long|full time|evenings?|weekends?|"
                    r"time does it take|commitment)\b")
_CHECKS = re.compile(r"\b(dbs|qualifications?|qualified|training|experience|police check)\b")
_QUESTION = re.compile(
    r"\b(tell me more|more info|whats involved|what is involved|what does it involve|"
    r"what would i (have to )?do|what do i have to do|whats a|what is a|health champion|"
    r"volunteer\w*|what is it|whats that|what is that|explain|more details)\b|^more$|^what$")
_YES = re.compile(
    r"^(oh )?(ok|okay|go on|yes|yeah|yea|yep|yup|yh|ye|aye|sure|definitely|absolutely|"
    r"of course|why not|count me in|sign me up|sounds (good|great|lovely)|"
    r"id (love|like|be happy)|i would|happy to|love to|im up for|i am up for|im in|"
    r"fair enough|interested|im interested|i am interested|please|yes please)\b|"
    r"\b(count me in|sign me up|up for it|id love to|happy to help|honoured|why not|"
    r"sounds (good|great|lovely)|definitely interested|id like to)\b")
_NO = re.compile(
    r"^(no|n|nope|nah|no thanks|no thank you|no ta|not interested|not for me|"
    r"i dont think so|dont think so|not my thing|not really|no sorry)\b|"
    r"\b(not interested|not for me|not my thing|dont think so|no thank you)\b")


@dataclass(frozen=True)
class Reply:
    """What an invitee's message means, and the name they gave if any."""

    kind: str | None
    name: str | None = None
    topic: str | None = None  # for invite_question: paid, hours, checks or general


def gsm_name(name: str) -> str:
    """A name in GSM-7 letters: accents outside GSM-7 become the plain letter."""
    out = []
    for ch in name:
        if is_gsm(ch):
            out.append(ch)
        else:
            plain = "".join(c for c in unicodedata.normalize("NFKD", ch)
                            if not unicodedata.combining(c))
            out.append(plain if plain and is_gsm(plain) else "")
    return "".join(out)


def name_in(text: str) -> str | None:
    """The name someone gives or corrects to, or None."""
    for pattern in _NAME_PATTERNS:
        match = pattern.search(text.strip())
        if match and match.group(1).lower() not in _NOT_NAMES:
            word = match.group(1)
            return gsm_name(word[:1].upper() + word[1:])
    return None


def read_reply(text: str) -> Reply:
    """The kind of a reply to an invitation (or to the questions after it)."""
    norm = normalise(text)
    name = name_in(text)
    if name:
        return Reply("invite_name", name)
    if _OTHER_PERSON.search(norm):
        return Reply("invite_other_person")
    if _TRUST.search(norm):
        return Reply("invite_trust")
    if _LATER.search(norm):
        return Reply("invite_later")
    if _PAID.search(norm):
        return Reply("invite_question", topic="paid")
    if _CHECKS.search(norm):
        return Reply("invite_question", topic="checks")
    if _HOURS.search(norm) and ("?" in text or re.search(r"\b(how|can|do|what|i work)\b", norm)):
        return Reply("invite_question", topic="hours")
    if _QUESTION.search(norm):
        return Reply("invite_question", topic="general")
    if _NO.search(norm):
        return Reply("invite_no")
    if _YES.search(norm):
        return Reply("invite_yes")
    return Reply(None)
