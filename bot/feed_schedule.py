"""The public blocklists synced on a schedule by `scamcheck serve` (SCAMCHECK_FEEDS_SYNC_HOURS).

A thread of its own, with its own store connection: a sync is network and SQLite work that
must not hold up the event loop, and it runs in the supervisor (or the single process) only,
so that several workers never fetch the same lists. The serving processes see the new entries
the way they see any change to the knowledge base: through its version.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from bot.store import Store

log = logging.getLogger(__name__)


def first_delay(states: list[dict[str, object]], feeds: int, every: float,
                now: dt.datetime) -> float:
    """Seconds until the first sync: none if one of the `feeds` was never tried or is due,
    else until the least recently tried is due (a restart does not fetch everything again)."""
    if len(states) < feeds:
        return 0.0
    tried = []
    for state in states:
        try:
            tried.append(dt.datetime.fromisoformat(str(state.get("checked_at") or "")))
        except ValueError:
            return 0.0
    return max(0.0, (min(tried) - now).total_seconds() + every)


class FeedScheduler:
    """Syncs every feed every `settings.feeds_sync_hours` until stopped."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.every = settings.feeds_sync_hours * 3600.0
        self.rounds = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="feed-sync", daemon=True)

    def start(self) -> None:
        from bot.runtime import open_store

        # A new database is seeded here, once, before the thread and the service open it.
        open_store(self.settings).close()
        log.info("feeds: syncing every %.4g hours", self.settings.feeds_sync_hours)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Asks the thread to stop; a fetch in flight is left to its own timeout (the thread is
        a daemon, and a sync interrupted at exit is rolled back by SQLite)."""
        self._stop.set()
        if self._thread.is_alive():  # (a service that failed before start() stops it too)
            self._thread.join(timeout)

    def _run(self) -> None:
        from bot.runtime import open_store

        try:
            store = open_store(self.settings)
        except Exception:  # a service whose store cannot open has already said why
            log.exception("feeds: cannot open the store; no scheduled sync")
            return
        try:
            from bot.feeds import FEEDS

            delay = first_delay(store.feed_states(), len(FEEDS), self.every,
                                dt.datetime.now(dt.UTC))
            while not self._stop.wait(delay):
                self.sync_once(store)
                delay = self.every
        finally:
            store.close()

    def sync_once(self, store: Store) -> None:
        from bot.feeds import configured, sync_all

        try:
            results = sync_all(store, configured(self.settings.feed_urls))
        except Exception:  # never let one bad round end the schedule or the service
            if self._stop.is_set():
                # the service is going down under the round (its store or the interpreter
                # closing): SQLite rolls the round back, so it is no failure worth a traceback
                log.info("feeds: sync interrupted by shutdown; previous entries kept")
                return
            log.exception("feeds: scheduled sync failed; previous entries kept")
            return
        finally:
            self.rounds += 1
        for r in results:
            if r.status == "failed":
                log.warning("feeds: %s failed (%s); its previous %s entries kept", r.feed,
                            r.error, r.entries if r.entries is not None else "no")
            else:
                log.info("feeds: %s %s, %s entries", r.feed, r.status, r.entries)
