"""Detection quality on real labelled messages and hosts, measured on what nothing was tuned on.

    .venv/bin/python benchmarks/eval_quality.py                 # every section
    .venv/bin/python benchmarks/eval_quality.py --only heldout loso --show-misses 10

Sections (each a figure per source and per language; recall = share of scam messages flagged
`medium` or `high`, FP = share of ordinary messages flagged):

- eval: ../shared/eval (messages and hosts). No text model or tactic was trained or tuned on it,
  but the first version's phrase list was written while looking at it: a smoke test.
- heldout: the `test` split of ../shared/train, which nothing is trained or tuned on, per source.
  Sources that may not ship (licence) are never trained on at all.
- loso: leave one source out. For each source the shipped model was trained on, the model is
  retrained without that source's examples and the engine (with that model) is run on the
  source's held-back `test` rows. Sources the model never saw count as out-of-source already.
- combiner: refits the calibrated combiner of bot/engine.py (CALIBRATED, CALIBRATED_MEDIUM) on
  out-of-source scores of the `train` split of ../shared/train (never its `test` split) and
  prints the weights and the threshold next to the shipped ones. Each source the model learnt
  from is scored by a model retrained without it, the others by the shipped model; the weights
  are fitted on the shippable sources' rows that the rules and the model's own threshold leave
  unflagged (each source and label weighing the same); the threshold is where rules, model and
  combiner (English only) flag --fp of the benign rows.
- calibrate: the text model's thresholds from leave-one-source-out probabilities on the
  training examples (benign false-alarm rates 2%, 1%, 0.5%, 0.2%), for MODEL_WEAK/MODEL_MEDIUM.

The knowledge base is the seed in knowledge/; the text model is bot/data/textmodel.json.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import engine, textmodel  # noqa: E402
from bot.engine import KnowledgeIndex, check  # noqa: E402
from bot.han import has_han  # noqa: E402
from bot.knowledge import load_dir  # noqa: E402
from bot.message import Message  # noqa: E402

FLAGGED = ("medium", "high")
Row = dict[str, str]


def _jsonl(path: Path) -> list[Row]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _lang(row: Row) -> str:
    return "zh" if str(row.get("lang", "en")).startswith("zh") else "en"


def _source(row: Row) -> str:
    return str(row.get("source", "?")).split(":")[0]


class Tally:
    """Flagged counts by (label, group); `table` gives recall and FP per group."""

    def __init__(self) -> None:
        self.n: Counter[tuple[str, str]] = Counter()
        self.hit: Counter[tuple[str, str]] = Counter()
        self.misses: list[tuple[str, str, str]] = []

    def add(self, label: str, groups: Iterable[str], flagged: bool, text: str, why: str) -> None:
        for g in groups:
            self.n[(label, g)] += 1
            self.hit[(label, g)] += flagged
        if (label == "scam") != flagged:
            self.misses.append((label, text[:160].replace("\n", " "), why))

    def table(self) -> dict[str, object]:
        out: dict[str, dict[str, object]] = {}
        for (label, g), n in sorted(self.n.items()):
            key = "recall" if label == "scam" else "fp"
            out.setdefault(g, {})[key] = (
                f"{self.hit[(label, g)]}/{n} = {self.hit[(label, g)] / n:.1%}"
            )
        result: dict[str, object] = dict(out)
        return result

    def show(self, k: int) -> None:
        rnd = random.Random(1)
        for label in ("scam", "benign"):
            picked = [m for m in self.misses if m[0] == label]
            rnd.shuffle(picked)
            kind = "missed scam" if label == "scam" else "false alarm"
            for _, text, why in picked[:k]:
                print(f"  {kind}: {text!r}  <- {why}", file=sys.stderr)


def run_rows(
    rows: Iterable[Row],
    idx: KnowledgeIndex,
    model: textmodel.TextModel | None,
    tally: Tally,
    groups: Callable[[Row], list[str]],
) -> None:
    for row in rows:
        v = check(Message(text=row["text"]), idx, model=model)
        why = "; ".join(f.detail for f in v.findings[:2])
        tally.add(row["label"], groups(row), v.risk in FLAGGED, row["text"], why)


def _by_source_and_lang(row: Row) -> list[str]:
    return [f"{_source(row)} [{_lang(row)}]", f"all [{_lang(row)}]", "all"]


def section_eval(idx: KnowledgeIndex, eval_dir: Path, show: int) -> dict[str, object]:
    rows = [
        {**r, "label": label}
        for label in ("scam", "benign")
        for r in _jsonl(eval_dir / "messages" / f"{label}.jsonl")
    ]
    tally = Tally()
    run_rows(rows, idx, textmodel.shipped(), tally, _by_source_and_lang)
    tally.show(show)
    hosts: dict[str, object] = {}
    for label in ("phishing", "legit"):
        names = (eval_dir / "domains" / f"{label}.txt").read_text().split()
        hit = sum(check(Message(text=f"https://{h}/"), idx).risk in FLAGGED for h in names)
        hosts[label] = f"{hit}/{len(names)} = {hit / max(len(names), 1):.1%}"
    return {"messages": tally.table(), "hosts": hosts}


def _train_rows(train_dir: Path, split: str) -> list[Row]:
    return [
        r
        for label in ("scam", "benign")
        for r in _jsonl(train_dir / "messages" / f"{label}.jsonl")
        if r["split"] == split
    ]


def section_heldout(idx: KnowledgeIndex, train_dir: Path, show: int) -> dict[str, object]:
    trained = _trained_origins()
    tally = Tally()

    def groups(row: Row) -> list[str]:
        learnt = any(row["source"].startswith(o) for o in trained)
        seen = "trained on its train split" if learnt else "never trained on"
        return [*_by_source_and_lang(row), f"sources {seen}"]

    run_rows(_train_rows(train_dir, "test"), idx, textmodel.shipped(), tally, groups)
    tally.show(show)
    return tally.table()


def _trained_origins() -> dict[str, str]:
    """origin (the train data's source) -> examples file stem, for the shipped example files."""
    out = {}
    for path in sorted(textmodel.EXAMPLES.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            meta = json.loads(f.readline()).get("_meta", {})
        if meta.get("origin"):
            out[str(meta["origin"])] = path.stem
    return out


def section_loso(idx: KnowledgeIndex, train_dir: Path, show: int) -> dict[str, object]:
    examples = textmodel.load_examples(textmodel.EXAMPLES)
    origins = _trained_origins()
    rows = _train_rows(train_dir, "test")
    tally = Tally()
    for origin, stem in origins.items():
        model = textmodel.train([e for e in examples if e.source != stem])
        mine = [r for r in rows if r["source"].startswith(origin)]
        run_rows(mine, idx, model, tally, _by_source_and_lang)
        print(f"  left out {origin}: {len(mine)} held-back rows", file=sys.stderr)
    shipped = textmodel.shipped()
    others = [r for r in rows if not any(r["source"].startswith(o) for o in origins)]
    run_rows(others, idx, shipped, tally, _by_source_and_lang)
    tally.show(show)
    return tally.table()


def _evidence_rows(
    idx: KnowledgeIndex, train_dir: Path
) -> list[tuple[Row, bool, list[float]]]:
    """(row, flagged without the combiner, combiner inputs) for every `train`-split row."""
    examples = textmodel.load_examples(textmodel.EXAMPLES)
    origins = _trained_origins()
    rows = _train_rows(train_dir, "train")
    models: dict[str, textmodel.TextModel | None] = {"": textmodel.shipped()}
    for origin, stem in origins.items():
        models[origin] = textmodel.train([e for e in examples if e.source != stem])
        print(f"  retrained without {origin}", file=sys.stderr)
    out = []
    for row in rows:
        origin = next((o for o in origins if row["source"].startswith(o)), "")
        model = models[origin]
        assert model is not None
        v = check(Message(text=row["text"]), idx, model=None)
        p, _, n = model.explain(row["text"])
        ids = ",".join(f.params.get("tactics", "") for f in v.findings if f.type == "tactic")
        parts = {i.split("_", 1)[0] for i in ids.split(",") if i}
        few = n < engine.MODEL_MIN_FEATURES
        q = min(max(p, 1e-9), 1.0 - 1e-9)
        logit = 0.0 if few else max(-6.0, min(6.0, math.log(q / (1.0 - q))))
        x = [1.0, logit, float(few), v.score or 0.0]
        x += [float(k in parts) for k in ("claim", "lure", "demand", "pressure")]
        # flagged without the combiner: by the rules, or by the model's own threshold
        alone = not few and p >= engine.model_thresholds(row["text"])[1]
        out.append((row, v.risk in FLAGGED or alone, x))
    return out


_COMBINER_INPUTS = ("bias", "model", "few", "evidence", "claim", "lure", "demand", "pressure")


def _logistic(xs: list[list[float]], ys: list[float], ws: list[float], l2: float) -> list[float]:
    """Weighted L2 logistic regression by Newton's method (a handful of inputs)."""
    k = len(xs[0])
    beta = [0.0] * k
    total = sum(ws)
    for _ in range(25):
        grad = [l2 * b if j else 0.0 for j, b in enumerate(beta)]
        hess = [[(l2 if i == j and i else 0.0) for j in range(k)] for i in range(k)]
        for x, y, w in zip(xs, ys, ws, strict=True):
            z = sum(b * v for b, v in zip(beta, x, strict=True))
            pr = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            c, h = w * (pr - y) / total, w * pr * (1.0 - pr) / total
            for i in range(k):
                grad[i] += c * x[i]
                for j in range(k):
                    hess[i][j] += h * x[i] * x[j]
        step = _solve(hess, grad)
        beta = [b - s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return beta


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a small, well-conditioned system)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[piv] = m[piv], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for j in range(c, n + 1):
                m[r][j] -= f * m[c][j]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][j] * x[j] for j in range(r + 1, n))) / m[r][r]
    return x


def _zh(row: Row) -> bool:
    return has_han(row["text"])


def section_combiner(idx: KnowledgeIndex, train_dir: Path, fp: float) -> dict[str, object]:
    data = _evidence_rows(idx, train_dir)
    origins = _trained_origins()
    fit = [(r, x) for r, flagged, x in data if not flagged and
           any(r["source"].startswith(o) for o in origins)]  # fmt: skip
    size = Counter((_source(r), r["label"]) for r, _ in fit)
    weights = [1.0 / size[(_source(r), r["label"])] for r, _ in fit]
    beta = _logistic([x for _, x in fit], [float(r["label"] == "scam") for r, _ in fit],
                     weights, 1e-3)  # fmt: skip
    # A sign's weight is never negative: more red flags never lower the score.
    beta = [b if i < 4 or b > 0 else 0.0 for i, b in enumerate(beta)]
    benign = [(flagged, x, _zh(r)) for r, flagged, x in data if r["label"] == "benign"]
    allowed = int(fp * len(benign)) - sum(flagged for flagged, _, _ in benign)
    lifted = sorted(  # the combiner lifts English only (see bot/engine.py)
        (sum(b * v for b, v in zip(beta, x, strict=True)) for f, x, zh in benign if not (f or zh)),
        reverse=True,
    )
    threshold = lifted[max(allowed, 0)] + 1e-6 if allowed >= 0 else float("inf")

    def flagged_share(label: str, shipped: bool) -> str:
        rows = [(f, x, _zh(r)) for r, f, x in data if r["label"] == label]
        w = beta if not shipped else [engine.CALIBRATED[k] for k in _COMBINER_INPUTS]
        t = threshold if not shipped else engine.CALIBRATED_MEDIUM
        hit = sum(
            f or (not zh and sum(b * v for b, v in zip(w, x, strict=True)) >= t)
            for f, x, zh in rows
        )
        return f"{hit}/{len(rows)} = {hit / max(len(rows), 1):.1%}"

    return {
        "fitted": {k: round(b, 3) for k, b in zip(_COMBINER_INPUTS, beta, strict=True)},
        "fitted threshold": round(threshold, 3),
        "shipped": dict(engine.CALIBRATED),
        "shipped threshold": engine.CALIBRATED_MEDIUM,
        "train split, fitted": {
            "recall": flagged_share("scam", False),
            "fp": flagged_share("benign", False),
        },
        "train split, shipped": {
            "recall": flagged_share("scam", True),
            "fp": flagged_share("benign", True),
        },
    }


def section_calibrate() -> dict[str, object]:
    examples = textmodel.load_examples(textmodel.EXAMPLES)
    scored: list[tuple[str, str, float]] = []
    for group in sorted({textmodel.source_group(e.source) for e in examples}):
        model = textmodel.train([e for e in examples if textmodel.source_group(e.source) != group])
        scored += [
            (e.label, group, model.score(e.text)[0])
            for e in examples
            if textmodel.source_group(e.source) == group
        ]
    benign = sorted(p for label, _, p in scored if label == "benign")
    scams = [p for label, _, p in scored if label == "scam"]
    out: dict[str, object] = {}
    for rate in (0.02, 0.01, 0.005, 0.002):
        threshold = benign[min(int(len(benign) * (1 - rate)), len(benign) - 1)]
        recall = sum(p >= threshold for p in scams) / len(scams)
        out[f"benign {rate:.1%}"] = {"threshold": round(threshold, 3), "recall": round(recall, 3)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--train-dir", default=str(ROOT.parent / "shared" / "train"))
    ap.add_argument("--knowledge", default=str(ROOT / "knowledge"))
    ap.add_argument("--only", nargs="*", default=["eval", "heldout", "loso", "calibrate"])
    ap.add_argument("--show-misses", type=int, default=0)
    ap.add_argument("--fp", type=float, default=0.0084, help="combiner: benign share flagged")
    args = ap.parse_args()
    started = time.perf_counter()
    idx = KnowledgeIndex.build(load_dir(Path(args.knowledge)))
    result: dict[str, object] = {}
    for name in args.only:
        print(f"{name}...", file=sys.stderr)
        if name == "eval":
            result[name] = section_eval(idx, Path(args.eval_dir), args.show_misses)
        elif name == "heldout":
            result[name] = section_heldout(idx, Path(args.train_dir), args.show_misses)
        elif name == "loso":
            result[name] = section_loso(idx, Path(args.train_dir), args.show_misses)
        elif name == "combiner":
            result[name] = section_combiner(idx, Path(args.train_dir), args.fp)
        elif name == "calibrate":
            result[name] = section_calibrate()
        else:
            ap.error(f"unknown section {name}")
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
