"""The real bot Application, polling the fake Bot API: how the Telegram tests drive the bot."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from telegram.ext import Application

from bot.checker import Checker
from bot.settings import Settings
from bot.store import Store
from bot.telegram.app import build_application
from fakes.telegram_api import TOKEN, Call, FakeTelegram

KB_DIR = Path(__file__).parent.parent / "data" / "knowledge"
ROOT = Path(__file__).parent.parent.parent


@dataclass
class Harness:
    """A user's view of the bot: send updates in, read what the bot sent out."""

    api: FakeTelegram
    app: Application[Any, Any, Any, Any, Any, Any]
    store: Store
    users: dict[int, dict[str, Any]] = field(default_factory=dict)

    def user(self, user_id: int = 1, language_code: str | None = "en") -> dict[str, Any]:
        """A Telegram user; the same dict every time for the same id."""
        if user_id not in self.users:
            self.users[user_id] = self.api.user(user_id, language_code)
        return self.users[user_id]

    def send(self, text: str, user_id: int = 1, **extra: Any) -> dict[str, Any]:
        """A private message from the user."""
        return self.api.message(self.user(user_id), text, **extra)

    async def reply(self, chat_id: int = 1, timeout: float = 5.0) -> Call:
        """The next message the bot sent to the chat."""
        return await self.api.next_call("sendMessage", chat_id, timeout)

    async def ask(self, text: str, user_id: int = 1, **extra: Any) -> Call:
        """Sends a private message and waits for the first reply."""
        self.send(text, user_id, **extra)
        return await self.reply(user_id)

    async def press(self, call: Call, data: str, user_id: int = 1) -> str:
        """Presses a button on a message the bot sent; returns the callback query id."""
        return self.api.click(self.user(user_id), call, data)

    async def answered(self, query_id: str) -> Call:
        """The bot's answerCallbackQuery for a press."""
        while True:
            call = await self.api.next_call("answerCallbackQuery")
            if call.params["callback_query_id"] == query_id:
                return call

    async def settle(self, timeout: float = 5.0) -> None:
        """Waits until every update queued so far has been fetched and fully handled."""
        idle = 0
        async with asyncio.timeout(timeout):
            while idle < 3:  # idle a few times running: nothing between the queue and a handler
                fetched = self.api.confirmed >= self.api.last_update_id
                busy = self.app.update_processor.current_concurrent_updates
                idle = idle + 1 if fetched and not busy and self.app.update_queue.empty() else 0
                await asyncio.sleep(0.01)


def settings_for(api: FakeTelegram, **overrides: Any) -> Settings:
    """Settings pointing the bot at the fake server."""
    values: dict[str, Any] = {
        "telegram_bot_token": SecretStr(TOKEN),
        "telegram_api_url": api.base_url,
        "db_path": Path(":memory:"),
        "knowledge_dir": KB_DIR,
        "default_region": "HK",
        "default_lang": "en",
        **overrides,
    }
    return Settings(**values)


@asynccontextmanager
async def running_bot(store: Store, checker: Checker, **overrides: Any) -> AsyncIterator[Harness]:
    """The Application built as in production, polling the fake server, until the block ends."""
    api = FakeTelegram()
    await api.start()
    app = build_application(settings_for(api, **overrides), checker, store)
    try:
        async with app:
            assert app.post_init is not None and app.updater is not None
            await app.post_init(app)  # what run_polling does before polling
            await app.updater.start_polling(poll_interval=0, timeout=dt.timedelta(seconds=1))
            await app.start()
            try:
                yield Harness(api, app, store)
            finally:
                await api.release()
                await app.updater.stop()
                await app.stop()
    finally:
        await api.stop()


@asynccontextmanager
async def bot_process(
    db: Path, cwd: Path
) -> AsyncIterator[tuple[FakeTelegram, asyncio.subprocess.Process]]:
    """`scamcheck bot` in a process of its own, polling a fake server, its store at db;
    killed at the end of the block if it still runs (stop it cleanly with stop_bot)."""
    api = FakeTelegram()
    await api.start()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api.base_url,
        "SCAMCHECK_DB_PATH": str(db),
        "SCAMCHECK_KNOWLEDGE_DIR": str(KB_DIR),
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "bot", env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        yield api, proc
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await api.stop()


async def stop_bot(api: FakeTelegram, proc: asyncio.subprocess.Process) -> int:
    """Stops a bot_process as Ctrl-C does, once it polls; its exit code."""
    await api.release()
    proc.send_signal(signal.SIGINT)
    return await asyncio.wait_for(proc.wait(), 20)
