"""Check the YAML node tree of one directory file and build offers, locating each mistake."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from directory.categories import CATEGORIES
from directory.model import DAYS, FREQS, STATUSES, Contact, Location, Offer, Schedule
from directory.problems import Problem
from directory.vocabulary import Vocabulary, parse_vocabulary

OFFER_FIELDS = (
    "id", "name", "description", "categories", "keywords", "organization", "url", "schedule",
    "location", "contact", "cost", "eligibility", "min_age", "max_age", "status", "notice",
    "maintainers", "last_reviewed", "access", "welcome", "for", "booking", "introductions",
)
# Optional answers to follow-up questions (docs/understanding.md): the allowed values.
ACCESS_VALUES = ("parking", "step-free", "toilets", "accessible-toilet", "hearing-loop")
WELCOME_VALUES = ("partners", "children", "babies", "dogs", "carers", "friends")
FOR_VALUES = ("everyone", "women", "men", "parents", "carers", "young-people", "older-people")
SCHEDULE_FIELDS = ("freq", "byday", "interval", "opens_at", "closes_at", "description",
                   "bymonth", "bymonthday")
LOCATION_FIELDS = ("name", "address", "postcode")
CONTACT_FIELDS = ("name", "phone", "email")
TOP_FIELDS = ("offers", "vocabulary")
VOCAB_FIELDS = ("needs", "abbreviations", "stop_words", "weak_words", "who_words")
NEED_FIELDS = ("phrases", "categories", "keywords")

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_BYDAY = re.compile(r"^(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
_NULLS = ("", "~", "null", "Null", "NULL")


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 75) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when none is close."""
    best = process.extractOne(word, list(choices), scorer=fuzz.WRatio, score_cutoff=cutoff)
    return f" (did you mean '{best[0]}'?)" if best else ""


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag.endswith(":null") and node.value in _NULLS


class Checker:
    """Validates one file's nodes, appending Problems and returning what was valid."""

    def __init__(self, file: str, problems: list[Problem], seen_ids: dict[str, str]) -> None:
        self.file = file
        self.problems = problems
        self.seen_ids = seen_ids

    def add(self, node: Node, field: str, message: str) -> None:
        """Record a problem at the start of node."""
        m = node.start_mark
        self.problems.append(Problem(self.file, m.line + 1, m.column + 1, field, message))

    def mapping(self, node: Node, field: str, allowed: tuple[str, ...]) -> dict[str, Node]:
        """The keys of a mapping node (unknown and repeated keys are problems)."""
        if not isinstance(node, MappingNode):
            self.add(node, field, f"should be a mapping ({', '.join(allowed[:3])}, ...)")
            return {}
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node)
            where = f"{field}.{key}" if field else key
            if key not in allowed:
                self.add(key_node, where, "unknown field" + did_you_mean(key, allowed))
            elif key in out:
                self.add(key_node, where, "appears twice in the same entry")
            else:
                out[key] = value_node
        return out

    def text(self, fields: dict[str, Node], key: str, field: str) -> str | None:
        """A free-text field as written (numbers, yes/no and times are kept as typed)."""
        node = fields.get(key)
        if node is None or _is_null(node):
            return None
        if not isinstance(node, ScalarNode):
            self.add(node, f"{field}.{key}", "should be plain text")
            return None
        return node.value.strip() or None

    def text_list(self, fields: dict[str, Node], key: str, field: str) -> list[tuple[str, Node]]:
        """A list of short texts; a single text is accepted as a list of one."""
        node = fields.get(key)
        if node is None or _is_null(node):
            return []
        if isinstance(node, ScalarNode):
            return [(node.value, node)]
        if not isinstance(node, SequenceNode):
            self.add(node, f"{field}.{key}", "should be a list")
            return []
        out: list[tuple[str, Node]] = []
        for i, item in enumerate(node.value):
            if isinstance(item, ScalarNode):
                out.append((item.value, item))
            else:
                self.add(item, f"{field}.{key}[{i}]", "should be plain text")
        return out

    def integer(self, fields: dict[str, Node], key: str, field: str) -> int | None:
        """A whole number field."""
        value = self.text(fields, key, field)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            self.add(fields[key], f"{field}.{key}", f"'{value}' is not a whole number")
            return None

    def yes_no(self, fields: dict[str, Node], key: str, field: str) -> bool:
        """A true/false field (left out: false)."""
        value = self.text(fields, key, field)
        if value is None:
            return False
        if value.lower() in ("true", "yes", "on"):
            return True
        if value.lower() not in ("false", "no", "off"):
            self.add(fields[key], f"{field}.{key}", f"'{value}' should be true or false")
        return False

    def check_file(self, root: Node) -> tuple[list[Offer], Vocabulary | None]:
        """Validate a whole file: top-level offers list and optional vocabulary."""
        top = self.mapping(root, "", TOP_FIELDS)
        vocab = self.check_vocabulary(top["vocabulary"]) if "vocabulary" in top else None
        offers: list[Offer] = []
        node = top.get("offers")
        if node is None or _is_null(node):
            if vocab is None and isinstance(root, MappingNode):
                self.add(root, "offers", "missing: a file needs an 'offers:' list")
            return offers, vocab
        if not isinstance(node, SequenceNode):
            self.add(node, "offers", "should be a list of offers (each starting with '- id:')")
            return offers, vocab
        for i, item in enumerate(node.value):
            offer = self.check_offer(item, f"offers[{i}]")
            if offer is not None:
                offers.append(offer)
        return offers, vocab

    def check_offer(self, node: Node, field: str) -> Offer | None:
        """Validate one offer; None if it has problems."""
        before = len(self.problems)
        f = self.mapping(node, field, OFFER_FIELDS)
        if not f and not isinstance(node, MappingNode):
            return None
        offer_id = self.text(f, "id", field)
        if offer_id is None:
            self.add(node, f"{field}.id", "missing: every offer needs an id like 'knit-and-natter'")
        elif not _ID.match(offer_id):
            self.add(f["id"], f"{field}.id",
                     f"'{offer_id}' should be lower-case letters, digits and hyphens")
        elif offer_id in self.seen_ids:
            self.add(f["id"], f"{field}.id", self._duplicate(offer_id))
        else:
            self.seen_ids[offer_id] = f"{self.file}:{f['id'].start_mark.line + 1}"
        name = self.text(f, "name", field)
        if name is None:
            self.add(node, f"{field}.name", "missing: every offer needs a name")
        categories = []
        for i, (cat, cnode) in enumerate(self.text_list(f, "categories", field)):
            if cat not in CATEGORIES:
                self.add(cnode, f"{field}.categories[{i}]",
                         f"unknown category '{cat}'" + did_you_mean(cat, CATEGORIES))
            categories.append(cat)
        status = self.text(f, "status", field) or "active"
        if status not in STATUSES:
            self.add(f["status"], f"{field}.status",
                     f"'{status}' should be one of {', '.join(STATUSES)}"
                     + did_you_mean(status, STATUSES))
        min_age = self.integer(f, "min_age", field)
        max_age = self.integer(f, "max_age", field)
        if min_age is not None and max_age is not None and min_age > max_age:
            self.add(f["max_age"], f"{field}.max_age", "is lower than min_age")
        reviewed = self.text(f, "last_reviewed", field)
        last_reviewed = None
        if reviewed is not None:
            try:
                last_reviewed = dt.date.fromisoformat(reviewed)
            except ValueError:
                self.add(f["last_reviewed"], f"{field}.last_reviewed",
                         f"'{reviewed}' is not a date like 2025-03-31")
        chosen: dict[str, list[str]] = {}
        for key, allowed in (("access", ACCESS_VALUES), ("welcome", WELCOME_VALUES),
                             ("for", FOR_VALUES)):
            chosen[key] = []
            for i, (value, vnode) in enumerate(self.text_list(f, key, field)):
                if value not in allowed:
                    self.add(vnode, f"{field}.{key}[{i}]",
                             f"'{value}' should be one of {', '.join(allowed)}"
                             + did_you_mean(value, allowed))
                chosen[key].append(value)
        introductions = self.yes_no(f, "introductions", field)
        if introductions and "maintainers" not in f:
            self.add(f["introductions"], f"{field}.introductions",
                     "needs maintainers: the champions who would be introduced")
        schedule = self.check_schedules(f.get("schedule"), f"{field}.schedule")
        location = contact = None
        if "location" in f and not _is_null(f["location"]):
            lf = self.mapping(f["location"], f"{field}.location", LOCATION_FIELDS)
            location = Location(*(self.text(lf, k, f"{field}.location") for k in LOCATION_FIELDS))
        if "contact" in f and not _is_null(f["contact"]):
            cf = self.mapping(f["contact"], f"{field}.contact", CONTACT_FIELDS)
            contact = Contact(*(self.text(cf, k, f"{field}.contact") for k in CONTACT_FIELDS))
        if len(self.problems) > before or offer_id is None or name is None:
            return None
        return Offer(
            id=offer_id, name=name,
            description=self.text(f, "description", field) or "",
            categories=categories,
            keywords=[k for k, _ in self.text_list(f, "keywords", field)],
            organization=self.text(f, "organization", field),
            url=self.text(f, "url", field),
            schedule=schedule, location=location, contact=contact,
            cost=self.text(f, "cost", field),
            eligibility=self.text(f, "eligibility", field),
            min_age=min_age, max_age=max_age, status=status,
            notice=self.text(f, "notice", field),
            maintainers=[m for m, _ in self.text_list(f, "maintainers", field)],
            last_reviewed=last_reviewed, source_file=self.file,
            access=chosen["access"], welcome=chosen["welcome"], audience=chosen["for"],
            booking=self.text(f, "booking", field), introductions=introductions,
        )

    def check_schedules(self, node: Node | None, field: str) -> list[Schedule]:
        """Validate the schedule list."""
        if node is None or _is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.add(node, field, "should be a list (each entry starting with '- freq:')")
            return []
        out = []
        for i, item in enumerate(node.value):
            sched = self.check_schedule(item, f"{field}[{i}]")
            if sched is not None:
                out.append(sched)
        return out

    def check_schedule(self, node: Node, field: str) -> Schedule | None:
        """Validate one schedule entry."""
        f = self.mapping(node, field, SCHEDULE_FIELDS)
        if not f:
            return None
        ok = True
        freq = (self.text(f, "freq", field) or "WEEKLY").upper()
        if freq not in FREQS:
            ok = False
            self.add(f["freq"], f"{field}.freq",
                     f"'{f['freq'].value}' should be one of {', '.join(FREQS)}"
                     + did_you_mean(freq, FREQS))
        byday = []
        for j, (day, dnode) in enumerate(self.text_list(f, "byday", field)):
            for part in day.split(","):
                part = part.strip().upper()
                m = _BYDAY.match(part)
                if not m:
                    ok = False
                    self.add(dnode, f"{field}.byday[{j}]",
                             f"'{part}' is not a day: use MO, TU, WE, TH, FR, SA, SU, "
                             "or 1TU (first Tuesday), -1FR (last Friday)"
                             + did_you_mean(part[-2:], DAYS, 50))
                elif m.group(1) and freq == "WEEKLY":
                    ok = False
                    self.add(dnode, f"{field}.byday[{j}]",
                             f"'{part}' needs freq: MONTHLY (a weekly schedule has no 'first')")
                else:
                    byday.append(part)
        interval = self.integer(f, "interval", field) or 1
        if interval < 1:
            ok = False
            self.add(f["interval"], f"{field}.interval", "should be 1 or more (2 = fortnightly)")
        times = {}
        for key in ("opens_at", "closes_at"):
            value = self.text(f, key, field)
            if value is not None and not _TIME.match(value):
                ok = False
                self.add(f[key], f"{field}.{key}", f"'{value}' is not a time")
                value = None
            times[key] = f"{int(value.split(':')[0]):02d}:{value.split(':')[1]}" if value else None
        if times["opens_at"] and times["closes_at"] and times["closes_at"] <= times["opens_at"]:
            ok = False
            self.add(f["closes_at"], f"{field}.closes_at", "is not after opens_at")
        bymonth = self.integer(f, "bymonth", field)
        if bymonth is not None and not 1 <= bymonth <= 12:
            ok = False
            self.add(f["bymonth"], f"{field}.bymonth", "should be a month number 1-12")
        bymonthday = self.integer(f, "bymonthday", field)
        if bymonthday is not None and not 1 <= bymonthday <= 31:
            ok = False
            self.add(f["bymonthday"], f"{field}.bymonthday", "should be a day of the month 1-31")
        if not ok:
            return None
        return Schedule(freq=freq, byday=byday, interval=interval, opens_at=times["opens_at"],
                        closes_at=times["closes_at"],
                        description=self.text(f, "description", field),
                        bymonth=bymonth, bymonthday=bymonthday)

    def _duplicate(self, offer_id: str) -> str:
        """The duplicate-id problem, with a free id to use instead."""
        n = 2
        while f"{offer_id}-{n}" in self.seen_ids:
            n += 1
        return (f"duplicate id '{offer_id}' (first used at {self.seen_ids[offer_id]}): give "
                f"one of them another id, e.g. '{offer_id}-{n}'; for feeds imported into one "
                "folder, import each again with its own --prefix (e.g. --prefix bristol)")

    def check_vocabulary(self, node: Node) -> Vocabulary | None:
        """Validate a file's vocabulary extension."""
        if isinstance(node, SequenceNode):
            entries_node: Node | None = node
            f: dict[str, Node] = {}
        else:
            f = self.mapping(node, "vocabulary", VOCAB_FIELDS)
            entries_node = f.get("needs")
        before = len(self.problems)
        needs = []
        if entries_node is not None and isinstance(entries_node, SequenceNode):
            for i, item in enumerate(entries_node.value):
                where = f"vocabulary.needs[{i}]"
                ef = self.mapping(item, where, NEED_FIELDS)
                phrases = [p for p, _ in self.text_list(ef, "phrases", where)]
                if not phrases:
                    self.add(item, f"{where}.phrases", "missing: list the words people text")
                cats = []
                for j, (cat, cnode) in enumerate(self.text_list(ef, "categories", where)):
                    if cat not in CATEGORIES:
                        self.add(cnode, f"{where}.categories[{j}]",
                                 f"unknown category '{cat}'" + did_you_mean(cat, CATEGORIES))
                    cats.append(cat)
                kws = [k for k, _ in self.text_list(ef, "keywords", where)]
                needs.append({"phrases": phrases, "categories": cats, "keywords": kws})
        elif entries_node is not None:
            self.add(entries_node, "vocabulary.needs", "should be a list")
        abbreviations = {}
        if "abbreviations" in f:
            an = f["abbreviations"]
            if isinstance(an, MappingNode):
                abbreviations = {k.value: v.value for k, v in an.value
                                 if isinstance(k, ScalarNode) and isinstance(v, ScalarNode)}
            else:
                self.add(an, "vocabulary.abbreviations", "should be a mapping like 'grp: group'")
        data = {
            "needs": needs, "abbreviations": abbreviations,
            "stop_words": [w for w, _ in self.text_list(f, "stop_words", "vocabulary")],
            "weak_words": [w for w, _ in self.text_list(f, "weak_words", "vocabulary")],
            "who_words": [w for w, _ in self.text_list(f, "who_words", "vocabulary")],
        }
        return None if len(self.problems) > before else parse_vocabulary(data)
