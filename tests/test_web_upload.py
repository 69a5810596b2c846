"""A 5,000-row police upload against `scamcheck serve`: one transaction, idempotent, one
version bump, and checks keep their latency while it runs."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from pathlib import Path

import aiohttp
from test_web_serve import free_port, serving, wait_healthy
from web_server import KB_DIR

from bot.runtime import load_files
from bot.store import Store

ROWS = 5000
P99_BOUND = 0.1


def _prepared(tmp_path: Path) -> str:
    """The database the server will open, with a live organisation and its token."""
    store = Store(tmp_path / "serve.db")
    try:
        load_files(store, KB_DIR, actor="test", reason="fixture")
        store.set_publish_mode("HKPF", "live", "cli:test", "trusted case system", create=True)
        return store.create_token("HKPF", [], "cli:test", "case system").token
    finally:
        store.close()


def _csv(tag: str = "") -> bytes:
    lines = ["kind,value,category,reference"]
    lines += [f"domain,evil{tag}-{i}.top,phishing,HK-{i}" for i in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


def _live_rows(tmp_path: Path) -> tuple[int, int]:
    store = Store(tmp_path / "serve.db")
    try:
        n = store.db.execute(
            "select count(*) from reported where enabled = 1 and key like 'evil%'"
        ).fetchone()[0]
        return int(n), store.kb_version
    finally:
        store.close()


async def _upload(session: aiohttp.ClientSession, url: str, token: str, body: bytes) -> dict:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    async with session.post(f"{url}/v1/police/reported", data=body, headers=headers) as resp:
        assert resp.status == 200, await resp.text()
        return await resp.json()  # type: ignore[no-any-return]


async def test_checks_stay_fast_while_a_big_upload_runs(tmp_path: Path) -> None:
    token = _prepared(tmp_path)
    _, version_before = _live_rows(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"SCAMCHECK_API_RATE_PER_MINUTE": "0"}
    async with serving(tmp_path, port, **env), aiohttp.ClientSession() as session:
        await wait_healthy(session, url)
        async with session.post(f"{url}/v1/check", json={"text": "warm up"}) as r:
            assert r.status == 200  # the first check loads what checks share
        upload = asyncio.create_task(_upload(session, url, token, _csv()))
        latencies = []
        async with aiohttp.ClientSession() as checks:
            while not upload.done():
                started = time.perf_counter()
                async with checks.post(f"{url}/v1/check", json={"text": "hello there"}) as r:
                    assert r.status == 200
                latencies.append(time.perf_counter() - started)
                await asyncio.sleep(0.01)
        body = await upload
        assert body["published"] == ROWS and not body["errors"]
        again = await _upload(session, url, token, _csv())  # re-sent: nothing changes
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99)]
    median = latencies[len(latencies) // 2]
    print(f"{len(latencies)} checks during the upload: median {median:.4f} s, p99 {p99:.4f} s,"
          f" max {latencies[-1]:.4f} s")  # fmt: skip
    assert len(latencies) >= 20  # the upload took a while, and checks were answered meanwhile
    assert p99 < P99_BOUND
    assert again["published"] == ROWS
    rows, version = _live_rows(tmp_path)
    assert rows == ROWS
    assert version == version_before + 1  # once for the upload, not at all for the re-send


async def test_a_killed_upload_leaves_all_or_nothing(tmp_path: Path) -> None:
    token = _prepared(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    async with serving(tmp_path, port) as proc, aiohttp.ClientSession() as session:
        await wait_healthy(session, url)
        upload = asyncio.create_task(_upload(session, url, token, _csv("k")))
        await asyncio.sleep(0.8)  # mid-transaction
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
        with contextlib.suppress(aiohttp.ClientError, AssertionError):
            await upload
    rows, _ = _live_rows(tmp_path)
    assert rows in (0, ROWS)
