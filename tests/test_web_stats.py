"""Checks made over HTTP are counted for moderators' /stats, and no message is kept."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from stored import every_stored_value
from test_web_serve import free_port, serving, wait_healthy
from web_server import KB_DIR, REPORTED_ADDRESS, web_settings

from bot.checker import Checker
from bot.runtime import load_files
from bot.store import Store
from bot.web import checks
from bot.web.app import build_web_app

Client = TestClient[web.Request, web.Application]
MakeClient = Callable[[web.Application], Awaitable[Client]]
# Words of their own, so that finding them anywhere in the database means the message was kept.
SCAM = f"Uncle Bartholomew: pay the withdrawal tax first to {REPORTED_ADDRESS}"
BENIGN = "see you at the noodle place near the harbour on thursday"
PRIVATE_WORDS = ("Bartholomew", "noodle place", "harbour")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "service.db"


@pytest.fixture
async def file_store(db_path: Path) -> AsyncIterator[Store]:
    store = Store(db_path)
    load_files(store, KB_DIR, actor="test", reason="fixture")
    yield store
    store.close()


@pytest.fixture
async def client(file_store: Store, aiohttp_client: MakeClient) -> Client:
    app = build_web_app(web_settings(), Checker(file_store, "HK"), file_store)
    return await aiohttp_client(app)



def counts(path: Path) -> list[tuple[str, str, str, int]]:
    """check_counts as another process sees it: (region, risk, category, n)."""
    with sqlite3.connect(path) as db:
        return db.execute(
            "select region, risk, category, sum(n) from check_counts"
            " group by 1, 2, 3 order by 1, 2, 3"
        ).fetchall()


async def test_checks_batches_and_look_ups_are_counted_without_their_text(
    client: Client, file_store: Store, db_path: Path
) -> None:
    for body in ({"text": SCAM}, {"text": SCAM, "region": "gb"}, {"text": BENIGN}):
        assert (await client.post("/v1/check", json=body)).status == 200
    batch = {"items": [{"text": SCAM}, {"text": BENIGN}, {"text": 5}], "region": "HK"}
    resp = await client.post("/v1/check/batch", json=batch)
    assert resp.status == 200 and "error" in (await resp.json())["results"][2]
    assert (await client.get(f"/v1/address/{REPORTED_ADDRESS}")).status == 200
    assert (await client.get("/v1/domain/not-a-domain")).status == 422  # not a check: uncounted
    assert (await client.post("/v1/check", json={"txt": BENIGN})).status == 422  # nor a bad body

    today = dt.datetime.now(dt.UTC).date()
    stats = file_store.moderation_stats(since=today)
    assert stats.checks_per_day == [(today.isoformat(), 6)]
    assert stats.warned_by_category == [("investment", 4)]
    assert counts(db_path) == [
        ("GB", "high", "investment", 1),
        ("HK", "high", "investment", 3),
        ("HK", "low", "", 2),
    ]
    stored = every_stored_value(db_path)
    assert not [w for w in PRIVATE_WORDS if w in stored]


async def test_counts_reach_the_database_every_few_seconds_without_a_stats_call(
    file_store: Store, db_path: Path, aiohttp_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "CHECK_FLUSH_SECONDS", 0.05)
    app = build_web_app(web_settings(), Checker(file_store, "HK"), file_store)
    client = await aiohttp_client(app)
    assert (await client.post("/v1/check", json={"text": SCAM})).status == 200
    async with asyncio.timeout(5):
        while counts(db_path) != [("HK", "high", "investment", 1)]:
            await asyncio.sleep(0.02)
    assert file_store.pending_checks == 0


async def test_a_check_does_not_write_to_the_database_on_the_request_path(
    client: Client, file_store: Store, db_path: Path
) -> None:
    for _ in range(20):
        assert (await client.post("/v1/check", json={"text": BENIGN})).status == 200
    assert file_store.pending_checks == 20  # counted in memory; one write later for all
    assert counts(db_path) == []


async def test_counts_still_in_memory_are_written_when_the_service_stops(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    async with serving(tmp_path, port) as proc, aiohttp.ClientSession() as session:
        await wait_healthy(session, url)
        for body in ({"text": SCAM}, {"text": BENIGN}):
            async with session.post(f"{url}/v1/check", json=body) as resp:
                assert resp.status == 200
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 15) == 0
    db_path = tmp_path / "serve.db"
    assert counts(db_path) == [("HK", "high", "investment", 1), ("HK", "low", "", 1)]
    stored = every_stored_value(db_path)
    assert not [w for w in PRIVATE_WORDS if w in stored]
