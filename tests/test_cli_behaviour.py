"""`scamcheck check` as a user runs it from any folder (issue 13): no file left behind, options
anywhere, one-line errors, and the same verdict from a database as from the whole index."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.checker import Checker
from bot.message import Message
from bot.oneshot import open_oneshot
from bot.runtime import load_files
from bot.settings import Settings
from bot.store import Store

ROOT = Path(__file__).parent.parent
KB_DIR = Path(__file__).parent / "data" / "knowledge"
SCAM = "pay the withdrawal tax first to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


def scamcheck(
    cwd: Path, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The command in a folder of its own, with a home of its own (the per-user data dir)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("SCAMCHECK_")}
    environ = {**base, "HOME": str(cwd), "XDG_DATA_HOME": str(cwd / ".data"),
               "PYTHONPATH": str(ROOT), **(env or {})}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd, env=environ, input=stdin, capture_output=True, timeout=60, check=False,
    )  # fmt: skip


def test_check_writes_nothing_in_the_current_folder(tmp_path: Path) -> None:
    p = scamcheck(tmp_path, "check", "--json", "Send 0.5 BTC to unlock your guaranteed profit")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["risk"] in ("medium", "high")
    # no database, anywhere; only the prebuilt indexes in the per-user cache, which is under
    # this folder only because it is the test's HOME
    cache = tmp_path / ".cache" / "scamcheck"
    written = [f for f in tmp_path.rglob("*") if f.is_file()]
    assert all(f.parent == cache and f.suffix == ".pickle" for f in written), written


def test_check_reads_an_existing_database_named_after_the_subcommand(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    store = Store(db)
    load_files(store, KB_DIR, actor="test", reason="fixture")
    store.close()
    before = db.stat().st_size
    p = scamcheck(tmp_path, "check", "--json", SCAM, "--db", str(db))
    assert p.returncode == 0, p.stderr
    verdict = json.loads(p.stdout)
    assert verdict["risk"] == "high"
    assert any(f["type"] == "reported" for f in verdict["findings"])  # from the database
    assert db.stat().st_size == before


def test_a_missing_database_falls_back_to_the_shipped_knowledge_and_says_so(
    tmp_path: Path,
) -> None:
    p = scamcheck(tmp_path, "check", "hello", "--db", str(tmp_path / "typo.db"))
    assert p.returncode == 0
    assert b"typo.db does not exist" in p.stderr and b"knowledge files" in p.stderr
    assert not (tmp_path / "typo.db").exists()


def test_verbose_works_after_nested_subcommands(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    p = scamcheck(tmp_path, "kb", "stats", "--db", str(db), "-v")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["categories"] > 0 and db.exists()


@pytest.mark.parametrize(
    "args",
    [("check", "--jsonl", "missing.jsonl"), ("check", "--jsonl", "."), ("kb", "validate", "nope")],
)
def test_missing_files_are_one_line_not_a_traceback(tmp_path: Path, args: tuple[str, ...]) -> None:
    p = scamcheck(tmp_path, *args)
    assert p.returncode != 0
    assert b"Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) <= 2 and p.stderr.strip()


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    lines = b"".join(b'{"text": "hello %d"}\n' % i for i in range(3000))
    base = {k: v for k, v in os.environ.items() if not k.startswith("SCAMCHECK_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "check", "--jsonl", "-"],
        cwd=tmp_path, env={**base, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdin and proc.stdout and proc.stderr
    proc.stdin.write(lines)
    proc.stdin.close()
    proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read()
    assert proc.wait(60) == 141
    assert b"Traceback" not in err and b"BrokenPipe" not in err


def _default_sigint() -> None:
    # A shell without job control starts background jobs with SIGINT ignored, and the child
    # would inherit that (Python then installs no KeyboardInterrupt handler): a terminal's
    # Ctrl-C is what this test is about, so the child starts with the default disposition.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_ends_quietly(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SCAMCHECK_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "check", "--jsonl", "-"],
        cwd=tmp_path, env={**base, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        preexec_fn=_default_sigint,
    )  # fmt: skip
    assert proc.stdin and proc.stdout
    proc.stdin.write(b'{"text": "hello"}\n')
    proc.stdin.flush()
    proc.stdout.readline()  # started and answering: now waiting for more input
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err


MESSAGES = [
    SCAM,
    "Send USDT to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u please",  # one character off
    "verify your wallet at https://metamask-io.web.app/connect now",
    "call +852 2860 2000 or visit binance.com",
    "保證獲利，老師帶單，加 @profit_teacher",
    "see you at lunch",
]


@pytest.mark.parametrize("text", MESSAGES)
def test_the_database_lookups_give_the_verdict_of_the_whole_index(
    tmp_path: Path, text: str
) -> None:
    store = Store(tmp_path / "kb.db")
    load_files(store, KB_DIR, actor="test", reason="fixture")
    whole = Checker(store, "HK").check(Message(text=text))
    settings = Settings(db_path=tmp_path / "kb.db", knowledge_dir=tmp_path / "none")
    oneshot = open_oneshot(settings)
    assert oneshot.source.startswith("database")
    assert oneshot.check(Message(text=text)) == whole


def test_poisoned_copies_of_a_reported_address_are_found_by_prefix(
    tmp_path: Path, file_store: Store, known_address: str
) -> None:
    copy = known_address[:6] + "0" * 32 + known_address[-4:]
    settings = Settings(db_path=tmp_path / "kb.db", knowledge_dir=tmp_path / "none")
    verdict = open_oneshot(settings).check(Message(text=f"send it to {copy}"))
    poisoning = [f for f in verdict.findings if f.type == "address_poisoning"]
    assert poisoning and poisoning[0].params["known"] == known_address


def test_an_argument_that_is_not_utf8_is_checked_like_the_same_bytes_on_stdin(
    tmp_path: Path,
) -> None:
    """A shell passes the bytes it was given; undecodable ones are replaced, as on stdin."""
    raw = b"pay the\xff withdrawal tax first to unlock your \xfeprofit"
    by_argument = scamcheck(tmp_path, "check", "--json", os.fsdecode(raw))
    by_stdin = scamcheck(tmp_path, "check", "--json", "-", stdin=raw)
    assert by_argument.returncode == 0 and b"Traceback" not in by_argument.stderr
    verdict = json.loads(by_argument.stdout)
    assert verdict["risk"] == "high" and "\ufffd" in verdict["findings"][0]["detail"]
    assert by_argument.stdout == by_stdin.stdout


def test_a_jsonl_line_nested_too_deeply_is_an_error_line_not_a_traceback(tmp_path: Path) -> None:
    lines = b'{"text": "hello"}\n' + b"[" * 100_000 + b"]" * 100_000 + b'\n{"text": "hi"}\n'
    p = scamcheck(tmp_path, "check", "--jsonl", "-", stdin=lines)
    assert b"Traceback" not in p.stderr and p.returncode == 1
    out = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(out) == 3 and out[1]["line"] == 2 and "nested too deeply" in out[1]["error"]
    assert out[0]["risk"] == out[2]["risk"] == "low"


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (("serve", "--port", "99999"), {}, "port"),
        (("serve", "--port", "0"), {}, "port"),
        (("serve", "--workers", "0"), {}, "web_workers"),
        (("serve", "--workers", "65"), {}, "web_workers"),
        (("serve",), {"SCAMCHECK_WEB_WORKERS": "0"}, "web_workers"),
        (("serve",), {"SCAMCHECK_PORT": "70000"}, "port"),
    ],
)
def test_serve_with_a_bad_setting_says_which_and_exits_2(
    tmp_path: Path, args: tuple[str, ...], env: dict[str, str], says: str
) -> None:
    """docs/http.md: `serve` exits with status 2 if it cannot start (bad configuration)."""
    p = scamcheck(tmp_path, "--db", str(tmp_path / "s.db"), *args, env=env)
    assert p.returncode == 2 and b"Traceback" not in p.stderr, p.stderr[-300:]
    assert says.encode() in p.stderr and len(p.stderr.strip().splitlines()) <= 2


@pytest.mark.parametrize(
    ("command", "db"),
    [(("serve", "--port", "1"), "notes.txt"), (("serve", "--port", "1"), "."),
     (("check", "--json", "hi"), "notes.txt")],
)  # fmt: skip
def test_a_database_path_that_is_no_database_is_one_line_and_status_2(
    tmp_path: Path, command: tuple[str, ...], db: str
) -> None:
    (tmp_path / "notes.txt").write_text("this is no SQLite file\n" * 100)
    p = scamcheck(tmp_path, "--db", str(tmp_path / db), *command)
    assert p.returncode == 2 and b"Traceback" not in p.stderr, p.stderr[-300:]
    assert b"database" in p.stderr and len(p.stderr.strip().splitlines()) <= 2
