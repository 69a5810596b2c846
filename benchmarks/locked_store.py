"""The service in webhook mode while another writer holds the database: how long /healthz and a
private-chat check take to answer.

A thread holds BEGIN IMMEDIATE on the service's database file for --hold seconds (as a feed
sync, a police upload or `kb load` in another process would); meanwhile a private message is
posted to the webhook and /healthz is asked. The bot's replies go to the fake Bot API of the
tests, on 127.0.0.1. Prints, per round, the seconds from the post to the bot's reply and from
0.1 s after the post (when /healthz is asked) to its answer, then the medians.

    .venv/bin/python benchmarks/locked_store.py --hold 2 --rounds 5
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests")]

from aiohttp.test_utils import TestClient, TestServer  # noqa: E402
from fakes.harness import KB_DIR, settings_for  # noqa: E402
from fakes.locked import write_locked  # noqa: E402
from fakes.telegram_api import FakeTelegram  # noqa: E402
from web_server import SCAM  # noqa: E402

from bot.checker import Checker  # noqa: E402
from bot.runtime import load_files  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.telegram.app import build_application  # noqa: E402
from bot.web.app import build_web_app  # noqa: E402
from bot.web.webhook import DEFAULT_PATH, SECRET_HEADER  # noqa: E402

SECRET = "benchmark-secret"


async def rounds(path: Path, hold: float, count: int) -> list[tuple[float, float]]:
    store = Store(path)
    load_files(store, KB_DIR, actor="benchmark", reason="fixture")
    checker = Checker(store, "HK")
    checker.warm_up()
    api = FakeTelegram()
    await api.start()
    values = settings_for(api, webhook_secret=SECRET)
    app = build_web_app(values, checker, store, build_application(values, checker, store,
                                                                  polling=False))  # fmt: skip
    client = TestClient(TestServer(app))
    await client.start_server()
    try:
        while (await (await client.get("/healthz")).json())["telegram"] != "running":
            await asyncio.sleep(0.05)
        out = []
        for i in range(count):
            body = {"update_id": 1000 + i, "message": api.message(api.user(7), SCAM)}
            with write_locked(path, hold):
                posted = time.perf_counter()
                resp = await client.post(DEFAULT_PATH, json=body, headers={SECRET_HEADER: SECRET})
                assert resp.status == 200
                await asyncio.sleep(0.1)  # the bot has taken the update
                await (await client.get("/healthz")).read()
                # from when it was due to be asked: a stalled loop delays the asking too
                health = time.perf_counter() - posted - 0.1
                await api.next_call("sendMessage", 7, timeout=60)
                reply = time.perf_counter() - posted
            out.append((reply, health))
            print(f"round {i + 1}: reply {reply:.3f} s, /healthz {health:.3f} s", flush=True)
        return out
    finally:
        await client.close()
        await api.stop()
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hold", type=float, default=2.0, help="seconds the lock is held")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = asyncio.run(rounds(Path(tmp) / "kb.db", args.hold, args.rounds))
    replies, healths = zip(*results, strict=True)
    print(f"hold {args.hold:.1f} s: private-chat reply median {statistics.median(replies):.3f} s "
          f"(max {max(replies):.3f}); /healthz median {statistics.median(healths):.3f} s "
          f"(max {max(healths):.3f})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
