"""One-shot start-up, fourth pass (issue 13): packed model weights, patterns and frozen
dataclasses unpickled the fast way, the database read by plain sqlite3 when its index is
cached, pydantic's plugin scan skipped when there are none; every one the same answers."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot import compiled, packed, prebuilt, textmodel
from bot.packed import PackedWeights

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    compiled.forget()
    return tmp_path / "cache" / "scamcheck"


def _table(n: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz 詐騙转账保證:#'"
    table = {
        "".join(rng.choice(letters) for _ in range(rng.randint(1, 12))): rng.uniform(-5, 5)
        for _ in range(n)
    }
    table[""] = 0.25  # an empty key is a key like another
    return table


@pytest.mark.parametrize("n", [0, 1, 7, 9, 5000])
def test_packed_weights_answer_as_the_dict(n: int) -> None:
    table = _table(n, seed=n)
    back = pickle.loads(pickle.dumps(PackedWeights.pack(table)))
    assert isinstance(back, PackedWeights)
    assert len(back) == len(table)
    for key, value in table.items():
        assert back.get(key) == value and back[key] == value
    for key in ("absent", "a" * 40, "詐騙x"):
        if key not in table:
            assert back.get(key) is None and back.get(key, 0.0) == 0.0
            with pytest.raises(KeyError):
                back[key]
    assert dict(back.items()) == table and back == table


def test_packed_weights_turn_into_a_dict_after_many_lookups(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(packed, "MATERIALISE_AFTER", 50)
    table = _table(300, seed=3)
    weights = PackedWeights.pack(table)
    assert isinstance(weights, PackedWeights)
    keys = [*table, "absent"]
    answers = [weights.get(k) for k in keys]  # past the threshold part way
    assert answers == [table.get(k) for k in keys]
    assert weights._dict == table
    assert weights.get.__self__ is weights._dict  # type: ignore[attr-defined]


def test_a_key_holding_the_separator_keeps_the_dict() -> None:
    table = {"a\x00b": 1.0, "c": 2.0}
    assert PackedWeights.pack(table) is table


def test_the_shipped_text_model_scores_as_the_artefact_parsed_afresh(cache_home: Path) -> None:
    fresh = textmodel.TextModel.from_json(textmodel.MODEL_PATH.read_text(encoding="utf-8"))
    texts = [
        "URGENT: your wallet is suspended, verify at https://x-verify.top within 24 hours",
        "你的帳戶涉嫌洗錢，請立即轉賬到安全賬戶",
        "see you at lunch tomorrow, bring the notes",
        "guaranteed 3% daily profit, send 500 USDT to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
    ]
    for _ in range(2):  # built and cached, then read back from the cache
        textmodel.shipped.cache_clear()
        model = textmodel.shipped()
        assert model is not None and isinstance(model.weights, PackedWeights)
        assert model.bias == fresh.bias and model.meta == fresh.meta
        for text in texts:
            assert model.explain(text) == fresh.explain(text)
    assert (cache_home / "textmodel.pickle").is_file()
    textmodel.shipped.cache_clear()


def test_a_changed_text_model_artefact_is_read_again(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "textmodel.json"
    model = textmodel.TextModel({"w:wallet": 1.5, "w:lunch": -1.0}, 0.1, {"digest": "a"})
    path.write_text(model.to_json(), encoding="utf-8")
    monkeypatch.setattr(textmodel, "MODEL_PATH", path)
    textmodel.shipped.cache_clear()
    first = textmodel.shipped()
    assert first is not None and first.weights.get("w:wallet") == 1.5
    changed = textmodel.TextModel({"w:wallet": 2.5}, 0.2, {"digest": "b"})
    path.write_text(changed.to_json() + "\n", encoding="utf-8")  # another size and time
    textmodel.shipped.cache_clear()
    second = textmodel.shipped()
    assert second is not None and second.weights.get("w:wallet") == 2.5
    assert second.weights.get("w:lunch") is None and second.meta == {"digest": "b"}
    textmodel.shipped.cache_clear()


@dataclasses.dataclass(frozen=True, slots=True)
class _Frozen:
    name: str
    pattern: re.Pattern[str]
    inner: _Frozen | None = None
    extra: list[int] = dataclasses.field(default_factory=list)


def test_cached_patterns_and_frozen_dataclasses_come_back_equal(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = _Frozen("inner", re.compile(r"(?P<coin>usdt|btc)\s*\d+", re.I))
    shared = [1, 2]
    outer = _Frozen("outer", re.compile("转账|匯款"), inner, shared)
    value: dict[str, Any] = {"a": outer, "b": shared}
    prebuilt.cached("test-objects", "k", lambda: value)
    seen: list[str] = []
    real = compiled.compile

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        seen.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(compiled, "compile", counting)
    back: dict[str, Any] = prebuilt.cached("test-objects", "k", lambda: pytest.fail("rebuilt"))
    assert back == value and back is not value
    assert back["a"].pattern == outer.pattern and back["a"].inner.pattern == inner.pattern
    assert back["a"].extra is back["b"]  # shared objects stay shared
    assert sorted(seen) == sorted([inner.pattern.pattern, "转账|匯款"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        back["a"].name = "x"  # type: ignore[misc]


def test_the_one_shot_reads_a_cached_database_by_sqlite3_with_the_same_verdicts(
    cache_home: Path, tmp_path: Path, file_store: Any, known_address: str
) -> None:
    from bot.checker import Checker
    from bot.message import Message
    from bot.oneshot import _Reader, open_oneshot
    from bot.settings import Settings

    texts = [
        f"send it to {known_address} today",
        f"send it to {known_address[:6]}{'0' * 32}{known_address[-4:]}",  # a poisoned copy
        "verify your wallet at https://metamask-io.web.app/connect now",
        "保證獲利，老師帶單，加 @profit_teacher",
    ]
    whole = Checker(file_store, "HK")
    settings = Settings(db_path=tmp_path / "kb.db", knowledge_dir=tmp_path / "none")
    built = open_oneshot(settings)  # not cached yet: through the store
    assert not isinstance(built.store, _Reader)
    cached = open_oneshot(settings)
    assert isinstance(cached.store, _Reader)
    for text in texts:
        expected = whole.check(Message(text=text))
        assert built.check(Message(text=text)) == expected
        assert cached.check(Message(text=text)) == expected
    file_store.bump_version()  # a change: the store builds it again
    assert not isinstance(open_oneshot(settings).store, _Reader)


def test_a_file_without_a_knowledge_version_is_not_read_by_sqlite3(tmp_path: Path) -> None:
    import sqlite3

    from bot.oneshot import _Reader

    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (x)").connection.commit()
    assert _Reader.open(other) is None
    text = tmp_path / "notes.txt"
    text.write_text("not a database " * 100)
    assert _Reader.open(text) is None


def _dist(folder: Path, name: str, entry_points: str | None) -> None:
    info = folder / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)


def test_pydantic_plugins_are_seen_as_importlib_metadata_sees_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib.metadata import entry_points

    from bot import cli

    site = tmp_path / "site"
    _dist(site, "plain", "[console_scripts]\nplain = plain:main\n")
    _dist(site, "bare", None)
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    assert cli._no_pydantic_plugins() == (not entry_points(group="pydantic"))
    _dist(site, "observer", "[console_scripts]\nx = y:z\n\n[pydantic]\nobs = observer:plugin\n")
    assert entry_points(group="pydantic")  # what pydantic would load
    assert cli._no_pydantic_plugins() is False
    monkeypatch.setattr(sys, "path", [str(tmp_path / "deps.zip"), *sys.path])
    (tmp_path / "deps.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    assert cli._no_pydantic_plugins() is False  # a zip: not looked into, so not skipped


def test_a_check_imports_no_package_metadata_and_answers_as_before(tmp_path: Path) -> None:
    """Without any pydantic plugin, `check` neither imports importlib.metadata nor answers
    differently from a process whose pydantic scanned for plugins itself."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "c")}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    text = "Binance support: verify your wallet at http://binance-verify.top, send 0.5 BTC"
    probe = (
        "import sys, bot.cli\n"
        "status = bot.cli.main(sys.argv[1:])\n"
        "print('metadata' if 'importlib.metadata' in sys.modules else 'none', file=sys.stderr)\n"
        "raise SystemExit(status)\n"
    )
    skipped = subprocess.run(
        [sys.executable, "-c", probe, "check", "--json", text],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    scanned = subprocess.run(
        [sys.executable, "-c", "import importlib.metadata, pydantic.plugin._loader\n" + probe,
         "check", "--json", text],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert skipped.stderr.strip().splitlines()[-1] == "none"
    assert json.loads(skipped.stdout) == json.loads(scanned.stdout)
    assert skipped.stdout == scanned.stdout


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_off_for_one_message_on_for_many_and_restored(
    enabled: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import gc

    from bot import cli
    from bot.oneshot import OneShot

    seen: list[bool] = []

    def watched(real: Any) -> Any:
        def check(self: OneShot, message: Any) -> Any:
            seen.append(gc.isenabled())
            return real(self, message)

        return check

    # one message is checked by check_plain (bot/plain.py's records), --jsonl by check
    monkeypatch.setattr(OneShot, "check", watched(OneShot.check))
    monkeypatch.setattr(OneShot, "check_plain", watched(OneShot.check_plain))
    monkeypatch.chdir(tmp_path)
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"text": "hello"}\n{"text": "send 1 BTC get 2 back"}\n')
    (gc.enable if enabled else gc.disable)()
    try:
        assert cli.main(["check", "send 1 BTC get 2 back"]) == 0
        assert gc.isenabled() is enabled
        assert cli.main(["check", "--jsonl", str(lines)]) == 0
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert seen == [False, True, True]
    assert len(capsys.readouterr().out.splitlines()) >= 3
