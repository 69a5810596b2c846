"""Auth and look-up edges over real HTTP: malformed tokens, other organisations' cases,
look-ups that are not one domain."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from web_server import web_settings

from bot.checker import Checker
from bot.store import Store
from bot.web.app import build_web_app

Client = TestClient[web.Request, web.Application]
ADMIN = "cli:test"
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
    store.set_publish_mode("HKPF", "live", ADMIN, "trusted")
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
