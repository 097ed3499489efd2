"""Reading a practice list: EMIS Web, SystmOne or spreadsheet CSV exports.

Only what an invitation needs is kept (mobile number, first name, row number); everything
else in the file (NHS number, address, date of birth...) is never stored. Each skipped row
is reported with its spreadsheet row number and why. (Named csvimport, not import: `import`
is a Python keyword.)
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.phones import PhoneError, uk_mobile

# Header names seen in clinical-system and spreadsheet exports, normalised (lower case,
# letters and digits only). Mobile-specific columns are tried before general ones.
MOBILE_HEADERS = ("mobiletelephone", "mobile", "mobilenumber", "mobilephone", "mobileno",
                  "mobiletel", "mobilephonenumber", "cellphone", "patientmobile")
PHONE_HEADERS = ("phone", "telephone", "phonenumber", "telephonenumber", "tel", "telno",
                 "contactnumber", "preferredtelephone", "numbers", "number")
FIRST_NAME_HEADERS = ("forename", "firstname", "forenames", "firstnames", "givenname",
                      "preferredname", "knownas", "callingname", "forename1")
FULL_NAME_HEADERS = ("name", "fullname", "patientname", "patient")
SURNAME_HEADERS = ("surname", "lastname", "familyname")

# Why a row was skipped, in the order they are reported.
REASONS = ("no number", "invalid number", "landline", "duplicate", "opted out", "forgotten",
           "in a live conversation")


class ListError(ValueError):
    """A file that can't be read as a practice list; the text says what and where."""


@dataclass(frozen=True)
class ListRow:
    """One person to invite."""

    row_number: int
    mobile: str  # E.164
    first_name: str | None


@dataclass
class ParsedList:
    """What a file gave: people to invite, rows skipped (row number, reason)."""

    rows: list[ListRow] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    rows_read: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # role -> header used

    def counts(self) -> Counter[str]:
        return Counter(reason.split(" (")[0] for _, reason in self.skipped)


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM; Excel on Windows saves 'CSV' as cp1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _find_header(rows: list[list[str]]) -> int:
    """Exports can start with a report title; the header is the first row naming a phone."""
    wanted = set(MOBILE_HEADERS + PHONE_HEADERS)
    for index, row in enumerate(rows[:15]):
        if any(_key(cell) in wanted for cell in row):
            return index
    raise ListError("no phone column found: expected a header such as 'Mobile Telephone', "
                    "'Mobile', 'Phone' or 'Telephone' in the first rows")


def _columns(header: list[str]) -> tuple[list[int], int | None, int | None, dict[str, str]]:
    keys = [_key(cell) for cell in header]

    def first(names: tuple[str, ...]) -> int | None:
        for name in names:
            if name in keys:
                return keys.index(name)
        return None

    phones = [keys.index(n) for n in MOBILE_HEADERS + PHONE_HEADERS if n in keys]
    first_name = first(FIRST_NAME_HEADERS)
    full_name = first(FULL_NAME_HEADERS) if first_name is None else None
    used = {"phone": ", ".join(header[i] for i in phones)}
    if first_name is not None:
        used["first name"] = header[first_name]
    elif full_name is not None:
        used["name"] = header[full_name]
    return phones, first_name, full_name, used


def _tidy_name(raw: str, full: bool) -> str | None:
    name = raw.strip()
    if full and "," in name:  # EMIS style "SMITH, Pat (Mrs)"
        name = name.split(",", 1)[1]
    name = re.sub(r"\(.*?\)", " ", name).strip()
    if full or " " in name:
        parts = [p for p in name.split() if p.rstrip(".").lower() not in
                 ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir")]
        name = parts[0] if parts else ""
    if not name or not re.search(r"[A-Za-z]", name) or len(name) > 30:
        return None
    if name.isupper() or name.islower():  # EMIS exports names in capitals
        name = "-".join(part.capitalize() for part in name.split("-"))
    return name


def _number(values: list[str]) -> tuple[str | None, str]:
    """The first mobile among the row's phone cells, or (None, reason)."""
    reason = "no number"
    for raw in values:
        if not raw.strip():
            continue
        try:
            return uk_mobile(raw), ""
        except PhoneError as exc:
            if "landline" in str(exc):
                reason = "landline"
            elif reason == "no number":
                reason = "invalid number"
    return None, reason


def parse_text(text: str) -> ParsedList:
    """Parse CSV text (see parse_file)."""
    sample = text[:4096]
    reader = csv.reader(io.StringIO(text), _dialect(sample))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ListError(f"row {reader.line_num}: not valid CSV ({exc})") from None
    if not rows:
        raise ListError("the file is empty")
    start = _find_header(rows)
    phones, first_name, full_name, used = _columns(rows[start])
    result = ParsedList(columns=used)
    seen: dict[str, int] = {}
    for index in range(start + 1, len(rows)):
        row = rows[index]
        number = index + 1  # as a spreadsheet shows it
        if not any(cell.strip() for cell in row):
            continue
        result.rows_read += 1
        mobile, reason = _number([row[i] for i in phones if i < len(row)])
        if mobile is None:
            result.skipped.append((number, reason))
            continue
        if mobile in seen:
            result.skipped.append((number, f"duplicate (of row {seen[mobile]})"))
            continue
        seen[mobile] = number
        name = None
        if first_name is not None and first_name < len(row):
            name = _tidy_name(row[first_name], full=False)
        elif full_name is not None and full_name < len(row):
            name = _tidy_name(row[full_name], full=True)
        result.rows.append(ListRow(number, mobile, name))
    return result


def parse_file(path: str | Path) -> ParsedList:
    """Read a practice list; ListError if it can't be used at all."""
    file = Path(path)
    if not file.exists():
        raise ListError(f"{file}: file not found")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ListError(f"{file}: can't be read ({exc.strerror})") from None
    if file.suffix.lower() in (".xlsx", ".xls"):
        raise ListError(f"{file}: this is a spreadsheet file; save it as CSV first "
                        "(File > Save As > CSV)")
    try:
        return parse_text(decode(data))
    except ListError as exc:
        raise ListError(f"{file.name}: {exc}") from None
