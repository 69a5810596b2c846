"""Bulk host screening side by side with MetaMask's eth-phishing-detect (issue 11, speed).

    .venv/bin/python benchmarks/bench_hosts.py [--rounds 3] [--extra 8555] [--base DIR]

Installs eth-phishing-detect with npm into benchmarks/out/epd (ignored by git), then, for each
round, runs both over the same host list, interleaved (the machine is shared: the two sides of
one round see the same neighbours), alternating which goes first:

- loop: hosts per second of the checking loop alone, knowledge already loaded and warmed on
  other hosts (ours: engine.check_host in a fresh Python process, so no cache is warm for the
  list; theirs: checkDomain in Node, benchmarks/epd_check.js);
- command: the whole command from start to last line, as a user runs it:
  `scamcheck check --hosts FILE` (with --workers 1 and 2) and `node epd_check.js`.

The list is ../shared/eval/domains/ (phishing and legitimate hosts) plus --extra hosts drawn
(seeded) from ../shared/train/domains/phishing_train.txt so that a run lasts long enough to time.
With --base (another checkout: the folder holding its bot/ and knowledge/), that checkout's
loop runs too in every round, beside ours and eth-phishing-detect's: before and after a change
in one run, and the two outputs are compared line by line (`same_as_base`).

Catch rate and false positives are counted on the eval hosts only (flagged: `medium` or `high`
for us, checkDomain true for eth-phishing-detect; shipped knowledge, no feeds). Part of the eval
phishing hosts comes from eth-phishing-detect's own blacklist, so its catch rate there is
partly a look-up of its own list.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
EPD_DIR = OUT / "epd"
EPD_JS = ROOT / "benchmarks" / "epd_check.js"
FLAGGED = ("medium", "high")


def install_epd(version: str) -> str:
    """eth-phishing-detect from npm (once); its installed version."""
    pkg = EPD_DIR / "node_modules" / "eth-phishing-detect" / "package.json"
    if not pkg.exists():
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(EPD_DIR), f"eth-phishing-detect@{version}"], check=True)  # fmt: skip
    return str(json.loads(pkg.read_text())["version"])


def inner(hosts_file: str, out_file: str, root: Path = ROOT) -> int:
    """One timed loop of check_host over the file, in this fresh process (see --inner), with
    the checkout at root (its bot package and its knowledge)."""
    sys.path.insert(0, str(root))
    from bot.cli_hosts import open_lines
    from bot.engine import check_host
    from bot.oneshot import open_oneshot
    from bot.settings import Settings

    started = time.perf_counter()
    idx = open_oneshot(Settings(knowledge_dir=root / "knowledge")).index
    for warm in ("warm-up.example.org", "binance-claim.vercel.app", "xn--bnance-3ua.com"):
        check_host(warm, idx)  # the model and the suffix list are read on first use
    load = time.perf_counter() - started
    lines = [line.strip() for line in open_lines(hosts_file)]
    lines = [line for line in lines if line and not line.startswith("#")]
    started, cpu = time.perf_counter(), time.process_time()
    risks = [check_host(h, idx).risk for h in lines]
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    Path(out_file).write_text("".join(f"{h}\t{r}\n" for h, r in zip(lines, risks, strict=True)))
    print(json.dumps({"hosts": len(lines), "flagged": sum(r in FLAGGED for r in risks),
                      "load_seconds": load, "seconds": seconds, "cpu_seconds": cpu}))  # fmt: skip
    return 0


# The shipped knowledge files, as a fresh install reads them: no database, no synced feeds.
ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("SCAMCHECK_")},
       "SCAMCHECK_DB_PATH": str(OUT / "no-such.db"), "XDG_DATA_HOME": str(OUT / "no-data")}


# The --base checkout's per-user cache (bot/prebuilt.py) apart from ours: sharing one, each
# side found the other's code version in it and rebuilt its host model from the artefact, so
# neither loop ran with the cached model a user's second run has (branch hhost16).
BASE_ENV = {**ENV, "XDG_CACHE_HOME": str(OUT / "base-cache")}


def _run(cmd: list[str], stdout: Path | None = None,
         env: dict[str, str] = ENV) -> tuple[float, str]:  # fmt: skip
    """Wall seconds of a command, and its standard output (unless sent to a file)."""
    started = time.perf_counter()
    if stdout is not None:
        with stdout.open("wb") as f:
            subprocess.run(cmd, stdout=f, check=False, cwd=ROOT, env=env)
        return time.perf_counter() - started, ""
    p = subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT, env=env)
    return time.perf_counter() - started, p.stdout.decode()


def host_list(eval_dir: Path, train_dir: Path, extra: int) -> tuple[list[str], set[str], set[str]]:
    phishing = (eval_dir / "phishing.txt").read_text().split()
    legit = (eval_dir / "legit.txt").read_text().split()
    hosts = phishing + legit
    if extra:
        train = (train_dir / "domains" / "phishing_train.txt").read_text().split()
        seen = set(hosts)
        hosts += random.Random(11).sample([h for h in train if h not in seen], extra)
    return hosts, set(phishing), set(legit)


def rates(out: Path, phishing: set[str], legit: set[str], ours: bool) -> dict[str, float]:
    flagged = set()
    for line in out.read_text().splitlines():
        host, _, result = line.partition("\t")
        if (result.split("\t")[0] in FLAGGED) if ours else result == "true":
            flagged.add(host)
    return {"caught": len(flagged & phishing) / len(phishing),
            "caught_n": len(flagged & phishing), "phishing": len(phishing),
            "false_positive": len(flagged & legit) / len(legit),
            "false_positive_n": len(flagged & legit), "legit": len(legit)}  # fmt: skip


def summary(values: list[float]) -> dict[str, float]:
    return {"min": round(min(values)), "median": round(statistics.median(values)),
            "max": round(max(values))}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--extra", type=int, default=8555, help="training hosts added (speed only)")
    ap.add_argument("--epd-version", default="1.2.0")
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval" / "domains"))
    ap.add_argument("--train-dir", default=str(ROOT.parent / "shared" / "train"))
    ap.add_argument("--base", type=Path, help="another checkout whose loop is timed beside")
    ap.add_argument("--inner", nargs=2, metavar=("HOSTS", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inner:
        return inner(args.inner[0], args.inner[1], root=args.base.resolve() if args.base else ROOT)
    version = install_epd(args.epd_version)
    hosts, phishing, legit = host_list(Path(args.eval_dir), Path(args.train_dir), args.extra)
    OUT.mkdir(exist_ok=True)
    hosts_file = OUT / "bench_hosts.txt"
    hosts_file.write_text("".join(h + "\n" for h in hosts))
    ours_out, epd_out, cmd_out = OUT / "hosts_ours.tsv", OUT / "hosts_epd.tsv", OUT / "hosts.tsv"
    base_out = OUT / "hosts_base.tsv"
    py = sys.executable
    scamcheck = [py, "-m", "bot.cli", "check", "--hosts", str(hosts_file)]
    env_note = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    sides = ["scamcheck", "eth-phishing-detect"] + (["scamcheck (base)"] if args.base else [])
    loop: dict[str, list[float]] = {k: [] for k in sides}
    loop_cpu: dict[str, list[float]] = {k: [] for k in sides}
    command: dict[str, list[float]] = {"scamcheck": [], "scamcheck --workers 2": [],
                                       "eth-phishing-detect": []}  # fmt: skip
    n = len(hosts)
    for r in range(args.rounds):
        order = ["ours", "epd"] if r % 2 == 0 else ["epd", "ours"]
        if args.base:
            order.insert(r % 3, "base")
        for side in order:
            if side == "base":
                _, out = _run([py, __file__, "--inner", str(hosts_file), str(base_out),
                               "--base", str(args.base)], env=BASE_ENV)  # fmt: skip
                loop["scamcheck (base)"].append(n / json.loads(out)["seconds"])
                loop_cpu["scamcheck (base)"].append(n / json.loads(out)["cpu_seconds"])
            elif side == "ours":
                _, out = _run([py, __file__, "--inner", str(hosts_file), str(ours_out)])
                loop["scamcheck"].append(n / json.loads(out)["seconds"])
                loop_cpu["scamcheck"].append(n / json.loads(out)["cpu_seconds"])
                secs, _ = _run(scamcheck, cmd_out)
                command["scamcheck"].append(n / secs)
                secs, _ = _run([*scamcheck, "--workers", "2"], cmd_out)
                command["scamcheck --workers 2"].append(n / secs)
            else:
                secs, out = _run(["node", str(EPD_JS), str(EPD_DIR), str(hosts_file),
                                  str(epd_out)])  # fmt: skip
                loop["eth-phishing-detect"].append(n / json.loads(out)["seconds"])
                loop_cpu["eth-phishing-detect"].append(n / json.loads(out)["cpu_seconds"])
                command["eth-phishing-detect"].append(n / secs)
        print(f"round {r + 1}: loop {[round(v[-1]) for v in loop.values()]}, per CPU second"
              f" {[round(v[-1]) for v in loop_cpu.values()]},"
              f" command {[round(v[-1]) for v in command.values()]} hosts/s", file=sys.stderr)
    report = {
        "hosts": n,
        "rounds": args.rounds,
        "machine": env_note,
        "eth-phishing-detect": version,
        "loop_hosts_per_second": {k: summary(v) for k, v in loop.items()},
        "loop_hosts_per_cpu_second": {k: summary(v) for k, v in loop_cpu.items()},
        "command_hosts_per_second": {k: summary(v) for k, v in command.items()},
        "eval": {"scamcheck": rates(ours_out, phishing, legit, ours=True),
                 "eth-phishing-detect": rates(epd_out, phishing, legit, ours=False)},
    }  # fmt: skip
    if args.base:
        ours, base = ours_out.read_text().splitlines(), base_out.read_text().splitlines()
        report["same_as_base"] = {"lines": len(ours), "same": sum(
            a == b for a, b in zip(ours, base, strict=True))}  # fmt: skip
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
