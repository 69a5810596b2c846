"""Undoing changes from the audit log, and the history of one indicator.

Every audit record keeps the state before and after a change, so reverting writes `before` back
and records that as a change of its own (which can be reverted in turn). A change that was
followed by another one on the same item is not reverted silently: the later one goes first,
or the moderator forces it.
"""

from __future__ import annotations

import json
from typing import Any

from bot.engine import reported_key
from bot.store.base import StoreBase, now

# Fields that say when and by whom, not what: a state matches without them.
_META = ("id", "updated_at", "created_by", "updated_by")
_NOT_REVERTIBLE = {
    "api_tokens": "a revoked token stays revoked; create a new token instead",
    "audit": "the audit log itself cannot be changed",
}
_DOC_PK = {"categories": "id", "regions": "code", "brands": "id"}
_ROW_PK = {"roles": "user_id", "organisations": "id", "reporter_flags": "reporter"}


class RevertError(ValueError):
    """A change that cannot be reverted (or not without force); the message says why."""


def _matches(current: dict[str, Any] | None, expected: dict[str, Any] | None) -> bool:
    if current is None or expected is None:
        return current is None and expected is None
    return all(current.get(k) == v for k, v in expected.items() if k not in _META)


class RevertTables(StoreBase):
    """Revert any audited change; show what happened to an indicator."""

    def audit_record(self, audit_id: int) -> dict[str, Any] | None:
        """One audit record with its before/after states decoded."""
        rows = list(self.db.table("audit").rows_where("id = ?", [audit_id]))
        if not rows:
            return None
        rec = dict(rows[0])
        for field in ("before", "after"):
            rec[field] = json.loads(rec[field]) if rec[field] else None
        return rec

    def revert(self, audit_id: int, actor: str, reason: str, *, force: bool = False) -> int:
        """Undoes one audited change; returns the id of the audit record of the revert."""
        with self.transaction():
            return self._revert(audit_id, actor, reason, force)

    def _revert(self, audit_id: int, actor: str, reason: str, force: bool) -> int:
        rec = self.audit_record(audit_id)
        if rec is None:
            raise RevertError(f"there is no audit record #{audit_id}")
        entity = rec["entity"]
        why = f"revert #{audit_id}: {reason}".strip()
        if entity in _NOT_REVERTIBLE:
            raise RevertError(f"#{audit_id}: {_NOT_REVERTIBLE[entity]}")
        if rec["action"] == "replace_feed":  # its key is the feed, not an indicator
            feed = str(rec["entity_key"]).removeprefix("feed:")
            raise RevertError(
                f"#{audit_id} is a sync of the feed {feed}: its entries are replaced at its"
                " next sync, not reverted. Take one entry down with /reported disable <kind>"
                " <value> (it stays down after later syncs)"
            )
        if entity == "reported":
            self._revert_reported(rec, actor, why, force)
        elif entity == "phrases":
            self._revert_phrase(rec, actor, why, force)
        elif entity in _DOC_PK:
            self._revert_doc(rec, actor, why, force)
        elif entity in _ROW_PK:
            self._revert_row(rec, actor, why, force)
        elif entity == "user_reports":
            self._revert_decision(rec, actor, why, force)
        elif entity == "model_examples":
            self._revert_example(rec, actor, why)
        else:
            raise RevertError(f"#{audit_id}: {entity} changes cannot be reverted")
        return int(self.db.execute("select max(id) from audit").fetchone()[0])

    def _revert_example(self, rec: dict[str, Any], actor: str, why: str) -> None:
        """A withdrawn example comes back whole (its audit record kept the row); an added one
        is withdrawn. Neither is forced over a later state: the text must still be free, or
        the example still there."""
        table, key = self.db.table("model_examples"), int(rec["entity_key"])
        current = self._one("model_examples", "id = ?", [key])
        if rec["action"] == "withdraw":
            row = rec["before"] or {}
            clash = self._one("model_examples", "text = ?", [row.get("text", "")])
            if current is not None or clash is not None:
                raise RevertError(f"#{rec['id']}: example #{key} is stored again already")
            table.insert(row)
            self.audit(actor, "revert", "model_examples", str(key), after=row, reason=why)
        elif rec["action"] == "add":
            if current is None:
                raise RevertError(f"#{rec['id']}: example #{key} is not stored any more")
            table.delete(key)
            self.audit(actor, "revert", "model_examples", str(key), before=current, reason=why)
        else:
            raise RevertError(f"#{rec['id']}: this example change cannot be reverted")

    def _one(self, table: str, where: str, params: list[Any]) -> dict[str, Any] | None:
        rows = list(self.db.table(table).rows_where(where, params, limit=1))
        return dict(rows[0]) if rows else None

    def _conflict(self, rec: dict[str, Any], force: bool, ok: bool) -> None:
        if ok or force:
            return
        latest = self.db.execute(
            "select max(id) from audit where entity = ? and entity_key = ?",
            [rec["entity"], rec["entity_key"]],
        ).fetchone()[0]
        later = (
            f"; the latest change is #{latest}, revert that first" if latest != rec["id"] else ""
        )
        raise RevertError(
            f"#{rec['id']}: {rec['entity']} {rec['entity_key']} has changed"
            f" since{later} (or force the revert)"
        )

    def _toggle_states(self, rec: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """What the record left behind, and what to write back, for enable/disable rows."""
        disabled = rec["action"] == "disable"
        expected = (
            rec["after"] if rec["after"] is not None else ({"enabled": 0} if disabled else None)
        )
        target = rec["before"] if rec["before"] is not None else {"enabled": 1 if disabled else 0}
        return expected, target

    def _revert_reported(self, rec: dict[str, Any], actor: str, why: str, force: bool) -> None:
        kind, key = rec["entity_key"].split(":", 1)
        where, params = "kind = ? and key = ?", [kind, key]
        current = self._one("reported", where, params)
        expected, target = self._toggle_states(rec)
        if current is None:
            raise RevertError(f"#{rec['id']}: {kind} {key} is not in the knowledge base")
        self._conflict(rec, force, expected is None or _matches(current, expected))
        self._category_gone(rec, str(target.get("category") or current["category"]), target)
        fields = {k: v for k, v in target.items() if k not in ("id", "kind", "key")}
        self.db.table("reported").update(current["id"], {**fields, "updated_at": now()})
        after = self._one("reported", where, params)
        self.audit(
            actor, "revert", "reported", rec["entity_key"], before=current, after=after, reason=why
        )
        self.bump_version()

    def _revert_phrase(self, rec: dict[str, Any], actor: str, why: str, force: bool) -> None:
        lang, category, text = rec["entity_key"].split("/", 2)
        where, params = "lang = ? and category = ? and text = ?", [lang, category, text]
        current = self._one("phrases", where, params)
        if current is None:
            raise RevertError(f"#{rec['id']}: the phrase {text!r} is not in the knowledge base")
        expected, target = self._toggle_states(rec)
        self._conflict(rec, force, expected is None or _matches(current, expected))
        self._category_gone(rec, category, target)
        fields = {k: target[k] for k in ("weight", "enabled") if k in target}
        self.db.table("phrases").update(current["id"], {**fields, "updated_at": now()})
        self.audit(
            actor,
            "revert",
            "phrases",
            rec["entity_key"],
            reason=why,
            before={"weight": current["weight"], "enabled": current["enabled"]},
            after={
                "weight": fields.get("weight", current["weight"]),
                "enabled": fields.get("enabled", current["enabled"]),
            },
        )
        self.bump_version()

    def _revert_doc(self, rec: dict[str, Any], actor: str, why: str, force: bool) -> None:
        table, key = rec["entity"], rec["entity_key"]
        pk = _DOC_PK[table]
        row = self._one(table, f"[{pk}] = ?", [key])
        current = json.loads(row["data"]) if row and row["enabled"] else None
        self._conflict(rec, force, current == rec["after"])
        target = rec["before"]
        if table == "categories" and target is None and current is not None:
            self._take_down_members(rec, key, actor, why, force)
        if target is None and row is not None:
            self.db.table(table).update(key, {"enabled": 0, "updated_at": now()})
        elif target is not None:
            data = json.dumps(target, ensure_ascii=False, sort_keys=True)
            self.db.table(table).upsert(
                {pk: key, "data": data, "enabled": 1, "updated_at": now()}, pk=pk
            )
        self.audit(actor, "revert", table, key, before=current, after=target, reason=why)
        self.bump_version()

    def _take_down_members(
        self, rec: dict[str, Any], category: str, actor: str, why: str, force: bool
    ) -> None:
        """Before a category goes, its live phrases and reported indicators: phrases would go
        on flagging messages, and indicators on being cited in verdicts ("reported as a parcel
        fee scam"), under a category the knowledge base no longer has. They are changes of
        their own, often someone else's, and a revert never undoes a later change silently:
        refused, naming them, unless forced; forced, each is disabled (kept, not deleted) with
        an audit record of its own, which /revert brings back once the category is back."""
        phrases = self.db.execute(
            "select id, lang, text from phrases where category = ? and enabled = 1 order by id",
            [category],
        ).fetchall()
        reported = self.db.execute(
            "select id, kind, key from reported where category = ? and enabled = 1 order by id",
            [category],
        ).fetchall()
        if not phrases and not reported:
            return
        if not force:
            live = [
                *(f"{len(phrases)} live phrase(s)",) * bool(phrases),
                *(f"{len(reported)} live reported indicator(s)",) * bool(reported),
            ]
            named = [text for _, _, text in phrases] + [f"{k} {v}" for _, k, v in reported]
            shown = "; ".join(named[:3]) + ("; ..." if len(named) > 3 else "")
            raise RevertError(
                f"#{rec['id']}: category {category} still has {' and '.join(live)} ({shown}),"
                " which would flag messages or be cited in verdicts under a category that is"
                f" gone: take them down first (/phrase disable {category} <text>, /reported"
                " disable <kind> <value>), or force the revert to take them down with it"
            )
        because = f"{why} (category {category} taken down with its phrases and indicators)"
        self._disable_members(category, phrases, reported, actor, because)

    def take_down_orphans(self, actor: str = "system") -> int:
        """Live phrases and reported indicators whose category is gone: a revert before
        _take_down_members existed took a category down and left them live, cited in verdicts
        under a name the knowledge base no longer had. Each is disabled as a forced revert
        does it (audited, kept, restorable once its category is back). Returns how many."""
        gone = "(select id from categories where enabled = 1)"
        orphans = (
            "select id, lang, text, category from phrases where enabled = 1"
            f" and category not in {gone} order by id",
            "select id, kind, key, category from reported where enabled = 1"
            f" and category not in {gone} order by id",
        )
        # Read first: the scan of a large base should not hold the write lock when, as
        # nearly always, there is nothing to take down.
        if not any(self.db.execute(f"{q} limit 1").fetchone() for q in orphans):
            return 0
        with self.transaction():
            phrases, reported = (self.db.execute(q).fetchall() for q in orphans)
            for category in sorted({r[3] for r in phrases} | {r[3] for r in reported}):
                self._disable_members(
                    category,
                    [r[:3] for r in phrases if r[3] == category],
                    [r[:3] for r in reported if r[3] == category],
                    actor,
                    f"category {category} is not in the knowledge base any more; taken down"
                    " with it, as a forced revert of the category does",
                )
            if phrases or reported:
                self.bump_version()
            return len(phrases) + len(reported)

    def _disable_members(
        self,
        category: str,
        phrases: list[Any],
        reported: list[Any],
        actor: str,
        because: str,
    ) -> None:
        """Disables (keeps) these phrases (id, lang, text) and indicators (id, kind, key) of
        `category`, each with an audit record of its own that /revert brings back."""
        for phrase_id, lang, text in phrases:
            self.db.table("phrases").update(phrase_id, {"enabled": 0, "updated_at": now()})
            self.audit(
                actor, "disable", "phrases", f"{lang}/{category}/{text}", reason=because[:500]
            )
        for row_id, kind, key in reported:
            self.db.table("reported").update(row_id, {"enabled": 0, "updated_at": now()})
            self.audit(
                actor,
                "disable",
                "reported",
                f"{kind}:{key}",
                before={"enabled": 1},
                after={"enabled": 0},
                reason=because[:500],
            )

    def _category_gone(self, rec: dict[str, Any], category: str, target: dict[str, Any]) -> None:
        """Refuses to bring a phrase or indicator back live under a category that is gone:
        it would be cited under a name the knowledge base no longer has."""
        if not target.get("enabled"):
            return
        live = self.db.execute(
            "select 1 from categories where id = ? and enabled = 1", [category]
        ).fetchone()
        if live is None:
            raise RevertError(
                f"#{rec['id']}: category {category} is not in the knowledge base any more;"
                " bring it back first (/revert the change that took it down), then this"
            )

    def _revert_row(self, rec: dict[str, Any], actor: str, why: str, force: bool) -> None:
        table, key = rec["entity"], rec["entity_key"]
        pk = _ROW_PK[table]
        pk_value: Any = int(key) if pk == "user_id" else key
        current = self._one(table, f"[{pk}] = ?", [pk_value])
        self._conflict(rec, force, _matches(current, rec["after"]))
        target = rec["before"]
        if target is None:
            self.db.execute(f"delete from [{table}] where [{pk}] = ?", [pk_value])
        else:
            cols = self.db.table(table).columns_dict
            self.db.table(table).upsert({k: v for k, v in target.items() if k in cols}, pk=pk)
        self.audit(actor, "revert", table, key, before=current, after=target, reason=why)

    def _revert_decision(self, rec: dict[str, Any], actor: str, why: str, force: bool) -> None:
        before, after = rec["before"], rec["after"]
        if rec["action"] == "purge":
            raise RevertError(f"#{rec['id']}: erased notes and reporter ids cannot come back")
        if not before or not after or "ids" not in after:
            raise RevertError(f"#{rec['id']}: a user's report is not reverted; reject it")
        ids = after["ids"]
        marks = ",".join("?" * len(ids))
        # Back in the queue they would be reports without a note or a reporter (or, for a
        # plain-text report, without its text): nothing a moderator could review again.
        erased = self.db.execute(
            f"select id from user_reports where erased_at is not null and id in ({marks})", ids
        ).fetchall()
        if erased:
            raise RevertError(
                f"#{rec['id']}: report #{erased[0][0]} was erased after its retention period;"
                " the decision stays (take a listed indicator down with /reported disable)"
            )
        now_rows = self.db.execute(
            f"select status, kind, key from user_reports where id in ({marks})", ids
        ).fetchall()
        ok = all(r == (after["status"], after["kind"], after["key"]) for r in now_rows)
        self._conflict(rec, force, ok)
        decided = before["status"] != "pending"
        self.db.execute(
            f"update user_reports set status = ?, kind = ?, key = ?, decided_by = ?,"
            f" decided_at = ? where id in ({marks})",
            [
                before["status"],
                before["kind"],
                before["key"],
                actor if decided else None,
                now() if decided else None,
                *ids,
            ],
        )
        nested = None
        if after.get("knowledge_audit"):
            nested = self._revert(after["knowledge_audit"], actor, why, force)
        state = {k: v for k, v in after.items() if k != "knowledge_audit"}
        self.audit(
            actor,
            "revert",
            "user_reports",
            rec["entity_key"],
            before=state,
            after={**before, "knowledge_audit": nested},
            reason=why,
        )

    def indicator_history(self, kind: str, value: str) -> list[dict[str, Any]]:
        """Every audited change of one indicator and of the reports about it, oldest first."""
        key = reported_key(kind, value) or value.strip().lower()
        ids = [
            str(r[0])
            for r in self.db.execute(
                "select id from user_reports where kind = ? and key = ?", [kind, key]
            )
        ]
        marks = ",".join("?" * len(ids)) or "''"
        rows = self.db.execute(
            "select id from audit where (entity = 'reported' and entity_key = ?)"
            f" or (entity = 'user_reports' and entity_key in ({marks})) order by id",
            [f"{kind}:{key}", *ids],
        ).fetchall()
        return [rec for (aid,) in rows if (rec := self.audit_record(aid)) is not None]
