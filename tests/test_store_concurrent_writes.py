"""Two processes (or a worker and the feed scheduler) writing the same database: a transaction
that reads before it writes must not fail with "database is locked" because another
connection committed in between. SQLite in WAL mode cannot move a read snapshot forward, so a
transaction opened with a plain BEGIN that has read is refused the write lock at once, whatever
the busy timeout; the store's transactions take the write lock when they open instead, and a
second writer waits for it."""

from __future__ import annotations

import threading
from pathlib import Path

from bot.store import Store


def _count(store: Store) -> int:
    return int(store.db.execute("select count(*) from meta").fetchone()[0])


def test_a_transaction_that_reads_first_still_writes_after_another_commit(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    worker = Store(path)
    before = _count(worker)
    has_read, failed = threading.Event(), []

    def sync_round() -> None:  # reads what it holds, then replaces it, as a feed round does
        try:
            syncer = Store(path)  # its own connection, in its own thread
            with syncer.transaction():
                _count(syncer)
                has_read.set()
                threading.Event().wait(0.3)  # the worker's write comes in here
                syncer.db.table("meta").upsert({"key": "feed", "value": "v2"}, pk="key")
        except Exception as e:  # the assertion below shows it
            failed.append(e)
            has_read.set()

    round_ = threading.Thread(target=sync_round)
    round_.start()
    assert has_read.wait(10)
    with worker.transaction():  # waits for the round's write lock instead of racing it
        worker.db.table("meta").upsert({"key": "checks", "value": "7"}, pk="key")
    round_.join(10)
    assert failed == []
    assert _count(worker) == before + 2
    assert {r["key"]: r["value"] for r in worker.db["meta"].rows}["feed"] == "v2"


def test_nested_transactions_still_roll_back_alone(tmp_path: Path) -> None:
    store = Store(tmp_path / "kb.db")
    with store.transaction():
        store.db.table("meta").upsert({"key": "outer", "value": "1"}, pk="key")
        try:
            with store.transaction():
                store.db.table("meta").upsert({"key": "inner", "value": "1"}, pk="key")
                raise ValueError("refused")
        except ValueError:
            pass
    keys = {r["key"] for r in store.db["meta"].rows}
    assert "outer" in keys and "inner" not in keys


def test_a_failed_transaction_leaves_nothing_and_the_store_usable(tmp_path: Path) -> None:
    store = Store(tmp_path / "kb.db")
    before = _count(store)
    try:
        with store.transaction():
            store.db.table("meta").upsert({"key": "half", "value": "1"}, pk="key")
            raise RuntimeError("crash mid-write")
    except RuntimeError:
        pass
    assert _count(store) == before
    with store.transaction():
        store.db.table("meta").upsert({"key": "next", "value": "1"}, pk="key")
    assert _count(store) == before + 1
