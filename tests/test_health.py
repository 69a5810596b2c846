"""An empty knowledge base is unhealthy, and serve says why (issue 13: installs that lost the
seed used to answer `ok` with replies that carried no warnings and no police contacts)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestClient, TestServer
from test_web_serve import free_port, serving
from web_server import web_settings

from bot.checker import Checker
from bot.health import knowledge_problems
from bot.store import Store
from bot.web.app import build_web_app
from bot.web.openapi import document


async def test_healthz_is_503_with_reasons_on_an_empty_store() -> None:
    store = Store(":memory:")
    app = build_web_app(web_settings(), Checker(store, "HK"), store)
    async with TestClient(TestServer(app)) as client:
        resp = await client.get("/healthz")
        body = await resp.json()
    assert resp.status == 503 and body["status"] == "unhealthy"
    assert any("no categories" in p for p in body["problems"])
    assert any("no regions" in p for p in body["problems"])
    assert any("scamcheck kb load" in p for p in body["problems"])


def test_the_api_document_names_the_503() -> None:
    responses = document()["paths"]["/healthz"]["get"]["responses"]
    assert set(responses) == {"200", "503"}


def test_a_store_with_categories_and_regions_is_fit(store: Store) -> None:
    assert knowledge_problems(store) == []


def test_a_missing_seed_folder_is_named(tmp_path: Path) -> None:
    problems = knowledge_problems(Store(":memory:"), tmp_path / "nowhere")
    assert any(str(tmp_path / "nowhere") in p for p in problems)


async def test_serve_without_a_seed_says_why_and_reports_unhealthy(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    missing = tmp_path / "no-knowledge"
    async with (
        serving(tmp_path, port, SCAMCHECK_KNOWLEDGE_DIR=str(missing)) as proc,
        aiohttp.ClientSession() as session,
    ):
        assert proc.stderr is not None
        warning = await asyncio.wait_for(proc.stderr.readline(), 30)
        assert b"warning: the knowledge base has no categories" in warning
        async with asyncio.timeout(30):
            while True:
                try:
                    async with session.get(f"{url}/healthz") as resp:
                        assert resp.status == 503
                        assert (await resp.json())["status"] == "unhealthy"
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
