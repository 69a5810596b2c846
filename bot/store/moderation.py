"""Roles, the review queue of user reports, API tokens."""

from __future__ import annotations

from bot.store.base import StoreBase


class ModerationTables(StoreBase):
    """Who may change the knowledge base, and what waits for review."""

    def _create_tables(self) -> None:
        super()._create_tables()
