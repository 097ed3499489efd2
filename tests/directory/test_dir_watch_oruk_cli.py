"""Live reload, Open Referral UK round trip and the directory command line."""

import argparse
import asyncio
import json
import subprocess
import sys
from pathlib import Path

from bot.cli_directory import register
from directory.loader import load_directory
from directory.oruk import export_oruk, html_to_text, import_oruk
from directory.watch import DirectoryWatcher

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory" / "example" / "offers.yaml"
GOOD = """\
offers:
  - id: knit
    name: Knit and Natter
    schedule:
      - {freq: WEEKLY, byday: [TH], opens_at: "14:00"}
"""


async def test_watcher_reloads_and_keeps_last_good(tmp_path):
    f = tmp_path / "offers.yaml"
    f.write_text(GOOD)
    errors = []
    w = DirectoryWatcher(f, on_error=errors.append, interval=0.1)
    await w.start()
    try:
        f.write_text(GOOD.replace("Knit and Natter", "Knit Club"))
        for _ in range(20):
            await asyncio.sleep(0.1)
            if w.current.offers[0].name == "Knit Club":
                break
        assert w.current.offers[0].name == "Knit Club"
        f.write_text(GOOD.replace('"14:00"', '"25:00"') + "  - [")
        for _ in range(20):
            await asyncio.sleep(0.1)
            if errors:
                break
        assert errors and "offers.yaml" in str(errors[0][0])
        assert w.current.offers[0].name == "Knit Club"  # last good one still serves
    finally:
        await w.stop()


async def test_reload_on_request(tmp_path):
    f = tmp_path / "offers.yaml"
    f.write_text(GOOD)
    w = DirectoryWatcher(f)
    f.write_text(GOOD + "  - id: walk\n    name: Walk\n")
    assert await w.reload() and len(w.current.offers) == 2
    assert w.current._index is not None  # indexed in the worker thread, not on first search
    f.write_text("offers: [")
    assert not await w.reload() and len(w.current.offers) == 2


FEED = [
    {"id": "a1", "name": "Stitch <b>Club</b>", "status": "active",
     "description": "<p>Knitting &amp; crochet for all.</p><ul><li>Tea</li></ul>",
     "organization": {"id": "o1", "name": "Hall Trust"}, "url": "https://example.org/s",
     "regular_schedules": [{"freq": "WEEKLY", "byday": "TU,TH", "opens_at": "10:00:00",
                            "closes_at": "12:00:00"}],
     "contacts": [{"name": "Pat", "phones": [{"number": "01632 960999"}]}],
     "pc_targetAudience": [{"id": "Older", "audienceType": "Older people"}]},
    {"id": "a2", "name": "Old Lunch", "status": "defunct", "description": "Food and company"},
    {"id": "a3", "name": "", "status": "active", "description": "<p><br></p>"},
]


def test_oruk_import_then_export_round_trip(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(FEED))
    out = tmp_path / "offers.yaml"
    out.write_text(import_oruk(feed).yaml)
    d = load_directory(out)
    assert [o.name for o in d.offers] == ["Stitch Club", "Old Lunch"]
    stitch = d.offers[0]
    assert stitch.description == "Knitting & crochet for all. Tea"
    assert stitch.organization == "Hall Trust"
    assert "arts-crafts" in stitch.categories
    assert stitch.schedule[0].byday == ["TU", "TH"] and stitch.schedule[0].opens_at == "10:00"
    assert stitch.contact.phone == "01632 960999"
    assert d.offers[1].status == "ended"
    exported = export_oruk(d)
    assert exported[0]["name"] == "Stitch Club"
    assert exported[0]["regular_schedules"][0]["byday"] == "TU,TH"
    assert exported[1]["status"] == "defunct"
    feed2 = tmp_path / "feed2.json"
    feed2.write_text(json.dumps(exported))
    out2 = tmp_path / "again.yaml"
    out2.write_text(import_oruk(feed2).yaml)
    again = load_directory(out2)
    assert [(o.name, o.status, o.schedule) for o in again.offers] == \
           [(o.name, o.status, o.schedule) for o in d.offers]


def test_html_to_text():
    assert html_to_text("<p>A&nbsp;b</p><p>c<br>d</p>") == "A b c d"


def _run(argv, stdin=""):
    return subprocess.run([sys.executable, "-m", "bot", *argv], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, timeout=60)


def test_cli_search_json_from_stdin():
    r = _run(["directory", "search", "--directory", str(EXAMPLE), "--json"],
             "nitting group thursday?\ngolf\n")
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert lines[0]["query"] == "nitting group thursday?"
    assert lines[0]["results"][0]["id"] == "knit-and-natter"
    assert lines[1] == {"query": "golf", "results": []}


def test_cli_check_reports_problems_with_exit_1(tmp_path):
    bad = tmp_path / "offers.yaml"
    bad.write_text(GOOD.replace('"14:00"', '"25:00"'))
    r = _run(["directory", "check", "--directory", str(bad)])
    assert r.returncode == 1
    assert "offers.yaml:5:" in r.stderr and "'25:00' is not a time" in r.stderr
    assert "Traceback" not in r.stderr
    ok = _run(["directory", "check", "--directory", str(EXAMPLE)])
    assert ok.returncode == 0 and "Not reviewed for 6 months" in ok.stdout
    assert "driving-volunteers" in ok.stdout.split("No way to get in touch")[1]


def test_cli_funcs_directly(tmp_path):
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    out = tmp_path / "feed.json"
    args = parser.parse_args(["directory", "export-oruk", "--directory", str(EXAMPLE),
                              "--out", str(out)])
    assert args.func(args) == 0
    assert len(json.loads(out.read_text())) == len(load_directory(EXAMPLE).offers)
    args = parser.parse_args(["directory", "import-oruk", str(tmp_path / "missing.json"),
                              "--out", str(tmp_path / "x.yaml")])
    assert args.func(args) == 1


def _feed(tmp_path, name, services):
    path = tmp_path / name
    path.write_text(json.dumps(services))
    return path


SHARED_NAMES = [{"id": "x1", "name": "Lunch Club", "description": "A hot meal"},
                {"id": "x2", "name": "Tai Chi", "description": "Gentle"}]


def test_two_feeds_in_one_folder_load_with_ids_numbered(tmp_path):
    folder = tmp_path / "directory"
    folder.mkdir()
    a = _feed(tmp_path, "a.json", SHARED_NAMES)
    b = _feed(tmp_path, "b.json", SHARED_NAMES + [{"id": "x3", "name": "Tai Chi"}])
    first = _run(["directory", "import-oruk", str(a), "--out", str(folder / "a.yaml")])
    assert first.returncode == 0, first.stderr
    second = _run(["directory", "import-oruk", str(b), "--out", str(folder / "b.yaml")])
    assert second.returncode == 0, second.stderr
    assert "lunch-club -> lunch-club-2" in second.stdout and "--prefix" in second.stdout
    d = load_directory(folder)
    assert sorted(o.id for o in d.offers) == [
        "lunch-club", "lunch-club-2", "tai-chi", "tai-chi-2", "tai-chi-3"]
    # Importing the same feed again replaces its file: its own ids are not "taken".
    again = _run(["directory", "import-oruk", str(b), "--out", str(folder / "b.yaml")])
    assert again.returncode == 0 and len(load_directory(folder).offers) == 5


def test_prefix_starts_every_id(tmp_path):
    folder = tmp_path / "directory"
    folder.mkdir()
    a = _feed(tmp_path, "a.json", SHARED_NAMES)
    assert _run(["directory", "import-oruk", str(a), "--out", str(folder / "a.yaml"),
                 "--prefix", "Bristol"]).returncode == 0
    r = _run(["directory", "import-oruk", str(a), "--out", str(folder / "b.yaml"),
              "--prefix", "north lincs"])
    assert r.returncode == 0 and "numbered" not in r.stdout
    assert sorted(o.id for o in load_directory(folder).offers) == [
        "bristol-lunch-club", "bristol-tai-chi", "north-lincs-lunch-club", "north-lincs-tai-chi"]
    bad = _run(["directory", "import-oruk", str(a), "--out", str(folder / "c.yaml"),
                "--prefix", "!!"])
    assert bad.returncode == 2 and "--prefix" in bad.stderr and "Traceback" not in bad.stderr


def test_import_never_breaks_the_folder_it_joins(tmp_path):
    folder = tmp_path / "directory"
    folder.mkdir()
    (folder / "ours.yaml").write_text(GOOD)
    broken_vocab = GOOD.replace("offers:", "vocabulary: {needs: 3}\noffers:", 1).replace(
        "id: knit", "id: knit-two")
    (folder / "extra.yaml").write_text(broken_vocab)
    a = _feed(tmp_path, "a.json", SHARED_NAMES)
    r = _run(["directory", "import-oruk", str(a), "--out", str(folder / "new.yaml")])
    assert r.returncode == 1 and "Nothing written" in r.stderr and "Traceback" not in r.stderr
    assert not (folder / "new.yaml").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["extra.yaml", "ours.yaml"]
    # A hand-written file is never overwritten by an import.
    r = _run(["directory", "import-oruk", str(a), "--out", str(folder / "ours.yaml")])
    assert r.returncode == 1 and "not written by import-oruk" in r.stderr
    assert (folder / "ours.yaml").read_text() == GOOD


def test_check_suggests_a_fix_for_duplicate_ids(tmp_path):
    folder = tmp_path / "directory"
    folder.mkdir()
    (folder / "a.yaml").write_text(GOOD)
    (folder / "b.yaml").write_text(GOOD)
    r = _run(["directory", "check", "--directory", str(folder)])
    assert r.returncode == 1
    assert "duplicate id 'knit'" in r.stderr and "'knit-2'" in r.stderr
    assert "--prefix" in r.stderr
