"""Safe edits of the directory YAML: one offer's lines change, everything else stays byte-for-byte.

How a save works (see `apply_changes`):
1. Take the file's lock (an in-process lock plus `fcntl.flock` on a hidden sidecar file, so
   two champions, the server and a staff CLI command never write the same file at once).
2. Read the file fresh from disk and round-trip it with ruamel.yaml. Each change says what
   value the editor saw (`expected`); if someone changed that field meanwhile (a hand edit),
   the save is refused with `Conflict` and nothing is lost. Other hand edits are simply kept,
   because the change is re-applied to the fresh file.
3. Splice: lines outside the edited offer are copied from the original text, and inside it
   only the changed keys' lines come from ruamel's output, so comments, order and formatting
   elsewhere are untouched even where ruamel would reformat (long flow mappings).
4. Write a temp file in the same folder, fsync, validate it with the directory loader, check
   the file did not change on disk while we worked (else start again), then rename over the
   original and fsync the folder. A crash leaves the old or the new file, never half of one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from directory.loader import directory_files, load_directory
from directory.problems import DirectoryInvalid
from directory.validate import OFFER_FIELDS
from directory.yaml_roundtrip import (
    Span,
    body_end,
    dump,
    fast_has,
    fast_parse,
    find_offer,
    load,
    make_yaml,
    node_span,
    offer_range,
    offers_of,
    plain,
    rt_span,
    same_reading,
    set_value,
    splice,
)

EDITABLE = ("status", "notice", "cost", "description", "schedule", "location", "contact",
            "last_reviewed", "name", "maintainers")
UNSET: Any = object()
MAX_ATTEMPTS = 5


class WriteBackError(Exception):
    """A change could not be saved; the file is as it was."""


class OfferNotFound(WriteBackError):
    """No offer with that id in the directory files."""


class Conflict(WriteBackError):
    """The field was changed by someone else since the editor looked at it."""

    def __init__(self, offer_id: str, field_name: str, current: Any):
        super().__init__(f"{offer_id}: {field_name} was changed by someone else meanwhile")
        self.offer_id, self.field, self.current = offer_id, field_name, current


class InvalidResult(WriteBackError):
    """The edited file would not load; the original is kept."""

    def __init__(self, problems: list[Any]):
        super().__init__("the edited file has problems: "
                         + "; ".join(str(p) for p in problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class Change:
    """Set one field of one offer. `new=None` removes the field; `expected` is what the editor
    saw (plain values, as `read_offer` gives), checked against the fresh file."""

    offer_id: str
    field: str
    new: Any
    expected: Any = UNSET


@dataclass
class Saved:
    """What a save did: per change, the old and new plain values."""

    file: str
    applied: list[tuple[Change, Any, Any]] = field(default_factory=list)
    attempts: int = 1

    @property
    def changed(self) -> bool:
        return any(old != new for _c, old, new in self.applied)


# ---- locking ------------------------------------------------------------------------------

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Exclusive lock for one YAML file, across threads and processes."""
    key = str(path.resolve())
    with _locks_guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        side = path.parent / f".{path.name}.lock"
        fd = os.open(side, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def locate(path: str | Path, offer_id: str) -> Path:
    """The YAML file (of a file or folder directory) that holds this offer."""
    for f in directory_files(path):
        try:
            text = f.read_text(encoding="utf-8")
        except OSError:
            continue
        if offer_id not in text:
            continue
        found = fast_has(text, offer_id)
        if found is None:
            found = find_offer(load(make_yaml(text), text), offer_id) is not None
        if found:
            return f
    raise OfferNotFound(f"no offer with id '{offer_id}' in {path}")


def read_offer(path: str | Path, offer_id: str) -> dict[str, Any]:
    """The offer's fields as written in the file, as plain values."""
    f = locate(path, offer_id)
    text = f.read_text(encoding="utf-8")
    data = load(make_yaml(text), text)
    i = find_offer(data, offer_id)
    assert i is not None
    return plain(offers_of(data)[i])


def render(orig: str, changes: list[Change], today: dt.date | None) -> tuple[str, list[tuple[Change, Any, Any]]]:
    """The new text of one file with `changes` applied (Conflict/OfferNotFound if not)."""
    y = make_yaml(orig)
    data = load(y, orig)
    n_orig = len(orig.splitlines())
    applied: list[tuple[Change, Any, Any]] = []
    touched: dict[str, set[str]] = {}
    spans: dict[str, Span] = {}  # each touched offer's lines in orig, read before changing it
    for change in changes:
        i = find_offer(data, change.offer_id)
        if i is None:
            raise OfferNotFound(f"no offer with id '{change.offer_id}'")
        offer = offers_of(data)[i]
        current = plain(offer.get(change.field))
        wanted = plain(change.new)
        if change.expected is not UNSET and current != plain(change.expected) and current != wanted:
            raise Conflict(change.offer_id, change.field, current)
        if current != wanted:
            if change.offer_id not in spans:
                spans[change.offer_id] = rt_span(data, i, n_orig)
            set_value(offer, change.field, change.new)
            touched.setdefault(change.offer_id, set()).add(change.field)
        applied.append((change, current, wanted))
    if today is not None:
        for offer_id, fields in list(touched.items()):
            offer = offers_of(data)[find_offer(data, offer_id)]  # type: ignore[index]
            old_reviewed = plain(offer.get("last_reviewed"))
            if old_reviewed != today.isoformat() and "last_reviewed" not in fields:
                set_value(offer, "last_reviewed", today)
                applied.append((Change(offer_id, "last_reviewed", today.isoformat()),
                                old_reviewed, today.isoformat()))
                fields.add("last_reviewed")
    if not touched:
        return orig, applied
    return splice(orig, dump(y, data), y, data, spans, touched), applied


# ---- the atomic save ----------------------------------------------------------------------

def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _clear_stale_temps(target: Path) -> None:
    # We hold the lock, so any temp file left here belongs to a writer that died mid-save.
    for stale in target.parent.glob(f".{target.name}.tmp-*"):
        try:
            stale.unlink()
        except OSError:
            pass


def write_atomic(target: Path, text: str, *, expect_digest: str | None = None) -> bool:
    """Write text to target via temp + fsync + validate + rename; False if target changed
    on disk since `expect_digest` (nothing written). InvalidResult if it would not load."""
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}-{threading.get_ident()}"
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            load_directory(tmp)
        except DirectoryInvalid as exc:
            raise InvalidResult(exc.problems) from None
        if expect_digest is not None and _digest(target.read_bytes()) != expect_digest:
            return False
        os.replace(tmp, target)
        _fsync_dir(target.parent)
        return True
    finally:
        if tmp.exists():
            tmp.unlink()


def apply_changes(path: str | Path, changes: list[Change], *,
                  today: dt.date | None = None) -> Saved:
    """Save changes to offers in one file of the directory at `path` (file or folder).

    `today` set: last_reviewed becomes today on each changed offer. Raises OfferNotFound,
    Conflict or InvalidResult; on any error the file is as it was."""
    if not changes:
        raise ValueError("no changes")
    for change in changes:
        if change.field not in EDITABLE:
            raise ValueError(f"field '{change.field}' cannot be edited by message")
    target = locate(path, changes[0].offer_id)
    with file_lock(target):
        _clear_stale_temps(target)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            raw = target.read_bytes()
            text, applied = render(raw.decode("utf-8"), changes, today)
            saved = Saved(str(target), applied, attempt)
            if text == raw.decode("utf-8"):
                return saved
            if write_atomic(target, text, expect_digest=_digest(raw)):
                return saved
            # A hand edit landed while we worked: re-read and re-apply to the fresh file.
    raise WriteBackError(f"{target} kept changing while saving; please try again")


def add_offer(path: str | Path, offer: dict[str, Any]) -> Saved:
    """Append a new offer (plain values) to the directory's first offers file."""
    files = directory_files(path)
    if not files:
        raise WriteBackError(f"no directory file at {path}")
    target = files[0]
    with file_lock(target):
        _clear_stale_temps(target)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            raw = target.read_bytes()
            orig = raw.decode("utf-8")
            y = make_yaml(orig)
            data = load(y, orig)
            if find_offer(data, offer["id"]) is not None:
                raise WriteBackError(f"an offer with id '{offer['id']}' already exists")
            o_lines = orig.splitlines(keepends=True)
            olen = len(offers_of(data))
            # The last offer's lines as read, before the list changes.
            last = offer_range(data, olen - 1, len(o_lines)) if olen else None
            item = CommentedMap()
            for key in OFFER_FIELDS:
                if offer.get(key) not in (None, "", []):
                    set_value(item, key, offer[key])
            offers_of(data).append(item)
            text = dump(y, data)
            # Keep the original text as it was and add the new offer's lines at the end of
            # the list, after a blank line, when that reproduces the same data.
            n_lines = text.splitlines(keepends=True)
            dumped = fast_parse(text)
            span = node_span(dumped.node, data, olen, len(n_lines)) if dumped else None
            if span is not None:
                start, end = span.start, span.end
            else:
                n_data = load(y, text)
                start, end = offer_range(n_data, len(offers_of(n_data)) - 1, len(n_lines))
            if last is not None:
                _s, o_end = last
                body = body_end(o_lines, _s, o_end)
                head = o_lines[:body]
                if head and not head[-1].endswith("\n"):
                    head[-1] += "\n"
                spliced = "".join(head + ["\n"] + n_lines[start:body_end(n_lines, start, end)]
                                  + o_lines[body:])
                if same_reading(y, spliced, data, dumped):
                    text = spliced
            if write_atomic(target, text, expect_digest=_digest(raw)):
                return Saved(str(target), [], attempt)
    raise WriteBackError(f"{target} kept changing while saving; please try again")
