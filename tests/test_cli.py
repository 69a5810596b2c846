"""The scamcheck command, run as a user would: a real process with its own SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

KB_DIR = Path(__file__).parent / "data" / "knowledge"


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "SCAMCHECK_DB_PATH": str(tmp_path / "t.db"),
        "SCAMCHECK_KNOWLEDGE_DIR": str(KB_DIR),
    }

    def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            input=stdin,
            capture_output=True,
            env=env,
            timeout=60,
            check=False,
        )

    return _run


def test_check_json_prints_the_verdict_contract(run) -> None:  # type: ignore[no-untyped-def]
    p = run(
        "check", "--json", "pay the withdrawal tax first to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    )
    assert p.returncode == 0, p.stderr
    v = json.loads(p.stdout)
    assert v["risk"] == "high" and v["version"] == "1"
    assert v["categories"][0]["id"] == "investment"
    f = v["findings"][0]
    assert {"type", "indicator", "category", "detail", "source"} <= f.keys()
    assert f["indicator"]["kind"] == "address" and f["indicator"]["chain"] == "trx"
    assert any(i["kind"] == "address" for i in v["indicators"])
    assert "18222" in v["reply"]


def test_check_prints_the_reply_in_the_chosen_language_and_region(run) -> None:  # type: ignore[no-untyped-def]
    p = run("check", "--lang", "zh-HK", "--region", "HK", "保證獲利，老師帶單")
    out = p.stdout.decode()
    assert p.returncode == 0
    assert "投資騙案" in out and "18222" in out and "防騙易熱線" in out
    p2 = run("check", "--region", "GB", "hello there")
    assert "No known scam record" in p2.stdout.decode() and "Action Fraud" in p2.stdout.decode()


def test_jsonl_gives_one_verdict_per_line_in_order(run) -> None:  # type: ignore[no-untyped-def]
    lines = [
        {"text": "hello"},
        {"text": "see https://binancce.com"},
        "not an object",
        {"text": "x", "unknown_field": 1},
        {
            "text": "Verify at binance.com",
            "entities": [
                {"type": "text_link", "offset": 10, "length": 11, "url": "https://evil.top/"}
            ],
        },
    ]
    data = "\n".join(json.dumps(x) if not isinstance(x, str) else x for x in lines).encode()
    p = run("check", "--jsonl", "-", stdin=data)
    out = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert len(out) == 5
    assert [o.get("risk") for o in out] == ["low", "high", None, None, "high"]
    assert out[2]["error"].startswith("line 3") and out[3]["error"].startswith("line 4")
    assert p.returncode == 1  # some lines were bad


def test_stdin_with_invalid_utf8_and_binary_is_checked_not_crashed(run) -> None:  # type: ignore[no-untyped-def]
    p = run("check", "--json", "-", stdin=b"\xff\xfe\x00\x01binancce.com\x00\x1b[31m")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["risk"] == "high"


def test_kb_commands(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert b"valid" in run("kb", "validate", str(KB_DIR)).stdout
    stats = json.loads(run("kb", "stats").stdout)
    assert stats["categories"] == 6 and stats["reported"]["address"] == 1
    loaded = json.loads(run("kb", "load", str(KB_DIR), "--actor", "ci").stdout)
    assert loaded["added"] == 0 and loaded["unchanged"] > 0
    out = tmp_path / "export"
    assert run("kb", "export", str(out)).returncode == 0
    assert (out / "brands.yaml").exists() and (out / "reported" / "reported.yaml").exists()
    bad = tmp_path / "bad"
    (bad / "categories").mkdir(parents=True)
    (bad / "categories" / "x.yaml").write_text("id: [\n")
    p = run("kb", "load", str(bad))
    assert p.returncode == 1 and b"x.yaml:" in p.stderr and b"nothing loaded" in p.stderr


def test_kb_load_of_a_directory_without_knowledge_files_says_so(  # type: ignore[no-untyped-def]
    run, tmp_path: Path
) -> None:
    """A wrong directory (a typo'd subdirectory, the repository root) "loaded" 0 and exited 0."""
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "categories.yaml").write_text("id: x\n")  # not where they live
    for command in ("load", "validate"):
        p = run("kb", command, str(tmp_path / "notes"))
        assert p.returncode == 1 and b"holds no knowledge files" in p.stderr, p.stderr
    assert json.loads(run("kb", "stats").stdout)["categories"] == 6  # nothing changed


def test_check_without_text_is_a_clear_error(run) -> None:  # type: ignore[no-untyped-def]
    p = run("check")
    assert p.returncode == 2 and b"give the message text" in p.stderr


@pytest.mark.parametrize("lang", ["en", "zh-HK"])
def test_check_in_an_unlisted_region_still_says_whom_to_call(run, lang: str) -> None:  # type: ignore[no-untyped-def]
    from bot.render import t

    p = run("check", "--lang", lang, "--region", "fr", "hello there")
    out = p.stdout.decode()
    assert p.returncode == 0
    assert t(lang, "contacts.fallback") in out and t(lang, "contacts.local_police") in out
    reply = json.loads(run("check", "--json", "--region", "BR", "hi").stdout)["reply"]
    assert t("en", "contacts.exchange") in reply
