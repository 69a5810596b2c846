"""The text model's time per message: `TextModel.explain` on 1,000 shipped example texts.

    .venv/bin/python benchmarks/textmodel_timing.py                          # the shipped model
    .venv/bin/python benchmarks/textmodel_timing.py --model OLD.json

Every n-th text of `knowledge/examples/` (n chosen so that about --count are taken, English and
Chinese, SMS to long e-mails), each timed alone; prints the median, the mean and the 99th
percentile in microseconds, best of --runs passes (the machine is shared: the best pass is the
one least disturbed). Caches (words, chunks) are warmed by one untimed pass first, as in a
running service.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import textmodel  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("--model", default=str(textmodel.MODEL_PATH))
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    model = textmodel.TextModel.from_json(Path(args.model).read_text(encoding="utf-8"))
    examples = textmodel.load_examples(textmodel.EXAMPLES)
    texts = [e.text for e in examples[:: max(1, len(examples) // args.count)]][: args.count]
    for t in texts:
        model.explain(t)
    best: list[float] = []
    for _ in range(args.runs):
        took = []
        for t in texts:
            start = time.perf_counter()
            model.explain(t)
            took.append((time.perf_counter() - start) * 1e6)
        if not best or statistics.median(took) < statistics.median(best):
            best = took
    best.sort()
    print(json.dumps({
        "model": args.model,
        "texts": len(texts),
        "median us": round(statistics.median(best), 1),
        "mean us": round(statistics.fmean(best), 1),
        "p99 us": round(best[int(len(best) * 0.99) - 1], 1),
        "weights": len(model.weights),
        "bytes": Path(args.model).stat().st_size,
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
