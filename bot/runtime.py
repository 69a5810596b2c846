"""Opening the embedded store: created and filled from knowledge/ on first use."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.knowledge import load_dir
from bot.settings import Settings
from bot.store import LoadStats, Store

log = logging.getLogger(__name__)


def load_files(store: Store, root: Path, actor: str, reason: str) -> LoadStats:
    """Validates every file below root first, then loads them in one transaction."""
    kb = load_dir(root)
    return store.load_knowledge(kb, actor=actor, reason=reason)


def open_store(settings: Settings) -> Store:
    """The store named by settings; a new, empty one is seeded from the knowledge files."""
    store = Store(settings.db_path)
    if store.kb_version == 0 and settings.knowledge_dir.is_dir():
        stats = load_files(
            store,
            settings.knowledge_dir,
            actor="system:first-run",
            reason=f"seed from {settings.knowledge_dir}",
        )
        log.info("seeded knowledge base: %s", stats.model_dump())
    return store
