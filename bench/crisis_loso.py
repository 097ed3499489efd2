"""Leave-one-set-out for the whole crisis detector: how well it carries over to a new writer.

    python bench/crisis_loso.py                  # the 10 most recent sets, one fold each
    python bench/crisis_loso.py --last 3         # the 3 most recent
    python bench/crisis_loso.py --misses         # also list each fold's misses and alarms

For each of the most recent labelled sets (in the order they were written: TRAIN_SETS, then
the sets after it), the classifier is trained by bench/train_crisis_classifier.py's own
train() on every set written before it (never that set, never a later one), with the bank,
the everyday texts and whatever else the trainer adds, and the whole detector
(flows.crisis.detect: patterns, concepts, this classifier, the kind rule and the vetoes) is
run on the left-out set.

This is an UPPER BOUND on what a new writer's set would show, not a held-out figure: the
reviewed patterns and concept rules were tuned on every one of these sets (and the exemplar
bank holds wordings written after some of them). Only the classifier is left out. It measures
what the classifier adds for a writer it has not seen, and so which training changes help.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import train_crisis_classifier as trainer  # noqa: E402
from bench.crisis import KINDS, load  # noqa: E402
from flows import crisis, crisis_classifier, crisis_kind  # noqa: E402
from flows.crisis_classifier import CrisisClassifier  # noqa: E402

DATA = ROOT / "bench" / "data"
# The sets in the order they were written (and so joined the training).
ORDER = (*trainer.TRAIN_SETS, *[s for s in trainer.LATER_SETS if s not in trainer.TRAIN_SETS])


def with_classifier(model: CrisisClassifier):
    """Make flows.crisis.detect use `model` as its classifier (and kind check)."""
    crisis_classifier.default_classifier = lambda: model  # type: ignore[assignment]
    crisis_kind.default_classifier = lambda: model  # type: ignore[assignment]


def fold(held: str, show: bool, lexicon: bool = True) -> dict:
    earlier = ORDER[:ORDER.index(held)]
    sets = trainer.load_sets(earlier)
    config = {k: v for k, v in trainer.CHOSEN.items() if k != "threshold"}
    config["lexicon"] = config.get("lexicon", False) and lexicon
    start = time.time()
    model = CrisisClassifier(trainer.train(sets, config, trainer.CHOSEN["threshold"]))
    took = time.time() - start
    with_classifier(model)
    items = load(DATA / held)
    caught = dict.fromkeys(KINDS, 0)
    total = dict.fromkeys(KINDS, 0)
    fa = neg = right = 0
    alone = dict.fromkeys(KINDS, 0)  # the classifier alone (its own threshold), left-out set
    alone_fa = 0
    rows = []
    for text, kind in items:
        found = crisis.detect(text)
        heard = model.kind(text)
        if kind == "none":
            alone_fa += heard is not None
        else:
            alone[kind] += heard is not None
        rows.append({"text": text, "kind": kind, "found": found.kind if found else None,
                     "layer": found.layer if found else None})
        if kind == "none":
            neg += 1
            fa += found is not None
            if found is not None and show:
                print(f"  FALSE ALARM [{found.kind}/{found.layer}] {text}")
        else:
            total[kind] += 1
            caught[kind] += found is not None
            right += found is not None and found.kind == kind
            if found is None and show:
                print(f"  MISS [{kind}] {text}")
    return {"set": held, "trained_on": len(earlier), "train_s": round(took),
            "caught": caught, "total": total, "fa": fa, "neg": neg, "right": right,
            "alone": alone, "alone_fa": alone_fa, "rows": rows}


def cell(c: int, t: int) -> str:
    return f"{c / t:.1%}" if t else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--last", type=int, default=10, help="how many recent sets")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--json", type=Path, help="write every fold's verdicts here")
    parser.add_argument("--no-lexicon", action="store_true",
                        help="train without bench/crisis_lexicon.py's examples (to compare)")
    args = parser.parse_args(argv)
    results = []
    for held in ORDER[-args.last:]:
        print(f"\n## {held} (classifier trained on the {ORDER.index(held)} sets before it)")
        sys.stdout.flush()
        results.append(fold(held, args.misses, not args.no_lexicon))
    print("\n| left-out set | " + " | ".join(KINDS) + " | all | false alarms | right kind |")
    print("|---|" + "---:|" * (len(KINDS) + 3))
    sums = {"caught": dict.fromkeys(KINDS, 0), "total": dict.fromkeys(KINDS, 0),
            "alone": dict.fromkeys(KINDS, 0), "fa": 0, "neg": 0, "right": 0, "alone_fa": 0}
    for r in results:
        for k in KINDS:
            sums["caught"][k] += r["caught"][k]
            sums["total"][k] += r["total"][k]
            sums["alone"][k] += r["alone"][k]
        for k in ("fa", "neg", "right", "alone_fa"):
            sums[k] += r[k]
    for r in [*results, {**sums, "set": "**pooled**"}]:
        c, t = sum(r["caught"].values()), sum(r["total"].values())
        print(f"| {r['set']} | " + " | ".join(cell(r["caught"][k], r["total"][k]) for k in KINDS)
              + f" | {cell(c, t)} ({c}/{t}) | {cell(r['fa'], r['neg'])} ({r['fa']}/{r['neg']})"
              + f" | {cell(r['right'], c)} |")
    print("\nThe classifier alone (trained without the set), on the left-out set:\n")
    print("| left-out set | " + " | ".join(KINDS) + " | all | false alarms |")
    print("|---|" + "---:|" * (len(KINDS) + 2))
    for r in [*results, {**sums, "set": "**pooled**"}]:
        c, t = sum(r["alone"].values()), sum(r["total"].values())
        print(f"| {r['set']} | " + " | ".join(cell(r["alone"][k], r["total"][k]) for k in KINDS)
              + f" | {cell(c, t)} ({c}/{t}) | {cell(r['alone_fa'], r['neg'])} "
              + f"({r['alone_fa']}/{r['neg']}) |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
