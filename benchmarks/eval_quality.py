"""Detection quality on labelled real messages and hosts (../shared/eval), per language.

    .venv/bin/python benchmarks/eval_quality.py [--eval-dir ../shared/eval] [--show-misses N]

Recall: share of scam messages flagged `medium` or `high`. False positives: share of benign ones
flagged. Hosts: each put in a message as https://HOST/. The knowledge base is the seed in
knowledge/; nothing from the evaluation set is in it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import KnowledgeIndex, check  # noqa: E402
from bot.knowledge import load_dir  # noqa: E402
from bot.message import Message  # noqa: E402
from bot.verdict import Verdict  # noqa: E402

FLAGGED = ("medium", "high")


def _messages(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def eval_messages(idx: KnowledgeIndex, eval_dir: Path, show: int) -> dict[str, object]:
    out: dict[str, object] = {}
    for label in ("scam", "benign"):
        rows = _messages(eval_dir / "messages" / f"{label}.jsonl")
        per_lang: dict[str, Counter[str]] = defaultdict(Counter)
        misses: list[tuple[str, str]] = []
        for row in rows:
            v = check(Message(text=row["text"]), idx)
            hit = v.risk in FLAGGED
            lang = "zh" if row.get("lang", "en").startswith("zh") else "en"
            per_lang[lang]["n"] += 1
            per_lang[lang]["flagged"] += hit
            per_lang["all"]["n"] += 1
            per_lang["all"]["flagged"] += hit
            if (label == "scam") != hit:
                why = "; ".join(f.detail for f in v.findings[:2])
                misses.append((row["text"][:160].replace("\n", " "), why))
        out[label] = {
            k: {
                "n": c["n"],
                "flagged": c["flagged"],
                "share": round(c["flagged"] / max(c["n"], 1), 4),
            }
            for k, c in per_lang.items()
        }
        if show:
            random.Random(1).shuffle(misses)
            kind = "missed scam" if label == "scam" else "false positive"
            for text, why in misses[:show]:
                print(f"  {kind}: {text!r}  <- {why}")
    return out


def eval_hosts(idx: KnowledgeIndex, eval_dir: Path, show: int) -> dict[str, object]:
    out: dict[str, object] = {}
    for label in ("phishing", "legit"):
        hosts = [
            h.strip()
            for h in (eval_dir / "domains" / f"{label}.txt").read_text().split()
            if h.strip()
        ]
        flagged: list[tuple[str, Verdict]] = []
        unflagged: list[tuple[str, Verdict]] = []
        for h in hosts:
            v = check(Message(text=f"https://{h}/"), idx)
            (flagged if v.risk in FLAGGED else unflagged).append((h, v))
        out[label] = {
            "n": len(hosts),
            "flagged": len(flagged),
            "share": round(len(flagged) / max(len(hosts), 1), 4),
        }
        if show:
            sample = unflagged if label == "phishing" else flagged
            for h, v in sample[:show]:
                print(
                    f"  {label} {'missed' if label == 'phishing' else 'flagged'}: {h}"
                    f"  <- {'; '.join(f.detail for f in v.findings[:2])}"
                )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--knowledge", default=str(ROOT / "knowledge"))
    ap.add_argument("--show-misses", type=int, default=0)
    args = ap.parse_args()
    started = time.perf_counter()
    idx = KnowledgeIndex.build(load_dir(Path(args.knowledge)))
    eval_dir = Path(args.eval_dir)
    result = {
        "messages": eval_messages(idx, eval_dir, args.show_misses),
        "hosts": eval_hosts(idx, eval_dir, args.show_misses),
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
