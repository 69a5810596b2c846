"""Variants of the text model, scored as `textmodel_cv.py` scores the shipped one, but faster.

    .venv/bin/python benchmarks/textmodel_variants.py                  # the shipped model
    .venv/bin/python benchmarks/textmodel_variants.py l2=0.005 epochs=6
    .venv/bin/python benchmarks/textmodel_variants.py grams=3-5 kinds=1 --buckets 30,80

The same protocol as `textmodel_cv.py` (leave one example group out on the `train` split; the
rows of sources that may not ship scored by the model trained on every example; macro recall
at 1% out-of-source false alarms), with the features of each text taken once and the training
loop run over integer indices: about four times faster, and for the shipped settings the same
weights as `textmodel.train` (tests/test_textmodel.py checks it), so the same figure.

Options (key=value): the TrainConfig fields epochs, rate, l2, min_df, keep, source_power;
`power` (the length scale 1/n**power, 0.5 shipped); `nobigram=1`, `nocjkpair=1` (drop word
pairs, Chinese character pairs); `grams=LO-HI` (letter n-grams inside English words, hashed to
`buckets` slots, 2**18 by default); `kinds=1` (which kinds of thing the text holds: link,
e-mail, amount, number, address, and each pair of them); `first=1` (the first line's words
again, as their own features: shipped since, so now a no-op); `shape=1` (share of capitals,
exclamation marks, length). The Chinese side (docs/detection-zh.md, "Text model, Chinese
side"): `shapes=0` (contact IDs and percentages in Chinese text as themselves, not as their
kinds), `canto=0` (Cantonese written forms not read as standard written Chinese), `tri=1`
(Chinese character triples too), `zhw=K` (Chinese examples weigh K times as much; 1 shipped),
`reply=1` (a reply's or forward's marks as one kind, whatever the mail program; `reply=2` with
quoted lines left out too), `min_sources=N` (as TrainConfig.min_sources), `clip=C` (no
weight beyond +-C), `drop=STEM,...` (leave out the example files whose names start so),
`merge=A:B` (read the example files A* as B*, one source). Source-robust training (branch
hsrc14): `dro=ETA` (group DRO, as TrainConfig.group_dro: 3 shipped, `dro=0` the model before
it), `cellbal=1` (each (example group, label) cell the same total weight instead of each file),
`avg=logo` or `avg=K[:F]` (the mean of the models trained without each group, or on K random
subsets of a share F of the groups), `inv=sign|conc|both` (features whose direction the groups
disagree on, or whose evidence one group holds, get `inv_m`, 0 = dropped; thresholds
`inv_min`, `inv_lo`, `inv_share`). The "chinese" part of the output
gives each Chinese group's scams and benign rows above the thresholds the engine's rule would
set.
`--buckets 30,80` also prints the figure with a threshold per language and per number of
features (texts below 30, 30-79, 80 and more), as a length-bucketed calibration would set.
Experiments and what they gave: docs/detection-en.md, "Text model experiments".
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
import zlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from textmodel_cv import _OTHERS, NOT_SHIPPED, Scored, not_shipped_rows, summary  # noqa: E402

from bot import engine, textmodel  # noqa: E402
from bot.han import HAN, has_han  # noqa: E402
from bot.indicators import clean_text  # noqa: E402
from bot.textmodel import Example  # noqa: E402

Options = dict[str, str]
Doc = dict[str, str]
_LETTERS = re.compile(r"[a-z][a-z']{2,40}")
_EXTRA = ("h:", "s:", "k:", "fw:")  # prefixes of the variants' own features


def _extra(text: str, opts: Options) -> Doc:
    out: Doc = {}
    s = clean_text(text[: textmodel.MAX_CHARS])
    if opts.get("grams"):
        lo, hi = (int(x) for x in opts["grams"].split("-"))
        buckets = int(opts.get("buckets", 1 << 18))
        for m in _LETTERS.finditer(s.casefold()):
            w = "<" + m.group(0) + ">"
            for n in range(lo, hi + 1):
                for i in range(len(w) - n + 1):
                    out.setdefault(f"h:{zlib.crc32(w[i : i + n].encode()) % buckets}", m.group(0))
    if opts.get("shape"):
        letters = [c for c in s if c.isalpha()]
        if letters:
            out[f"s:caps{min(int(sum(c.isupper() for c in letters) / len(letters) * 5), 4)}"] = ""
        out[f"s:excl{min(s.count('!'), 3)}"] = ""
        n = len(s)
        out[f"s:len{0 if n < 80 else 1 if n < 200 else 2 if n < 600 else 3}"] = ""
    return out


# A reply's or a forward's marks, whatever the mail program: quoted lines, "-----Original
# Message-----", "----- Forwarded by", "X wrote:", a "Sent:" or "Cc:" line (reply=1: one kind).
_REPLY_MARK = re.compile(
    r"(?im)^[ \t]{0,3}(?:>|sent:|cc:)|-{2,}[ \t]{0,3}(?:original message|forwarded by)"
    r"|\bwrote:[ \t]{0,3}$"
)
_CJK_RUN = re.compile(f"[{HAN}]{{3,}}")


def featurize(text: str, opts: Options) -> Doc:
    """The shipped features of text, changed as opts say."""
    if opts.get("reply") == "2":  # quoted lines ("> ...") left out, the reply's own words kept
        text = "\n".join(ln for ln in text.split("\n") if not ln.lstrip().startswith(">"))
    f = dict(textmodel.features(text))
    if opts.get("reply") and (mark := _REPLY_MARK.search(text[: textmodel.MAX_CHARS])):
        f.setdefault("w:zzreply", mark.group(0))
    if opts.get("tri"):
        for m in _CJK_RUN.finditer(clean_text(text[: textmodel.MAX_CHARS])):
            run = textmodel._fold_run(m.group(0))
            for i in range(len(run) - 2):
                f.setdefault("c:" + run[i : i + 3], m.group(0)[i : i + 3])
    if opts.get("nobigram"):
        f = {k: v for k, v in f.items() if not k.startswith("b:")}
    if opts.get("nocjkpair"):
        f = {k: v for k, v in f.items() if not (k.startswith("c:") and len(k) > 3)}
    if opts.get("kinds"):
        kinds = sorted({k[3:] for k in f if k.startswith("w:#")})
        for i, a in enumerate(kinds):
            f["k:" + a] = ""
            for b in kinds[i + 1 :]:
                f[f"k:{a}+{b}"] = ""
    if opts.get("first"):
        for k in textmodel.features(text.strip().split("\n", 1)[0]):
            if k.startswith("w:"):
                f.setdefault("f" + k, "")
    f.update(_extra(text, opts))
    return f


Model = tuple[dict[str, float], float]


def train(docs: Sequence[Doc], examples: Sequence[Example], opts: Options) -> Model:
    """textmodel.train's AdaGrad logistic regression over the given features (the same
    weights for the shipped features and settings, before rounding); with `avg=` the mean of
    several such models (source-averaged weights, branch hsrc14)."""
    keep = float(opts.get("keep", textmodel.TrainConfig().keep))
    clip = float(opts.get("clip", 0) or math.inf)  # no weight beyond +-clip
    if opts.get("avg"):
        weights, bias = _averaged(docs, examples, opts)
    else:
        weights, bias = _fit(docs, examples, opts)
    return {f: max(-clip, min(clip, v)) for f, v in weights.items() if abs(v) >= keep}, bias


def _cells(examples: Sequence[Example]) -> list[tuple[str, str]]:
    """Each example's (example group, label): the units source-robust training balances."""
    return [(textmodel.source_group(e.source), e.label) for e in examples]


def _averaged(docs: Sequence[Doc], examples: Sequence[Example], opts: Options) -> Model:
    """Source-averaged weights: one model per subset of the example groups, weights and bias
    averaged (a feature a subset's model lacks counts 0 there), so that a feature only one
    group carries is diluted. `avg=logo`: each group left out in turn; `avg=K` (`avg=K:F`):
    K random subsets of a share F (0.5) of the groups, each holding both labels."""
    groups = sorted({textmodel.source_group(e.source) for e in examples})
    of = [textmodel.source_group(e.source) for e in examples]
    spec = opts["avg"]
    subsets: list[set[str]] = []
    if spec == "logo":
        subsets = [set(groups) - {g} for g in groups]
    else:
        k, _, share = spec.partition(":")
        size = max(2, round(len(groups) * float(share or 0.5)))
        rng = random.Random(textmodel.TrainConfig().seed)
        while len(subsets) < int(k):
            pick = set(rng.sample(groups, size))
            labels = {e.label for e, g in zip(examples, of, strict=True) if g in pick}
            if len(labels) == 2:
                subsets.append(pick)
    total: dict[str, float] = {}
    bias = 0.0
    inner = {**opts, "keep": "0"}
    for pick in subsets:
        keep_i = [i for i, g in enumerate(of) if g in pick]
        w, b = _fit([docs[i] for i in keep_i], [examples[i] for i in keep_i], inner)
        for f, v in w.items():
            total[f] = total.get(f, 0.0) + v
        bias += b
    n = len(subsets)
    return {f: v / n for f, v in total.items()}, bias / n


def _invariance(
    docs: Sequence[Doc], examples: Sequence[Example], vocab: Sequence[str], opts: Options
) -> dict[str, float]:
    """Feature-level source invariance: a multiplier (below 1) for the features whose
    scam-or-benign direction is not shared by the sources, read from document frequencies.
    `inv=sign`: among the groups with both labels where the feature occurs in at least
    `inv_min` (5) texts, one says scam and another benign, each by a smoothed log-odds of at
    least `inv_lo` (0.7). `inv=conc`: on the side (scam or benign) the feature leans to (mean
    rate over that label's groups), one group holds more than `inv_share` (0.8) of that side's
    rate mass. `inv=both`: either. Such features get `inv_m` (0: dropped)."""
    cells = _cells(examples)
    size: Counter[tuple[str, str]] = Counter(cells)
    df: dict[str, Counter[tuple[str, str]]] = {}
    wanted = set(vocab)
    for cell, d in zip(cells, docs, strict=True):
        for f in d:
            if f in wanted:
                df.setdefault(f, Counter())[cell] += 1
    mode = opts["inv"]
    min_n = int(opts.get("inv_min", 5))
    lo_min = float(opts.get("inv_lo", 0.7))
    share_max = float(opts.get("inv_share", 0.8))
    m = float(opts.get("inv_m", 0))
    both = sorted({g for g, _ in size if (g, "scam") in size and (g, "benign") in size})
    by_label = {lab: sorted(c for c in size if c[1] == lab) for lab in ("scam", "benign")}
    out: dict[str, float] = {}
    for f in vocab:
        c = df.get(f, Counter())
        bad = False
        if mode in ("sign", "both"):
            signs = set()
            for g in both:
                a, b = c[(g, "scam")], c[(g, "benign")]
                if a + b < min_n:
                    continue
                lo = math.log((a + 0.5) / (size[(g, "scam")] + 1)) - math.log(
                    (b + 0.5) / (size[(g, "benign")] + 1)
                )
                if abs(lo) >= lo_min:
                    signs.add(lo > 0)
            bad = len(signs) == 2
        if not bad and mode in ("conc", "both"):
            rates = {lab: [c[cell] / size[cell] for cell in cells_]
                     for lab, cells_ in by_label.items()}  # fmt: skip
            mean = {lab: sum(r) / len(r) for lab, r in rates.items()}
            side = rates["scam" if mean["scam"] >= mean["benign"] else "benign"]
            bad = sum(side) > 0 and max(side) / sum(side) > share_max
        if bad:
            out[f] = m
    return out


def _fit(docs: Sequence[Doc], examples: Sequence[Example], opts: Options) -> Model:
    cfg = textmodel.TrainConfig()
    epochs = int(opts.get("epochs", cfg.epochs))
    rate = float(opts.get("rate", cfg.rate))
    l2 = float(opts.get("l2", cfg.l2))
    power = float(opts.get("power", 0.5))
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    vocab = sorted(f for f, n in df.items() if n >= int(opts.get("min_df", cfg.min_df)))
    if int(opts.get("min_sources", 1)) > 1:  # as TrainConfig.min_sources
        groups: dict[str, set[str]] = {}
        for e, d in zip(examples, docs, strict=True):
            for feat in d:
                groups.setdefault(feat, set()).add(textmodel.source_group(e.source))
        vocab = [v for v in vocab if len(groups[v]) >= int(opts["min_sources"])]
    mult = _invariance(docs, examples, vocab, opts) if opts.get("inv") else {}
    vocab = [v for v in vocab if mult.get(v, 1.0) > 0]
    index = {f: i for i, f in enumerate(vocab)}
    value = [mult.get(f, 1.0) for f in vocab]  # a down-weighted feature's value in the sum
    weight = textmodel._example_weights(
        examples,
        float(opts.get("source_power", cfg.source_power)),
        float(opts.get("zhw", cfg.zh_weight)),  # Chinese examples weigh this many times more
    )
    if opts.get("cellbal"):  # every (example group, label) cell the same total weight
        cells = _cells(examples)
        count = Counter(cells)
        per_label = {lab: sum(1 for c in count if c[1] == lab) for lab in ("scam", "benign")}
        weight = [
            min(len(examples) / 2.0 / per_label[c[1]] / count[c], textmodel.MAX_EXAMPLE_WEIGHT)
            for c in cells
        ]
    cell_of = _cells(examples)
    rows: list[tuple[list[int], float, float, float, tuple[str, str]]] = []
    for e, d, sw, cell in zip(examples, docs, weight, cell_of, strict=True):
        fs = sorted(index[f] for f in d if f in index)
        if fs:
            rows.append((fs, 1.0 if e.label == "scam" else 0.0, sw, 1.0 / len(fs) ** power, cell))
    eta = float(opts.get("dro", cfg.group_dro))  # group DRO, as TrainConfig.group_dro
    q = dict.fromkeys(sorted(set(cell_of)), 1.0)
    w = [0.0] * len(vocab)
    g2 = [1e-8] * len(vocab)
    bias, bias_g2 = 0.0, 1e-8
    rng = random.Random(cfg.seed)
    order = list(range(len(rows)))
    for _ in range(epochs):
        rng.shuffle(order)
        loss: dict[tuple[str, str], list[float]] = {c: [0.0, 0.0] for c in q}
        for i in order:
            fs, y, sw, scale, cell = rows[i]
            if mult:
                z = bias + scale * sum(w[f] * value[f] for f in fs)
            else:
                z = bias + scale * sum(w[f] for f in fs)
            p = textmodel._sigmoid(z)
            if eta:
                acc_loss = loss[cell]
                acc_loss[0] -= math.log(max(p if y else 1.0 - p, 1e-12))
                acc_loss[1] += 1.0
                sw *= q[cell]
            grad = (p - y) * sw
            bias_g2 += grad * grad
            bias -= rate * grad / math.sqrt(bias_g2)
            for f in fs:
                wf = w[f]
                gf = grad * scale * (value[f] if mult else 1.0) + l2 * wf
                acc = g2[f] + gf * gf
                g2[f] = acc
                w[f] = wf - rate * gf / math.sqrt(acc)
        if eta:
            textmodel.dro_update(q, loss, eta)
    return {vocab[i]: v * value[i] for i, v in enumerate(w) if v}, bias


def probability(model: Model, doc: Doc, opts: Options) -> float:
    """As TextModel.explain: every feature of the text counts in its length, known or not."""
    weights, bias = model
    if not doc:
        return 0.0
    z = bias + sum(weights.get(f, 0.0) for f in doc) / len(doc) ** float(opts.get("power", 0.5))
    return textmodel._sigmoid(z)


def out_of_source(
    examples: list[Example], others: list[Example], opts: Options
) -> tuple[Scored, list[int]]:
    """As textmodel_cv.out_of_source_scores, with each scored text's number of features."""
    scored: Scored = []
    sizes: list[int] = []
    docs = [featurize(e.text, opts) for e in examples]

    def judged(model: Model, group: str, rows: list[tuple[Example, Doc]]) -> None:
        for e, d in rows:
            # as TextModel.explain: the first line's own features do not count
            n = sum(not f.startswith(textmodel.HEAD) for f in textmodel.features(e.text))
            if n >= engine.MODEL_MIN_FEATURES:
                zh = has_han(e.text)
                scored.append((group, e.label, probability(model, d, opts), zh))
                sizes.append(n)

    group_of = textmodel.source_group
    for group in sorted({group_of(e.source) for e in examples}):
        keep = [i for i, e in enumerate(examples) if group_of(e.source) != group]
        model = train([docs[i] for i in keep], [examples[i] for i in keep], opts)
        judged(model, group, [(e, d) for e, d in zip(examples, docs, strict=True)
                              if group_of(e.source) == group])  # fmt: skip
        print(f"  left out {group}", file=sys.stderr)
    full = train(docs, examples, opts)
    for source in NOT_SHIPPED:
        rows = [e for e in others if e.source == source]
        judged(full, source.split("/")[-1], [(e, featurize(e.text, opts)) for e in rows])
    return scored, sizes


def bucketed(scored: Scored, keys: Sequence[object], rate: float) -> dict[str, object]:
    """Macro recall with a threshold per key, each at `rate` of that key's benign scores."""
    limit: dict[object, float] = {}
    for key in set(keys):
        benign = sorted(p for (_, label, p, _), k in zip(scored, keys, strict=True)
                        if k == key and label == "benign")  # fmt: skip
        limit[key] = benign[min(int(len(benign) * (1 - rate)), len(benign) - 1)] if benign else 0.5
    hits: dict[str, list[bool]] = {}
    alarms = benign_n = 0
    for (group, label, p, _), key in zip(scored, keys, strict=True):
        if label == "scam":
            hits.setdefault(group, []).append(p >= limit[key])
        else:
            benign_n += 1
            alarms += p >= limit[key]
    per = {g: round(sum(v) / len(v), 3) for g, v in sorted(hits.items())}
    return {
        "macro recall": round(sum(per.values()) / len(per), 3),
        "false alarms": round(alarms / max(benign_n, 1), 4),
        "by source": per,
    }


def chinese(scored: Scored) -> dict[str, object]:
    """The Chinese side alone, at the engine's rule: thresholds where 2.5%, 1% and 0.27% of the
    out-of-source Chinese benign training examples score above (not the rows of sources that may
    not ship, as textmodel_cv.thresholds), each Chinese group's scams and benign rows above."""
    zh = [(g, label, p) for g, label, p, z in scored if z]
    benign = sorted(p for g, label, p in zh if label == "benign" and g not in _OTHERS)
    out: dict[str, object] = {}
    for rate in (0.025, 0.01, 0.0027):
        t = benign[min(int(len(benign) * (1 - rate)), len(benign) - 1)]
        per: dict[str, str] = {}
        for group in sorted({g for g, _, _ in zh}):
            for label in ("scam", "benign"):
                ps = [p for g, lab, p in zh if g == group and lab == label]
                if ps:
                    per[f"{group} {label}"] = f"{sum(p >= t for p in ps)}/{len(ps)}"
        out[f"{rate:.2%} (p >= {t:.3f})"] = per
    return out


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("options", nargs="*", metavar="KEY=VALUE")
    ap.add_argument("--train-dir", default=str(ROOT.parent / "shared" / "train"))
    ap.add_argument("--fp", type=float, default=0.01, help="benign share above the threshold")
    ap.add_argument("--buckets", default="", help="feature counts splitting length buckets")
    args = ap.parse_args()
    opts: Options = dict(o.split("=", 1) for o in args.options)
    textmodel.ZH_SHAPES = opts.get("shapes", "1") != "0"
    textmodel.ZH_CANTONESE = opts.get("canto", "1") != "0"
    started = time.monotonic()
    examples = textmodel.load_examples(textmodel.EXAMPLES)
    if opts.get("drop"):  # example files left out (their stems' start, comma separated)
        gone = tuple(opts["drop"].split(","))
        examples = [e for e in examples if not e.source.startswith(gone)]
    if opts.get("merge"):  # A:B reads the example files A* as the files B* (same source)
        a, b = opts["merge"].split(":")
        examples = [Example(e.text, e.label, e.lang, b + e.source[len(a):])
                    if e.source.startswith(a) else e for e in examples]  # fmt: skip
    scored, sizes = out_of_source(examples, not_shipped_rows(Path(args.train_dir)), opts)
    out: dict[str, object] = {"options": opts, **summary(scored, args.fp)}
    out["per language"] = bucketed(scored, [zh for *_, zh in scored], args.fp)
    out["chinese"] = chinese(scored)
    if args.buckets:
        edges = [int(x) for x in args.buckets.split(",")]
        keys = [
            (zh, sum(n >= e for e in edges)) for (*_, zh), n in zip(scored, sizes, strict=True)
        ]
        out["per language and length"] = bucketed(scored, keys, args.fp)
    out["seconds"] = round(time.monotonic() - started)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
