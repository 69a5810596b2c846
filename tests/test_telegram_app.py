"""The composition root and what guards every update: token, rate limit, errors, flood waits."""

from __future__ import annotations

import asyncio
import re
import string
import time
from pathlib import Path

import pytest
from fakes.harness import bot_process, running_bot, settings_for, stop_bot
from fakes.telegram_api import FakeTelegram
from telegram import Update

from bot.checker import Checker
from bot.render import catalog
from bot.settings import Settings
from bot.store import Store
from bot.telegram.app import (
    ADMIN_COMMANDS,
    PRIVATE_COMMANDS,
    api_urls,
    build_application,
    prepare,
    run_polling,
)

ROOT = Path(__file__).parent.parent
SCAM = "pay the withdrawal tax first to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


async def test_scamcheck_bot_polls_with_the_token_from_the_environment(tmp_path: Path) -> None:
    async with bot_process(tmp_path / "bot.db", tmp_path) as (api, proc):
        api.message(api.user(3), SCAM)
        reply = await api.next_call("sendMessage", 3, timeout=30)
        assert await stop_bot(api, proc) == 0
    assert "High risk" in reply.text
    assert {c.method for c in api.calls} >= {"getMe", "deleteWebhook", "setMyCommands"}


def test_without_a_token_the_bot_says_so_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("SCAMCHECK_TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    assert run_polling(Settings(db_path=tmp_path / "t.db")) == 2
    assert "TELEGRAM_BOT_TOKEN" in capsys.readouterr().err
    assert not (tmp_path / "t.db").exists()  # failed before touching anything


@pytest.mark.parametrize(
    ("given", "base"),
    [
        ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/bot"),
        ("http://127.0.0.1:8081/", "http://127.0.0.1:8081/bot"),
        ("https://tg.internal", "https://tg.internal/bot"),
    ],
)
def test_self_hosted_api_urls(given: str, base: str) -> None:
    assert api_urls(given) == (base, base.removesuffix("/bot") + "/file/bot")


async def test_webhook_use_without_an_updater(store: Store, checker: Checker) -> None:
    api = FakeTelegram()
    await api.start()
    app = build_application(settings_for(api), checker, store, polling=False)
    assert app.updater is None
    async with app:  # what the HTTP service does, with updates from its webhook route
        await prepare(app)
        await app.start()
        message = api.message(api.user(5), SCAM)  # nobody polls: it reaches the bot below
        await app.update_queue.put(Update.de_json({"update_id": 1, "message": message}, app.bot))
        reply = await api.next_call("sendMessage", 5)
        await app.stop()
    await api.stop()
    assert "High risk" in reply.text


async def test_rate_limit_is_polite_once_then_quiet(store: Store, checker: Checker) -> None:
    async with running_bot(store, checker, user_rate_per_minute=2) as tg:
        for n in range(4):
            tg.send(f"message {n}")
        replies = [await tg.reply() for _ in range(3)]
        await tg.settle()
        assert not tg.api.pending("sendMessage")
        group = {"id": -100555, "type": "group", "title": "traders"}
        tg.api.message(tg.user(1), SCAM, chat=group)  # groups are still protected
        assert "Careful" in (await tg.reply(-100555)).text
    assert "No known scam record" in replies[0].text and "No known" in replies[1].text
    assert "faster than I can check" in replies[2].text


async def test_an_error_is_logged_and_the_user_told_without_internals(
    store: Store, checker: Checker, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_bot(store, checker) as tg:
        tg.api.fail_next("sendMessage", 400, "Bad Request: secret internal detail")
        apology = await tg.ask(SCAM)
        failed = next(c for c in tg.api.calls if c.error)
    assert "secret internal detail" in (failed.error or "")
    assert "something went wrong" in apology.text
    assert "secret" not in apology.text and "Traceback" not in apology.text
    assert any("failed" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")


async def test_a_flood_wait_is_waited_out(store: Store, checker: Checker) -> None:
    async with running_bot(store, checker) as tg:
        tg.api.fail_next("sendMessage", 429, retry_after=1)
        started = time.monotonic()
        reply = await tg.ask(SCAM)
    assert "High risk" in reply.text
    assert time.monotonic() - started >= 1
    first_try = next(c for c in tg.api.calls if c.method == "sendMessage")
    assert (first_try.error or "").startswith("Too Many")


async def test_an_edited_message_is_not_checked_again(store: Store, checker: Checker) -> None:
    async with running_bot(store, checker) as tg:
        original = tg.send("hello")
        await tg.reply()
        tg.api.push({"edited_message": {**original, "text": SCAM, "edit_date": 2}})
        await tg.settle()
        assert not tg.api.pending("sendMessage")


def test_every_command_is_documented() -> None:
    docs = (ROOT / "docs" / "telegram.md").read_text(encoding="utf-8")
    for command in {*PRIVATE_COMMANDS, *ADMIN_COMMANDS}:
        assert f"/{command}" in docs, command
    for lang in ("en", "zh-HK"):
        for command in set(PRIVATE_COMMANDS) - {"start", "help"}:
            assert f"/{command}" in catalog(lang)["help.private"], (lang, command)


def _keys_used_by_the_bot() -> set[str]:
    source = "".join(p.read_text() for p in (ROOT / "bot" / "telegram").glob("*.py"))
    patterns = re.findall(r"""\b(?:say|t)\(\s*[\w.]+,\s*f?["']([a-z_.{}\w]+)["']""", source)
    keys = set(catalog("en"))
    used = set()
    for pattern in patterns:
        regex = re.sub(r"\\\{[^}]*\\\}", r"[\\w-]+", re.escape(pattern))
        matched = {k for k in keys if re.fullmatch(regex, k)}
        assert matched, f"no catalog key for {pattern!r}"
        used |= matched
    return used


def test_bot_copy_is_in_every_catalog_with_the_same_placeholders() -> None:
    fmt = string.Formatter()
    for key in _keys_used_by_the_bot():
        en = {name for _, name, _, _ in fmt.parse(catalog("en")[key]) if name}
        zh = {name for _, name, _, _ in fmt.parse(catalog("zh-HK")[key]) if name}
        assert en == zh, key
    assert set(catalog("en")) == set(catalog("zh-HK"))


async def test_a_flood_wait_in_one_chat_does_not_hold_up_another(
    store: Store, checker: Checker
) -> None:
    async with running_bot(store, checker) as tg:
        tg.api.fail_next("sendMessage", 429, retry_after=1)
        tg.send(SCAM, user_id=1)
        while not any(c.error for c in tg.api.calls):  # chat 1 is waiting out its flood wait
            await asyncio.sleep(0.01)
        other = await tg.ask("hello", user_id=2)
        assert not tg.api.pending("sendMessage")  # chat 1's reply has not gone yet
        delayed = await tg.reply(1)
    assert "No known scam record" in other.text and "High risk" in delayed.text


async def test_updates_of_one_chat_keep_their_order(store: Store, checker: Checker) -> None:
    async with running_bot(store, checker) as tg:
        tg.send("/withdraw")
        tg.send("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")  # sent before the question arrived
        first, second = await tg.reply(), await tg.reply()
    assert "Question 1 of 5" in first.text and "address you usually send to" in second.text
