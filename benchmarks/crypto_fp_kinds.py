"""Which rule flags the legitimate crypto hosts that check() flags, counted by kind.

    .venv/bin/python benchmarks/crypto_fp_kinds.py [--parts train dev test] [--show train dev]

Each crypto host of the legitimate list (every source but the HSTS list, npm-crypto4 included)
goes through check() as `https://HOST/`; a flagged host (medium or high) is counted under the
kind of its first flagging finding. Kinds: `another_ending` (a brand's name under another
ending than its official site), `not_owned` (a brand's name on a site it does not own),
`lookalike` (one or two letters changed, a misspelling), `written_address` (a brand's address
written in front of another site's), `homograph`, `signals` (the rules' weak signs), `model`
(the learned host model). `--show` lists the hosts of the parts named (train and dev only:
held-back hosts are counted, never listed).
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
from bot.hostmodel_train import load_legit  # noqa: E402
from bot.knowledge import load_dir  # noqa: E402
from bot.message import Message  # noqa: E402

FLAGGED = ("medium", "high")
KINDS = (("model learnt from", "model"), ("under another ending", "another_ending"),
         ("does not own", "not_owned"), ("publish (official:", "not_owned"),
         ("in front of another site", "written_address"), ("one or two letters", "lookalike"),
         ("a misspelling of", "lookalike"))


def kind(finding_type: str, detail: str) -> str:
    for mark, name in KINDS:
        if mark in detail:
            return name
    return "homograph" if finding_type == "homograph" else "signals"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--parts", nargs="*", default=["train", "dev", "test"])
    ap.add_argument("--show", nargs="*", default=[], choices=["train", "dev"])
    args = ap.parse_args()
    idx = KnowledgeIndex.build(load_dir(ROOT / "knowledge"))
    legit = [(h, p) for h, p, s in load_legit(leave_out=()) if s != "hstspreload"]
    report: dict[str, object] = {}
    for name in args.parts:
        hosts = [h for h, p in legit if p == name]
        kinds: Counter[str] = Counter()
        shown = []
        for h in hosts:
            v = check(Message(text=f"https://{h}/"), idx)
            flagged = [f for f in v.findings if f.severity in FLAGGED]
            if v.risk not in FLAGGED or not flagged:
                continue
            k = kind(flagged[0].type, flagged[0].detail)
            kinds[k] += 1
            if name in args.show:
                shown.append(f"{k}\t{h}\t{flagged[0].detail}")
        total = sum(kinds.values())
        report[name] = {"hosts": len(hosts), "flagged": total,
                        "share": round(total / max(len(hosts), 1), 4),
                        "kinds": dict(kinds.most_common())}
        for line in sorted(shown):
            print(line, file=sys.stderr)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
