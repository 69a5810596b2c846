"""The review queue: nothing a user sends goes live without a moderator's decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from bot.engine import reported_key
from bot.guard import refusal
from bot.moderation import KINDS, BulkRow
from bot.store.base import now
from bot.store.submissions import SubmissionTables

# A merge into another queue item keeps the reports pending, under the other item's key.
_ACTIONS = {"approved": "approve", "rejected": "reject", "merged": "merge", "pending": "merge"}


class ReviewError(ValueError):
    """A review decision that cannot be taken; the message says why."""


class QueueItem(BaseModel):
    """One indicator waiting for review, with every pending report about it."""

    report_id: int  # the oldest pending report: what the buttons act on
    ids: list[int]
    kind: str
    value: str
    key: str
    category: str
    categories: dict[str, int]
    reporters: int
    notes: list[str]
    source: str  # user or police
    organisation: str = ""
    reference: str = ""
    lang: str = ""
    listed: dict[str, Any] | None = None  # the live reported row, if already published
    official: str | None = None  # the brand whose official list holds this indicator
    first_at: str = ""


class Decision(BaseModel):
    """What a review decision did, and the audit records to revert it."""

    status: str
    ids: list[int]
    audit_id: int
    knowledge_audit: int | None = None
    detail: str = ""


class ReviewTables(SubmissionTables):
    """Pending indicators and the decisions moderators take on them."""

    # --- the queue ------------------------------------------------------------------------

    def pending_reports(self, limit: int = 20) -> list[dict[str, Any]]:
        """Pending reports, with how many distinct users reported the same indicator."""
        return [
            dict(r)
            for r in self.db.query(
                "select r.*, (select count(distinct reporter) from user_reports o"
                " where o.kind=r.kind and o.key=r.key and o.status != 'held') as reporters"
                " from user_reports r"
                " where r.status='pending' order by r.id limit ?",
                [limit],
            )
        ]

    def review_queue(self, limit: int = 10) -> list[QueueItem]:
        """Pending indicators, oldest first, each with all its reports folded together."""
        heads = self.db.execute(
            "select kind, key, min(id) from user_reports where status = 'pending'"
            " group by kind, key order by min(id) limit ?",
            [limit],
        ).fetchall()
        return [self._queue_item(kind, key) for kind, key, _ in heads]

    def queue_size(self) -> int:
        return int(
            self.db.execute(
                "select count(distinct kind || ':' || key) from user_reports"
                " where status = 'pending'"
            ).fetchone()[0]
        )

    def queue_item(self, report_id: int) -> QueueItem | None:
        """The queue item a pending report belongs to."""
        row = self._report(report_id)
        if row is None or row["status"] != "pending":
            return None
        return self._queue_item(row["kind"], row["key"])

    def _report(self, report_id: int) -> dict[str, Any] | None:
        rows = list(self.db.table("user_reports").rows_where("id = ?", [report_id]))
        return dict(rows[0]) if rows else None

    def _queue_item(self, kind: str, key: str) -> QueueItem:
        rows = [
            dict(r)
            for r in self.db.table("user_reports").rows_where(
                "kind = ? and key = ? and status = 'pending'", [kind, key], order_by="id"
            )
        ]
        cats: dict[str, int] = {}
        for r in rows:
            cats[r["category"]] = cats.get(r["category"], 0) + 1
        head = rows[0]
        police = next((r for r in rows if r["source"] == "police"), None)
        listed = self.reported_row(kind, key)
        return QueueItem(
            report_id=head["id"],
            ids=[r["id"] for r in rows],
            kind=kind,
            value=head["value"],
            key=key,
            category=(police or {}).get("category") or max(cats, key=cats.__getitem__),
            categories=cats,
            reporters=len({r["reporter"] for r in rows}),
            notes=[r["note"] for r in rows if r["note"]][:5],
            source="police" if police else "user",
            organisation=(police or {}).get("organisation") or "",
            reference=(police or {}).get("reference") or "",
            lang=head["lang"] or "",
            listed=listed if listed and listed["enabled"] else None,
            official=self.official_owner(kind, key),
            first_at=head["at"],
        )

    # --- decisions ------------------------------------------------------------------------

    def _pending_item(self, report_id: int) -> QueueItem:
        row = self._report(report_id)
        if row is None:
            raise ReviewError(f"there is no report #{report_id}")
        if row["status"] != "pending":
            raise ReviewError(
                f"report #{report_id} is already {row['status']}"
                f" (by {row['decided_by'] or 'the flood guard'})"
            )
        return self._queue_item(row["kind"], row["key"])

    def _decide(
        self,
        item: QueueItem,
        status: str,
        actor: str,
        reason: str,
        knowledge_audit: int | None,
        to: tuple[str, str] | None = None,
    ) -> Decision:
        """Records a decision on every pending report of an item (and re-keys it for a merge)."""
        kind, key = to or (item.kind, item.key)
        action = _ACTIONS[status]
        marks = ",".join("?" * len(item.ids))
        self.db.execute(
            f"update user_reports set status = ?, decided_by = ?, decided_at = ?,"
            f" decision_reason = ?, kind = ?, key = ? where id in ({marks})",
            [status, actor, now(), reason, kind, key, *item.ids],
        )
        self.audit(
            actor,
            action,
            "user_reports",
            str(item.report_id),
            reason=reason,
            before={"ids": item.ids, "status": "pending", "kind": item.kind, "key": item.key},
            after={
                "ids": item.ids,
                "status": status,
                "kind": kind,
                "key": key,
                "knowledge_audit": knowledge_audit,
            },
        )
        return Decision(
            status=status,
            ids=item.ids,
            audit_id=self.last_audit_id(),
            knowledge_audit=knowledge_audit,
        )

    def approve_report(
        self,
        report_id: int,
        actor: str,
        reason: str = "",
        *,
        category: str | None = None,
        override: bool = False,
    ) -> Decision:
        """Publishes a reviewed indicator (community, or police for police rows)."""
        with self.transaction():
            item = self._pending_item(report_id)
            # The whole guard, as for every other way in: not only the official lists, but
            # whole platforms (a user's report of t.me) and thin phrases too.
            why = refusal(item.kind, item.key, item.value, self.protected())
            if why is not None and not (override and self.is_admin_actor(actor)):
                raise ReviewError(why)
            if item.listed is not None and item.kind != "phrase":
                return self._merge_into_listed(item, actor, reason or "approved duplicate")
            category = category or item.category
            if item.kind not in KINDS:
                raise ReviewError(
                    f"#{report_id} names no address, link, phone, handle or e-mail to list:"
                    " add a phrase (/phrase add), or reject it"
                )
            if category not in self.category_ids():
                raise ReviewError(
                    f"pick a category for #{report_id}: /approve {report_id} <category>"
                )
            row = BulkRow(
                line=0,
                kind=item.kind,
                value=item.value,
                key=item.key,
                category=category,
                reference=item.reference,
                organisation=item.organisation,
                lang=item.lang,
            )
            source = "police" if item.source == "police" else "community"
            aid = self._publish_row(row, actor, source, reports=item.reporters)
            return self._decide(item, "approved", actor, reason or "approved", aid)

    def reject_report(self, report_id: int, actor: str, reason: str = "") -> Decision:
        """Rejects every pending report of the same indicator."""
        with self.transaction():
            item = self._pending_item(report_id)
            return self._decide(item, "rejected", actor, reason or "rejected", None)

    def merge_report(
        self, report_id: int, actor: str, reason: str = "", *, into: tuple[str, str] | None = None
    ) -> Decision:
        """Folds a report into the live indicator or queue item it duplicates.

        `into` is (kind, value) of the target; by default the same indicator, already live.
        """
        with self.transaction():
            item = self._pending_item(report_id)
            kind, value = into or (item.kind, item.value)
            key = reported_key(kind, value) or value.strip().lower()
            target = self.reported_row(kind, key)
            if target is not None and target["enabled"]:
                return self._merge_into_listed(item, actor, reason or "merged", (kind, key))
            if (kind, key) != (item.kind, item.key) and self.db.execute(
                "select 1 from user_reports where kind = ? and key = ? and status = 'pending'",
                [kind, key],
            ).fetchone():
                decision = self._decide(
                    item, "pending", actor, reason or "merged", None, (kind, key)
                )
                decision.detail = "queued with the duplicate"
                return decision
            raise ReviewError(f"nothing to merge into: {value} is neither live nor in the queue")

    def _merge_into_listed(
        self, item: QueueItem, actor: str, reason: str, target: tuple[str, str] | None = None
    ) -> Decision:
        """Counts the item's reporters on the live indicator, keeping its source and category."""
        kind, key = target or (item.kind, item.key)
        before = self.reported_row(kind, key)
        assert before is not None
        after = {
            **before,
            "reports": before["reports"] + item.reporters,
            "last_seen": dt.datetime.now(dt.UTC).date().isoformat(),
            "updated_at": now(),
        }
        self.db.table("reported").update(before["id"], after)
        self.audit(
            actor,
            "merge",
            "reported",
            f"{kind}:{key}",
            before=before,
            after=after,
            reason=f"{item.reporters} report(s) #{item.report_id} merged: {reason}",
        )
        self.bump_version()
        decision = self._decide(item, "merged", actor, reason, self.last_audit_id(), (kind, key))
        decision.detail = f"{after['reports']} reports"
        return decision
