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
import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from directory.loader import directory_files, load_directory
from directory.problems import DirectoryInvalid
from directory.validate import OFFER_FIELDS

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


# ---- plain values -------------------------------------------------------------------------

def plain(value: Any) -> Any:
    """A ruamel value as JSON-friendly plain data (dates as ISO text), for comparing/storing."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


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


# ---- ruamel round trip --------------------------------------------------------------------

def _guess_indent(text: str) -> tuple[int | None, int | None]:
    """(indent, block sequence indent) exactly as ruamel's `load_yaml_guess_indent` guesses
    them, without the full round-trip parse it also does (that parse was a third of a save)."""
    def leading_spaces(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    map_indent = indent = block_seq_indent = prev_line_key_only = None
    key_indent = 0
    for line in text.splitlines():
        rline = line.rstrip()
        lline = rline.lstrip()
        if lline.startswith("- "):
            l_s = leading_spaces(line)
            block_seq_indent = l_s - key_indent
            idx = l_s + 1
            while line[idx] == " ":
                idx += 1
            if line[idx] == "#":  # comment after -
                continue
            indent = idx - key_indent
            break
        if map_indent is None and prev_line_key_only is not None and rline:
            idx = 0
            while line[idx] in " -":
                idx += 1
            if idx > prev_line_key_only:
                map_indent = idx - prev_line_key_only
        if rline.endswith(":"):
            key_indent = leading_spaces(line)
            prev_line_key_only = leading_spaces(line)
            continue
        prev_line_key_only = None
    if indent is None and map_indent is not None:
        indent = map_indent
    return indent, block_seq_indent


def _yaml(text: str) -> YAML:
    indent, block_seq_indent = _guess_indent(text)
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap lines
    sequence, offset = indent or 2, block_seq_indent or 0
    y.indent(mapping=max(sequence - offset, 2), sequence=sequence, offset=offset)
    return y


def _load(y: YAML, text: str) -> Any:
    return y.load(text)


def _dump(y: YAML, data: Any) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def _offers(data: Any) -> CommentedSeq:
    offers = data.get("offers") if isinstance(data, dict) else None
    return offers if isinstance(offers, CommentedSeq) else CommentedSeq()


def _find(data: Any, offer_id: str) -> int | None:
    for i, item in enumerate(_offers(data)):
        if isinstance(item, dict) and str(item.get("id")) == offer_id:
            return i
    return None


# ---- fast reads with PyYAML's C loader ----------------------------------------------------
# ruamel's round-trip loader is pure Python (~0.1 s for the example file); libyaml is ~15x
# faster. It is only used where its answer provably matches ruamel's, or to accept a result
# early; whenever it cannot parse, or is unsure, the ruamel path decides as before.

_fast_loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # None: always use ruamel
_RESOLVER = VersionedResolver()  # ruamel's YAML 1.2 reading of a plain scalar


@dataclass
class _Fast:
    """A text parsed by the fast loader: its node tree and its plain value."""

    node: Any
    value: Any


def _fast_parse(text: str) -> _Fast | None:
    if _fast_loader is None:
        return None
    try:
        loader = _fast_loader(text)
        try:
            node = loader.get_single_node()
            return _Fast(node, plain(loader.construct_document(node)) if node is not None else None)
        finally:
            loader.dispose()
    except Exception:  # a syntax error, a bad date, deep recursion: let ruamel decide
        return None


def _fast_has(text: str, offer_id: str) -> bool | None:
    """Whether the file lists offer_id, by the fast loader; None when it cannot be sure."""
    parsed = _fast_parse(text)
    data = parsed.value if parsed else None
    offers = data.get("offers") if isinstance(data, dict) else None
    if not isinstance(offers, list) or "%YAML" in text:
        return None
    ids = [item.get("id") for item in offers if isinstance(item, dict)]
    # Ids like 'yes', '1e3' or '0o7' read differently in YAML 1.1 (PyYAML) and 1.2 (ruamel):
    # only trust ids that both read as the same text.
    if not all(isinstance(i, str) and str(_RESOLVER.resolve(ScalarNode, i, (True, False)))
               == "tag:yaml.org,2002:str" for i in ids):
        return None
    return offer_id in ids


def locate(path: str | Path, offer_id: str) -> Path:
    """The YAML file (of a file or folder directory) that holds this offer."""
    for f in directory_files(path):
        try:
            text = f.read_text(encoding="utf-8")
        except OSError:
            continue
        if offer_id not in text:
            continue
        found = _fast_has(text, offer_id)
        if found is None:
            found = _find(_load(_yaml(text), text), offer_id) is not None
        if found:
            return f
    raise OfferNotFound(f"no offer with id '{offer_id}' in {path}")


def read_offer(path: str | Path, offer_id: str) -> dict[str, Any]:
    """The offer's fields as written in the file, as plain values."""
    f = locate(path, offer_id)
    text = f.read_text(encoding="utf-8")
    data = _load(_yaml(text), text)
    i = _find(data, offer_id)
    assert i is not None
    return plain(_offers(data)[i])


# ---- setting values in a CommentedMap -----------------------------------------------------

def _scalar(key: str, value: Any, old: Any) -> Any:
    if isinstance(value, str) and (key in ("opens_at", "closes_at", "phone", "cost")
                                   or value[:1] in "0123456789+"):
        return DoubleQuotedScalarString(value)
    if isinstance(value, str) and isinstance(old, FoldedScalarString) and len(value) > 80:
        return FoldedScalarString(value)
    if isinstance(value, str) and isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(value)
    return value


def _flow_map(values: dict[str, Any]) -> CommentedMap:
    m = CommentedMap()
    for k, v in values.items():
        if v is None:
            continue
        if isinstance(v, list):
            seq = CommentedSeq(v)
            seq.fa.set_flow_style()
            m[k] = seq
        else:
            m[k] = _scalar(k, v, None)
    m.fa.set_flow_style()
    return m


def _insert_key(offer: CommentedMap, key: str, value: Any) -> None:
    """Add a key where OFFER_FIELDS order puts it, keeping the offer's trailing comment last."""
    order = {k: i for i, k in enumerate(OFFER_FIELDS)}
    keys = list(offer.keys())
    pos = len(keys)
    for i, k in enumerate(keys):
        if order.get(k, len(order)) > order.get(key, len(order)):
            pos = i
            break
    if pos == len(keys) and keys:
        # The blank line / comment after an offer hangs on its last key: move it along.
        last = keys[-1]
        comment = offer.ca.items.pop(last, None)
        offer.insert(pos, key, value)
        if comment is not None:
            offer.ca.items[key] = comment
        return
    offer.insert(pos, key, value)


def _remove_key(offer: CommentedMap, key: str) -> None:
    keys = list(offer.keys())
    comment = offer.ca.items.pop(key, None)
    del offer[key]
    if keys and keys[-1] == key and len(keys) > 1 and comment is not None and comment[2]:
        prev = keys[-2]
        old = offer.ca.items.get(prev)
        if old is None or old[2] is None:
            # Keep the offer's trailing blank line; drop only an end-of-line note.
            text = comment[2].value
            keep = text[text.index("\n"):] if "\n" in text else "\n"
            comment[2].value = keep
            offer.ca.items[prev] = [None, None, comment[2], None]


def _set(offer: CommentedMap, key: str, new: Any) -> None:
    old = offer.get(key)
    if new is None:
        if key in offer:
            _remove_key(offer, key)
        return
    if key == "schedule":
        seq = CommentedSeq([_flow_map(s) for s in new])
        if isinstance(old, CommentedSeq):
            old[:] = list(seq)
            return
        value: Any = seq
    elif key in ("location", "contact"):
        if isinstance(old, CommentedMap):
            for k in [k for k in old if new.get(k) is None]:
                del old[k]
            for k, v in new.items():
                if v is not None:
                    old[k] = _scalar(k, v, old.get(k))
            return
        value = _flow_map(new)
    elif key == "maintainers":
        value = CommentedSeq([DoubleQuotedScalarString(m) for m in new])
        value.fa.set_flow_style()
    elif key == "last_reviewed":
        value = dt.date.fromisoformat(new) if isinstance(new, str) else new
    else:
        value = _scalar(key, new, old)
    if key in offer:
        offer[key] = value
    else:
        _insert_key(offer, key, value)


# ---- splicing -----------------------------------------------------------------------------

def _is_trailer(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#")


@dataclass(frozen=True)
class _Span:
    """Where one offer sits in a text: its first line, the line where whatever follows it
    starts, and (for a mapping) each key with its line and whether it is a flow mapping."""

    start: int
    end: int
    keys: list[tuple[Any, int]] | None
    flow: bool


def _offer_range(data: Any, i: int, n_lines: int) -> tuple[int, int]:
    """[start, end) lines of offer i, and where its trailing blank/comment lines begin."""
    offers = _offers(data)
    start = offers.lc.item(i)[0]
    if i + 1 < len(offers):
        end = offers.lc.item(i + 1)[0]
    else:
        later = [data.lc.key(k)[0] for k in data if data.lc.key(k)[0] > start]
        end = min(later) if later else n_lines
    return start, end


def _rt_span(data: Any, i: int, n_lines: int) -> _Span:
    """Offer i's span from ruamel's line numbers (read before the offer is changed)."""
    start, end = _offer_range(data, i, n_lines)
    offer = _offers(data)[i]
    if not isinstance(offer, CommentedMap):
        return _Span(start, end, None, False)
    return _Span(start, end, [(k, offer.lc.key(k)[0]) for k in offer], bool(offer.fa.flow_style()))


def _node_span(root: Any, data: Any, i: int, n_lines: int) -> _Span | None:
    """Offer i's span in ruamel's dump of `data`, from the fast loader's nodes of that dump
    (no second ruamel parse); None unless the nodes hold exactly the keys ruamel dumped."""
    def name(node: Any) -> str | None:
        return node.value if isinstance(node, yaml.ScalarNode) else None

    if not isinstance(root, yaml.MappingNode) or [name(k) for k, _ in root.value] != list(data):
        return None
    seq = next((v for k, v in root.value if name(k) == "offers"), None)
    offers = _offers(data)
    if not isinstance(seq, yaml.SequenceNode) or len(seq.value) != len(offers):
        return None
    item = seq.value[i]
    if not isinstance(item, yaml.MappingNode) or not isinstance(offers[i], CommentedMap):
        return None
    keys = [(name(k), k.start_mark.line) for k, _ in item.value]
    if [k for k, _ in keys] != list(offers[i]):
        return None
    start = item.start_mark.line
    if i + 1 < len(seq.value):
        end = seq.value[i + 1].start_mark.line
    else:
        later = [k.start_mark.line for k, _ in root.value if k.start_mark.line > start]
        end = min(later) if later else n_lines
    return _Span(start, end, keys, bool(item.flow_style))


def _body_end(lines: list[str], start: int, end: int) -> int:
    while end > start + 1 and _is_trailer(lines[end - 1]):
        end -= 1
    return end


def _key_ranges(span: _Span, body_end: int) -> dict[str, tuple[int, int]] | None:
    if span.keys is None or span.flow:
        return None
    keys, lines = [k for k, _ in span.keys], [line for _, line in span.keys]
    if len(set(lines)) != len(lines) or lines[0] != span.start:
        return None
    bounds = [*lines[1:], body_end]
    return {k: (lines[j], bounds[j]) for j, k in enumerate(keys)}


def _keep_comment_gap(old: str, new: str) -> str:
    """Keep the spaces before an end-of-line comment as they were (ruamel uses one)."""
    i, j = old.rfind(" #"), new.rfind(" #")
    if i < 0 or j < 0 or old[i:].strip() != new[j:].strip():
        return new
    k = len(old[:i + 1].rstrip())
    return new[:j].rstrip() + old[k:]


def _splice_offer(o_lines: list[str], o: _Span, n_lines: list[str], n: _Span,
                  touched: set[str]) -> None:
    """In o_lines, replace the offer at `o` with the one at `n` in the new dump, taking only
    the touched keys' lines from the dump."""
    o_body, n_body = _body_end(o_lines, o.start, o.end), _body_end(n_lines, n.start, n.end)
    o_keys, n_keys = _key_ranges(o, o_body), _key_ranges(n, n_body)
    if o_keys is None or n_keys is None:
        middle = n_lines[n.start:n_body]
    else:
        middle = []
        for key, (a, b) in n_keys.items():
            if key in o_keys and key not in touched:
                oa, ob = o_keys[key]
                middle.extend(o_lines[oa:ob])
            elif key in o_keys and b - a == 1 and o_keys[key][1] - o_keys[key][0] == 1:
                middle.append(_keep_comment_gap(o_lines[o_keys[key][0]], n_lines[a]))
            else:
                middle.extend(n_lines[a:b])
    o_lines[o.start:o_body] = middle


def _same(y: YAML, text: str, data: Any, dumped: _Fast | None = None) -> bool:
    """Whether text reads back as data. `dumped`: the fast parse of ruamel's dump of data;
    if the fast loader reads text exactly as it reads that dump, the splice changed nothing
    but layout, and the slow ruamel check is skipped."""
    if dumped is not None:
        fast = _fast_parse(text)
        if fast is not None and fast.value == dumped.value:
            return True
    try:
        return plain(_load(y, text)) == plain(data)
    except Exception:
        return False


def _splice(orig: str, full: str, y: YAML, data: Any, spans: dict[str, _Span],
            touched: dict[str, set[str]]) -> str:
    """orig with each touched offer's changed lines from `full` (ruamel's dump of data), or
    `full` itself when the splice would not read back as data."""
    lines, n_lines = orig.splitlines(keepends=True), full.splitlines(keepends=True)
    dumped = _fast_parse(full)
    n_data = None
    # Bottom up, so the original line numbers of offers above stay right.
    for offer_id in sorted(touched, key=lambda o: -spans[o].start):
        i = _find(data, offer_id)
        n = _node_span(dumped.node, data, i, len(n_lines)) if dumped and i is not None else None
        if n is None:
            n_data = _load(y, full) if n_data is None else n_data
            ni = _find(n_data, offer_id)
            assert ni is not None
            n = _rt_span(n_data, ni, len(n_lines))
        _splice_offer(lines, spans[offer_id], n_lines, n, touched[offer_id])
    text = "".join(lines)
    return text if _same(y, text, data, dumped) else full


def render(orig: str, changes: list[Change], today: dt.date | None) -> tuple[str, list[tuple[Change, Any, Any]]]:
    """The new text of one file with `changes` applied (Conflict/OfferNotFound if not)."""
    y = _yaml(orig)
    data = _load(y, orig)
    n_orig = len(orig.splitlines())
    applied: list[tuple[Change, Any, Any]] = []
    touched: dict[str, set[str]] = {}
    spans: dict[str, _Span] = {}  # each touched offer's lines in orig, read before changing it
    for change in changes:
        i = _find(data, change.offer_id)
        if i is None:
            raise OfferNotFound(f"no offer with id '{change.offer_id}'")
        offer = _offers(data)[i]
        current = plain(offer.get(change.field))
        wanted = plain(change.new)
        if change.expected is not UNSET and current != plain(change.expected) and current != wanted:
            raise Conflict(change.offer_id, change.field, current)
        if current != wanted:
            if change.offer_id not in spans:
                spans[change.offer_id] = _rt_span(data, i, n_orig)
            _set(offer, change.field, change.new)
            touched.setdefault(change.offer_id, set()).add(change.field)
        applied.append((change, current, wanted))
    if today is not None:
        for offer_id, fields in list(touched.items()):
            offer = _offers(data)[_find(data, offer_id)]  # type: ignore[index]
            old_reviewed = plain(offer.get("last_reviewed"))
            if old_reviewed != today.isoformat() and "last_reviewed" not in fields:
                _set(offer, "last_reviewed", today)
                applied.append((Change(offer_id, "last_reviewed", today.isoformat()),
                                old_reviewed, today.isoformat()))
                fields.add("last_reviewed")
    if not touched:
        return orig, applied
    return _splice(orig, _dump(y, data), y, data, spans, touched), applied


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
            y = _yaml(orig)
            data = _load(y, orig)
            if _find(data, offer["id"]) is not None:
                raise WriteBackError(f"an offer with id '{offer['id']}' already exists")
            o_lines = orig.splitlines(keepends=True)
            olen = len(_offers(data))
            # The last offer's lines as read, before the list changes.
            last = _offer_range(data, olen - 1, len(o_lines)) if olen else None
            item = CommentedMap()
            for key in OFFER_FIELDS:
                if offer.get(key) not in (None, "", []):
                    _set(item, key, offer[key])
            _offers(data).append(item)
            text = _dump(y, data)
            # Keep the original text as it was and add the new offer's lines at the end of
            # the list, after a blank line, when that reproduces the same data.
            n_lines = text.splitlines(keepends=True)
            dumped = _fast_parse(text)
            span = _node_span(dumped.node, data, olen, len(n_lines)) if dumped else None
            if span is not None:
                start, end = span.start, span.end
            else:
                n_data = _load(y, text)
                start, end = _offer_range(n_data, len(_offers(n_data)) - 1, len(n_lines))
            if last is not None:
                _s, o_end = last
                body = _body_end(o_lines, _s, o_end)
                head = o_lines[:body]
                if head and not head[-1].endswith("\n"):
                    head[-1] += "\n"
                spliced = "".join(head + ["\n"] + n_lines[start:_body_end(n_lines, start, end)]
                                  + o_lines[body:])
                if _same(y, spliced, data, dumped):
                    text = spliced
            if write_atomic(target, text, expect_digest=_digest(raw)):
                return Saved(str(target), [], attempt)
    raise WriteBackError(f"{target} kept changing while saving; please try again")
