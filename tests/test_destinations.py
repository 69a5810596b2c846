"""Address poisoning against the caller's own destinations: the engine, POST /v1/check and the
JSONL input of `scamcheck check`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from sha3 import keccak_256
from web_server import web_settings

from bot.checker import Checker
from bot.engine import KnowledgeIndex, check, poisoning_fingerprint, short_address
from bot.message import MAX_DESTINATIONS, Message
from bot.render import render
from bot.store import Store
from bot.verdict import Verdict
from bot.web.app import build_web_app

Client = TestClient[web.Request, web.Application]
MakeClient = Callable[[web.Application], Awaitable[Client]]
KB_DIR = Path(__file__).parent / "data" / "knowledge"


def eip55(lower: str) -> str:
    """An EVM address with its EIP-55 checksum, as a wallet (or a poisoner) shows it."""
    body = lower.removeprefix("0x")
    digest = keccak_256(body.encode()).hexdigest()
    pairs = zip(body, digest[: len(body)], strict=True)
    return "0x" + "".join(c.upper() if int(d, 16) >= 8 else c for c, d in pairs)


# The user's real destination (EIP-55's own test vector) and a copy with the same first and
# last four characters made the way poisoners make them (a vanity address, checksummed).
MINE = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
POISONED = eip55("0x5aaeb" + "0123456789abcdef0123456789abcd" + "beaed")
OTHER = eip55("0x" + "7" * 40)


def poisoning(verdict: Verdict) -> list[dict[str, Any]]:
    return [f.model_dump() for f in verdict.findings if f.type == "address_poisoning"]


def test_the_lookalike_is_a_real_checksummed_address_of_the_same_shape() -> None:
    assert POISONED != MINE and POISONED.lower() != MINE.lower()
    assert poisoning_fingerprint(POISONED.lower()) == poisoning_fingerprint(MINE.lower())
    ind = check(Message(text=POISONED), KnowledgeIndex()).indicators[0]
    assert (ind.chain, ind.valid) == ("evm", True)


def test_a_lookalike_of_a_destination_is_high_and_names_it(index: KnowledgeIndex) -> None:
    text = f"Send it to {POISONED} as usual"
    verdict = check(Message(text=text, destinations=[OTHER, MINE]), index)
    assert verdict.risk == "high"
    [found] = poisoning(verdict)
    assert found["params"] == {"destination": "0x5aAe…eAed"}
    assert found["indicator"]["value"] == POISONED.lower()
    assert found["severity"] == "high" and found["category"] == "address_poisoning"
    assert "0x5aAe…eAed" in found["detail"] and "differs in the middle" in found["detail"]
    assert verdict.top_category == "address_poisoning"
    english = render(verdict, index, "en", "HK")
    assert "0x5aAe…eAed, an address you have sent to before" in english
    chinese = render(verdict, index, "zh-HK", "HK")
    assert "你曾經轉賬的地址（0x5aAe…eAed）" in chinese


@pytest.mark.parametrize("written", [MINE, MINE.lower(), MINE.upper().replace("0X", "0x")])
def test_the_destination_itself_adds_nothing(index: KnowledgeIndex, written: str) -> None:
    plain = check(Message(text=f"Send it to {written}"), index)
    verdict = check(Message(text=f"Send it to {written}", destinations=[MINE]), index)
    assert poisoning(verdict) == []
    assert verdict.model_dump() == plain.model_dump()


def test_without_destinations_the_verdict_is_unchanged(index: KnowledgeIndex) -> None:
    text = f"Send it to {POISONED}"
    plain = check(Message(text=text), index)
    assert poisoning(plain) == [] and plain.risk != "high"
    empty = check(Message(text=text, destinations=[]), index)
    unrelated = check(Message(text=text, destinations=[OTHER, "not an address", "hello"]), index)
    assert empty.model_dump() == plain.model_dump() == unrelated.model_dump()


def test_a_destination_on_another_chain_is_not_compared(index: KnowledgeIndex) -> None:
    # Same characters after the fixed part, but a TON raw address is not an EVM one.
    ton = "0:5aaeb" + "0" * 54 + "beaed"
    verdict = check(Message(text=f"pay {POISONED}", destinations=[ton]), index)
    assert poisoning(verdict) == []


def test_cashaddr_compares_the_characters_after_its_q() -> None:
    real = "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"
    assert poisoning_fingerprint(real) == "54:pm2q:dx6a"
    assert short_address(real) == "qpm2q…dx6a"
    assert short_address("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq") == "bc1qar0s…5mdq"


# --- POST /v1/check ----------------------------------------------------------------------------


@pytest.fixture
async def client(store: Store, checker: Checker, aiohttp_client: MakeClient) -> Client:
    return await aiohttp_client(build_web_app(web_settings(), checker, store))


async def post(client: Client, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
    resp = await client.post("/v1/check", json=body)
    assert resp.status == status, await resp.text()
    return await resp.json()  # type: ignore[no-any-return]


async def test_api_a_poisoned_lookalike_of_a_destination(client: Client) -> None:
    body = await post(client, {"text": f"withdraw to {POISONED}", "destinations": [MINE]})
    verdict = Verdict.model_validate(body)
    assert verdict.risk == "high"
    [found] = poisoning(verdict)
    assert found["params"]["destination"] == "0x5aAe…eAed"
    assert verdict.reply is not None and "0x5aAe…eAed" in verdict.reply
    assert MINE not in json.dumps(body)  # named shortened, never whole


async def test_api_an_exact_destination_and_none_at_all(client: Client) -> None:
    exact = await post(client, {"text": f"withdraw to {MINE}", "destinations": [MINE]})
    assert poisoning(Verdict.model_validate(exact)) == []
    without = await post(client, {"text": f"withdraw to {POISONED}"})
    empty = await post(client, {"text": f"withdraw to {POISONED}", "destinations": []})
    assert without == empty and without["risk"] != "high"
    assert poisoning(Verdict.model_validate(without)) == []


@pytest.mark.parametrize(
    ("destinations", "field"),
    [
        ([MINE] * (MAX_DESTINATIONS + 1), "destinations"),
        ([MINE, 42], "destinations.1"),
        (["x" * 129], "destinations.0"),
        ([""], "destinations.0"),
        (MINE, "destinations"),  # one string, not a list
    ],
)
async def test_api_refuses_bad_destinations_clearly(
    client: Client, destinations: object, field: str
) -> None:
    body = await post(client, {"text": POISONED, "destinations": destinations}, 422)
    assert body["code"] == "invalid_request"
    assert body["error"].startswith(f"{field}: ")
    assert body["details"][0]["field"] == field


async def test_api_batch_items_take_destinations_too(client: Client) -> None:
    resp = await client.post(
        "/v1/check/batch",
        json={"items": [{"text": POISONED, "destinations": [MINE]}, {"text": POISONED}]},
    )
    assert resp.status == 200
    first, second = (await resp.json())["results"]
    assert first["risk"] == "high" and second["risk"] != "high"


async def test_the_openapi_document_describes_destinations(client: Client) -> None:
    doc = await (await client.get("/openapi.json")).json()
    field = doc["components"]["schemas"]["CheckRequest"]["properties"]["destinations"]
    assert field["maxItems"] == MAX_DESTINATIONS and field["items"]["maxLength"] == 128


# --- scamcheck check --jsonl ---------------------------------------------------------------


def test_jsonl_lines_may_carry_destinations(tmp_path: Path) -> None:
    lines = [
        {"text": f"to {POISONED}", "destinations": [MINE]},
        {"text": f"to {POISONED}"},
        {"text": "x", "destinations": [MINE] * (MAX_DESTINATIONS + 1)},
    ]
    env = {**os.environ, "SCAMCHECK_DB_PATH": str(tmp_path / "t.db"),
           "SCAMCHECK_KNOWLEDGE_DIR": str(KB_DIR)}  # fmt: skip
    p = subprocess.run(
        [sys.executable, "-m", "bot.cli", "check", "--jsonl", "-"],
        input="\n".join(json.dumps(x) for x in lines).encode(),
        capture_output=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    out = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert [o.get("risk") for o in out[:2]] == ["high", "low"]
    assert out[0]["findings"][0]["params"] == {"destination": "0x5aAe…eAed"}
    assert out[2]["error"].startswith("line 3") and "destinations" in out[2]["error"]
