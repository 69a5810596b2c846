"""The store: the only place that speaks SQL. One class, one mixin per concern."""

from bot.store.base import StoreBase, now
from bot.store.examples import ExampleTables
from bot.store.feeds import FeedTables
from bot.store.knowledge import KnowledgeTables, LoadStats
from bot.store.moderation import ModerationTables
from bot.store.retention import PurgeStats, RetentionTables
from bot.store.users import UserTables


class Store(
    KnowledgeTables,
    UserTables,
    ModerationTables,
    RetentionTables,
    FeedTables,
    ExampleTables,
    StoreBase,
):
    """SQLite via sqlite-utils: knowledge, users, moderation, audit."""


__all__ = ["LoadStats", "PurgeStats", "Store", "StoreBase", "now"]
