"""One check as the web faces make it: the engine, the rendered reply, and what is counted."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web

from bot.checker import Checker
from bot.engine import KnowledgeIndex, check, check_host
from bot.message import Message
from bot.render import render
from bot.store import Store
from bot.verdict import HostVerdict, Verdict
from bot.web.metrics import Metrics

CHECK_FLUSH_SECONDS = 5.0  # how far behind the counts in the database may be
# Checks run in a worker thread, so the event loop keeps answering (/healthz, small checks)
# while a big one runs. One thread, not more, not processes: the interpreter lock lets one
# thread compute at a time anyway, and each added thread makes the loop wait longer for its
# turn (with the worst inputs running, /healthz median 24 ms, max 70 ms with one thread; 40 and
# 116 ms with two); processes would each need their own index (hundreds of MB with a large
# knowledge base). More cores: more `web_workers`. A check is bounded (linear patterns, capped
# input) to tens of milliseconds, so the loop's turns come often.
CHECK_THREADS = 1
# A message this short with few entities is checked on the event loop itself: it takes a few
# milliseconds at worst (the worst inputs cut to this length: under 10 ms on the large base),
# about as long as the loop waits for the worker thread's turn anyway, and the hop to the
# thread and back (two wake-ups, two futures, the interpreter lock passed to and fro) cost
# more CPU than the HTTP handling around the check. Longer ones still go to the thread.
INLINE_CHARS = 1_000
INLINE_ENTITIES = 10
# Hosts a screen checks per turn of the worker thread (about 0.1-0.3 s of work).
HOSTS_PER_TURN = 250


class CheckService:
    """Checks a message and fills `reply` with the warning a person reads (plain text)."""

    def __init__(self, checker: Checker, metrics: Metrics, default_region: str) -> None:
        self.checker = checker
        self.metrics = metrics
        self.default_region = default_region
        self.pool = ThreadPoolExecutor(CHECK_THREADS, thread_name_prefix="check")

    async def close(self, app: object = None) -> None:
        """Lets the check threads go (on_cleanup)."""
        self.pool.shutdown(wait=False, cancel_futures=True)

    def check(self, message: Message, face: str, *, count: bool = True) -> Verdict:
        """The verdict with its reply; counted under face (api, batch, lookup, page).

        count=False leaves it out of the moderators' /stats (a look-up counts only once the
        value is recognised: see `count`).
        """
        started = time.perf_counter()
        verdict = self._verdict(message, self.checker.index)
        return self._counted(verdict, face, count, started)

    async def check_async(
        self, message: Message, face: str, *, count: bool = True, inline: bool = True
    ) -> Verdict:
        """check() with the CPU work of a long message in a worker thread, so the event loop
        keeps answering (a short one is checked at once, unless inline=False: INLINE_CHARS).

        The index is taken here, on the loop (it may read the store, whose connection belongs
        to this thread); the thread runs only the pure check and rendering.
        """
        started = time.perf_counter()
        index = await self.checker.index_soon()
        if inline and _short(message):
            verdict = self._verdict(message, index)
        else:
            loop = asyncio.get_running_loop()
            verdict = await loop.run_in_executor(self.pool, self._verdict, message, index)
        return self._counted(verdict, face, count, started)

    async def check_hosts_async(self, hosts: list[str]) -> list[HostVerdict]:
        """check_host for each host, in the worker thread a few hundred at a time, so that
        other requests' checks take their turns during a 10,000-host screen."""
        started = time.perf_counter()
        index = await self.checker.index_soon()
        loop = asyncio.get_running_loop()
        results: list[HostVerdict] = []
        for i in range(0, len(hosts), HOSTS_PER_TURN):
            part = hosts[i : i + HOSTS_PER_TURN]
            results += await loop.run_in_executor(self.pool, _screen, part, index)
        self.metrics.check_seconds.observe(time.perf_counter() - started)
        self.metrics.checks.inc("hosts", by=len(hosts))
        for r in results:
            self.metrics.verdicts.inc(r.risk or "invalid")
        return results

    def _verdict(self, message: Message, index: KnowledgeIndex) -> Verdict:
        verdict = check(message, index, self.checker.default_region)
        verdict.reply = render(
            verdict,
            index,
            message.lang or "en",
            message.region,
            default_region=self.default_region,
        )
        return verdict

    def _counted(self, verdict: Verdict, face: str, count: bool, started: float) -> Verdict:
        self.metrics.check_seconds.observe(time.perf_counter() - started)
        self.metrics.checks.inc(face)
        self.metrics.verdicts.inc(verdict.risk)
        if count:
            self.count(verdict)
        return verdict

    def count(self, verdict: Verdict) -> None:
        """Counts the check for /stats: day, region, risk and top category, no message."""
        self.checker.store.count_check(
            region=verdict.region or self.default_region,
            risk=verdict.risk,
            category=verdict.top_category,
        )

    def regions(self, lang: str) -> list[tuple[str, str]]:
        """(code, name) of every region the knowledge base has contacts for."""
        regions = self.checker.index.regions
        return sorted((code, r.name.get(lang)) for code, r in regions.items())


def _short(message: Message) -> bool:
    return len(message.text) <= INLINE_CHARS and len(message.entities) <= INLINE_ENTITIES


def _screen(hosts: list[str], index: KnowledgeIndex) -> list[HostVerdict]:
    return [check_host(h, index) for h in hosts]


def flush_check_counts(
    store: Store, every: float | None = None
) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup context writing the counted checks every few seconds and when the app stops.

    Counting stays in memory on the request path (Store.count_check); one transaction every
    `every` seconds (CHECK_FLUSH_SECONDS) writes whatever accumulated, so moderators' /stats
    in another process (the bot, another worker) is at most that far behind.
    """
    interval = every if every is not None else CHECK_FLUSH_SECONDS

    async def flushing(app: web.Application) -> AsyncIterator[None]:
        async def loop() -> None:
            while True:
                await asyncio.sleep(interval)
                # on the loop: never waits long. An error other than a busy database is
                # logged (write_briefly) and tried again next round, not the end of the loop.
                with contextlib.suppress(sqlite3.Error):
                    store.flush_checks_briefly()

        task = asyncio.create_task(loop())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        with contextlib.suppress(sqlite3.Error):  # logged; the store's close() tries once more
            store.flush_checks_briefly()

    return flushing

