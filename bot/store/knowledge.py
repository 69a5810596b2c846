"""Knowledge tables: categories, regions, brands, phrases, reported indicators."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from bot import lookups
from bot.engine import reported_key
from bot.knowledge import Brand, Category, Knowledge, Phrase, PhraseFile, Region, Reported
from bot.store.base import StoreBase, now


class LoadStats(BaseModel):
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    version: int = 0
    # phrases and reported indicators a moderator (or a revert) took down: loading the files
    # again leaves them down; /revert of the takedown, or adding them again, brings them back
    kept_disabled: int = 0
    audit: int = 0  # the audit id of the load's last change; 0: it changed nothing


# One phrase of a language and category, whatever its case (uses the phrases_folded index).
PHRASE_WHERE = "lang = ? and category = ? and lower(text) = lower(?)"


def _json(model: BaseModel) -> str:
    return json.dumps(
        model.model_dump(mode="json", by_alias=True, exclude_defaults=True),
        ensure_ascii=False,
        sort_keys=True,
    )


class KnowledgeTables(StoreBase):
    """The curated knowledge base, as the running system keeps it."""

    def _create_tables(self) -> None:
        super()._create_tables()
        for name, pk in (("categories", "id"), ("regions", "code"), ("brands", "id")):
            self.db.table(name).create(
                {pk: str, "data": str, "enabled": int, "updated_at": str},
                pk=pk,
                if_not_exists=True,
            )
        self.db.table("phrases").create(
            {
                "id": int,
                "lang": str,
                "category": str,
                "text": str,
                "weight": float,
                "enabled": int,
                "created_by": str,
                "updated_at": str,
            },
            pk="id",
            if_not_exists=True,
        )
        self.db.table("phrases").create_index(
            ["lang", "category", "text"], unique=True, if_not_exists=True
        )
        # The matcher folds case, so a phrase is found by its folded text: "Pay The Fee" sent
        # after "pay the fee" is the same phrase, not a second row a takedown would miss.
        self.db.execute(
            "create index if not exists phrases_folded on phrases (lang, category, lower(text))"
        )
        self.db.table("reported").create(
            {
                "id": int,
                "kind": str,
                "key": str,
                "value": str,
                "category": str,
                "source": str,
                "organisation": str,
                "reference": str,
                "reports": int,
                "first_seen": str,
                "last_seen": str,
                "enabled": int,
                "created_by": str,
                "updated_at": str,
            },
            pk="id",
            if_not_exists=True,
        )
        self.db.table("reported").create_index(["kind", "key"], unique=True, if_not_exists=True)

    # --- bulk load from files ---------------------------------------------------------------

    def load_knowledge(self, kb: Knowledge, actor: str, reason: str) -> LoadStats:
        """Loads validated knowledge; idempotent: loading the same files again changes nothing."""
        stats = LoadStats()
        with self.transaction():
            for table, pk, items in (
                ("categories", "id", [(c.id, c) for c in kb.categories.values()]),
                ("regions", "code", [(r.code, r) for r in kb.regions.values()]),
                ("brands", "id", [(b.id, b) for b in kb.brands]),
            ):
                for key, model in items:
                    self._upsert_doc(table, pk, key, model, actor, reason, stats)
            for pf in kb.phrases:
                for p in pf.phrases:
                    self._upsert_phrase(pf.lang, pf.category, p, actor, reason, stats)
            for r in kb.reported:
                self._upsert_reported(r, actor, reason, stats)
            if stats.added or stats.changed:
                self.bump_version()
                stats.audit = int(self.db.execute("select max(id) from audit").fetchone()[0])
        stats.version = self.kb_version
        return stats

    def _upsert_doc(
        self,
        table: str,
        pk: str,
        key: str,
        model: BaseModel,
        actor: str,
        reason: str,
        stats: LoadStats,
    ) -> None:
        data = _json(model)
        row = self.db.execute(
            f"select data, enabled from [{table}] where [{pk}] = ?", [key]
        ).fetchone()
        if row and row[0] == data and row[1]:
            stats.unchanged += 1
            return
        self.db.table(table).upsert(
            {pk: key, "data": data, "enabled": 1, "updated_at": now()}, pk=pk
        )
        self.audit(
            actor,
            "update" if row else "add",
            table,
            key,
            before=json.loads(row[0]) if row else None,
            after=json.loads(data),
            reason=reason,
        )
        if row:
            stats.changed += 1
        else:
            stats.added += 1

    def _upsert_phrase(
        self,
        lang: str,
        category: str,
        p: Phrase,
        actor: str,
        reason: str,
        stats: LoadStats,
        revive: bool = False,
    ) -> None:
        row = self.db.execute(
            "select id, weight, enabled, text from phrases"
            f" where {PHRASE_WHERE} order by enabled desc, id limit 1",
            [lang, category, p.text],
        ).fetchone()
        if row and row[1] == p.weight and row[2]:
            stats.unchanged += 1
            return
        if row and not row[2] and not revive:
            stats.kept_disabled += 1
            return
        record = {
            "lang": lang,
            "category": category,
            "text": p.text,
            "weight": p.weight,
            "enabled": 1,
            "created_by": actor,
            "updated_at": now(),
        }
        if row:
            self.db.table("phrases").update(
                row[0], {"weight": p.weight, "enabled": 1, "updated_at": now()}
            )
            stats.changed += 1
        else:
            self.db.table("phrases").insert(record)
            stats.added += 1
        self.audit(
            actor,
            "update" if row else "add",
            "phrases",
            f"{lang}/{category}/{row[3] if row else p.text}",
            before={"weight": row[1], "enabled": row[2]} if row else None,
            after={"weight": p.weight},
            reason=reason,
        )

    def _upsert_reported(
        self, r: Reported, actor: str, reason: str, stats: LoadStats, revive: bool = False
    ) -> None:
        key = reported_key(r.kind, r.value)
        if key is None:
            raise ValueError(f"not a valid {r.kind}: {r.value!r}")
        row = self.db.execute(
            "select * from reported where kind=? and key=?", [r.kind, key]
        ).fetchone()
        record = _reported_row(r, key, actor, now())
        if row:
            cols = [d[0] for d in self.db.execute("select * from reported limit 0").description]
            before = dict(zip(cols, row, strict=True))
            if not before["enabled"] and not revive:
                stats.kept_disabled += 1
                return
            same = all(
                before[k] == record[k] for k in record if k not in ("created_by", "updated_at")
            )
            if same:
                stats.unchanged += 1
                return
            self.db.table("reported").update(before["id"], record)
            stats.changed += 1
        else:
            before = None
            self.db.table("reported").insert(record)
            stats.added += 1
        self.audit(
            actor,
            "update" if before else "add",
            "reported",
            f"{r.kind}:{key}",
            before=before,
            after=record,
            reason=reason,
        )

    # --- domain verbs -----------------------------------------------------------------------

    def add_reported(self, r: Reported, actor: str, reason: str) -> str:
        """Adds or updates one reported indicator; returns its normalised key."""
        stats = LoadStats()
        with self.transaction():
            self._upsert_reported(r, actor, reason, stats, revive=True)
            if stats.added or stats.changed:
                self.bump_version()
        return reported_key(r.kind, r.value) or ""

    def disable_reported(self, kind: str, value: str, actor: str, reason: str) -> bool:
        """Takes a reported indicator out of service; kept for its history."""
        key = reported_key(kind, value) or value
        with self.transaction():
            row = self.db.execute(
                "select id from reported where kind=? and key=? and enabled=1", [kind, key]
            ).fetchone()
            if not row:
                return False
            self.db.table("reported").update(row[0], {"enabled": 0, "updated_at": now()})
            self.audit(actor, "disable", "reported", f"{kind}:{key}", reason=reason)
            self.bump_version()
        return True

    def find_reported(self, kind: str, value: str) -> dict[str, Any] | None:
        key = reported_key(kind, value)
        if key is None:
            return None
        rows = list(
            self.db.table("reported").rows_where("kind=? and key=? and enabled=1", [kind, key])
        )
        return rows[0] if rows else None

    def add_phrase(
        self, lang: str, category: str, phrase: Phrase, actor: str, reason: str
    ) -> None:
        stats = LoadStats()
        with self.transaction():
            self._upsert_phrase(lang, category, phrase, actor, reason, stats, revive=True)
            if stats.added or stats.changed:
                self.bump_version()

    def phrase_creator(self, lang: str, category: str, text: str) -> str | None:
        """Who first added a live phrase (an actor string), or None if it is not live."""
        row = self.db.execute(
            f"select created_by from phrases where {PHRASE_WHERE} and enabled=1"
            " order by id limit 1",
            [lang, category, text],
        ).fetchone()
        return None if row is None else str(row[0] or "")

    def disable_phrase(self, lang: str, category: str, text: str, actor: str, reason: str) -> bool:
        """Takes a phrase out of service, in whatever case it was written (rows stored in
        several cases before phrases were folded all go)."""
        with self.transaction():
            rows = self.db.execute(
                f"select id, text from phrases where {PHRASE_WHERE} and enabled=1",
                [lang, category, text],
            ).fetchall()
            for row_id, stored in rows:
                self.db.table("phrases").update(row_id, {"enabled": 0, "updated_at": now()})
                self.audit(
                    actor, "disable", "phrases", f"{lang}/{category}/{stored}", reason=reason
                )
            if rows:
                self.bump_version()
        return bool(rows)

    # --- reading back -----------------------------------------------------------------------

    def _docs(self, table: str) -> Iterator[str]:
        for (data,) in self.db.execute(f"select data from [{table}] where enabled=1 order by 1"):
            yield data

    def iter_phrases(self) -> Iterator[tuple[str, str, float, str]]:
        """(text, category, weight, lang) of every enabled phrase."""
        yield from self.db.execute(
            "select text, category, weight, lang from phrases where enabled=1 order by id"
        )

    def iter_reported_rows(self) -> Iterator[tuple[str, str, str, str, str, int, str]]:
        """(kind, key, category, source, organisation, reports, last_seen), already normalised."""
        yield from self.db.execute(
            "select kind, key, category, source, coalesce(organisation, ''), reports,"
            " coalesce(last_seen, first_seen, '') from reported where enabled=1"
        )

    def knowledge(self, with_reported: bool = True, with_phrases: bool = True) -> Knowledge:
        """The live knowledge base as models: for export, and to build the engine's index.

        The index reads phrases and reported indicators as rows (iter_phrases,
        iter_reported_rows): ten thousand phrase models would only be thrown away."""
        kb = Knowledge(
            categories={
                c.id: c for c in map(Category.model_validate_json, self._docs("categories"))
            },
            regions={r.code: r for r in map(Region.model_validate_json, self._docs("regions"))},
            brands=[Brand.model_validate_json(d) for d in self._docs("brands")],
        )
        files: dict[tuple[str, str], list[Phrase]] = {}
        for text, category, weight, lang in self.iter_phrases() if with_phrases else ():
            files.setdefault((lang, category), []).append(Phrase(text=text, weight=weight))
        kb.phrases = [
            PhraseFile(lang=lang, category=cat, phrases=ps)  # type: ignore[arg-type]
            for (lang, cat), ps in sorted(files.items())
        ]
        if with_reported:
            kb.reported = [
                Reported(
                    kind=row["kind"],
                    value=row["value"],
                    category=row["category"],
                    source=row["source"],
                    organisation=row["organisation"] or "",
                    reference=row["reference"] or "",
                    reports=row["reports"],
                    first_seen=row["first_seen"],
                    last_seen=row["last_seen"],
                )
                for row in self.db.table("reported").rows_where("enabled=1", order_by="id")
            ]
        return kb

    def reported_ref_row(self, kind: str, key: str) -> tuple[str, str, str, int, str] | None:
        """(category, source, organisation, reports, last_seen) of one enabled indicator."""
        return lookups.reported_ref_row(self.db.execute, kind, key)

    def address_keys_starting(self, prefix: str, length: int, limit: int = 100) -> list[str]:
        """Enabled reported addresses of this length whose key starts with prefix (indexed)."""
        return lookups.address_keys_starting(self.db.execute, prefix, length, limit)

    def region_codes(self) -> list[str]:
        """The codes of the enabled regions, sorted: what a police grant may name."""
        rows = self.db.execute("select code from regions where enabled=1 order by code")
        return [r[0] for r in rows.fetchall()]

    def core_counts(self) -> dict[str, int]:
        """Enabled categories and regions: cheap enough for every health check."""
        q = self.db.execute
        return {
            t: q(f"select count(*) from [{t}] where enabled=1").fetchone()[0]
            for t in ("categories", "regions")
        }

    def kb_stats(self) -> dict[str, Any]:
        """Counts of what the live knowledge base holds."""
        q = self.db.execute
        phrases = dict(
            q("select lang, count(*) from phrases where enabled=1 group by lang").fetchall()
        )
        reported = dict(
            q("select kind, count(*) from reported where enabled=1 group by kind").fetchall()
        )
        return {
            "version": self.kb_version,
            "categories": q("select count(*) from categories where enabled=1").fetchone()[0],
            "regions": q("select count(*) from regions where enabled=1").fetchone()[0],
            "brands": q("select count(*) from brands where enabled=1").fetchone()[0],
            "phrases": phrases,
            "reported": reported,
            "audit_records": q("select count(*) from audit").fetchone()[0],
            # Each live feed's freshness (bot/feeds.py): entries, last update, last error.
            "feeds": {
                r["name"]: {k: r[k] for k in ("entries", "fuzzylist", "updated_at", "status",
                                              "error")}
                for r in self.feed_states()  # type: ignore[attr-defined]
            } if self.db.table("feeds").exists() else {},
        }

    def bulk_add_reported(self, rows: Iterable[Reported], actor: str, reason: str) -> int:
        """Adds many reported indicators in one transaction (feeds, benchmarks).

        One audit record stands for the whole batch (what was sent, by kind, and how many were
        new); indicators already known are left as they are. Returns how many were added.
        An invalid value refuses the whole batch.
        """
        stamp = now()
        by_kind: Counter[str] = Counter()

        def records() -> Iterator[dict[str, Any]]:
            for r in rows:
                key = reported_key(r.kind, r.value)
                if key is None:
                    raise ValueError(f"not a valid {r.kind}: {r.value!r}")
                by_kind[r.kind] += 1
                yield _reported_row(r, key, actor, stamp)

        count = "select count(*) from reported"
        with self.transaction():
            before = self.db.execute(count).fetchone()[0]
            self.db.table("reported").insert_all(records(), ignore=True, batch_size=1000)
            added = int(self.db.execute(count).fetchone()[0] - before)
            self.audit(
                actor,
                "bulk_add",
                "reported",
                f"batch:{stamp}",
                after={"rows": sum(by_kind.values()), "added": added, "by_kind": dict(by_kind)},
                reason=reason,
            )
            if added:
                self.bump_version()
        return added


def _reported_row(r: Reported, key: str, actor: str, stamp: str) -> dict[str, Any]:
    """A reported indicator as its row in the `reported` table."""
    return {
        "kind": r.kind,
        "key": key,
        "value": r.value,
        "category": r.category,
        "source": r.source,
        "organisation": r.organisation,
        "reference": r.reference,
        "reports": r.reports,
        "first_seen": str(r.first_seen) if r.first_seen else None,
        "last_seen": str(r.last_seen) if r.last_seen else None,
        "enabled": 1,
        "created_by": actor,
        "updated_at": stamp,
    }
