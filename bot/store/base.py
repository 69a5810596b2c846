"""The connection, the audit log and the knowledge version: what every table shares."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self, TypeVar

import sqlite_utils

BUSY_TIMEOUT_MS = 30_000
# What says only "another connection holds the database": SQLite's primary result codes (the
# low byte of an extended one such as SQLITE_BUSY_SNAPSHOT or SQLITE_LOCKED_SHAREDCACHE).
_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
# The knowledge version is read from SQLite at most this often per process and database: the
# HTTP service asked for it twice a request (the index's freshness, the verdict's
# knowledge_version). This process's own changes are seen at once; another process's (`kb load`
# while a server runs) within this many seconds.
VERSION_TTL = 1.0


class _VersionCache:
    """Knowledge versions read lately, per database, shared by every Store of the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[int, float]] = {}  # database -> (version, monotonic time)
        self._changes = 0  # forgets so far: a read that overlapped one is not remembered

    def get(self, key: str) -> tuple[int | None, int]:
        """The fresh cached version (or None) and the token to remember a new read with."""
        with self._lock:
            hit = self._seen.get(key)
            if hit is not None and time.monotonic() - hit[1] < VERSION_TTL:
                return hit[0], self._changes
            return None, self._changes

    def put(self, key: str, version: int, token: int, read_at: float) -> None:
        with self._lock:
            if token == self._changes:
                self._seen[key] = (version, read_at)

    def forget(self, key: str) -> None:
        with self._lock:
            self._seen.pop(key, None)
            self._changes += 1


T = TypeVar("T")
log = logging.getLogger(__name__)


def is_busy(error: BaseException) -> bool:
    """Whether a database error says only that another connection holds the database."""
    code = getattr(error, "sqlite_errorcode", None)
    return (
        isinstance(error, sqlite3.OperationalError)
        and code is not None
        and (code & 0xFF) in _BUSY_CODES
    )

_versions = _VersionCache()
_memory_ids = itertools.count()


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class StoreBase:
    """Owns the SQLite database; every write goes through `transaction()` and is audited."""

    def __init__(self, path: str | Path | None = None) -> None:
        """Opens (and creates) the database at path; None keeps it in memory."""
        self.path: Path | None = None  # None: in memory, one connection only
        if path is None or str(path) == ":memory:":
            self.db = sqlite_utils.Database(memory=True)
            self._version_key = f":memory:{next(_memory_ids)}"  # never shared, never reused
        else:
            self.path = Path(path)
            self._version_key = str(self.path.resolve())
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite_utils.Database(str(path))
            self.db.execute("PRAGMA journal_mode=WAL")
            # `kb load`, uploads and the server write the same file: a writer waits for
            # another's transaction this long before "database is locked".
            self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._lock = threading.RLock()
        self._depth = 0  # transactions open, nested ones included
        self._bump_due = False  # a knowledge change waits for the outermost commit
        # write_async's thread and its own connection, opened at the first use
        self._writer: ThreadPoolExecutor | None = None
        self._writer_store: Self | None = None
        self._create_base()
        self._create_tables()

    def _create_base(self) -> None:
        self.db.table("audit").create(
            {
                "id": int,
                "at": str,
                "actor": str,
                "action": str,
                "entity": str,
                "entity_key": str,
                "before": str,
                "after": str,
                "reason": str,
            },
            pk="id",
            if_not_exists=True,
        )
        self.db.table("audit").create_index(["entity", "entity_key"], if_not_exists=True)
        self.db.table("meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)

    def _create_tables(self) -> None:
        """Each concern's mixin adds its tables by overriding this and calling super()."""

    @contextmanager
    def busy_timeout(self, ms: int) -> Iterator[None]:
        """A shorter wait for the write lock, for writes that can be retried later."""
        if self.path is None:
            yield
            return
        self.db.execute(f"PRAGMA busy_timeout={int(ms)}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    def write_briefly(self, work: Callable[[], T], wait_ms: int, what: str) -> T | None:
        """work() (a write in a transaction), waiting at most wait_ms for another writer's
        lock; None when it gave up, so work must not return None itself.

        For writes that can be left for later, met where a long wait stalls everyone (the
        event loop) or where a fallback exists: an update's claim, the counted checks, a stale
        conversation. The one policy for all of them:

        - SQLITE_BUSY and SQLITE_LOCKED (extended codes included) are swallowed and logged as
          a warning: they say only that another writer holds the database; the transaction
          was rolled back whole, and the same write succeeds later (each caller has its later
          path: the process's memory of claims, counts kept in memory, a flow counted gone).
        - Any other error (a read-only or full disk, a damaged database, a wrong statement) is
          logged as an error, naming the write, and raised: it is no wait that passes, the
          next try fails the same way, and swallowed it hid lost data (counts piling up in
          memory, /stats silently short) behind a warning. The caller decides what the
          failure costs, as for any other write.
        """
        try:
            with self.busy_timeout(wait_ms):
                return work()
        except sqlite3.Error as e:
            if is_busy(e):
                log.warning("%s left for later, another writer holds the database: %s", what, e)
                return None
            log.error("%s failed: %s", what, e)
            raise

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: writes inside either all land or none does."""
        with self._lock:
            bumped = False
            try:
                with self._atomic():
                    self._depth += 1
                    try:
                        yield
                        if self._depth == 1 and self._bump_due:
                            self._write_version(self.kb_version + 1)
                            bumped = True
                    finally:
                        self._depth -= 1
                        if self._depth == 0:
                            self._bump_due = False
            finally:
                if bumped:  # committed (or rolled back): the next read goes to SQLite
                    _versions.forget(self._version_key)

    @contextmanager
    def _atomic(self) -> Iterator[None]:
        """sqlite-utils' atomic(), but the outermost transaction of a database file takes the
        write lock when it opens (BEGIN IMMEDIATE), waiting up to the busy timeout for it. A
        plain BEGIN reads from a snapshot first; in WAL mode, once another connection has
        committed, that snapshot can never be given the write lock, and SQLite says "database
        is locked" at once, whatever the timeout (a feed round that read its old entries
        while an HTTP worker flushed its counters)."""
        conn = self.db.conn
        if self.path is None or conn.in_transaction:
            with self.db.atomic():  # in memory (one connection), or a savepoint inside ours
                yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        else:
            try:
                conn.execute("COMMIT")
            except BaseException:
                self.db.rollback()
                raise

    async def write_async(self, work: Callable[[Self], T]) -> T:
        """work(store), run off the event loop: in a thread of this store's own, on a
        connection of that thread's own, to the same database file.

        A write waits up to the busy timeout while another writer (a feed sync, a police
        upload, `kb load` in another process) holds the database. Run on the event loop, that
        wait stalled everything the loop serves: every chat of the bot and, in webhook mode,
        the HTTP API and /healthz. One thread for all of them: SQLite takes one writer at a
        time anyway, and a chat's writes stay in order. The loop's own connection still reads
        (WAL lets it while another connection writes). An in-memory database has a single
        connection, so its writes run here."""
        if self.path is None:
            return work(self)
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="store-writer")
        return await asyncio.get_running_loop().run_in_executor(
            self._writer, self._in_writer, work
        )

    def _in_writer(self, work: Callable[[Self], T]) -> T:
        if self._writer_store is None:
            self._writer_store = type(self)(self.path)
        return work(self._writer_store)

    def _close_writer(self) -> None:
        if self._writer is None:
            return
        # closed by the thread that opened it, as SQLite asks, after the writes queued before
        self._writer.submit(self._close_in_writer).result()
        self._writer.shutdown()
        self._writer = None

    def _close_in_writer(self) -> None:
        if self._writer_store is not None:
            self._writer_store.close()
            self._writer_store = None

    def audit(
        self,
        actor: str,
        action: str,
        entity: str,
        key: str,
        *,
        before: Any = None,
        after: Any = None,
        reason: str = "",
    ) -> None:
        """Records who changed what, when and why (call inside a transaction)."""
        self.db.table("audit").insert(
            {
                "at": now(),
                "actor": actor,
                "action": action,
                "entity": entity,
                "entity_key": key,
                "before": json.dumps(before, ensure_ascii=False, default=str)
                if before is not None
                else None,
                "after": json.dumps(after, ensure_ascii=False, default=str)
                if after is not None
                else None,
                "reason": reason,
            }
        )

    def history(self, entity: str, key: str) -> list[dict[str, Any]]:
        """Every audited change of one item, oldest first."""
        return list(
            self.db.table("audit").rows_where(
                "entity = ? and entity_key = ?", [entity, key], order_by="id"
            )
        )

    def audit_log(self, limit: int = 100) -> list[dict[str, Any]]:
        return list(self.db.table("audit").rows_where(order_by="id desc", limit=limit))

    def get_meta(self, key: str, default: str = "") -> str:
        row = self.db.execute("select value from meta where key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db.table("meta").upsert({"key": key, "value": value}, pk="key")
        if key == "kb_version":
            _versions.forget(self._version_key)

    @property
    def kb_version(self) -> int:
        """Bumped by every knowledge change, so running indexes know to rebuild.

        Read from SQLite at most once a second (VERSION_TTL) per process; inside a transaction
        always, as this connection sees it."""
        if self._depth > 0:
            return self._read_version()
        cached, token = _versions.get(self._version_key)
        if cached is not None:
            return cached
        read_at = time.monotonic()
        version = self._read_version()
        _versions.put(self._version_key, version, token, read_at)
        return version

    def _read_version(self) -> int:
        return int(self.get_meta("kb_version", "0"))

    def bump_version(self) -> int:
        """Marks the knowledge as changed; inside a transaction, once, when it commits.

        A 5,000-row upload bumped the version per row, and each bump threw away every cache
        keyed on it (the guard's brands, the running index): all re-parsed per row.
        """
        version = self.kb_version + 1
        if self._depth > 0:
            self._bump_due = True
            return version
        self._write_version(version)
        return version

    def _write_version(self, version: int) -> None:
        self.set_meta("kb_version", str(version))

    def close(self) -> None:
        self._close_writer()
        if self.path is None:
            _versions.forget(self._version_key)
        self.db.close()
