"""Feed entries in the reported table, replaced whole per feed, and each feed's freshness."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.store.base import StoreBase, now


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

    def feed_state(self, name: str) -> dict[str, Any] | None:
        rows = list(self.db.table("feeds").rows_where("name = ?", [name]))
        return rows[0] if rows else None

    def feed_states(self) -> list[dict[str, Any]]:
        """Every feed's freshness, for `kb stats`, `feeds status` and /metrics."""
        return list(self.db.table("feeds").rows_where(order_by="name"))

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
    ) -> int:
        """Replaces the feed's previous entries by these hosts in one transaction; returns
        how many were stored (a host another feed or a moderator already lists keeps that
        record)."""
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
            # A moderator's disabling of a feed entry outlives the feed's next sync: disabled
            # rows stay, and the insert below leaves them as they are.
            self.db.execute("delete from reported where created_by = ? and enabled = 1",
                            [actor])
            self.db.table("reported").insert_all(rows, ignore=True, batch_size=1000)
            stored = int(self.db.execute(count, [actor]).fetchone()[0])
            self.audit(actor, "replace_feed", "reported", actor,
                       before={"entries": before}, after={"entries": stored, "url": url},
                       reason=reason)
            self.db.table("feeds").upsert(
                {"name": name, "url": url, "etag": validators[0],
                 "last_modified": validators[1], "checked_at": stamp, "updated_at": stamp,
                 "entries": stored, "status": "updated", "error": ""}, pk="name")
            self.bump_version()
        return stored
