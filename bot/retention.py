"""The retention of users' reports, applied by `serve` and `bot` on their own.

The purge (bot/store/retention.py) runs when the service or the bot starts, then every
`retention_purge_hours`, in a thread with its own store connection (bot.periodic): it may wait
for another writer's lock, which must not hold up the event loop. `serve` runs it in its
supervisor (or its single process) only, as the feed schedule.
Operators run it by hand with `scamcheck admin purge-reports`.
The same round takes down phrases and indicators an older version left live under a
category that is gone (store.take_down_orphans).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.periodic import Periodic
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.store import PurgeStats, Store

log = logging.getLogger(__name__)


def purge(store: Store, settings: Settings, actor: str = "system") -> PurgeStats:
    """Erases the reports past the configured retention; logs what it did."""
    stats = store.purge_reports(
        decided_days=settings.report_retention_days,
        undecided_days=settings.report_undecided_days,
        actor=actor,
    )
    # The same round retires what older versions left live under a category that is gone.
    if orphans := store.take_down_orphans(actor):
        log.info("retention: %d phrase(s) and indicator(s) of gone categories taken down", orphans)
    if stats.erased:
        log.info(
            "retention: %d report(s) erased (%d undecided, closed as expired), audit #%s",
            stats.erased, stats.expired, stats.audit_id,
        )  # fmt: skip
    return stats


class RetentionPurger(Periodic):
    """Purges at once, then every `settings.retention_purge_hours`, until stopped."""

    label = "retention"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings, settings.retention_purge_hours * 3600.0)

    def start(self) -> None:
        if str(self.settings.db_path) == ":memory:":
            return  # a connection of its own would see a database of its own: nothing to do
        super().start()

    def round(self, store: Store) -> None:
        self.purge_once(store)

    def purge_once(self, store: Store) -> None:
        try:
            purge(store, self.settings)
        except Exception:  # never let one failed round end the schedule or the service
            if not self._stop.is_set():
                log.exception("retention: purge failed; tried again at the next round")
        finally:
            self.rounds += 1
