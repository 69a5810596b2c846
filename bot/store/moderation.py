"""Roles, the review queue of user reports, API tokens."""

from __future__ import annotations

from typing import Any

from bot.engine import reported_key
from bot.store.base import StoreBase, now


class ModerationTables(StoreBase):
    """Who may change the knowledge base, and what waits for review."""

    def _create_tables(self) -> None:
        super()._create_tables()
        self.db["user_reports"].create(
            {"id": int, "at": str, "reporter": str, "kind": str, "value": str, "key": str,
             "category": str, "note": str, "status": str, "decided_by": str, "decided_at": str,
             "decision_reason": str},
            pk="id", if_not_exists=True)
        self.db["user_reports"].create_index(["status", "kind", "key"], if_not_exists=True)

    def submit_report(self, reporter: str, kind: str, value: str, category: str,
                      note: str = "") -> int:
        """Queues a user's report for review; it never goes live by itself. Returns its id."""
        key = reported_key(kind, value) or value.strip().lower()
        with self.transaction():
            table = self.db["user_reports"]
            table.insert({"at": now(), "reporter": reporter, "kind": kind, "value": value[:2048],
                          "key": key, "category": category, "note": note[:1000],
                          "status": "pending"})
            report_id = int(table.last_pk)  # type: ignore[arg-type]
            self.audit(reporter, "submit", "user_reports", str(report_id),
                       after={"kind": kind, "key": key, "category": category},
                       reason="user report")
        return report_id

    def pending_reports(self, limit: int = 20) -> list[dict[str, Any]]:
        """Pending reports, with how many distinct users reported the same indicator."""
        return [dict(r) for r in self.db.query(
            "select r.*, (select count(distinct reporter) from user_reports o where o.kind=r.kind"
            " and o.key=r.key) as reporters from user_reports r where r.status='pending'"
            " order by r.id limit ?", [limit])]
