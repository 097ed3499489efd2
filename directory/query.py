"""Understanding one resident message: words, needs, days and times, typos corrected."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from directory.index import Index
from directory.person import NEGATION_CUES, Person, read_negations, read_person
from directory.textnorm import DAY_WORDS, TIME_WORDS, day_codes, stem
from directory.vocabulary import tokenize

_DAY_NAMES = [d for d in DAY_WORDS if d not in ("weekend", "weekday")]


@dataclass
class Term:
    """One content word of the query."""

    word: str  # as understood (after typo correction)
    stem: str
    weak: bool
    in_phrase: bool  # part of a needs-vocabulary phrase
    who: bool = False  # who it is for ("mum", "14 year old"), not what
    corrected: bool = False  # a typo fixed to a known word: weaker evidence
    run: int = 0  # which run of words with no stop word between ("garden furniture")
    opener: str = ""  # the stop word just before that run ("hes" in "hes bored stiff")


@dataclass
class Query:
    """What a message was understood to ask for."""

    terms: list[Term] = field(default_factory=list)
    categories: dict[str, float] = field(default_factory=dict)
    keywords: set[str] = field(default_factory=set)  # stems from the vocabulary
    days: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # content words nothing knows
    phrases: list[tuple[str, ...]] = field(default_factory=list)  # multi-word needs phrases
    person: Person = field(default_factory=Person)  # age, gender, what they don't want
    # The stem of the thing asked for when no need explains it ("furniture" in "cheap garden
    # furniture", "hotel" in "cheap hotel for my parents"): an answer must hold it.
    head: str | None = None
    head_with: str | None = None  # the word before it ("garden"): what kind of furniture
    bought: str | None = None  # what they want to buy or hire ("bike" in "second hand bike
    # for sale"): a shop that sells other things is no answer
    bought_with: str | None = None
    animal: str | None = None  # "for my dog": an answer must be about animals or pets
    trip_to: str | None = None  # "flights to spain": an answer must name the place
    # A need word followed by a word no offer uses ("sports bra", "food processor", "fitness
    # tracker"): that word is the thing asked for, a product, and nothing here holds it.
    product: str | None = None
    # What they want done (mended, fitted, reported, priced): only an offer doing it answers.
    acts: list[Act] = field(default_factory=list)
    fact: bool = False  # a question of fact or choice ("when do the clocks go forward")
    # An event something is for ("a band for our wedding", "a dj for my daughters 18th"): a
    # supplier is hired for it, and only an offer holding the event and the thing answers.
    event: str | None = None
    # A trade or profession to train for ("train as a therapist", "become a plumber"): only
    # an offer named for it or for learning answers, not any job club or the service itself.
    career: str | None = None

    @property
    def words(self) -> list[str]:
        """Normalised content words, stop words removed."""
        return [t.word for t in self.terms]


def _cutoff(length: int) -> float:
    # Short words have few letters to spare: "golf" must not become "gold".
    return 80.0 if length <= 6 else 85.0


@functools.cache
def english_words() -> frozenset[str]:
    """Webster's Second (english-words, 234,000 words, lower case): a word in it is never
    "corrected" to a directory word it resembles."""
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2"], lower=True, alpha=True))


def correct(index: Index, word: str) -> str:
    """The closest known word for a likely typo ("nitting" -> "knitting"), else the word."""
    # known_words holds stems too ("coffe" is the stem of "coffee"): look the word's own
    # stem up, so the typo "coffe" is still corrected.
    if len(word) < 5 or not word.isalpha() or stem(word) in index.known_words \
            or word in english_words():
        return word  # a real English word is meant as itself ("processor" is not "process")
    n = len(word)
    candidates = index.windows.get(n, ())
    found = process.extract(word, candidates, scorer=fuzz.ratio, score_cutoff=_cutoff(n),
                            limit=8)
    if n <= 6:
        # A short word a letter or two from another is often a real word ("tyres" is not
        # "trees", "cheap" not "cheaper"): only a near match or swapped letters ("yuoth").
        found = [f for f in found if f[1] >= 90.0 or _swapped(f[0], word)]
    if not found:
        return word
    # Ties ("wieght": weight or height) go to the word with the same first letter, then to
    # the one more offers use, so the answer never depends on the order of a set.
    best = max(score for _, score, _ in found)
    tied = [w for w, score, _ in found if score == best]
    return min(tied, key=lambda w: (w[0] != word[0], -len(index.postings.get(stem(w), ())), w))


def _swapped(a: str, b: str) -> bool:
    """Whether b is a with two neighbouring letters swapped ("yuoth"): an anagram like
    "spain" is another word, not a slip of the thumb on "pains"."""
    if len(a) != len(b):
        return False
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] \
        and a[diff[1]] == b[diff[0]]


def _day_typo(word: str) -> str | None:
    """A misspelt day name ("thrusday", "wensday") or None."""
    if len(word) < 5 or not word.isalpha():
        return None
    best = process.extractOne(word.rstrip("s"), _DAY_NAMES, scorer=fuzz.ratio, score_cutoff=78)
    return best[0] if best else None


# Short day and time words that are also everyday words: "i am", "i sat", "we'd" (texted
# "wed"), "sun lounge", "christmas eve". They count as days or times only in a day or time
# context: after "on", "every", "next"..., next to another day or time word, before a
# number, or as the last word ("walking group sat").
AMBIGUOUS = frozenset({"am", "sat", "sun", "wed", "mon", "tue", "thu", "eve"})
_DAY_CONTEXT = frozenset({"on", "every", "each", "next", "this", "last", "till", "until",
                          "from", "to", "or", "and", "n", "weds", "sats", "suns"})
_NOT_DAY_BEFORE = frozenset({"i", "we", "he", "she", "they", "you", "u", "it", "who", "the",
                             "a", "christmas", "xmas", "years", "new", "just", "had", "was",
                             "have", "been", "ive", "id", "youd", "wed"})


FILLERS = frozenset({"really", "very", "so", "quite", "abit", "proper", "pretty", "totally",
                     "bloody", "rather", "dead", "well", "some", "more"})


def _is_day_or_time(tokens: list[str], i: int) -> bool:
    """Whether tokens[i], a short day or time word, is meant as one here."""
    tok = tokens[i]
    if tok not in AMBIGUOUS:
        return True
    prev = tokens[i - 1] if i else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if tok == "am":  # "10 am", "in the am"; never "i am"
        return prev.isdecimal() or (prev == "the" and i >= 2 and tokens[i - 2] == "in")
    if prev in _NOT_DAY_BEFORE:
        return False
    near = {prev, nxt} - {""}
    if prev in _DAY_CONTEXT or nxt[:1].isdigit():
        return True
    after = tokens[i + 2] if i + 2 < len(tokens) else ""
    if nxt in ("or", "and", "n") and day_codes(after):  # "sat or sun"
        return True
    if any(day_codes(w) or w in TIME_WORDS for w in near - AMBIGUOUS):
        return True
    return not nxt


def understand(index: Index, text: str) -> Query:
    """Turn a message into content terms, needs, and day/time filters."""
    vocab = index.vocabulary
    raw = tokenize(text)
    expanded: list[str] = []
    for n, tok in enumerate(raw):
        if not _is_day_or_time(raw, n):
            continue  # "i sat", "we'd", "sun lounge": an everyday word, not a day or time
        expanded.extend(vocab.abbreviations.get(tok, (tok,)))
    # Again after expanding: "im" became "i am", and that "am" is not the morning.
    tokens = [t for n, t in enumerate(expanded) if t != "am" or _is_day_or_time(expanded, n)]
    q = Query(person=read_person(raw),
              animal=for_an_animal(tokens, vocab.stop_words,
                                   lambda word: (stem(word),) in index.phrases),
              trip_to=destination(index, tokens), acts=acts_asked(tokens),
              fact=asks_a_fact(index, text), event=for_an_event(index, tokens),
              career=career_in(index, tokens))
    read_negations(tokens, _in_negative_phrases(index, tokens), q.person, vocab.stop_words,
                   lambda word: (stem(word),) in index.phrases or word in TIME_WORDS)
    rest: list[str] = []
    fixed: set[int] = set()
    for i, tok in enumerate(tokens):
        if _POSTCODE.fullmatch(tok):
            continue  # "delivers to bs5": where, not what
        if tok == "man" and i and tokens[i - 1] not in vocab.stop_words \
                and tokens[i - 1] not in _NOT_A_TRADE:
            continue  # "tv aerial man", "man with a van": a tradesman, not men's groups
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        prev = tokens[i - 1] if i else ""
        if i in q.person.skip:
            continue  # "not sport", "cant do evenings": left out, not asked for
        if tok == "book" and nxt in _AFTER_A_VERB:
            continue  # "book my driving test": to book, not books
        if _a_sum(tokens, i):
            continue  # "investing 5k", "a 280k house", "budget 1500": money, not a run
        if tok in ("work", "works", "working") and prev in _A_THING_WORKS or (
                tok == "works" and (prev == "what" or prev in ("actually", "really")
                                    and i >= 2 and tokens[i - 2] == "what")):
            # "what works for...", "what actually works"
            continue  # "a doorbell that works with my phone", "it doesnt work": no job
        if tok == "work" and nxt == "out" and i + 2 < len(tokens) and tokens[i + 2] in _RECKON:
            continue  # "how do i work out what tog duvet i need": to reckon, not a job
        days = day_codes(tok)
        if days is None and tok not in index.known_words and tok not in vocab.stop_words:
            typo = _day_typo(tok)
            days = day_codes(typo) if typo else None
        if days:
            q.days.extend(d for d in days if d not in q.days)
            continue
        # "coffee morning" names a kind of group, not a time filter.
        if tok in TIME_WORDS and "coffee" not in (correct(index, prev), correct(index, nxt)):
            if TIME_WORDS[tok] not in q.times:
                q.times.append(TIME_WORDS[tok])
            continue
        # Buying and mending words are known words, never typos ("fixes" is not "fixers").
        known = tok in vocab.stop_words or tok in BUYING_WORDS or tok in ACT_WORDS
        rest.append(tok if known else correct(index, tok))
        if rest[-1] != tok:
            fixed.add(len(rest) - 1)
    # Fillers inside a phrase ("feeling really down") would hide it.
    kept = [n for n, t in enumerate(rest) if t not in FILLERS]
    fixed = {kept.index(n) for n in fixed if n in kept}
    rest = [rest[n] for n in kept]
    stems = [stem(t) for t in rest]
    in_phrase = [False] * len(rest)
    i = 0
    while i < len(rest):
        for size in range(min(index.max_phrase, len(rest) - i), 0, -1):
            needs = index.phrases.get(tuple(stems[i : i + size]))
            if size == 1 and rest[i] in vocab.who_words:
                needs = None  # "my mum" says who, not "mums" (parents)
            if needs:
                for need in needs:
                    for rank, cat in enumerate(need.categories):
                        q.categories[cat] = max(q.categories.get(cat, 0.0), 1.0 - 0.15 * rank)
                    q.keywords.update(stem(k) for kw in need.keywords for k in tokenize(kw))
                if size > 1:
                    q.phrases.append(tuple(stems[i : i + size]))
                    for j in range(i, i + size):
                        in_phrase[j] = True
                i += size
                break
        else:
            i += 1
    run, opener = 0, ""
    for n, (tok, st, phrased) in enumerate(zip(rest, stems, in_phrase, strict=True)):
        if tok in vocab.stop_words:
            run, opener = run + 1, tok
            continue
        if q.person.age is not None and (tok.isdecimal() or tok in _AGE_WORDS):
            continue  # "15 year old" is read as an age, not words to find
        weak = tok in vocab.weak_words or st in vocab.weak_words or (
            _verb_position(rest, n) and (st,) not in index.phrases) or _an_act(rest, n) or (
            q.career is not None and tok in _CAREER_VERBS)  # "become": how, not what
        # The animal a request is for says who, like "my mum": it is no word to find.
        who = tok in vocab.who_words or tok.isdecimal() or tok == q.animal
        q.terms.append(Term(tok, st, weak, phrased, who, n in fixed, run, opener))
        if not phrased and not weak and not who and st not in index.postings:
            q.unknown.append(tok)
    q.product = _product(index, q, _FOR_A_PLACE.search(" ".join(tokens)) is not None)
    q.head, q.head_with = _head(index, q, rest)
    q.bought, q.bought_with = _bought(q)
    q.keywords -= {t.stem for t in q.terms}
    _age_needs(q)
    return q


# A UK postcode district ("bs5", "dn15"): a two-letter postcode area and a number, never
# "u3a", "b4" or "ps5".
_POSTCODE_AREAS = (
    "ab al ba bb bd bh bl bn br bs bt ca cb cf ch cm co cr ct cv cw da dd de dg dh dl dn dt dy "
    "ec eh en ex fk fy gl gu gy ha hd hg hp hr hs hu hx ig im ip iv je ka kt kw ky la ld le ll "
    "ln ls lu me mk ml ne ng nn np nr nw ol ox pa pe ph pl po pr rg rh rm sa se sg sk sl sm sn "
    "so sp sr ss st sw sy ta td tf tn tq tr ts tw ub wa wc wd wf wn wr ws wv yo ze").split()
_POSTCODE = re.compile(f"(?:{'|'.join(_POSTCODE_AREAS)})[0-9]{{1,2}}")
# "young man", "old man": a person, not a trade.
_NOT_A_TRADE = frozenset({"young", "old", "older", "elderly", "single", "gay", "family"})


_SUBJECTS = frozenset({"i", "we", "you"})
_AUXILIARIES = frozenset({"do", "can", "could", "should", "would", "will", "shall", "may"})
# Buying, hiring or tickets: what is done with the thing asked for, not the thing itself.
BUYING_WORDS = frozenset({"sale", "sales", "hire", "buy", "buying", "sell", "selling", "shop",
                          "shops", "ticket", "tickets", "delivery", "delivered", "deliver",
                          "cheapest", "deal", "deals", "discount", "bargain", "voucher",
                          "vouchers", "sells", "sold", "stocks", "stockist", "stockists",
                          "subscription", "subscriptions", "present"})
# Having something fixed: only an offer that mends things (a repair cafe) answers, not one
# about the thing ("phone screen fixed" is not a digital drop-in).
REPAIR_WORDS = frozenset({"fix", "fixed", "fixes", "fixing", "fixer", "repair", "repaired",
                          "repairs", "repairing", "mend", "mended", "mends", "mending"})
# Other things done for a person that only an offer doing them answers, as mending does:
# having something fitted ("cat flap fitted", "someone to fit a dash cam"), reporting a
# fault to the council ("reporting a pothole"), a price asked of a firm ("quotes please"),
# something made to order ("printed", "engraved"; not "personalised", as in "personalised
# support").
FITTING_WORDS = frozenset({"fitted", "install", "installed", "installing", "installation",
                           "installer", "hardwired"})
REPORT_WORDS = frozenset({"report", "reporting", "reported"})
QUOTE_WORDS = frozenset({"quote", "quotes", "quoted", "quotation", "valuation"})
# Made to order: printed, engraved, embroidered ("business cards printed by friday"), or
# someone asked to make a thing ("someone to make a wedding cake", "who can build a shed").
MAKING_WORDS = frozenset({"printed", "printing", "engraved", "engraving", "embroidered"})
MAKING_VERBS = frozenset({"make", "bake", "build", "design", "draw", "paint", "sew", "knit",
                          "cater", "decorate", "carve", "record", "film", "photograph"})
_ASKED_TO = frozenset({("someone", "to"), ("somebody", "to"), ("anyone", "to"),
                       ("who", "can"), ("who", "could"), ("who", "will"), ("who", "would")})
# Something done to a person or a thing ("gel nails and brows done", "get my hair done"): a
# business does it, and only an offer named for one (a salon, a barber) answers.
DONE_WORDS = frozenset({"done"})
DONE_BY = frozenset({"salon", "salons", "barber", "barbers", "hairdresser", "hairdressers",
                     "hairdressing"})
# Before "done", words that say it is finished, not something to have done ("well done").
_NOT_DONE_TO = frozenset({"well", "all", "be", "been", "being", "have", "has", "had", "get",
                          "got", "just", "it", "that", "this", "was", "were", "is", "are",
                          "not", "never", "already", "i", "we", "you", "they"})


@dataclass(frozen=True)
class Act:
    """Something to have done: the words that ask for it and the words of an offer doing it.
    Mending and fitting may be in a description ("we fix bikes", "we install key safes");
    the others only in a name or keywords, as a report or a quote is mentioned in passing by
    many offers. A report of something a need names ("report domestic abuse") asks for the
    need's offers."""

    asked: frozenset[str]
    done: frozenset[str]
    named: bool = True
    unless_a_need: bool = False


MENDING = Act(REPAIR_WORDS, REPAIR_WORDS, named=False)
# "fitted" shares its stem with "fit" (Dance Fit): an installer is found by "install".
FITTING = Act(FITTING_WORDS, FITTING_WORDS - {"fitted"}, named=False)
MAKING = Act(MAKING_WORDS, MAKING_WORDS)
DOING = Act(DONE_WORDS, DONE_BY)
ACTS = (MENDING, FITTING, Act(REPORT_WORDS, REPORT_WORDS, unless_a_need=True),
        Act(QUOTE_WORDS, QUOTE_WORDS), MAKING)
ACT_WORDS = frozenset().union(*(act.asked for act in ACTS), DONE_WORDS)
_DETERMINERS = frozenset({"a", "an", "my", "the"})


def _an_act(rest: list[str], n: int) -> bool:
    """Whether rest[n] asks for an act other than mending ("fitted", "fit a", "quotes"):
    it says what is to be done, found in the offer by the act's own rule, no word to find."""
    tok = rest[n]
    if tok == "fit":
        return n + 1 < len(rest) and rest[n + 1] in _DETERMINERS
    if tok in MAKING_VERBS:
        return _asked_to_make(rest, n)
    if tok in DONE_WORDS:
        return _done_to(rest, n)
    return tok in ACT_WORDS and tok not in REPAIR_WORDS


def _asked_to_make(tokens: list[str], n: int) -> bool:
    """ "someone to make a", "who can build the": a thing made to order."""
    return n >= 2 and (tokens[n - 2], tokens[n - 1]) in _ASKED_TO \
        and n + 1 < len(tokens) and tokens[n + 1] in _DETERMINERS | {"some", "me", "us", "our"}


def _done_to(tokens: list[str], n: int) -> bool:
    """ "nails done", "my hair done": a thing to have done, not "well done" or "its done"."""
    return n >= 1 and tokens[n - 1] not in _NOT_DONE_TO and tokens[n - 1].isalpha()


def acts_asked(tokens: list[str]) -> list[Act]:
    """The acts a message asks to have done ("fit" only as a verb: "fit a", not "get fit")."""
    found = [act for act in ACTS if any(t in act.asked for t in tokens)]
    if FITTING not in found and any(
            t == "fit" and n + 1 < len(tokens) and tokens[n + 1] in _DETERMINERS
            for n, t in enumerate(tokens)):
        found.append(FITTING)
    if MAKING not in found and any(t in MAKING_VERBS and _asked_to_make(tokens, n)
                                   for n, t in enumerate(tokens)):
        found.append(MAKING)
    if any(t in DONE_WORDS and _done_to(tokens, n) for n, t in enumerate(tokens)):
        found.append(DOING)
    return found


# A question of fact or of choice, not a request for somewhere to go: "when do the clocks go
# forward", "what time does it get dark", "how long does an esta take", "whats the capital
# of canada", "whats the best site", "how much", "do i need a permit", "is it worth paying",
# "which meal kit is better value", and who does a job ("who does wedding cakes": a firm);
# "how long" and "how many" are read by _QUANTITY_FRAME below.
# Read clause by clause.
_FACT_FRAMES = re.compile(
    r"^(?:when (?:do|does|did|is|are|was|will) |what (?:time|day) (?:do|does|is|will) |"
    r"how much |(?:whats|what is|what was|what were|whos|who was|who is) the "
    r"\S+ of |(?:whats|what is|what are|wheres|where is) the (?:best|cheapest) |is it worth |"
    r"do (?:i|we|you) need (?:a|an|to) |who (?:does|do) (?:the )?(?!i |we |you )\S+|"
    # Round 9: a price put on a thing ("who values them", "who buys old gold"), a thing's
    # merits ("which one stains less", not "which food bank has fewer queues": a need; "what
    # wood lasts longest", "what works").
    r"who (?:values|value|valued|buys|buy|prices) |"
    r"which\b.*\b(?:less|fewer)\b|"
    r"what (?:\S+ ){0,2}(?:lasts|works|stains|stops|kills|removes|shifts)\b|"
    # Round 10: a going rate ("whats the going rate"), whether a thing is real ("hanging gardens of babylon, were they even real"), and a firm asked
    # where ("bridesmaid dresses..., where does them").
    r"(?:whats|what is) the going rate\b|"
    r"(?:were|was|is|are) (?:they|it|he|she|that|this) (?:even |actually |really )?real\b|"
    r"where (?:does|do) (?:them|these|those)\b)")
# Whether a thing is worth it ("is it worth the money", "the deep in hull, is it worth it
# with a 3 yr old"), and who sang or wrote a song ("walking on sunshine, who sang it"): a
# thing's merits or trivia, though "money", "bored" or "walking" is a need word (round 10).
_WORTH_FRAME = re.compile(r"^(?:(?:is it|are they|is that|are those|would it be) (?:really |even )?"
                          r"worth (?:it|the money|the cost|the price|the extra|paying)\b|"
                          r"who (?:sang|sung|recorded|originally sang|wrote (?!to |me |us |back )))")
# What a word means ("what does rofl mean"): a fact, unless help is asked anywhere in the
# message ("what does pip mean for me, can someone help with the form") or a need is named.
_MEANING_FRAME = re.compile(r"^(?:what (?:does|do|did) (?:\S+ ){1,4}mean\b|(?:whats|what is) "
                            r"the meaning of )")
_CHOICE_FRAME = re.compile(r"^which\b.*\b(?:best|better|cheaper|cheapest|safest|most|worth|"
                           r"value|reliable|recommend|use|uses|more|longest|last|lasts|works)\b")
# A question of quantity ("how long do i leave it running", "how many sleeps till christmas",
# "how long on low"): a fact, even with a need word in it, unless a group is asked about or
# going to something ("how many people go to the mens shed").
_QUANTITY_FRAME = re.compile(r"^how (?:long|many|often) (?!.*\b(?:go|goes|going|attend|attends|"
                             r"(?<!take to )(?<!takes to )come|comes|coming|join|joins|joining|"
                             r"people|members)\b)")
# Words that ask for a group to join (not "support" in "lumbar support cushion").
_GROUP_WORDS = frozenset({"group", "groups", "club", "clubs", "class", "classes", "session",
                          "sessions", "meet", "meeting", "meetup", "society", "course",
                          "courses", "lesson", "lessons", "team", "drop", "service", "services"})
# After "best", a stop word ("best place to", "best for my mum", "best thing") is no product.
_STOPS_AFTER_BEST = frozenset({"place", "places", "for", "to", "thing", "things", "one", "ones",
                               "person", "people", "time", "day", "days", "kind", "sort",
                               "type", "option", "options", "bet", "idea", "ideas", "help",
                               "group", "groups", "club", "clubs"})
# A product's merits asked at the start of a clause ("best app?", "best lawn feed to kill moss"),
# read like "which ... best"; not "best way to..." or "best places to meet people".
_BEST_FRAME = re.compile(r"^(?:the |whats the |what is the )?best (?!way\b|ways\b)(?!(?:"
                         + "|".join(sorted(_STOPS_AFTER_BEST)) + r")\b)\S+")
# An either-or question ("is it the salt or the rinse aid", "is it faulty or is it the wifi")
# or a comparison of ways ("is it cheaper to get the bus"): a fact to look up, unless a
# need word in the clause (then it is a question about that help: "is it free or do i pay for
# the food bank").
_EITHER_FRAME = re.compile(r"^(?:is|was) (?:it|that|this) (?:the |a |an |my |just )?\S+"
                           r"(?: \S+)? or \b|^(?:is|would) it (?:be )?(?:cheaper|better|quicker|"
                           r"faster|easier|safer) ")
# How something works ("how do they work", "how does it work"): about a thing, not a job.
_HOW_IT_WORKS = re.compile(r"^how (?:do|does|did|will|would|can) (?:it|they|these|those|that|"
                           r"this|them) work")
# How to do something to one's own account, app or pet ("how do i leave a whatsapp group
# without everyone seeing", "how do i delete my account", "how do i train her out of it"): an
# instruction to look up, though it names a group or a need. Not "leave" a person ("how do i
# leave him"), "block" or "reset" (help with scams and passwords is a digital drop-in's).
_HOW_TO_OPERATE = re.compile(
    r"^(?:\S+ ){0,2}?how (?:do|can|could|would|should|to)(?: (?:i|we|you))? (?:leave (?:\S+ )"
    r"{0,3}(?:group|groups|chat|chats)\b|delete|unblock|mute|unmute|unlock|unsubscribe|hide|"
    r"undo|turn off|switch off|train (?:her|him|it|them|my|our|the)\b)")
_CLAUSES = re.compile(r"[,.;:!?]+|\s+-\s+")


# A sum of money ("investing 5k", "a 280k house", "budget 1500"): "5k" is then no run, and
# "budget" next to a number is the price they will pay, not help with budgeting.
_THOUSANDS = re.compile(r"[0-9]+k")
_MONEY_BEFORE = frozenset({"invest", "investing", "invested", "borrow", "borrowing", "borrowed",
                           "save", "saving", "saved", "owe", "owing", "spend", "spending",
                           "spent", "budget", "deposit", "worth", "cost", "costs", "costing",
                           "pay", "paying", "paid", "lend", "lent", "loan", "earn", "earning",
                           "salary", "about", "around", "under", "over", "than", "raise",
                           "raised", "win", "won", "price", "priced", "offer", "offered"})
_MONEY_AFTER = frozenset({"house", "home", "flat", "property", "loan", "deposit", "budget",
                          "mortgage", "car", "salary", "savings", "pension", "pounds", "quid",
                          "per", "isa", "inheritance", "bonus", "lump", "limit"})


def _a_sum(tokens: list[str], i: int) -> bool:
    """Whether tokens[i] is part of a sum of money: "5k" after a money word or before a
    thing bought with it, or "budget" next to a number."""
    tok = tokens[i]
    prev = tokens[i - 1] if i else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if _THOUSANDS.fullmatch(tok):
        return prev in _MONEY_BEFORE or nxt in _MONEY_AFTER
    if tok == "budget":
        return any(w.isdecimal() or _THOUSANDS.fullmatch(w) for w in (prev, nxt, tokens[i + 2]
                   if i + 2 < len(tokens) and nxt in ("of", "is", "about", "around") else ""))
    return False


# Before "work(s/ing)", words that make it a thing's working ("that works with my phone",
# "it doesnt work"), not a job; not "not" ("im not working" is jobless) nor "stopped" (left
# to the older rules: "my hearing aid stopped working" finds hearing aid help).
_A_THING_WORKS = frozenset({"that", "it", "which", "doesnt", "didnt", "wont", "itll",
                            "theyll"})
# After "work out", words that make it reckoning ("work out what size", "work out how much"),
# not exercise ("somewhere to work out") nor a job.
_RECKON = frozenset({"what", "how", "which", "if", "whether", "why", "when", "who"})


# What an event's supplier is hired for ("a band for our wedding evening", "dance lessons
# for our first dance", "a dj for my daughters 18th"): "for", whose, and the event.
_EVENTS = frozenset({"wedding", "weddings", "reception", "engagement", "christening",
                     "birthday", "bday", "anniversary", "hen", "stag", "prom", "graduation",
                     "party", "reunion"})
_ORDINAL = re.compile(r"[0-9]+(?:st|nd|rd|th)")
_WHOSE = frozenset({"my", "our", "the", "a", "his", "her", "their", "your", "an"})
_ARTICLES = frozenset({"the", "a", "an"})


def for_an_event(index: Index, tokens: list[str]) -> str | None:
    """The stem of the event a request is for, or None: "birthday" for an 18th or 50th,
    "wedding" for a first dance. Not an event a need names ("for my mums funeral")."""
    vocab = index.vocabulary
    for n, tok in enumerate(tokens):
        # a thing named before "for" ("a band for", "dance lessons for"), not "something for
        # my mums 80th": an outing for the day may be a community offer
        if tok != "for" or not n or tokens[n - 1] in vocab.stop_words:
            continue
        j = n + 1
        owned = False  # "my", "our": someone's 18th, not "for the 18th" (a date)
        while j < len(tokens) and tokens[j] in _WHOSE:
            owned |= tokens[j] not in _ARTICLES
            j += 1
        # "my husbands 50th", "our daughters wedding", "my lads 3rd": whose event it is
        if j < len(tokens) and (tokens[j] in vocab.who_words
                                or tokens[j].rstrip("s") in vocab.who_words
                                or tokens[j] in ("lads", "boys", "girls", "sons")):
            owned = True
            j += 1
        word = tokens[j] if j < len(tokens) else ""
        if _ORDINAL.fullmatch(word) and owned or word == "bday":
            return stem("birthday")
        if word == "first" and tokens[j + 1:j + 2] == ["dance"]:
            return stem("wedding")
        if word in _EVENTS and (stem(word),) not in index.phrases:
            return stem(word)
    return None


# Training for a trade or profession ("want to train as a therapist", "become a plumber",
# "a career in nursing"): the trade is what the answer must be named for.
_CAREER = re.compile(r"\b(?:(?:train|training|retrain|retraining|qualify|qualified|qualifying|"
                     r"study|studying) (?:as|to be|to become)|become|becoming) (?:a|an) (\w+)|"
                     r"\bcareer (?:as|in) (?:a |an )?(\w+)")


_CAREER_VERBS = frozenset({"become", "becoming", "retrain", "retraining", "qualify",
                           "qualifying", "qualified"})
# "become a member", "become a regular": joining, not a trade.
_NOT_A_TRADE_TO_LEARN = frozenset({"member", "members", "part", "regular", "friend", "mentor",
                                   "befriender", "buddy", "champion", "volunteer"})


def career_in(index: Index, tokens: list[str]) -> str | None:
    """The stem of the trade a request asks to train for, or None; not a need ("become a
    volunteer", "become a carer" are the needs themselves) nor a word that says who."""
    vocab = index.vocabulary
    found = _CAREER.search(" ".join(tokens))
    if not found:
        return None
    word = found.group(1) or found.group(2)
    if word in vocab.stop_words or word in vocab.weak_words or word in vocab.who_words \
            or word in _NOT_A_TRADE_TO_LEARN \
            or (stem(word),) in index.phrases:
        return None
    return stem(word)


def asks_a_fact(index: Index, text: str) -> bool:
    """Whether a clause asks a question of fact or of choice, and nothing asks for a group.

    A fact question must name something besides stop words ("what time does it start" asks
    about the offer just shown) and no need ("when is bingo on"); a choice ("which one is
    best") may name a need, as the thing chosen ("which meal kit is better value"). A group
    word anywhere ("when does the walking group meet", "which class is best") is a request."""
    vocab = index.vocabulary
    clauses = [tokenize(c) for c in _CLAUSES.split(text)]
    if any(_HOW_TO_OPERATE.search(" ".join(c)) for c in clauses):
        return True
    # "how do they work" asks about a thing, unless a need is named elsewhere ("how does it
    # work, the food bank"): "work" is then a verb, not a job.
    if any(_HOW_IT_WORKS.search(" ".join(c)) for c in clauses) and not any(
            (stem(t),) in index.phrases for c in clauses for t in c if t not in ("work", "works")):
        return True
    if any(t in _GROUP_WORDS for c in clauses for t in c):
        return False
    if any(_MEANING_FRAME.search(" ".join(c)) for c in clauses) and not any(
            t in vocab.weak_words or t in ("help", "helps") or (stem(t),) in index.phrases
            for c in clauses for t in c if t not in vocab.stop_words and t != "mean"):
        return True
    for words in clauses:
        line = " ".join(words)
        content = [t for t in words if t not in vocab.stop_words and not t.isdecimal()]
        # A choice of help, not of a product: "which one has more help for carers".
        helped = any(t in vocab.weak_words or t in ("help", "helps") for t in words)
        choice = _CHOICE_FRAME.search(line) or _BEST_FRAME.search(line)
        if choice and not helped or _QUANTITY_FRAME.search(line) or _WORTH_FRAME.search(line):
            return True
        fact = _FACT_FRAMES.search(line) or _EITHER_FRAME.search(line)
        # "works" in a fact is a thing working ("bleach doesnt last, what actually works"),
        # not a job; a need besides it still makes a request ("what works for anxiety").
        if fact and content and not any(
                (stem(t),) in index.phrases for t in content if t != "works"):
            return True
    return False


# An animal the request is for ("hydrotherapy pool for my dog"): only an offer about animals
# or pets answers, not the swimming club.
ANIMALS = frozenset({"dog", "dogs", "puppy", "puppies", "cat", "cats", "kitten", "kittens",
                     "rabbit", "rabbits", "hamster", "horse", "horses", "pony", "budgie",
                     "parrot", "tortoise", "ferret", "pet", "pets", "guinea", "mare",
                     "mares", "foal", "foals", "stallion", "gelding", "hedgehog", "hedgehogs"})
ANIMAL_OFFER_WORDS = ("pet", "pets", "animal", "animals")


def _verb_position(rest: list[str], n: int) -> bool:
    """Whether rest[n] follows "do i", "can we"...: a verb ("where do i park"), which finds
    offers named for the noun ("Quibell Park") only when it is a need ("where can i swim")."""
    return n >= 2 and rest[n - 1] in _SUBJECTS and rest[n - 2] in _AUXILIARIES


_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they", "it", "hes", "shes", "theyre",
                       "im", "ive", "id"})
# Never the thing asked for: particles ("stressed out", "give up") and "only" ("ladies only
# group", read as who it is for).
_NOT_A_THING = frozenset({"out", "up", "off", "over", "down", "back", "away", "about", "in",
                          "only"})


def _bought(q: Query) -> tuple[str | None, str | None]:
    """With a buying word, the stem of the thing to buy: the last word of the first run of
    words naming a thing ("bike" in "second hand bike for sale", "tree" in "buy a real
    christmas tree", "match" in "tickets for the city match")."""
    if not any(t.word in BUYING_WORDS for t in q.terms):
        return None, None
    things = [t for t in q.terms if not (t.weak or t.who or t.word in BUYING_WORDS
                                         or t.word.isdecimal() or t.word in _NOT_A_THING)]
    if not things:
        return None, None
    run = [t for t in things if t.run == things[0].run]
    if len(run) > 1:
        return run[-1].stem, run[-2].stem
    # One word: next to the buying word ("bikes for sale", "football tickets").
    return run[-1].stem, next(t.stem for t in q.terms if t.word in BUYING_WORDS)


# Kit for one's own place ("for the back garden", "for home", "for the car"): with a need word
# before a noun, the noun names a thing to buy ("swimming pool for the garden", "rowing
# machine for home"), though offers use those words together (a leisure centre's pool).
_FOR_A_PLACE = re.compile(r"\bfor (?:the |my |our |a |your )?(?:back |front |spare )?"
                          r"(?:garden|gardens|home|house|car|kitchen|bedroom|flat|van|caravan|"
                          r"bathroom|office)\b")


def _product(index: Index, q: Query, for_a_place: bool = False) -> str | None:
    """A noun after a need word in the same run of words that no offer puts after it:
    "sports bra", "yoga mat", "baby monitor" name a product, not the need. Not when the
    thing is to be mended ("fix my broken lamp"): that asks for a repair cafe."""
    if MENDING in q.acts:
        return None
    for a, b in zip(q.terms, q.terms[1:], strict=False):
        need = (a.in_phrase or (a.stem,) in index.phrases) and not a.who
        # A noun: "job hunting" is the need done, "mum died" says what happened.
        noun = (not b.word.endswith(("ing", "ed")) and b.word not in _NOT_A_THING
                and b.word in english_words() and not (len(b.word) > 4
                                                       and b.word.endswith("ly")))
        # "hes bored stiff": a sentence about the person, not a thing named.
        about_the_person = a.opener in _PRONOUNS
        # For one's own place, even a need's own word is kit ("swimming pool for the garden").
        not_a_product = b.weak or b.who or b.corrected or b.in_phrase or not for_a_place and (
            (b.stem,) in index.phrases or b.stem in q.keywords)
        if not (need and noun and a.run == b.run) or about_the_person or not_a_product:
            continue
        if b.stem not in index.postings or (a.stem, b.stem) not in index.pairs or for_a_place:
            return b.stem
    return None


# "where can i get a", "who do we ask to fix": a request for a thing, though a pronoun
# comes first, unlike a sentence about the person ("i get breathless easily").
_REQUEST_FRAME = re.compile(
    r"\b(?:where|who|how|anywhere|somewhere)\b(?: \S+){0,2} (?:i|we|you) (?:get|buy|find|hire|rent|"
    r"order|pick up)(?: (?:a|an|the|some|my|me|us|our|one|new|hold of))*$")


_OWNERS = frozenset({"my", "our", "the", "a", "his", "her", "their", "me", "mi"})
# A trip ("gap year volunteering in thailand", "flights to spain", "we fly to orlando"): a
# travel word just before "to" or "in" and a country (pycountry's names, the UK's nations
# left out), or, after a word that only means travel, any place name. Only an offer naming
# the place answers; "my son is in australia and im lonely" is no trip.
_TRAVEL = frozenset({"holiday", "holidays", "hols", "trip", "trips", "flight", "flights",
                     "flying", "fly", "travel", "travelling", "traveling", "cruise", "honeymoon",
                     "volunteering", "volunteer", "backpacking", "inclusive", "visa", "move",
                     "moving", "emigrate", "emigrating", "going", "go", "break", "year"})
# Words that say a journey and nothing else ("go" and "move" also go to groups and to yoga).
_JOURNEY = frozenset({"holiday", "holidays", "hols", "flight", "flights", "flying", "fly",
                      "travel", "travelling", "traveling", "cruise", "honeymoon", "backpacking",
                      "coach", "train", "ferry", "drive", "driving", "emigrate", "emigrating"})


@functools.cache
def _countries() -> frozenset[str]:
    import pycountry

    names = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(country, attr, None)
            if name and " " not in name and country.alpha_2 != "GB":
                names.add(name.lower())
    return frozenset(names)


def destination(index: Index, tokens: list[str]) -> str | None:
    """Where a trip is to, when the words before "to" or "in" are about travel: a country,
    or after a journey word any place ("coach to london", "holiday in florida"), not a need
    ("flying to yoga" is no trip) nor a day or a number."""
    countries = _countries()
    vocab = index.vocabulary
    for n, tok in enumerate(tokens[2:], start=2):
        if tokens[n - 1] not in ("to", "in") or tokens[n - 2] not in _TRAVEL | _JOURNEY:
            continue
        if tok in countries and tokens[n - 2] in _TRAVEL:
            return tok
        place = tok.isalpha() and tok not in vocab.stop_words and tok not in vocab.weak_words \
            and tok not in vocab.who_words and (stem(tok),) not in index.phrases \
            and not day_codes(tok) and tok not in TIME_WORDS
        if place and tokens[n - 2] in _JOURNEY:
            return tok
    return None


def for_an_animal(tokens: list[str], stop_words: frozenset[str],
                  is_need: Callable[[str], bool] = lambda word: False) -> str | None:
    """The animal a request is for ("for my dog", "for the cats") or whose thing it is about
    ("my cats microchip", "the dogs lead": an animal's, as texted without the apostrophe)."""
    for n, tok in enumerate(tokens[2:], start=2):
        if tok in ANIMALS and tokens[n - 2] == "for" and tokens[n - 1] in _OWNERS:
            return tok
    for n, tok in enumerate(tokens[1:-1], start=1):
        if tok in _ANIMALS_OWNING and tokens[n - 1] in _OWNERS \
                and tokens[n + 1] not in stop_words and _a_thing(tokens[n + 1]):
            return tok
    for n, tok in enumerate(tokens[:-1]):
        prev = tokens[n - 1] if n else ""
        nxt = tokens[n + 1]
        # A kind of thing for animals ("puppy food", "cat cafe", "dog bed"): the animal word
        # names what kind, with no "my" before it and no need asked for besides ("cat rescue
        # volunteering" is volunteering too).
        if tok in ANIMALS and prev not in _OWNERS and nxt not in stop_words \
                and _a_thing(nxt) and nxt not in ANIMALS and nxt in english_words() \
                and not any(is_need(t) for k, t in enumerate(tokens)
                            if k not in (n, n + 1) and t != nxt):
            return tok
        # The animal does something ("kitten wont stop biting", "my dog barks at everyone"):
        # a question about the animal, at the start of the message. Not "my dog keeps me
        # going" or "my cat wont leave my side": the person's own need may follow.
        if tok in ANIMALS and (n == 0 or n == 1 and prev in _OWNERS) and (
                nxt in _ANIMAL_DOES or tokens[n + 1:n + 3] in (["wont", "stop"],
                                                              ["keeps", "biting"])):
            return tok
    return None


_ANIMAL_DOES = frozenset({"bites", "barks", "scratches", "chews", "wees", "pees", "poos",
                          "howls", "whines"})


# "cats", "dogs" as texted for "cat's", "dog's".
_ANIMALS_OWNING = frozenset(a for a in ANIMALS if a.endswith("s") and a[:-1] in ANIMALS)


def _a_thing(word: str) -> bool:
    """A noun that an animal can own ("microchip", "bed"), not a verb form or a small word
    ("my dogs walking", "my dogs and i")."""
    return word.isalpha() and len(word) > 2 and not word.endswith(("ing", "ed", "ly")) \
        and word not in _NOT_A_THING


def _head(index: Index, q: Query, rest: list[str]) -> tuple[str | None, str | None]:
    """The stem of the thing asked for, when the needs vocabulary does not explain it.

    Only in a request worded as a thing, not a sentence about the person ("i get breathless
    easily"): the last word of a first run of two or more ("furniture" in "cheap garden
    furniture", "scan" in "private gender scan for my baby"), or one word followed by "for"
    ("hotel for my parents"). A need word before it only says what kind ("garden"), one
    after "for" who it is for; one said elsewhere is asked for itself. Words that say who,
    group words, buying words, adverbs and particles ("stressed out") are not the thing."""
    run = [t for t in q.terms if t.run == q.terms[0].run] if q.terms else []
    start = rest.index(run[0].word) if run and run[0].word in rest else -1
    before = rest[:start]
    if not run or start < 0 or (any(w in _PRONOUNS for w in before)
                                and not _REQUEST_FRAME.search(" ".join(before))):
        return None, None
    named = [t for t in run if not (t.weak or t.who or t.word.isdecimal()
                                    or t.word in _NOT_A_THING
                                    or (len(t.word) > 4 and t.word.endswith("ly")))]
    # "theme park tickets", "grab rails fitted": what is done with the thing, not the thing
    things = [t for t in named if t.word not in BUYING_WORDS and t.word not in ACT_WORDS]
    if not things:
        return None, None
    head = things[-1]
    after = start + len(run)
    if len(named) < 2 and (after >= len(rest) or rest[after] != "for"):
        return None, None
    if head.word.endswith("ing") and any((t.stem,) in index.phrases for t in things[:-1]):
        return None, None  # "job hunting": the need, done
    if head.in_phrase or (head.stem,) in index.phrases or head.stem in q.keywords \
            or head.word in index.vocabulary.related:
        return None, None
    # A need said elsewhere stands on its own ("fine whatever, is there a carers group"):
    # only one in the same words or just after "for" describes the thing.
    runs = {head.run}
    if after < len(rest) and rest[after] == "for":
        runs |= {next((t.run for t in q.terms if t.run > head.run), head.run)}
    if any(t.run not in runs for t in q.terms if t.in_phrase or (t.stem,) in index.phrases):
        return None, None
    return head.stem, (things[-2].stem if len(things) > 1 else None)


_AFTER_A_VERB = frozenset({"a", "an", "my", "the", "me", "us", "our", "your", "him", "her",
                           "them", "in", "onto", "on", "it", "one", "this", "that"})
_AGE_WORDS = frozenset({"year", "years", "yr", "yrs", "yo", "old", "olds", "month", "months",
                        "week", "weeks"})
# Ages that say which offers fit: young people 11-17 (and younger carers), older people.
YOUNG_MAX = 17
OLDER_MIN = 60


def _age_needs(q: Query) -> None:
    """An age with no other need ("my 15 year old") asks for the offers for that age."""
    age = q.person.age
    if age is None:
        return
    if age <= 4:  # "my 6 month old": a parent and baby
        q.categories.setdefault("parents", 0.85)
    elif age <= YOUNG_MAX:
        # "my lad is 13": a young person, not "lads" (men) or older people.
        for cat in ("mens-health", "older-people"):
            q.categories.pop(cat, None)
        q.categories["young-people"] = 1.0
        q.keywords |= {"youth", "teen", "young"}  # found by name without categories too
    elif age >= OLDER_MIN and not q.categories and not any(not t.weak for t in q.terms):
        q.categories["older-people"] = 1.0


def _in_negative_phrases(index: Index, tokens: list[str]) -> set[int]:
    """Positions inside needs phrases that hold a negation ("no one to talk to")."""
    stems = [stem(t) for t in tokens]
    protected: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok not in NEGATION_CUES:
            continue
        for size in range(2, index.max_phrase + 1):
            for start in range(max(0, i - size + 1), i + 1):
                if tuple(stems[start:start + size]) in index.phrases:
                    protected |= set(range(start, start + size))
    return protected
