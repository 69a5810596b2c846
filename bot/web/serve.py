"""Running the service: one process, or several sharing the port (SO_REUSEPORT).

Checks are CPU work in Python, so one process uses one core; `web_workers` processes (each
with its own knowledge index) use as many. The kernel spreads connections over them. On
SIGTERM (or Ctrl-C) every process stops taking connections, lets the requests in flight
finish (up to SHUTDOWN_TIMEOUT), stops the bot if it runs one, and closes its store.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import sys
from multiprocessing.connection import wait

from aiohttp import web

from bot.checker import Checker
from bot.feed_schedule import FeedScheduler
from bot.health import warn_if_unfit
from bot.retention import RetentionPurger
from bot.runtime import open_store
from bot.settings import Settings
from bot.store import Store
from bot.web.app import build_web_app
from bot.web.connections import start_runner
from bot.web.webhook import TelegramApp

log = logging.getLogger(__name__)

# In-flight requests get this long to finish on SIGTERM: under Docker's 10 s before SIGKILL.
SHUTDOWN_TIMEOUT = 8.0
SWITCH_INTERVAL = 0.001
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def run_service(settings: Settings) -> int:
    """Serves until SIGINT or SIGTERM; 0 after a clean stop, 2 if it cannot start."""
    if settings.web_workers > 1 and settings.telegram_bot_token is not None:
        print(
            "scamcheck serve: the Telegram webhook needs a single process (a chat's updates are "
            "handled in order within one): run it with --workers 1, and more API workers "
            "without the token in another service",
            file=sys.stderr,
        )
        return 2
    # One scheduler for the whole service (here, before any worker starts): workers must not
    # each fetch the same lists.
    feeds = FeedScheduler(settings) if settings.feeds_sync_hours > 0 else None
    if feeds is not None:
        from bot.feeds import FeedError, configured

        try:
            configured(settings.feed_urls)  # a misnamed mirror is refused now, not every round
        except FeedError as e:
            print(f"scamcheck serve: SCAMCHECK_FEED_URLS: {e}", file=sys.stderr)
            return 2
        feeds.start()
    purger = RetentionPurger(settings)  # users' reports past retention: now, then periodically
    try:
        purger.start()
        if settings.web_workers == 1:
            return serve_one(settings, reuse_port=False, stop_on=(signal.SIGINT, signal.SIGTERM))
        return supervise(settings, settings.web_workers)
    finally:
        purger.stop()
        if feeds is not None:
            feeds.stop()


def telegram_app(settings: Settings, checker: Checker, store: Store) -> TelegramApp | None:
    """The bot, for webhook use, when a token is configured."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        return None
    from bot.telegram.app import build_application

    return build_application(settings, checker, store, polling=False)


def serve_one(
    settings: Settings, reuse_port: bool, stop_on: tuple[int, ...], name: str = ""
) -> int:
    """One serving process: its own store connection, index and (maybe) bot."""
    # Checks, uploads and index rebuilds run in threads: the event loop gets the interpreter
    # back every millisecond instead of every five, so /healthz and small checks stay quick.
    sys.setswitchinterval(SWITCH_INTERVAL)
    store = open_store(settings)
    try:
        if not name:  # workers: the supervisor has said it once
            warn_if_unfit(store, settings.knowledge_dir, "serve")
        checker = Checker(store, settings.default_region)
        checker.warm_up()  # before the first request, which may be checked on the event loop
        app = build_web_app(settings, checker, store, telegram_app(settings, checker, store))
        return asyncio.run(_serve(app, settings, reuse_port, stop_on, name))
    finally:
        store.close()


async def _serve(
    app: web.Application,
    settings: Settings,
    reuse_port: bool,
    stop_on: tuple[int, ...],
    name: str,
) -> int:
    runner = await start_runner(
        app, settings, handle_signals=False, shutdown_timeout=SHUTDOWN_TIMEOUT
    )
    try:
        site = web.TCPSite(runner, settings.host, settings.port, reuse_port=reuse_port)
        try:
            await site.start()
        except OSError as e:
            say(f"scamcheck serve: cannot listen on {settings.host}:{settings.port}: {e}")
            return 2
        stop = asyncio.Event()
        for signum in stop_on:
            asyncio.get_running_loop().add_signal_handler(signum, stop.set)
        who = f" ({name})" if name else ""
        say(f"scamcheck serve{who}: listening on http://{settings.host}:{settings.port}")
        await stop.wait()
        log.info("stopping%s: letting requests in flight finish", who)
    finally:
        await runner.cleanup()  # stop accepting, wait for handlers, then on_cleanup (the bot)
    return 0


def say(line: str) -> None:
    """line on stderr in a single write. The workers share their stderr, and under
    PYTHONUNBUFFERED print() writes the text and its newline apart: two workers starting
    together wrote 'A' 'B' '\\n' '\\n', one line naming both, and a reader waiting for each
    worker's line (the tests, a supervisor's log) never saw the second."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def supervise(settings: Settings, workers: int) -> int:
    """Starts the worker processes and stops them all on SIGINT/SIGTERM or when one fails."""
    store = open_store(settings)  # a new database is seeded once, before the workers open it
    warn_if_unfit(store, settings.knowledge_dir, "serve")
    store.close()
    context = multiprocessing.get_context("spawn")
    level = logging.getLogger().level
    procs = [
        context.Process(
            target=_worker, args=(settings, f"worker {i + 1}/{workers}", level), daemon=False
        )
        for i in range(workers)
    ]
    stopping = False

    def stop_all(signum: int = signal.SIGTERM, frame: object = None) -> None:
        nonlocal stopping
        stopping = True
        for p in procs:
            if p.pid is not None and p.exitcode is None:
                os.kill(p.pid, signal.SIGTERM)

    previous = {s: signal.signal(s, stop_all) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        for p in procs:
            p.start()
        while running := [p for p in procs if p.exitcode is None]:
            wait([p.sentinel for p in running], timeout=1.0)
            failed = [p for p in procs if p.exitcode not in (None, 0)]
            if failed and not stopping:
                log.error("%s exited with %s: stopping the others", failed[0].name,
                          failed[0].exitcode)  # fmt: skip
                stop_all()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return max((p.exitcode or 0) for p in procs)


def _worker(settings: Settings, name: str, level: int) -> None:
    """A worker process: Ctrl-C reaches the supervisor, which turns it into SIGTERM for all."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=level, format=LOG_FORMAT)
    sys.exit(serve_one(settings, reuse_port=True, stop_on=(signal.SIGTERM,), name=name))
