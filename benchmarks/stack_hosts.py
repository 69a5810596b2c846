"""A non-linear second stage over the host model (issue 11, branch hhost15): a small
gradient-boosted tree ensemble over the logistic model's out-of-fold score, split into its
parts (ending and shape, words, word-by-ending crosses, letter n-grams), and dense features of
the name (lengths, digits, hyphens, labels, vowel and consonant runs, letter entropy, private
hosting platform). Chosen on the train part's out-of-fold scores and on dev only.

    .venv/bin/python benchmarks/stack_hosts.py oof     # ~4-8 CPU min: 3 logistic fits
    .venv/bin/python benchmarks/stack_hosts.py stack [--sample N] [--trees 100 --depth 4]

`oof` learns a logistic model on two folds of the train part exactly as the trainer does
(bot/hostmodel_train.train), scores the third, and writes each train host's score parts
(and dev's, by the shipped artefact, the model learnt on the whole train part) to a cache.
`stack` learns the trees on the out-of-fold parts and reports, at the trainer's threshold rule
(at most 0.2% of legitimate and 0.5% of crypto legitimate hosts asked about above it):
- out of fold twice over: trees learnt on two folds' out-of-fold parts, scoring the third;
- on dev: trees learnt on all train out-of-fold parts, over the shipped model's dev parts.
Model alone; check()'s rules are not run. Needs the `train` extra.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import hostmodel_train as ht  # noqa: E402
from bot.hostmodel import _WORDS, HostModel, _shape, split_host  # noqa: E402
from bot.indicators import ICANN  # noqa: E402

CACHE = Path("/tmp/hhost15-stack-cache.json.gz")
VOWELS = frozenset("aeiouy")
FEATURES = (
    "z", "z_shape", "z_words", "z_cross", "z_grams", "len", "reg_len", "labels", "digits",
    "hyphens", "reg_hyphens", "reg_digits", "words", "max_cons", "max_vowel", "vowel_ratio",
    "entropy", "private", "suffix_len", "max_word_w", "min_word_w",
)


def parts(model: HostModel, host: str) -> list[float]:
    """The logistic score's sum split by feature group: bias + ending and shape, words, the
    words beside their ending, letter n-grams (the same sum as HostModel.score)."""
    name, suffix = split_host(host)
    p = f"^{name}$"
    n = len(p)
    grams = [p[i: i + k] for k in (3, 4, 5) for i in range(n - k + 1)]
    words = _WORDS.findall(name)
    zs = model.bias + sum(model.weights.get(f, 0.0) for f in _shape(name, suffix))
    ww = [model._words.get(w, 0.0) for w in words]
    crosses = model._crosses.get(suffix, {})
    zx = sum(crosses.get(w, 0.0) for w in words)
    zg = sum(model._grams.get(g, 0.0) for g in grams)
    zw = sum(ww)
    return [zs + zw + zx + zg, zs, zw, zx, zg, max(ww, default=0.0), min(ww, default=0.0)]


def _runs(name: str) -> tuple[int, int]:
    cons = vow = best_c = best_v = 0
    for ch in name:
        if ch.isalpha():
            if ch in VOWELS:
                vow, cons = vow + 1, 0
            else:
                cons, vow = cons + 1, 0
        else:
            cons = vow = 0
        best_c, best_v = max(best_c, cons), max(best_v, vow)
    return best_c, best_v


def dense(host: str, z: Sequence[float]) -> list[float]:
    """The second stage's inputs, in FEATURES' order."""
    name, suffix = split_host(host)
    reg = name.rpartition(".")[2]
    letters = [c for c in name if c.isalpha()]
    counts: dict[str, int] = {}
    for c in name:
        counts[c] = counts.get(c, 0) + 1
    size = max(len(name), 1)
    entropy = -sum(v / size * math.log2(v / size) for v in counts.values())
    cons, vow = _runs(name)
    private = float("." in suffix and _private(suffix))
    return [
        z[0], z[1], z[2], z[3], z[4], len(name), len(reg), name.count(".") + 1 if name else 0,
        sum(c.isdigit() for c in name), name.count("-"), reg.count("-"),
        sum(c.isdigit() for c in reg), len(_WORDS.findall(name)), cons, vow,
        sum(c in VOWELS for c in letters) / max(len(letters), 1), entropy, private,
        len(suffix), z[5], z[6],
    ]


_PRIVATE: dict[str, bool] = {}


def _private(suffix: str) -> bool:
    """Whether a suffix is a hosting platform's (vercel.app), not a registry's (co.uk)."""
    if suffix not in _PRIVATE:
        _PRIVATE[suffix] = ICANN.publicsuffix(suffix, accept_unknown=False) != suffix
    return _PRIVATE[suffix]


def oof(args: argparse.Namespace) -> int:
    started = time.process_time()
    phishing_all = ht.load_phishing(Path(args.train_dir))
    legit = ht.load_legit()
    is_official = ht.official(legit)
    phishing = [h for h, p in phishing_all if p == "train"]
    general = [h for h, p, s in legit if p == "train" and s == "hstspreload"]
    crypto = [h for h, p, s in legit if p == "train" and s != "hstspreload"]
    rows: list[tuple[str, int, int, int, int, list[float]]] = []  # host, y, crypto, fold, asked
    for k in range(args.folds):
        def out(hosts: list[str], k: int = k) -> list[str]:
            return [h for h in hosts if ht.fold(h, args.folds) != k]

        text = ht.train(out(phishing), out(general), [], [], out(crypto), ht.HARD_WEIGHT)
        model = HostModel.parse(text)
        for hosts, y, c in ((phishing, 1, 0), (general, 0, 0), (crypto, 0, 1)):
            for h in hosts:
                if ht.fold(h, args.folds) == k:
                    rows.append((h, y, c, k, int(y or not is_official(h)), parts(model, h)))
        print(f"fold {k} done, {round(time.process_time() - started)} CPU s", file=sys.stderr)
    shipped = HostModel.load()
    dev = [(h, 1, 0, -1, 1, parts(shipped, h)) for h, p in phishing_all if p == "dev"]
    dev += [(h, 0, int(s != "hstspreload"), -1, 1, parts(shipped, h))
            for h, p, s in legit if p == "dev" and not is_official(h)]
    with gzip.open(CACHE, "wt", encoding="utf-8") as f:
        json.dump({"train": rows, "dev": dev}, f)
    print(f"wrote {CACHE}: {len(rows)} train, {len(dev)} dev rows,"
          f" {round(time.process_time() - started)} CPU s")
    return 0


def rule(legit: Sequence[float], crypto: Sequence[float], fp: float = ht.MEDIUM_FP,
         fp_crypto: float = ht.MEDIUM_FP_CRYPTO) -> float:
    return max(ht._threshold(sorted(legit), fp), ht._threshold(sorted(crypto), fp_crypto))


def report(scores: Sequence[float], rows: Sequence[Sequence[object]]) -> dict[str, object]:
    """Phishing caught at the rule's threshold over these scores, and at other crypto shares."""
    ph = [s for s, r in zip(scores, rows, strict=True) if r[1] == 1]
    lg = [s for s, r in zip(scores, rows, strict=True) if r[1] == 0 and r[4]]
    cr = [s for s, r in zip(scores, rows, strict=True) if r[1] == 0 and r[4] and r[2]]
    out: dict[str, object] = {}
    for name, fp, fpc in (("0.2/0.5", ht.MEDIUM_FP, ht.MEDIUM_FP_CRYPTO),
                          ("0.2/0.25", ht.MEDIUM_FP, 0.0025), ("0.2/1", ht.MEDIUM_FP, 0.01),
                          ("0.5/3", 0.005, 0.03)):
        t = rule(lg, cr, fp, fpc)
        out[name] = {"t": t, "phishing": round(sum(s >= t for s in ph) / len(ph), 4),
                     "legit": round(sum(s >= t for s in lg) / len(lg), 4),
                     "crypto": round(sum(s >= t for s in cr) / len(cr), 4)}
    return out


def stack(args: argparse.Namespace) -> int:
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    with gzip.open(CACHE, "rt", encoding="utf-8") as f:
        data = json.load(f)
    train_rows, dev_rows = data["train"], data["dev"]
    if args.sample:
        step = max(len(train_rows) // args.sample, 1)
        train_rows = train_rows[::step]
    started = time.process_time()
    xs = np.array([dense(r[0], r[5]) for r in train_rows])
    xd = np.array([dense(r[0], r[5]) for r in dev_rows])
    cols = [FEATURES.index(c) for c in FEATURES if c not in args.drop]
    xs, xd = xs[:, cols], xd[:, cols]
    y = np.array([r[1] for r in train_rows])
    n_ph, n_lg = int(y.sum()), int(len(y) - y.sum())
    # balanced classes as the logistic fit is, crypto legitimate hosts weighing HARD_WEIGHT
    w = np.array([(len(y) / (2 * n_ph)) if r[1] else
                  (len(y) / (2 * n_lg)) * (ht.HARD_WEIGHT if r[2] else 1.0)
                  for r in train_rows])
    print(f"features {round(time.process_time() - started)} CPU s", file=sys.stderr)

    def fit(mask: np.ndarray) -> HistGradientBoostingClassifier:
        clf = HistGradientBoostingClassifier(
            max_iter=args.trees, max_depth=args.depth, learning_rate=args.lr,
            max_leaf_nodes=args.leaves, min_samples_leaf=args.min_leaf,
            l2_regularization=1.0, early_stopping=False, random_state=0,
            monotonic_cst=[1 if FEATURES[c] in args.rising else 0 for c in cols])
        clf.fit(xs[mask], y[mask], sample_weight=w[mask])
        return clf

    folds = np.array([r[3] for r in train_rows])
    second = np.zeros(len(train_rows))
    for k in sorted(set(folds.tolist())):
        clf = fit(folds != k)
        second[folds == k] = clf.predict_proba(xs[folds == k])[:, 1]
    base_train = [1 / (1 + math.exp(-r[5][0])) for r in train_rows]
    clf = fit(np.ones(len(y), dtype=bool))
    dev_scores = clf.predict_proba(xd)[:, 1].tolist()
    base_dev = [1 / (1 + math.exp(-r[5][0])) for r in dev_rows]
    result = {
        "label": args.label, "n_train": len(train_rows), "n_dev": len(dev_rows),
        "params": {"trees": args.trees, "depth": args.depth, "lr": args.lr,
                   "leaves": args.leaves, "min_leaf": args.min_leaf, "drop": args.drop,
                   "rising": args.rising},
        "oof logistic": report(base_train, train_rows),
        "oof stacked": report(second.tolist(), train_rows),
        "dev logistic (shipped)": report(base_dev, dev_rows),
        "dev stacked": report(dev_scores, dev_rows),
        "cpu_s": round(time.process_time() - started),
    }
    print(json.dumps(result, indent=1))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("step", choices=("oof", "stack"))
    ap.add_argument("--train-dir", default=str(ROOT.parent / "shared" / "train"))
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--sample", type=int, default=0, help="train rows for the trees (0: all)")
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--leaves", type=int, default=15)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--min-leaf", type=int, default=50)
    ap.add_argument("--drop", nargs="*", default=[], help="FEATURES not given to the trees")
    ap.add_argument("--rising", nargs="*", default=[],
                    help="FEATURES the score may only rise with (monotonic constraint)")
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    return oof(args) if args.step == "oof" else stack(args)


if __name__ == "__main__":
    sys.exit(main())
