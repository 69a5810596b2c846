"""`scamcheck serve` syncing the public blocklists on its own (SCAMCHECK_FEEDS_SYNC_HOURS)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import signal
from pathlib import Path

import aiohttp
import pytest
from test_feeds import POLKADOT, Upstream, upstream  # noqa: F401  (the fixture)
from test_web_serve import free_port, serving, wait_healthy

from bot.feed_schedule import FeedScheduler, first_delay
from bot.runtime import open_store
from bot.settings import Settings
from bot.store import Store

NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
HOUR = 3600.0


def tried(minutes_ago: float) -> dict[str, object]:
    return {"checked_at": (NOW - dt.timedelta(minutes=minutes_ago)).isoformat()}


def test_a_store_that_never_synced_syncs_at_once() -> None:
    assert first_delay([], 4, 6 * HOUR, NOW) == 0.0
    # a feed added since the last sync has never been tried either
    assert first_delay([tried(5), tried(5), tried(5)], 4, 6 * HOUR, NOW) == 0.0


def test_a_restart_waits_for_the_least_recently_tried_feed() -> None:
    states = [tried(30), tried(90), tried(60), tried(10)]
    assert first_delay(states, 4, 6 * HOUR, NOW) == 6 * HOUR - 90 * 60
    assert first_delay([tried(400)] * 4, 4, 6 * HOUR, NOW) == 0.0  # overdue


def test_an_unreadable_timestamp_means_due() -> None:
    assert first_delay([{"checked_at": "yesterday"}] * 4, 4, HOUR, NOW) == 0.0


@pytest.mark.parametrize("workers", ["1", "2"])
async def test_serve_syncs_on_its_schedule_and_checks_with_the_new_entries(
    tmp_path: Path, upstream: tuple[Upstream, str], workers: str  # noqa: F811
) -> None:
    up, base = upstream
    up.files["/polkadot.json"] = (200, json.dumps(POLKADOT).encode(), '"v1"')
    # the other three feeds fail (404 here): they must not stop the schedule or the service
    urls = {name: f"{base}/{name}.json" for name in
            ("scamsniffer", "polkadot", "metamask", "cryptoscamdb")}  # fmt: skip
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"SCAMCHECK_FEEDS_SYNC_HOURS": "0.0002",  # every 0.72 s
           "SCAMCHECK_FEED_URLS": json.dumps(urls), "SCAMCHECK_WEB_WORKERS": workers}  # fmt: skip
    async with serving(tmp_path, port, **env) as proc, aiohttp.ClientSession() as session:
        await wait_healthy(session, url)
        async with asyncio.timeout(30):
            while True:
                resp = await session.post(f"{url}/v1/check",
                                          json={"text": "claim at https://claim-dot.xyz/now"})
                body = await resp.json()
                reported = [f for f in body["findings"] if f["type"] == "reported"]
                if reported:
                    break
                await asyncio.sleep(0.2)
        assert body["risk"] == "high" and reported[0]["organisation"] == "polkadot-js/phishing"
        async with asyncio.timeout(30):  # a later round asks again, conditionally
            while ("/polkadot.json", '"v1"') not in up.requests:
                await asyncio.sleep(0.2)
        metrics = await (await session.get(f"{url}/metrics")).text()
        assert 'scamcheck_feed_last_sync_ok{feed="polkadot"} 1' in metrics
        assert 'scamcheck_feed_last_sync_ok{feed="metamask"} 0' in metrics
        assert (await session.get(f"{url}/healthz")).status == 200
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 20) == 0
        stderr = (await proc.stderr.read()).decode()  # type: ignore[union-attr]
    assert "Traceback" not in stderr


async def test_serve_without_the_setting_fetches_nothing(
    tmp_path: Path, upstream: tuple[Upstream, str]  # noqa: F811
) -> None:
    up, base = upstream
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"SCAMCHECK_FEED_URLS": json.dumps({"polkadot": f"{base}/polkadot.json"})}
    async with serving(tmp_path, port, **env) as proc, aiohttp.ClientSession() as session:
        await wait_healthy(session, url)
        await asyncio.sleep(1.5)
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 20) == 0
    assert up.requests == []


async def test_serve_refuses_a_mirror_for_a_feed_that_does_not_exist(tmp_path: Path) -> None:
    port = free_port()
    env = {"SCAMCHECK_FEEDS_SYNC_HOURS": "6",
           "SCAMCHECK_FEED_URLS": json.dumps({"phishtank": "http://127.0.0.1:9/x.json"})}
    async with serving(tmp_path, port, **env) as proc:
        assert await asyncio.wait_for(proc.wait(), 30) == 2
        stderr = (await proc.stderr.read()).decode()  # type: ignore[union-attr]
    assert "unknown feed(s): phishtank" in stderr and "Traceback" not in stderr


def _scheduler_and_closed_store(tmp_path: Path) -> tuple[FeedScheduler, Store]:
    settings = Settings(db_path=tmp_path / "kb.db", knowledge_dir=tmp_path / "none",
                        feeds_sync_hours=1.0)  # fmt: skip
    store = open_store(settings)
    store.close()  # what a shutdown does under a round in flight
    return FeedScheduler(settings), store


def test_a_round_cut_short_by_shutdown_is_logged_without_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    scheduler, store = _scheduler_and_closed_store(tmp_path)
    scheduler.stop(timeout=0)  # told to stop (the thread never started)
    with caplog.at_level(logging.INFO, logger="bot.feed_schedule"):
        scheduler.sync_once(store)
    assert scheduler.rounds == 1
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert "interrupted by shutdown" in caplog.text


def test_a_round_that_fails_while_serving_is_logged_with_its_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    scheduler, store = _scheduler_and_closed_store(tmp_path)
    with caplog.at_level(logging.INFO, logger="bot.feed_schedule"):
        scheduler.sync_once(store)
    failed = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert failed and failed[0].exc_info is not None
    assert "previous entries kept" in failed[0].getMessage()


async def test_checks_during_feed_syncs_all_succeed(
    tmp_path: Path, upstream: tuple[Upstream, str]  # noqa: F811
) -> None:
    """Rounds that replace a large feed (a new version every round) while clients check,
    look up and batch: every answer is a 200, none waits on the sync's transaction."""
    up, base = upstream
    hosts = [f"drain-{i}.claim-{i % 97}.top" for i in range(30_000)]
    up.files["/scamsniffer.json"] = (200, json.dumps(hosts).encode(), "")  # no ETag: every round
    urls = {name: f"{base}/{name}.json" for name in
            ("scamsniffer", "polkadot", "metamask", "cryptoscamdb")}  # fmt: skip
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"SCAMCHECK_FEEDS_SYNC_HOURS": "0.0002", "SCAMCHECK_FEED_URLS": json.dumps(urls),
           "SCAMCHECK_API_RATE_PER_MINUTE": "0"}
    statuses: list[int] = []

    batch = {"items": [{"text": f"see https://{h}"} for h in hosts[:20]]}

    async def client(session: aiohttp.ClientSession, stop: asyncio.Event) -> None:
        while not stop.is_set():
            for method, path, body in [
                ("POST", "/v1/check", {"text": "claim at https://drain-5.claim-5.top/x"}),
                ("GET", "/v1/domain/drain-7.claim-7.top", None),
                ("POST", "/v1/check/batch", batch),
            ]:
                async with session.request(method, url + path, json=body) as resp:
                    statuses.append(resp.status)
                    await resp.read()

    async with serving(tmp_path, port, **env) as proc, aiohttp.ClientSession() as session:
        await wait_healthy(session, url)
        stop = asyncio.Event()
        clients = [asyncio.create_task(client(session, stop)) for _ in range(3)]
        async with asyncio.timeout(90):  # a whole round at least, under way or done
            while sum(1 for p, _ in up.requests if p == "/scamsniffer.json") < 2:
                await asyncio.sleep(0.2)
        stop.set()
        await asyncio.gather(*clients)
        metrics = await (await session.get(f"{url}/metrics")).text()
        verdict = await (await session.post(f"{url}/v1/check", json={
            "text": "claim at https://drain-5.claim-5.top/x"})).json()
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 20) == 0
        stderr = (await proc.stderr.read()).decode()  # type: ignore[union-attr]
    assert statuses and set(statuses) == {200}, sorted(set(statuses))
    assert 'status="5' not in metrics
    assert verdict["risk"] == "high"
    # (the check counts for /stats may wait for the next flush: "not written yet", by design)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[-3000:]
