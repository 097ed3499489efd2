"""Understanding new values typed by a champion: times, days, dates, places, contacts.

Everything here is plain and synchronous. Parsers return plain values ready for
`directory.writeback.Change`, or raise `EditError` with a short text to send back.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

DAY_NAMES = {
    "MO": ("mo", "mon", "mons", "monday", "mondays"),
    "TU": ("tu", "tue", "tues", "tuesday", "tuesdays"),
    "WE": ("we", "wed", "weds", "wednesday", "wednesdays"),
    "TH": ("th", "thu", "thur", "thurs", "thursday", "thursdays"),
    "FR": ("fr", "fri", "fris", "friday", "fridays"),
    "SA": ("sa", "sat", "sats", "saturday", "saturdays"),
    "SU": ("su", "sun", "suns", "sunday", "sundays"),
}
_DAY_OF = {name: code for code, names in DAY_NAMES.items() for name in names}
DAY_ORDER = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FULL_DAY = dict(zip(DAY_ORDER, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                "Saturday", "Sunday"), strict=True))
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
             "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1}
_ORD_WORD = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_MONTH_NAMES = ("january", "february", "march", "april", "june", "july", "august",
                "september", "sept", "october", "november", "december")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

SCHEDULE_EXAMPLE = ("For example: Tuesdays 2-3.30pm, every other Tuesday 10am, "
                    "or first Thursday of the month 2pm.")


class EditError(ValueError):
    """A new value we could not understand; the message is safe to text back."""


# ---- times --------------------------------------------------------------------------------

_T = r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?|noon|midday)"
_RANGE = re.compile(rf"(?<![\d:.])({_T})\s*(?:-|to|till|until|til)\s*({_T})(?![\d:.])")
_SINGLE = re.compile(r"(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)"
                     r"|(?<![\d:.])(\d{1,2})[:.](\d{2})(?![\d])|\b(noon|midday)\b")


def _parts(token: str) -> tuple[int, int, str | None]:
    token = token.strip().replace(".m.", "m")
    if token in ("noon", "midday"):
        return 12, 0, "pm"
    m = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?", token)
    if not m:
        raise EditError(f"Sorry, we could not read the time '{token}'.")
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour > 23 or minute > 59:
        raise EditError(f"Sorry, '{token}' is not a time.")
    return hour, minute, m.group(3)


def _hour24(hour: int, suffix: str | None) -> int:
    if suffix == "pm" and hour < 12:
        return hour + 12
    if suffix == "am" and hour == 12:
        return 0
    if suffix is None and 1 <= hour <= 7:
        return hour + 12  # groups don't meet at 3 in the morning: "3-4.30" means afternoon
    return hour


def _fmt(hour: int, minute: int) -> str:
    return f"{hour:02d}:{minute:02d}"


def parse_times(text: str) -> tuple[str | None, str | None]:
    """'2pm' -> ('14:00', None); '14:00-15:30' and '2-3.30pm' -> ('14:00', '15:30')."""
    low = text.lower()
    m = _RANGE.search(low)
    if m:
        (h1, m1, s1), (h2, m2, s2) = _parts(m.group(1)), _parts(m.group(2))
        if s1 is None and s2 is not None:
            start = _hour24(h1, s2)
            if (start, m1) >= (_hour24(h2, s2), m2):
                start = h1  # "11-1pm": the suffix belongs to the end only
        else:
            start = _hour24(h1, s1)
        end = _hour24(h2, s2 if s2 is not None else s1)
        if s2 is None and end < start and end < 12:
            end += 12  # "10am-2": two in the afternoon
        if (end, m2) <= (start, m1):
            raise EditError("Sorry, the finish time needs to be after the start time.")
        return _fmt(start, m1), _fmt(end, m2)
    m = _SINGLE.search(low)
    if m:
        if m.group(6):
            return "12:00", None
        if m.group(3):
            hour, minute, suffix = _parts(f"{m.group(1)}:{m.group(2) or '00'}{m.group(3)}")
            return _fmt(_hour24(hour, suffix), minute), None
        hour, minute = int(m.group(4)), int(m.group(5))
        if hour > 23 or minute > 59:
            raise EditError("Sorry, that is not a time.")
        return _fmt(_hour24(hour, None) if hour < 8 else hour, minute), None
    return None, None


def spoken_time(value: str) -> str:
    """'14:00' -> '2pm', '09:30' -> '9:30am'."""
    hour, minute = int(value[:2]), int(value[3:])
    suffix = "am" if hour < 12 else "pm"
    h12 = hour % 12 or 12
    return f"{h12}{'' if minute == 0 else f':{minute:02d}'}{suffix}"


# ---- days and schedules -------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def parse_days(text: str) -> tuple[str, list[str], int]:
    """(freq, byday, interval) from 'Tuesdays', 'every other Tuesday', 'first Thursday of
    the month', '2nd and 4th Wednesday', 'weekdays'. byday empty if no day was named."""
    words = _words(text)
    days: list[str] = []
    ordinals: list[int] = []
    for w in words:
        if w in _DAY_OF and (len(w) > 2 or text.strip().upper() == text.strip()):
            if _DAY_OF[w] not in days:
                days.append(_DAY_OF[w])
        elif w in _ORDINALS and _ORDINALS[w] not in ordinals:
            ordinals.append(_ORDINALS[w])
    joined = " ".join(words)
    if "weekday" in joined:
        days += [d for d in DAY_ORDER[:5] if d not in days]
    if "weekend" in joined:
        days += [d for d in ("SA", "SU") if d not in days]
    if re.search(r"\b(every day|daily|7 days|seven days)\b", joined):
        days = list(DAY_ORDER)
    days.sort(key=DAY_ORDER.index)
    interval = 1
    if re.search(r"\b(every other|fortnightly|alternate|every 2 weeks|every two weeks)\b",
                 joined):
        interval = 2
    elif m := re.search(r"\bevery (3|three|4|four) weeks\b", joined):
        interval = {"3": 3, "three": 3, "4": 4, "four": 4}[m.group(1)]
    if ordinals and days:
        byday = [f"{o}{d}" for o in sorted(ordinals, key=lambda o: (o < 0, o)) for d in days]
        return "MONTHLY", byday, 1
    if "month" in joined and days:
        raise EditError(f"Which {FULL_DAY[days[0]]} of the month? For example: first "
                        f"{FULL_DAY[days[0]]} of the month, or last {FULL_DAY[days[0]]}.")
    return "WEEKLY", days, interval


def parse_schedule(text: str, current: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One schedule entry from free text; missing day or time is kept from `current`
    when it has exactly one entry."""
    freq, byday, interval = parse_days(text)
    # Ordinals like "2nd" look like hours to the time parser, so drop them first.
    cleaned = re.sub(r"\b\d(st|nd|rd|th)\b", " ", text.lower())
    opens, closes = parse_times(cleaned)
    only = current[0] if current and len(current) == 1 else None
    if not byday and opens is None:
        raise EditError("Sorry, we couldn't read a day or time there. " + SCHEDULE_EXAMPLE)
    if not byday:
        if only is None or not only.get("byday"):
            raise EditError("Which day is it on? " + SCHEDULE_EXAMPLE)
        freq, byday = str(only.get("freq", "WEEKLY")), list(only["byday"])
        interval = int(only.get("interval", 1) or 1) if interval == 1 else interval
    if opens is None:
        if only is None or not only.get("opens_at"):
            raise EditError("What time does it start? " + SCHEDULE_EXAMPLE)
        opens, closes = str(only["opens_at"]), only.get("closes_at")
    entry: dict[str, Any] = {"freq": freq, "byday": byday}
    if interval != 1:
        entry["interval"] = interval
    entry["opens_at"] = opens
    if closes:
        entry["closes_at"] = closes
    return entry


def describe_schedule(entry: dict[str, Any]) -> str:
    """'every other Tuesday, 2pm to 3:30pm' for a read-back."""
    byday = [str(d) for d in entry.get("byday") or []]
    if entry.get("freq") == "MONTHLY":
        parts = []
        for d in byday:
            n = int(d[:-2]) if d[:-2] else 1
            parts.append(f"the {_ORD_WORD.get(n, str(n))} {FULL_DAY[d[-2:]]}")
        when = " and ".join(parts) + " of each month"
    else:
        names = [FULL_DAY[d[-2:]] + "s" for d in byday]
        interval = int(entry.get("interval") or 1)
        if interval == 2:
            names = ["every other " + FULL_DAY[d[-2:]] for d in byday]
        elif interval > 2:
            names = [f"every {interval} weeks on {FULL_DAY[d[-2:]]}" for d in byday]
        when = " and ".join(names) if len(names) < 3 else ", ".join(names)
    times = ""
    if entry.get("opens_at"):
        times = ", " + spoken_time(str(entry["opens_at"]))
        if entry.get("closes_at"):
            times += " to " + spoken_time(str(entry["closes_at"]))
    return when + times


# ---- dates and OFF notices ----------------------------------------------------------------

def parse_date(text: str, today: dt.date) -> dt.date:
    """'24 Dec', '24th December', 'Dec 24', '24/12', '2026-12-24', 'tomorrow', 'Tuesday'
    -> the next such date (today counts)."""
    low = text.lower().strip()
    if low in ("today", "tonight"):
        return today
    if low == "tomorrow":
        return today + dt.timedelta(days=1)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", low):
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    year = None
    if m := re.search(r"\b(20\d\d)\b", low):
        year = int(m.group(1))
        low = (low[:m.start()] + low[m.end():]).strip(" ,")
    day = month = None
    if m := re.fullmatch(r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{2,4}))?", low):
        day, month = int(m.group(1)), int(m.group(2))
        if m.group(3):
            year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
    else:
        words = _words(low)
        for w in words:
            digits = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)?", w)
            if digits and day is None:
                day = int(digits.group(1))
            elif month is None and w[:3] in MONTHS and (len(w) == 3 or w in _MONTH_NAMES):
                month = MONTHS.index(w[:3]) + 1
        if day is None and month is None:
            codes = [_DAY_OF[w] for w in words if w in _DAY_OF and len(w) > 2]
            if len(codes) == 1:
                ahead = (DAY_ORDER.index(codes[0]) - today.weekday()) % 7
                return today + dt.timedelta(days=ahead)
    if day is None or month is None:
        raise EditError("Sorry, we could not read that date. Try something like: OFF 24 Dec")
    if year is not None:
        return _date(year, month, day, text)
    found = _date(today.year, month, day, text)
    return found if found >= today else _date(today.year + 1, month, day, text)


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise EditError(f"Sorry, '{text.strip()}' is not a date.") from None


def spoken_date(day: dt.date) -> str:
    """'Wed 24 Dec 2026' (the form OFF notices use)."""
    return f"{day:%a} {day.day} {day:%b %Y}"


_ONE = r"[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}"
OFF_PART = re.compile(rf"(?:^|(?<=\. ))No sessions? on ({_ONE}(?:(?:, | and ){_ONE})*)\.?$")


def _split_off(notice: str | None) -> tuple[str, list[dt.date]]:
    if not notice:
        return "", []
    m = OFF_PART.search(notice.strip())
    if not m:
        return notice.strip(), []
    dates = []
    for one in re.findall(_ONE, m.group(1)):
        try:
            dates.append(dt.datetime.strptime(one, "%a %d %b %Y").date())
        except ValueError:
            continue
    return notice.strip()[:m.start()].strip().rstrip("."), dates


def _join_off(rest: str, dates: list[dt.date]) -> str | None:
    if not dates:
        return (rest + ".") if rest and not rest.endswith((".", "!", "?")) else (rest or None)
    dates = sorted(set(dates))
    listed = ", ".join(spoken_date(d) for d in dates[:-1])
    listed = f"{listed} and {spoken_date(dates[-1])}" if listed else spoken_date(dates[-1])
    off = f"No session{'s' if len(dates) > 1 else ''} on {listed}."
    return f"{rest.rstrip('.')}. {off}" if rest else off


def add_off(notice: str | None, day: dt.date) -> str:
    """The notice with 'No session on <day>' added (other notice text kept)."""
    rest, dates = _split_off(notice)
    result = _join_off(rest, [*dates, day])
    assert result is not None
    return result


def drop_passed_offs(notice: str | None, today: dt.date) -> str | None:
    """The notice without OFF dates before today (None when nothing is left)."""
    rest, dates = _split_off(notice)
    if not dates:
        return notice
    return _join_off(rest, [d for d in dates if d >= today])


# ---- other fields -------------------------------------------------------------------------

_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
_PHONE = re.compile(r"(\+?\d[\d ]{8,14}\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _text(value: str, what: str, shortest: int, longest: int) -> str:
    value = " ".join(value.split())
    if len(value) < shortest:
        raise EditError(f"That {what} looks too short. Please try again.")
    if len(value) > longest:
        raise EditError(f"Please keep the {what} under {longest} letters.")
    return value


def parse_place(text: str) -> dict[str, Any]:
    """'Church hall, Church Street, MB1 3CH' -> name, address, postcode."""
    postcode = None
    if m := _POSTCODE.search(text):
        postcode = f"{m.group(1)} {m.group(2)}".upper()
        text = (text[:m.start()] + text[m.end():])
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise EditError("Where is it now? For example: Church hall, Church Street, MB1 3CH")
    return {"name": _text(parts[0], "place name", 2, 80),
            "address": _text(", ".join(parts[1:]), "address", 2, 120) if parts[1:] else None,
            "postcode": postcode}


def parse_contact(text: str) -> dict[str, Any]:
    """'Sue 07700 900101' or an email -> name, phone, email."""
    phone = email = None
    if m := _EMAIL.search(text):
        email = m.group(0)
        text = text.replace(email, " ")
    if m := _PHONE.search(text):
        phone = " ".join(m.group(1).split())
        text = text.replace(m.group(1), " ")
    name = " ".join(re.sub(r"[,;:]", " ", text).split()) or None
    if not phone and not email:
        raise EditError("Please send a phone number or email, and a name if you like. "
                        "For example: Sue 07700 900101")
    return {"name": _text(name, "name", 1, 60) if name else None, "phone": phone,
            "email": email}


def parse_cost(text: str) -> str:
    """'free', '2 pounds', '£3 a session'."""
    value = _text(text, "cost", 1, 60)
    return "Free" if value.lower() in ("free", "nothing", "no charge", "0") else value


def parse_description(text: str) -> str:
    """A short description of what happens."""
    return _text(text, "description", 10, 400)


def parse_notice(text: str) -> str:
    """A notice shown with the offer, e.g. 'No session on 24 Dec'."""
    return _text(text, "notice", 3, 160)
