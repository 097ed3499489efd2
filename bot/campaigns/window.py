"""The sending window: weekdays, opening hours, England-and-Wales bank holidays, any DST.

Times are worked out as wall-clock times in the window's zone (zoneinfo), so the window
opens at 09:00 local on both sides of a clock change; results are aware datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from bot.config import Config

_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass
class SendWindow:
    """When invitations may go out."""

    days: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR")
    start: time = time(9, 0)
    end: time = time(18, 0)
    timezone: str = "Europe/London"
    skip_bank_holidays: bool = True
    _holidays: Any = field(default=None, repr=False)

    @classmethod
    def from_config(cls, config: Config) -> SendWindow:
        """From the campaigns.send_window.* settings."""
        w = config.campaigns.send_window
        return cls(tuple(w.days), w.start, w.end, w.timezone, w.skip_bank_holidays)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_bank_holiday(self, day: date) -> bool:
        """A bank holiday in England and Wales (the `holidays` package's calendar)."""
        if self._holidays is None:
            self._holidays = holidays.country_holidays("GB", subdiv="ENG")
        return day in self._holidays

    def is_sending_day(self, day: date) -> bool:
        if _DAY_CODES[day.weekday()] not in self.days:
            return False
        return not (self.skip_bank_holidays and self.is_bank_holiday(day))

    def _bounds(self, day: date) -> tuple[datetime, datetime]:
        zone = self.zone
        return (datetime.combine(day, self.start, tzinfo=zone),
                datetime.combine(day, self.end, tzinfo=zone))

    def is_open(self, moment: datetime) -> bool:
        """True if an invitation may be sent at this moment."""
        local = moment.astimezone(self.zone)
        if not self.is_sending_day(local.date()):
            return False
        opens, closes = self._bounds(local.date())
        return opens <= local < closes

    def closes_at(self, moment: datetime) -> datetime | None:
        """When the open window containing `moment` closes (None if closed now)."""
        if not self.is_open(moment):
            return None
        return self._bounds(moment.astimezone(self.zone).date())[1]

    def next_open(self, moment: datetime) -> datetime:
        """`moment` if the window is open, else when it next opens."""
        if self.is_open(moment):
            return moment
        local = moment.astimezone(self.zone)
        day = local.date()
        for _ in range(400):
            if self.is_sending_day(day):
                opens, _closes = self._bounds(day)
                if opens > local:
                    return opens
            day += timedelta(days=1)
        raise ValueError("the sending window never opens: check campaigns.send_window")

    def finish_time(self, moment: datetime, seconds: float) -> datetime:
        """When `seconds` of sending that starts at `moment` ends, pausing outside the window."""
        left = timedelta(seconds=seconds)
        current = self.next_open(moment)
        while True:
            closes = self.closes_at(current)
            assert closes is not None
            if current + left <= closes:
                return current + left
            left -= closes - current
            current = self.next_open(closes)

    def describe(self) -> str:
        """'MO-FR 09:00-18:00 Europe/London, not on bank holidays'."""
        days = " ".join(self.days)
        holidays_note = ", not on bank holidays" if self.skip_bank_holidays else ""
        return (f"{days} {self.start:%H:%M}-{self.end:%H:%M} {self.timezone}"
                f"{holidays_note}")


def local_text(moment: datetime, zone: str = "Europe/London") -> str:
    """'Mon 2 Jun 09:00' in the window's zone, for people."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%a} {local.day} {local:%b %H:%M}"
