"""Another writer holding the database, and a watch on the event loop meanwhile."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

# How long the other writer holds the database in the tests, and what the event loop may take
# meanwhile to answer anything else (a stall behind the lock lasts the whole hold).
HOLD = 1.5
QUICK = 0.5


@contextmanager
def write_locked(path: Path, hold: float = HOLD) -> Iterator[threading.Event]:
    """Another connection holding the write lock for `hold` seconds, as a long transaction of
    another writer (a feed sync, a police upload, `kb load`); held and released by a thread of
    its own, whatever the event loop does. Yields the event set once the lock is released."""
    locked, done = threading.Event(), threading.Event()

    def holder() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            locked.set()
            time.sleep(hold)
            conn.execute("COMMIT")
        finally:
            conn.close()
            done.set()

    thread = threading.Thread(target=holder)
    thread.start()
    assert locked.wait(5)
    try:
        yield done
    finally:
        thread.join()


class LoopWatch:
    """The longest the event loop went without running a ticking task."""

    def __init__(self) -> None:
        self.longest = 0.0


@asynccontextmanager
async def loop_watch(tick: float = 0.01) -> AsyncIterator[LoopWatch]:
    watch = LoopWatch()

    async def ticking() -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(tick)
            now = time.perf_counter()
            watch.longest = max(watch.longest, now - last - tick)
            last = now

    task = asyncio.create_task(ticking())
    try:
        yield watch
    finally:
        task.cancel()
