"""A champion's listing change in their own words (issue 14, part 8).

From someone who maintains a listing, "we're moving to 1.30 til 3.30 from next week",
"cancelled this thursday", "we're full now" or "back on from 5 Jan" is a change to their
listing, not a search. `read_change` turns the words into the fields to change (the same
values the UPDATE questions produce) and a plain read-back; flows/listings.py shows it and
saves through directory/writeback.py only after YES. When the kind of change is clear but
the new value is not ("we're moving venue"), the reading names the field to ask about.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from directory import edits
from directory.edits import EditError
from flows.words import normalise

# Cheap first look (also used by the router's understanding step): which kind of change.
_ENDED = re.compile(
    r"\b(for good|closing down|closed down|shut down|wound up|no longer running|"
    r"not running any ?more|(we|weve|we have|group has|its) (stopped|finished)|"
    r"take (us|it|our group|the group|our listing) off|remove (us|it|our group|the group))\b")
_RESUME = re.compile(
    r"\b(spaces again|space again|room again|not full any ?more|no longer full|taking new|"
    r"back on|running again|starting again|restart\w*|resum\w*|back to normal|open again|"
    r"reopen\w*|spaces available|space available|places available)\b")
# Going ahead as usual ("its on as normal this week despite the rain"): nothing to change,
# unless a notice or pause says otherwise.
_AS_NORMAL = re.compile(r"\b(on as (normal|usual|planned)|still (on|going ahead|running)|"
                        r"going ahead|running as (normal|usual))\b")
# Taking a bit out of the description: "take off the bit about dogs pls".
_REMOVE_BIT = re.compile(
    r"\b(take (off|out)|remove|delete|drop|get rid of|leave out|cut) (the |that )?(bit|part|line|"
    r"sentence|mention|words?|thing) (about|on|saying|that says|re|mentioning) "
    r"(?:the |a |an |our |any )?(\w+)")
_FULL = re.compile(r"\b(full( up)?( now)?|no (more )?(spaces|space|room|places)|"
                   r"waiting list)\b")
_NOTICE = re.compile(
    r"\b(cancel\w*|called off|no (walk|session|group|class|meeting|meet|swim|ride|game|"
    r"\w+ing|\w+ morning|\w+ club)\b|not (on|running|meeting|happening)\b|"
    r"off (this|next|on|for|until|till|sick|over)|weeks? off|closed|break|holiday|half term|"
    r"(im|i am) (ill|poorly|sick|off sick|away)|"
    # "the ride this sunday is off", "will not take place", "wont go ahead", "postponed"
    r"(is|its|are|s|be|been) (off|postponed)\b|postponed|"
    r"(will not|wont|not going to|isnt going to|is not going to|cannot|cant|unable to) "
    r"(take place|go ahead|be going ahead|run|be running|be on|happen|be happening|be held)\b|"
    r"(isnt|is not|arent|are not) (going ahead|happening|taking place))")
_UPDATE = re.compile(
    r"\b(moving|moved|move to|new (time|times|venue|place|location|address|day|number|"
    r"contact|email|phone)|time chang\w*|changing to|change (the|our|it|to)|now (meet|meets|"
    r"meeting|open|start|starts|at|on|runs?)|instead of|start(s|ing)? at|finish\w*|"
    r"fortnightly|every other|venue|were at|we are at|now \d|costs?|quid|price|"
    r"meeting (point|place|spot)|meet(ing)? point|(has|have) changed|changed to|"
    r"(take (off|out)|remove|delete|get rid of) (the |that )?(bit|part|line|sentence|mention)|"
    r"(add|put|say|mention)( that)? )\b|\d[.:]\d\d|\d ?(am|pm)\b|\d+ ?(til|till|until|to|-) ?\d|"
    r"£\d|07\d{3} ?\d{6}|@")
_CHANGES = (("ended", _ENDED), ("resume", _RESUME), ("normal", _AS_NORMAL), ("full", _FULL),
            ("notice", _NOTICE), ("update", _UPDATE))
_NOT_FULL = re.compile(r"\b(not|no longer|isnt|arent) full\b|full (english|day|time|of)\b")


def change_in(text: str) -> str | None:
    """Which kind of listing change the text describes (ended, resume, full, notice,
    update), or None."""
    norm = normalise(text)
    for change, pattern in _CHANGES:
        if change == "full" and _NOT_FULL.search(norm):
            return "resume"
        if pattern.search(norm if change != "update" else norm + " " + text.lower()):
            return change
    return None


@dataclass
class Reading:
    """What to change and how to say it back, or which field to ask about."""

    changes: list[tuple[str, Any]] = field(default_factory=list)  # (field, new value)
    said: str = ""  # the read-back, after the listing's name
    ask: str | None = None  # a field to ask a value for (guided, like UPDATE)
    nothing: str | None = None  # the listing already says this: no change


# ---- dates --------------------------------------------------------------------------------

_DAY = r"(mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(day)?s?"
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"


def find_date(text: str, today: dt.date, weekdays: list[str] | None = None) -> dt.date | None:
    """The first date a message names: today, tomorrow, (this/next) thursday, 5 Jan,
    the 14th, next week (the listing's next day then), or a month (its first day)."""
    low = normalise(text)
    if re.search(r"\b(today|tonight|todays|tonights|this (morning|afternoon|evening))\b", low):
        return today
    if re.search(r"\btomorrows?\b", low):
        return today + dt.timedelta(days=1)
    if m := re.search(rf"\b(\d{{1,2}})(st|nd|rd|th)?( of)? ({_MONTH})\b|\b({_MONTH}) (\d{{1,2}})"
                      r"(st|nd|rd|th)?\b", low):
        phrase = m.group(0).replace(" of ", " ")
        try:
            return edits.parse_date(phrase, today)
        except EditError:
            pass
    if m := re.search(r"\b(\d{1,2})/(\d{1,2})\b", low):
        try:
            return edits.parse_date(m.group(0), today)
        except EditError:
            pass
    if m := re.search(rf"\b(this|next|on|from|this coming)? ?({_DAY})\b", low):
        found = edits.parse_date(m.group(2), today)
        if m.group(1) == "next" and found <= today + dt.timedelta(days=1):
            found += dt.timedelta(days=7)
        return found
    if m := re.search(r"\bthe (\d{1,2})(st|nd|rd|th)\b", low):
        day = int(m.group(1))
        for months_ahead in (0, 1, 2):
            year, month = today.year, today.month + months_ahead
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            if candidate >= today:
                return candidate
    if m := re.search(rf"\bend of ({_MONTH})\b", low):
        month = edits.MONTHS.index(m.group(1)[:3]) + 1
        year = today.year + (1 if month < today.month else 0)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    if re.search(r"\bnext month\b", low):
        return dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)
    if re.search(r"\bthis (week|wk)\b", low) and weekdays:
        ahead = [(edits.DAY_ORDER.index(d[-2:]) - today.weekday()) % 7 for d in weekdays
                 if d[-2:] in edits.DAY_ORDER]
        if ahead and min(ahead) < 7 - today.weekday():
            return today + dt.timedelta(days=min(ahead))
    if re.search(r"\bnext (week|wk)\b", low):
        monday = today + dt.timedelta(days=7 - today.weekday())
        codes = list(edits.DAY_ORDER)
        if weekdays:
            first = min(codes.index(d[-2:]) for d in weekdays if d[-2:] in codes)
            return monday + dt.timedelta(days=first)
        return monday
    if m := re.search(rf"\b(from|in|after|until|till|back in) ({_MONTH})\b", low):
        month = edits.MONTHS.index(m.group(2)[:3]) + 1
        year = today.year + (1 if month < today.month else 0)
        return dt.date(year, month, 1)
    return None


# ---- the change ---------------------------------------------------------------------------

_INTRO = re.compile(r"(?i)^\s*(hi|hiya|hello|hey|morning|evening|afternoon)\b[^,.!]*?"
                    r"(\bit'?s|\bthis is)\s+\w+(\s+\w+)?\s+(from|at|with|of|here from)\s+"
                    r"[^,.!]+[,.!]\s*|^\s*(hi|hiya|hello|hey)[,.! ]+")
_FROM = re.compile(r"(?i)[, ]+(from|starting|as of|w/?c|beginning)\b.*$")


def read_change(text: str, current: dict[str, Any], today: dt.date) -> Reading | None:
    """The change a maintainer describes for one listing (its YAML `current`), or None."""
    body = _INTRO.sub("", text).strip() or text
    kind = change_in(body)
    if kind is None:
        return None
    norm = normalise(body)
    weekdays = _weekdays(current)
    if kind == "ended":
        when = find_date(body, today, weekdays)
        if when is not None and when > today:
            return _notice(f"Closing for good after {edits.spoken_date(when)}.")
        return Reading([("status", "ended")], "we'll mark it as finished for good, so it "
                       "won't show in searches any more.")
    if kind == "resume":
        return _resume(body, current, today, weekdays)
    if kind == "normal":
        if current.get("status") in ("paused", "ended") or current.get("notice"):
            return _resume(body, current, today, weekdays)
        return Reading(nothing="it already shows as running, so people will see it's on.")
    if kind == "full":
        if current.get("status") == "full":
            return Reading(nothing="it already shows as full.")
        return Reading([("status", "full")],
                       "we'll mark it as full. People will still see it, marked FULL.")
    if kind == "notice" and not _has_time(body):
        return _cancelled(body, norm, current, today, weekdays)
    return _update(body, norm, current, today, weekdays)


def _resume(body: str, current: dict[str, Any], today: dt.date,
            weekdays: list[str]) -> Reading:
    when = find_date(body, today, weekdays)
    changes: list[tuple[str, Any]] = []
    said = []
    if current.get("status") in ("paused", "full", "ended"):
        changes.append(("status", "active"))
        said.append("we'll mark it as running and open to new people")
    if when is not None and when > today:
        note = f"Back on from {edits.spoken_date(when)}."
        if _NOTICE.search(normalise(body)):
            note = f"Taking a break. {note}"
        changes.append(("notice", note))
        said.append(f'we\'ll show this notice with it: "{note}"')
    elif current.get("notice"):
        changes.append(("notice", None))
        said.append("we'll remove the notice")
    if not changes:
        return Reading(nothing="it already shows as running, with no notice.")
    joined = " and ".join(said)
    return Reading(changes, joined if joined.endswith('"') else joined + ".")


def _cancelled(body: str, norm: str, current: dict[str, Any], today: dt.date,
               weekdays: list[str]) -> Reading:
    when = find_date(body, today, weekdays)
    # The reason is not how long: "the 15th will not take place owing to the Christmas market".
    unreasoned = re.sub(r"\b(owing to|due to|because|cos|coz|as theres|as there is)\b.*$", "", norm)
    longer = re.search(r"\b(weeks?|until|till|til|month|summer|xmas|christmas|half term|"
                       r"holiday|break|august|for a bit)\b", unreasoned)
    if when is not None and not longer:
        if when < today:
            return Reading(ask="notice")
        notice = edits.add_off(current.get("notice"), when)
        return Reading([("notice", notice)], f'we\'ll show "{notice}" until '
                       f"{edits.spoken_date(when)} has passed, then remove it.")
    return _notice(_tidy(body))


def _notice(notice: str) -> Reading:
    notice = edits.parse_notice(notice[:160])
    return Reading([("notice", notice)], f'we\'ll show this notice with it: "{notice}"')


def _update(body: str, norm: str, current: dict[str, Any], today: dt.date,
            weekdays: list[str]) -> Reading:
    # "moving from thursday to friday": the first day is the old one.
    body = re.sub(rf"(?i)\bfrom\s+{_DAY}\s+to\b", "to", body)
    starting = _FROM.search(body)
    when = find_date(starting.group(0), today, weekdays) if starting else None
    reading = (_removal(body, current) or _contact(body, current) or _cost(body)
               or _schedule(body, current) or _place(body) or _addition(body, current))
    if reading is None:
        ask = "location" if re.search(r"\b(venue|place|location|address|moving|moved)\b",
                                      norm) else None
        ask = ask or ("schedule" if re.search(r"\b(time|times|day|days)\b", norm) else None)
        return Reading(ask=ask or "menu")
    if when is not None and when > today and reading.changes and \
            reading.changes[0][0] in ("schedule", "location"):
        what = "time" if reading.changes[0][0] == "schedule" else "place"
        note = f"New {what} from {edits.spoken_date(when)}."
        reading.changes.append(("notice", note))
        reading.said += f' We\'ll add the note "{note}"'
    return reading


def _shifted(old_open: str, old_close: str, new_open: str) -> str | None:
    """The finish time that keeps a session's length when only its start moves."""
    def minutes(value: str) -> int:
        return int(value[:2]) * 60 + int(value[3:5])
    end = minutes(new_open) + minutes(old_close) - minutes(old_open)
    return f"{end // 60:02d}:{end % 60:02d}" if 0 < end < 24 * 60 else None


def _has_time(text: str) -> bool:
    return edits.parse_times(_times_text(text)) != (None, None)


def _times_text(text: str) -> str:
    """Times as the schedule parser reads them: 'half 1' is 1:30, 'at 11' is 11:00, and
    what comes after 'instead of' or 'not' is the old time."""
    low = text.lower()
    low = re.sub(r"\b(instead of|rather than|not)\s+\d{1,2}([.:]\d\d)?\s*(am|pm)?", " ", low)
    low = re.sub(r"\bhalf (\d{1,2})\b", r"\1:30", low)
    low = re.sub(r"\b(to|at|from|now|is) (\d{1,2})\b(?![.:\d]|\s*(am|pm|til|till|until|to|-))",
                 r"\1 \2:00", low)
    return low


def _schedule(body: str, current: dict[str, Any]) -> Reading | None:
    low = _times_text(body)
    norm = normalise(body)
    schedule = current.get("schedule")
    only = schedule[0] if isinstance(schedule, list) and len(schedule) == 1 else None
    opens, closes = edits.parse_times(low)
    end_only = re.search(r"\b(finish|end|close)\w*( time)?\b", norm) and closes is None
    freq, byday, interval = edits.parse_days(low)
    interval_words = re.search(r"\b(fortnightly|every other|every 2 weeks|weekly|every week)\b",
                               norm)
    if opens is None and not byday and not interval_words:
        return None
    if only is None:
        if opens is None or not byday:
            return Reading(ask="schedule")
    entry: dict[str, Any] = dict(only) if only else {}
    if end_only and opens is not None:
        entry["closes_at"] = opens
    else:
        if byday:
            entry["freq"], entry["byday"] = freq, byday
        if interval_words:
            entry["interval"] = interval if interval > 1 else 1
            if re.search(r"\b(weekly|every week)\b", norm) or entry["interval"] == 1:
                entry.pop("interval")
        if opens is not None:
            entry["opens_at"] = opens
            if closes:
                entry["closes_at"] = closes
            elif only and only.get("opens_at") and only.get("closes_at"):
                entry["closes_at"] = _shifted(str(only["opens_at"]), str(only["closes_at"]),
                                              opens)
    if entry.get("closes_at") is None:
        entry.pop("closes_at", None)
    if entry.get("closes_at") and entry.get("opens_at") and \
            str(entry["closes_at"]) <= str(entry["opens_at"]):
        return Reading(ask="schedule")
    ordered: dict[str, Any] = {k: entry[k] for k in ("freq", "byday", "interval", "opens_at", "closes_at")
               if k in entry}
    return Reading([("schedule", [ordered])],
                   f"the time will be: {edits.describe_schedule(ordered)}.")


_PLACE = re.compile(r"(?i)\b(?:moving to|moved to|move to|changed to|changing to|new venue is|"
                    r"new venue|new place is|"
                    r"new place|venue is now|venue is|now at|were at|we're at|we are at|"
                    r"now meet(?:s|ing)? at|meeting at|new address is|new location is|"
                    r"relocating to)\s*(?:is\s+|:\s*)?(.+)")


def _place(body: str) -> Reading | None:
    m = _PLACE.search(body)
    if not m:
        return None
    place = _FROM.sub("", m.group(1))
    place = re.split(r"(?i)[,.]?\s+(?:same time|not the|instead of|its on|it's on|which is|cos|"
                     r"coz|because|due to|while|for now)\b",
                     place)[0].strip(" .,!")
    if len(place) < 3 or re.fullmatch(r"(?i)(the )?(venue|a new venue|new venue|somewhere else)",
                                      place):
        return Reading(ask="location")
    try:
        value = place_value(place)
    except EditError:
        return Reading(ask="location")
    return Reading([("location", value)],
                   "the place will be: " + ", ".join(v for v in value.values() if v) + ".")


def place_value(text: str) -> dict[str, Any]:
    """A place as typed ("the scout hut behind the co op on brook street") as the
    directory's name, address and postcode ("Scout Hut", "behind the Co Op, Brook Street")."""
    place = re.sub(r"(?i)^(the|its|it's|at|now at)\s+", "", text.strip(" .!"))
    place = re.sub(r"(?i)\s+now$", "", place)
    if "," not in place:
        place = re.sub(r"(?i)\s+(behind|next to|opposite|off)\s+", r", \1 ", place, count=1)
        place = re.sub(r"(?i)\s+(?:on|in|at)\s+", ", ", place, count=1)
    parts = [p.strip() for p in place.split(",")]
    if place.islower():  # typed all in lower case: give the names capitals
        parts = [_title(p, first=i == 0) for i, p in enumerate(parts)]
    return edits.parse_place(", ".join(parts))


def _contact(body: str, current: dict[str, Any]) -> Reading | None:
    norm = normalise(body)
    phone = re.search(r"(\+?\d[\d ]{8,14}\d)", body)
    email = re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", body)
    if not phone and not email:
        return None
    old = dict(current.get("contact") or {})
    new = {"name": old.get("name"), "phone": old.get("phone"), "email": old.get("email")}
    if phone:
        new["phone"] = " ".join(phone.group(1).split())
    if email:
        new["email"] = email.group(0).rstrip(".")
    named = re.search(r"(?i)\b(?:its|it's|contact is|ask for|call)\s+([A-Z]?[a-z]+)\s+on\b", body)
    if named and named.group(1).lower() not in ("me", "us", "the", "now"):
        new["name"] = named.group(1).capitalize()
    if not re.search(r"\b(number|phone|mobile|contact|email|e mail|ring|call|text)\b", norm):
        return None
    value = {k: v for k, v in new.items() if v}
    return Reading([("contact", value)],
                   "the contact will be: " + " ".join(str(v) for v in value.values()) + ".")


_MONEY = re.compile(r"(?i)(£\s?\d+(?:\.\d\d)?|\b\d+(?:\.\d\d)?\s?(?:quid|pounds?|p)\b)"
                    r"(\s+(?:a|per|each)\s+(?:session|week|class|time|month|visit|go))?")


def _cost(body: str) -> Reading | None:
    norm = normalise(body)
    if re.search(r"\b(now free|free now|its free|no charge now|free of charge)\b", norm):
        return Reading([("cost", "Free")], "the cost will be: Free.")
    m = _MONEY.search(body)
    if not m:
        return None
    amount = m.group(1).replace(" ", "")
    amount = re.sub(r"(?i)(\d+(?:\.\d\d)?)(quid|pounds?)", r"£\1", amount)
    amount = re.sub(r"(?i)^(\d+)p$", r"\1p", amount)
    value = edits.parse_cost(amount + (m.group(2) or ""))
    return Reading([("cost", value)], f"the cost will be: {value}.")


_ADD = re.compile(r"(?i)^(?:pl(?:ea)?se?|pls|plz)?\s*(?:can (?:you|u)\s+)?(?:pl(?:ea)?se?|pls)?\s*"
                  r"(?:add|say|put|mention|note)(?: that| on)?\s+(.{3,})$")


def _removal(body: str, current: dict[str, Any]) -> Reading | None:
    """The description's sentences about a thing, taken out ("take off the bit about dogs")."""
    m = _REMOVE_BIT.search(normalise(body))
    if not m:
        return None
    thing = m.group(6).rstrip("s")
    description = str(current.get("description") or "").strip()
    sentences = re.split(r"(?<=[.!?])\s+", description)
    gone = [x for x in sentences if re.search(rf"(?i)\b{re.escape(thing)}", x)]
    kept = [x for x in sentences if x not in gone]
    if not gone or not kept:
        return Reading(ask="description")
    try:
        value = edits.parse_description(" ".join(kept))
    except EditError:
        return Reading(ask="description")
    return Reading([("description", value)],
                   "we'll take this out of the description: \"" + " ".join(gone) + "\"")


def _addition(body: str, current: dict[str, Any]) -> Reading | None:
    m = _ADD.search(body.strip())
    if not m:
        return None
    extra = _tidy(re.sub(r"(?i)\s*(please|pls|plz|thanks|ta|thx)[.!]*$", "", m.group(1)))
    description = str(current.get("description") or "").strip()
    joined = f"{description} {extra}".strip() if description else extra
    try:
        value = edits.parse_description(joined)
    except EditError:
        return Reading(ask="description")
    return Reading([("description", value)], f'we\'ll add to the description: "{extra}"')


def _tidy(text: str) -> str:
    """Their words as a notice: trimmed, first letter capital, ending with a full stop."""
    words = " ".join(text.split()).strip(" ,")
    words = re.sub(r"(?i)^(pls|please|can (you|u) (put|say|add)( that)?)\s+", "", words)
    for said, meant in ((r"\bwere\b", "we're"), (r"\bweve\b", "we've"), (r"\bim\b", "I'm"),
                        (r"\bive\b", "I've"), (r"\bwk\b", "week"), (r"\bpls\b", "please")):
        words = re.sub(said, meant, words, flags=re.IGNORECASE)
    words = words[:1].upper() + words[1:]
    return words if words.endswith((".", "!", "?")) else words + "."


def _title(part: str, first: bool = True) -> str:
    """'scout hut' -> 'Scout Hut'; little words stay small except at the very start."""
    small = {"on", "in", "off", "behind", "next", "to", "opposite", "the", "of", "and"}
    words = part.split()
    return " ".join(w if ((i or not first) and w.lower() in small) or not w.isalpha()
                    or not w.islower() else w.capitalize() for i, w in enumerate(words))


def _weekdays(current: dict[str, Any]) -> list[str]:
    schedule = current.get("schedule")
    if not isinstance(schedule, list):
        return []
    return [str(d) for entry in schedule if isinstance(entry, dict)
            for d in entry.get("byday") or []]
