"""The next session of an offer, from its schedule: what the resident is heading to."""

from __future__ import annotations

import datetime as dt

from directory.model import DAYS, Offer, Schedule

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LOOK_AHEAD = 62  # days: far enough for a monthly group


def next_session(offer: Offer, now: dt.datetime) -> dt.date | None:
    """The first day from `now` (local time) the offer runs and has not yet finished.

    A fortnightly group is taken as weekly: at worst the follow-up asks a week early,
    which "NOT YET" answers."""
    today = now.date()
    for ahead in range(LOOK_AHEAD):
        day = today + dt.timedelta(days=ahead)
        for schedule in offer.schedule:
            if _runs_on(schedule, day) and not (ahead == 0 and _over(schedule, now)):
                return day
    return None


def day_words(day: dt.date | None) -> str:
    """' on Thursday' for the champion's question, or '' when the schedule is unknown."""
    return f" on {DAY_NAMES[day.weekday()]}" if day else ""


def _over(schedule: Schedule, now: dt.datetime) -> bool:
    end = schedule.closes_at or schedule.opens_at
    return bool(end) and now.strftime("%H:%M") >= str(end)


def _runs_on(schedule: Schedule, day: dt.date) -> bool:
    weekday = DAYS[day.weekday()]
    if schedule.freq == "YEARLY":
        return (schedule.bymonth in (None, day.month)
                and schedule.bymonthday in (None, day.day)
                and (not schedule.byday or weekday in schedule.weekdays()))
    if schedule.freq == "MONTHLY" and schedule.bymonthday:
        return day.day == schedule.bymonthday
    for entry in schedule.byday:
        if entry[-2:] != weekday:
            continue
        ordinal = entry[:-2]
        if not ordinal or schedule.freq == "WEEKLY":
            return True
        n = int(ordinal)
        if n > 0 and (day.day - 1) // 7 + 1 == n:
            return True
        days_in_month = ((day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                         - dt.timedelta(days=1)).day
        if n < 0 and (days_in_month - day.day) // 7 + 1 == -n:
            return True
    return False
