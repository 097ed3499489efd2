"""The directory's data: offers, their schedules and the loaded directory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

STATUSES = ("active", "paused", "full", "ended")
FREQS = ("WEEKLY", "MONTHLY", "YEARLY")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Schedule:
    """One regular time an offer runs, in iCal RRULE terms (as Open Referral uses)."""

    freq: str = "WEEKLY"
    byday: list[str] = field(default_factory=list)  # "MO", "1TU" (first Tuesday), "-1FR"
    interval: int = 1
    opens_at: str | None = None  # "HH:MM"
    closes_at: str | None = None
    description: str | None = None
    bymonth: int | None = None  # YEARLY only: month number (12 = December)
    bymonthday: int | None = None  # YEARLY/MONTHLY: day of the month

    def weekdays(self) -> set[str]:
        """The two-letter days this schedule falls on, ordinal prefixes dropped."""
        return {d[-2:] for d in self.byday}


@dataclass(frozen=True)
class Location:
    """Where an offer happens."""

    name: str | None = None
    address: str | None = None
    postcode: str | None = None


@dataclass(frozen=True)
class Contact:
    """How to get in touch about an offer."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Offer:
    """One local offer: a group, activity or service people can be connected to."""

    id: str
    name: str
    description: str = ""
    categories: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    organization: str | None = None
    url: str | None = None
    schedule: list[Schedule] = field(default_factory=list)
    location: Location | None = None
    contact: Contact | None = None
    cost: str | None = None
    eligibility: str | None = None
    min_age: int | None = None
    max_age: int | None = None
    status: str = "active"
    notice: str | None = None
    maintainers: list[str] = field(default_factory=list)
    last_reviewed: dt.date | None = None
    source_file: str = ""
    # Optional answers to follow-up questions (issue 14; docs/understanding.md).
    access: list[str] = field(default_factory=list)  # parking, step-free, toilets...
    welcome: list[str] = field(default_factory=list)  # who may come along: partners, dogs...
    audience: list[str] = field(default_factory=list)  # YAML `for:`: women, men, parents...
    booking: str | None = None  # "Just turn up" or "Book with Sue first"
    # Its maintainers offer a friendly face to newcomers (issue 17; docs/connections.md).
    introductions: bool = False

    @property
    def suggestible(self) -> bool:
        """True when the offer may be suggested or shown: running, or full (said so).
        A paused or ended offer never is, even when a list showed it a moment ago."""
        return self.status in ("active", "full")

    @property
    def is_free(self) -> bool:
        """True when the offer costs nothing (no cost given, or it says free)."""
        return not self.cost or self.cost.strip().lower() in ("free", "0", "none", "no charge")

    def has_contact(self) -> bool:
        """True when a resident has some way to get in touch or find out more."""
        c = self.contact
        return bool(self.url or (c and (c.phone or c.email)))


@dataclass
class Directory:
    """All loaded offers, the needs vocabulary in force, and the files they came from."""

    offers: list[Offer]
    vocabulary: Any  # directory.vocabulary.Vocabulary (Any avoids an import cycle)
    files: list[str] = field(default_factory=list)
    # The vocabulary its own files add (None: none), for adding it to another directory's
    # (a practice's own offers on top of a shared directory: directory.loader.combine).
    added: Any = field(default=None, repr=False, compare=False)
    # Search index built lazily by directory.matching and cached here.
    _index: Any = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id = {o.id: o for o in self.offers}

    def get(self, offer_id: str) -> Offer | None:
        """The offer with this id, or None."""
        return self._by_id.get(offer_id)

    def active(self) -> list[Offer]:
        """Offers that may be suggested (active ones)."""
        return [o for o in self.offers if o.status == "active"]
