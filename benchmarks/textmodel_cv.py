"""Leave-one-source-out cross-validation of the text model alone, on the `train` split only.

    .venv/bin/python benchmarks/textmodel_cv.py                      # the shipped TrainConfig
    .venv/bin/python benchmarks/textmodel_cv.py --set l2=0.01 --set source_power=0.5

How the text model's design and hyperparameters are chosen (never on the `test` split): each
example group (textmodel.source_group) is scored by a model trained on all the other groups;
the train-split rows of ../shared/train sources that may not ship (SpamHunter, CryptoScamHunter,
Enron, Cofacts takedowns, tg-spam) are scored by the model trained on every example, as it never
saw them either. One threshold is set where 1% of all those out-of-source benign scores lie above
it (texts with fewer than engine.MODEL_MIN_FEATURES features left out, as the engine ignores the
model there); the figure to compare is the mean over sources of the share of scams above it
("macro recall"), next to each source's recall and false alarms.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import engine, textmodel  # noqa: E402
from bot.han import has_han  # noqa: E402
from bot.textmodel import Example, TrainConfig  # noqa: E402

NOT_SHIPPED = (
    "opmusic/SpamHunter_dataset",
    "likai1993/CryptoScamHunter",
    "geo-lev/Enron-Spam-Classifier",
    "cofacts/takedowns",
    "MarkIvory2973/tg-spam",
)


def not_shipped_rows(train_dir: Path) -> list[Example]:
    out = []
    for label in ("scam", "benign"):
        with (train_dir / "messages" / f"{label}.jsonl").open(encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                source = str(row["source"]).split(":")[0]
                if row["split"] == "train" and source in NOT_SHIPPED:
                    out.append(Example(row["text"], row["label"], row.get("lang", "en"), source))
    return out


Scored = list[tuple[str, str, float, bool]]  # group, label, probability, Chinese


def out_of_source_scores(
    examples: list[Example], others: list[Example], cfg: TrainConfig
) -> Scored:
    """Every text scored by a model that never saw its source."""
    scored: Scored = []

    def judged(model: textmodel.TextModel, group: str, rows: list[Example]) -> None:
        for e in rows:
            p, _, n = model.explain(e.text)
            if n >= engine.MODEL_MIN_FEATURES:
                zh = has_han(e.text)
                scored.append((group, e.label, p, zh))

    group_of = textmodel.source_group
    for group in sorted({group_of(e.source) for e in examples}):
        model = textmodel.train([e for e in examples if group_of(e.source) != group], cfg)
        judged(model, group, [e for e in examples if group_of(e.source) == group])
        print(f"  left out {group}", file=sys.stderr)
    full = textmodel.train(examples, cfg)
    for source in NOT_SHIPPED:
        judged(full, source.split("/")[-1], [e for e in others if e.source == source])
    return scored


def thresholds(scored: Scored) -> dict[str, dict[str, float]]:
    """Per language, the probability that the given share of the out-of-source training
    examples (not the rows of sources that may not ship) score above: MODEL_WEAK, MODEL_MEDIUM
    and their Chinese counterparts in bot/engine.py are read from here."""
    out = {}
    for lang, zh in (("en", False), ("zh", True)):
        benign = sorted(
            p for g, label, p, z in scored if label == "benign" and z == zh and g not in _OTHERS
        )
        out[lang] = {
            f"{rate:.2%}": round(benign[min(int(len(benign) * (1 - rate)), len(benign) - 1)], 3)
            for rate in (0.025, 0.01, 0.005, 0.0027)
        }
    return out


_OTHERS = {s.split("/")[-1] for s in NOT_SHIPPED}


def summary(scored: Scored, rate: float) -> dict[str, object]:
    benign = sorted(p for _, label, p, _ in scored if label == "benign")
    threshold = benign[min(int(len(benign) * (1 - rate)), len(benign) - 1)]
    per: dict[str, str] = {}
    recalls = []
    for group in sorted({g for g, _, _, _ in scored}):
        scams = [p for g, label, p, _ in scored if g == group and label == "scam"]
        ordinary = [p for g, label, p, _ in scored if g == group and label == "benign"]
        parts = []
        if scams:
            recalls.append(sum(p >= threshold for p in scams) / len(scams))
            parts.append(f"recall {recalls[-1]:.1%} of {len(scams)}")
        if ordinary:
            parts.append(f"fp {sum(p >= threshold for p in ordinary) / len(ordinary):.1%}"
                         f" of {len(ordinary)}")  # fmt: skip
        per[group] = ", ".join(parts)
    return {
        "threshold": round(threshold, 3),
        "macro recall": round(sum(recalls) / len(recalls), 3),
        "by source": per,
        "model thresholds by language": thresholds(scored),
    }


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("--train-dir", default=str(ROOT.parent / "shared" / "train"))
    ap.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                    help="a TrainConfig field to change (repeatable)")  # fmt: skip
    ap.add_argument("--fp", type=float, default=0.01, help="benign share above the threshold")
    args = ap.parse_args()
    cfg = TrainConfig()
    for item in args.set:
        name, _, value = item.partition("=")
        kind = type(getattr(cfg, name))
        cfg = dataclasses.replace(cfg, **{name: kind(value)})
    examples = textmodel.load_examples(textmodel.EXAMPLES)
    scored = out_of_source_scores(examples, not_shipped_rows(Path(args.train_dir)), cfg)
    print(json.dumps({"config": cfg.__dict__, **summary(scored, args.fp)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
