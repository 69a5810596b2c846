"""The English text model's thresholds against the `train` split: what each pair of
(MODEL_MEDIUM, CALIBRATED_MEDIUM) would flag, by source, scam and ordinary rows apart.

    .venv/bin/python benchmarks/en_thresholds.py [--medium 0.70 0.75] [--calibrated 2.971 3.2]

Only `split: "train"` rows of English are read. Rows of a source the text model learnt from are
scored by a model retrained without it (as leave-one-source-out does); the other sources (Enron,
SpamHunter, CryptoScamHunter: never trained on) by the shipped model. Enron's ordinary business
mail is not in the model's examples (its licence does not let it ship), so the model's own
calibration (`textmodel_cv.py`, knowledge/examples only) never sees it: this is where its false
alarms can be counted before a threshold is chosen.

A message is flagged when the rules alone flag it, or the model's probability reaches
MODEL_MEDIUM, or the calibrated combiner's score reaches CALIBRATED_MEDIUM (engine._check): the
three are computed once per row and the grid is evaluated on them.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval_quality import FLAGGED, _jsonl, _source, _trained_origins  # noqa: E402

from bot import engine, textmodel  # noqa: E402
from bot.engine import KnowledgeIndex, calibrated_score, check  # noqa: E402
from bot.knowledge import load_dir  # noqa: E402
from bot.message import Message  # noqa: E402

# (label, source, flagged by the rules alone, model probability or None, combiner log-odds)
Scored = tuple[str, str, bool, float | None, float]


def score_rows(train_dir: Path) -> list[Scored]:
    idx = KnowledgeIndex.build(load_dir(ROOT / "knowledge"))
    examples = textmodel.load_examples(textmodel.EXAMPLES)
    origins = _trained_origins()
    models: dict[str, textmodel.TextModel | None] = {"": textmodel.shipped()}
    out: list[Scored] = []
    for label in ("scam", "benign"):
        for row in _jsonl(train_dir / "messages" / f"{label}.jsonl"):
            if row["split"] != "train" or row["lang"] != "en":
                continue
            origin = next((o for o in origins if row["source"].startswith(o)), "")
            if origin not in models:
                stem = origins[origin]
                models[origin] = textmodel.train([e for e in examples if e.source != stem])
            model = models[origin]
            assert model is not None
            text = str(row["text"])[: engine.MAX_TEXT]
            v = check(Message(text=text), idx, model=None)
            p, _, n = model.explain(text)
            prob = p if n >= engine.MODEL_MIN_FEATURES else None
            tactics = ",".join(f.params.get("tactics", "") for f in v.findings
                               if f.type == "tactic")  # fmt: skip
            parts = {i.split("_", 1)[0] for i in tactics.split(",") if i}
            z = calibrated_score(prob, v.score or 0.0, parts)
            out.append((label, _source(row), v.risk in FLAGGED, prob, z))
    return out


def flagged(row: Scored, medium: float, calibrated: float) -> bool:
    _, _, rules, p, z = row
    return rules or (p is not None and p >= medium) or z >= calibrated


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train-dir", type=Path, default=ROOT.parent / "shared" / "train")
    ap.add_argument("--medium", type=float, nargs="*",
                    default=[0.70, 0.72, 0.74, 0.76, 0.78, 0.80])  # fmt: skip
    ap.add_argument("--calibrated", type=float, nargs="*",
                    default=[engine.CALIBRATED_MEDIUM, 3.2, 3.4, 3.6])  # fmt: skip
    args = ap.parse_args(argv)
    rows = score_rows(args.train_dir)
    sources = sorted({(r[0], r[1]) for r in rows})
    total = Counter((r[0], r[1]) for r in rows)
    for medium in args.medium:
        for cal in args.calibrated:
            hit = Counter((r[0], r[1]) for r in rows if flagged(r, medium, cal))
            scam = sum(hit[s] for s in sources if s[0] == "scam")
            benign = sum(hit[s] for s in sources if s[0] == "benign")
            n_scam = sum(total[s] for s in sources if s[0] == "scam")
            n_benign = sum(total[s] for s in sources if s[0] == "benign")
            per = " ".join(f"{lab[0]}:{src.split('/')[0][:8]}={hit[(lab, src)]}"
                           for lab, src in sources)  # fmt: skip
            print(f"medium {medium:.2f} calibrated {cal:.3f}: scams {scam}/{n_scam}"
                  f" = {100.0 * scam / n_scam:.1f}%, ordinary {benign}/{n_benign}"
                  f" = {100.0 * benign / n_benign:.2f}%  [{per}]")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
