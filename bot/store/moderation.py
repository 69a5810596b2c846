"""Moderation: roles and tokens, the review queue, reverts, and the figures behind /stats."""

from __future__ import annotations

import datetime as dt
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

    def record_check(
        self, *, region: str, risk: str, category: str | None = None, day: dt.date | None = None
    ) -> None:
        """Counts one check for /stats (the faces call this after each verdict)."""
        stamp = (day or dt.datetime.now(dt.UTC).date()).isoformat()
        with self.transaction():
            self.db.execute(
                "insert into check_counts (day, region, risk, category, n) values (?, ?, ?, ?, 1)"
                " on conflict (day, region, risk, category) do update set n = n + 1",
                [stamp, region or "", risk, category or ""],
            )

    def moderation_stats(
        self,
        *,
        since: dt.date,
        until: dt.date | None = None,
        region: str | None = None,
        top: int = 5,
    ) -> ModerationStats:
        """Checks per day, top warned categories, top reported indicators, reconsideration."""
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
        """Lifts a flood flag (held reports stay aside); False if the account was not flagged."""
        with self.transaction():
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
