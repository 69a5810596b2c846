"""scamcheck admin, run as an operator would: a real process on its own SQLite file."""

from __future__ import annotations

import getpass
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.store import Store

KB_DIR = Path(__file__).parent / "data" / "knowledge"
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "admin.db"


@pytest.fixture
def run(db: Path) -> Run:
    env = {**os.environ, "SCAMCHECK_DB_PATH": str(db), "SCAMCHECK_KNOWLEDGE_DIR": str(KB_DIR)}

    def _run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", "admin", *args],
            capture_output=True,
            env=env,
            text=True,
            timeout=60,
            check=False,
        )

    return _run


def test_a_token_is_printed_once_and_works_until_revoked(run: Run, db: Path) -> None:
    assert run("org", "HKPF", "review", "--new").returncode == 0
    made = run("token", "create", "HKPF", "--scopes", "reported:write", "--label", "case system")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert token.startswith("scp_1_") and "shown once" in made.stderr
    listed = [json.loads(line) for line in run("token", "list").stdout.splitlines()]
    assert [(t["organisation"], t["scopes"], t["revoked_at"]) for t in listed] == [
        ("HKPF", ["reported:write"], None)
    ]
    assert token not in run("token", "list").stdout
    assert run("token", "revoke", "1", "--reason", "officer left").returncode == 0
    store = Store(db)
    assert store.verify_token(token) is None
    assert store.history("api_tokens", "1")[-1]["reason"] == "officer left"
    assert store.history("api_tokens", "1")[0]["actor"].startswith("cli:")


def test_grant_org_and_revoke(run: Run, db: Path) -> None:
    assert run("org", "HKPF", "review", "--new", "--region", "HK").returncode == 0
    granted = run("grant", "4242", "police", "--org", "HKPF", "--region", "hk")
    assert granted.returncode == 0, granted.stderr
    assert json.loads(granted.stdout)["organisation"] == "HKPF"
    assert json.loads(run("org", "HKPF", "live").stdout)["publish_mode"] == "live"
    assert run("revoke", "4242").returncode == 0
    assert Store(db).role_of(4242) is None


def test_a_police_grant_names_a_known_organisation_in_its_region(run: Run, db: Path) -> None:
    # Failed on main: the grant added HKPF itself, and --new took no --region
    refused = run("grant", "4242", "police", "--org", "HKPF", "--region", "HK")
    assert refused.returncode == 1 and "unknown organisation 'HKPF'" in refused.stderr
    assert "admin org HKPF review --new --region HK" in refused.stderr
    assert run("org", "HKPF", "review", "--new", "--region", "hk").returncode == 0
    foreign = run("grant", "4242", "police", "--org", "HKPF", "--region", "GB")
    assert foreign.returncode == 1 and "HKPF works in HK" in foreign.stderr
    granted = run("grant", "4242", "police", "--org", "HKPF")  # the region: the force's
    assert granted.returncode == 0, granted.stderr
    grant = json.loads(granted.stdout)
    assert (grant["organisation"], grant["region"]) == ("HKPF", "HK")
    assert [o.id for o in Store(db).organisations()] == ["HKPF"]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("revoke", "7"), "user 7 has no role"),
        (("token", "revoke", "99"), "no live token #99"),
        (("grant", "7", "police"), "needs an organisation"),
        (("token", "create", "HKPF", "--scopes", "everything"), "unknown scope"),
    ],
)
def test_what_cannot_be_done_says_why(run: Run, args: tuple[str, ...], error: str) -> None:
    result = run(*args)
    assert result.returncode == 1 and error in result.stderr


@pytest.mark.parametrize(
    ("args", "error"),
    [
        # an id past SQLite's integers was an OverflowError traceback
        (("grant", "99999999999999999999999", "moderator"), "a number from 1 to"),
        (("grant", "99999999999999999999999", "police", "--org", "HKPF"), "a number from 1"),
        (("revoke", "99999999999999999999999"), "a number from 1 to"),
        (("token", "revoke", "99999999999999999999999"), "a number from 1 to"),
        (("grant", "-5", "moderator"), "a number from 1 to"),  # no Telegram user; was granted
        (("grant", "0", "moderator"), "a number from 1 to"),
        (("token", "revoke", "x1"), "not a whole number"),
    ],
)
def test_an_id_that_no_user_or_token_can_have_is_refused_by_the_parser(
    run: Run, db: Path, args: tuple[str, ...], error: str
) -> None:
    result = run(*args)
    assert result.returncode == 2 and error in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_token_valid_for_no_time_is_refused(run: Run, db: Path) -> None:
    """--expires 0d made a token that had expired when it was printed."""
    result = run("token", "create", "HKPF", "--expires", "0d")
    assert result.returncode == 1 and "at least 1" in result.stderr, result.stderr
    assert run("token", "list").stdout == ""


DOC = (Path(__file__).parent.parent / "docs" / "moderation.md").read_text()


@pytest.mark.parametrize(
    "command", ["token create", "token list", "token revoke", "grant", "revoke", "org"]
)
def test_every_admin_command_is_documented(command: str) -> None:
    assert f"scamcheck admin {command}" in DOC


def test_every_moderation_command_in_the_bot_is_documented(store: Store) -> None:
    from telegram.ext import CommandHandler

    from bot.settings import Settings
    from bot.telegram.moderation import moderation_handlers

    handlers = moderation_handlers(store, Settings(admins=[]))
    names = {c for h in handlers if isinstance(h, CommandHandler) for c in h.commands}
    assert {"queue", "grant", "phrase", "reported", "revert", "stats", "token"} <= names
    assert [n for n in sorted(names) if f"/{n}" not in DOC] == []


def test_kb_load_and_restore_record_the_operator_by_login(tmp_path: Path) -> None:
    # Failed before: both recorded the plain word "cli", while admin commands (and the docs'
    # audit section) name the operator as cli:<login>, so the log could not say who loaded.
    db = tmp_path / "ops.db"

    def kb(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", "--db", str(db), "kb", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    loaded = kb("load", str(KB_DIR))
    assert loaded.returncode == 0, loaded.stderr
    backed = kb("backup", str(tmp_path / "copy.db"))
    assert backed.returncode == 0, backed.stderr
    restored = kb("restore", str(tmp_path / "copy.db"), "--reason", "drill")
    assert restored.returncode == 0, restored.stderr
    store = Store(db)
    actors = {r[0] for r in store.db.execute("select distinct actor from audit")}
    store.close()
    # a fresh database is first seeded by the system itself, then the operator's two changes
    assert actors - {"system:first-run"} == {f"cli:{getpass.getuser()}"}, actors
