"""The HTTP service for tests: settings over the fixture knowledge base, and the real server
running on a free 127.0.0.1 port in a thread of its own (for synchronous clients such as
schemathesis)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.checker import Checker
from bot.runtime import load_files
from bot.settings import Settings
from bot.store import Store
from bot.web.app import build_web_app

KB_DIR = Path(__file__).parent / "data" / "knowledge"
SCAM = "pay the withdrawal tax first to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
REPORTED_ADDRESS = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


def web_settings(**overrides: Any) -> Settings:
    """Settings for tests: the fixture knowledge base; rate limits off unless asked for."""
    values: dict[str, Any] = {
        "db_path": Path(":memory:"),
        "knowledge_dir": KB_DIR,
        "default_region": "HK",
        "api_rate_per_minute": 0,
        "api_key_rate_per_minute": 0,
        **overrides,
    }
    return Settings(**values)


@contextmanager
def server_in_thread(**overrides: Any) -> Iterator[str]:
    """The service on 127.0.0.1 in a background thread (with its own store); yields its URL."""
    ready = threading.Event()
    box: dict[str, Any] = {}

    async def serve() -> None:
        store = Store(":memory:")
        load_files(store, KB_DIR, actor="test", reason="fixture")
        settings = web_settings(**overrides)
        app = build_web_app(settings, Checker(store, "HK"), store)
        runner = web.AppRunner(app, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        box["port"] = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        box["stop"] = stop = asyncio.Event()
        box["loop"] = asyncio.get_running_loop()
        ready.set()
        await stop.wait()
        await runner.cleanup()
        store.close()

    thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
    thread.start()
    if not ready.wait(30):
        raise RuntimeError("the test server did not start")
    try:
        yield f"http://127.0.0.1:{box['port']}"
    finally:
        box["loop"].call_soon_threadsafe(box["stop"].set)
        thread.join(10)
