"""The knowledge version is read from SQLite at most once a second per process (the HTTP service
asked for it twice a request), yet this process's own changes show at once and another
process's within the second."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from bot.store import Store, base


def _count_version_reads(store: Store) -> list[str]:
    """The statements that read the meta table, from SQLite's own trace of the connection."""
    reads: list[str] = []

    def seen(sql: str) -> None:
        if "from meta" in sql:
            reads.append(sql)

    store.db.conn.set_trace_callback(seen)
    return reads


def test_many_reads_touch_sqlite_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "kb.db")
    store.bump_version()
    reads = _count_version_reads(store)
    versions = {store.kb_version for _ in range(500)}
    assert versions == {1}
    assert len(reads) <= 1


def test_own_changes_are_seen_at_once_by_every_store_of_the_process(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    writer, reader = Store(path), Store(path)
    assert reader.kb_version == 0  # now cached
    writer.bump_version()
    assert reader.kb_version == writer.kb_version == 1
    with writer.transaction():
        writer.bump_version()
        writer.bump_version()  # one bump per transaction
    assert reader.kb_version == 2


def test_a_rolled_back_change_is_not_remembered(tmp_path: Path) -> None:
    store = Store(tmp_path / "kb.db")
    assert store.kb_version == 0
    with pytest.raises(RuntimeError), store.transaction():
        store.bump_version()
        raise RuntimeError("abort")
    assert store.kb_version == 0


def test_another_process_change_is_seen_within_the_ttl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base, "VERSION_TTL", 0.2)
    path = tmp_path / "kb.db"
    store = Store(path)
    assert store.kb_version == 0
    other = sqlite3.connect(path)  # what `kb load` in another process does, below the Store
    with other:
        other.execute("insert or replace into meta (key, value) values ('kb_version', '7')")
    other.close()
    assert store.kb_version == 0  # remembered: no read yet
    time.sleep(0.25)
    assert store.kb_version == 7


def test_in_memory_stores_never_share_a_version() -> None:
    first = Store()
    first.bump_version()
    assert first.kb_version == 1
    first.close()
    assert Store().kb_version == 0  # a new store is not served the closed one's version
