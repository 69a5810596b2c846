"""Backup and restore through SQLite's online backup API: a consistent copy while the server
keeps reading and writing (a transaction is in the copy whole or not at all)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

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
    revoked, roles = _revoked_tokens(store), _role_changes(store)
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
            later = _audit_after(store, src.execute("select max(id) from audit").fetchone()[0])
            src.backup(store.db.conn, pages=PAGES_PER_STEP)
        finally:
            src.close()
    except sqlite3.DatabaseError as e:
        raise BackupError(f"{source}: not a scamcheck backup ({e})") from None
    version = max(current, int(row[0])) + 1
    with store.transaction():
        kept = _keep_audit(store, later)
        _keep_revoked_tokens(store, revoked, actor)
        _keep_role_changes(store, roles, actor)
        store.set_meta("kb_version", str(version))
        store.audit(actor, "restore", "database", str(source), reason=reason,
                    after={"backup_version": int(row[0]), "version": version,
                           **({"kept_audit": kept} if kept else {})})  # fmt: skip
    return version


# Every change to the knowledge base records who, when and why; a restore rolls the changes
# back, not their record: the audit log's records made after the backup (the changes being
# undone, often the reason for the restore) are copied back with their ids, which the backup
# cannot hold, so "/revert N" and replies that cite #N keep meaning the same record.
def _audit_after(store: Store, last: int | None) -> list[dict[str, Any]]:
    return list(store.db.query("select * from audit where id > ? order by id", [last or 0]))


def _keep_audit(store: Store, records: list[dict[str, Any]]) -> str:
    """Writes the records back; "#first-#last", or "" when there were none."""
    if not records:
        return ""
    store.db.table("audit").insert_all(records, pk="id", replace=True)
    return f"#{records[0]['id']}-#{records[-1]['id']}"


# Who may do what is not rolled back with the knowledge: a backup from before a token was
# revoked ("laptop stolen") or a moderator was removed for vandalism would bring them back, the
# moderator with the very changes the restore undoes. Revocations are final; a role keeps its
# latest change, whether the backup or the database being replaced holds it.
_KEPT = "changed before the restore, later than the backup: kept"


def _revoked_tokens(store: Store) -> dict[int, dict[str, Any]]:
    rows = store.db.execute(
        "select id, hash, revoked_by, revoked_at from api_tokens where revoked_at is not null"
    ).fetchall()
    return {r[0]: {"hash": r[1], "revoked_by": r[2], "revoked_at": r[3]} for r in rows}


def _keep_revoked_tokens(store: Store, revoked: dict[int, dict[str, Any]], actor: str) -> None:
    for token_id, was in revoked.items():
        row = store.db.execute(
            "select organisation, hash, revoked_at from api_tokens where id = ?", [token_id]
        ).fetchone()
        if row is None or row[1] != was["hash"] or row[2]:  # not the same token, or revoked
            continue
        store.db.table("api_tokens").update(
            token_id, {"revoked_by": was["revoked_by"], "revoked_at": was["revoked_at"]}
        )
        store.audit(actor, "revoke", "api_tokens", str(token_id), reason=_KEPT,
                    before={"organisation": row[0], "revoked": False},
                    after={"organisation": row[0], "revoked": True})  # fmt: skip


def _role_changes(store: Store) -> dict[int, tuple[str, dict[str, Any] | None]]:
    """Each user whose role the audit log shows changing: (when last, the role now)."""
    latest = store.db.execute(
        "select entity_key, max(at) from audit where entity = 'roles' group by entity_key"
    ).fetchall()
    out: dict[int, tuple[str, dict[str, Any] | None]] = {}
    for key, at in latest:
        if str(key).isdigit():
            row = list(store.db.table("roles").rows_where("user_id = ?", [int(key)]))
            out[int(key)] = (at, dict(row[0]) if row else None)
    return out


def _keep_role_changes(
    store: Store, changes: dict[int, tuple[str, dict[str, Any] | None]], actor: str
) -> None:
    for user_id, (at, now_row) in changes.items():
        rows = list(store.db.table("roles").rows_where("user_id = ?", [user_id]))
        restored = dict(rows[0]) if rows else None
        if restored == now_row or (restored and restored["granted_at"] > at):
            continue  # the same, or the backup's grant is the later one
        if now_row is None:
            store.db.execute("delete from roles where user_id = ?", [user_id])
        else:
            store.db.table("roles").upsert(now_row, pk="user_id")
        store.audit(actor, "grant" if now_row else "revoke", "roles", str(user_id),
                    before=restored, after=now_row, reason=_KEPT)  # fmt: skip
