"""The request read out of a chatty message (issue 16, whole-sentence requests).

People text a practice's number the way they would talk to a kind receptionist: "Hi, sorry
to bother you. My dad is 70 and since mum died he just sits in. Is there a mens shed or
something like that near him? Thanks". Searched as a whole, the chat around the need dilutes
it and trips the rules meant for short requests ("mum died" finds bereavement, "sits" is the
rarest word, "shed near" looks like a product). A receptionist reads three things:

- **Chat**: greetings, apologies, thanks, remarks about the message itself ("sorry for the
  long message", "not sure if this is the right number", "i hope you dont mind me asking").
  Left out.
- **The request**: the part that asks ("is there a mens shed or something like that near
  him", "does anyone know if there is a food bank", "im looking for a yoga class"), from its
  asking words to the end of its sentence.
- **The context**: the rest ("my dad is 70", "since mum died he just sits in"): who it is for
  and why.

When the request names a need of its own ("a mens shed"), it is searched on its own, with
who it is for read from the whole message (an age or a gender said in the context still
counts). When it names only a form of help or a person ("is there any support for
families"), it is searched with the needs the context names in the vocabulary's words ("our
son was diagnosed autistic": "autistic"). When it names nothing ("is there anything for
her?", "what help is there?"), the message without its chat is searched. What the whole
message rules out (a question of fact, a topic known to be missing) still holds. A message
with no chat and no separate request is searched as before, word for word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from directory.index import Index
from directory.person import MEN, WOMEN, Person, read_person
from directory.query import Query, understand
from directory.vocabulary import tokenize

# Words that only make conversation: with stop words, a clause of these is chat.
CHAT_WORDS = frozenset({
    "hi", "hello", "hiya", "hey", "heya", "helo", "morning", "afternoon", "evening", "good",
    "dear", "sir", "madam", "alright", "all", "everyone", "there", "again",
    "thanks", "thank", "thankyou", "thx", "ty", "cheers", "ta", "regards", "kind", "best",
    "wishes", "advance", "many", "much", "lovely", "great", "brilliant", "appreciated",
    "appreciate", "x", "xx", "xxx", "lol", "haha",
    "sorry", "apologies", "apologise", "apologize", "bother", "bothering", "trouble",
    "troubling", "disturb", "disturbing", "hope", "hoping", "mind", "asking", "ask", "asked",
    "wondering", "wonder", "wondered", "sure", "right", "wrong", "number", "texting", "text",
    "texted", "message", "messaging", "long", "essay", "ramble", "rambling", "silly",
    "stupid", "daft", "question", "questions", "late", "early", "quick", "embarrassing",
    "awkward", "honest", "honestly", "probably", "ok", "okay", "fine", "well", "um", "erm",
    "anyway", "yeah", "given", "gave", "told", "said", "suggested", "receptionist",
    "reception", "idea", "ideas", "suggestions", "texts", "bit", "really",
    "reply", "replying", "respond", "back", "soon", "possible", "please", "pls", "plz",
})
# Words that must make a clause chat: without one, "is there anything" is part of a request.
_CHAT_CUES = frozenset({
    "hi", "hello", "hiya", "hey", "heya", "helo", "morning", "afternoon", "evening", "dear",
    "alright", "thanks", "thank", "thankyou", "thx", "ty", "cheers", "ta", "regards",
    "wishes", "x", "xx", "xxx", "lol", "haha", "sorry", "apologies", "apologise",
    "apologize", "bother", "bothering", "trouble", "troubling", "disturb", "disturbing",
    "hope", "hoping", "mind", "wondering", "wonder", "wondered", "texting", "message",
    "essay", "silly", "stupid", "daft", "embarrassing", "awkward", "receptionist",
    "reception", "appreciated", "appreciate", "sure", "number",
})
# Words of the request itself that name no need ("is there anything you could suggest").
REQUEST_WORDS = frozenset({
    "suggest", "suggestion", "suggestions", "recommend", "recommendation", "recommendations",
    "advise", "point", "direct", "signpost", "options", "option", "ideas", "idea", "might",
    "enjoy", "fancy", "similar", "sort", "suitable", "able", "exist", "exists", "offer",
    "offers", "provide", "provides", "manage", "benefit", "worth", "try", "trying",
    "interested", "interest", "access", "use", "contact", "speak", "apply", "left", "actually",
    "exactly", "specifically", "difference", "true", "real", "such", "as",
})
# Words for a form of help, not what it is about: "is there a course", "any training".
FORMS_OF_HELP = frozenset({"course", "courses", "training", "lessons", "lesson", "classes",
                           "class", "advice", "support", "help", "group", "groups"})
# Where a request starts. Asking whether something exists ("is there", "does anyone know",
# "any ... near me") is a request anywhere. A wish or a "how do i" ("i need", "where can i",
# "who can help") is read as one only in a message that is chatty already (chat left out, or
# more than one sentence): in one plain sentence it is as often a question of fact ("getting
# married in cyprus, what paperwork do we need", "how do i do an hpi check").
_ASKING = re.compile(
    r"\b(?:(?:is|are|was|were) there|if there (?:is|are|s|was|were)|whether there|"
    r"(?:does|do) (?:anyone|anybody|someone|somebody|you|u|ya) know|anyone know|is anyone|"
    r"(?:can|could|would|will) (?:anyone|anybody|someone|somebody) (?:recommend|suggest|help|"
    r"point|tell)|any chance)\b|^any\b")
_QUESTION = re.compile(
    r"\b(?:(?:does|do|would|could|can|will|might) (?:anyone|anybody|someone|somebody|you|u|ya)|"
    r"(?:where|who|how) (?:can|could|do|would|should|might|does) (?:i|we|he|she|they|my|our|"
    r"me|you|u|someone|one|help)|what (?:help|support) )\b")
_WISH = re.compile(
    r"\b(?:(?:i|we|he|she|they|im|am|is|are) (?:am |are |is )?(?:looking|searching) for|"
    r"(?:i|we|he|she|they) (?:need|needs|want|wants|would like|d like|would love|d love)|"
    r"(?:id|wed|hed|shed) (?:like|love)|(?:im|i am|we are|were) after)\b")
_SENTENCES = re.compile(r"[.?!;\n]+")
_CLAUSES = re.compile(r"[,:()]+|\s+-\s+|\s+but\s+")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")


@dataclass(frozen=True)
class Request:
    """A message read as a receptionist would: what it asks, and all of it without chat."""

    text: str  # as texted
    plain: str  # without its chat (the whole message when it has none)
    ask: str | None  # the asking part with what follows in its sentence, if separate
    context: str = ""  # the rest of the message without its chat, when there is an ask

    @property
    def chatty(self) -> bool:
        """Whether there is chat or context around the request to leave out."""
        return self.plain != self.text or self.ask is not None


def _is_chat(clause: str, stop_words: frozenset[str]) -> bool:
    """A clause of greetings, apologies and remarks about the message, nothing else."""
    words = tokenize(clause)
    return bool(words) and any(w in _CHAT_CUES for w in words) and all(
        w in CHAT_WORDS or w in stop_words for w in words)


def read_request(text: str, stop_words: frozenset[str]) -> Request:
    """The message without its chat, and its request when there is context besides it."""
    flat = _APOSTROPHES.sub("", text)
    kept: list[str] = []  # sentences, each without its chat clauses
    for sentence in _SENTENCES.split(flat):
        pieces, last = [], 0
        for sep in _CLAUSES.finditer(sentence):
            pieces.append((sentence[last:sep.start()], sentence[sep.start():sep.end()]))
            last = sep.end()
        pieces.append((sentence[last:], ""))
        body = "".join(c + s for c, s in pieces if not _is_chat(c, stop_words)).strip(" ,:-")
        if tokenize(body):
            kept.append(body)
    if not kept:
        return Request(text, text, None)
    chat_left_out = len(kept) < len([s for s in _SENTENCES.split(flat) if tokenize(s)]) or any(
        _is_chat(c, stop_words) for s in _SENTENCES.split(flat) for c in _CLAUSES.split(s))
    plain = ". ".join(kept) if chat_left_out else text
    asks = _asks(kept, _ASKING)
    if not asks and (chat_left_out or len(kept) > 1):
        asks = _asks(kept, _QUESTION) or _asks(kept, _WISH)
    ask = ". ".join(asks) if asks else None
    if ask is not None and tokenize(ask) == tokenize(plain):
        ask = None  # the request is the whole message: nothing around it
    context = ". ".join(_before(kept, asks)) if ask is not None else ""
    return Request(text, plain, ask, context)


def _before(sentences: list[str], asks: list[str]) -> list[str]:
    """The sentences without their asking parts: the context."""
    out = []
    for sentence in sentences:
        for ask in asks:
            if sentence.endswith(ask):
                sentence = sentence[: len(sentence) - len(ask)]
        if tokenize(sentence):
            out.append(sentence.strip(" ,"))
    return out


def _asks(sentences: list[str], frame: re.Pattern[str]) -> list[str]:
    """Each sentence's asking part (from the frame to the sentence's end), if it has one."""
    found = []
    for sentence in sentences:
        low = sentence.lower()
        hit = frame.search(low)
        if hit:
            found.append(sentence[hit.start():].strip())
    return found


def names_a_need(words: list[str], stop_words: frozenset[str], weak: frozenset[str],
                 who: frozenset[str], has_needs: bool) -> bool:
    """Whether a request's own words say what is wanted: a need understood, or a word that
    is not chat, asking, who it is for or a group word ("a group for her" names nothing)."""
    if has_needs:
        return True
    return any(w not in stop_words and w not in weak and w not in who and w not in CHAT_WORDS
               and w not in REQUEST_WORDS and not w.isdecimal()
               and not (len(w) > 4 and w.endswith("ly")) for w in words)


def understand_request(index: Index, text: str) -> Query:
    """What a message asks, read as a receptionist would (see the module's docstring)."""
    vocab = index.vocabulary
    request = read_request(text, vocab.stop_words)
    whole = understand(index, request.plain)
    if request.ask is None:
        return whole
    q, own = _read(index, request, whole)
    _keep_what_rules_out(q, whole, index, own)
    return q


def _read(index: Index, request: Request, whole: Query) -> tuple[Query, bool]:
    """The request on its own, or with the needs said around it, or the whole message; and
    whether the request names a need of its own."""
    vocab = index.vocabulary
    q = understand(index, request.ask or "")
    # A need of its own, not only a form of help ("is there a course": on what?).
    # Nor who it is for ("is there help for men in this situation": in what situation?).
    own = bool(q.phrases) or any(
        (t.stem,) in index.phrases and t.word not in FORMS_OF_HELP
        and t.word not in MEN | WOMEN for t in q.terms)
    words = _not_places(tokenize(request.ask or ""))
    named = names_a_need([w for w in q.words + q.unknown if w in words], vocab.stop_words,
                         vocab.weak_words, vocab.who_words, own)
    if not named or (not own and q.unknown):
        # "is there any help?": the need is in the rest of the message; and a word nobody
        # here uses, with no need named ("is there a railcard"), is read in the whole message
        return whole, False
    if not own:
        # "is there any support for families", "a group for people in our situation": the
        # request says how to help, the context what with ("our son was diagnosed autistic").
        asked = [w for w in q.words if w in words and w not in vocab.stop_words]
        forms_only = all(w in FORMS_OF_HELP or w in vocab.weak_words for w in asked)
        needs = context_needs(index, request.context, forms_only)
        if not needs:
            return whole, False  # nothing the vocabulary knows asked anywhere: word for word
        q = understand(index, " and ".join([_cleaned(request.ask or "", vocab.stop_words),
                                            *needs]))
    # "is there a mens shed near him": the request says what, the rest is context.
    _who_from(q, read_person(tokenize(request.plain)))
    return q, own


_PLACE_BEFORE = frozenset({"near", "in", "around", "round", "from", "nr"})


def _cleaned(ask: str, stop_words: frozenset[str]) -> str:
    """The request without its chat, asking words, adverbs and places ("is there such a
    group locally"): searched with the context's needs, they would be the words a match must
    hold."""
    words = tokenize(ask)
    places = set(words) - _not_places(words)
    return " ".join(w for w in words if w in stop_words or not (
        w in CHAT_WORDS or w in REQUEST_WORDS or w in places
        or (len(w) > 4 and w.endswith("ly"))))


def _not_places(words: list[str]) -> set[str]:
    """The words of a request that are not a place after "near", "in"... ("near scunthorpe")."""
    return {w for n, w in enumerate(words) if not (n and words[n - 1] in _PLACE_BEFORE)}


def _keep_what_rules_out(q: Query, whole: Query, index: Index, own: bool) -> None:
    """What the whole message says no community offer answers still holds for its request:
    a question of fact, a trip, a thing for an animal, an event's supplier, a trade to train
    for, a topic known to be missing ("tarot card readin, is there anyone good")."""
    q.fact = q.fact or whole.fact
    q.trip_to = q.trip_to or whole.trip_to
    q.animal = q.animal or whole.animal
    q.event = q.event or whole.event
    q.career = q.career or whole.career
    q.phrases += [key for key in whole.phrases if key in index.missing and key not in q.phrases]
    if not own:  # unless the request names a need ("retired joiner, is there a mens shed")
        q.unknown += [w for w in whole.unknown if w in index.vocabulary.related
                      and w not in q.unknown]


def context_needs(index: Index, context: str, unknown: bool = False) -> list[str]:
    """The needs said in the context, in the vocabulary's words ("autistic", "eating
    disorder", "lives on her own"): the rest of it (who did what, when) is no word to find."""
    if not context.strip():
        return []
    q = understand(index, context)
    found: list[str] = []
    run: list[str] = []
    last = None
    for t in q.terms:
        need = (t.in_phrase or (t.stem,) in index.phrases) and not t.who and not t.weak
        if need and (last is None or t.run == last):
            run.append(t.word)
        else:
            if run:
                found.append(" ".join(run))
            run = [t.word] if need else []
        last = t.run if need else None
    if run:
        found.append(" ".join(run))
    # After a request for a form of help alone, a word no offer uses is what they are after
    # ("become a football referee, is there a course"): kept, so that the rule that a match
    # must hold it still holds.
    return found + [w for w in q.unknown if w not in CHAT_WORDS and unknown]


def _who_from(q: Query, whole: Person) -> None:
    """Who it is for, said in the context ("my son is 9", "my dad is 70"), added to a
    request searched on its own."""
    p = q.person
    if p.age is None:  # an age ranks and leaves out; only the request says what is wanted
        p.age = whole.age
    if p.gender is None:
        p.gender = whole.gender
    p.adult_relative = p.adult_relative or whole.adult_relative
