"""Genuine notifications the bot is forwarded (issue 10), checked by the engine and the model.

    .venv/bin/python benchmarks/benign_probes.py [--show]

benchmarks/data/benign_probes.jsonl holds original messages written for this measurement only
(OTP codes, bank/card and exchange notices, deliveries, appointments, anti-fraud warnings, news,
people asking "is this a scam?"; English, Traditional, Cantonese, Simplified). They are written
differently from the training examples in knowledge/examples/ and are never trained on, so the
figure is not a training-set figure. Prints how many the engine flags (`medium`/`high`) and how
the text model alone scores them (mean probability, how many reach its weak threshold).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import engine, textmodel  # noqa: E402
from bot.engine import KnowledgeIndex, check  # noqa: E402
from bot.knowledge import load_dir  # noqa: E402
from bot.message import Message  # noqa: E402

PROBES = ROOT / "benchmarks" / "data" / "benign_probes.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true", help="print every probe the engine flags")
    args = ap.parse_args()
    rows = [json.loads(line) for line in PROBES.read_text(encoding="utf-8").splitlines() if line]
    idx = KnowledgeIndex.build(load_dir(ROOT / "knowledge"))
    model = textmodel.shipped()
    flagged = weak = 0
    probs: list[float] = []
    for row in rows:
        text = str(row["text"])
        v = check(Message(text=text), idx)
        if v.risk in ("medium", "high"):
            flagged += 1
            if args.show:
                print(f"{v.risk:6s} {row.get('lang', '')}: {text[:100]}")
        if model is not None:
            p, _ = model.score(text)
            probs.append(p)
            weak += p >= engine.model_thresholds(text)[0]
    print(f"flagged {flagged}/{len(rows)} ({100.0 * flagged / len(rows):.1f}%)")
    if probs:
        print(f"model: mean probability {statistics.mean(probs):.3f},"
              f" at or above its weak threshold {weak}/{len(rows)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
