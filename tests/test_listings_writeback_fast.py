"""The write-back's fast paths (PyYAML's C loader instead of extra ruamel parses) give exactly
what the ruamel-only paths give, and fall back to ruamel where YAML 1.1 and 1.2 differ."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from listings_helpers import EXAMPLE, copy_example
from ruamel.yaml.util import load_yaml_guess_indent

from directory import yaml_roundtrip
from directory.writeback import Change, OfferNotFound, add_offer, locate, render

TODAY = dt.date(2026, 11, 3)

# An offers list followed by another top-level key, dash-alone items and 4-space indents:
# layouts the example does not have.
ODD = """\
offers:
    -   id: alpha
        name: Alpha  # first
        notice: Bring a mug

    -
        id: beta
        name: Beta
        schedule:
            - {freq: WEEKLY, byday: [TU], opens_at: "10:00"}
        last_reviewed: 2026-01-02
    # trailing note about beta

vocabulary:
    synonyms: {walk: [stroll]}
"""

EDITS = {
    "status": [Change("nordic-walking", "status", "active")],
    "notice on an offer with a wide flow mapping": [Change("gentle-yoga", "notice", "Closed")],
    "schedule and location": [
        Change("buggy-walk", "schedule", [{"freq": "MONTHLY", "byday": ["1TH"],
                                           "opens_at": "10:00"}]),
        Change("buggy-walk", "location", {"name": "Library", "postcode": "MB1 1HS"})],
    "remove a notice": [Change("knit-and-natter", "notice", None)],
    "two offers, lower one first": [Change("saturday-strollers", "status", "full"),
                                    Change("millbrook-health-walk", "notice", "Meet at 10")],
    "last offer, field added at its end": [
        Change("driving-volunteers", "contact", {"phone": "01632 960999"}),
        Change("driving-volunteers", "maintainers", ["+447700900109"])],
    "long description": [Change("knit-and-natter", "description", "Knitting. " * 20)],
}


@pytest.mark.parametrize("text", [
    EXAMPLE.read_text(), ODD, "offers:\n- id: a\n  name: b\n",
    "top:\n  inner:\n      k: v\n", "offers:\n  - # note\n    id: a\n  - id: b\n"])
def test_indent_guess_is_ruamels(text):
    assert yaml_roundtrip.guess_indent(text) == load_yaml_guess_indent(text)[1:]


@pytest.mark.parametrize("text", [EXAMPLE.read_text(), ODD])
def test_offer_lines_from_the_fast_parse_match_ruamels(text):
    y = yaml_roundtrip.make_yaml(text)
    data = yaml_roundtrip.load(y, text)
    full = yaml_roundtrip.dump(y, data)
    fast, again = yaml_roundtrip.fast_parse(full), yaml_roundtrip.load(y, full)
    n = len(full.splitlines())
    assert fast is not None
    spans = [yaml_roundtrip.node_span(fast.node, data, i, n) for i in range(len(data["offers"]))]
    assert spans == [yaml_roundtrip.rt_span(again, i, n) for i in range(len(data["offers"]))]
    assert all(s is not None and s.keys for s in spans)


@pytest.mark.parametrize("name", list(EDITS))
def test_fast_and_ruamel_only_saves_write_the_same_bytes(name, monkeypatch):
    orig = EXAMPLE.read_text()
    fast = render(orig, EDITS[name], TODAY)
    monkeypatch.setattr(yaml_roundtrip, "_fast_loader", None)
    assert render(orig, EDITS[name], TODAY) == fast
    assert fast[0] != orig


@pytest.mark.parametrize("changes", [
    [Change("alpha", "notice", None)], [Change("beta", "notice", "Back in May")],
    [Change("alpha", "name", "Alpha Group"), Change("beta", "status", "paused")]])
def test_fast_and_ruamel_only_agree_on_other_layouts(changes, monkeypatch):
    fast = render(ODD, changes, TODAY)
    monkeypatch.setattr(yaml_roundtrip, "_fast_loader", None)
    assert render(ODD, changes, TODAY) == fast


def test_adding_an_offer_writes_the_same_bytes_either_way(tmp_path, monkeypatch):
    offer = {"id": "chess-club", "name": "Chess Club", "description": "Chess for all levels.",
             "categories": ["company"], "status": "active", "last_reviewed": "2026-11-03",
             "schedule": [{"freq": "WEEKLY", "byday": ["FR"], "opens_at": "18:00"}]}
    (tmp_path / "fast").mkdir()
    (tmp_path / "slow").mkdir()
    fast = copy_example(tmp_path / "fast")
    add_offer(fast, offer)
    monkeypatch.setattr(yaml_roundtrip, "_fast_loader", None)
    slow = copy_example(tmp_path / "slow")
    add_offer(slow, offer)
    assert fast.read_text() == slow.read_text() != EXAMPLE.read_text()
    assert fast.read_text().startswith(EXAMPLE.read_text().rstrip("\n"))


def test_locate_finds_the_file_that_holds_the_offer(tmp_path):
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "offers:\n  - id: alpha\n    description: Like beta, but on Mondays\n")
    (folder / "b.yaml").write_text("offers:\n  - id: beta\n")
    # YAML 1.1 (PyYAML) reads these ids as True and 123; ruamel (YAML 1.2) as text.
    (folder / "c.yaml").write_text('offers:\n  - id: yes\n  - id: "123"\n  - id: gamma\n')
    assert yaml_roundtrip.fast_has((folder / "a.yaml").read_text(), "beta") is False
    assert yaml_roundtrip.fast_has((folder / "c.yaml").read_text(), "gamma") is None
    assert locate(folder, "beta") == folder / "b.yaml"
    assert locate(folder, "yes") == folder / "c.yaml"
    assert locate(folder, "123") == folder / "c.yaml"
    assert locate(folder, "gamma") == folder / "c.yaml"
    with pytest.raises(OfferNotFound):
        locate(folder, "delta")


def test_a_file_the_fast_loader_cannot_read_is_still_located(tmp_path):
    path = tmp_path / "offers.yaml"
    # A local tag: PyYAML's safe loader refuses it, ruamel's round trip keeps it.
    path.write_text("offers:\n  - id: alpha\n    notes: !private ask Jean\n")
    assert yaml_roundtrip.fast_parse(path.read_text()) is None
    assert locate(path, "alpha") == path


def test_the_example_is_read_by_the_fast_paths():
    text = Path(EXAMPLE).read_text()
    assert yaml_roundtrip.fast_has(text, "nordic-walking") is True
    assert yaml_roundtrip.fast_has(text, "no-such-offer") is False
