"""Feed entries in the reported table, replaced whole per feed, and each feed's freshness."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from bot.store.base import StoreBase, now


@dataclass(frozen=True)
class Fuzzy:
    """A feed's fuzzylist as synced (bot/fuzzylist.py reads it): hosts its users are phished
    with lookalikes of, the edits that count as alike, and the hosts the feed vouches for."""

    fuzzylist: list[str]
    whitelist: list[str]
    tolerance: float
    watcher: str  # in the finding: "which MetaMask's list watches for impersonation"


class FeedTables(StoreBase):
    def _create_tables(self) -> None:
        super()._create_tables()
        self.db.table("feeds").create(
            {
                "name": str,
                "url": str,
                "etag": str,
                "last_modified": str,
                "checked_at": str,  # last attempt
                "updated_at": str,  # last time its entries were replaced
                "entries": int,
                "status": str,  # updated, unchanged, failed
                "error": str,
            },
            pk="name",
            if_not_exists=True,
        )
        # One row per feed that has a fuzzylist, replaced with the feed's entries.
        self.db.table("feed_fuzzy").create(
            {"name": str, "organisation": str, "watcher": str, "tolerance": float,
             "fuzzylist": str, "whitelist": str},  # JSON lists of hosts
            pk="name",
            if_not_exists=True,
        )

    def feed_fuzzylists(self) -> list[dict[str, Any]]:
        """Every feed's fuzzylist, for the engine's index (bot/fuzzylist.py)."""
        if not self.db.table("feed_fuzzy").exists():
            return []
        return [{**r, "fuzzylist": json.loads(r["fuzzylist"]),
                 "whitelist": json.loads(r["whitelist"])}
                for r in self.db.table("feed_fuzzy").rows_where(order_by="name")]

    def feed_state(self, name: str) -> dict[str, Any] | None:
        rows = list(self.db.table("feeds").rows_where("name = ?", [name]))
        return rows[0] if rows else None

    def feed_states(self) -> list[dict[str, Any]]:
        """Every feed's freshness, for `kb stats`, `feeds status` and /metrics, with the number
        of names its fuzzylist watches (0 for a feed without one)."""
        fuzzy = {r["name"]: r["fuzzylist"] for r in self.feed_fuzzylists()}
        return [{**r, "fuzzylist": len(fuzzy.get(r["name"], []))}
                for r in self.db.table("feeds").rows_where(order_by="name")]

    def note_feed(self, name: str, url: str, status: str, error: str = "") -> None:
        """Records an attempt that changed no entries (unchanged, or failed)."""
        with self.transaction():
            self.db.table("feeds").upsert(
                {"name": name, "url": url, "checked_at": now(), "status": status,
                 "error": error}, pk="name")

    def replace_feed(
        self,
        name: str,
        organisation: str,
        url: str,
        hosts: list[str],
        validators: tuple[str, str],
        reason: str,
        fuzzy: Fuzzy | None = None,
    ) -> int:
        """Replaces the feed's previous entries by these hosts, and its fuzzylist by this one
        (none: the feed has none), in one transaction; returns how many hosts were stored (a
        host another feed or a moderator already lists keeps that record)."""
        actor = f"feed:{name}"
        stamp = now()
        today = dt.date.today().isoformat()
        rows = (
            {"kind": "domain", "key": h, "value": h, "category": "phishing",
             "source": "automatic", "organisation": organisation, "reference": url,
             "reports": 1, "first_seen": today, "last_seen": today, "enabled": 1,
             "created_by": actor, "updated_at": stamp}
            for h in hosts
        )
        count = "select count(*) from reported where created_by = ? and enabled = 1"
        with self.transaction():
            before = self.db.execute(count, [actor]).fetchone()[0]
            old = self.db.execute("select fuzzylist, tolerance from feed_fuzzy where name = ?",
                                  [name]).fetchone()
            # A moderator's disabling of a feed entry outlives the feed's next sync: disabled
            # rows stay, and the insert below leaves them as they are.
            self.db.execute("delete from reported where created_by = ? and enabled = 1",
                            [actor])
            self.db.table("reported").insert_all(rows, ignore=True, batch_size=1000)
            stored = int(self.db.execute(count, [actor]).fetchone()[0])
            self.db.execute("delete from feed_fuzzy where name = ?", [name])
            if fuzzy is not None:
                self.db.table("feed_fuzzy").insert(
                    {"name": name, "organisation": organisation, "watcher": fuzzy.watcher,
                     "tolerance": fuzzy.tolerance, "fuzzylist": json.dumps(fuzzy.fuzzylist),
                     "whitelist": json.dumps(fuzzy.whitelist)})
            self.audit(actor, "replace_feed", "reported", actor,
                       before={"entries": before, **_fuzzy_audit(old)},
                       after={"entries": stored, "url": url, **_fuzzy_audit(
                           (json.dumps(fuzzy.fuzzylist), fuzzy.tolerance) if fuzzy else None)},
                       reason=reason)
            self.db.table("feeds").upsert(
                {"name": name, "url": url, "etag": validators[0],
                 "last_modified": validators[1], "checked_at": stamp, "updated_at": stamp,
                 "entries": stored, "status": "updated", "error": ""}, pk="name")
            self.bump_version()
        return stored


def _fuzzy_audit(row: tuple[str, float] | None) -> dict[str, Any]:
    """The fuzzylist in an audit record: its entries in full (a few hundred names) and the
    tolerance, so that a dropped or added name can be traced to its sync."""
    if row is None:
        return {}
    return {"fuzzylist": json.loads(row[0]), "tolerance": row[1]}
