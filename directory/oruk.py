"""Open Referral UK (v1 services JSON) to and from our YAML directory."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from directory.model import DAYS, FREQS, Directory, Offer
from directory.textnorm import stem
from directory.vocabulary import default_vocabulary, tokenize

# ORUK status -> ours. Anything unknown is treated as active but flagged in a comment.
STATUS_FROM_ORUK = {"active": "active", "inactive": "paused", "temporarily closed": "paused",
                    "defunct": "ended"}
STATUS_TO_ORUK = {"active": "active", "paused": "inactive", "full": "active",
                  "ended": "defunct"}
IMPORT_HEADER = "# Imported from an Open Referral UK feed"  # marks files import-oruk may replace
_TIME = re.compile(r"^(\d{1,2}):(\d{2})")


class _Text(HTMLParser):
    """Collects the text of an HTML fragment, with breaks where blocks end."""

    BLOCKS = {"p", "br", "li", "div", "h1", "h2", "h3", "h4", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text from an HTML description: tags dropped, entities decoded, spaces tidied."""
    parser = _Text()
    parser.feed(fragment or "")
    parser.close()
    text = html.unescape("".join(parser.parts)).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return " ".join(line for line in lines if line)


def id_prefix(text: str) -> str:
    """A --prefix as the start of an id: "Bristol" -> "bristol-" ("" stays "")."""
    words = "-".join(tokenize(text))
    return f"{words}-" if words else ""


def _slug(name: str, taken: set[str], prefix: str = "") -> str:
    base = prefix + ("-".join(tokenize(name))[:50].strip("-") or "offer")
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


@dataclass
class ImportedFeed:
    """An ORUK feed as our YAML, and which ids had to change to stay unique."""

    yaml: str
    count: int
    renamed: list[tuple[str, str]]  # (the id the name gives, the id used instead)


def guess_categories(text: str, limit: int = 3) -> list[str]:
    """Categories whose vocabulary phrases appear in text, most mentioned first."""
    vocab = default_vocabulary()
    stems = [stem(t) for t in tokenize(text)]
    joined = " " + " ".join(stems) + " "
    counts: Counter[str] = Counter()
    for need in vocab.needs:
        for phrase in need.phrases:
            key = " " + " ".join(stem(t) for t in phrase) + " "
            if key in joined:
                for cat in need.categories:
                    counts[cat] += 1
    return [c for c, _ in counts.most_common(limit)]


def _time(value: Any) -> str | None:
    m = _TIME.match(str(value or ""))
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m and int(m.group(1)) < 24 else None


def _schedule(rs: dict[str, Any]) -> dict[str, Any] | None:
    freq = str(rs.get("freq") or "WEEKLY").upper()
    if freq not in FREQS:
        return None
    byday = [d.strip().upper() for d in str(rs.get("byday") or "").split(",") if d.strip()]
    byday = [d for d in byday if d[-2:] in DAYS]
    out: dict[str, Any] = {"freq": freq, "byday": byday}
    if rs.get("interval") and str(rs["interval"]).isdecimal() and int(rs["interval"]) > 1:
        out["interval"] = int(rs["interval"])
    for key in ("opens_at", "closes_at"):
        t = _time(rs.get(key))
        if t:
            out[key] = t
    if rs.get("description"):
        out["description"] = html_to_text(str(rs["description"]))
    return out


def oruk_to_offers(services: list[dict[str, Any]], *, prefix: str = "",
                   taken: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Offer mappings (our schema) from ORUK v1 service objects; unnamed ones are skipped.

    Ids start with prefix and never repeat one in taken (ids already in the directory)."""
    taken = set(taken)
    offers = []
    for s in services:
        name = html_to_text(str(s.get("name") or ""))
        if not name:
            continue
        description = html_to_text(str(s.get("description") or ""))
        offer: dict[str, Any] = {"id": _slug(name, taken, prefix), "name": name}
        if description:
            offer["description"] = description
        cats = guess_categories(f"{name} {name} {description}")
        if cats:
            offer["categories"] = cats
        audience = [a.get("audienceType") or a.get("id") for a in s.get("pc_targetAudience") or []
                    if isinstance(a, dict)]
        if audience:
            offer["keywords"] = [str(a).lower() for a in audience if a]
        org = s.get("organization")
        if isinstance(org, dict) and org.get("name"):
            offer["organization"] = html_to_text(str(org["name"]))
        if s.get("url"):
            offer["url"] = str(s["url"])
        schedules = [x for x in (_schedule(rs) for rs in s.get("regular_schedules") or [])
                     if x]
        if schedules:
            offer["schedule"] = schedules
        contact = {}
        if s.get("email"):
            contact["email"] = str(s["email"])
        for c in s.get("contacts") or []:
            phones = c.get("phones") or []
            if phones and phones[0].get("number"):
                contact.setdefault("phone", str(phones[0]["number"]))
                if c.get("name"):
                    contact.setdefault("name", str(c["name"]))
        if contact:
            offer["contact"] = contact
        if s.get("fees"):
            offer["cost"] = html_to_text(str(s["fees"]))
        status = STATUS_FROM_ORUK.get(str(s.get("status") or "active").lower(), "active")
        if status != "active":
            offer["status"] = status
        if s.get("assured_date"):
            offer["last_reviewed"] = str(s["assured_date"])[:10]
        offers.append(offer)
    return offers


def import_oruk(feed_path: str | Path, *, prefix: str = "", taken: Iterable[str] = ()
                ) -> ImportedFeed:
    """Our YAML for an ORUK v1 services feed (a list, or {"content": [...]}).

    prefix starts every id ("bristol-"); ids in taken (the rest of the directory) are
    avoided by numbering ("lunch-club-2"), so two feeds can share one folder."""
    data = json.loads(Path(feed_path).read_text(encoding="utf-8"))
    services = data.get("content", []) if isinstance(data, dict) else data
    taken = set(taken)
    offers = oruk_to_offers(services, prefix=prefix, taken=taken)
    plain: set[str] = set()
    renamed = []
    for offer in offers:
        wanted = _slug(offer["name"], plain, prefix)
        if offer["id"] != wanted and wanted in taken:
            renamed.append((wanted, offer["id"]))
    header = (f"{IMPORT_HEADER} ({len(offers)} offers).\n"
              "# Categories were guessed from the words used: please check them.\n")
    # Strings stay strings on reload: safe_dump quotes anything YAML would read otherwise.
    body = yaml.safe_dump({"offers": offers}, sort_keys=False, allow_unicode=True, width=100)
    return ImportedFeed(header + body, len(offers), renamed)


def export_oruk(directory: Directory) -> list[dict[str, Any]]:
    """ORUK v1 service objects for every offer in the directory."""
    return [_service(o) for o in directory.offers]


def _service(o: Offer) -> dict[str, Any]:
    service: dict[str, Any] = {
        "id": o.id, "name": o.name, "description": o.description, "url": o.url or "",
        "email": (o.contact.email if o.contact and o.contact.email else ""),
        "status": STATUS_TO_ORUK[o.status], "fees": o.cost or "",
        "assured_date": o.last_reviewed.isoformat() if o.last_reviewed else "",
        "organization": {"id": "-".join(tokenize(o.organization or "")) or o.id,
                         "name": o.organization or ""},
        "regular_schedules": [
            {k: v for k, v in {
                "freq": s.freq, "byday": ",".join(s.byday), "interval": s.interval,
                "opens_at": s.opens_at or "", "closes_at": s.closes_at or "",
                "description": s.description or "", "bymonth": s.bymonth,
                "bymonthday": s.bymonthday}.items() if v is not None}
            for s in o.schedule],
        "contacts": [], "service_at_locations": [],
        "eligibilitys": [{"eligibility": o.eligibility}] if o.eligibility else [],
        "service_taxonomys": [{"taxonomy": {"id": c, "vocabulary": "practice-champions"}}
                              for c in o.categories],
    }
    if o.contact and (o.contact.phone or o.contact.name):
        service["contacts"].append({
            "name": o.contact.name or "",
            "phones": [{"number": o.contact.phone}] if o.contact.phone else []})
    if o.location:
        service["service_at_locations"].append({"location": {
            "name": o.location.name or "",
            "physical_addresses": [{"address_1": o.location.address or "",
                                    "postal_code": o.location.postcode or ""}]}})
    return service
