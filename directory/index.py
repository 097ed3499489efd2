"""The search index for one Directory: built once, cached on the Directory object."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from directory.model import Directory, Offer
from directory.person import offer_audience
from directory.textnorm import TIME_WINDOWS, stem
from directory.vocabulary import Need, Vocabulary, tokenize

# Field weights: the name says what an offer is, keywords are chosen words, the description
# mentions many things in passing.
NAME_WEIGHT = 3.0
KEYWORD_WEIGHT = 2.0
DESCRIPTION_WEIGHT = 1.0
ORGANIZATION_WEIGHT = 0.5


def _minutes(hhmm: str | None) -> int | None:
    if not hhmm:
        return None
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


@dataclass
class Index:
    """Postings, fuzzy word lists and schedule facts for a directory's suggestible offers."""

    offers: list[Offer]
    vocabulary: Vocabulary
    postings: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    by_category: dict[str, list[int]] = field(default_factory=dict)
    # Per offer, per schedule entry: (weekdays, times of day); None when it gives no pattern.
    slots: list[list[tuple[set[str], set[str]]] | None] = field(default_factory=list)
    words_by_length: dict[int, list[str]] = field(default_factory=dict)
    known_words: set[str] = field(default_factory=set)
    phrases: dict[tuple[str, ...], list[Need]] = field(default_factory=dict)
    max_phrase: int = 1
    max_idf: float = 1.0
    windows: dict[int, list[str]] = field(default_factory=dict)
    # Offers by weekday / time of day, and how many weekdays each runs: "whats on saturday".
    by_day: dict[str, list[int]] = field(default_factory=dict)
    by_time: dict[str, list[int]] = field(default_factory=dict)
    n_days: list[int] = field(default_factory=list)
    # Multi-word needs phrases ("food bank", "tai chi") found whole in an offer's own words,
    # written as one word too ("foodbank"): (offer, best field weight).
    phrase_postings: dict[tuple[str, ...], list[tuple[int, float]]] = field(
        default_factory=dict)
    # Content-word stems of each offer's name: how much of the name a message covers.
    name_stems: list[frozenset[str]] = field(default_factory=list)
    # Who each offer is for ("men", "women", "parents", "young-people"), from `for:` or its name.
    audience: list[frozenset[str]] = field(default_factory=list)
    # Offers by their first (main) category: "not sport" leaves out the sport offers.
    by_main_category: dict[str, list[int]] = field(default_factory=dict)
    # The vocabulary's missing topics as stems ("driving lessons" -> ("driv", "lesson")).
    missing: frozenset[tuple[str, ...]] = frozenset()
    # Each offer's description and organisation as stems in order, with a space either side
    # of each: whether words asked for together stand together there (a regular expression).
    text_stems: list[str] = field(default_factory=list)
    # Every pair of neighbouring stems in any offer's own words ("yoga mat" if one says so):
    # a need word before a word never found after it names a product ("yoga mat").
    pairs: set[tuple[str, str]] = field(default_factory=set)


def _field_texts(offer: Offer) -> list[tuple[str, float]]:
    """The offer's own words, field by field, with each field's weight.

    Location and contact details are left out on purpose: a street or a contact's name says
    nothing about what an offer is ("Mill Lane" must not answer "mill")."""
    texts = [(offer.name, NAME_WEIGHT)]
    texts += [(kw, KEYWORD_WEIGHT) for kw in offer.keywords]
    texts += [(offer.description, DESCRIPTION_WEIGHT), (offer.organization or "",
                                                        ORGANIZATION_WEIGHT)]
    return [(text, weight) for text, weight in texts if text]


def _offer_terms(offer: Offer, phrase_starts: dict[str, list[tuple[str, ...]]],
                 compounds: dict[str, tuple[str, ...]], pairs: set[tuple[str, str]]
                 ) -> tuple[dict[str, float], set[str], dict[tuple[str, ...], float], str]:
    """Stemmed term -> best field weight for one offer, the raw words seen, the
    vocabulary phrases found whole in it (with the best field weight), and the stems of
    its description and organisation in order. Adds its neighbouring stems to pairs."""
    weights: dict[str, float] = {}
    raw: set[str] = set()
    found: dict[tuple[str, ...], float] = {}
    text_stems: list[str] = []
    for text, weight in _field_texts(offer):
        stems = []
        for tok in tokenize(text):
            raw.add(tok)
            s = stem(tok)
            stems.append(s)
            if weights.get(s, 0.0) < weight:
                weights[s] = weight
        pairs.update(zip(stems, stems[1:], strict=False))
        for k, s in enumerate(stems):
            hits = [p for p in phrase_starts.get(s, ()) if tuple(stems[k:k + len(p)]) == p]
            if s in compounds:
                hits.append(compounds[s])
            for p in hits:
                if found.get(p, 0.0) < weight:
                    found[p] = weight
        if weight <= DESCRIPTION_WEIGHT:
            text_stems += stems
    return weights, raw, found, f" {' '.join(text_stems)} "


def _schedule_slots(offer: Offer) -> list[tuple[set[str], set[str]]] | None:
    """(weekdays, times of day) for each schedule entry; None when the offer gives none.

    Kept per entry so "sunday afternoon" needs one session that is both."""
    slots = []
    for s in offer.schedule:
        if s.freq == "YEARLY" and not s.byday:
            continue
        times: set[str] = set()
        start, end = _minutes(s.opens_at), _minutes(s.closes_at)
        if start is not None:
            end = end if end is not None else start + 60
            if end - start >= 240:  # all-day: any part of the day it covers
                times = {n for n, (lo, hi) in TIME_WINDOWS.items() if start < hi and end > lo}
            else:  # a session belongs to the part of the day it starts in
                times = {n for n, (lo, hi) in TIME_WINDOWS.items() if lo <= start < hi}
        slots.append((s.weekdays(), times))
    return slots or None


def build_index(directory: Directory) -> Index:
    """Index the offers that may be suggested (active, and full ones to mention as full)."""
    offers = [o for o in directory.offers if o.suggestible]
    vocab = directory.vocabulary
    index = Index(offers=offers, vocabulary=vocab)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    by_category: dict[str, list[int]] = defaultdict(list)
    raw_words: set[str] = set()
    phrases: dict[tuple[str, ...], list[Need]] = defaultdict(list)
    for need in vocab.needs:
        for phrase in need.phrases:
            key = tuple(stem(t) for t in phrase)
            phrases[key].append(need)
            raw_words.update(phrase)
    phrase_starts: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    compounds: dict[str, tuple[str, ...]] = {}
    for key in phrases:
        if len(key) > 1:
            phrase_starts[key[0]].append(key)
            compounds[stem("".join(key))] = key
    phrase_postings: dict[tuple[str, ...], list[tuple[int, float]]] = defaultdict(list)
    for i, offer in enumerate(offers):
        weights, raw, found, text_stems = _offer_terms(offer, phrase_starts, compounds,
                                                       index.pairs)
        index.text_stems.append(text_stems)
        raw_words |= raw
        for term, w in weights.items():
            postings[term].append((i, w))
        for key, w in found.items():
            phrase_postings[key].append((i, w))
        index.name_stems.append(frozenset(
            stem(t) for t in tokenize(offer.name) if t not in vocab.stop_words
            and t not in vocab.weak_words and not t.isdecimal()))
        for cat in offer.categories:
            by_category[cat].append(i)
        if offer.categories:
            index.by_main_category.setdefault(offer.categories[0], []).append(i)
        index.audience.append(offer_audience(offer))
        slots = _schedule_slots(offer)
        index.slots.append(slots)
        days = set().union(*(d for d, _ in slots)) if slots else set()
        times = set().union(*(t for _, t in slots)) if slots else set()
        for day in days:
            index.by_day.setdefault(day, []).append(i)
        for t in times:
            index.by_time.setdefault(t, []).append(i)
        index.n_days.append(len(days) or 7)
    n = max(len(offers), 1)
    index.postings = dict(postings)
    index.idf = {t: math.log(1 + n / len(p)) for t, p in postings.items()}
    index.max_idf = math.log(1 + n)
    index.by_category = dict(by_category)
    index.phrase_postings = dict(phrase_postings)
    index.phrases = dict(phrases)
    index.missing = frozenset(tuple(stem(t) for t in p) for p in vocab.missing)
    index.max_phrase = max((len(p) for p in phrases), default=1)
    raw_words -= vocab.stop_words
    index.known_words = raw_words | {stem(w) for w in raw_words}
    # Words known to be missing here ("cattery", "tarot") are real words, never typos of an
    # offer's word ("chatter").
    index.known_words |= {stem(w) for w in vocab.related} | set(vocab.related)
    by_len: dict[int, list[str]] = defaultdict(list)
    for word in sorted(raw_words):
        if len(word) >= 4 and word.isalpha():
            by_len[len(word)].append(word)
    index.words_by_length = dict(by_len)
    # Typo candidates per word length (similar lengths only), ready before the first query.
    index.windows = {n: [w for k in range(n - 2, n + 3) for w in by_len.get(k, ())]
                     for n in range(5, max(by_len, default=4) + 1)}
    return index


def get_index(directory: Directory) -> Index:
    """The directory's index, built on first use and cached on the object."""
    if directory._index is None:
        directory._index = build_index(directory)
    return directory._index
