"""Write-back benchmark: how long one save of the example directory takes, before vs after.

Run: python bench/writeback.py [--saves 15] [--baseline REF]
"Before" is directory/writeback.py as it was at REF (default: the commit before the speed-up),
loaded from `git show` into a temp module; "after" is the working tree's. Both save the same
edits to their own tmp copy of directory/example/offers.yaml in the same run, and the files
they write are compared byte for byte after every save.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directory import writeback  # noqa: E402

EXAMPLE = ROOT / "directory" / "example" / "offers.yaml"
BASELINE = "639ce0d164c742d8f00ab3c601edb09c80a5512d"  # last commit before the speed-up
TODAY = dt.date(2026, 11, 3)
SCHEDULES = ([{"freq": "WEEKLY", "byday": ["TU"], "opens_at": "14:00", "closes_at": "15:30"}],
             [{"freq": "MONTHLY", "byday": ["1TH"], "opens_at": "10:00"}])


def baseline_module(ref: str, folder: Path) -> ModuleType:
    """directory/writeback.py at `ref`, imported as its own module."""
    source = subprocess.run(["git", "show", f"{ref}:directory/writeback.py"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    path = folder / "writeback_baseline.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("writeback_baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def edits(wb: ModuleType, n: int) -> dict[str, Callable[[Path], Any]]:
    """The n-th edit of each kind, as calls on module `wb` (each one changes the file)."""
    return {
        "save: notice (1 line)": lambda p: wb.apply_changes(
            p, [wb.Change("nordic-walking", "notice", f"No session on Fri {n}.")], today=TODAY),
        "save: schedule + location": lambda p: wb.apply_changes(p, [
            wb.Change("buggy-walk", "schedule", SCHEDULES[n % 2]),
            wb.Change("buggy-walk", "location", {"name": f"Hall {n}", "postcode": "MB2 3FH"})],
            today=TODAY),
        "save: two offers at once": lambda p: wb.apply_changes(p, [
            wb.Change("millbrook-health-walk", "notice", f"Meet at the gates {n}."),
            wb.Change("saturday-strollers", "status", ("full", "active")[n % 2])], today=TODAY),
        "read_offer": lambda p: wb.read_offer(p, "gentle-yoga"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=15, help="timed saves per row and side")
    parser.add_argument("--baseline", default=BASELINE, help="git ref of the 'before' code")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sides = {"before": baseline_module(args.baseline, folder), "after": writeback}
        files = {}
        for name in sides:
            (folder / name).mkdir()
            files[name] = folder / name / "offers.yaml"
            shutil.copyfile(EXAMPLE, files[name])
        times: dict[tuple[str, str], list[float]] = {}
        identical = True
        for n in range(args.saves + 1):  # save 0 warms up and is not timed
            for name, wb in sides.items():
                for row, edit in edits(wb, n).items():
                    start = time.perf_counter()
                    edit(files[name])
                    if n:
                        times.setdefault((row, name), []).append(time.perf_counter() - start)
            identical &= files["before"].read_bytes() == files["after"].read_bytes()
    rows = list(edits(writeback, 0))
    print(f"write-back on {EXAMPLE.relative_to(ROOT)} ({len(EXAMPLE.read_text().splitlines())} "
          f"lines), median of {args.saves}; before = {args.baseline[:10]}")
    print(f"{'':28s} {'before ms':>10s} {'after ms':>10s} {'speed-up':>9s}")
    for row in rows:
        before = statistics.median(times[(row, "before")]) * 1000
        after = statistics.median(times[(row, "after")]) * 1000
        print(f"{row:28s} {before:10.1f} {after:10.1f} {before / after:8.1f}x")
    print(f"files written by before and after identical after every round: "
          f"{'yes' if identical else 'NO'}")


if __name__ == "__main__":
    main()
