"""Backup and restore through SQLite's online backup API: a consistent copy while the server
keeps reading and writing (a transaction is in the copy whole or not at all)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.store import Store

PAGES_PER_STEP = 1024  # copied between lock releases, so writers are never held up for long


class BackupError(ValueError):
    """A backup that cannot be made or restored; the message says why."""


def backup(store: Store, target: Path) -> int:
    """Copies the whole database to target (replaced if it exists); the knowledge version."""
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target}: is a directory; name the backup file")
    if store.path is not None and target.exists() and target.samefile(store.path):
        raise BackupError(f"{target}: is the database itself; name another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        dest = sqlite3.connect(tmp)
        try:
            store.db.conn.backup(dest, pages=PAGES_PER_STEP)
            version = dest.execute("select value from meta where key = 'kb_version'").fetchone()
        finally:
            dest.close()
        tmp.replace(target)  # a half-written backup never carries the final name
    finally:
        tmp.unlink(missing_ok=True)  # (gone already when the backup was made)
    return int(version[0]) if version else 0


# What a scamcheck database holds whatever its age: checked before anything is overwritten.
REQUIRED_TABLES = {"meta", "audit"}


def restore(store: Store, source: Path, actor: str, reason: str) -> int:
    """Replaces the store's content with a backup's; returns the new knowledge version.

    The version moves past both the current and the backup's one, so every running index
    (servers, bots) rebuilds from the restored content; the restore is audited. A file that is
    not a scamcheck backup changes nothing: it is examined whole before the copy starts.
    """
    source = Path(source)
    if not source.exists():
        raise BackupError(f"{source}: no such file")
    if not source.is_file():
        raise BackupError(f"{source}: not a file")
    if store.path is not None and source.samefile(store.path):
        raise BackupError(f"{source}: is the database itself")
    current = store.kb_version
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if src.execute("pragma quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{source}: the file is damaged")
            tables = {r[0] for r in src.execute("select name from sqlite_master"
                                                " where type = 'table'")}  # fmt: skip
            if missing := ", ".join(sorted(REQUIRED_TABLES - tables)):
                raise BackupError(f"{source}: not a scamcheck backup (no table {missing})")
            row = src.execute("select value from meta where key = 'kb_version'").fetchone()
            if row is None or not str(row[0]).isdigit():
                raise BackupError(f"{source}: not a scamcheck backup (no knowledge version)")
            src.backup(store.db.conn, pages=PAGES_PER_STEP)
        finally:
            src.close()
    except sqlite3.DatabaseError as e:
        raise BackupError(f"{source}: not a scamcheck backup ({e})") from None
    version = max(current, int(row[0])) + 1
    with store.transaction():
        store.set_meta("kb_version", str(version))
        store.audit(actor, "restore", "database", str(source), reason=reason,
                    after={"backup_version": int(row[0]), "version": version})  # fmt: skip
    return version
