"""`scamcheck kb backup` under load, and `kb restore` back to the same knowledge (real CLI)."""

from __future__ import annotations

import filecmp
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from web_server import KB_DIR

from bot.moderation import BulkRow
from bot.runtime import load_files
from bot.store import Store

ROOT = Path(__file__).parent.parent
BATCH = 200


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCAMCHECK_KNOWLEDGE_DIR": str(KB_DIR)}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def _rows(n: int) -> list[BulkRow]:
    return [
        BulkRow(
            line=i,
            kind="domain",
            value=f"load{n}-{i}.top",
            key=f"load{n}-{i}.top",
            category="phishing",
            reference=f"R{n}",
        )
        for i in range(BATCH)
    ]


def _uploads(db: Path, stop: threading.Event, done: list[int]) -> None:
    """Police uploads of BATCH rows, one transaction each, until stopped."""
    store = Store(db)
    try:
        while not stop.is_set():
            store.submit_rows(_rows(len(done)), "api:HKPF:1", source="police", live=True)
            done.append(1)
    finally:
        store.close()


def _loaded(db: Path) -> tuple[int, int]:
    store = Store(db)
    try:
        n = store.db.execute("select count(*) from reported where key like 'load%'").fetchone()
        return int(n[0]), store.kb_version
    finally:
        store.close()


def test_a_backup_under_load_restores_to_the_same_knowledge(tmp_path: Path) -> None:
    db, copy, restored = tmp_path / "live.db", tmp_path / "copy.db", tmp_path / "restored.db"
    store = Store(db)
    load_files(store, KB_DIR, actor="test", reason="fixture")
    base = store.kb_version
    store.close()
    stop = threading.Event()
    done: list[int] = []
    writer = threading.Thread(target=_uploads, args=(db, stop, done))
    writer.start()
    try:
        while len(done) < 3:
            stop.wait(0.05)
        backed = cli("--db", str(db), "kb", "backup", str(copy))
    finally:
        stop.set()
        writer.join()
    assert backed.returncode == 0, backed.stderr
    rows, version = _loaded(copy)
    # every upload is in the copy whole or not at all: BATCH rows per version step
    assert rows == BATCH * (version - base) and rows >= 3 * BATCH
    assert _loaded(db)[0] >= rows  # the live database went on meanwhile

    back = cli("--db", str(restored), "kb", "restore", str(copy), "--reason", "drill")
    assert back.returncode == 0, back.stderr
    assert _loaded(restored)[0] == rows
    assert _loaded(restored)[1] > version  # running indexes see a new version and rebuild
    assert cli("--db", str(copy), "kb", "export", str(tmp_path / "a")).returncode == 0
    assert cli("--db", str(restored), "kb", "export", str(tmp_path / "b")).returncode == 0
    same = filecmp.dircmp(tmp_path / "a", tmp_path / "b")
    assert not same.diff_files and not same.left_only and not same.right_only
    store = Store(restored)
    try:
        assert store.audit_log(1)[0]["action"] == "restore"
    finally:
        store.close()


def test_restoring_a_file_that_is_no_backup_changes_nothing(tmp_path: Path) -> None:
    db, junk = tmp_path / "live.db", tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert cli("--db", str(db), "kb", "stats").returncode == 0
    version = _loaded(db)[1]
    done = cli("--db", str(db), "kb", "restore", str(junk))
    assert done.returncode == 1
    assert "not a scamcheck backup" in done.stderr and "nothing changed" in done.stderr
    assert "Traceback" not in done.stderr
    assert _loaded(db)[1] == version


def _foreign(path: Path, kb_version: str | None) -> Path:
    """An SQLite file of another program: a `meta` table, maybe a kb_version, none of ours."""
    db = sqlite3.connect(path)
    db.execute("create table meta (key text primary key, value text)")
    db.execute("create table notes (body text)")
    if kb_version is not None:
        db.execute("insert into meta values ('kb_version', ?)", [kb_version])
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize("kb_version", [None, "7", "seven"])
def test_restoring_another_programs_database_changes_nothing(
    tmp_path: Path, kb_version: str | None
) -> None:
    """It was examined only after the copy: a `meta` table without our version replaced the
    live database with the foreign one, and the command still said 'nothing changed'."""
    db = tmp_path / "live.db"
    assert cli("--db", str(db), "kb", "stats").returncode == 0
    before = _loaded(db)
    done = cli("--db", str(db), "kb", "restore", str(_foreign(tmp_path / "other.db", kb_version)))
    assert done.returncode == 1 and "not a scamcheck backup" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert _loaded(db) == before
    assert cli("--db", str(db), "kb", "stats").returncode == 0


def test_backup_and_restore_refuse_a_directory_or_the_database_itself(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    assert cli("--db", str(db), "kb", "stats").returncode == 0
    before = _loaded(db)
    for command, target, says in [
        ("backup", tmp_path, "is a directory"),  # was a stray .partial file beside it
        ("backup", db, "is the database itself"),
        ("restore", tmp_path, "not a file"),  # was "no such file"
        ("restore", db, "is the database itself"),
    ]:
        done = cli("--db", str(db), "kb", command, str(target))
        assert done.returncode == 1 and says in done.stderr, (command, target, done.stderr)
        assert "Traceback" not in done.stderr
    assert not (tmp_path.parent / f"{tmp_path.name}.partial").exists()
    assert not list(tmp_path.glob("*.partial"))
    assert _loaded(db) == before


def test_a_database_path_that_cannot_be_opened_is_not_called_busy(tmp_path: Path) -> None:
    """`kb stats` with --db naming a directory said "the database is busy ... try again"."""
    done = cli("--db", str(tmp_path), "kb", "stats")
    assert done.returncode == 2 and "cannot be used" in done.stderr, done.stderr
    assert "busy" not in done.stderr and "Traceback" not in done.stderr


def test_a_restore_keeps_revocations_made_after_the_backup(tmp_path: Path) -> None:
    # Failed on main: restoring a backup made before a token or a role was revoked brought
    # them back ("token revocations are final"; a moderator removed for vandalism, whose
    # changes the restore rolls back, was a moderator again). Roles follow their latest
    # change, in the backup or since; the knowledge is the backup's.
    db, copy = tmp_path / "live.db", tmp_path / "copy.db"
    store = Store(db)
    load_files(store, KB_DIR, actor="test", reason="fixture")
    store.grant_role(2, "moderator", "cli:ops", "new moderator")
    store.grant_role(3, "moderator", "cli:ops", "new moderator")
    store.ensure_organisation("HKPF", "cli:ops")
    token = store.create_token("HKPF", [], "cli:ops", "case system").token
    report = store.submit_report("telegram:9", "domain", "quick-profit-desk.com", "phishing")
    store.close()
    assert cli("--db", str(db), "kb", "backup", str(copy)).returncode == 0
    store = Store(db)
    store.revoke_token(store.verify_token(token).id, "cli:ops", "laptop stolen")  # type: ignore[union-attr]
    store.revoke_role(2, "cli:ops", "vandalism")
    store.grant_role(3, "admin", "cli:ops", "promoted")
    store.grant_role(4, "moderator", "cli:ops", "joined after the backup")
    store.reject_report(report, "telegram:2", "vandalism")
    store.close()

    back = cli("--db", str(db), "kb", "restore", str(copy), "--reason", "undo vandalism")
    assert back.returncode == 0, back.stderr
    store = Store(db)
    try:
        assert store.queue_item(report) is not None  # the knowledge is the backup's
        assert store.verify_token(token) is None
        assert store.role_of(2) is None
        assert [store.role_of(u).role for u in (3, 4)] == ["admin", "moderator"]  # type: ignore[union-attr]
        kept = [(r["entity"], r["action"]) for r in store.audit_log(5)]
        assert ("database", "restore") in kept and ("api_tokens", "revoke") in kept
    finally:
        store.close()


def test_a_restore_keeps_the_audit_records_written_after_the_backup(tmp_path: Path) -> None:
    # Failed on main: the restore replaced the audit log with the backup's, so who did what
    # between the backup and the restore (the very changes it rolls back) was gone.
    db, copy = tmp_path / "live.db", tmp_path / "copy.db"
    store = Store(db)
    load_files(store, KB_DIR, actor="test", reason="fixture")
    store.close()
    assert cli("--db", str(db), "kb", "backup", str(copy)).returncode == 0
    store = Store(db)
    report = store.submit_report("telegram:9", "domain", "quick-profit-desk.com", "phishing")
    store.reject_report(report, "telegram:2", "looks fine to me")
    later = list(store.db.query("select * from audit order by id"))
    store.close()
    before = sqlite3.connect(copy).execute("select max(id) from audit").fetchone()[0]
    wanted = [r for r in later if r["id"] > before]
    assert [r["action"] for r in wanted] == ["submit", "reject"]

    back = cli("--db", str(db), "kb", "restore", str(copy), "--reason", "undo the rejection")

    assert back.returncode == 0, back.stderr
    store = Store(db)
    try:
        rows = list(store.db.query("select * from audit order by id"))
        assert [r for r in rows if r["id"] > before][: len(wanted)] == wanted  # same ids, whole
        restore = rows[-1]
        assert (restore["action"], restore["entity"]) == ("restore", "database")
        assert f"#{wanted[0]['id']}-#{wanted[-1]['id']}" in restore["after"]
        assert store.queue_item(report) is None  # the knowledge is the backup's
    finally:
        store.close()
