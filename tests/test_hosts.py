"""Bulk host screening (issue 11, speed): engine.check_host, `scamcheck check --hosts`, and
POST /v1/check/hosts over a real aiohttp server."""

from __future__ import annotations

import json
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
from bot.engine import NOT_A_HOST, KnowledgeIndex, check, check_host
from bot.message import Message
from bot.store import Store
from bot.verdict import HostVerdict
from bot.web.app import build_web_app
from bot.web.models import MAX_HOSTS

ROOT = Path(__file__).parent.parent
KB_DIR = Path(__file__).parent / "data" / "knowledge"
Client = TestClient[web.Request, web.Application]
MakeClient = Callable[[web.Application], Awaitable[Client]]

HOSTS = [
    "binance.com",  # official
    "www.binance.com",
    "binnance.com",  # a lookalike
    "bínance.com",  # a homograph
    "https://metamask-io.web.app/connect",  # a brand's name on free hosting
    "fake-exchange.top",  # reported by the police (fixture)
    "login.fake-exchange.top",
    "HXXPS://Binance-Verify[.]top/login",  # defanged, upper case
    "example.org",
]


# --- the engine -------------------------------------------------------------------------------


def test_check_host_flags_lookalikes_and_knows_official_sites(index: KnowledgeIndex) -> None:
    by_host = {h: check_host(h, index) for h in HOSTS}
    assert by_host["binance.com"].risk == "official"
    assert by_host["binance.com"].reason == "an official site of Binance"
    assert by_host["www.binance.com"].risk == "official"
    assert by_host["binnance.com"].risk == "high"
    assert by_host["binnance.com"].category == "phishing"
    assert "binance.com" in by_host["binnance.com"].reason
    assert by_host["bínance.com"].findings[0].type == "homograph"
    assert by_host["https://metamask-io.web.app/connect"].risk == "high"
    reported = by_host["login.fake-exchange.top"]
    assert reported.risk == "high" and reported.findings[0].type == "reported"
    assert by_host["HXXPS://Binance-Verify[.]top/login"].risk == "high"
    assert by_host["example.org"].risk == "low"
    assert by_host["example.org"].reason == "no known scam record for this host"


@pytest.mark.parametrize(
    "value", ["", "   ", "not a host", "x" * 5000, "http://", "foo", "a..b", "\x00\x01", "💥.💥"]
)
def test_what_is_no_host_gets_an_error_not_an_exception(
    index: KnowledgeIndex, value: str
) -> None:
    v = check_host(value, index)
    assert v.risk is None and v.error == NOT_A_HOST and v.findings == []
    assert len(v.host) <= 2048


def test_check_host_agrees_with_check_of_a_message_holding_the_link(
    seed_index: KnowledgeIndex,
) -> None:
    # (Not hosts whose words are scam phrases, 'claim-airdrop': a message is read for them.)
    hosts = ["binance.com", "binnance.com", "metamask-wallet-connect.xyz", "uniswap.org",
             "github.com", "pancakeswap-finances.com", "1.2.3.4", "x-com.vercel.app"]
    for h in hosts:
        as_message = check(Message(text=f"https://{h}/"), seed_index)
        assert check_host(h, seed_index).risk == as_message.risk, h


def test_check_host_is_deterministic(seed_index: KnowledgeIndex) -> None:
    first = [check_host(h, seed_index).model_dump() for h in HOSTS]
    seed_index.brands.host_cache.clear()  # computed again, not remembered
    assert [check_host(h, seed_index).model_dump() for h in HOSTS] == first


# --- the command --------------------------------------------------------------------------------


def scamcheck(
    tmp_path: Path, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SCAMCHECK_")}
    env = {**base, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / ".data"),
           "PYTHONPATH": str(ROOT), "SCAMCHECK_KNOWLEDGE_DIR": str(KB_DIR)}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "check", *args],
        cwd=tmp_path, env=env, input=stdin, capture_output=True, timeout=120, check=False,
    )  # fmt: skip


def _rows(out: bytes) -> list[list[str]]:
    return [line.split("\t") for line in out.decode().splitlines()]


def test_hosts_file_gives_one_line_per_host_in_order(tmp_path: Path) -> None:
    f = tmp_path / "hosts.txt"
    f.write_text("# a comment\nbinance.com\n\nbinnance.com\nnot a host\n\x00garbage\n"
                 "https://metamask-io.web.app/connect\n", encoding="utf-8")  # fmt: skip
    p = scamcheck(tmp_path, "--hosts", str(f))
    assert p.returncode == 1, p.stderr  # some lines were no host
    assert b"Traceback" not in p.stderr
    rows = _rows(p.stdout)
    assert [r[0] for r in rows] == ["binance.com", "binnance.com", "not a host", "\x00garbage",
                                    "https://metamask-io.web.app/connect"]  # fmt: skip
    assert all(len(r) == 3 for r in rows)
    assert rows[0][1:] == ["official", "an official site of Binance"]
    assert rows[1][1] == "high" and "binance.com" in rows[1][2]
    assert rows[2][1:] == ["invalid", NOT_A_HOST] and rows[3][1] == "invalid"
    assert rows[4][1] == "high"


def test_hosts_as_json_lines_from_stdin(tmp_path: Path) -> None:
    p = scamcheck(tmp_path, "--hosts", "-", "--json", stdin=b"binnance.com\nexample.org\n")
    assert p.returncode == 0, p.stderr
    results = [HostVerdict.model_validate_json(line) for line in p.stdout.splitlines()]
    assert [(r.host, r.risk) for r in results] == [("binnance.com", "high"),
                                                  ("example.org", "low")]  # fmt: skip
    assert results[0].findings[0].type == "lookalike"


def test_workers_give_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    f = tmp_path / "hosts.txt"
    hosts = [f"{h}\n" for h in HOSTS] * 150  # several chunks for each worker
    f.write_text("".join(hosts) + "bad host\n", encoding="utf-8")
    one = scamcheck(tmp_path, "--hosts", str(f), "--json")
    two = scamcheck(tmp_path, "--hosts", str(f), "--json", "--workers", "2")
    assert one.returncode == two.returncode == 1, two.stderr
    assert len(one.stdout.splitlines()) == len(hosts) + 1
    assert two.stdout == one.stdout


@pytest.mark.parametrize("path", ["missing.txt", "."])
def test_a_missing_hosts_file_is_one_line(tmp_path: Path, path: str) -> None:
    p = scamcheck(tmp_path, "--hosts", path)
    assert p.returncode == 2
    assert b"Traceback" not in p.stderr
    assert p.stderr.decode().startswith("scamcheck: ") and len(p.stderr.splitlines()) == 1


def test_bad_workers_is_refused(tmp_path: Path) -> None:
    p = scamcheck(tmp_path, "--hosts", "-", "--workers", "0", stdin=b"binance.com\n")
    assert p.returncode == 2 and b"--workers" in p.stderr and not p.stdout


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_closed_pipe_ends_quietly(tmp_path: Path, workers: str) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SCAMCHECK_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "check", "--hosts", "-", "--workers", workers],
        cwd=tmp_path, env={**base, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path),
                           "SCAMCHECK_KNOWLEDGE_DIR": str(KB_DIR)},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdin and proc.stdout and proc.stderr
    # Under the pipe's 64 KiB, or both ends would wait on each other; the answer is larger.
    proc.stdin.write(b"".join(b"h%d.io\n" % i for i in range(4000)))
    proc.stdin.close()
    proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read()
    assert proc.wait(120) == 141
    assert b"Traceback" not in err and b"BrokenPipe" not in err


# --- the HTTP service -------------------------------------------------------------------------


@pytest.fixture
async def client(store: Store, checker: Checker, aiohttp_client: MakeClient) -> Client:
    return await aiohttp_client(build_web_app(web_settings(), checker, store))


async def test_post_hosts_answers_one_result_per_host_in_order(client: Client) -> None:
    resp = await client.post("/v1/check/hosts", json={"hosts": [*HOSTS, "not a host"]})
    assert resp.status == 200, await resp.text()
    results = [HostVerdict.model_validate(r) for r in (await resp.json())["results"]]
    assert [r.host for r in results] == [*HOSTS, "not a host"]
    assert results[0].risk == "official" and results[2].risk == "high"
    assert results[5].findings[0].type == "reported"
    assert results[-1].risk is None and results[-1].error == NOT_A_HOST


async def test_post_hosts_refuses_too_many_and_bad_bodies(client: Client) -> None:
    resp = await client.post("/v1/check/hosts", json={"hosts": ["a.com"] * (MAX_HOSTS + 1)})
    assert resp.status == 413
    body = await resp.json()
    assert body["code"] == "too_many_hosts" and str(MAX_HOSTS) in body["error"]
    resp = await client.post("/v1/check/hosts", data=b'{"hosts": ["a.com"',
                             headers={"Content-Type": "application/json"})  # fmt: skip
    assert resp.status == 400 and (await resp.json())["code"] == "invalid_json"
    bads: list[object] = [{"hosts": []}, {"hosts": "a.com"}, {"hosts": [1]}, {"host": ["a"]}, [1]]
    for bad in bads:
        resp = await client.post("/v1/check/hosts", json=bad)
        assert resp.status == 422, bad
        assert (await resp.json())["code"] == "invalid_request"
    resp = await client.post("/v1/check/hosts", data=b"a.com",
                             headers={"Content-Type": "text/plain"})  # fmt: skip
    assert resp.status == 415


async def test_post_hosts_takes_the_most_allowed(client: Client) -> None:
    hosts = [*["example.org"] * (MAX_HOSTS - 1), "binnance.com"]  # repeated: quick
    resp = await client.post("/v1/check/hosts", json={"hosts": hosts})
    assert resp.status == 200
    results = (await resp.json())["results"]
    assert len(results) == MAX_HOSTS and results[-1]["host"] == hosts[-1]
    metrics = await (await client.get("/metrics")).text()
    assert f'scamcheck_checks_total{{face="hosts"}} {MAX_HOSTS}' in metrics


def test_the_openapi_document_lists_the_hosts_route() -> None:
    from bot.web.openapi import document

    op = document()["paths"]["/v1/check/hosts"]["post"]
    assert op["operationId"] == "check_hosts" and "413" in op["responses"]
    schema = document()["components"]["schemas"]["HostsRequest"]
    assert schema["properties"]["hosts"]["maxItems"] == MAX_HOSTS


def test_json_lines_are_valid_json(tmp_path: Path) -> None:
    p = scamcheck(tmp_path, "--hosts", "-", "--json", stdin=b"\xff\xfe.com\nbinance.com\n")
    assert all(json.loads(line)["version"] == "1" for line in p.stdout.splitlines())
