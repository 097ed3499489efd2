"""Safe write-back: only the offer's lines change, concurrent edits survive, kills never
leave a broken file; and the value parsers."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from listings_helpers import copy_example

from directory import edits
from directory.loader import load_directory
from directory.writeback import Change, apply_changes

TODAY = dt.date(2026, 11, 3)
ROOT = Path(__file__).resolve().parent.parent


def test_comments_and_untouched_offers_stay_byte_for_byte(tmp_path):
    path = copy_example(tmp_path)
    before = path.read_text()
    apply_changes(path, [Change("nordic-walking", "status", "active")], today=TODAY)
    after = path.read_text()
    b, a = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(a) == len(b)
    diff = [(x, y) for x, y in zip(b, a, strict=True) if x != y]
    assert diff == [
        ("    status: full  # waiting list only until the spring course\n",
         "    status: active  # waiting list only until the spring course\n"),
        ("    last_reviewed: 2026-09-01\n", "    last_reviewed: 2026-11-03\n")]


def test_a_wide_flow_mapping_elsewhere_in_the_same_offer_is_kept(tmp_path):
    path = copy_example(tmp_path)
    before = path.read_text()
    wrapped = next(i for i, line in enumerate(before.splitlines())
                   if line.rstrip().endswith('closes_at: "21:00",'))
    owner = [x for x in before.splitlines()[:wrapped] if x.startswith("  - id:")][-1]
    offer = owner.split("id: ")[1].strip()
    apply_changes(path, [Change(offer, "notice", "No session on Fri 25 Dec 2026.")],
                  today=TODAY)
    after = path.read_text()
    assert '"21:00",\n         description: Phone and text support}' in after
    assert len(after.splitlines()) == len(before.splitlines()) + 1


@pytest.mark.slow
def test_two_champions_saving_at_the_same_moment_both_survive(tmp_path):
    path = copy_example(tmp_path)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def edit(offer_id: str, notice: str) -> None:
        try:
            for n in range(8):
                barrier.wait()
                apply_changes(path, [Change(offer_id, "notice", f"{notice} {n}")], today=TODAY)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=("millbrook-health-walk", "A")),
               threading.Thread(target=edit, args=("saturday-strollers", "B"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    d = load_directory(path)
    assert d.get("millbrook-health-walk").notice == "A 7"  # type: ignore[union-attr]
    assert d.get("saturday-strollers").notice == "B 7"  # type: ignore[union-attr]


SAVER = """
import datetime as dt, sys
from directory.writeback import Change, apply_changes
path, offer = sys.argv[1], sys.argv[2]
n = 0
while True:
    n += 1
    apply_changes(path, [Change(offer, "notice", f"{offer} {n}")], today=dt.date(2026, 11, 3))
    print(n, flush=True)
"""


@pytest.mark.slow
def test_two_processes_editing_the_same_file_both_survive(tmp_path):
    path = copy_example(tmp_path)
    script = tmp_path / "saver.py"
    script.write_text(SAVER.replace("while True:", "while n < 4:"))
    procs = [subprocess.Popen([sys.executable, str(script), str(path), offer], cwd=ROOT,
                              stdout=subprocess.DEVNULL)
             for offer in ("millbrook-health-walk", "saturday-strollers")]
    for p in procs:
        assert p.wait(timeout=60) == 0
    d = load_directory(path)
    assert d.get("millbrook-health-walk").notice == "millbrook-health-walk 4"  # type: ignore[union-attr]
    assert d.get("saturday-strollers").notice == "saturday-strollers 4"  # type: ignore[union-attr]


@pytest.mark.slow
def test_a_kill_during_saves_never_leaves_a_broken_file(tmp_path):
    path = copy_example(tmp_path)
    script = tmp_path / "saver.py"
    script.write_text(SAVER)
    deadline = time.monotonic() + 15
    kills = 0
    while kills < 8 and time.monotonic() < deadline:
        proc = subprocess.Popen([sys.executable, str(script), str(path), "buggy-walk"],
                                cwd=ROOT, stdout=subprocess.PIPE)
        assert proc.stdout is not None
        proc.stdout.readline()  # at least one save done: now it is saving in a loop
        time.sleep(0.01 * (kills % 5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        kills += 1
        d = load_directory(path)  # never a broken file
        notice = d.get("buggy-walk").notice  # type: ignore[union-attr]
        assert notice is not None and notice.startswith("buggy-walk ")
    assert kills >= 3


@pytest.mark.parametrize("said,expected", [
    ("2pm", ("14:00", None)), ("14:00-15:30", ("14:00", "15:30")),
    ("2-3.30pm", ("14:00", "15:30")), ("11-1pm", ("11:00", "13:00")),
    ("10am to 12", ("10:00", "12:00")), ("7pm till 8.30", ("19:00", "20:30")),
])
def test_times(said, expected):
    assert edits.parse_times(said) == expected


@pytest.mark.parametrize("said,expected", [
    ("Tuesdays 2-3.30pm", {"freq": "WEEKLY", "byday": ["TU"], "opens_at": "14:00",
                           "closes_at": "15:30"}),
    ("every other Tuesday 10am", {"freq": "WEEKLY", "byday": ["TU"], "interval": 2,
                                  "opens_at": "10:00"}),
    ("first Thursday of the month 2pm", {"freq": "MONTHLY", "byday": ["1TH"],
                                         "opens_at": "14:00"}),
    ("2nd and 4th Wednesday 10-12", {"freq": "MONTHLY", "byday": ["2WE", "4WE"],
                                     "opens_at": "10:00", "closes_at": "12:00"}),
])
def test_schedules(said, expected):
    assert edits.parse_schedule(said) == expected


@pytest.mark.parametrize("said,expected", [
    ("24 Dec", dt.date(2026, 12, 24)), ("24th December", dt.date(2026, 12, 24)),
    ("Dec 24", dt.date(2026, 12, 24)), ("24/12", dt.date(2026, 12, 24)),
    ("3 Jan", dt.date(2027, 1, 3)), ("tomorrow", dt.date(2026, 11, 4)),
    ("Thursday", dt.date(2026, 11, 5)),
])
def test_dates(said, expected):
    assert edits.parse_date(said, TODAY) == expected


def test_off_notices_add_up_and_go_when_passed():
    notice = edits.add_off(edits.add_off("Bring a mug", dt.date(2026, 12, 24)),
                           dt.date(2026, 12, 31))
    assert notice == "Bring a mug. No sessions on Thu 24 Dec 2026 and Thu 31 Dec 2026."
    assert edits.drop_passed_offs(notice, dt.date(2026, 12, 25)) == (
        "Bring a mug. No session on Thu 31 Dec 2026.")
    assert edits.drop_passed_offs(notice, dt.date(2027, 1, 1)) == "Bring a mug."
    assert edits.drop_passed_offs("No session on Thu 24 Dec 2026.", dt.date(2027, 1, 1)) is None
