"""Auth and look-up edges over real HTTP: malformed tokens, other organisations' cases,
look-ups that are not one domain."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from web_server import web_settings

from bot.checker import Checker
from bot.store import Store
from bot.web.app import build_web_app

Client = TestClient[web.Request, web.Application]
ADMIN = "cli:test"
ROOT = Path(__file__).parent.parent
ROUTES = [
    ("POST", "/v1/police/reported"),
    ("DELETE", "/v1/police/reported"),
    ("GET", "/v1/police/reported/domain/evil.top/history"),
]


@pytest.fixture
async def client(
    store: Store, checker: Checker, aiohttp_client: Callable[[web.Application], Awaitable[Client]]
) -> Client:
    return await aiohttp_client(build_web_app(web_settings(), checker, store))


@pytest.mark.parametrize("token", ["scp_²_x", "scp_" + "9" * 5000 + "_x", "scp_١٢_x", "scp__x"])
@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_a_malformed_token_is_401_everywhere(
    client: Client, token: str, method: str, path: str
) -> None:
    resp = await client.request(method, path, headers={"Authorization": f"Bearer {token}"})
    assert resp.status == 401
    assert (await resp.json())["code"] == "unauthorized"


async def test_read_scopes_see_only_their_own_cases(client: Client, store: Store) -> None:
    store.set_publish_mode("HKPF", "live", ADMIN, "trusted", create=True)
    store.ensure_organisation("SGPF", ADMIN)
    writer = store.create_token("HKPF", [], ADMIN, "case system").token
    other = store.create_token("SGPF", ["reported:read"], ADMIN, "partner").token
    csv = (
        "kind,value,category,reference,note\n"
        "domain,evil-case.top,phishing,HK-SECRET-77,victim Mr Chan\n"
    )
    resp = await client.post(
        "/v1/police/reported",
        data=csv.encode(),
        headers={"Authorization": f"Bearer {writer}", "Content-Type": "text/csv"},
    )
    assert resp.status == 200, await resp.text()
    path = "/v1/police/reported/domain/evil-case.top/history"
    own = await client.get(path, headers={"Authorization": f"Bearer {writer}"})
    theirs = await client.get(path, headers={"Authorization": f"Bearer {other}"})
    assert own.status == theirs.status == 200
    assert "HK-SECRET-77" in await own.text()
    text = await theirs.text()
    assert "HK-SECRET-77" not in text and "Mr Chan" not in text
    assert (await theirs.json())["listed"]["category"] == "phishing"  # the fact stays visible


@pytest.mark.parametrize(
    "value", ["binance.com%00evil.top", "a.com,b.com", "a.com;b.com", "evil.top%09", "a.com|b.top"]
)
async def test_a_domain_look_up_refuses_what_is_not_one_domain(client: Client, value: str) -> None:
    resp = await client.get(f"/v1/domain/{value}")
    assert resp.status == 422, await resp.text()


async def test_a_domain_look_up_still_answers_one_domain(client: Client) -> None:
    resp = await client.get("/v1/domain/binance.com")
    assert resp.status == 200
    assert (await resp.json())["risk"] == "official"


async def test_an_expired_token_is_401(client: Client, store: Store) -> None:
    path = "/v1/police/reported/domain/evil.top/history"
    store.ensure_organisation("HKPF", ADMIN)
    fresh = store.create_token("HKPF", [], ADMIN, "x", expires=dt.timedelta(days=90)).token
    stale = store.create_token("HKPF", [], ADMIN, "x", expires=dt.timedelta(seconds=-1)).token
    ok = await client.get(path, headers={"Authorization": f"Bearer {fresh}"})
    gone = await client.get(path, headers={"Authorization": f"Bearer {stale}"})
    assert (ok.status, gone.status) == (200, 401)


def test_the_cli_creates_tokens_that_expire(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCAMCHECK_DB_PATH": str(tmp_path / "t.db")}
    run = [sys.executable, "-m", "bot.cli", "admin", "token", "create", "HKPF", "--expires"]
    add = [sys.executable, "-m", "bot.cli", "admin", "org", "HKPF", "review", "--new"]
    subprocess.run(add, env=env, capture_output=True, text=True, timeout=120, check=True)
    made = subprocess.run([*run, "90d"], env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    store = Store(tmp_path / "t.db")
    try:
        token = store.verify_token(made.stdout.strip())
        assert token is not None and token.expires_at is not None
        left = dt.datetime.fromisoformat(token.expires_at) - dt.datetime.now(dt.UTC)
        assert dt.timedelta(days=89) < left <= dt.timedelta(days=90)
    finally:
        store.close()
    bad = subprocess.run([*run, "soon"], env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "e.g. 90d" in bad.stderr
