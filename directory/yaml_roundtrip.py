"""ruamel.yaml round trip for the directory's write-back: parse once, set values in the
CommentedMap, and splice only the changed keys' lines back into the original text.

PyYAML's C loader is used where it can stand in for a ruamel parse (finding which file holds
an offer, reading line spans of the new dump, checking the spliced result), falling back to
ruamel whenever the two could read the text differently. `directory/writeback.py` is the
safe-save part (locks, conflicts, atomic replace) built on these.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from directory.validate import OFFER_FIELDS

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


# ---- ruamel round trip --------------------------------------------------------------------

def guess_indent(text: str) -> tuple[int | None, int | None]:
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


def make_yaml(text: str) -> YAML:
    indent, block_seq_indent = guess_indent(text)
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap lines
    sequence, offset = indent or 2, block_seq_indent or 0
    y.indent(mapping=max(sequence - offset, 2), sequence=sequence, offset=offset)
    return y


def load(y: YAML, text: str) -> Any:
    return y.load(text)


def dump(y: YAML, data: Any) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def offers_of(data: Any) -> CommentedSeq:
    offers = data.get("offers") if isinstance(data, dict) else None
    return offers if isinstance(offers, CommentedSeq) else CommentedSeq()


def find_offer(data: Any, offer_id: str) -> int | None:
    for i, item in enumerate(offers_of(data)):
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
class Fast:
    """A text parsed by the fast loader: its node tree and its plain value."""

    node: Any
    value: Any


def fast_parse(text: str) -> Fast | None:
    if _fast_loader is None:
        return None
    try:
        loader = _fast_loader(text)
        try:
            node = loader.get_single_node()
            return Fast(node, plain(loader.construct_document(node)) if node is not None else None)
        finally:
            loader.dispose()
    except Exception:  # a syntax error, a bad date, deep recursion: let ruamel decide
        return None


def fast_has(text: str, offer_id: str) -> bool | None:
    """Whether the file lists offer_id, by the fast loader; None when it cannot be sure."""
    parsed = fast_parse(text)
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


def set_value(offer: CommentedMap, key: str, new: Any) -> None:
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
class Span:
    """Where one offer sits in a text: its first line, the line where whatever follows it
    starts, and (for a mapping) each key with its line and whether it is a flow mapping."""

    start: int
    end: int
    keys: list[tuple[Any, int]] | None
    flow: bool


def offer_range(data: Any, i: int, n_lines: int) -> tuple[int, int]:
    """[start, end) lines of offer i, and where its trailing blank/comment lines begin."""
    offers = offers_of(data)
    start = offers.lc.item(i)[0]
    if i + 1 < len(offers):
        end = offers.lc.item(i + 1)[0]
    else:
        later = [data.lc.key(k)[0] for k in data if data.lc.key(k)[0] > start]
        end = min(later) if later else n_lines
    return start, end


def rt_span(data: Any, i: int, n_lines: int) -> Span:
    """Offer i's span from ruamel's line numbers (read before the offer is changed)."""
    start, end = offer_range(data, i, n_lines)
    offer = offers_of(data)[i]
    if not isinstance(offer, CommentedMap):
        return Span(start, end, None, False)
    return Span(start, end, [(k, offer.lc.key(k)[0]) for k in offer], bool(offer.fa.flow_style()))


def node_span(root: Any, data: Any, i: int, n_lines: int) -> Span | None:
    """Offer i's span in ruamel's dump of `data`, from the fast loader's nodes of that dump
    (no second ruamel parse); None unless the nodes hold exactly the keys ruamel dumped."""
    def name(node: Any) -> str | None:
        return node.value if isinstance(node, yaml.ScalarNode) else None

    if not isinstance(root, yaml.MappingNode) or [name(k) for k, _ in root.value] != list(data):
        return None
    seq = next((v for k, v in root.value if name(k) == "offers"), None)
    offers = offers_of(data)
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
    return Span(start, end, keys, bool(item.flow_style))


def body_end(lines: list[str], start: int, end: int) -> int:
    while end > start + 1 and _is_trailer(lines[end - 1]):
        end -= 1
    return end


def _key_ranges(span: Span, body_end: int) -> dict[str, tuple[int, int]] | None:
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


def _splice_offer(o_lines: list[str], o: Span, n_lines: list[str], n: Span,
                  touched: set[str]) -> None:
    """In o_lines, replace the offer at `o` with the one at `n` in the new dump, taking only
    the touched keys' lines from the dump."""
    o_body, n_body = body_end(o_lines, o.start, o.end), body_end(n_lines, n.start, n.end)
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


def same_reading(y: YAML, text: str, data: Any, dumped: Fast | None = None) -> bool:
    """Whether text reads back as data. `dumped`: the fast parse of ruamel's dump of data;
    if the fast loader reads text exactly as it reads that dump, the splice changed nothing
    but layout, and the slow ruamel check is skipped."""
    if dumped is not None:
        fast = fast_parse(text)
        if fast is not None and fast.value == dumped.value:
            return True
    try:
        return plain(load(y, text)) == plain(data)
    except Exception:
        return False


def splice(orig: str, full: str, y: YAML, data: Any, spans: dict[str, Span],
            touched: dict[str, set[str]]) -> str:
    """orig with each touched offer's changed lines from `full` (ruamel's dump of data), or
    `full` itself when the splice would not read back as data."""
    lines, n_lines = orig.splitlines(keepends=True), full.splitlines(keepends=True)
    dumped = fast_parse(full)
    n_data = None
    # Bottom up, so the original line numbers of offers above stay right.
    for offer_id in sorted(touched, key=lambda o: -spans[o].start):
        i = find_offer(data, offer_id)
        n = node_span(dumped.node, data, i, len(n_lines)) if dumped and i is not None else None
        if n is None:
            n_data = load(y, full) if n_data is None else n_data
            ni = find_offer(n_data, offer_id)
            assert ni is not None
            n = rt_span(n_data, ni, len(n_lines))
        _splice_offer(lines, spans[offer_id], n_lines, n, touched[offer_id])
    text = "".join(lines)
    return text if same_reading(y, text, data, dumped) else full
