"""What a feed's fuzzylist costs check_host (bot/fuzzylist.py), and what it flags.

    .venv/bin/python benchmarks/bench_fuzzylist.py [--hosts 3000] [--names 200] [--rounds 5]
        [--base DIR]

Each variant runs in a fresh process over the same hosts (the per-host caches of the index
start cold), its CPU time of the check_host loop alone taken; the variants of one round run
one after another in a rotating order (the machine is shared), and the median over the rounds
is reported (and with --callgrind, instructions per host: a run with the hosts less a run
without them, the start-up taken off):

- `empty`: the shipped knowledge, no fuzzylist (a fresh install);
- `fuzzy`: the same with a stand-in fuzzylist of --names names, tolerance 2 (upstream's), no
  whitelist: the first official domain of each shipped brand. Upstream's list is not copied
  into the repository; it has about as many names, all of them sites of crypto brands;
- `base`: with --base DIR (another checkout, e.g. `git archive` of the commit before), its
  check_host with the shipped knowledge: before the change, beside `empty` after it.

Hosts: half drawn (seeded) from ../shared/train/domains/phishing_train.txt, half the hosts of
links in the train split of ../shared/train/messages/benign.jsonl (legitimate, as far as a
benign message's link is). The fuzzy findings on each half are counted too.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "train"
OUT = ROOT / "benchmarks" / "out"
_LINK = re.compile(r"(?:https?://|www\.)([a-z0-9.-]+\.[a-z]{2,})", re.I)


def benign_hosts() -> list[str]:
    hosts: set[str] = set()
    with (TRAIN / "messages" / "benign.jsonl").open() as f:
        for line in f:
            row = json.loads(line)
            if row["split"] == "train":
                hosts.update(h.lower().strip(".") for h in _LINK.findall(row["text"]))
    return sorted(hosts)


def host_lists(n: int) -> tuple[list[str], list[str]]:
    rng = random.Random(11)
    benign = benign_hosts()
    benign = rng.sample(benign, min(n // 2, len(benign)))
    phishing = (TRAIN / "domains" / "phishing_train.txt").read_text().split()
    return rng.sample(phishing, n - len(benign)), benign


def inner(root: Path, mode: str, hosts_file: Path, names: int) -> None:
    sys.path.insert(0, str(root))
    from bot.engine import check_host
    from bot.knowledge import load_dir
    from bot.oneshot import open_oneshot
    from bot.settings import Settings

    idx = open_oneshot(Settings(knowledge_dir=root / "knowledge")).index
    # The knowledge models are read in every mode and let go before the loop, as the service
    # lets them go once its index is built: kept, they made every check_host 40% dearer.
    kb = load_dir(root / "knowledge")
    if mode == "fuzzy":
        from bot.fuzzylist import FuzzyWatch
        from bot.guard import Protected

        watched = sorted({b.domains[0] for b in kb.brands})[:names]
        idx.fuzzy = FuzzyWatch.build(
            [{"name": "metamask", "organisation": "stand-in", "watcher": "the stand-in list",
              "tolerance": 2.0, "fuzzylist": watched, "whitelist": []}],
            Protected.build(kb.brands, kb.regions.values()))
    for warm in ("warm-up.example.org", "binance-claim.vercel.app", "xn--bnance-3ua.com"):
        check_host(warm, idx)
    rows = [line.split("\t") for line in hosts_file.read_text().splitlines()]
    if os.environ.get("BENCH_SETUP_ONLY"):
        rows = []  # callgrind: the start-up alone, to take off the whole run's count
    del kb
    gc.collect()
    cpu = time.process_time()
    verdicts = [(kind, check_host(host, idx)) for kind, host in rows]
    cpu = time.process_time() - cpu
    fuzzy = {"phishing": 0, "benign": 0}
    flagged = {"phishing": 0, "benign": 0}
    for kind, v in verdicts:
        fuzzy[kind] += any(f.organisation == "stand-in" for f in v.findings)
        flagged[kind] += v.risk in ("medium", "high")
    print(json.dumps({"cpu_seconds": cpu, "hosts": len(rows), "fuzzy": fuzzy,
                      "flagged": flagged}))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", type=int, default=3000)
    ap.add_argument("--names", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--base", type=Path)
    ap.add_argument("--callgrind", action="store_true",
                    help="also count instructions per host with valgrind (slow)")
    ap.add_argument("--inner", nargs=2, metavar=("ROOT", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    hosts_file = OUT / "fuzzylist-hosts.tsv"
    if args.inner:
        inner(Path(args.inner[0]), args.inner[1], hosts_file, args.names)
        return 0
    OUT.mkdir(exist_ok=True)
    phishing, benign = host_lists(args.hosts)
    hosts_file.write_text("".join(f"phishing\t{h}\n" for h in phishing)
                          + "".join(f"benign\t{h}\n" for h in benign))
    variants = [("empty", ROOT), ("fuzzy", ROOT)]
    if args.base is not None:
        variants.append(("base", args.base.resolve()))
    runs: dict[str, list[dict[str, object]]] = {name: [] for name, _ in variants}
    for r in range(args.rounds):
        for name, root in variants[r % len(variants):] + variants[:r % len(variants)]:
            env = {**os.environ, "XDG_CACHE_HOME": str(OUT / f"cache-{name}"),
                   "SCAMCHECK_DB_PATH": str(OUT / "no-such.db")}
            mode = "fuzzy" if name == "fuzzy" else "empty"
            out = subprocess.run(
                [sys.executable, __file__, "--names", str(args.names), "--inner", str(root),
                 mode], capture_output=True, text=True, check=True, env=env)  # fmt: skip
            runs[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
    report: dict[str, Any] = {"hosts": {"phishing": len(phishing), "benign": len(benign)},
                                 "names": args.names, "rounds": args.rounds,
                                 "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    for name, results in runs.items():
        per_host = [float(str(x["cpu_seconds"])) / len(phishing + benign) * 1e6 for x in results]
        report[name] = {"cpu_us_per_host_median": round(statistics.median(per_host), 1),
                        "cpu_us_per_host": [round(p, 1) for p in per_host],
                        "fuzzy_findings": results[0]["fuzzy"],
                        "flagged": results[0]["flagged"]}
    if args.callgrind:
        for name, root in variants:
            full, setup = (_instructions(root, name, args.names, only) for only in ("", "1"))
            report[name]["callgrind_instructions_per_host"] = round(
                (full - setup) / len(phishing + benign))
    print(json.dumps(report, indent=2))
    return 0


def _instructions(root: Path, name: str, names: int, setup_only: str) -> int:
    """Instructions callgrind counts for a whole inner run (hash seed fixed: the same run
    counts the same)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(OUT / f"cache-{name}"), "PYTHONHASHSEED": "0",
           "SCAMCHECK_DB_PATH": str(OUT / "no-such.db"), "BENCH_SETUP_ONLY": setup_only}
    mode = "fuzzy" if name == "fuzzy" else "empty"
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
         __file__, "--names", str(names), "--inner", str(root), mode],
        capture_output=True, text=True, check=True, env=env)  # fmt: skip
    found = re.search(r"Collected : (\d+)", out.stderr)
    if found is None:
        raise SystemExit(f"no callgrind count in: {out.stderr[-500:]}")
    return int(found.group(1))


if __name__ == "__main__":
    raise SystemExit(main())
