"""The one-shot check of `scamcheck check`: quick to start, and never writes a file.

Where the knowledge comes from, the first that exists wins:
1. the configured database (`--db`, `SCAMCHECK_DB_PATH`, else `./scamcheck.db`);
2. the per-user database (platformdirs' data directory, e.g. ~/.local/share/scamcheck/);
3. the shipped knowledge files, read into memory.
A database is not read whole: a deployment's million reported indicators would take seconds to
index for one message. Categories, regions, brands and phrases are read (they are small); a
reported indicator is looked up in SQLite when the engine asks for it, and the addresses that
could be a poisoned copy of the message's addresses are fetched by their shared prefix.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import lookups, plain
from bot.engine import KnowledgeIndex, ReportRef, check, check_plain, poisoning_fingerprint
from bot.indicators import extract

# Nothing here imports pydantic: a one-shot check of a message builds bot.plain's records, and
# the models are imported only to build the index (bot.knowledge), or by callers that ask for
# them (`OneShot.check`).
if TYPE_CHECKING:
    import sqlite3

    from bot.message import Message
    from bot.settings import Settings
    from bot.verdict import Verdict

APP_NAME = "scamcheck"


# The settings a one-shot check reads, each set by SCAMCHECK_<NAME> (any case, as
# pydantic-settings compares them); their defaults are Settings' (tests/test_cli_settings.py).
_CHECK_FIELDS = ("db_path", "knowledge_dir", "default_region")
# Every Settings field (tests/test_cli_settings.py holds this to Settings.model_fields): a
# SCAMCHECK_ variable naming none of them is ignored by Settings (extra="ignore"), so here too.
SETTINGS_FIELDS = frozenset({
    "admins", "api_burst", "api_key_rate_per_minute", "api_rate_per_minute",
    "api_trust_forwarded_for", "body_timeout", "connections_per_client", "db_path",
    "default_lang", "default_region", "feed_urls", "feeds_sync_hours", "header_timeout", "host",
    "knowledge_dir", "port", "report_retention_days", "report_undecided_days",
    "retention_purge_hours", "telegram_api_url", "telegram_bot_token", "user_rate_per_minute",
    "web_workers", "webhook_secret", "webhook_url",
})


@dataclass
class CheckSettings:
    """What `open_oneshot` needs of Settings, read without pydantic-settings (which with its
    asyncio, dotenv and the model it builds cost a one-shot check 40-80 ms)."""

    db_path: Path
    knowledge_dir: Path
    default_region: str


def check_settings(db: str | None = None) -> CheckSettings | Settings:
    """The settings of a one-shot check, as `Settings(db_path=db)` would give them. Read here
    only when nothing but plain variables could set them: with a .env file in the current
    folder, or a SCAMCHECK_ variable for another setting (which Settings would validate, and
    might refuse), this is Settings itself."""
    env = {k.lower(): v for k, v in os.environ.items()}  # later wins, as in pydantic-settings
    others = {f"scamcheck_{name}" for name in SETTINGS_FIELDS - set(_CHECK_FIELDS)}
    if Path(".env").exists() or any(k in others for k in env):
        from bot.settings import Settings

        return Settings(**({"db_path": Path(db)} if db else {}))  # type: ignore[arg-type]
    from bot.seed import shipped_knowledge_dir

    folder = env.get("scamcheck_knowledge_dir")
    return CheckSettings(
        db_path=Path(db or env.get("scamcheck_db_path", "scamcheck.db")),
        knowledge_dir=shipped_knowledge_dir() if folder is None else Path(folder),
        default_region=env.get("scamcheck_default_region", "HK"),
    )


def user_db_path() -> Path:
    """The per-user database: `scamcheck --db` this path to keep one outside any folder."""
    from platformdirs import user_data_path  # only the one-shot check needs it

    return user_data_path(APP_NAME, appauthor=False) / "scamcheck.db"


class _KindInStore(dict[str, ReportRef]):
    """Reported indicators of one kind, fetched from the store key by key and remembered."""

    def __init__(self, store: Any, kind: str) -> None:
        super().__init__()
        self._store = store
        self._kind = kind
        self._missing: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if key in self:
            return self[key]
        if key in self._missing:
            return default
        row = self._store.reported_ref_row(self._kind, key)
        if row is None:
            self._missing.add(key)
            return default
        self[key] = ref = ReportRef(*row)
        return ref


class _ReportedInStore(dict[str, dict[str, ReportRef]]):
    """`KnowledgeIndex.reported` as the engine reads it (`.get(kind, {}).get(key)`), on SQLite."""

    def __init__(self, store: Any) -> None:
        super().__init__()
        self._store = store

    def get(self, kind: str, default: Any = None) -> Any:  # type: ignore[override]
        if kind not in self:
            self[kind] = _KindInStore(self._store, kind)
        return self[kind]

    def setdefault(self, kind: str, default: Any = None) -> Any:  # type: ignore[override]
        return self.get(kind)


def _poisoning_prefix(key: str) -> str:
    """The start of key up to the four characters a wallet shows (what poisoning copies).

    The first occurrence of those four characters is at or before their true place, so the
    prefix is never longer than the one the copies share: a wider range, never a miss."""
    first = poisoning_fingerprint(key).split(":")[1]
    return key[: key.find(first) + len(first)]


@dataclass
class OneShot:
    """Checks messages like `Checker`, over a small index (see the module's docstring)."""

    index: KnowledgeIndex
    default_region: str
    source: str  # what the knowledge came from, for --verbose and error messages
    store: Any = None  # a bot.store.Store when the knowledge comes from a database

    def check(self, message: Message | plain.Message) -> Verdict:
        if self.store is not None:
            self._fetch_lookalike_addresses(message)
        return check(message, self.index, self.default_region)

    def check_plain(self, message: Message | plain.Message) -> plain.Verdict:
        """check(), as bot.plain's verdict (the same JSON and reply, without pydantic)."""
        if self.store is not None:
            self._fetch_lookalike_addresses(message)
        return check_plain(message, self.index, self.default_region)

    def _fetch_lookalike_addresses(self, message: Message | plain.Message) -> None:
        for addr in extract(message, self.default_region).addresses:
            fingerprint = poisoning_fingerprint(addr.value)
            if fingerprint in self.index.poison:
                continue
            for key in self.store.address_keys_starting(
                _poisoning_prefix(addr.value), len(addr.value)
            ):
                if poisoning_fingerprint(key) == fingerprint:
                    self.index.poison.setdefault(fingerprint, key)
                    if key != addr.value:
                        break


def _existing_db(settings: CheckSettings | Settings) -> Path | None:
    for path in (settings.db_path, user_db_path()):
        if str(path) != ":memory:" and path.is_file():
            return path
    return None


def open_oneshot(settings: CheckSettings | Settings) -> OneShot:
    """The knowledge for one-shot checks; raises OSError/KnowledgeError if there is none."""
    from bot import prebuilt

    db = _existing_db(settings)
    if db is None:
        folder = settings.knowledge_dir

        def build_from_files() -> KnowledgeIndex:
            from bot.knowledge import load_dir

            return KnowledgeIndex.build(load_dir(folder))

        idx = prebuilt.cached(
            "index-files", ("files", prebuilt.files_version(folder)), build_from_files
        )
        return OneShot(idx, settings.default_region, f"knowledge files {folder}")
    stat = db.stat()
    identity = ("db", str(db.resolve()), stat.st_dev, stat.st_ino)
    reader = _Reader.open(db)
    if reader is not None:
        # the database's identity and knowledge version: a moderator's change, a restore or
        # another file at the same path rebuilds it
        idx = prebuilt.load_cached("index-db", (*identity, reader.kb_version))
        if isinstance(idx, KnowledgeIndex):
            idx.reported = _ReportedInStore(reader)
            return OneShot(idx, settings.default_region, f"database {db}", reader)
        reader.close()
    # not built yet for this version: the whole store (its modules, sqlite-utils, the schema
    # made current) to read the knowledge from
    from bot.store import Store

    store = Store(db)

    def build() -> KnowledgeIndex:
        kb = store.knowledge(with_reported=False, with_phrases=False)
        return KnowledgeIndex.build(
            kb, reported=[], phrases=store.iter_phrases(), version=store.kb_version,
            fuzzy=store.feed_fuzzylists(),
        )

    idx = prebuilt.cached("index-db", (*identity, store.kb_version), build)
    idx.reported = _ReportedInStore(store)
    return OneShot(idx, settings.default_region, f"database {db}", store)


class _Reader:
    """What a one-shot check reads of a database whose index is in the cache, by plain
    sqlite3: importing the store (sqlite-utils, its table modules, pydantic-settings) cost a
    check against a large base ~0.3 s. The same queries as Store's (bot/lookups.py)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.kb_version = 0

    @classmethod
    def open(cls, path: Path) -> _Reader | None:
        """None when the file is not a database with a knowledge version (Store says why)."""
        import sqlite3

        try:
            conn = sqlite3.connect(str(path))
        except sqlite3.Error:
            return None
        reader = cls(conn)
        try:
            conn.execute("PRAGMA busy_timeout=30000")
            reader.kb_version = int(reader._meta("kb_version", "0"))
        except (sqlite3.Error, ValueError):
            conn.close()
            return None
        return reader

    def _meta(self, key: str, default: str) -> str:
        row = self.conn.execute("select value from meta where key = ?", [key]).fetchone()
        return str(row[0]) if row else default

    def reported_ref_row(self, kind: str, key: str) -> tuple[str, str, str, int, str] | None:
        return lookups.reported_ref_row(self.conn.execute, kind, key)

    def address_keys_starting(self, prefix: str, length: int, limit: int = 100) -> list[str]:
        return lookups.address_keys_starting(self.conn.execute, prefix, length, limit)

    def close(self) -> None:
        self.conn.close()


def lines(path: str) -> Iterator[str]:
    """The lines of a file, or of stdin for '-' (undecodable bytes replaced, not fatal)."""
    if path == "-":
        yield from sys.stdin
        return
    with open(path, encoding="utf-8", errors="replace") as f:
        yield from f
