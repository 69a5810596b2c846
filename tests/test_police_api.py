"""The police API over real HTTP: scoped tokens, bulk submissions, withdrawals, history."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import jsonschema_rs
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from fakes.locked import QUICK, write_locked

from bot.checker import Checker
from bot.message import Message
from bot.settings import Settings
from bot.store import Store
from bot.web.app import build_web_app
from bot.web.police import add_police_routes

Client = TestClient[web.Request, web.Application]
ADMIN = "cli:test"
ADDRESS = "0x52908400098527886e0f7030069857d2e4169ee7"
CSV = f"""kind,value,category,reference,note
address,{ADDRESS},investment,HK-2026-0201,fee scam
domain,quick-profit-desk.com,phishing,HK-2026-0202,
domain,binance.com,phishing,HK-2026-0203,
phone,6123 4567,no_such_category,HK-2026-0204,
handle,@fast_refund_agent,fake_support,,
"""


@pytest.fixture
async def client(
    store: Store, aiohttp_client: Callable[[web.Application], Awaitable[Client]]
) -> Client:
    app = web.Application()
    add_police_routes(app, store, Settings(default_region="HK"))
    return await aiohttp_client(app)


@pytest.fixture
def token(store: Store) -> str:
    store.set_publish_mode("HKPF", "live", ADMIN, "trusted case system", create=True)
    return store.create_token("HKPF", [], ADMIN, "case system").token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def post_csv(client: Client, token: str, body: str) -> tuple[int, dict[str, Any]]:
    headers = {**bearer(token), "Content-Type": "text/csv"}
    resp = await client.post("/v1/police/reported", data=body.encode(), headers=headers)
    return resp.status, await resp.json()


async def test_a_bulk_upload_publishes_good_rows_and_reports_bad_ones(
    client: Client, token: str, checker: Checker
) -> None:
    status, body = await post_csv(client, token, CSV)
    assert status == 200 and (body["mode"], body["published"], body["queued"]) == ("live", 2, 0)
    assert [(e["line"], e["error"][:24]) for e in body["errors"]] == [
        (4, "binance.com is on the of"),
        (5, "unknown category 'no_suc"),
        (6, "a case reference is requ"),
    ]
    verdict = checker.check(Message(text=f"send the fee to {ADDRESS}"))
    assert verdict.risk == "high"
    assert (verdict.findings[0].source, verdict.findings[0].organisation) == ("police", "HKPF")


async def test_an_organisation_under_review_queues_its_rows(
    client: Client, store: Store, checker: Checker
) -> None:
    store.ensure_organisation("ADCC", ADMIN)
    token = store.create_token("ADCC", ["reported:write"], ADMIN, "new partner").token
    row = {
        "kind": "domain",
        "value": "quick-profit-desk.com",
        "category": "phishing",
        "reference": "ADCC-77",
    }
    resp = await client.post("/v1/police/reported", json=row, headers=bearer(token))
    body = await resp.json()
    assert resp.status == 200 and (body["mode"], body["queued"]) == ("review", 1)
    assert checker.check(Message(text="quick-profit-desk.com")).risk != "high"
    item = store.review_queue()[0]
    assert (item.source, item.organisation, item.reference) == ("police", "ADCC", "ADCC-77")


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "missing bearer token"),
        ({"Authorization": "Basic abc"}, "missing bearer token"),
        ({"Authorization": "Bearer scp_1_guess"}, "unknown or revoked token"),
    ],
)
async def test_no_valid_token_is_401_with_a_json_error(
    client: Client, headers: dict[str, str], message: str
) -> None:
    resp = await client.post("/v1/police/reported", json={}, headers=headers)
    assert resp.status == 401 and resp.headers["WWW-Authenticate"].startswith("Bearer")
    assert (await resp.json()) == {"error": message, "code": "unauthorized"}


async def test_a_revoked_token_is_refused(client: Client, store: Store, token: str) -> None:
    issued = store.tokens("HKPF")[0]
    assert store.revoke_token(issued.id, ADMIN, "laptop stolen")
    status, body = await post_csv(client, token, CSV)
    assert status == 401 and body["error"] == "unknown or revoked token"
    assert store.find_reported("address", ADDRESS) is None


async def test_a_token_only_does_what_its_scopes_allow(client: Client, store: Store) -> None:
    store.ensure_organisation("HKPF", ADMIN)
    reader = store.create_token("HKPF", ["reported:read"], ADMIN, "dashboard").token
    status, body = await post_csv(client, reader, CSV)
    assert status == 403 and "reported:write" in body["error"]
    resp = await client.get(
        "/v1/police/reported/domain/fake-exchange.top/history", headers=bearer(reader)
    )
    assert resp.status == 200


async def test_police_withdraw_their_own_entries_only(
    client: Client, store: Store, token: str
) -> None:
    await post_csv(client, token, CSV)
    own = {"kind": "domain", "value": "quick-profit-desk.com", "reason": "site taken down"}
    resp = await client.delete("/v1/police/reported", json=own, headers=bearer(token))
    assert resp.status == 200 and (await resp.json())["disabled"] is True
    assert store.find_reported("domain", "quick-profit-desk.com") is None
    other = {"kind": "domain", "value": "fake-exchange.top"}  # listed by moderators
    resp = await client.delete("/v1/police/reported", json=other, headers=bearer(token))
    assert resp.status == 403 and store.find_reported("domain", "fake-exchange.top") is not None
    resp = await client.delete(
        "/v1/police/reported?kind=domain&value=never-listed.com", headers=bearer(token)
    )
    assert resp.status == 404


async def test_history_shows_what_happened_without_private_ids(
    client: Client, store: Store, token: str
) -> None:
    store.submit_report("telegram:4242", "url", "https://quick-profit-desk.com/login", "phishing")
    store.approve_report(store.review_queue()[0].report_id, "telegram:77", "seen twice")
    resp = await client.get(
        "/v1/police/reported/url/https://quick-profit-desk.com/login/history",
        headers=bearer(token),
    )
    body = await resp.json()
    assert resp.status == 200 and body["key"] == "quick-profit-desk.com/login"
    assert [r["action"] for r in body["history"]] == ["submit", "add", "approve"]
    assert body["listed"]["source"] == "community"
    assert "4242" not in str(body) and "telegram:77" not in str(body)


@pytest.mark.parametrize(
    ("ctype", "data", "status", "message"),
    [
        ("image/png", b"\x89PNG", 415, "send application/json or text/csv"),
        ("text/csv", b"kind,value\n", 400, "missing column 'category'"),
        ("application/json", b"{not json", 400, "not valid JSON"),
        ("application/json", b"[" * 100_000 + b"]" * 100_000, 400, "nested too deeply"),
    ],
)
async def test_bad_bodies_get_json_errors(
    client: Client, token: str, ctype: str, data: bytes, status: int, message: str
) -> None:
    headers = {**bearer(token), "Content-Type": ctype}
    resp = await client.post("/v1/police/reported", data=data, headers=headers)
    assert resp.status == status and message in (await resp.json())["error"]


async def test_a_large_upload_goes_in_chunks_and_all_rows_land(
    client: Client, store: Store, token: str
) -> None:
    rows = [f"domain,case{n}-example.com,phishing,HK-{n}" for n in range(450)]
    status, body = await post_csv(
        client, token, "kind,value,category,reference\n" + "\n".join(rows)
    )
    assert status == 200 and body["published"] == 450 and body["errors"] == []
    assert store.find_reported("domain", "case449-example.com") is not None


async def test_a_phrase_that_flags_ordinary_messages_waits_even_from_a_live_force(
    client: Client, store: Store, token: str
) -> None:
    rows = [
        {
            "kind": "phrase",
            "value": "guaranteed returns",
            "category": "investment",
            "reference": "HK-9",
        },
        {
            "kind": "phrase",
            "value": "pay the release fee to unlock your withdrawal",
            "category": "investment",
            "reference": "HK-10",
        },
    ]
    resp = await client.post("/v1/police/reported", json=rows, headers=bearer(token))
    body = await resp.json()
    assert [(r["line"], r["status"]) for r in body["results"]] == [(1, "queued"), (2, "published")]
    assert "crypto-16" in store.review_queue()[0].notes[0]


# --- the police API as /openapi.json documents it ----------------------------------------------


def response_schema(doc: dict[str, Any], method: str, path: str, status: int) -> dict[str, Any]:
    """The documented JSON schema of one answer, resolvable on its own."""
    answer = doc["paths"][path][method]["responses"][str(status)]
    schema = answer["content"]["application/json"]["schema"]
    return {**schema, "components": doc["components"]}


async def test_every_police_answer_is_as_the_openapi_document_says(
    store: Store,
    checker: Checker,
    token: str,
    aiohttp_client: Callable[[web.Application], Awaitable[Client]],
) -> None:
    """Through the whole service (its middlewares too): each status and body is documented."""
    settings = Settings(default_region="HK", api_rate_per_minute=0, api_key_rate_per_minute=0)
    client = await aiohttp_client(build_web_app(settings, checker, store))
    doc = await (await client.get("/openapi.json")).json()
    reader = store.create_token("HKPF", ["reported:read"], ADMIN, "read only").token
    submit, history = "/v1/police/reported", "/v1/police/reported/{kind}/{value}/history"
    csv, png = {"Content-Type": "text/csv"}, {"Content-Type": "image/png"}
    calls: list[tuple[str, str, str, dict[str, Any], int]] = [
        ("post", submit, submit, {"data": CSV, "headers": csv}, 200),
        ("post", submit, submit, {"json": {"kind": "domain", "value": "x"}}, 422),
        ("post", submit, submit, {"data": b"kind,value\n", "headers": csv}, 400),
        ("post", submit, submit, {"data": b"\x89PNG", "headers": png}, 415),
        ("post", submit, submit, {"json": {}, "auth": reader}, 403),
        ("post", submit, submit, {"json": {}, "auth": None}, 401),
        ("get", history, f"/v1/police/reported/address/{ADDRESS}/history", {}, 200),
        ("get", history, "/v1/police/reported/spaceship/x/history", {}, 400),
        ("delete", submit, submit, {"json": {"kind": "domain", "value": "nowhere-x.com"}}, 404),
        ("delete", submit, submit, {"params": {"kind": "address", "value": ADDRESS}}, 200),
    ]
    for method, path, url, options, status in calls:
        auth = options.pop("auth", token)
        headers = {**(bearer(auth) if auth else {}), **options.pop("headers", {})}
        resp = await client.request(method, url, headers=headers, **options)
        assert resp.status == status, (method, url, await resp.text())
        assert resp.content_type == "application/json"
        if status == 401:
            assert resp.headers["WWW-Authenticate"].startswith("Bearer")
        body = await resp.json()
        schema = response_schema(doc, method, path, status)
        errors = [e.message for e in jsonschema_rs.validator_for(schema).iter_errors(body)]
        assert errors == [], (method, url, status, body)


async def test_a_withdrawal_body_nested_too_deeply_is_a_400(client: Client, token: str) -> None:
    headers = {**bearer(token), "Content-Type": "application/json"}
    body = b"[" * 100_000 + b"]" * 100_000
    resp = await client.delete("/v1/police/reported", data=body, headers=headers)
    assert resp.status == 400 and (await resp.json())["code"] == "bad_request"


async def test_a_row_holding_a_lone_surrogate_is_refused_and_the_others_land(
    client: Client, store: Store, token: str
) -> None:
    """JSON may spell half of a UTF-16 pair ("\\ud800"), which is no character and cannot be
    stored: that row is refused by its item number, the good rows of the upload still land."""
    rows = (
        '[{"kind": "domain", "value": "quick-profit-desk.com", "category": "phishing",'
        ' "reference": "HK-2026-0301"},'
        ' {"kind": "phrase", "value": "pay the release fee \\ud800 to unlock your withdrawal",'
        ' "category": "investment", "reference": "HK-2026-0302"},'
        ' {"kind": "domain", "value": "fast-refund-desk.com", "category": "phishing",'
        ' "reference": "HK-2026-0303", "note": "\\udfff"}]'
    )
    headers = {**bearer(token), "Content-Type": "application/json"}
    resp = await client.post("/v1/police/reported", data=rows.encode(), headers=headers)
    body = await resp.json()
    assert resp.status == 200 and body["published"] == 1
    assert [(e["line"], e["unit"]) for e in body["errors"]] == [(2, "item"), (3, "item")]
    assert all("surrogate" in e["error"] for e in body["errors"])
    assert store.find_reported("domain", "quick-profit-desk.com") is not None
    assert store.find_reported("domain", "fast-refund-desk.com") is None


async def test_a_withdrawal_reason_holding_a_lone_surrogate_is_a_400(
    client: Client, store: Store, token: str
) -> None:
    await post_csv(client, token, CSV)
    body = b'{"kind": "domain", "value": "quick-profit-desk.com", "reason": "gone \\ud800"}'
    headers = {**bearer(token), "Content-Type": "application/json"}
    resp = await client.delete("/v1/police/reported", data=body, headers=headers)
    assert resp.status == 400 and "surrogate" in (await resp.json())["error"]
    assert store.find_reported("domain", "quick-profit-desk.com") is not None


async def test_an_upload_whose_held_rows_cannot_be_written_publishes_nothing(
    client: Client, store: Store, token: str
) -> None:
    """The rows that go live and the phrases the dry run holds back are one transaction: when
    queuing the held phrase fails (here a trigger stands in for a full disk), the address
    sent beside it is not left published on its own."""
    store.db.execute(
        "create trigger full_disk before insert on user_reports when new.note like 'dry run:%'"
        " begin select raise(abort, 'database or disk is full'); end"
    )
    rows = [
        {"kind": "address", "value": ADDRESS, "category": "investment", "reference": "HK-11"},
        {"kind": "phrase", "value": "guaranteed returns", "category": "investment",
         "reference": "HK-12"},
    ]  # fmt: skip
    resp = await client.post("/v1/police/reported", json=rows, headers=bearer(token))
    assert resp.status == 500
    assert store.find_reported("address", ADDRESS) is None
    store.db.execute("drop trigger full_disk")
    resp = await client.post("/v1/police/reported", json=rows, headers=bearer(token))
    body = await resp.json()
    assert [(r["line"], r["status"]) for r in body["results"]] == [(1, "published"), (2, "queued")]
    assert store.find_reported("address", ADDRESS) is not None


async def test_a_force_sending_anothers_entry_counts_it_without_taking_it_over(
    client: Client, store: Store, token: str
) -> None:
    # Failed on main: a live force's row for an indicator someone else listed overwrote it
    # (organisation, category, reference), so the force could then withdraw it: the rule
    # "police take down their own organisation's entries only" went round by a resubmission.
    before = store.find_reported("domain", "fake-exchange.top")  # listed by moderators
    assert before is not None and before["organisation"] != "HKPF"
    again = "kind,value,category,reference\ndomain,fake-exchange.top,investment,HK-2026-0999\n"
    for _ in range(2):  # sending the same file again changes nothing more
        status, body = await post_csv(client, token, again)
        assert status == 200 and body["published"] == 1
    after = store.find_reported("domain", "fake-exchange.top")
    assert after is not None
    keep = ("source", "organisation", "category", "reference")
    assert {k: after[k] for k in keep} == {k: before[k] for k in keep}
    assert after["reports"] == before["reports"] + 1  # counted once, as a queue merge counts
    records = store.history("reported", "domain:fake-exchange.top")
    assert records[-1]["actor"].startswith("api:HKPF:") and "HK-2026-0999" in records[-1]["reason"]
    resp = await client.delete(
        "/v1/police/reported",
        json={"kind": "domain", "value": "fake-exchange.top"},
        headers=bearer(token),
    )
    assert resp.status == 403 and store.find_reported("domain", "fake-exchange.top") is not None


async def test_a_phrase_row_without_words_is_refused_by_line_not_a_500(
    client: Client, token: str, store: Store
) -> None:
    # Failed on main: check_row let "!!! ???" through, then the benign dry run raised on it
    # and the whole upload was a 500 (in the bot: an error, nothing stored, no line named).
    body = (
        "kind,value,category,reference\n"
        "phrase,!!! ???,investment,HK-2026-0401\n"
        "domain,quick-profit-desk.com,phishing,HK-2026-0402\n"
    )
    status, answer = await post_csv(client, token, body)
    assert status == 200 and answer["published"] == 1
    assert [(e["line"], e["error"]) for e in answer["errors"]] == [
        (2, "the phrase has no words left after normalisation")
    ]
    assert store.find_reported("domain", "quick-profit-desk.com") is not None


async def test_a_withdrawal_waiting_for_another_writer_does_not_stall_the_service(
    file_store: Store, aiohttp_client: Callable[[web.Application], Awaitable[Client]]
) -> None:
    """A withdrawal wrote on the event loop: while another writer (`kb load`, a feed sync) held
    the database, the whole service, /healthz included, waited with it. It waits in the store's
    writer thread now, and lands once the lock is gone."""
    assert file_store.path is not None
    checker = Checker(file_store, "HK")
    checker.warm_up()
    file_store.set_publish_mode("HKPF", "live", ADMIN, "trusted case system", create=True)
    token = file_store.create_token("HKPF", [], ADMIN, "case system").token
    client = await aiohttp_client(
        build_web_app(Settings(default_region="HK"), checker, file_store)
    )
    assert (await post_csv(client, token, CSV))[0] == 200
    own = {"kind": "domain", "value": "quick-profit-desk.com", "reason": "site taken down"}
    with write_locked(file_store.path) as released:
        withdrawal = asyncio.ensure_future(
            client.delete("/v1/police/reported", json=own, headers=bearer(token))
        )
        await asyncio.sleep(0.1)  # the withdrawal waits for the lock
        started = time.perf_counter()
        health = await client.get("/healthz")
        assert health.status == 200 and not released.is_set()
        assert time.perf_counter() - started < QUICK
        resp = await withdrawal
    assert resp.status == 200 and (await resp.json())["disabled"] is True
    assert file_store.find_reported("domain", "quick-profit-desk.com") is None


async def test_sending_again_what_a_moderator_took_down_waits_for_review(
    client: Client, store: Store, token: str
) -> None:
    await post_csv(client, token, CSV)
    store.disable_reported("domain", "quick-profit-desk.com", "cli:mod", "a real shop")

    status, body = await post_csv(client, token, CSV)

    assert status == 200 and (body["published"], body["queued"]) == (1, 1)
    held = next(r for r in body["results"] if r["key"] == "quick-profit-desk.com")
    assert held["status"] == "queued" and held["taken_down_by"] == "system"
    assert held["note"].startswith("taken down by system") and held["takedown"] > 0
    assert store.find_reported("domain", "quick-profit-desk.com") is None
