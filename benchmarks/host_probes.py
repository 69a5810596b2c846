"""The written host probes (benchmarks/data/host_official_probes.jsonl) through check().

    .venv/bin/python benchmarks/host_probes.py [--show] [--probes FILE]

Each probe says whether it should be `silent` (a brand's own second domain, a near-named
real project's site: nothing medium or high) or `flagged` (a brand's word on a host it does
not own). `--probes benchmarks/data/host_hyphen_probes.jsonl`: brandless bait names joined
by a hyphen (`flagged`) and ordinary hyphen-named businesses (`silent`);
`benchmarks/data/host_segment_probes.jsonl`: words run together, bait and crypto lures
(`flagged`) and ordinary businesses (`silent`). Prints how many of each kind come out as
expected.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import KnowledgeIndex, check  # noqa: E402
from bot.knowledge import load_dir  # noqa: E402
from bot.message import Message  # noqa: E402

PROBES = ROOT / "benchmarks" / "data" / "host_official_probes.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--show", action="store_true", help="print each probe's verdict")
    ap.add_argument("--probes", default=str(PROBES), help="a probe file (default: %(default)s)")
    args = ap.parse_args()
    idx = KnowledgeIndex.build(load_dir(ROOT / "knowledge"))
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for line in Path(args.probes).read_text(encoding="utf-8").splitlines():
        probe = json.loads(line)
        risk = check(Message(text=probe["text"]), idx).risk
        ok = (risk in ("medium", "high")) == (probe["expect"] == "flagged")
        total[probe["kind"]] += 1
        right[probe["kind"]] += ok
        if args.show:
            print(f"{'ok ' if ok else 'BAD'} {risk:6} {probe['text'][:80]}", file=sys.stderr)
    print(json.dumps({k: f"{right[k]}/{n}" for k, n in total.items()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
