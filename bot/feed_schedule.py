"""The public blocklists synced on a schedule by `scamcheck serve` (SCAMCHECK_FEEDS_SYNC_HOURS).

A thread of its own (bot.periodic), with its own store connection: a sync is network and
SQLite work that must not hold up the event loop, and it runs in the supervisor (or the single
process) only, so that several workers never fetch the same lists. The serving processes see
the new entries the way they see any change to the knowledge base: through its version.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from bot.periodic import Periodic
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


class FeedScheduler(Periodic):
    """Syncs every feed every `settings.feeds_sync_hours` until stopped."""

    label = "feed-sync"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings, settings.feeds_sync_hours * 3600.0)

    def start(self) -> None:
        log.info("feeds: syncing every %.4g hours", self.settings.feeds_sync_hours)
        super().start()

    def first_delay(self, store: Store) -> float:
        from bot.feeds import FEEDS

        return first_delay(store.feed_states(), len(FEEDS), self.every, dt.datetime.now(dt.UTC))

    def round(self, store: Store) -> None:
        self.sync_once(store)

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
