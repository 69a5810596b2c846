"""Does `scamcheck check` print the same in two checkouts? For start-up work, which must change
no output.

    .venv/bin/python benchmarks/same_oneshot.py --base /path/to/other/checkout \\
        [--per-kind 60] [--processes 20] [--db benchmarks/out/kb.db]

The messages: a seeded sample of ../shared/train/messages and ../shared/eval/messages (any
split: nothing is learned or tuned here, outputs are only compared), `--per-kind` each of those
holding a link, a crypto address, a run of digits (phone numbers), Chinese, and any. For every
message, `check TEXT`, `check --json TEXT` and `check --json --lang zh-HK TEXT` run through
`bot.cli.main` in one process per checkout (its `bot` package first on PYTHONPATH, its own
per-user cache, warmed first), stdout and exit status compared; then `--processes` of them, each
mode as a new process, as a user runs it. Exit status 1 if anything differs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
KINDS = {
    "link": re.compile(r"https?://|www\.|\b[a-z0-9-]+\.(?:com|net|io|xyz|top|hk)\b", re.I),
    "address": re.compile(r"\b(?:0x[0-9a-fA-F]{40}|bc1[a-z0-9]{20,}|[13T][1-9A-HJ-NP-Za-z]{25,})"),
    "digits": re.compile(r"\d{4}"),
    "chinese": re.compile("[\u4e00-\u9fff]"),
    "any": re.compile(""),
}
MODES = (["check"], ["check", "--json"], ["check", "--json", "--lang", "zh-HK"])

# Run inside each checkout's process: every message in every mode through bot.cli.main.
_IN_PROCESS = r"""
import contextlib, io, json, sys
from bot.cli import main
modes = json.loads(sys.argv[1])
for line in sys.stdin:
    text = json.loads(line)
    for mode in modes:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = main([*mode, text])
        print(json.dumps([status, out.getvalue()], ensure_ascii=False))
"""


def sample(per_kind: int, seed: int = 13) -> list[str]:
    texts: list[str] = []
    for path in sorted((SHARED / "train" / "messages").glob("*.jsonl")) + sorted(
        (SHARED / "eval" / "messages").glob("*.jsonl")
    ):
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    text = json.loads(line).get("text")
                    if isinstance(text, str) and text.strip():
                        texts.append(text[:4000])
    rng = random.Random(seed)
    rng.shuffle(texts)
    chosen: list[str] = []
    seen: set[str] = set()
    for kind, pattern in KINDS.items():
        n = 0
        for text in texts:
            if n == per_kind:
                break
            if text not in seen and pattern.search(text) and (kind != "any" or rng.random() < 0.5):
                seen.add(text)
                chosen.append(text)
                n += 1
    return chosen


def run_side(checkout: Path, texts: list[str], env: dict[str, str], processes: int) -> list[str]:
    env = {**env, "PYTHONPATH": str(checkout)}
    payload = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts)
    # once to fill the per-user cache, once to compare (a warm cache is the usual case)
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", _IN_PROCESS, json.dumps(MODES)],
            input=payload, capture_output=True, text=True, env=env, check=True,
            cwd=env["HOME"],
        )  # fmt: skip
    outputs = done.stdout.splitlines()
    for text in texts[:processes]:
        for mode in MODES:
            p = subprocess.run(
                [sys.executable, "-m", "bot.cli", *mode, text],
                capture_output=True, text=True, env=env, cwd=env["HOME"],
            )  # fmt: skip
            outputs.append(json.dumps([p.returncode, p.stdout, p.stderr], ensure_ascii=False))
    return outputs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--base", type=Path, required=True, help="the other checkout")
    ap.add_argument("--per-kind", type=int, default=60)
    ap.add_argument("--processes", type=int, default=20, help="messages also run as processes")
    ap.add_argument("--db", type=Path, help="a database to check against")
    args = ap.parse_args()
    texts = sample(args.per_kind)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, checkout in enumerate((args.base.resolve(), ROOT)):
            env = {**os.environ, "XDG_CACHE_HOME": f"{tmp}/cache{n}", "HOME": f"{tmp}/home{n}"}
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            if args.db:
                env["SCAMCHECK_DB_PATH"] = str(args.db.resolve())
            os.makedirs(env["HOME"])
            results.append(run_side(checkout, texts, env, args.processes))
    base, new = results
    differ = [i for i, (a, b) in enumerate(zip(base, new, strict=True)) if a != b]
    for i in differ[:10]:
        print(f"differs at output {i}:\n  base: {base[i][:300]}\n  this: {new[i][:300]}")
    print(
        f"{len(texts)} messages x {len(MODES)} modes in one process, {args.processes} x "
        f"{len(MODES)} as processes ({args.db or 'shipped knowledge'}): {len(base)} outputs "
        f"compared, {len(differ)} differ"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
