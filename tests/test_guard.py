"""The poisoning guard on every path: the police API, and `scamcheck kb load`.

Official channels, every region's contacts and whole platforms cannot be marked as scams;
phrases that are official names, or too common, cannot go live.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from fakes.harness import running_bot
from test_police_api import ADMIN, post_csv

from bot.checker import Checker
from bot.message import Message
from bot.settings import Settings
from bot.store import Store
from bot.web.police import add_police_routes

Client = TestClient[web.Request, web.Application]
ROOT = Path(__file__).parent.parent
KB_DIR = Path(__file__).parent / "data" / "knowledge"


@pytest.fixture
async def client(
    store: Store, aiohttp_client: Callable[[web.Application], Awaitable[Client]]
) -> Client:
    app = web.Application()
    add_police_routes(app, store, Settings(default_region="HK", knowledge_dir=KB_DIR))
    return await aiohttp_client(app)


@pytest.fixture
def token(store: Store) -> str:
    store.set_publish_mode("HKPF", "live", ADMIN, "trusted case system", create=True)
    return store.create_token("HKPF", [], ADMIN, "case system").token


@pytest.mark.parametrize(
    ("kind", "value", "says"),
    [
        ("phone", "18222", "on the official list of Anti-Scam"),  # a region's hotline
        # the same short code written with its country code, as people write it abroad
        ("phone", "+852 18222", "on the official list of Anti-Scam"),
        ("phone", "+852-18222", "on the official list of Anti-Scam"),
        ("domain", "actionfraud.police.uk", "on the official list of Action Fraud"),
        ("url", "https://www.actionfraud.police.uk/report", "on the official list of Action"),
        ("domain", "t.me", "a whole platform"),
        # addresses no one owns: quoted in token pages and burn notices, not a scammer's wallet
        ("address", "0x0000000000000000000000000000000000000000", "no one's address"),
        ("address", "0x000000000000000000000000000000000000dEaD", "no one's address"),
        ("address", "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", "no one's address"),
        ("domain", "github.com", "a whole platform"),
        ("domain", "bit.ly", "a whole platform"),
    ],
)
async def test_police_cannot_mark_contacts_or_platforms(
    client: Client, token: str, checker: Checker, kind: str, value: str, says: str
) -> None:
    status, body = await post_csv(
        client, token, f"kind,value,category,reference\n{kind},{value},phishing,HK-1\n"
    )
    assert status == 422 and body["published"] == 0
    assert says in body["errors"][0]["error"], body["errors"]


async def test_a_region_hotline_in_a_message_stays_unflagged(
    client: Client, token: str, checker: Checker
) -> None:
    await post_csv(client, token, "kind,value,category,reference\nphone,18222,phishing,HK-1\n")
    verdict = checker.check(Message(text="Not sure? Call the Anti-Scam Helpline 18222"))
    assert verdict.risk != "high"


@pytest.mark.parametrize(
    ("phrase", "says"),
    [
        ("binance.com", "official name or site"),
        ("binance", "official name or site"),
        ("hello", "too common"),
        ("thank you", "too common"),
        ("bitcoin", "too common"),
        ("https", "too common"),
        ("你好嗎謝謝", "too short"),
    ],
)
async def test_thin_or_official_phrases_are_refused(
    client: Client, token: str, phrase: str, says: str
) -> None:
    status, body = await post_csv(
        client, token, f"kind,value,category,reference\nphrase,{phrase},phishing,HK-1\n"
    )
    assert status == 422, body
    assert says in body["errors"][0]["error"]


async def test_a_phrase_with_substance_goes_through(client: Client, token: str) -> None:
    status, body = await post_csv(
        client,
        token,
        "kind,value,category,reference\nphrase,pay the unlock fee to release your funds,"
        "investment,HK-1\n",
    )
    assert status == 200 and body["published"] + body["queued"] == 1, body


async def test_a_subdomain_of_a_platform_can_be_reported(client: Client, token: str) -> None:
    status, body = await post_csv(
        client, token, "kind,value,category,reference\ndomain,claim-x.github.io,phishing,HK\n"
    )
    assert status == 200 and body["published"] == 1, body


# --- scamcheck kb load ---------------------------------------------------------------------


def _kb_load(db: Path, root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCAMCHECK_DB_PATH": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "kb", "load", str(root), *extra],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _poisoned_copy(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    subprocess.run(["cp", "-r", str(KB_DIR), str(root)], check=True)
    (root / "reported" / "poison.yaml").write_text(
        "reported:\n"
        "  - {kind: domain, value: binance.com, category: phishing, reference: X-1}\n"
        "  - {kind: phone, value: '18222', category: phishing, reference: X-2}\n",
        encoding="utf-8",
    )
    return root


def test_kb_load_refuses_official_entries_whole(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    done = _kb_load(db, _poisoned_copy(tmp_path))
    assert done.returncode == 1, done.stdout
    assert "binance.com" in done.stderr and "official list of Binance" in done.stderr
    assert "18222" in done.stderr and "Traceback" not in done.stderr
    store = Store(db)
    try:
        assert store.find_reported("domain", "binance.com") is None
    finally:
        store.close()


def test_kb_load_with_an_admin_override_loads_them(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    done = _kb_load(db, _poisoned_copy(tmp_path), "--override", "--reason", "court order 7")
    assert done.returncode == 0, done.stderr
    store = Store(db)
    try:
        assert store.find_reported("domain", "binance.com") is not None
    finally:
        store.close()


# --- the bot: the real Application against the fake Bot API --------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("/reported add phone 18222 phishing HK-1", "official list of Anti-Scam Helpline"),
        ("/reported add domain t.me phishing HK-1", "whole platform"),
        ("/reported add domain actionfraud.police.uk phishing HK-1", "official list of Action"),
        ("/phrase add phishing thank you", "too common"),
        ("/phrase add phishing binance.com", "official name or site"),
    ],
)
async def test_the_bot_refuses_contacts_platforms_and_thin_phrases(
    store: Store, checker: Checker, text: str, says: str
) -> None:
    async with running_bot(store, checker, admins=[1]) as tg:
        await tg.ask("/grant 2 moderator", 1)
        reply = await tg.ask(text, 2)
    assert says in reply.text, reply.text
    assert store.find_reported("domain", "t.me") is None
    assert store.find_reported("phone", "18222") is None
