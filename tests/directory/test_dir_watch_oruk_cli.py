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


def test_reload_now_sync(tmp_path):
    f = tmp_path / "offers.yaml"
    f.write_text(GOOD)
    w = DirectoryWatcher(f)
    f.write_text(GOOD + "  - id: walk\n    name: Walk\n")
    assert w.reload_now() and len(w.current.offers) == 2
    f.write_text("offers: [")
    assert not w.reload_now() and len(w.current.offers) == 2


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
