"""The Telegram webhook: updates posted by Telegram reach the bot running inside the service.

The bot's outgoing calls go to the strict fake Bot API on 127.0.0.1 (tests/fakes)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from fakes.harness import settings_for
from fakes.locked import QUICK, write_locked
from fakes.telegram_api import ApiError, FakeTelegram
from web_server import SCAM

from bot.checker import Checker
from bot.store import Store, moderation
from bot.telegram.app import build_application
from bot.web.app import build_web_app
from bot.web.webhook import DEFAULT_PATH, SECRET_HEADER

Client = TestClient[web.Request, web.Application]
MakeClient = Callable[[web.Application], Awaitable[Client]]
SECRET = "s3cret-token_for-tests"


class FakeTelegramWithWebhooks(FakeTelegram):
    """The fake Bot API, also taking setWebhook as Telegram does."""

    def api_setWebhook(self, params: dict[str, Any]) -> bool:
        secret = params.get("secret_token", "")
        if not params.get("url", "").startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        if not (1 <= len(secret) <= 256 and secret.replace("_", "").replace("-", "").isalnum()):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        return True


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramWithWebhooks]:
    fake = FakeTelegramWithWebhooks()
    await fake.start()
    yield fake
    await fake.stop()


async def serve(
    api: FakeTelegram, store: Store, checker: Checker, aiohttp_client: MakeClient, **settings: Any
) -> Client:
    """The service with the bot, as `scamcheck serve` builds it; returns once the bot runs."""
    values = settings_for(api, **{"webhook_secret": SECRET, **settings})
    bot_app = build_application(values, checker, store, polling=False)
    client = await aiohttp_client(build_web_app(values, checker, store, bot_app))
    await telegram_state(client, "running")
    return client


async def telegram_state(client: Client, wanted: str, timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while (await (await client.get("/healthz")).json())["telegram"] != wanted:
            await asyncio.sleep(0.05)


def update(api: FakeTelegram, user_id: int, text: str, update_id: int) -> dict[str, Any]:
    """A private message as Telegram posts it (the fake learns the chat, to accept replies)."""
    message = api.message(api.user(user_id), text)
    return {"update_id": update_id, "message": message}


async def post(client: Client, body: Any, secret: str | None = SECRET) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    resp = await client.post(DEFAULT_PATH, json=body, headers=headers)
    return resp.status


async def test_a_body_nested_too_deeply_is_refused_not_a_500(
    api: FakeTelegram, store: Store, checker: Checker, aiohttp_client: MakeClient
) -> None:
    client = await serve(api, store, checker, aiohttp_client)
    headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
    body = b"[" * 100_000 + b"]" * 100_000
    resp = await client.post(DEFAULT_PATH, data=body, headers=headers)
    assert resp.status == 400 and (await resp.json())["code"] == "bad_update"


async def test_an_update_posted_to_the_webhook_is_answered_by_the_bot(
    api: FakeTelegram, store: Store, checker: Checker, aiohttp_client: MakeClient
) -> None:
    client = await serve(api, store, checker, aiohttp_client)
    assert await post(client, update(api, 7, SCAM, 1001)) == 200
    reply = await api.next_call("sendMessage", 7)
    assert "High risk" in reply.text
    assert any(c.method == "setMyCommands" for c in api.calls)  # the bot's post_init ran
    metrics = await (await client.get("/metrics")).text()
    assert 'scamcheck_webhook_updates_total{outcome="queued"} 1' in metrics


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x"])
async def test_a_post_without_the_secret_is_refused(
    api: FakeTelegram,
    store: Store,
    checker: Checker,
    aiohttp_client: MakeClient,
    secret: str | None,
) -> None:
    client = await serve(api, store, checker, aiohttp_client)
    assert await post(client, update(api, 8, SCAM, 1), secret=secret) == 403
    await asyncio.sleep(0.2)
    assert not api.pending("sendMessage")


async def test_a_redelivered_update_is_handled_once(
    api: FakeTelegram, store: Store, checker: Checker, aiohttp_client: MakeClient
) -> None:
    client = await serve(api, store, checker, aiohttp_client)
    body = update(api, 9, SCAM, 77)
    assert [await post(client, body) for _ in range(3)] == [200, 200, 200]
    await api.next_call("sendMessage", 9)
    await asyncio.sleep(0.3)
    assert not api.pending("sendMessage")


async def test_an_update_redelivered_to_another_worker_is_handled_once(
    api: FakeTelegram, file_store: Store, aiohttp_client: MakeClient
) -> None:
    """Two workers (each its own connection to one database, as `serve --workers 2` runs):
    Telegram posts an update to one, misses the 200, and delivers it again to the other (or
    to the same worker after a restart). `/token create` must issue one token, not two."""
    assert file_store.path is not None
    file_store.ensure_organisation("HKPF", "telegram:20")
    other = Store(file_store.path)  # what the second process opens
    try:
        clients = [
            await serve(api, s, Checker(s, "HK"), aiohttp_client, admins=[20])
            for s in (file_store, other)
        ]
        body = update(api, 20, "/token create HKPF", 4242)
        assert [await post(c, body) for c in clients] == [200, 200]
        assert "<code>" in (await api.next_call("sendMessage", 20)).text
        await asyncio.sleep(0.5)
        assert not api.pending("sendMessage")
        assert len(other.tokens()) == 1
        # a new update of the same chat is still handled, by either worker
        assert await post(clients[1], update(api, 20, "/token list", 4243)) == 200
        assert "HKPF" in (await api.next_call("sendMessage", 20)).text
    finally:
        other.close()


@pytest.mark.parametrize("body", [{"message": {}}, [1, 2], {"update_id": "one"}, "null"])
async def test_what_is_not_an_update_is_refused(
    api: FakeTelegram, store: Store, checker: Checker, aiohttp_client: MakeClient, body: Any
) -> None:
    client = await serve(api, store, checker, aiohttp_client)
    assert await post(client, body) == 400


async def test_without_a_configured_secret_every_update_is_refused(
    api: FakeTelegram, store: Store, checker: Checker, aiohttp_client: MakeClient
) -> None:
    client = await serve(api, store, checker, aiohttp_client, webhook_secret=None)
    assert await post(client, update(api, 10, SCAM, 1), secret="") == 403


async def test_the_webhook_is_registered_with_a_secret_when_a_url_is_set(
    api: FakeTelegram, store: Store, checker: Checker, aiohttp_client: MakeClient
) -> None:
    url = "https://scamcheck.example.org/hooks/telegram"
    client = await serve(api, store, checker, aiohttp_client, webhook_url=url, webhook_secret=None)
    (call,) = [c for c in api.calls if c.method == "setWebhook"]
    assert call.params["url"] == url
    secret = call.params["secret_token"]  # made up, since none was configured
    body = update(api, 11, SCAM, 5)
    resp = await client.post("/hooks/telegram", json=body, headers={SECRET_HEADER: secret})
    assert resp.status == 200
    assert "High risk" in (await api.next_call("sendMessage", 11)).text


async def test_the_api_serves_while_telegram_is_unreachable_and_the_bot_starts_later(
    api: FakeTelegram, store: Store, checker: Checker, aiohttp_client: MakeClient
) -> None:
    api.fail_next("getMe", 502, "Bad Gateway", times=1)
    values = settings_for(api, webhook_secret=SECRET)
    bot_app = build_application(values, checker, store, polling=False)
    client = await aiohttp_client(build_web_app(values, checker, store, bot_app))
    assert (await client.post("/v1/check", json={"text": SCAM})).status == 200
    resp = await client.post(DEFAULT_PATH, json=update(api, 12, SCAM, 1),
                             headers={SECRET_HEADER: SECRET})  # fmt: skip
    assert resp.status == 503 and resp.headers["Retry-After"]  # Telegram delivers it again
    await telegram_state(client, "running")
    assert await post(client, update(api, 12, SCAM, 2)) == 200
    assert "High risk" in (await api.next_call("sendMessage", 12)).text


async def test_the_bot_stops_with_the_service(
    api: FakeTelegram, store: Store, checker: Checker, aiohttp_client: MakeClient
) -> None:
    values = settings_for(api, webhook_secret=SECRET)
    bot_app = build_application(values, checker, store, polling=False)
    client = await aiohttp_client(build_web_app(values, checker, store, bot_app))
    await telegram_state(client, "running")
    await post(client, update(api, 13, SCAM, 1))
    await client.close()  # the test server shuts down as under SIGTERM
    assert not bot_app.running
    assert "High risk" in (await api.next_call("sendMessage", 13, timeout=1)).text


def warm(store: Store) -> Checker:
    """A checker with its index built, as `scamcheck serve` starts (before any request)."""
    checker = Checker(store, "HK")
    checker.warm_up()
    return checker


async def timed(client: Client, method: str, url: str, **kwargs: Any) -> tuple[int, float]:
    started = time.perf_counter()
    resp = await client.request(method, url, **kwargs)
    await resp.read()
    return resp.status, time.perf_counter() - started


async def test_a_held_write_lock_stalls_neither_the_api_nor_the_exactly_once_claim(
    api: FakeTelegram, file_store: Store, aiohttp_client: MakeClient
) -> None:
    """The bot claims every update in the store before handling it. Claimed on the event loop,
    an update arriving while another writer held the database stalled the whole service (the
    bot and the HTTP API share the loop) until the lock was released: /healthz and /v1/check
    took the full hold. Two workers given the same update meanwhile must still answer once."""
    assert file_store.path is not None
    other = Store(file_store.path)  # a second worker's connection
    try:
        clients = [
            await serve(api, s, warm(s), aiohttp_client) for s in (file_store, other)
        ]
        body = update(api, 31, SCAM, 5151)
        with write_locked(file_store.path) as released:
            started = time.perf_counter()
            assert [await post(c, body) for c in clients] == [200, 200]
            await asyncio.sleep(0.1)  # both bots have taken the update and wait for the lock
            health = await timed(clients[0], "GET", "/healthz")
            check = await timed(clients[0], "POST", "/v1/check", json={"text": SCAM})
            # answered while the lock was held, quickly, however long the bots waited
            assert not released.is_set(), time.perf_counter() - started
            assert health[0] == 200 and health[1] < QUICK, health
            assert check[0] == 200 and check[1] < QUICK, check
            assert not api.pending("sendMessage")  # not handled before it is claimed
        assert "High risk" in (await api.next_call("sendMessage", 31)).text
        await asyncio.sleep(0.5)
        assert not api.pending("sendMessage")  # once, by one of the two workers
        # delivered again once the lock is gone, to a worker started since (each remembers
        # what it was given itself): refused by the claim in the store
        late = Store(file_store.path)
        try:
            client = await serve(api, late, Checker(late, "HK"), aiohttp_client)
            assert await post(client, body) == 200
            await asyncio.sleep(0.5)
            assert not api.pending("sendMessage")
        finally:
            late.close()
    finally:
        other.close()


async def test_a_check_due_to_write_the_counts_does_not_wait_for_a_held_lock(
    api: FakeTelegram,
    file_store: Store,
    aiohttp_client: MakeClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A check counts itself for /stats and, once the counts waited CHECK_FLUSH_SECONDS,
    writes them, on the event loop. That write waited the full busy timeout (30 s) for
    another writer's lock, stalling every request and chat meanwhile; it now gives up at once
    and keeps the counts for the next flush."""
    monkeypatch.setattr(moderation, "CHECK_FLUSH_SECONDS", 0.0)  # every check is due
    assert file_store.path is not None
    client = await serve(api, file_store, warm(file_store), aiohttp_client)
    with write_locked(file_store.path) as released:
        check = await timed(client, "POST", "/v1/check", json={"text": SCAM})
        health = await timed(client, "GET", "/healthz")
        assert not released.is_set()
        assert check[0] == 200 and check[1] < QUICK, check
        assert health[0] == 200 and health[1] < QUICK, health
        assert file_store.pending_checks == 1  # kept, not lost
    assert file_store.flush_checks() == 1  # written once the lock is gone


async def test_the_bot_starting_while_the_database_is_locked_does_not_stall_the_api(
    api: FakeTelegram, file_store: Store, aiohttp_client: MakeClient
) -> None:
    """The bot forgets stale conversations as it starts (prepare): on the event loop, that
    delete waited for another writer's lock while the service already took requests."""
    assert file_store.path is not None
    values = settings_for(api, webhook_secret=SECRET)
    checker = warm(file_store)
    bot_app = build_application(values, checker, file_store, polling=False)
    with write_locked(file_store.path) as released:
        client = await aiohttp_client(build_web_app(values, checker, file_store, bot_app))
        await asyncio.sleep(0.2)  # the bot is starting, its clean-up waits for the lock
        health = await timed(client, "GET", "/healthz")
        assert not released.is_set()
        assert health[0] == 200 and health[1] < QUICK, health
    await telegram_state(client, "running")
