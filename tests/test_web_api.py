"""The check API over real HTTP: check, look-ups, batch, health, metrics, the OpenAPI document."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, get_args

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from pydantic import SecretStr
from web_server import REPORTED_ADDRESS, SCAM, web_settings

from bot.checker import Checker
from bot.message import Message
from bot.moderation import KINDS
from bot.render import render, t
from bot.store import Store
from bot.telegram.app import build_application
from bot.verdict import Verdict
from bot.web.app import build_web_app
from bot.web.checks import INLINE_CHARS, CheckService
from bot.web.metrics import Metrics
from bot.web.models import PoliceKind
from bot.web.openapi import document

Client = TestClient[web.Request, web.Application]
MakeClient = Callable[[web.Application], Awaitable[Client]]
VALID_ETH = "0x52908400098527886e0f7030069857d2e4169ee7"


@pytest.fixture
async def client(store: Store, checker: Checker, aiohttp_client: MakeClient) -> Client:
    return await aiohttp_client(build_web_app(web_settings(), checker, store))


async def check(client: Client, **body: Any) -> Verdict:
    resp = await client.post("/v1/check", json=body)
    assert resp.status == 200, await resp.text()
    return Verdict.model_validate(await resp.json())


async def test_a_scam_message_gets_the_verdict_and_the_warning(client: Client) -> None:
    verdict = await check(client, text=SCAM)
    assert verdict.risk == "high"
    assert verdict.top_category == "investment"
    assert {i.value for i in verdict.indicators} == {REPORTED_ADDRESS}
    assert verdict.reply is not None
    assert verdict.reply.startswith("⛔ High risk")
    assert "18222" in verdict.reply  # the Hong Kong anti-scam helpline, the default region


async def test_the_reply_is_the_telegram_reply_in_plain_text(
    client: Client, checker: Checker
) -> None:
    verdict = await check(client, text=SCAM, lang="zh-HK")
    telegram = render(checker.check(Message(text=SCAM, lang="zh-HK")), checker.index, "zh-HK",
                      as_html=True)  # fmt: skip
    plain = re.sub(r"</?b>", "", telegram).replace("&amp;", "&").replace("&lt;", "<")
    assert verdict.reply == plain.replace("&gt;", ">")
    assert verdict.lang == "zh-HK" and verdict.reply.startswith("⛔ 高風險")


async def test_a_region_chooses_the_contacts(client: Client) -> None:
    verdict = await check(client, text=SCAM, region="gb")
    assert verdict.region == "GB"
    assert verdict.reply is not None and "18222" not in verdict.reply


@pytest.mark.parametrize(
    ("body", "finding"),
    [
        (  # a link hidden behind harmless words
            {"text": "log in to Binance here",
             "entities": [{"type": "text_link", "offset": 0, "length": 22,
                           "url": "https://binance-verify.top/login"}]},
            "brand_in_host",
        ),
        (  # forwarded from a channel posing as an exchange
            {"text": "Your withdrawal is on hold", "forward_origin":
                {"type": "channel", "username": "binance_support_desk", "name": "Binance"}},
            "impersonation",
        ),
    ],
)  # fmt: skip
async def test_entities_and_forward_origin_are_checked(
    client: Client, body: dict[str, Any], finding: str
) -> None:
    verdict = await check(client, **body)
    assert finding in {f.type for f in verdict.findings}, verdict.findings


@pytest.mark.parametrize(
    ("path", "risk", "finding"),
    [
        (f"/v1/address/{REPORTED_ADDRESS}", "high", "reported"),
        (f"/v1/address/{VALID_ETH}", "low", None),
        ("/v1/address/0x52908400098527886E0F7030069857D2E4169EE7x", None, None),
        ("/v1/domain/binance.com", "official", "official"),
        ("/v1/domain/xn--bnance-3va.com", "high", "homograph"),
        ("/v1/domain/bínance.com", "high", "homograph"),
        # TON's user-friendly form is base64url: most addresses hold a '-' or a '_'
        ("/v1/address/EQDtFpEwcFAEcRe5mLVh2N6C0x-_hJEM7W61_JLnSF74p4q2", "low", None),
        ("/v1/address/EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N", "low", None),
        (f"/v1/address/-1:{'3' * 64}", "low", None),  # the masterchain's raw form
    ],
)
async def test_single_look_ups(
    client: Client, path: str, risk: str | None, finding: str | None
) -> None:
    resp = await client.get(path)
    if risk is None:
        assert resp.status == 422
        assert (await resp.json())["code"] == "not_recognised"
        return
    assert resp.status == 200
    verdict = Verdict.model_validate(await resp.json())
    assert verdict.risk == risk
    assert [f.type for f in verdict.findings][:1] == ([finding] if finding else [])


async def test_look_ups_take_lang_and_region_and_nothing_else(client: Client) -> None:
    resp = await client.get(f"/v1/address/{REPORTED_ADDRESS}", params={"lang": "zh-HK"})
    assert (await resp.json())["reply"].startswith("⛔ 高風險")
    resp = await client.get(f"/v1/address/{REPORTED_ADDRESS}", params={"format": "xml"})
    assert resp.status == 422
    assert (await resp.json())["error"] == "format: Extra inputs are not permitted"
    resp = await client.get("/v1/domain/not a domain")
    assert resp.status == 422


@pytest.mark.parametrize(
    "path",
    [f"/v1/address/{REPORTED_ADDRESS}%0A", "/v1/domain/binance-verify.top%0A"],
)
async def test_a_look_up_value_outside_its_documented_pattern_is_refused(
    client: Client, path: str
) -> None:
    """A trailing newline: Python's `$` matches before it, the document's pattern does not."""
    resp = await client.get(path)
    assert resp.status == 422 and (await resp.json())["code"] == "invalid_request"


async def test_a_batch_answers_each_item_in_order(client: Client) -> None:
    items = [
        {"text": SCAM},
        {"text": "see you at lunch"},
        {"text": "hi", "colour": "red"},
        "just a string",
        {"text": SCAM, "lang": "en"},
    ]
    resp = await client.post("/v1/check/batch", json={"items": items, "lang": "zh-HK"})
    assert resp.status == 200
    results = (await resp.json())["results"]
    assert [r.get("risk") or r["index"] for r in results] == ["high", "low", 2, 3, "high"]
    assert results[2]["error"] == "items.2.colour: Extra inputs are not permitted"
    assert results[3]["error"].startswith("items.3: Input should be")
    assert results[0]["lang"] == "zh-HK" and results[4]["lang"] == "en"  # the item's own wins


FORWARD = {"username": "crypto_profit_desk"}


@pytest.mark.parametrize(
    ("nulls", "left_out"),
    [
        ({"lang": None}, {}),
        ({"region": None}, {}),
        ({"entities": None, "destinations": None, "forward_origin": None}, {}),
        ({"forward_origin": {**FORWARD, "type": None}}, {"forward_origin": FORWARD}),
    ],
)
async def test_null_for_an_optional_field_means_its_default(
    client: Client, nulls: dict[str, Any], left_out: dict[str, Any]
) -> None:
    with_nulls = await check(client, text=SCAM, **nulls)
    without = await check(client, text=SCAM, **left_out)
    assert with_nulls.model_dump() == without.model_dump()
    assert (with_nulls.lang, with_nulls.risk) == ("en", "high")


async def test_a_batch_items_null_lang_takes_the_batchs(client: Client) -> None:
    items = [{"text": SCAM, "lang": None}, {"text": SCAM, "region": None, "entities": None}]
    resp = await client.post("/v1/check/batch", json={"items": items, "lang": "zh-HK"})
    assert resp.status == 200, await resp.text()
    assert [r["lang"] for r in (await resp.json())["results"]] == ["zh-HK", "zh-HK"]
    resp = await client.post("/v1/check/batch", json={"items": items, "lang": None})
    assert [r["lang"] for r in (await resp.json())["results"]] == ["en", "en"]


async def test_null_for_text_is_still_refused(client: Client) -> None:
    resp = await client.post("/v1/check", json={"text": None, "lang": None})
    body = await resp.json()
    assert (resp.status, body["code"]) == (422, "invalid_request")
    assert [d["field"] for d in body["details"]] == ["text"]


def test_the_document_allows_null_wherever_the_server_takes_it() -> None:
    schemas = document()["components"]["schemas"]
    for name in ("CheckRequest", "ApiEntity", "ApiForwardOrigin", "BatchRequest"):
        for field, prop in schemas[name]["properties"].items():
            types = [o.get("type") for o in prop.get("anyOf", [prop])]
            nullable = "null" in types or "null" in (prop.get("type") or [])
            assert nullable == (field not in schemas[name].get("required", [])), (name, field)


async def test_health(client: Client, store: Store) -> None:
    resp = await client.get("/healthz")
    assert resp.status == 200
    assert await resp.json() == {
        "status": "ok",
        "problems": [],
        "knowledge_version": store.kb_version,
        "telegram": "off",
    }


def sample(metrics: str, name: str) -> float:
    """The value of one sample line (name with its labels) in Prometheus text."""
    for line in metrics.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def test_metrics_count_checks_verdicts_and_requests(client: Client) -> None:
    await check(client, text=SCAM)
    await check(client, text="see you at lunch")
    await client.post("/v1/check/batch", json={"items": [{"text": SCAM}] * 3})
    await client.post("/v1/check", json={"txt": "typo"})
    await client.get(f"/v1/address/{REPORTED_ADDRESS}")
    resp = await client.get("/metrics")
    assert resp.status == 200 and resp.content_type == "text/plain"
    text = await resp.text()
    assert sample(text, 'scamcheck_checks_total{face="api"}') == 2
    assert sample(text, 'scamcheck_checks_total{face="batch"}') == 3
    assert sample(text, 'scamcheck_checks_total{face="lookup"}') == 1
    assert sample(text, 'scamcheck_verdicts_total{risk="high"}') == 5
    assert sample(text, 'scamcheck_verdicts_total{risk="low"}') == 1
    assert sample(text, "scamcheck_check_duration_seconds_count") == 6
    assert sample(text, 'scamcheck_check_duration_seconds_bucket{le="+Inf"}') == 6
    ok = 'scamcheck_http_requests_total{method="POST",route="/v1/check",status="200"}'
    assert sample(text, ok) == 2
    bad = 'scamcheck_http_requests_total{method="POST",route="/v1/check",status="422"}'
    assert sample(text, bad) == 1
    assert 'route="/v1/address/{address}"' in text  # the route, never the raw path
    assert "# TYPE scamcheck_check_duration_seconds histogram" in text


async def test_an_unexpected_failure_is_a_500_with_an_id_and_no_trace(
    client: Client, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    store.close()  # the database goes away under the running service
    with caplog.at_level(logging.ERROR, logger="bot.web.errors"):
        resp = await client.get("/healthz")
    body = await resp.json()
    assert resp.status == 500
    assert set(body) == {"error", "code", "id"} and body["error"] == "internal error"
    assert "Traceback" not in await resp.text()
    logged = [r for r in caplog.records if body["id"] in r.getMessage()]
    assert logged and logged[0].exc_info is not None  # the trace is in the log, with the id


async def test_unknown_routes_and_methods_answer_json(client: Client) -> None:
    resp = await client.get("/v1/nothing")
    assert resp.status == 404 and (await resp.json())["code"] == "not_found"
    resp = await client.get("/v1/check")
    assert resp.status == 405 and (await resp.json())["code"] == "method_not_allowed"
    assert "POST" in resp.headers["Allow"]


# --- the OpenAPI document -----------------------------------------------------------------

UNDOCUMENTED = ("page", "page.submit", "page.static", "telegram.webhook")  # by route name


def served_routes(app: web.Application) -> set[tuple[str, str]]:
    """(method, path) of every route the app serves, but the page, static files and webhook."""
    return {
        (r.method.lower(), r.resource.canonical)
        for r in app.router.routes()
        if r.resource is not None and r.method != "HEAD" and r.name not in UNDOCUMENTED
    }


def documented_routes(doc: dict[str, Any]) -> set[tuple[str, str]]:
    return {(m, p) for p, ops in doc["paths"].items() for m in ops}


async def test_the_openapi_document_is_served_and_lists_every_api_route(client: Client) -> None:
    resp = await client.get("/openapi.json")
    doc = await resp.json()
    assert doc == document()
    assert doc["openapi"].startswith("3.1")
    assert served_routes(client.app) == documented_routes(doc)


def test_every_route_of_the_full_service_is_documented_with_its_methods(
    store: Store, checker: Checker
) -> None:
    """The app as `scamcheck serve` builds it with a bot token: police API and webhook too."""
    settings = web_settings(telegram_bot_token=SecretStr("123:abc"), webhook_secret="s3cret")
    bot_app = build_application(settings, checker, store, polling=False)
    app = build_web_app(settings, checker, store, bot_app)
    names = {r.name for r in app.router.routes()}
    assert {"telegram.webhook", "police.submit", "police.withdraw", "police.history"} <= names
    served = served_routes(app)
    assert {("post", "/v1/police/reported"), ("delete", "/v1/police/reported")} <= served
    assert ("get", "/v1/police/reported/{kind}/{value}/history") in served
    assert served == documented_routes(document())


def test_the_police_api_needs_a_bearer_token_in_the_document() -> None:
    doc = document()
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    police = [
        (path, op)
        for path, ops in doc["paths"].items()
        if path.startswith("/v1/police/")
        for op in ops.values()
    ]
    assert len(police) == 3
    for path, op in police:
        assert op["security"] == [{"bearer": []}], path  # required: no anonymous alternative
        assert {"401", "403"} <= set(op["responses"]), path
        assert "scope `reported:" in op["description"], path
    assert set(get_args(PoliceKind)) == set(KINDS)


def test_every_schema_reference_resolves() -> None:
    doc = document()
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(doc)))
    assert refs and refs <= set(doc["components"]["schemas"])


def test_the_document_is_valid_openapi_3_1() -> None:
    from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR  # the spec's schema

    OPENAPI_31_VALIDATOR.validate(document())


@pytest.mark.parametrize("lang", ["en", "zh-HK"])
async def test_an_unlisted_region_gets_a_fallback_whom_to_call(client: Client, lang: str) -> None:
    verdict = await check(client, text=SCAM, lang=lang, region="fr")
    assert verdict.reply is not None
    section = verdict.reply.split("\n\n")[-1]
    assert section.startswith(t(lang, "contacts.fallback"))
    assert t(lang, "contacts.local_police") in section and "18222" not in section


async def test_short_checks_skip_the_thread_long_ones_and_batch_items_take_it(
    checker: Checker,
) -> None:
    service = CheckService(checker, Metrics(), "HK")
    submitted: list[str] = []

    class Counting(ThreadPoolExecutor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            submitted.append(args[0].text)
            return super().submit(fn, *args, **kwargs)

    service.pool = Counting(1)
    long = SCAM + " " + "x" * INLINE_CHARS
    try:
        short = await service.check_async(Message(text=SCAM), "api")
        assert submitted == []
        await service.check_async(Message(text=long), "api")
        assert submitted == [long]
        threaded = await service.check_async(Message(text=SCAM), "batch", inline=False)
        assert submitted == [long, SCAM]
    finally:
        await service.close()
    assert short.model_dump_json() == threaded.model_dump_json()  # the same answer either way


# One address of each chain the engine reads (the well-known sample of each format).
ADDRESS_OF_EACH_CHAIN = [
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
    "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    REPORTED_ADDRESS,
    "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh",
    "LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9",
    "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L",
    "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
    "EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N",
    "7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV",
]


async def test_every_chain_an_address_is_read_as_is_named_in_the_contract(
    client: Client,
) -> None:
    """docs/http.md lists the `chain` values an integrator may see; each one seen is there."""
    doc = (Path(__file__).parents[1] / "docs" / "http.md").read_text(encoding="utf-8")
    listed = re.search(r"`chain` \(addresses: (.*?)\), `valid`", doc)
    assert listed is not None
    documented = set(re.findall(r"`([\w-]+)`", listed.group(1)))
    seen = set()
    for address in ADDRESS_OF_EACH_CHAIN:
        resp = await client.get(f"/v1/address/{address}")
        assert resp.status == 200, address
        seen |= {i.chain for i in Verdict.model_validate(await resp.json()).indicators}
    assert len(seen) == len(ADDRESS_OF_EACH_CHAIN)
    assert seen <= documented, seen - documented
