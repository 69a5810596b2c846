"""Input limits and rate limits: every refusal is a clear 4xx JSON error."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from web_server import SCAM, web_settings

from bot.checker import Checker
from bot.store import Store
from bot.web.app import build_web_app
from bot.web.limits import MAX_BATCH_BODY, MAX_CHECK_BODY
from bot.web.models import MAX_BATCH_ITEMS, MAX_ENTITIES, MAX_TEXT_CHARS
from bot.web.ratelimit import RateLimiter, client_address

Client = TestClient[web.Request, web.Application]
MakeClient = Callable[[web.Application], Awaitable[Client]]
ENTITY = {"type": "url", "offset": 0, "length": 1}


@pytest.fixture
async def client(store: Store, checker: Checker, aiohttp_client: MakeClient) -> Client:
    return await aiohttp_client(build_web_app(web_settings(), checker, store))


async def refusal(resp: Any) -> tuple[int, str, str]:
    body = await resp.json()
    assert set(body) <= {"error", "code", "details"}, body
    return resp.status, body["code"], body["error"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"text": "x" * (MAX_TEXT_CHARS + 1)}, "text: String should have at most 20000"),
        ({"text": "hi", "colour": "red"}, "colour: Extra inputs are not permitted"),
        ({"text": "hi", "entities": [{**ENTITY, "user_id": 5}]}, "entities.0.user_id: Extra"),
        ({"text": "hi", "entities": [ENTITY] * (MAX_ENTITIES + 1)}, "entities: List should"),
        ({"text": "hi", "entities": [{**ENTITY, "offset": True}]}, "entities.0.offset: Input"),
        ({"text": "hi", "lang": "fr"}, "lang: Input should be 'en' or 'zh-HK'"),
        ({"text": "hi", "region": "Hong Kong"}, "region: String should match"),
        ({"text": 5}, "text: Input should be a valid string"),
        ({}, "text: Field required"),
        ([SCAM], "Input should be an object"),
    ],
)
async def test_a_bad_check_request_is_refused_saying_why(
    client: Client, body: Any, says: str
) -> None:
    resp = await client.post("/v1/check", json=body)
    status, code, error = await refusal(resp)
    assert (status, code) == (422, "invalid_request") and error.startswith(says), error


@pytest.mark.parametrize(
    ("data", "headers", "status", "code"),
    [
        (b'{"text": "unfinished', {"Content-Type": "application/json"}, 400, "invalid_json"),
        (b"\xff\xfe", {"Content-Type": "application/json"}, 400, "invalid_json"),
        (b"text=hello", {"Content-Type": "application/x-www-form-urlencoded"}, 415,
         "unsupported_media_type"),
        (b'{"text": "' + b"x" * MAX_CHECK_BODY + b'"}', {"Content-Type": "application/json"}, 413,
         "body_too_large"),
    ],
)  # fmt: skip
async def test_bodies_that_are_not_json_or_too_large(
    client: Client, data: bytes, headers: dict[str, str], status: int, code: str
) -> None:
    resp = await client.post("/v1/check", data=data, headers=headers)
    assert (await refusal(resp))[:2] == (status, code)


async def test_a_chunked_body_is_cut_off_at_the_limit(client: Client) -> None:
    async def stream() -> AsyncIterator[bytes]:  # no Content-Length: sent chunk by chunk
        yield b'{"text": "'
        for _ in range(MAX_CHECK_BODY // 65536 + 2):
            yield b"x" * 65536
        yield b'"}'

    resp = await client.post(
        "/v1/check", data=stream(), headers={"Content-Type": "application/json"}
    )
    assert (await refusal(resp))[:2] == (413, "body_too_large")


async def test_a_body_without_content_type_is_taken_as_json(client: Client) -> None:
    body = json.dumps({"text": SCAM}).encode()
    resp = await client.post("/v1/check", data=body, skip_auto_headers=["Content-Type"])
    assert resp.status == 200


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"items": [{"text": "hi"}] * (MAX_BATCH_ITEMS + 1)}, "items: List should have at most"),
        ({"items": []}, "items: List should have at least 1 item"),
        ({"items": [{"text": "hi"}], "format": "csv"}, "format: Extra inputs"),
        ({"text": "hi"}, "items: Field required"),
    ],
)  # fmt: skip
async def test_a_bad_batch_is_refused_whole(client: Client, body: Any, says: str) -> None:
    resp = await client.post("/v1/check/batch", json=body)
    status, code, error = await refusal(resp)
    assert (status, code) == (422, "invalid_request") and error.startswith(says), error


async def test_a_batch_body_over_its_limit_is_refused(client: Client) -> None:
    item = {"text": "y" * MAX_TEXT_CHARS}
    body = {"items": [item] * (MAX_BATCH_BODY // MAX_TEXT_CHARS + 1)}
    resp = await client.post("/v1/check/batch", json=body)
    assert (await refusal(resp))[:2] == (413, "body_too_large")


async def test_a_full_batch_of_long_messages_is_answered(client: Client) -> None:
    text = (SCAM + " ") * 50  # about 3,500 characters
    resp = await client.post("/v1/check/batch", json={"items": [{"text": text}] * 1000})
    assert resp.status == 200
    results = (await resp.json())["results"]
    assert len(results) == 1000 and {r["risk"] for r in results} == {"high"}


@pytest.mark.parametrize(
    "path",
    ["/v1/address/" + "1" * 129, "/v1/address/0x..", "/v1/domain/" + "a" * 254, "/v1/domain/x@y"],
)
async def test_look_ups_refuse_what_cannot_be_one_address_or_domain(
    client: Client, path: str
) -> None:
    resp = await client.get(path)
    assert (await refusal(resp))[:2] == (422, "invalid_request")


# --- rate limits --------------------------------------------------------------------------


async def limited_client(
    store: Store, checker: Checker, aiohttp_client: MakeClient, **settings: Any
) -> Client:
    values = {"api_rate_per_minute": 60, "api_burst": 3, **settings}
    return await aiohttp_client(build_web_app(web_settings(**values), checker, store))


async def test_a_client_over_its_rate_gets_429_with_retry_after(
    store: Store, checker: Checker, aiohttp_client: MakeClient
) -> None:
    client = await limited_client(store, checker, aiohttp_client)
    statuses = [(await client.post("/v1/check", json={"text": "hi"})).status for _ in range(3)]
    resp = await client.get("/v1/domain/example.com")
    assert statuses == [200, 200, 200]
    status, code, error = await refusal(resp)
    assert (status, code) == (429, "rate_limited")
    assert resp.headers["Retry-After"] == "1"  # one request a second refills the bucket
    assert "try again in 1 s" in error
    assert (await client.get("/healthz")).status == 200  # health and metrics are not limited
    metrics = await (await client.get("/metrics")).text()
    assert 'scamcheck_rate_limited_total{by="ip"} 1' in metrics


async def test_a_batch_pays_for_every_item(
    store: Store, checker: Checker, aiohttp_client: MakeClient
) -> None:
    client = await limited_client(store, checker, aiohttp_client)
    resp = await client.post("/v1/check/batch", json={"items": [{"text": "hi"}] * 10})
    assert resp.status == 200  # let in with tokens left, then in debt: 3 - 10 = -7
    resp = await client.post("/v1/check", json={"text": "hi"})
    assert resp.status == 429
    assert int(resp.headers["Retry-After"]) == 8  # back to one token at one a second


async def test_forwarded_for_is_used_only_behind_a_trusted_proxy(
    store: Store, checker: Checker, aiohttp_client: MakeClient
) -> None:
    async def statuses(client: Client) -> list[int]:
        out = []
        for n in range(4):
            headers = {"X-Forwarded-For": f"203.0.113.{n}"}
            out.append(
                (await client.post("/v1/check", json={"text": "hi"}, headers=headers)).status
            )
        return out

    direct = await limited_client(store, checker, aiohttp_client)
    assert await statuses(direct) == [200, 200, 200, 429]  # spoofed headers change nothing
    proxied = await limited_client(store, checker, aiohttp_client, api_trust_forwarded_for=True)
    assert await statuses(proxied) == [200, 200, 200, 200]


async def test_an_api_token_has_its_own_bucket_and_a_bad_one_is_refused(
    store: Store, checker: Checker, aiohttp_client: MakeClient
) -> None:
    store.ensure_organisation("EXCH", "cli:test")
    token = store.create_token("EXCH", [], "cli:test", "exchange integration").token
    client = await limited_client(store, checker, aiohttp_client, api_key_rate_per_minute=6000)
    for _ in range(3):
        await client.post("/v1/check", json={"text": "hi"})
    assert (await client.post("/v1/check", json={"text": "hi"})).status == 429
    auth = {"Authorization": f"Bearer {token}"}
    for _ in range(10):
        assert (await client.post("/v1/check", json={"text": "hi"}, headers=auth)).status == 200
    resp = await client.post("/v1/check", json={"text": "hi"},
                             headers={"Authorization": "Bearer scp_1_wrong"})  # fmt: skip
    assert (await refusal(resp))[:2] == (401, "unauthorized")
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_buckets_refill_and_forget_the_least_recent_client() -> None:
    now = [0.0]
    limiter = RateLimiter(60, burst=2, clock=lambda: now[0], max_clients=2)
    assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 1.0]
    now[0] = 0.5
    assert limiter.take("a") == pytest.approx(0.5)
    now[0] = 1.0
    assert limiter.take("a") == 0.0
    limiter.take("b")
    limiter.take("c")  # a third client: "a", seen least recently, is forgotten (a full bucket)
    assert list(limiter.buckets) == ["b", "c"]
    assert RateLimiter(0, burst=1).take("anyone", cost=1e9) == 0.0  # 0 turns limiting off


@pytest.mark.parametrize(
    ("peer", "forwarded", "trust", "key"),
    [
        ("198.51.100.7", None, False, "198.51.100.7"),
        ("2001:db8:1:2:3:4:5:6", None, False, "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", None, False, "198.51.100.7"),
        ("10.0.0.2", "203.0.113.9, 198.51.100.7", True, "198.51.100.7"),
        ("10.0.0.2", "203.0.113.9", False, "10.0.0.2"),
        (None, None, False, "unknown"),
    ],
)
def test_client_addresses(peer: str | None, forwarded: str | None, trust: bool, key: str) -> None:
    assert client_address(peer, forwarded, trust) == key


@pytest.mark.parametrize("escape", [b"\\ud83d", b"\\ude42"])
async def test_half_a_surrogate_pair_is_refused_saying_so(client: Client, escape: bytes) -> None:
    """JSON.stringify of a string cut inside an emoji writes one half of its UTF-16 pair."""
    body = b'{"text": "send 0.5 BTC now ' + escape + b'"}'
    resp = await client.post("/v1/check", data=body, headers={"Content-Type": "application/json"})
    status, code, error = await refusal(resp)
    assert (status, code) == (400, "invalid_json") and "surrogate" in error, error
    assert "without its pair" in error


async def test_a_proxys_basic_credentials_do_not_stop_anonymous_checks(
    store: Store, checker: Checker, aiohttp_client: MakeClient
) -> None:
    """A proxy in front of the service that passes on its own `Authorization: Basic ...` is no
    caller with a bad API token: the request is checked, limited by address like any other."""
    client = await limited_client(store, checker, aiohttp_client, api_key_rate_per_minute=6000)
    basic = {"Authorization": "Basic dXNlcjpwYXNz"}
    resp = await client.post("/v1/check", json={"text": SCAM}, headers=basic)
    assert resp.status == 200 and (await resp.json())["risk"] == "high"
    for _ in range(2):  # the same address's bucket (burst 3) as requests with no header
        await client.post("/v1/check", json={"text": "hi"})
    assert (await client.post("/v1/check", json={"text": "hi"}, headers=basic)).status == 429


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", b"not gzip at all"),  # aiohttp fails to decode it while the handler reads it
        ("deflate", b"\xff\xff not deflate"),
        ("gzip", gzip.compress(b'{"text": "' + b"a" * 100_000)[:200] + b"\xff" * 64),
    ],
)
async def test_a_body_that_does_not_decode_is_a_400_not_a_500(
    client: Client, encoding: str, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
    resp = await client.post("/v1/check", data=body, headers=headers)
    assert (await refusal(resp))[:2] == (400, "bad_request")
    await asyncio.sleep(0.1)  # aiohttp is done with the connection
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


async def test_a_gzip_body_is_read_and_a_gzip_bomb_stops_at_the_limit(client: Client) -> None:
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    resp = await client.post("/v1/check", data=gzip.compress(json.dumps({"text": SCAM}).encode()),
                             headers=headers)  # fmt: skip
    assert resp.status == 200 and (await resp.json())["risk"] == "high"
    bomb = gzip.compress(b'{"text": "' + b" " * (64 * MAX_CHECK_BODY))  # 16 MiB from 16 KiB
    resp = await client.post("/v1/check", data=bomb, headers=headers)
    assert (await refusal(resp))[:2] == (413, "body_too_large")
