"""Work `serve` and `bot` do on a schedule of their own: the feed syncs, the reports' purge.

A daemon thread with its own store connection runs one round, then another every `every`
seconds, until stopped: a round may wait for another writer's lock or the network, which
must not hold up the event loop. `serve` runs these in its supervisor (or its single
process) only, so that several workers do not repeat the same round.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from bot.store import Store

log = logging.getLogger(__name__)


class Periodic:
    """Runs `round(store)` after `first_delay(store)`, then every `every` seconds."""

    label = "periodic"  # the thread's name, and what the log calls it

    def __init__(self, settings: Settings, every: float) -> None:
        self.settings = settings
        self.every = every
        self.rounds = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=self.label, daemon=True)

    def start(self) -> None:
        from bot.runtime import open_store

        # A new database is seeded here, once, before the thread and the service open it.
        open_store(self.settings).close()
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Asks the thread to stop; a round in flight is left to finish or to its own
        timeout (the thread is a daemon, and a round interrupted at exit is rolled back by
        SQLite)."""
        self._stop.set()
        if self._thread.is_alive():  # (a service that failed before start() stops it too)
            self._thread.join(timeout)

    def _run(self) -> None:
        from bot.runtime import open_store

        try:
            store = open_store(self.settings)
        except Exception:  # a service whose store cannot open has already said why
            log.exception("%s: cannot open the store; no scheduled round", self.label)
            return
        try:
            delay = self.first_delay(store)
            while not self._stop.wait(delay):
                self.round(store)
                delay = self.every
        finally:
            store.close()

    def first_delay(self, store: Store) -> float:
        """Seconds before the first round: none unless a subclass knows better."""
        return 0.0

    def round(self, store: Store) -> None:
        raise NotImplementedError
