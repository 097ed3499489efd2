"""Understanding one resident message: words, needs, days and times, typos corrected."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from directory.index import Index
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


@dataclass
class Query:
    """What a message was understood to ask for."""

    terms: list[Term] = field(default_factory=list)
    categories: dict[str, float] = field(default_factory=dict)
    keywords: set[str] = field(default_factory=set)  # stems from the vocabulary
    days: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # content words nothing knows

    @property
    def words(self) -> list[str]:
        """Normalised content words, stop words removed."""
        return [t.word for t in self.terms]


def _cutoff(length: int) -> float:
    # Short words have few letters to spare: "golf" must not become "gold".
    return 80.0 if length <= 6 else 85.0


def correct(index: Index, word: str) -> str:
    """The closest known word for a likely typo ("nitting" -> "knitting"), else the word."""
    if len(word) < 5 or not word.isalpha() or word in index.known_words:
        return word
    if stem(word) in index.known_words:
        return word
    n = len(word)
    candidates = index.windows.get(n, ())
    best = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=_cutoff(n))
    return best[0] if best else word


def _day_typo(word: str) -> str | None:
    """A misspelt day name ("thrusday", "wensday") or None."""
    if len(word) < 5 or not word.isalpha():
        return None
    best = process.extractOne(word.rstrip("s"), _DAY_NAMES, scorer=fuzz.ratio, score_cutoff=78)
    return best[0] if best else None


def understand(index: Index, text: str) -> Query:
    """Turn a message into content terms, needs, and day/time filters."""
    vocab = index.vocabulary
    tokens: list[str] = []
    for tok in tokenize(text):
        tokens.extend(vocab.abbreviations.get(tok, (tok,)))
    q = Query()
    rest: list[str] = []
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        prev = tokens[i - 1] if i else ""
        days = day_codes(tok)
        if days is None and tok not in index.known_words and tok not in vocab.stop_words:
            typo = _day_typo(tok)
            days = day_codes(typo) if typo else None
        if days:
            q.days.extend(d for d in days if d not in q.days)
            continue
        # "coffee morning" names a kind of group, not a time filter.
        if tok in TIME_WORDS and prev != "coffee" and nxt != "coffee":
            if TIME_WORDS[tok] not in q.times:
                q.times.append(TIME_WORDS[tok])
            continue
        rest.append(tok if tok in vocab.stop_words else correct(index, tok))
    stems = [stem(t) for t in rest]
    in_phrase = [False] * len(rest)
    i = 0
    while i < len(rest):
        for size in range(min(index.max_phrase, len(rest) - i), 0, -1):
            needs = index.phrases.get(tuple(stems[i : i + size]))
            if needs:
                for need in needs:
                    for rank, cat in enumerate(need.categories):
                        q.categories[cat] = max(q.categories.get(cat, 0.0), 1.0 - 0.15 * rank)
                    q.keywords.update(stem(k) for kw in need.keywords for k in tokenize(kw))
                if size > 1:
                    for j in range(i, i + size):
                        in_phrase[j] = True
                i += size
                break
        else:
            i += 1
    for tok, st, phrased in zip(rest, stems, in_phrase, strict=True):
        if tok in vocab.stop_words:
            continue
        weak = tok in vocab.weak_words or st in vocab.weak_words
        q.terms.append(Term(tok, st, weak, phrased))
        if not phrased and not weak and st not in index.postings:
            q.unknown.append(tok)
    q.keywords -= {t.stem for t in q.terms}
    return q
