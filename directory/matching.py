"""Find the offers that fit a resident's message, best first, or nothing when none fit."""

from __future__ import annotations

import functools
import heapq
import re
from collections import defaultdict
from dataclasses import dataclass, field

from directory.index import KEYWORD_WEIGHT, Index, get_index
from directory.model import Directory, Offer
from directory.nothing_judge import asks_for_nothing
from directory.query import (
    ANIMAL_OFFER_WORDS,
    BUYING_WORDS,
    OLDER_MIN,
    YOUNG_MAX,
    Query,
    Term,
)
from directory.request import understand_request
from directory.textnorm import stem

CATEGORY_WEIGHT = 2.5  # a need understood from the vocabulary, e.g. "lonely" -> company
EXPANSION_FACTOR = 0.5  # vocabulary keywords count less than the person's own words
WEAK_FACTOR = 0.3  # "group", "club": help rank, never match alone
FULL_FACTOR = 0.6  # a full group is mentioned after open ones
UNSCHEDULED_FACTOR = 0.6  # no schedule given: may or may not run on the day asked
YEARLY_FACTOR = 0.5  # a once-a-year event is not a general answer unless asked for by name
PHRASE_WEIGHT = 1.0  # a needs phrase found whole ("food bank", "tai chi") in an offer
NAME_FIT = 0.25  # bonus for a name made mostly of the words asked for
NEED_MISS_FACTOR = 0.6  # an offer unrelated to the need understood ("crying" for grief)
SHORT_MESSAGE = 3  # content words: up to this many, a match must cover most of them
COMPOUND_GAP = 3  # "car wash" is found in "car and van wash", not across two sentences
TELLING_MESSAGE = 7  # up to this many, a match on words alone must hold the rarest one
RELATIVE_CUTOFF = 0.3  # drop offers far behind the best: a poor guess helps nobody
YOUNG_FIT = 3.0  # "my 15 year old": the youth club before a coffee morning anyone may join
OLDER_FIT = 1.5  # "shes 92": an older people's group first
GENDER_FIT = 1.3  # "group for men": the Men's Shed first


# Offers named for learning answer a wish to train for a trade ("Adult Education & Community
# Learning" for "train to be a teaching assistant"); a job club or a therapy is no course.
LEARNING_STEMS = frozenset(stem(w) for w in ("education", "learning", "college", "course",
                                         "courses", "apprenticeship", "apprenticeships"))


@dataclass
class Match:
    """One offer that fits, with why."""

    offer: Offer
    score: float
    matched_words: list[str]
    categories: list[str]


@dataclass
class SearchResult:
    """Ranked matches for a message and what the message was understood as."""

    query: str
    matches: list[Match]
    categories: list[str]
    words: list[str]
    days: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    total: int = 0
    offset: int = 0
    filters_relaxed: bool = False  # nothing on the day asked: these run on other days
    unknown_words: list[str] = field(default_factory=list)
    related_category: str | None = None
    only_for: str | None = None  # "ladies only": "women" or "men", and nothing else will do


def _fits_schedule(index: Index, i: int, q: Query) -> float:
    """1 when an offer runs at the asked day/time, a penalty when unknown, 0 when not."""
    if not q.days and not q.times:
        return 1.0
    slots = index.slots[i]
    if slots is None:
        return UNSCHEDULED_FACTOR
    for days, times in slots:
        day_ok = not q.days or not days or bool(days & set(q.days))
        time_ok = not q.times or not times or bool(times & set(q.times))
        if day_ok and time_ok:
            return 1.0
    return 0.0


def _score(index: Index, q: Query) -> tuple[dict[int, float], set[int], dict[int, set[str]]]:
    """Scores for every offer touched by the query, and which have real evidence.

    Evidence is the offer's own words (name, keywords, description) holding the person's
    words, a needs phrase found whole, or a category understood: categories add to the
    score but an offer filed without them is still found by its words."""
    scores: dict[int, float] = defaultdict(float)
    strong: set[int] = set()
    words: dict[int, set[str]] = defaultdict(set)
    desc_hits: dict[int, list[Term]] = defaultdict(list)
    # Words hit per offer, for the rule that in a short message every word matters.
    covered: dict[int, int] = defaultdict(int)
    word_strong: set[int] = set()
    only_who = all(t.who or t.weak for t in q.terms)
    evidence_terms = fixed_terms = 0
    for term in q.terms:
        post = index.postings.get(term.stem)
        if not post:
            continue
        # Words of a multi-word phrase that gave needs ("get out the house") help rank but
        # are not evidence alone: the phrase means company, not housing. The whole phrase
        # found in an offer is (below). "My mum" says who, not what.
        evidence = not term.weak and not (term.in_phrase and q.categories) \
            and (not term.who or only_who)
        evidence_terms += evidence
        fixed_terms += evidence and term.corrected
        weight = index.idf[term.stem] * (WEAK_FACTOR if term.weak or term.who else 1.0)
        for i, w in post:
            scores[i] += weight * w
            words[i].add(term.word)
            if evidence:
                covered[i] += 1
                if w >= KEYWORD_WEIGHT:
                    word_strong.add(i)
                elif not term.corrected:  # "purse" guessed as "pursue": not found as typed
                    desc_hits[i].append(term)
    phrased: set[int] = set()
    missing: set[int] | None = None
    for key in q.phrases:
        if key in index.missing:  # "driving lessons": an offer about it, or nothing
            # Named or keyworded for it, like a single missing word: "Post Office Scandal
            # The Musical" in a puppet theatre's description is not a post office.
            holders = {i for i, w in index.phrase_postings.get(key, ()) if w >= KEYWORD_WEIGHT}
            missing = holders if missing is None else missing & holders
        content = [st for st in key if st in index.idf and st not in index.vocabulary.stop_words
                   and st not in index.vocabulary.weak_words]
        if not content:
            continue
        weight = PHRASE_WEIGHT * max(index.idf[st] for st in content)
        for i, w in index.phrase_postings.get(key, ()):
            scores[i] += weight * w
            strong.add(i)
            phrased.add(i)
    # Vocabulary keywords: only the best one counts, so an offer that lists many of them
    # does not outrank one named for the person's own word ("yoga"). One in an offer's name
    # or keywords is evidence: "lonely" finds the coffee morning without any categories.
    expansion: dict[int, float] = {}
    for kw in q.keywords:
        post = index.postings.get(kw)
        if not post:
            continue
        weight = index.idf[kw] * EXPANSION_FACTOR
        for i, w in post:
            v = weight * w
            if v > expansion.get(i, 0.0):
                expansion[i] = v
            if w >= KEYWORD_WEIGHT:  # named for the need: "Bereavement Support", "my mum died"
                strong.add(i)
    for i, v in expansion.items():
        scores[i] += v
    linked = set(expansion)  # offers that touch the need the message was understood as
    for cat, rank_weight in q.categories.items():
        for i in index.by_category.get(cat, ()):
            pos = index.offers[i].categories.index(cat)
            scores[i] += CATEGORY_WEIGHT * rank_weight * (1.0 if pos == 0 else 0.7)
            strong.add(i)
            linked.add(i)
    # In the description only: every word asked for, or at least two of them. A word
    # nobody here uses ("tattoo removal") or a corrected typo counts as one not found.
    needed = max(1, min(2, evidence_terms + len(q.unknown) + fixed_terms))
    in_words = set(word_strong)
    word_strong |= {i for i, hits in desc_hits.items() if len(hits) >= needed}
    # In a short message every word matters; a match on words alone must cover most of
    # them: "mot for my car" is not the car scheme, "my car fixed" not the repair cafe.
    n_words = evidence_terms + len(q.unknown)
    if 2 <= n_words <= SHORT_MESSAGE:
        word_strong = {i for i in word_strong if 2 * covered[i] > n_words}
    if 2 <= n_words <= TELLING_MESSAGE:
        # ...and hold its most telling word, the one fewest offers use ("tub" in "hot tub
        # hire", "boot" in "car boot sale"): the common ones alone are a weak partial match.
        telling = _most_telling(index, q)
        if telling is not None:
            holders = {i for i, _ in index.postings.get(telling, ())}
            word_strong &= holders
    runs = [t.run for t in q.terms if not t.weak and not t.who]
    if len(set(runs)) < len(runs):  # words asked together: found together, if only described
        word_strong = {i for i in word_strong if i in in_words or i in strong
                       or _apart(index, i, desc_hits[i]) >= needed}
    strong |= word_strong
    # Understood as a need ("my mum died": bereavement), an offer that touches neither the
    # need's words nor its categories is a partial match: "crying" in a baby massage class.
    if q.categories:
        for i in strong - linked - phrased:
            scores[i] *= NEED_MISS_FACTOR
    # A word for something known to be rare here ("tennis lessons") must be in the offer's
    # name or keywords: a mention in passing ("table tennis") is a weak partial match.
    for term in q.terms:
        if term.word in index.vocabulary.related:
            named = {i for i, w in index.postings.get(term.stem, ()) if w >= KEYWORD_WEIGHT}
            strong &= named
    if missing is not None:
        strong &= missing
    if q.head is not None:  # "cheap garden furniture": not the gardening group
        strong = _holding(index, q.head, q.head_with, strong)
    buying = {t.stem for t in q.terms if t.word in BUYING_WORDS}
    if buying:
        strong &= {i for st in buying for i, _ in index.postings.get(st, ())}
        if q.bought is not None:  # and sells or hires that thing
            strong = _holding(index, q.bought, q.bought_with, strong)
    if q.animal is not None:
        strong &= {i for w in (q.animal, *ANIMAL_OFFER_WORDS)
                   for i, _ in index.postings.get(stem(w), ())}
    if q.product is not None or q.fact:  # a product, or a question of fact: nothing here
        strong = set()
    if q.trip_to is not None:
        strong &= {i for i, _ in index.postings.get(stem(q.trip_to), ())}
    if q.event is not None:  # "a band for our wedding": an offer that holds the event and
        # the thing asked for (a venue hosting weddings is not a wedding band)
        things = {i for t in q.terms if not (t.weak or t.who) and t.stem != q.event
                  for i, _ in index.postings.get(t.stem, ())}
        strong &= things & {i for i, _ in index.postings.get(q.event, ())}
    if q.career is not None:  # "train as a therapist": named for the trade, or for learning
        # in its name (not a keyword such as "Learning Disabilities")
        strong &= {i for i, w in index.postings.get(q.career, ()) if w >= KEYWORD_WEIGHT} \
            | {i for i in strong if index.name_stems[i] & LEARNING_STEMS}
    for act in q.acts:  # mended, fitted, reported, priced: an offer that does it
        if act.unless_a_need and (q.categories or q.keywords or q.phrases):
            continue  # "report domestic abuse": the need's offers
        strong &= {i for w in act.done for i, weight in index.postings.get(stem(w), ())
                   if weight >= KEYWORD_WEIGHT or not act.named}
    # Of offers named for what was asked, the one whose name is mostly that comes first:
    # "Walking Group" before "Crowle Walking Netball" for "walking".
    asked = {t.stem for t in q.terms} | q.keywords | {st for key in q.phrases for st in key}
    for i in strong:  # only candidates are ranked
        name = index.name_stems[i]
        if name:
            scores[i] *= 1.0 + NAME_FIT * len(name & asked) / len(name)
    return scores, strong, words


def _holding(index: Index, thing: str, before: str | None, among: set[int]) -> set[int]:
    """The offers among these about a thing asked for: named or keyworded for it, or
    holding it in the description next to the word before it ("garden furniture"), not in
    passing ("share ideas" is not "baby name ideas", "the great games" not "the city match")."""
    weights = dict(index.postings.get(thing, ()))
    return {i for i in among if i in weights and (
        weights[i] >= KEYWORD_WEIGHT or before is None
        or _near(index.text_stems[i], [before, thing]))}


def _near(text: str, stems: list[str]) -> bool:
    """Whether each stem stands within COMPOUND_GAP words of the next one in text (stems
    with a space either side of each)."""
    return all(a == b or any(p.search(text) for p in _pair(a, b))
               for a, b in zip(stems, stems[1:], strict=False))


@functools.lru_cache(maxsize=1024)
def _pair(a: str, b: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two stems within COMPOUND_GAP words of each other, one way round and the other."""
    between = rf"(?:\S+ ){{0,{COMPOUND_GAP - 1}}}"
    a, b = re.escape(a), re.escape(b)
    return re.compile(f" {a} {between}{b} "), re.compile(f" {b} {between}{a} ")


def _apart(index: Index, i: int, hits: list[Term]) -> int:
    """How many separate things offer i's description holds of the words asked: words asked
    together ("escape room", "car wash") count once unless they stand together there too,
    not "escape" in one sentence and "room" in another."""
    runs: dict[int, list[str]] = defaultdict(list)
    for term in hits:
        runs[term.run].append(term.stem)
    n = len(runs)
    for stems in runs.values():
        if len(stems) < 2:
            continue
        n += len(stems) - 1 if _near(index.text_stems[i], stems) else 0
    return n


def _most_telling(index: Index, q: Query) -> str | None:
    """The stem of the query's rarest content word (one no offer uses is rarest of all)."""
    best, best_idf = None, -1.0
    for term in q.terms:
        if term.weak or term.who:
            continue
        idf = index.idf.get(term.stem, index.max_idf + 1.0)
        if idf > best_idf:
            best, best_idf = term.stem, idf
    return best


def find_offers(directory: Directory, query: str, *, limit: int = 3, offset: int = 0
                ) -> SearchResult:
    """Ranked offers for a message; empty when nothing fits rather than a poor guess."""
    index = get_index(directory)
    q = understand_request(index, query)  # the request read out of any chat around it
    result = SearchResult(query=query, matches=[], categories=list(q.categories),
                          words=q.words, days=q.days, times=q.times, offset=offset,
                          unknown_words=q.unknown,
                          only_for=q.person.gender if q.person.only else None)
    has_need = any(not t.weak for t in q.terms) or bool(q.categories)
    if has_need and asks_for_nothing(query):
        # The learned judge is confident no community service is asked for ("club
        # tropicana, was that wham"): a group for a shared word would be a poor guess.
        has_need = False
        q.days, q.times = [], []
    if any(w in index.vocabulary.related for w in q.unknown):
        # They asked for something known to be missing here ("karate for kids"): a group
        # for the other words would be a poor guess.
        has_need = False
        q.days, q.times = [], []
    if has_need:
        scores, strong, words = _score(index, q)
        candidates = {i: scores[i] for i in strong}
    elif q.days or q.times:
        # Only a day or time ("whats on saturday"): everything that runs then.
        # Rank one-off sessions above all-week services: "on saturday" asks what is on.
        words = {}
        pool = index.by_day if q.days else index.by_time
        keys = q.days or q.times
        candidates = {i: 1.0 / index.n_days[i] for k in keys for i in pool.get(k, ())}
    else:
        candidates, words = {}, {}
    ranked, best = _apply_filters(index, q, candidates, words)
    if not ranked and candidates and has_need and (q.days or q.times):
        result.filters_relaxed = True
        ranked, best = _apply_filters(index, Query(terms=q.terms, person=q.person),
                                      candidates, words)
    if ranked:
        # Far behind the best fit, even one they can't attend ("swimming, im 40": only an
        # over 50s swim), is a poor guess.
        ranked = [(i, s) for i, s in ranked if s >= RELATIVE_CUTOFF * best]
    result.total = len(ranked)
    # Only the page asked for is sorted: at 20,000 offers a full sort costs milliseconds.
    page = heapq.nsmallest(offset + limit, ranked,
                           key=lambda pair: (-pair[1], index.offers[pair[0]].name))
    for i, s in page[offset:]:
        offer = index.offers[i]
        result.matches.append(Match(
            offer=offer, score=round(s, 3), matched_words=sorted(words.get(i, ())),
            categories=[c for c in offer.categories if c in q.categories]))
    if not result.matches:
        result.related_category = _related(index, q)
    return result


def _apply_filters(index: Index, q: Query, candidates: dict[int, float],
                   words_of: dict[int, set[str]]) -> tuple[list[tuple[int, float]], float]:
    """The candidates that fit the day, time and person, scored; and the best score before
    leaving out the offers the person can't attend or doesn't want."""
    out = []
    best = 0.0
    left_out = _left_out(index, q)
    p = q.person
    judge = p.age is not None or p.gender is not None or p.adult_relative
    timed = bool(q.days or q.times)
    for i, s in candidates.items():
        factor = _fits_schedule(index, i, q) if timed else 1.0
        if factor == 0.0:
            continue
        best = max(best, s * factor)
        if i in left_out:
            continue
        if judge:
            factor *= _fits_person(index, i, q)
            if factor == 0.0:
                continue
        offer = index.offers[i]
        if offer.status == "full":
            factor *= FULL_FACTOR
        if offer.schedule and all(sc.freq == "YEARLY" for sc in offer.schedule) \
                and not (q.words and set(q.words) & set(words_of.get(i, ()))):
            factor *= YEARLY_FACTOR
        out.append((i, s * factor))
        best = max(best, s * factor)
    return out, best


def _fits_person(index: Index, i: int, q: Query) -> float:
    """0 for an offer the person can't attend (age, women or men only, a baby group for
    someone's mum), a bonus for one meant for them, else 1."""
    p = q.person
    offer, audience = index.offers[i], index.audience[i]
    factor = 1.0
    if p.age is not None and p.age > 4:
        if (offer.min_age is not None and p.age < offer.min_age) or (
                offer.max_age is not None and p.age > offer.max_age):
            return 0.0
        young = "young-people" in audience or "young-people" in offer.categories
        if p.age <= YOUNG_MAX and young:
            factor *= YOUNG_FIT
        elif p.age >= OLDER_MIN and "older-people" in offer.categories:
            factor *= OLDER_FIT
    grown_up = p.age >= 25 if p.age is not None else p.adult_relative
    if grown_up and "young-people" in audience and "young-people" not in q.categories:
        return 0.0
    if p.adult and "parents" not in q.categories and (
            "parents" in audience or offer.categories[:1] == ["parents"]):
        return 0.0
    if p.gender:
        other = "men" if p.gender == "women" else "women"
        if (other in audience and p.gender not in audience) or (
                p.only and p.gender not in audience):
            return 0.0
        if p.gender in audience:
            factor *= GENDER_FIT
    return factor


def _left_out(index: Index, q: Query) -> set[int]:
    """Offers the person said they don't want: named for the word ("not running"), of the
    kind a general word names ("not sport"), or only at a time they can't do."""
    p = q.person
    out: set[int] = set()
    if not p.not_words and not p.not_times:
        return out
    for word in p.not_words:
        st = stem(word)
        out |= {i for i, w in index.postings.get(st, ()) if w >= KEYWORD_WEIGHT}
        for need in index.phrases.get((st,), ()):
            if need.categories and st not in {stem(k) for k in need.keywords}:
                out |= set(index.by_main_category.get(need.categories[0], ()))
    if p.not_times:
        bad = set(p.not_times)
        out |= {i for i, slots in enumerate(index.slots)
                if slots and all(times and times <= bad for _, times in slots)}
    return out


def _related(index: Index, q: Query) -> str | None:
    """A category with offers that is near what was asked, for the no-match reply."""
    for word in q.unknown + q.words:
        for cat in index.vocabulary.related.get(word, ()):
            if index.by_category.get(cat):
                return cat
    for cat in q.categories:
        if index.by_category.get(cat):
            return cat
    return None


def suggest_related_category(result: SearchResult) -> str | None:
    """A category id to suggest when nothing fitted ("golf" -> physical-activity), or None."""
    return result.related_category
