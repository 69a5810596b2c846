"""Users of the bot: settings (language, region) and anonymous outcome records."""

from __future__ import annotations

from bot.store.base import StoreBase


class UserTables(StoreBase):
    """Per-user settings and what warned users chose to do; filled in by the bot's issue."""

    def _create_tables(self) -> None:
        super()._create_tables()
