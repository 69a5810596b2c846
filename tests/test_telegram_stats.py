"""Checks made in the bot are counted for moderators' /stats, and no message is kept."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakes.harness import KB_DIR, Harness, running_bot
from stored import every_stored_value

from bot.checker import Checker
from bot.runtime import load_files
from bot.store import Store

ADMIN, USER, OTHER = 1, 50, 51
# Words of their own, so that finding them anywhere in the database means the message was kept.
SCAM = "Auntie Wilhelmina: pay the withdrawal tax first to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
BENIGN = "lunch on thursday at the noodle place near the harbour?"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bot.db"


@pytest.fixture
async def tg(db_path: Path) -> AsyncIterator[Harness]:
    store = Store(db_path)  # a file, so the test can read what was written
    load_files(store, KB_DIR, actor="test", reason="fixture")
    try:
        async with running_bot(store, Checker(store, "HK"), admins=[ADMIN]) as harness:
            yield harness
    finally:
        store.close()


async def test_private_checks_are_counted_in_stats_without_their_text(
    tg: Harness, db_path: Path
) -> None:
    for text, user_id, answer in (
        (SCAM, USER, "High risk"),
        (SCAM, OTHER, "High risk"),
        (BENIGN, USER, "No known scam record"),
    ):
        assert answer in (await tg.ask(text, user_id)).text
    stats = (await tg.ask("/stats", ADMIN)).text
    assert "Checks: 3 (" in stats
    assert "Top warned categories: investment 2" in stats
    rows = tg.store.db.execute(
        "select region, risk, category, sum(n) from check_counts group by 1, 2, 3 order by 2"
    ).fetchall()
    assert rows == [("HK", "high", "investment", 2), ("HK", "low", "", 1)]
    stored = every_stored_value(db_path)
    for text in ("Wilhelmina", "noodle place", "harbour"):
        assert text not in stored


async def test_commands_and_buttons_are_not_counted_as_checks(tg: Harness) -> None:
    await tg.ask("/start", USER)
    await tg.ask("/help", USER)
    assert "Checks: 0 (-)" in (await tg.ask("/stats", ADMIN)).text
