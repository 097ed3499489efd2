"""A second opinion on a pattern hit that is only a crisis word used as a topic.

The reviewed patterns fire on a bare crisis word ("suicide", "self harm", "overdose") wherever
it stands, because someone in crisis often says no more than that. But the practice line also
gets the word as a subject: a dissertation on suicide prevention, a post saying people with
ADHD are more likely to self harm, a leaflet, a course, a side effect. When every pattern hit
in a message is such a word, each with a topic frame before or after it (a study, a post, a
course, "more likely to", "prevention"), and no word of the person's own state stands next to
it ("i feel", "im", "been"), the patterns alone do not decide: the message goes on to the
concept rules and the classifier, and a crisis is sent only if one of them hears it too.
"""

from __future__ import annotations

import re
from functools import cache

from flows import safety

# A crisis word that can be a subject of talk; nothing with a person or a time in it.
_TOPIC_WORD = re.compile(
    r"(?:su[ia]?[cs]{1,2}[iy]?d(?:e|es|al)|self ?harm(?:ing)?|self injury|overdoses?|rape|"
    r"sexual (?:assault|abuse)|domestic (?:abuse|violence)|abuse|assault)")
# What a subject of talk is framed by: the kind of text, teaching or figure it is in.
_FRAME_BEFORE = re.compile(
    r"\b(?:dissertation|thesis|phd|masters|msc|doctorate|research|study|studies|survey|paper|report|"
    r"project|essay|assignment|coursework|module|lecture|seminar|placement|article|post|posts|"
    r"blog|thread|video|podcast|documentary|programme|book|novel|leaflets?|posters?|booklet|"
    r"information|info|course|training|talk|session|workshop|webinar|campaign|charity|"
    r"fundraiser|fundraising|statistics|stats|rates?|figures|side effects?|likely|risk|risks|"
    r"linked|link|associated|interview|interviewing|volunteer\w*|stigma|policy|guidance|topic|"
    r"subject|teaching|lesson|class|awareness|prevention)\b")
_FRAME_AFTER = re.compile(
    r"^ ?(?:prevention|awareness|research|statistics|stats|rates?|training|course|charity|"
    r"campaign|policy|strategy|module|first aid|intervention|figures|risk|drop ins?|"
    # Round 20: a helpline's number asked for a leaflet or a noticeboard, not for oneself.
    r"(?:helpline|line|service)s? (?:\w+ ){0,4}(?:leaflets?|posters?|noticeboard|notice board|"
    r"newsletter|church|display|stall|parish|magazine))\b")
# The person's own state next to the word: then the word is theirs, not a topic.
_OWN = re.compile(r"\b(?:i|im|ive|id|feel|feeling|felt|been|making|made|having|get|getting|keep|"
                  r"still|again|thoughts|urges?|tonight|now)\b")
# What follows the word that makes it the person's own: a method, a note or a time after it,
# or the person saying it is theirs ("and i think it has", "made me", "me too").
_OWN_NEXT = re.compile(r"^ ?(?:\w+ )?(?:methods?|ways?|notes?|letters?|plans?|pact|attempts?|"
                       r"tonight|today|now|thoughts|feelings|urges)\b")
_OWN_AFTER = re.compile(r"\b(?:i think|i feel|i felt|it has|it did|it is|made me|makes me|making me|"
                        r"me too|im too|i am too|same here|like me|ive|i have|i had|i already|i did|"
                        r"i tried|i was|i am|im|i keep|i do|i might|i want to)\b")
# "im not", "i havent": a denial after the word is no claim to it.
_DENIAL = re.compile(r"\b(?:im|i am|i was|ive|i have|i do|i did) (?:not|never)\b|\bi (?:havent|dont|"
                     r"didnt|wasnt|never)\b")
_LIKE_ME = re.compile(r"\b(?:like me|like us|as me)\b")
# Round 22: the texter's role, which is no claim to the word ("im a scout leader and want to be
# prepared"): cut out of what follows the word before it is read for the person's own state.
_ROLE = re.compile(
    r"\b(?:im|i am|i m|as) (?:a|an|the) (?:\w+ )?(?:scout|cub|beaver|brownie|guide|youth|teacher|"
    r"teaching assistant|nurse|student|volunteer|leader|carer|manager|coach|trainer|first aider|"
    r"governor|social worker|support worker|mental health first aider|lifeguard|chaplain|vicar|"
    r"librarian|researcher|journalist|hr \w+|line manager)(?: leader| helper| volunteer| worker)?"
    r"(?: and (?:i )?(?:want|wanted|need|would like) to (?:be prepared|know more|learn|help|"
    r"understand|support))?\b")
_BEFORE_WORDS = 8
_OWN_WORDS = 4


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for _kind, pats in safety._CRISIS_PATTERNS for p in pats)


def only_topic_words(text: str) -> bool:
    """Every reviewed pattern hit is a crisis word framed as a topic of talk."""
    norm = safety._crisis_text(text)
    hits = [m for p in _patterns() for m in p.finditer(norm)]
    if not hits:
        return False
    for hit in hits:
        if not _TOPIC_WORD.fullmatch(hit.group(0).strip()):
            return False
        before = norm[:hit.start()].split()
        if _OWN.search(" ".join(before[-_OWN_WORDS:])) or before[-1:] in (["my"], ["me"]):
            return False
        after = _ROLE.sub(" ", _DENIAL.sub(" ", norm[hit.end():]))
        if _OWN_NEXT.search(after) or _OWN_AFTER.search(after) or _LIKE_ME.search(" ".join(before)):
            return False
        framed = (_FRAME_BEFORE.search(" ".join(before[-_BEFORE_WORDS:]))
                  or _FRAME_AFTER.search(norm[hit.end():]))
        if not framed:
            return False
    return True
