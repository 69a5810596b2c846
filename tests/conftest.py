"""Shared fixtures: real objects, never mocks. The fixture knowledge base lives in tests/data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.checker import Checker
from bot.engine import KnowledgeIndex
from bot.knowledge import Knowledge, load_dir
from bot.runtime import load_files
from bot.store import Store

KB_DIR = Path(__file__).parent / "data" / "knowledge"
SEED_DIR = Path(__file__).parent.parent / "knowledge"


@pytest.fixture(scope="session")
def kb() -> Knowledge:
    return load_dir(KB_DIR)


@pytest.fixture(scope="session")
def index(kb: Knowledge) -> KnowledgeIndex:
    return KnowledgeIndex.build(kb)


@pytest.fixture(scope="session")
def seed_kb() -> Knowledge:
    """The knowledge base shipped in knowledge/, loaded once for every test that needs it."""
    return load_dir(SEED_DIR)


@pytest.fixture(scope="session")
def seed_index(seed_kb: Knowledge) -> KnowledgeIndex:
    return KnowledgeIndex.build(seed_kb)


@pytest.fixture
def store() -> Iterator[Store]:
    """A fresh in-memory store holding the fixture knowledge base."""
    s = Store(":memory:")
    load_files(s, KB_DIR, actor="test", reason="fixture")
    yield s
    s.close()


@pytest.fixture
def known_address() -> str:
    """The address `file_store` holds as reported."""
    return "0x28c6c06298d514db089934071355e5743bf21d60"


@pytest.fixture
def file_store(tmp_path: Path, known_address: str) -> Iterator[Store]:
    """A store in tmp_path/kb.db holding the fixture knowledge base and known_address, reported
    by the police (for the one-shot check's look-ups in a database)."""
    from bot.knowledge import Reported

    s = Store(tmp_path / "kb.db")
    load_files(s, KB_DIR, actor="test", reason="fixture")
    s.add_reported(
        Reported(kind="address", value=known_address, category="investment", source="police"),
        actor="test", reason="fixture",
    )  # fmt: skip
    yield s
    s.close()


@pytest.fixture
def staff(store: Store) -> Store:
    """The fixture store with an admin (telegram:1), a moderator (telegram:2) and an HKPF
    officer (telegram:3)."""
    store.bootstrap_admins([1])
    store.grant_role(2, "moderator", "telegram:1", "new moderator")
    store.ensure_organisation("HKPF", "telegram:1", "HK")
    store.grant_role(3, "police", "telegram:1", "liaison", organisation="HKPF", region="HK")
    return store


@pytest.fixture
def checker(store: Store) -> Checker:
    return Checker(store, default_region="HK")


@pytest.fixture
def unwritable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The per-user cache directory made impossible: a file stands where its folder would go."""
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    return blocker
