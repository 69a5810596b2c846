"""Submissions: user reports (with the flood guard) and police or moderator rows.

Nothing here publishes a user's report: that is a moderator's decision (bot.store.review).
Police and moderator rows go live at once or wait for review; rows naming an indicator on a
brand's official list are refused without an admin override (the poisoning guard).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from bot.engine import reported_key
from bot.guard import Protected, refusal
from bot.knowledge import Brand, Phrase, Region, Reported
from bot.moderation import BulkRow, LineError
from bot.store.base import StoreBase, now
from bot.store.knowledge import PHRASE_WHERE

REPORTS_PER_HOUR = 10  # more from one account is a flood: kept aside, never queued
REPORTS_PER_DAY = 30
FLAG_PREFIX = "flag:"  # a flood flag's account: a keyed hash of it, never the Telegram id
_FLAG_KEY = "reporter_flag_key"
PHRASE_WEIGHT = 0.6


class RowResult(BaseModel):
    """What became of one submitted row: live at once, or waiting in the queue."""

    line: int
    kind: str
    key: str
    status: str  # published | queued
    ref: int  # the audit record of a publication, the report id of a queued row
    # why a row sent to go live was queued instead (someone else took the entry down), else ""
    note: str = ""
    taken_down_by: str = ""  # who took the entry down: "moderator", "admin", another force
    takedown: int = 0  # the audit record of that takedown


class SubmitOutcome(BaseModel):
    """A police or moderator submission: what went live, what waits, what was refused."""

    results: list[RowResult] = []
    refused: list[LineError] = []

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)


class SubmissionTables(StoreBase):
    """What users, police and moderators send in, before and after review."""

    if TYPE_CHECKING:  # provided by KnowledgeTables and RoleTables in the assembled Store

        def add_reported(self, r: Reported, actor: str, reason: str) -> str: ...
        def add_phrase(
            self, lang: str, category: str, phrase: Phrase, actor: str, reason: str
        ) -> None: ...
        def is_admin_actor(self, actor: str) -> bool: ...
        def police_organisation(self, actor: str) -> str: ...
        def public_actor(self, actor: str, organisation: str) -> str: ...

    def _create_tables(self) -> None:
        super()._create_tables()
        table = self.db.table("user_reports")
        table.create(
            {
                "id": int,
                "at": str,
                "reporter": str,
                "kind": str,
                "value": str,
                "key": str,
                "category": str,
                "note": str,
                "status": str,
                "decided_by": str,
                "decided_at": str,
                "decision_reason": str,
            },
            pk="id",
            if_not_exists=True,
        )
        for col in ("source", "organisation", "reference", "lang", "merged_into"):
            if col not in table.columns_dict:
                table.add_column(col, str)
        table.create_index(["status", "kind", "key"], if_not_exists=True)
        table.create_index(["reporter", "at"], if_not_exists=True)
        self.db.table("reporter_flags").create(
            {"reporter": str, "reason": str, "flagged_at": str, "count": int},
            pk="reporter",
            if_not_exists=True,
        )

    def last_audit_id(self) -> int:
        return int(self.db.execute("select coalesce(max(id), 0) from audit").fetchone()[0])

    # --- submissions ----------------------------------------------------------------------

    def submit_report(
        self, reporter: str, kind: str, value: str, category: str, note: str = ""
    ) -> int:
        """Queues a user's report for review; it never goes live by itself. Returns its id.

        A repeat of the reporter's own pending report returns that report. Past
        REPORTS_PER_HOUR or REPORTS_PER_DAY the report is held aside, and the account flagged.
        """
        key = reported_key(kind, value) or value.strip().lower()
        with self.transaction():
            if (dup := self._pending_of(reporter, kind, key)) is not None:
                return dup
            held = not self.report_allowed(reporter)
            report_id = self._insert_report(
                {
                    "reporter": reporter,
                    "kind": kind,
                    "value": value[:2048],
                    "key": key,
                    "category": category,
                    "note": note[:1000],
                    "source": "user",
                    "status": "held" if held else "pending",
                }
            )
            self.audit(
                reporter,
                "submit",
                "user_reports",
                str(report_id),
                after={
                    "kind": kind,
                    "key": key,
                    "category": category,
                    "status": "held" if held else "pending",
                },
                reason="user report",
            )
            if held:
                self._flag(reporter)
        return report_id

    def _insert_report(self, record: dict[str, Any]) -> int:
        table = self.db.table("user_reports")
        table.insert({"at": now(), **record})
        return int(table.last_pk)  # type: ignore[arg-type]

    def _pending_of(self, reporter: str, kind: str, key: str) -> int | None:
        row = self.db.execute(
            "select id from user_reports where reporter = ? and kind = ? and key = ?"
            " and status = 'pending'",
            [reporter, kind, key],
        ).fetchone()
        return int(row[0]) if row else None

    def report_allowed(self, reporter: str) -> bool:
        """Whether one more report from this account is within the flood limits."""
        stamp = dt.datetime.now(dt.UTC)
        for window, limit in (
            (dt.timedelta(hours=1), REPORTS_PER_HOUR),
            (dt.timedelta(days=1), REPORTS_PER_DAY),
        ):
            since = (stamp - window).isoformat(timespec="seconds")
            n = self.db.execute(
                "select count(*) from user_reports where reporter = ? and at > ?",
                [reporter, since],
            ).fetchone()[0]
            if n >= limit:
                return False
        return True

    def flag_pseudonym(self, reporter: str) -> str:
        """How a flood flag names an account: an HMAC of its actor string under a random key
        of this database's own. The flag is there for a count of flooding accounts and for
        lifting one; the Telegram id it kept, in the flag and its audit record, outlived the
        reports the retention purge erased. Telegram ids are few enough to hash them all, so
        an unkeyed hash would hide nothing; the key makes the same account one flag."""
        if reporter.startswith(FLAG_PREFIX):
            return reporter
        key = self.get_meta(_FLAG_KEY)
        if not key:  # the first flag of this database (written in the caller's transaction)
            key = secrets.token_hex(32)
            self.set_meta(_FLAG_KEY, key)
        digest = hmac.new(bytes.fromhex(key), reporter.encode(), hashlib.sha256).hexdigest()
        return FLAG_PREFIX + digest[:24]

    def _flag(self, reporter: str) -> None:
        reporter = self.flag_pseudonym(reporter)
        before = self.db.execute(
            "select count from reporter_flags where reporter = ?", [reporter]
        ).fetchone()
        self.db.table("reporter_flags").upsert(
            {
                "reporter": reporter,
                "reason": "report flood",
                "flagged_at": now(),
                "count": (before[0] if before else 0) + 1,
            },
            pk="reporter",
        )
        if before is None:  # one audit record per flood, not one per held report
            self.audit(
                "system",
                "flag",
                "reporter_flags",
                reporter,
                reason="report flood",
                after={"reporter": reporter, "reason": "report flood"},
            )

    def flagged_reporters(self) -> list[dict[str, Any]]:
        """Accounts whose reports are held for flooding (by flag_pseudonym), with how many
        were held."""
        return [
            dict(r) for r in self.db.table("reporter_flags").rows_where(order_by="flagged_at desc")
        ]

    async def submit_rows_async(
        self, rows: list[BulkRow], actor: str, **how: Any
    ) -> SubmitOutcome:
        """submit_rows, all rows in one transaction (all of them land or none does, and the
        knowledge version moves once), off the event loop: a 5,000-row upload takes seconds,
        and the bot and the API must keep answering meanwhile. A database file is written
        through a connection of the worker thread's own (WAL lets the server's connection
        read meanwhile); an in-memory one has a single connection, so it is written here."""
        if self.path is None:
            return self.submit_rows(rows, actor, **how)
        path = self.path

        def write() -> SubmitOutcome:
            other = type(self)(path)
            try:
                return other.submit_rows(rows, actor, **how)
            finally:
                other.close()

        return await asyncio.to_thread(write)

    def submit_rows(
        self,
        rows: list[BulkRow],
        actor: str,
        *,
        source: str,
        organisation: str = "",
        live: bool,
        override: bool = False,
        unit: str = "line",
        held: Sequence[BulkRow] = (),
    ) -> SubmitOutcome:
        """Police or moderator rows: published at once (live) or queued; official ones refused.
        `held` rows (phrases the benign dry run flagged) are queued whatever `live` says, in
        the same transaction, so that an upload never lands half."""
        out = SubmitOutcome()
        override = override and self.is_admin_actor(actor)
        with self.transaction():
            for row, live in [*((r, live) for r in rows), *((r, False) for r in held)]:
                why = refusal(row.kind, row.key, row.value, self.protected())
                if why is not None and not override:
                    out.refused.append(
                        LineError(line=row.line, unit=unit, error=why)  # type: ignore[arg-type]
                    )
                    continue
                held_by = self._taken_down_by_other(row, organisation) if live else None
                publish = live and held_by is None
                ref = (
                    self._publish_row(row, actor, source) or self._latest_change(row)
                    if publish
                    else self._queue_row(row, actor, source, organisation)
                )
                out.results.append(
                    RowResult(
                        line=row.line,
                        kind=row.kind,
                        key=row.key,
                        ref=ref,
                        status="published" if publish else "queued",
                        **(held_by or {}),
                    )
                )
        if held:
            out.results.sort(key=lambda r: r.line)
        return out

    def _taken_down_by_other(self, row: BulkRow, organisation: str) -> dict[str, Any] | None:
        """Why a force's live row must wait for review (RowResult's note, taken_down_by and
        takedown): a moderator, an admin or another force took that entry down, and sending
        the file again must not undo their decision unseen (a moderator's false-alarm
        takedown came back with the force's next upload). A force may bring back what it
        withdrew itself. None when the row may go live."""
        if not organisation:
            return None
        if row.kind == "phrase":
            states = self.db.execute(
                f"select enabled from phrases where {PHRASE_WHERE}",
                [row.lang or "en", row.category, row.value],
            ).fetchall()
            down = bool(states) and not any(s[0] for s in states)
        else:
            old = self.reported_row(row.kind, row.key)
            down = old is not None and not old["enabled"]
        if not down or not (latest := self._latest_change(row)):
            return None
        at, who = self.db.execute("select at, actor from audit where id = ?", [latest]).fetchone()
        if self.police_organisation(who) == organisation.lower():
            return None
        by = self.public_actor(who, organisation)
        return {
            "note": f"taken down by {by} on {str(at)[:10]} (#{latest}):"
            " queued for a moderator to review, not published",
            "taken_down_by": by,
            "takedown": latest,
        }

    def _queue_row(self, row: BulkRow, actor: str, source: str, organisation: str = "") -> int:
        # A row the same account already has waiting (the same file sent again) is that one;
        # for a force, any of its officers' or tokens' waiting row: one case, one report.
        if (dup := self._pending_of(actor, row.kind, row.key)) is not None:
            return dup
        if source == "police" and organisation:
            found = self.db.execute(
                "select id from user_reports where source = 'police' and status = 'pending'"
                " and lower(organisation) = lower(?) and kind = ? and key = ?",
                [organisation, row.kind, row.key],
            ).fetchone()
            if found:
                return int(found[0])
        report_id = self._insert_report(
            {
                "reporter": actor,
                "kind": row.kind,
                "value": row.value,
                "key": row.key,
                "category": row.category,
                "note": row.note,
                "status": "pending",
                "source": source,
                "organisation": row.organisation,
                "reference": row.reference,
                "lang": row.lang,
            }
        )
        self.audit(
            actor,
            "submit",
            "user_reports",
            str(report_id),
            reason=row.reference,
            after=row.model_dump(exclude={"line"}),
        )
        return report_id

    def _publish_row(
        self, row: BulkRow, actor: str, source: str, reports: int = 1
    ) -> int | None:
        """Makes one row live; returns the audit id of the change, None if it was live as it
        is already. The newest record of the whole log is not the row's when nothing was
        written: a reply's "/revert N", or the revert of an approval, undid someone else's."""
        newest = self.last_audit_id()
        changed = self._publish(row, actor, source, reports)
        return changed if changed > newest else None

    def _latest_change(self, row: BulkRow) -> int:
        """The audit id of the latest change of a row's phrase or indicator (0: none)."""
        if row.kind == "phrase":
            where = "entity = 'phrases' and lower(entity_key) = lower(?)"
            key = f"{row.lang or 'en'}/{row.category}/{row.value}"
        else:
            where, key = "entity = 'reported' and entity_key = ?", f"{row.kind}:{row.key}"
        found = self.db.execute(f"select max(id) from audit where {where}", [key]).fetchone()
        return int(found[0] or 0)

    def _publish(self, row: BulkRow, actor: str, source: str, reports: int) -> int:
        reason = f"{source} {row.organisation} {row.reference} {row.note}".strip()[:500]
        if row.kind == "phrase":
            self.add_phrase(
                row.lang or "en",
                row.category,
                Phrase(text=row.value, weight=PHRASE_WEIGHT),
                actor,
                reason,
            )
            return self.last_audit_id()
        old = self.reported_row(row.kind, row.key)
        if old and old["enabled"] and source == "police" and not _owns(row, old):
            return self._corroborate(old, row, actor)
        today = dt.datetime.now(dt.UTC).date()
        record = {
            **row.model_dump(include={"kind", "value", "category", "organisation", "reference"}),
            "source": source,
            "reports": max(reports, old["reports"] if old else 1),
            "first_seen": (old or {}).get("first_seen") or today,
            "last_seen": today,
        }
        self.add_reported(
            Reported.model_validate(record),
            actor,
            reason,
        )
        return self.last_audit_id()

    def _corroborate(self, old: dict[str, Any], row: BulkRow, actor: str) -> int:
        """A force's row for an indicator someone else listed (another force, moderators):
        counted as one more report, as a queue merge counts, but not taken over. Overwriting
        it made it the force's own, which it could then withdraw. Counted once per force, so
        sending the same file again changes nothing. Returns the audit id of the count."""
        key = f"{row.kind}:{row.key}"
        mark = f"police {row.organisation} corroborates"
        earlier = self.db.execute(
            "select max(id) from audit where entity = 'reported' and entity_key = ?"
            " and action = 'merge' and substr(reason, 1, ?) = ?",
            [key, len(mark), mark],
        ).fetchone()[0]
        if earlier is not None:
            return int(earlier)
        after = {
            **old,
            "reports": old["reports"] + 1,
            "last_seen": dt.datetime.now(dt.UTC).date().isoformat(),
            "updated_at": now(),
        }
        self.db.table("reported").update(old["id"], after)
        owner = old["organisation"] or old["source"]
        reason = f"{mark} {row.reference}: listed by {owner}, counted, not taken over"
        self.audit(actor, "merge", "reported", key, before=old, after=after, reason=reason[:500])
        self.bump_version()
        return self.last_audit_id()

    # --- the poisoning guard --------------------------------------------------------------

    def protected(self) -> Protected:
        """Brands' official channels and regions' contacts (bot.guard), per knowledge version."""
        version = int(self.get_meta("kb_version", "0"))
        cached: tuple[int, Protected] | None = getattr(self, "_protected_cache", None)
        if cached is None or cached[0] != version:
            brands = self.db.execute("select data from brands where enabled = 1").fetchall()
            regions = self.db.execute("select data from regions where enabled = 1").fetchall()
            cached = (
                version,
                Protected.build(
                    [Brand.model_validate_json(r[0]) for r in brands],
                    [Region.model_validate_json(r[0]) for r in regions],
                ),
            )
            self._protected_cache = cached
        return cached[1]

    def official_owner(self, kind: str, key: str) -> str | None:
        """Whose official list (a brand's, or a region's contacts) holds this indicator."""
        return self.protected().owner(kind, key)

    def category_ids(self) -> frozenset[str]:
        """The categories a submission may name."""
        return frozenset(
            r[0] for r in self.db.execute("select id from categories where enabled = 1")
        )

    def reported_row(self, kind: str, key: str) -> dict[str, Any] | None:
        """The reported row of a normalised key, enabled or not."""
        rows = list(self.db.table("reported").rows_where("kind = ? and key = ?", [kind, key]))
        return dict(rows[0]) if rows else None


def _owns(row: BulkRow, listed: dict[str, Any]) -> bool:
    """Whether a police row may write the listed indicator: its organisation listed it, or a
    feed did (a feed's entries are replaced at its next sync; a force's confirmation must
    outlive that)."""
    if listed["source"] == "automatic":
        return True
    return (listed["organisation"] or "").lower() == row.organisation.lower()
