"""Byte-identity of two versions of the HTTP service: the same requests, the same answers.

    .venv/bin/python benchmarks/compare_api.py --old /work/main [--db benchmarks/out/kb.db]
        [--messages 2000] [--length 500]

Starts `scamcheck serve` from the old checkout and from this one over the same store (rate
limits off), sends both the same requests (load_api.py's messages as /v1/check bodies, the
same with entities, regions, forwards and destinations, a batch, look-ups, refusals of bad
bodies, unknown routes and methods), and compares status, body bytes and headers: every old
header (but Date) must come back with the same value; new headers may be added. Exits 1 and
prints the first differences when any answer differs. With `--load S` it then loads both at
once for S seconds and prints each one's CPU per request, measured under the same conditions.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_api

VOLATILE_HEADERS = {"Date"}
Request = tuple[str, str, dict[str, Any]]  # method, path, aiohttp keyword arguments


def requests(bodies: list[dict[str, str]]) -> list[Request]:
    """What both services are sent: every message, and variants touching each field."""
    out: list[Request] = [("POST", "/v1/check", {"json": b}) for b in bodies]
    for i, b in enumerate(bodies[:200]):
        text = b["text"]
        variant: dict[str, Any] = dict(b)
        if i % 4 == 0:
            variant["region"] = "hk"
            variant["entities"] = [{"type": "text_link", "offset": 0, "length": min(5, len(text)),
                                    "url": "https://binance-verify.top/login"}]  # fmt: skip
        elif i % 4 == 1:
            variant["forward_origin"] = {"type": "channel", "username": "binance_support"}
            variant["region"] = "SG"
        elif i % 4 == 2:
            variant["destinations"] = ["TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
                                       "0x28C6c06298d514Db089934071355E5743bf21d60"]  # fmt: skip
            variant["lang"] = "zh-HK"
        else:
            variant = {"text": text + " TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"}
        out.append(("POST", "/v1/check", {"json": variant}))
    out.append(("POST", "/v1/check/batch", {"json": {"items": bodies[:50], "region": "HK"}}))
    out.append(("POST", "/v1/check/hosts", {"json": {"hosts": ["binance.com", "binnance.com"]}}))
    for path in (
        "/v1/address/TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        "/v1/domain/binance-verify.top?lang=zh-HK",
        "/v1/domain/a,b",
        "/v1/address/nothing?region=hk",
        "/nowhere",
        "/healthz",
    ):
        out.append(("GET", path, {}))
    refusals: list[dict[str, Any]] = [
        {"data": b"{not json", "headers": {"Content-Type": "application/json"}},
        {"json": {"text": "x", "colour": "red"}},
        {"json": {"text": 12}},
        {"json": {"text": "x" * 20_001}},
        {"json": {"text": "x", "region": "HKG", "lang": "fr"}},
        {"json": {"text": "x", "entities": [{"type": "url", "offset": True, "length": 1}]}},
        {"data": b"text=x", "headers": {"Content-Type": "text/plain"}},
        {"data": b"", "headers": {"Content-Type": "application/json"}},
        {"json": []},
    ]
    out += [("POST", "/v1/check", r) for r in refusals]
    out.append(("GET", "/v1/check", {}))
    unknown_token = {"Authorization": "Bearer nope"}
    out.append(("POST", "/v1/check", {"json": {"text": "x"}, "headers": unknown_token}))
    return out


async def answers(url: str, reqs: list[Request]) -> list[tuple[int, bytes, dict[str, str]]]:
    out = []
    async with aiohttp.ClientSession() as session:
        for method, path, kwargs in reqs:
            async with session.request(method, url + path, **kwargs) as resp:
                out.append((resp.status, await resp.read(), dict(resp.headers)))
    return out


async def load_both(
    old: load_api.Server,
    new: load_api.Server,
    bodies: list[dict[str, str]],
    args: argparse.Namespace,
) -> None:
    """Both services loaded at once, the same requests in the same order, so that whatever else
    the machine runs weighs on both alike: their CPU per request is then comparable."""
    before = old.cpu_seconds(), new.cpu_seconds()
    runs = await asyncio.gather(
        *(
            load_api.closed_loop(f"{s.url}/v1/check", bodies, 10**9, args.load, args.concurrency)
            for s in (old, new)
        )
    )
    spent = old.cpu_seconds() - before[0], new.cpu_seconds() - before[1]
    for name, run, cpu in zip(("old", "new"), runs, spent, strict=True):
        done = len(run.latencies_ms)
        print(f"{name}: {done} checks in {run.seconds:.1f} s, server CPU {cpu:.1f} s ="
              f" {cpu / max(1, done) * 1000:.3f} ms a request,"
              f" p50 {load_api.percentile(run.latencies_ms, 50):.1f} ms")  # fmt: skip


def differences(
    reqs: list[Request],
    old: list[tuple[int, bytes, dict[str, str]]],
    new: list[tuple[int, bytes, dict[str, str]]],
) -> list[str]:
    found = []
    for (method, path, _), (s0, b0, h0), (s1, b1, h1) in zip(reqs, old, new, strict=True):
        if s0 != s1 or b0 != b1:
            found.append(f"{method} {path}: {s0} {b0[:300]!r}\n    now {s1} {b1[:300]!r}")
        lost = {k: v for k, v in h0.items() if k not in VOLATILE_HEADERS and h1.get(k) != v}
        if lost:
            found.append(f"{method} {path}: headers {lost} now {[h1.get(k) for k in lost]}")
    return found


async def compare(args: argparse.Namespace) -> int:
    db = Path(args.db).resolve()
    bodies = load_api.messages(db, args.messages, args.length, args.seed)
    reqs = requests(bodies)
    with tempfile.TemporaryDirectory() as tmp_old, tempfile.TemporaryDirectory() as tmp_new:
        old_server = await load_api.start_server(db, Path(tmp_old), 1, Path(args.old).resolve())
        try:
            new_server = await load_api.start_server(db, Path(tmp_new), 1)
            try:
                old, new = await asyncio.gather(
                    answers(old_server.url, reqs), answers(new_server.url, reqs)
                )
                if args.load:
                    await load_both(old_server, new_server, bodies, args)
            finally:
                await load_api.stop_server(new_server)
        finally:
            await load_api.stop_server(old_server)
    found = differences(reqs, old, new)
    statuses = sorted({s for s, _, _ in new})
    print(f"{len(reqs)} requests (statuses {statuses}), {sum(len(b) for _, b, _ in new)} bytes"
          f" answered: {len(found)} differences")  # fmt: skip
    for line in found[:10]:
        print("  " + line)
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--old", required=True, help="checkout of the version to compare with")
    p.add_argument("--db", default=str(load_api.LARGE_KB), help="store both serve")
    p.add_argument("--messages", type=int, default=2000)
    p.add_argument("--length", type=int, default=500)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--load", type=float, default=0, help="then load both at once this long (s)")
    p.add_argument("--concurrency", type=int, default=4, help="in flight to each, with --load")
    return asyncio.run(compare(p.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
