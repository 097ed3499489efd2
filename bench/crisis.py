"""Crisis detection benchmark: recall per kind, false alarms, and latency per message.

    python bench/crisis.py                    # bench/data/crisis*.yaml, each file on its own
    python bench/crisis.py FILE [FILE ...]    # other labelled sets in the same format
    python bench/crisis.py --misses           # also list every miss and false alarm
    python bench/crisis.py --cpu-time         # latency as CPU time of this thread (a busy
                                              # shared machine inflates wall-clock p99)

A labelled set is a YAML list of {text, kind}; kind is one of flows.safety.CRISIS_KINDS or
"none". The shipped detector (patterns, then the concept rules, then the learned classifier)
is compared in the same run with each layer alone, with a plain keyword baseline, and with
the old third layer (the exemplar net, bench/crisis_net_baseline.py) in the classifier's
place. Latency is measured per message on one core, the classifier already loaded (it is
loaded once when the server starts).
Targets (issue 13): recall 100% for suicide, self-harm and medical, >= 98% overall;
false alarms <= 2%; p99 <= 20 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crisis_net_baseline import default_net  # noqa: E402
from flows import crisis, crisis_concepts, safety  # noqa: E402
from flows.crisis_classifier import classifier_kind, default_classifier  # noqa: E402

KINDS = safety.CRISIS_KINDS
MUST_BE_PERFECT = ("suicide", "self-harm", "medical")
# A simple baseline: the words a first keyword list would hold.
_KEYWORDS = ("suicide", "suicidal", "kill myself", "end my life", "want to die", "overdose",
             "self harm", "cutting myself", "cant breathe", "chest pain", "unconscious",
             "not breathing", "collapsed", "stroke", "rape", "raped", "hit me", "abuse")


def keyword_baseline(text: str) -> str | None:
    norm = safety.normalise(text)
    return "suicide" if any(k in norm for k in _KEYWORDS) else None


def patterns_only(text: str) -> str | None:
    return safety.crisis_kind(text)


def concepts_only(text: str) -> str | None:
    return crisis_concepts.concept_kind(text)


def net_only(text: str) -> str | None:
    return default_net().judge(text).kind


def shipped(text: str) -> str | None:
    found = crisis.detect(text)
    return found.kind if found else None


def classifier_only(text: str) -> str | None:
    return classifier_kind(text)


def patterns_concepts_old_net(text: str) -> str | None:
    """The detector before round 4: the exemplar net in the classifier's place."""
    return (safety.crisis_kind(text) or crisis_concepts.concept_kind(text)
            or net_only(text))


DETECTORS: dict[str, Callable[[str], str | None]] = {
    "keywords (baseline)": keyword_baseline,
    "patterns only": patterns_only,
    "concepts only": concepts_only,
    "old net only": net_only,
    "classifier only": classifier_only,
    "patterns+concepts+old net": patterns_concepts_old_net,
    "all layers (shipped)": shipped,
}


def load(path: Path) -> list[tuple[str, str]]:
    items = yaml.safe_load(path.read_text("utf-8"))
    out = []
    for n, item in enumerate(items, 1):
        kind = str(item["kind"])
        if kind not in (*KINDS, "none"):
            raise SystemExit(f"{path}: item {n}: unknown kind {kind!r}")
        out.append((str(item["text"]), kind))
    return out


CLOCK: Callable[[], float] = time.perf_counter


def evaluate(items: list[tuple[str, str]], detect: Callable[[str], str | None]) -> dict:
    caught: dict[str, int] = dict.fromkeys(KINDS, 0)
    totals: dict[str, int] = dict.fromkeys(KINDS, 0)
    right_kind = 0
    false_alarms = 0
    negatives = 0
    misses: list[tuple[str, str]] = []
    alarms: list[tuple[str, str]] = []
    times: list[float] = []
    for text, kind in items:
        start = CLOCK()
        found = detect(text)
        times.append((CLOCK() - start) * 1000)
        if kind == "none":
            negatives += 1
            if found is not None:
                false_alarms += 1
                alarms.append((text, found))
            continue
        totals[kind] += 1
        if found is None:
            misses.append((text, kind))
        else:
            caught[kind] += 1
            right_kind += found == kind
    times.sort()
    positives = sum(totals.values())
    return {
        "recall": {k: (caught[k], totals[k]) for k in KINDS},
        "overall": (sum(caught.values()), positives),
        "right_kind": (right_kind, sum(caught.values())),
        "false_alarms": (false_alarms, negatives),
        "p50": statistics.median(times) if times else 0.0,
        "p99": times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0.0,
        "misses": misses, "alarms": alarms,
    }


def pct(pair: tuple[int, int]) -> str:
    done, total = pair
    return f"{done / total:.1%} ({done}/{total})" if total else "-"


def report(path: Path, items: list[tuple[str, str]], show_misses: bool) -> bool:
    print(f"\n## {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
          f"{len(items)} messages, {sum(k != 'none' for _, k in items)} crises")
    results = {name: evaluate(items, fn) for name, fn in DETECTORS.items()}
    names = list(results)
    print("| recall | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for kind in KINDS:
        print(f"| {kind} | " + " | ".join(pct(results[n]["recall"][kind]) for n in names) + " |")
    print("| **all crises** | " + " | ".join(pct(results[n]["overall"]) for n in names) + " |")
    print("| right kind of help (of caught) | "
          + " | ".join(pct(results[n]["right_kind"]) for n in names) + " |")
    print("| false alarms on non-crises | "
          + " | ".join(pct(results[n]["false_alarms"]) for n in names) + " |")
    print("| p50 / p99 ms per message | "
          + " | ".join(f"{results[n]['p50']:.2f} / {results[n]['p99']:.2f}" for n in names)
          + " |")
    best = results["all layers (shipped)"]
    ok = all(best["recall"][k][0] == best["recall"][k][1] for k in MUST_BE_PERFECT)
    done, total = best["overall"]
    fa, negatives = best["false_alarms"]
    ok = ok and (done >= 0.98 * total) and (fa <= 0.02 * negatives) and best["p99"] <= 20
    print(f"\nTargets met: {'yes' if ok else 'NO'}")
    if show_misses:
        for text, kind in best["misses"]:
            print(f"  MISS  [{kind}] {text}")
        for text, kind in best["alarms"]:
            print(f"  FALSE ALARM  [{kind}] {text}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--misses", action="store_true", help="list misses and false alarms")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time each message by this thread's CPU time, not the wall clock")
    args = parser.parse_args(argv)
    global CLOCK
    CLOCK = time.thread_time if args.cpu_time else time.perf_counter
    files = args.files or sorted((ROOT / "bench" / "data").glob("crisis*.yaml"))
    default_net()  # built once, as the classifier is loaded once in the server
    default_classifier()
    ok = True
    for path in files:
        ok = report(path.resolve(), load(path), args.misses) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
