"""How long what a user sends with /report is kept: the note and the reporter's id.

A user's report carries a note (the text they reported, at most 280 characters) and their
Telegram id. Moderators need both while they review it, and a little longer, to revert a
decision taken by mistake. After that the knowledge base needs only what the decision made: the
listed indicator and its count of reports (in `reported`), and the decision's audit record with
the moderator who took it. So `purge_reports` erases, `decided_days` after a report was decided
(or held aside as a flood), its note and its reporter id; a report left undecided for
`undecided_days` is closed as `expired` and erased the same way. A plain-text report (no
address, link, phone, handle or e-mail) is the message itself: its text goes too.

The report's own audit records lose the reporter's id and that text as well; the purge is
recorded as a change of its own (who, when, why, which reports). Flood flags (a keyed hash of
the account, never its id) go `decided_days` after the account's last held report, when the
last of those reports is erased; a flag an older database wrote under the Telegram id is
hashed, with its audit records, at the next purge. Police and moderator rows are
not users' reports: their author and case reference are the record of a staff action, and kept.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import BaseModel

from bot.moderation import KINDS
from bot.store.base import now
from bot.store.submissions import FLAG_PREFIX, SubmissionTables

# A report's Telegram id is replaced by this and the report's own number: reports stay
# distinct (the queue counts distinct reporters) without saying who sent them.
ERASED = "erased"


class PurgeStats(BaseModel):
    """What one purge did."""

    erased: int = 0  # reports whose note and reporter id were erased
    expired: int = 0  # of them, undecided ones closed as expired
    flags_expired: int = 0  # flood flags lifted: the account's last held report was as old
    flags_hashed: int = 0  # flood flags an older database kept under the Telegram id
    audit_id: int | None = None  # the purge's audit record; None when nothing was due


class RetentionTables(SubmissionTables):
    """Erases users' report notes and ids once the review no longer needs them."""

    def _create_tables(self) -> None:
        super()._create_tables()
        table = self.db.table("user_reports")
        if "erased_at" not in table.columns_dict:
            table.add_column("erased_at", str)

    def purge_reports(
        self,
        *,
        decided_days: int,
        undecided_days: int,
        actor: str = "system",
        at: dt.datetime | None = None,
    ) -> PurgeStats:
        """Erases the notes and reporter ids that are past their retention, in one
        transaction with its audit record. Running it again erases nothing twice."""
        stamp = at or dt.datetime.now(dt.UTC)
        decided_cut = _iso(stamp - dt.timedelta(days=decided_days))
        undecided_cut = _iso(stamp - dt.timedelta(days=undecided_days))
        why = (
            f"retention: users' reports decided more than {decided_days} days ago, or"
            f" undecided for {undecided_days} days: note and reporter id erased"
        )
        with self.transaction():
            expired = [
                r[0]
                for r in self.db.execute(
                    "select id from user_reports where source = 'user' and status = 'pending'"
                    " and at < ? order by id",
                    [undecided_cut],
                )
            ]
            if expired:
                marks = ",".join("?" * len(expired))
                self.db.execute(
                    f"update user_reports set status = 'expired', decided_by = ?,"
                    f" decided_at = ?, decision_reason = ? where id in ({marks})",
                    [actor, now(), f"retention: undecided for {undecided_days} days", *expired],
                )
            due = self.db.execute(
                "select id, kind from user_reports where source = 'user' and erased_at is null"
                " and status != 'pending' and (status = 'expired' or"
                " coalesce(decided_at, at) < ?) order by id",
                [decided_cut],
            ).fetchall()
            hashed = self._hash_old_flags()
            flags = [
                r[0]
                for r in self.db.execute(
                    "select reporter from reporter_flags where flagged_at < ? order by reporter",
                    [decided_cut],
                )
            ]
            if not due and not flags and not hashed:
                return PurgeStats()
            for report_id, kind in due:
                self._erase_report(int(report_id), kind)
            marks = ",".join("?" * len(flags))
            self.db.execute(f"delete from reporter_flags where reporter in ({marks})", flags)
            ids = [int(r[0]) for r in due]
            after: dict[str, Any] = {"erased": ids, "expired": expired}
            if flags or hashed:  # said only when there were any, as older records said
                after |= {"flags_expired": flags, "flags_hashed": hashed}
                why += f"; flood flags older than {decided_days} days lifted"
            self.audit(actor, "purge", "user_reports", "retention", after=after, reason=why)
            return PurgeStats(
                erased=len(ids),
                expired=len(expired),
                flags_expired=len(flags),
                flags_hashed=hashed,
                audit_id=self.last_audit_id(),
            )

    def _hash_old_flags(self) -> int:
        """Flood flags an older database kept under the account's Telegram id, and their
        audit records, under the flag's keyed hash instead (flag_pseudonym). Returns how many
        flags were so kept."""
        old = [
            dict(r)
            for r in self.db.table("reporter_flags").rows_where(
                "substr(reporter, 1, ?) != ?", [len(FLAG_PREFIX), FLAG_PREFIX]
            )
        ]
        for row in old:
            pseudonym = self.flag_pseudonym(row["reporter"])
            same = self.db.execute(
                "select count from reporter_flags where reporter = ?", [pseudonym]
            ).fetchone()
            self.db.execute("delete from reporter_flags where reporter = ?", [row["reporter"]])
            self.db.table("reporter_flags").upsert(
                {**row, "reporter": pseudonym, "count": row["count"] + (same[0] if same else 0)},
                pk="reporter",
            )
        records = self.db.execute(
            "select id, entity_key, before, after from audit where entity = 'reporter_flags'"
            " and substr(entity_key, 1, ?) != ?",
            [len(FLAG_PREFIX), FLAG_PREFIX],
        ).fetchall()
        for aid, account, before, after in records:
            pseudonym = self.flag_pseudonym(account)
            update: dict[str, Any] = {"entity_key": pseudonym}
            for name, state in (("before", before), ("after", after)):
                decoded = json.loads(state) if state else None
                if isinstance(decoded, dict) and decoded.get("reporter") == account:
                    update[name] = json.dumps({**decoded, "reporter": pseudonym})
            self.db.table("audit").update(aid, update)
        return len(old)

    def _erase_report(self, report_id: int, kind: str) -> None:
        """One report's note and reporter id, and its text when the report is only text,
        from its row and its audit records."""
        pseudonym = f"{ERASED}:{report_id}"
        records = self.db.execute(
            "select id, action, before, after from audit"
            " where entity = 'user_reports' and entity_key = ?",
            [str(report_id)],
        ).fetchall()
        submitted: dict[str, Any] = next(
            (json.loads(r[3] or "{}") for r in records if r[1] == "submit"), {}
        )
        fields: dict[str, Any] = {"note": "", "reporter": pseudonym, "erased_at": now()}
        # A report naming no indicator is the message itself, and its value stays the
        # message when a moderator merges it into a listed indicator (the key is then that).
        if kind not in KINDS or submitted.get("kind", kind) not in KINDS:
            fields["value"] = ""
        if kind not in KINDS:
            fields["key"] = pseudonym
        self.db.table("user_reports").update(report_id, fields)
        for aid, action, before, after in records:
            update: dict[str, Any] = {}
            if action == "submit":  # written by the reporter: their id is the actor
                update["actor"] = pseudonym
            for name, state in (("before", before), ("after", after)):
                if (cleaned := _without_text(state, pseudonym)) != state:
                    update[name] = cleaned
            if update:
                self.db.table("audit").update(aid, update)


def _iso(stamp: dt.datetime) -> str:
    return stamp.isoformat(timespec="seconds")


def _without_text(state: str | None, pseudonym: str) -> str | None:
    """An audit state (JSON) with the key of a report naming no indicator, which is its
    text, replaced; as it was otherwise."""
    decoded = json.loads(state) if state else None
    if not isinstance(decoded, dict) or "key" not in decoded or decoded.get("kind") in KINDS:
        return state
    return json.dumps({**decoded, "key": pseudonym}, ensure_ascii=False, default=str)
