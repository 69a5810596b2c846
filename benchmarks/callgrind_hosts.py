"""Instructions per host of bulk screening's loop, for comparing two checkouts under valgrind
(load-independent: bench_hosts.py's hosts per second move with the neighbours on a shared VM).

    .venv/bin/python benchmarks/bench_hosts.py --rounds 1   # writes benchmarks/out/bench_hosts.txt
    PYTHONHASHSEED=0 valgrind --tool=callgrind --dump-instr=no --collect-atstart=no \\
        --toggle-collect=functools_reduce --callgrind-out-file=new.out \\
        .venv/bin/python benchmarks/callgrind_hosts.py --root . [--every 5]

(then `--root /path/to/old/checkout`, the same way). As bench_hosts.py's loop: the checkout's
shipped knowledge read as a one-shot check reads it, a warm-up on other hosts, then every
`--every`-th host of the list through engine.check_host in one `functools.reduce` call, the
only place valgrind collects. Instructions per host: callgrind's total divided by the hosts
it prints.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("--root", type=Path, required=True, help="the checkout whose bot/ to run")
    ap.add_argument("--hosts", type=Path, default=HERE / "out" / "bench_hosts.txt")
    ap.add_argument("--every", type=int, default=5)
    args = ap.parse_args(argv)
    root = args.root.resolve()
    from callgrind_check import use_checkout

    if not use_checkout(root):
        return 2
    from bot.engine import check_host
    from bot.oneshot import open_oneshot
    from bot.settings import Settings

    idx = open_oneshot(Settings(knowledge_dir=root / "knowledge")).index
    for warm in ("warm-up.example.org", "binance-claim.vercel.app", "xn--bnance-3ua.com"):
        check_host(warm, idx)
    hosts = args.hosts.read_text().split()[:: args.every]
    functools.reduce(lambda _, h: check_host(h, idx), hosts, None)  # collected: the docstring
    print(f"{len(hosts)} hosts with {root}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
