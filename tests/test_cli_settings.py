"""What a one-shot check starts with. Its settings (bot/oneshot.py `check_settings`), read
without pydantic-settings: they must be what Settings reads from the same environment, and a
case they do not read the way Settings does (a .env file, another SCAMCHECK_ variable) is
Settings. Its parser, with the check command alone: it must read a check line as the whole
parser does."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot import cli
from bot.oneshot import SETTINGS_FIELDS, CheckSettings, check_settings
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("db_path", "knowledge_dir", "default_region")


@pytest.fixture(autouse=True)
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.lower().startswith("scamcheck_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env of the developer's


def _fields(s: object) -> tuple[object, ...]:
    return tuple(getattr(s, f) for f in FIELDS)


ENVS = [
    {},
    {"SCAMCHECK_DB_PATH": "/srv/kb.db"},
    {"scamcheck_db_path": "rel/kb.db", "Scamcheck_Default_Region": "TW"},
    {"SCAMCHECK_KNOWLEDGE_DIR": "/opt/kb", "SCAMCHECK_DEFAULT_REGION": ""},
    {"SCAMCHECK_DB_PATH": ":memory:", "SCAMCHECK_DEFAULT_REGION": " sg "},
    {"TELEGRAM_BOT_TOKEN": "123:abc"},
]


@pytest.mark.parametrize("env", ENVS)
@pytest.mark.parametrize("db", [None, "given.db"])
def test_the_plain_environment_reads_as_settings_do(
    env: dict[str, str], db: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    light = check_settings(db)
    assert isinstance(light, CheckSettings)
    full = Settings(**({"db_path": Path(db)} if db else {}))  # type: ignore[arg-type]
    assert _fields(light) == _fields(full)


def test_a_dotenv_file_is_read_by_settings(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text('SCAMCHECK_DEFAULT_REGION="TW"  # where we are\n')
    got = check_settings()
    assert isinstance(got, Settings)
    assert got.default_region == "TW"


def test_another_scamcheck_variable_is_validated_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCAMCHECK_DEFAULT_REGION", "TW")
    monkeypatch.setenv("SCAMCHECK_PORT", "8081")
    got = check_settings()
    assert isinstance(got, Settings) and got.default_region == "TW"
    monkeypatch.setenv("SCAMCHECK_PORT", "not a port")
    with pytest.raises(ValidationError):
        check_settings()


def test_the_one_shot_knows_every_setting() -> None:
    assert set(Settings.model_fields) == SETTINGS_FIELDS


def test_a_scamcheck_variable_that_names_no_setting_is_ignored_as_settings_ignores_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # CI exports SCAMCHECK_FULL_RETRAIN for the tests: no setting, so no reason for Settings
    monkeypatch.setenv("SCAMCHECK_FULL_RETRAIN", "1")
    monkeypatch.setenv("SCAMCHECK_DEFAULT_REGION", "TW")
    got = check_settings()
    assert isinstance(got, CheckSettings) and got.default_region == "TW"
    assert _fields(got) == _fields(Settings())


def test_a_plain_check_does_not_import_pydantic_settings_or_yaml(tmp_path: Path) -> None:
    code = (
        "import sys; from bot import cli\n"
        "assert cli.main(['check', '--json', 'Send 0.5 BTC to unlock your profit']) == 0\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    env = {k: v for k, v in os.environ.items() if not k.lower().startswith("scamcheck_")}
    env.update(PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(tmp_path / "cache"))
    for _ in range(2):  # the second run reads the parsed files from the per-user cache
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True,
            check=True,
        )  # fmt: skip
    mods = set(out.stdout.splitlines()[-1].split())
    assert "bot.engine" in mods  # it did check
    assert not {"pydantic_settings", "yaml", "asyncio"} & mods


def _check_help(p: argparse.ArgumentParser) -> str:
    subs = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return subs.choices["check"].format_help()


LINES = [
    ["check", "hello"],
    ["check", "--json", "--region", "TW", "--lang", "zh-HK", "-"],
    ["--db", "x.db", "check", "-v", "hi"],
    ["-v", "--db=y.db", "check", "--db", "z.db", "--jsonl", "-"],
    ["check", "--hosts", "hosts.txt", "--json"],
]


@pytest.mark.parametrize("line", LINES)
def test_the_check_only_parser_reads_a_check_line_as_the_whole_parser(line: list[str]) -> None:
    assert cli._command(line) == "check"
    whole, alone = cli.parser().parse_args(line), cli.parser(check_only=True).parse_args(line)
    assert vars(whole) == vars(alone)


def test_the_check_only_parser_has_the_same_check_help() -> None:
    assert _check_help(cli.parser()) == _check_help(cli.parser(check_only=True))


@pytest.mark.parametrize(
    "line", [["kb", "stats"], ["--d", "x.db", "check"], ["-vv", "check"], ["--db"], ["-h"], []]
)
def test_any_other_line_gets_the_whole_parser(line: list[str]) -> None:
    assert cli._command(line) != "check"
