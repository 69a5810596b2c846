"""The prebuilt-index cache (bot/prebuilt.py): reused under the same key, rebuilt under another,
and never a failure: a corrupt or unwritable cache means building as if it were not there."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from bot import prebuilt
from bot.engine import KnowledgeIndex
from bot.oneshot import open_oneshot
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "scamcheck"


class Builds:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> dict[str, int]:
        self.n += 1
        return {"built": self.n}


def test_same_key_is_read_back_another_key_rebuilds(cache_home: Path) -> None:
    build = Builds()
    assert prebuilt.cached("thing", ("v", 1), build) == {"built": 1}
    assert (cache_home / "thing.pickle").is_file()
    assert prebuilt.cached("thing", ("v", 1), build) == {"built": 1}
    assert build.n == 1
    assert prebuilt.cached("thing", ("v", 2), build) == {"built": 2}  # stale: rebuilt
    assert prebuilt.cached("thing", ("v", 2), build) == {"built": 2}  # and rewritten
    assert build.n == 2


def test_a_data_file_is_parsed_again_only_when_it_changes(
    cache_home: Path, tmp_path: Path
) -> None:
    data = tmp_path / "model.json"
    data.write_text('{"w": 1}', encoding="utf-8")
    parses: list[str] = []

    def parse() -> str:
        parses.append(data.read_text(encoding="utf-8"))
        return parses[-1]

    assert prebuilt.from_file("model", data, parse) == '{"w": 1}'
    assert prebuilt.from_file("model", data, parse) == '{"w": 1}'
    assert len(parses) == 1
    data.write_text('{"w": 22}', encoding="utf-8")  # a retrain: another size and time
    assert prebuilt.from_file("model", data, parse) == '{"w": 22}'
    assert len(parses) == 2
    data.unlink()  # a missing file is the parser's to report, not the cache's
    with pytest.raises(FileNotFoundError):
        prebuilt.from_file("model", data, parse)


def test_the_shipped_models_come_back_equal_from_the_cache(cache_home: Path) -> None:
    from bot import hostmodel, textmodel

    fresh_text = textmodel.TextModel.from_json(textmodel.MODEL_PATH.read_text("utf-8"))
    fresh_host = hostmodel.HostModel.load()
    for _ in range(2):  # built, then read back
        text = prebuilt.from_file("textmodel", textmodel.MODEL_PATH, lambda: fresh_text)
        host = prebuilt.from_file("hostmodel", hostmodel.ARTEFACT, hostmodel.HostModel.load)
        assert text.weights == fresh_text.weights and text.bias == fresh_text.bias
        assert host == fresh_host
        assert host.score("claim-airdrop-eth.xyz") == fresh_host.score("claim-airdrop-eth.xyz")
    assert (cache_home / "hostmodel.pickle").is_file()


def test_a_host_model_pickled_by_its_parts_reads_and_rates_the_same() -> None:
    from bot import hostmodel

    fresh = hostmodel.HostModel.load()
    back = pickle.loads(pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(back.weights) is not dict  # the smaller form was used
    assert len(back.weights) == len(fresh.weights)
    assert dict(back.weights.items()) == fresh.weights
    for host in ("claim-mint-pass.xyz", "app-rewards-eth.vercel.app", "www.hsbc.com.hk", "a.b"):
        assert back.rate(host) == fresh.rate(host) and back.score(host) == fresh.score(host)
    # a weight the parts cannot say back (a cross without its bar): pickled whole
    odd = hostmodel.HostModel({"w:claim": 1.0, "x:odd": 2.0}, 0.0, 0.5, 0.5)
    again = pickle.loads(pickle.dumps(odd))
    assert type(again.weights) is dict and again == odd


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle at all", pickle.dumps("no key"), pickle.dumps((1, 2, 3))[:-3]],
    ids=["empty", "garbage", "wrong-shape", "truncated"],
)
def test_a_corrupt_file_is_ignored_and_replaced(cache_home: Path, content: bytes) -> None:
    cache_home.mkdir(parents=True)
    (cache_home / "thing.pickle").write_bytes(content)
    build = Builds()
    assert prebuilt.cached("thing", "k", build) == {"built": 1}
    assert prebuilt.cached("thing", "k", build) == {"built": 1}
    assert build.n == 1


def test_an_unwritable_cache_still_builds(unwritable_cache: Path) -> None:
    build = Builds()
    assert prebuilt.cached("thing", "k", build) == {"built": 1}
    assert prebuilt.cached("thing", "k", build) == {"built": 2}


def test_the_shipped_knowledge_index_is_reused_until_its_files_change(
    cache_home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "knowledge"
    subprocess.run(["cp", "-r", str(ROOT / "knowledge"), str(folder)], check=True)
    settings = Settings(db_path=tmp_path / "none.db", knowledge_dir=folder)
    first = open_oneshot(settings).index
    stamp = (cache_home / "index-files.pickle").stat().st_mtime_ns
    again = open_oneshot(settings).index
    assert (cache_home / "index-files.pickle").stat().st_mtime_ns == stamp  # read, not rebuilt
    assert len(again.phrases.phrases) == len(first.phrases.phrases)
    some = next(p for p in sorted(folder.rglob("*.yaml")))
    os.utime(some, ns=(stamp + 10**9, stamp + 10**9))  # an edited knowledge file
    assert isinstance(open_oneshot(settings).index, KnowledgeIndex)
    assert (cache_home / "index-files.pickle").stat().st_mtime_ns != stamp


def test_a_database_index_is_rebuilt_when_the_knowledge_version_moves(
    cache_home: Path, tmp_path: Path
) -> None:
    from bot.store import Store

    path = tmp_path / "kb.db"
    store = Store(path)
    settings = Settings(db_path=path, knowledge_dir=tmp_path / "none")
    open_oneshot(settings)
    stamp = (cache_home / "index-db.pickle").stat().st_mtime_ns
    open_oneshot(settings)
    assert (cache_home / "index-db.pickle").stat().st_mtime_ns == stamp
    store.bump_version()
    assert open_oneshot(settings).index.version == store.kb_version == 1
    assert (cache_home / "index-db.pickle").stat().st_mtime_ns != stamp


def test_check_keeps_its_cache_out_of_the_current_folder(cache_home: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "SCAMCHECK_DB_PATH": str(tmp_path / "absent.db")}
    text = "Binance support: verify your wallet at http://binance-verify.top now"
    runs = [
        subprocess.run(
            [sys.executable, "-m", "bot.cli", "check", "--json", text],
            cwd=work, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, check=True,
        ).stdout
        for _ in range(2)
    ]  # fmt: skip
    assert runs[0] == runs[1]  # the second, from the cache, says the same
    assert list(work.iterdir()) == []
    assert {p.name for p in cache_home.iterdir()} >= {"index-files.pickle", "psl.pickle"}
