"""Wall time of one-shot `scamcheck check` runs: min, median and max of several runs.

    .venv/bin/python benchmarks/bench_startup.py [--scamcheck PATH] [--runs 7] [--db FILE]

Each run is a new process, started from an empty temporary folder (with its own HOME), as a
user at a shell would start it; the first run is not counted (it warms the disk cache).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

MESSAGE = (
    "Send 0.5 BTC to unlock your guaranteed daily profit, verify at https://binance-verify.com"
    " or pay 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scamcheck", default=shutil.which("scamcheck") or ".venv/bin/scamcheck")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--db", type=Path, help="a database to check against (else the shipped files)")
    args = ap.parse_args()
    cmd = [str(Path(args.scamcheck).resolve()), "check", "--json", MESSAGE]
    times, cpu = [], []
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "XDG_DATA_HOME": home}
        # as installed: Python keeps the compiled bytecode of our modules (a development shell
        # that says not to would have every run compile them from source again)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if args.db:  # by environment, which older versions (options before the command) take
            env["SCAMCHECK_DB_PATH"] = str(args.db.resolve())
        for i in range(args.runs + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(cmd, cwd=home, env=env, check=True, capture_output=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if i:
                times.append(time.perf_counter() - started)
                # CPU time (user + system) drifts less than wall time when neighbours are busy
                cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    print(
        f"{' '.join(cmd[:2])} ({args.db or 'shipped knowledge'}), {args.runs} runs: "
        f"wall min {min(times):.3f} s, median {statistics.median(times):.3f} s, "
        f"max {max(times):.3f} s; CPU min {min(cpu):.3f} s, "
        f"median {statistics.median(cpu):.3f} s, max {max(cpu):.3f} s"
    )


if __name__ == "__main__":
    main()
