"""Load benchmark of POST /v1/check: `scamcheck serve` in one process, this client in another.

    .venv/bin/python benchmarks/generate_kb.py            # once: benchmarks/out/kb.db (large)
    .venv/bin/python benchmarks/load_api.py [--db benchmarks/out/kb.db] [--requests 20000]
        [--seconds 60] [--concurrency 8] [--rate 1000] [--length 500] [--url http://...]
        [--workers 2] [--root ../other-checkout]

Starts the service on a free 127.0.0.1 port over the given store (the large generated
knowledge base when benchmarks/out/kb.db exists, else a fresh store seeded from knowledge/),
with rate limits off, waits until it answers, and sends checks with an aiohttp client:

- closed loop (default): `--concurrency` requests in flight at all times: the most the service
  answers per second, and the latency at that load;
- open loop (`--rate R`): R requests a second on a fixed schedule whatever the answers do
  (latency counted from when each request was due): whether the service keeps up with R.

Either way it stops after `--requests` or `--seconds`, whichever comes first, stops the
service with SIGTERM, prints requests/s and latency percentiles (with the service's own
engine time from /metrics, and the CPU each process used), and writes benchmarks/out/load_api.json.
Messages are those of bench_check.py: varied, some with reported indicators and known phrases,
some lookalikes, some benign, one in three in Chinese, `--length` characters each.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import resource
import signal
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
LARGE_KB = OUT / "kb.db"
TARGET = {"rps": 1000.0, "p99_ms": 50.0}
# Open loop: requests wait for one of these connections (their latency counts the wait), as
# a client's connection pool would; opening a connection per request costs more than a check.
OPEN_LOOP_CONNECTIONS = 64
SAMPLE_MESSAGES = [  # when there is no generated knowledge base to draw messages from
    ("en", "Pay the withdrawal tax first to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t to unlock"),
    ("en", "Your Binance account is frozen, verify at https://binance-verify.top/login now"),
    ("en", "Guaranteed 30% daily profit, send USDT to 0x52908400098527886e0f7030069857d2e4169ee7"),
    ("en", "Lunch on Thursday? The new place near the station is quite good."),
    ("zh", "先繳交提款稅才可解鎖你的收益，請轉賬到 TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
    ("zh", "明天下午三點開會，記得帶文件。"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def messages(db: Path | None, n: int, length: int, seed: int) -> list[dict[str, str]]:
    """Request bodies: bench_check.py's generated messages, or a few samples without kb.db."""
    if db is None:
        return [{"text": t, "lang": "zh-HK" if lang == "zh" else "en"} for lang, t in
                SAMPLE_MESSAGES]  # fmt: skip
    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
    import bench_check

    from bot.store import Store

    bench_check.LENGTH = length  # make_message reads the length from the module
    rng = random.Random(seed)
    store = Store(db)
    try:
        corpus = bench_check.Corpus(store, rng)
        made = bench_check.make_messages(rng, corpus, n)
    finally:
        store.close()
    langs = ["en", "en", "zh-HK"]  # make_messages writes one Chinese message in three
    return [{"text": text, "lang": langs[i // 4 % 3]} for i, (_, text) in enumerate(made)]


@dataclass
class Server:
    proc: asyncio.subprocess.Process
    url: str
    started_s: float

    def cpu_seconds(self) -> float:
        """CPU time of the service: its process and its workers, if it has any."""
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat.parent.name == str(self.proc.pid) or fields[1] == str(self.proc.pid):
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")


async def start_server(db: Path | None, workdir: Path, workers: int, root: Path = ROOT) -> Server:
    """scamcheck serve over db (or a fresh seeded store), rate limits off; waits until ready.

    root: the checkout whose `bot` package serves (another one to compare two versions)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if "TELEGRAM" not in k}
    env.update(
        PYTHONPATH=str(root),
        SCAMCHECK_DB_PATH=str(db or workdir / "seed.db"),
        SCAMCHECK_API_RATE_PER_MINUTE="0",
        SCAMCHECK_API_KEY_RATE_PER_MINUTE="0",
        SCAMCHECK_WEB_WORKERS=str(workers),
    )
    started = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", "--port", str(port), env=env, cwd=workdir,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        start_new_session=True,  # its own process group: _kill reaches its workers too
    )  # fmt: skip
    assert proc.stderr is not None
    listening = 0
    try:
        async with asyncio.timeout(300):  # every worker builds its index, then listens
            while listening < workers:
                line = (await proc.stderr.readline()).decode()
                if not line:
                    raise RuntimeError(f"scamcheck serve exited with {await proc.wait()}")
                listening += "listening on" in line
    except BaseException:  # a start that failed or timed out must not leave a server behind
        await _kill(proc)
        raise
    asyncio.get_running_loop().create_task(proc.stderr.read())  # keep the pipe drained
    return Server(proc, f"http://127.0.0.1:{port}", time.perf_counter() - started)


async def _kill(proc: asyncio.subprocess.Process) -> None:
    """SIGKILL to the server's own process group: the supervisor and any worker it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    await proc.wait()


async def stop_server(server: Server) -> int:
    """SIGTERM, and SIGKILL if it has not stopped within 30 s: the server never outlives us."""
    server.proc.send_signal(signal.SIGTERM)
    try:
        return await asyncio.wait_for(server.proc.wait(), 30)
    except TimeoutError:
        await _kill(server.proc)
        raise


@dataclass
class Run:
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


async def _one(
    session: aiohttp.ClientSession, url: str, body: dict[str, str], due: float, run: Run
) -> None:
    try:
        async with session.post(url, json=body) as resp:
            await resp.read()
            if resp.status != 200:
                run.error(str(resp.status))
    except aiohttp.ClientError as e:
        run.error(type(e).__name__)
    run.latencies_ms.append((time.perf_counter() - due) * 1000)


async def closed_loop(
    url: str, bodies: list[dict[str, str]], requests: int, seconds: float, concurrency: int
) -> Run:
    """`concurrency` requests in flight at all times, until requests or seconds run out."""
    run = Run()
    counter = iter(range(requests))
    started = time.perf_counter()
    deadline = started + seconds
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            for i in counter:
                if time.perf_counter() > deadline:
                    return
                await _one(session, url, bodies[i % len(bodies)], time.perf_counter(), run)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    run.seconds = time.perf_counter() - started
    return run


async def open_loop(
    url: str, bodies: list[dict[str, str]], requests: int, seconds: float, rate: float
) -> Run:
    """Requests sent on a fixed schedule of `rate` a second; latency counts from when due."""
    run = Run()
    total = min(requests, int(rate * seconds))
    tasks: list[asyncio.Task[None]] = []
    connector = aiohttp.TCPConnector(limit=OPEN_LOOP_CONNECTIONS)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        for i in range(total):
            due = started + i / rate
            if (wait := due - time.perf_counter()) > 0:
                await asyncio.sleep(wait)
            tasks.append(
                asyncio.create_task(_one(session, url, bodies[i % len(bodies)], due, run))
            )
        await asyncio.gather(*tasks)
        run.seconds = time.perf_counter() - started
    return run


async def engine_seconds(url: str) -> tuple[float, int]:
    """Sum and count of the engine's check time, from the service's /metrics."""
    async with aiohttp.ClientSession() as session, session.get(f"{url}/metrics") as resp:
        text = await resp.text()
    values = {}
    for line in text.splitlines():
        name, _, value = line.rpartition(" ")
        if name in (
            "scamcheck_check_duration_seconds_sum",
            "scamcheck_check_duration_seconds_count",
        ):
            values[name.rsplit("_", 1)[1]] = float(value)
    return values.get("sum", 0.0), int(values.get("count", 0))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


async def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    # Absolute: the server runs in a temporary folder, where a relative path would name a new,
    # empty database (seeded from knowledge/) and silently benchmark the small base instead.
    db = Path(args.db).resolve() if args.db else (LARGE_KB if LARGE_KB.exists() else None)
    if db is not None and not db.is_file():
        raise SystemExit(f"load_api.py: {db} does not exist (generate it: generate_kb.py)")
    bodies = messages(db, 2000, args.length, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.root).resolve() if args.root else ROOT
        server = await start_server(db, Path(tmp), args.workers, root) if not args.url else None
        url = args.url or (server.url if server else "")
        try:
            await closed_loop(f"{url}/v1/check", bodies, args.warmup, 60, args.concurrency)
            sum0, count0 = await engine_seconds(url)
            cpu0 = server.cpu_seconds() if server else 0.0
            client0 = resource.getrusage(resource.RUSAGE_SELF)
            if args.rate:
                run = await open_loop(f"{url}/v1/check", bodies, args.requests, args.seconds,
                                      args.rate)  # fmt: skip
            else:
                run = await closed_loop(f"{url}/v1/check", bodies, args.requests, args.seconds,
                                        args.concurrency)  # fmt: skip
            client1 = resource.getrusage(resource.RUSAGE_SELF)
            cpu1 = server.cpu_seconds() if server else 0.0
            sum1, count1 = await engine_seconds(url)
        finally:
            exit_code = await stop_server(server) if server else None
    done = len(run.latencies_ms)
    client_cpu = (client1.ru_utime + client1.ru_stime) - (client0.ru_utime + client0.ru_stime)
    return {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "knowledge_base": str(db) if db else "seed (knowledge/)",
        "server_start_s": round(server.started_s, 1) if server else None,
        "server_exit_code": exit_code,
        "mode": (
            f"open loop at {args.rate:g}/s"
            if args.rate
            else f"closed loop, {args.concurrency} in flight"
        ),
        "workers": args.workers if server else None,
        "message_chars": args.length if db else "samples",
        "requests": done,
        "errors": run.errors,
        "seconds": round(run.seconds, 2),
        "rps": round(done / run.seconds, 1) if run.seconds else 0.0,
        "latency_ms": {
            "p50": round(percentile(run.latencies_ms, 50), 2),
            "p90": round(percentile(run.latencies_ms, 90), 2),
            "p99": round(percentile(run.latencies_ms, 99), 2),
            "max": round(max(run.latencies_ms, default=float("nan")), 2),
            "mean": round(statistics.fmean(run.latencies_ms), 2) if done else None,
        },
        # /metrics is per process: with several workers the two reads may come from different
        # ones (a difference of -462 ms was printed), so the figure is one worker's only.
        "engine_ms_per_check": (
            round((sum1 - sum0) / max(1, count1 - count0) * 1000, 3)
            if args.workers == 1 or args.url
            else None
        ),
        "cpu_s": {"server": round(cpu1 - cpu0, 1), "client": round(client_cpu, 1)},
        # What a request costs the service whatever else the machine runs (requests/s does not).
        "server_cpu_ms_per_request": round((cpu1 - cpu0) / max(1, done) * 1000, 3),
    }


def table(r: dict[str, Any]) -> str:
    lat = r["latency_ms"]
    ok = r["rps"] >= TARGET["rps"] and lat["p99"] < TARGET["p99_ms"] and not r["errors"]
    rows = [
        ("knowledge base", r["knowledge_base"]),
        ("mode", r["mode"]),
        ("service", f"{r['workers']} worker process(es)" if r["workers"] else "given by --url"),
        ("message length", str(r["message_chars"])),
        ("requests", f"{r['requests']} in {r['seconds']} s, errors {r['errors'] or 'none'}"),
        ("requests/s", f"{r['rps']:.0f}   (aim >= {TARGET['rps']:.0f})"),
        ("latency ms", f"p50 {lat['p50']}  p90 {lat['p90']}  p99 {lat['p99']}  max {lat['max']}"
                       f"   (aim p99 < {TARGET['p99_ms']:.0f})"),
        ("engine ms/check", str(r["engine_ms_per_check"] or "n/a (per worker)")),
        ("CPU s", f"server {r['cpu_s']['server']}, client {r['cpu_s']['client']}"
                  f" ({r['machine']['cpus']} cores)"),
        ("server CPU/req", f"{r['server_cpu_ms_per_request']} ms"),
        ("aim met", "yes" if ok else "no"),
    ]  # fmt: skip
    return "\n".join(f"  {name:<16} {value}" for name, value in rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--db", help="store to serve (default: benchmarks/out/kb.db if it exists)")
    p.add_argument("--url", help="load a service already running there instead of starting one")
    p.add_argument("--requests", type=int, default=20_000, help="at most this many")
    p.add_argument("--seconds", type=float, default=60.0, help="at most this long")
    p.add_argument("--concurrency", type=int, default=8, help="closed loop: in flight")
    p.add_argument("--rate", type=float, help="open loop: requests a second")
    p.add_argument("--workers", type=int, default=1, help="service processes (one core each)")
    p.add_argument("--root", help="serve the bot package of this checkout (before/after runs)")
    p.add_argument("--warmup", type=int, default=500)
    p.add_argument("--length", type=int, default=500, help="characters per message")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", default=str(OUT / "load_api.json"))
    args = p.parse_args(argv)
    result = asyncio.run(benchmark(args))
    print(table(result))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
