"""Offers as plain GSM-7 text messages: schedules in plain words, short and full blocks."""

from __future__ import annotations

from collections.abc import Sequence

from bot.gsm import count_segments, to_gsm
from directory.model import Offer, Schedule

_DAY_NAMES = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
              "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}
_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last", -2: "2nd to last"}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _clock(hhmm: str) -> tuple[str, str]:
    """'14:30' -> ('2.30', 'pm'); '12:00' -> ('12', 'pm')."""
    h, m = (int(x) for x in hhmm.split(":"))
    suffix = "am" if h < 12 else "pm"
    h12 = h % 12 or 12
    return (f"{h12}.{m:02d}" if m else f"{h12}"), suffix


def _times(s: Schedule) -> str:
    """'2-3.30pm', '10.30am', '11am-1pm'."""
    if not s.opens_at:
        return ""
    a, a_sfx = _clock(s.opens_at)
    if not s.closes_at:
        return f"{a}{a_sfx}"
    b, b_sfx = _clock(s.closes_at)
    return f"{a}-{b}{b_sfx}" if a_sfx == b_sfx else f"{a}{a_sfx}-{b}{b_sfx}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _days(s: Schedule) -> str:
    """The day part of one schedule entry in plain words."""
    weekly = [d for d in s.byday if d in _DAY_NAMES]
    if s.freq == "WEEKLY":
        if len(weekly) == 7:
            return "Every day"
        if weekly == ["MO", "TU", "WE", "TH", "FR"]:
            return "Weekdays"
        if s.interval == 2:
            return "Every other " + _join([_DAY_NAMES[d] for d in weekly])
        if s.interval > 2:
            return f"Every {s.interval} weeks on " + _join([_DAY_NAMES[d] for d in weekly])
        return _join([_DAY_NAMES[d] + "s" for d in weekly]) if weekly else "Weekly"
    if s.freq == "MONTHLY":
        parts = []
        for d in s.byday:
            n = int(d[:-2]) if d[:-2] else None
            parts.append(f"{_ORDINALS.get(n, str(n))} {_DAY_NAMES[d[-2:]]}" if n else
                         _DAY_NAMES[d[-2:]])
        if parts:
            return _join(parts) + " of the month"
        if s.bymonthday:
            return f"{_ORDINALS.get(s.bymonthday, str(s.bymonthday) + 'th')} of each month"
        return "Monthly"
    if s.bymonth and s.bymonthday:
        return f"{s.bymonthday} {_MONTHS[s.bymonth - 1]} each year"
    return "Once a year"


def describe_schedule(offer: Offer) -> str:
    """When an offer runs, in plain words: "Tuesdays 2-3.30pm; 1st Thursday of the month, 10.30am"."""
    parts = []
    for s in offer.schedule:
        days, times = _days(s), _times(s)
        sep = " " if s.freq == "WEEKLY" else ", "
        text = f"{days}{sep}{times}" if times else days
        if s.description:
            text += f" ({s.description})"
        parts.append(text[:1].upper() + text[1:])
    return to_gsm("; ".join(parts))


def _where(offer: Offer, full: bool = False) -> str:
    loc = offer.location
    if not loc:
        return ""
    bits = [loc.name] if loc.name else []
    if full or not loc.name:
        bits += [x for x in (loc.address, loc.postcode) if x]
    return ", ".join(bits)


def _contact(offer: Offer, full: bool = False) -> str:
    c = offer.contact
    if c and c.phone:
        who = f"{c.name} " if c.name and full else ""
        out = f"Call or text {who}{c.phone}" if c.phone.startswith("07") else f"Call {who}{c.phone}"
        if full and c.email:
            out += f" or email {c.email}"
        return out
    if c and c.email:
        return f"Email {c.email}"
    if offer.url:
        return offer.url
    return ""


def format_offer_short(offer: Offer, number: int | None = None) -> str:
    """A short block for a list of results: name; when; where; cost; contact; notice."""
    head = f"{number}. {offer.name}" if number is not None else offer.name
    if offer.status == "full":
        head += " (FULL)"
    lines = [head]
    for part in (describe_schedule(offer), _where(offer)):
        if part:
            lines.append(part)
    if not offer.is_free and offer.cost:
        lines.append(offer.cost)
    contact = _contact(offer)
    if contact:
        lines.append(contact)
    if offer.notice:
        lines.append(f"Note: {offer.notice}")
    return to_gsm("\n".join(lines))


def format_offer_full(offer: Offer) -> str:
    """Everything useful about one offer, within 3 SMS segments."""
    head = offer.name + (" - FULL at the moment" if offer.status == "full" else "")
    lines = [head]
    when = describe_schedule(offer)
    if when:
        lines.append(when)
    where = _where(offer, full=True)
    if where:
        lines.append(where)
    lines.append(f"Cost: {offer.cost}" if offer.cost else "Free")
    if offer.eligibility:
        lines.append(f"Who for: {offer.eligibility}")
    elif offer.min_age and offer.max_age:
        lines.append(f"Ages {offer.min_age} to {offer.max_age}")
    elif offer.min_age:
        lines.append(f"Ages {offer.min_age}+")
    contact = _contact(offer, full=True)
    if contact:
        lines.append(contact)
    if offer.url and offer.url not in contact:
        lines.append(offer.url)
    if offer.notice:
        lines.append(f"Note: {offer.notice}")
    essentials = lines[:]
    if offer.description:
        lines.insert(1, offer.description)
    text = to_gsm("\n".join(lines))
    if count_segments(text).segments <= 3:
        return text
    # Trim the description at a word, never the practical details.
    base = to_gsm("\n".join(essentials))
    desc = to_gsm(offer.description)
    while desc and count_segments(_with_desc(essentials, desc)).segments > 3:
        desc = desc[: desc.rfind(" ", 0, len(desc) - 1)] if " " in desc else ""
    return _with_desc(essentials, desc.rstrip(" ,.;") + "...") if desc else base


def _with_desc(essentials: list[str], desc: str) -> str:
    return to_gsm("\n".join([essentials[0], desc, *essentials[1:]]))


def format_results(matches: Sequence[object], *, max_segments: int = 3, more: bool = True,
                   lead: str = "") -> str:
    """Up to 3 whole offers that fit the segment budget, then the reply instructions."""
    return fit_results(matches, max_segments=max_segments, more=more, lead=lead)[0]


def fit_results(matches: Sequence[object], *, max_segments: int = 3, more: bool = True,
                lead: str = "") -> tuple[str, int]:
    """The results text and how many offers it holds (fewer offers rather than cut text).

    Accepts Match objects (with .offer) or Offers. `more` says whether MORE has anything
    beyond these matches; `lead` is a line put first."""
    offers: list[Offer] = [getattr(m, "offer", m) for m in matches][:3]  # type: ignore[misc,assignment]
    head = [lead] if lead else []
    chosen: list[str] = []
    for n, offer in enumerate(offers, start=1):
        block = format_offer_short(offer, n)
        closing = _closing(n, more or n < len(offers))
        candidate = "\n\n".join([*head, *chosen, block, closing])
        if count_segments(to_gsm(candidate)).segments > max_segments and chosen:
            break
        chosen.append(block)
    if not chosen:
        return "", 0
    closing = _closing(len(chosen), more or len(chosen) < len(offers))
    return to_gsm("\n\n".join([*head, *chosen, closing])), len(chosen)


def _closing(n: int, more: bool = True) -> str:
    numbers = {1: "1", 2: "1 or 2"}.get(n, "1, 2 or 3")
    return f"Reply {numbers} for details, or MORE for others." if more else (
        f"Reply {numbers} for details.")
