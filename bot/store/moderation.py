"""Moderation: roles and tokens, the review queue, reverts, and the figures behind /stats."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
import threading
import time
from collections import Counter
from typing import Any

from pydantic import BaseModel

from bot.store.base import now
from bot.store.revert import RevertError, RevertTables
from bot.store.review import Decision, QueueItem, ReviewError, ReviewTables
from bot.store.roles import ApiToken, IssuedToken, Organisation, RoleGrant, RoleTables
from bot.store.submissions import RowResult, SubmitOutcome

__all__ = [
    "ApiToken",
    "Decision",
    "IssuedToken",
    "ModerationStats",
    "ModerationTables",
    "Organisation",
    "QueueItem",
    "RevertError",
    "ReviewError",
    "RoleGrant",
    "RowResult",
    "SubmitOutcome",
]

log = logging.getLogger(__name__)

# Counted checks wait in memory at most this long before one transaction writes them all.
CHECK_FLUSH_SECONDS = 5.0
# The counts are written on the caller's thread, the event loop of the bot or the service: it
# waits this long at most for another writer's lock, then leaves them for the next flush.
FLUSH_WAIT_MS = 20
CheckKey = tuple[str, str, str, str]  # day, region, risk, top category


class ModerationStats(BaseModel):
    """What moderators and the campaign look at: use, scams, and whether warnings work."""

    since: str
    until: str
    region: str | None = None
    checks_per_day: list[tuple[str, int]] = []
    warned_by_category: list[tuple[str, int]] = []
    top_reported: list[dict[str, Any]] = []
    queue: int = 0
    flagged: int = 0
    # None when this build records no outcomes (the users' tables have no reconsidered_share).
    reconsidered: list[dict[str, Any]] | None = None


class ModerationTables(RoleTables, ReviewTables, RevertTables):
    """Who may change the knowledge base, what waits for review, and how to undo a change."""

    def _create_tables(self) -> None:
        super()._create_tables()
        # Counts only: no message, no user. One row per day, region, risk and top category.
        self.db.table("check_counts").create(
            {"day": str, "region": str, "risk": str, "category": str, "n": int},
            pk=("day", "region", "risk", "category"),
            if_not_exists=True,
        )
        self._pending_checks: Counter[CheckKey] = Counter()
        self._pending_since: float | None = None
        self._pending_lock = threading.Lock()

    def record_check(
        self, *, region: str, risk: str, category: str | None = None, day: dt.date | None = None
    ) -> None:
        """Counts one check for /stats at once: one write per call (see `count_check`)."""
        self._write_counts(Counter({_check_key(region, risk, category, day): 1}))

    def count_check(
        self, *, region: str, risk: str, category: str | None = None, day: dt.date | None = None
    ) -> None:
        """Counts one check for /stats in memory: what the faces call after each verdict.

        Only the day, region, risk and top category are kept, never the message. The counts
        are written in one transaction by `flush_checks`: here once the oldest waited
        CHECK_FLUSH_SECONDS, by the HTTP service every few seconds, before /stats reads them,
        and on `close()`. A request pays for a write at most once every few seconds.
        """
        key = _check_key(region, risk, category, day)
        with self._pending_lock:
            self._pending_checks[key] += 1
            if self._pending_since is None:
                self._pending_since = time.monotonic()
            due = time.monotonic() - self._pending_since >= CHECK_FLUSH_SECONDS
        if due:
            # The check is answered whatever becomes of its count: an error is logged
            # (write_briefly) and the counts wait in memory for the next flush.
            with contextlib.suppress(sqlite3.Error):
                self.flush_checks_briefly()

    def flush_checks_briefly(self) -> None:
        """flush_checks, unless another writer holds the database past FLUSH_WAIT_MS: the
        callers run on the event loop, where a longer wait stalls every chat and request.
        Left for later then (the counts stay in memory); any other error is raised
        (StoreBase.write_briefly says why)."""
        self.write_briefly(self.flush_checks, FLUSH_WAIT_MS, "the check counts")

    @property
    def pending_checks(self) -> int:
        """Checks counted in memory and not written yet."""
        with self._pending_lock:
            return sum(self._pending_checks.values())

    def flush_checks(self) -> int:
        """Writes the counted checks in one transaction; how many. Kept if the write fails."""
        with self._pending_lock:
            pending, self._pending_checks = self._pending_checks, Counter()
            self._pending_since = None
        if not pending:
            return 0
        try:
            self._write_counts(pending)
        except BaseException:
            with self._pending_lock:
                self._pending_checks.update(pending)
                self._pending_since = self._pending_since or time.monotonic()
            raise
        return sum(pending.values())

    def _write_counts(self, counts: Counter[CheckKey]) -> None:
        with self.transaction():
            self.db.conn.executemany(
                "insert into check_counts (day, region, risk, category, n) values (?, ?, ?, ?, ?)"
                " on conflict (day, region, risk, category) do update set n = n + excluded.n",
                [(*key, n) for key, n in counts.items()],
            )

    def close(self) -> None:
        """Writes the checks still counted in memory, then closes the database."""
        try:
            self.flush_checks()
        except sqlite3.Error as e:
            log.error("check counts lost on close: %s", e)
        super().close()

    def moderation_stats(
        self,
        *,
        since: dt.date,
        until: dt.date | None = None,
        region: str | None = None,
        top: int = 5,
    ) -> ModerationStats:
        """Checks per day, top warned categories, top reported indicators, reconsideration."""
        # this process's counts (locked: at most a few seconds behind, like other processes')
        self.flush_checks_briefly()
        until = until or dt.datetime.now(dt.UTC).date()
        where = "day >= ? and day <= ?" + (" and region = ?" if region else "")
        params: list[Any] = [since.isoformat(), until.isoformat(), *([region] if region else [])]
        q = self.db.execute
        stats = ModerationStats(since=since.isoformat(), until=until.isoformat(), region=region)
        stats.checks_per_day = [
            tuple(r)
            for r in q(  # type: ignore[misc]
                f"select day, sum(n) from check_counts where {where} group by day order by day",
                params,
            )
        ]
        stats.warned_by_category = [
            tuple(r)
            for r in q(  # type: ignore[misc]
                f"select category, sum(n) c from check_counts where {where} and category != ''"
                " and risk in ('high', 'medium') group by category order by c desc limit ?",
                [*params, top],
            )
        ]
        stats.top_reported = [
            dict(r)
            for r in self.db.query(
                "select kind, value, category, source, organisation, reports from reported"
                " where enabled = 1 order by reports desc, id limit ?",
                [top],
            )
        ]
        stats.queue = self.queue_size()
        stats.flagged = len(self.flagged_reporters())
        stats.reconsidered = self._reconsidered(since, until, region)
        return stats

    def _reconsidered(
        self, since: dt.date, until: dt.date, region: str | None
    ) -> list[dict[str, Any]] | None:
        share = getattr(self, "reconsidered_share", None)
        if share is None:
            return None
        rows = share(since=since, until=until, region=region, period="all")
        return [{**r.model_dump(), "share": round(r.share, 3)} for r in rows]

    def record_refusal(self, actor: str, action: str, detail: str = "") -> None:
        """Audits a privileged action someone without the role tried (or a forged button)."""
        with self.transaction():
            self.audit(
                actor,
                "refused",
                "permissions",
                action,
                after={"detail": detail[:200]},
                reason="not allowed",
            )

    def clear_flag(self, reporter: str, actor: str, reason: str) -> bool:
        """Lifts a flood flag (held reports stay aside); False if the account was not flagged.
        `reporter` is the account (telegram:<id>) or its flag's pseudonym."""
        with self.transaction():
            reporter = self.flag_pseudonym(reporter)
            rows = list(self.db.table("reporter_flags").rows_where("reporter = ?", [reporter]))
            if not rows:
                return False
            self.db.execute("delete from reporter_flags where reporter = ?", [reporter])
            self.audit(
                actor,
                "clear",
                "reporter_flags",
                reporter,
                before=dict(rows[0]),
                reason=reason or f"cleared at {now()}",
            )
        return True


def _check_key(region: str, risk: str, category: str | None, day: dt.date | None) -> CheckKey:
    stamp = (day or dt.datetime.now(dt.UTC).date()).isoformat()
    return stamp, (region or "").upper(), risk, category or ""
