"""Rows of the `train` split of ../shared/train in one language: which scams the engine misses and
which ordinary messages it flags, with the tactics seen, to write tactics from.

    .venv/bin/python benchmarks/train_misses.py --lang en [--source Nazario] [--label scam]
    .venv/bin/python benchmarks/train_misses.py --lang zh > /tmp/zh.txt

Only `split: "train"` rows are read (the `test` split is for figures, never for writing rules).
Rows of a source the text model learnt from are scored by a model retrained without that
source, as leave-one-source-out does, so a miss is what the rules leave to a model that has not
seen the wording. The counts per source (flagged or not) go to stderr.
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

from bot import textmodel  # noqa: E402
from bot.engine import KnowledgeIndex, check  # noqa: E402
from bot.knowledge import load_dir  # noqa: E402
from bot.message import Message  # noqa: E402
from bot.tactics import find_tactics  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", choices=("en", "zh"), default="en",
                    help="en, or zh (written Traditional and Simplified)")  # fmt: skip
    ap.add_argument("--source", default="", help="only rows whose source holds this")
    ap.add_argument("--label", choices=("scam", "benign"), help="only rows of this label")
    ap.add_argument("--chars", type=int, default=300, help="characters of each row shown")
    args = ap.parse_args(argv)
    train_dir = ROOT.parent / "shared" / "train"
    idx = KnowledgeIndex.build(load_dir(ROOT / "knowledge"))
    examples = textmodel.load_examples(textmodel.EXAMPLES)
    origins = _trained_origins()
    models: dict[str, textmodel.TextModel | None] = {"": textmodel.shipped()}
    tally: Counter[tuple[str, str, bool]] = Counter()
    for label in ("scam", "benign") if args.label is None else (args.label,):
        for row in _jsonl(train_dir / "messages" / f"{label}.jsonl"):
            if row["split"] != "train" or not row["lang"].startswith(args.lang):
                continue
            if args.source not in row["source"]:
                continue
            origin = next((o for o in origins if row["source"].startswith(o)), "")
            if origin not in models:
                stem = origins[origin]
                models[origin] = textmodel.train([e for e in examples if e.source != stem])
            v = check(Message(text=row["text"]), idx, model=models[origin])
            flagged = v.risk in FLAGGED
            tally[(label, _source(row), flagged)] += 1
            if (label == "scam") == flagged:
                continue
            ids = ",".join(m.tactic.id for m in find_tactics(row["text"]))
            why = " | ".join(f.detail for f in v.findings[:2])
            # which kinds of evidence made it (tactic, pattern, model, phrase, risky_host ...)
            kinds = ",".join(f"{f.type}:{f.severity}" for f in v.findings)
            kind = "MISS" if label == "scam" else "FA"
            text = row["text"][: args.chars].replace("\n", " / ")
            print(f"{kind} [{_source(row)}] {v.risk} {{{ids}}} [{kinds}] {text}\n    <- {why}")
    for (label, source, flagged), n in sorted(tally.items()):
        print(f"{label} {source} flagged={flagged}: {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
