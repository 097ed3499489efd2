"""Who a message is for and what they don't want (issue 14, item 5).

"my 15 year old", "im 17", "for my mum shes 92": an age. "ladies only", "for dads": women or
men. "my mum", "my nan": an adult relative, so not a baby group. "not sport", "dont want to
talk about feelings", "cant do evenings": things to leave out. Read from the message's words
before they are matched; matching.py leaves out the offers the person can't attend or said no to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from directory.model import Offer
from directory.textnorm import stem
from directory.vocabulary import tokenize

WOMEN = frozenset({"ladies", "lady", "women", "woman", "womens", "female", "females", "girls"})
MEN = frozenset({"men", "mens", "man", "male", "males", "blokes", "bloke", "lads", "fellas",
                 "gents", "guys", "gentlemen", "dads", "fathers"})
# Singular relatives: "for my mum" is an older parent, not "mums" (a baby group).
ADULT_RELATIVES = frozenset({"mum", "mom", "mother", "dad", "father", "nan", "nana", "nanna",
                             "gran", "granny", "grandma", "grandad", "grandpa", "grandmother",
                             "grandfather", "husband", "wife"})
# An offer named for these is for one kind of person: "Men's Shed", "Mums Matter".
_NAME_AUDIENCE = {
    "women": WOMEN | {"mums", "mum", "mothers", "mother", "mummy", "mummies", "sisters"},
    "men": MEN - {"man"} | {"boys"},
    "parents": frozenset({"baby", "babies", "toddler", "toddlers", "mums", "mum", "parent",
                          "parents", "bump", "buggy", "pram", "antenatal", "postnatal",
                          "breastfeeding", "mummy", "dads"}),
    "young-people": frozenset({"youth", "teen", "teens", "teenage", "teenagers", "junior",
                               "juniors", "kids", "children", "childrens", "young"}),
}
_YEAR_WORDS = frozenset({"year", "years", "yr", "yrs", "yo", "yearold"})
_BABY_WORDS = frozenset({"month", "months", "week", "weeks", "mth", "mths"})
_AGE_BEFORE = frozenset({"im", "am", "shes", "hes", "is", "aged", "age", "turned", "turning"})

# "not", "dont want", "anything but", "cant do", "no": what follows is left out, up to a
# word that turns back to what they do want ("but", "just", "something").
NEGATION_CUES = frozenset({"not", "no", "dont", "without", "hate", "except", "nothing", "cant",
                   "never", "isnt"})
_CUE_LEAD = frozenset({"want", "wanna", "to", "do", "a", "an", "the", "into", "interested",
                       "in", "after", "really", "like", "fancy", "keen", "on", "too",
                       "much", "stand", "mind", "be", "more", "sit"})
_BOUNDARY = frozenset({"but", "just", "so", "something", "anything", "instead", "rather",
                       "prefer", "i", "im", "id", "ill", "ive", "we", "want", "would", "please",
                       "and", "or", "maybe", "though", "lol", "my", "need", "looking", "is",
                       "any", "off", "his", "her", "their"})
_MAX_NEGATED = 4
# Words that say what kind of thing, not which: "not a group" leaves nothing out.
_CONTAINERS = frozenset({"group", "groups", "club", "clubs", "class", "classes", "session",
                         "sessions", "meet", "meeting", "cafe", "centre", "center", "community",
                         "activity", "activities", "thing", "things", "place", "places"})


@dataclass
class Person:
    """Facts about whoever would go along, read from one message."""

    age: int | None = None
    gender: str | None = None  # "women" or "men"
    only: bool = False  # "ladies only", "men only": nothing else will do
    adult_relative: bool = False  # "my mum", "my nan": not a baby or toddler group
    not_words: list[str] = field(default_factory=list)  # negated words, as texted
    not_times: list[str] = field(default_factory=list)  # "cant do evenings"
    skip: set[int] = field(default_factory=set)  # token positions read here, not needs

    @property
    def adult(self) -> bool:
        """Someone who is not a baby or young child (so baby groups are not for them)."""
        return self.adult_relative or (self.age is not None and self.age >= 5)


def read_person(raw: list[str]) -> Person:
    """Age, gender and relatives in a message's words as texted ("im 17", "shes 92")."""
    p = Person()
    for i, tok in enumerate(raw):
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        prev = raw[i - 1] if i else ""
        if tok.isdecimal() and 0 < int(tok) <= 110 and p.age is None:
            if nxt in _YEAR_WORDS or prev in _AGE_BEFORE:
                p.age = int(tok)
            elif nxt in _BABY_WORDS:
                p.age = 0
        if tok in WOMEN:
            p.gender = "women"
        elif tok in MEN:
            p.gender = "men"
        elif tok in ("dad", "daddy", "father", "mum", "mummy", "mother") and prev in (
                "new", "a", "single", "young", "first"):
            p.gender = "men" if tok in ("dad", "daddy", "father") else "women"
        elif tok in ADULT_RELATIVES and prev in ("my", "our", "for", "me", "the", "and", "his",
                                                  "her"):
            p.adult_relative = True
    p.only = p.gender is not None and "only" in raw
    return p


def read_negations(tokens: list[str], protected: set[int], p: Person,
                   stop_words: frozenset[str], is_activity: Callable[[str], bool]) -> None:
    """Fill p.not_words, p.not_times and p.skip from "not", "dont want", "anything but"...;
    `protected` positions belong to needs phrases that hold such a word ("no one to talk
    to", "cant afford") and are left alone. "no" and "without" refuse only an activity:
    "no bingo please", but "no car" is something they lack."""
    _read_negations(tokens, protected, p, is_activity)
    p.not_words = [w for w in p.not_words if w not in stop_words]


def _read_negations(tokens: list[str], protected: set[int], p: Person,
                    is_activity: Callable[[str], bool]) -> None:
    from directory.textnorm import TIME_WORDS

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        cue = (tok in NEGATION_CUES and i not in protected) or (
            tok == "but" and i and tokens[i - 1] in ("anything", "everything"))
        if tok == "cant" and (i + 1 >= len(tokens) or tokens[i + 1] not in ("do", "stand")):
            cue = False  # "cant sleep", "cant get out": a need, not a refusal
        if not cue:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and tokens[j] in _CUE_LEAD:
            j += 1
        if tok in ("no", "without") and not (j < len(tokens) and is_activity(tokens[j])):
            i += 1
            continue
        found = 0
        while j < len(tokens) and tokens[j] not in _BOUNDARY and found < _MAX_NEGATED:
            word = tokens[j]
            if j not in protected:
                p.skip.add(j)
                if word in TIME_WORDS:
                    p.not_times.append(TIME_WORDS[word])
                    j += 1
                    break  # "cant do evenings, any walks in the day"
                elif word not in _CONTAINERS and len(word) > 2 and not word.isdecimal():
                    p.not_words.append(word)
                found += 1
            j += 1
        i = j


def offer_audience(offer: Offer) -> frozenset[str]:
    """Who an offer is for: its `for:` field, else what its name says ("Men's Shed")."""
    if offer.audience:
        return frozenset(a for a in offer.audience if a != "everyone")
    words = set(tokenize(offer.name))
    return frozenset(kind for kind, names in _NAME_AUDIENCE.items() if words & names)


def negated_stems(p: Person) -> set[str]:
    """The stems of the words to leave out."""
    return {stem(w) for w in p.not_words}
