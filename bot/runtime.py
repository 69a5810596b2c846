"""Opening the embedded store: created and filled from knowledge/ on first use."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.engine import reported_key
from bot.guard import Protected, refusal
from bot.knowledge import Knowledge, KnowledgeError, load_dir
from bot.settings import Settings
from bot.store import LoadStats, Store

log = logging.getLogger(__name__)


def load_files(
    store: Store, root: Path, actor: str, reason: str, override: bool = False
) -> LoadStats:
    """Validates every file below root first, then loads them in one transaction.

    Reported entries naming an official channel, a region's contact or a whole platform are
    refused (bot.guard), with the files' own brands and regions counted as official too,
    unless an admin overrides (`kb load --override`): a file listing binance.com must not
    make Binance's login page `high`.
    """
    kb = load_dir(root)
    if not override:
        refuse_protected(kb, store)
    return store.load_knowledge(kb, actor=actor, reason=reason)


def refuse_protected(kb: Knowledge, store: Store) -> None:
    """Raises KnowledgeError naming every reported entry the guard refuses."""
    if not kb.reported:
        return
    mine = Protected.build(kb.brands, kb.regions.values())
    theirs = store.protected()
    errors = []
    for r in kb.reported:
        key = reported_key(r.kind, r.value) or r.value
        why = refusal(r.kind, key, r.value, mine) or refusal(r.kind, key, r.value, theirs)
        if why is not None:
            errors.append(f"reported {r.kind} {r.value}: {why}")
    if errors:
        raise KnowledgeError("\n".join(errors))


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
