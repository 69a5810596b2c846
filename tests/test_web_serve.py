"""`scamcheck serve` as a process: configured by environment, graceful on SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from fakes.telegram_api import TOKEN, FakeTelegram
from web_server import KB_DIR, SCAM

from bot.web.serve import say
from bot.web.webhook import DEFAULT_PATH, SECRET_HEADER

ROOT = Path(__file__).parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def serving(
    tmp_path: Path, port: int, **env: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    """scamcheck serve in a subprocess, its store in tmp_path, until the block ends."""
    inherited = {k: v for k, v in os.environ.items() if "TELEGRAM" not in k}
    environ = {
        **inherited,
        "PYTHONPATH": str(ROOT),
        "SCAMCHECK_DB_PATH": str(tmp_path / "serve.db"),
        "SCAMCHECK_KNOWLEDGE_DIR": str(KB_DIR),
        "SCAMCHECK_PORT": str(port),
        **env,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", env=environ, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        start_new_session=True,  # its own process group, so the clean-up reaches its workers
    )  # fmt: skip
    try:
        yield proc
    finally:
        # A test that failed half-way leaves workers whose supervisor never stopped them: killing
        # the supervisor alone would orphan them on the port, holding its stderr open, and the
        # wait below would never end. Every process of the group goes, the supervisor last.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        await proc.wait()


async def wait_healthy(session: aiohttp.ClientSession, url: str, timeout: float = 30) -> None:
    async with asyncio.timeout(timeout):
        while True:
            try:
                async with session.get(f"{url}/healthz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)


async def test_sigterm_lets_the_request_in_flight_finish_then_closes_the_store(
    tmp_path: Path,
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    items = [{"text": (SCAM + " ") * 30}] * 1000  # a second or two of checking
    async with serving(tmp_path, port) as proc, aiohttp.ClientSession() as session:
        await wait_healthy(session, url)
        batch = asyncio.create_task(session.post(f"{url}/v1/check/batch", json={"items": items}))
        await asyncio.sleep(0.3)
        assert not batch.done()  # the batch is being checked
        proc.send_signal(signal.SIGTERM)
        resp = await batch
        assert resp.status == 200
        assert len((await resp.json())["results"]) == 1000
        assert await asyncio.wait_for(proc.wait(), 20) == 0
        stderr = (await proc.stderr.read()).decode()  # type: ignore[union-attr]
    assert f"listening on http://127.0.0.1:{port}" in stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "serve.db-wal").exists()  # the last connection closed cleanly


async def test_with_a_token_the_bot_answers_on_the_webhook(tmp_path: Path) -> None:
    api = FakeTelegram()
    await api.start()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api.base_url,
        "SCAMCHECK_WEBHOOK_SECRET": "hook-secret",
    }
    try:
        async with serving(tmp_path, port, **env) as proc, aiohttp.ClientSession() as session:
            await wait_healthy(session, url)
            async with asyncio.timeout(20):
                while (await (await session.get(f"{url}/healthz")).json())[
                    "telegram"
                ] != "running":
                    await asyncio.sleep(0.1)
            message = api.message(api.user(21), SCAM)
            resp = await session.post(
                f"{url}{DEFAULT_PATH}",
                json={"update_id": 1, "message": message},
                headers={SECRET_HEADER: "hook-secret"},
            )
            assert resp.status == 200
            assert "High risk" in (await api.next_call("sendMessage", 21, timeout=20)).text
            proc.send_signal(signal.SIGINT)
            assert await asyncio.wait_for(proc.wait(), 20) == 0
    finally:
        await api.stop()


async def test_a_port_in_use_is_reported_with_status_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with serving(tmp_path, port) as proc:
            assert await asyncio.wait_for(proc.wait(), 30) == 2
            stderr = (await proc.stderr.read()).decode()  # type: ignore[union-attr]
    assert f"cannot listen on 127.0.0.1:{port}" in stderr


async def read_until_listening(proc: asyncio.subprocess.Process, workers: int) -> set[str]:
    """The names of the workers that said they listen, once all of them have (60 s at most)."""
    names: set[str] = set()
    async with asyncio.timeout(60):
        while len(names) < workers:
            line = (await proc.stderr.readline()).decode()  # type: ignore[union-attr]
            assert line, "the service exited before every worker listened"
            if "): listening on" in line:
                names.add(line.split("(", 1)[1].split(")", 1)[0])
    return names


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_workers_share_the_port_and_stop_together(tmp_path: Path, signum: int) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    async with serving(tmp_path, port, SCAMCHECK_WEB_WORKERS="2") as proc:
        connector = aiohttp.TCPConnector(force_close=True)  # a new connection every time
        announced = await read_until_listening(proc, workers=2)
        assert {"worker 1/2", "worker 2/2"} == announced
        async with aiohttp.ClientSession(connector=connector) as session:
            await wait_healthy(session, url)
            for _ in range(20):
                async with session.post(f"{url}/v1/check", json={"text": SCAM}) as resp:
                    assert (await resp.json())["risk"] == "high"
        proc.send_signal(signum)  # to the supervisor only: it stops its workers
        assert await asyncio.wait_for(proc.wait(), 30) == 0
        stderr = (await proc.stderr.read()).decode()  # type: ignore[union-attr]
    assert "Traceback" not in stderr


class _Writes(io.RawIOBase):
    """A pipe's writing end that keeps each write apart, as the kernel sees them."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, b: object) -> int:
        data = bytes(b)  # type: ignore[call-overload]
        self.writes.append(data)
        return len(data)


def test_a_worker_announces_itself_in_one_write(monkeypatch: pytest.MonkeyPatch) -> None:
    # stderr as PYTHONUNBUFFERED makes it (the service runs so under Docker and systemd, and the
    # tests inherit it): two workers sharing a pipe interleave anything written in two parts
    raw = _Writes()
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(raw, write_through=True))  # type: ignore[type-var]
    say("scamcheck serve (worker 1/2): listening on http://127.0.0.1:8080")
    assert raw.writes == [b"scamcheck serve (worker 1/2): listening on http://127.0.0.1:8080\n"]


async def test_the_webhook_is_not_split_over_workers(tmp_path: Path) -> None:
    env = {"SCAMCHECK_WEB_WORKERS": "2", "TELEGRAM_BOT_TOKEN": TOKEN}
    async with serving(tmp_path, free_port(), **env) as proc:
        assert await asyncio.wait_for(proc.wait(), 30) == 2
        stderr = (await proc.stderr.read()).decode()  # type: ignore[union-attr]
    assert "needs a single process" in stderr


async def test_workers_report_a_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with serving(tmp_path, port, SCAMCHECK_WEB_WORKERS="2") as proc:
            assert await asyncio.wait_for(proc.wait(), 60) == 2
