"""Word normalising shared by the index and the query: stems, days and times of day."""

from __future__ import annotations

DAY_WORDS: dict[str, tuple[str, ...]] = {
    "monday": ("MO",), "tuesday": ("TU",), "wednesday": ("WE",), "thursday": ("TH",),
    "friday": ("FR",), "saturday": ("SA",), "sunday": ("SU",),
    "weekend": ("SA", "SU"), "weekday": ("MO", "TU", "WE", "TH", "FR"),
}
# Short forms people text; "sat"/"sun"/"wed" are common enough to trust.
DAY_ALIASES = {
    "mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday",
    "weds": "wednesday", "thu": "thursday", "thur": "thursday", "thurs": "thursday",
    "fri": "friday", "sat": "saturday", "sun": "sunday", "wkend": "weekend", "wknd": "weekend",
}
TIME_WORDS = {
    "morning": "morning", "mornings": "morning", "am": "morning",
    "afternoon": "afternoon", "afternoons": "afternoon", "arvo": "afternoon",
    "lunchtime": "afternoon",
    "evening": "evening", "evenings": "evening", "night": "evening", "nights": "evening",
    "tonight": "evening", "eve": "evening",
}
# Time-of-day windows as (start, end) minutes: an offer fits if its session overlaps.
TIME_WINDOWS = {"morning": (0, 12 * 60), "afternoon": (12 * 60, 17 * 60),
                "evening": (17 * 60, 24 * 60)}


def day_codes(word: str) -> tuple[str, ...] | None:
    """The RRULE days a word names ("sat", "saturdays", "weekends"), or None."""
    w = DAY_ALIASES.get(word, word)
    if w in DAY_WORDS:
        return DAY_WORDS[w]
    if w.endswith("s") and w[:-1] in DAY_WORDS:
        return DAY_WORDS[w[:-1]]
    return None


_VOWELS = "aeiou"


def stem(word: str) -> str:
    """A light English stem so "walks", "walking" and "walk" meet ("knitting" -> "knit")."""
    w = word
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            w = w[: -len(suffix)]
            if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # knitting -> knitt -> knit
            elif len(w) == 3 and w[0] not in _VOWELS and w[1] in _VOWELS \
                    and w[2] not in _VOWELS + "wxy":
                w += "e"  # caring -> care, not car; riding -> ride; hiking -> hike
            break
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]  # dance/dancing -> danc
    return w
