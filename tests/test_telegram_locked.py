"""The bot while another writer (a feed sync, a police upload, `kb load`) holds the database.

The bot's event loop also runs the HTTP API in webhook mode; here it runs the fake Bot API
server too, so a stall behind the lock shows as the loop going quiet for the whole hold. An
update waits up to guards.CLAIM_WAIT_MS for its claim, then is handled on the process's memory:
a short wait here, so that what follows the claim runs while the lock is still held."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakes.harness import Harness, running_bot
from fakes.locked import QUICK, loop_watch, write_locked
from web_server import SCAM

from bot.checker import Checker
from bot.health import knowledge_problems
from bot.store import Store
from bot.telegram import guards

ADMIN = 20


@pytest.fixture
async def tg(file_store: Store, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Harness]:
    monkeypatch.setattr(guards, "CLAIM_WAIT_MS", 100)
    checker = Checker(file_store, "HK")
    checker.warm_up()
    async with running_bot(file_store, checker, admins=[ADMIN]) as harness:
        yield harness


def db_path(tg: Harness) -> Path:
    assert tg.store.path is not None
    return tg.store.path


async def test_a_message_is_checked_while_another_writer_holds_the_database(tg: Harness) -> None:
    """Before, the claim waited on the event loop for the lock (up to the 30 s busy timeout):
    nothing else ran meanwhile, and the user waited for the other writer to finish."""
    async with loop_watch() as watch:
        with write_locked(db_path(tg)) as released:
            reply = await tg.ask(SCAM)
            assert not released.is_set()  # answered while the lock was held
            assert "High risk" in reply.text
            assert watch.longest < QUICK, watch.longest


async def test_a_language_picked_while_the_database_is_locked_is_saved_after(
    tg: Harness,
) -> None:
    """Saving the choice waited for the lock on the event loop; it waits in the store's
    writer thread now, and lands once the other writer is done."""
    welcome = await tg.ask("/start")
    async with loop_watch() as watch:
        with write_locked(db_path(tg)):
            query = await tg.press(welcome, "lang:zh-HK")
            await tg.answered(query)
        assert watch.longest < QUICK, watch.longest
    saved = tg.store.get_user_settings(1)
    assert saved is not None and saved.lang == "zh-HK"


async def test_a_stale_conversation_met_while_the_database_is_locked_is_forgotten_later(
    tg: Harness,
) -> None:
    """A message is first matched against the user's open conversation; a stale one is deleted
    there, on the event loop, which waited for the lock. Now it is left for the next time,
    and the message is checked meanwhile."""
    await tg.ask("/withdraw")
    stale = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat(timespec="seconds")
    with sqlite3.connect(db_path(tg), isolation_level=None) as conn:
        conn.execute("update flows set updated_at = ? where user_id = 1", [stale])
    async with loop_watch() as watch:
        with write_locked(db_path(tg)) as released:
            reply = await tg.ask(SCAM)
            assert not released.is_set()
            assert "High risk" in reply.text  # checked: the conversation has gone stale
            assert watch.longest < QUICK, watch.longest
    assert "High risk" in (await tg.ask(SCAM)).text
    assert tg.store.get_flow(1) is None  # deleted by the message after the lock


async def test_a_moderators_command_waits_for_the_lock_off_the_event_loop(tg: Harness) -> None:
    """Moderation commands (roles, tokens, decisions, uploads) wrote on the event loop too."""
    tg.store.ensure_organisation("HKPF", f"telegram:{ADMIN}")
    async with loop_watch() as watch:
        with write_locked(db_path(tg)) as released:
            tg.send("/token create HKPF", user_id=ADMIN)
            reply = await tg.reply(ADMIN)
            assert released.is_set()  # the token is issued once the other writer is done
        assert watch.longest < QUICK, watch.longest
    assert "<code>" in reply.text and len(tg.store.tokens()) == 1


async def test_stats_asked_while_the_database_is_locked_are_answered_at_once(
    tg: Harness,
) -> None:
    """/stats first writes this process's counted checks: on the event loop, that write waited
    for the lock. It waits 20 ms now; the counts are then at most a few seconds behind, as
    another process's always are."""
    await tg.ask(SCAM)  # a check counted in memory
    async with loop_watch() as watch:
        with write_locked(db_path(tg)) as released:
            tg.send("/stats", user_id=ADMIN)
            reply = await tg.reply(ADMIN)
            assert not released.is_set()
        assert watch.longest < QUICK, watch.longest
    assert "Checks" in reply.text or "checks" in reply.text
    assert tg.store.pending_checks == 1  # kept for the next flush


def test_the_reads_on_the_event_loop_do_not_wait_for_another_writer(file_store: Store) -> None:
    """What the bot and the service still do on the loop while another writer holds the
    database are reads, and in WAL mode (the store sets it) a read never waits for a writer."""
    assert file_store.path is not None
    assert file_store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    with write_locked(file_store.path) as released:
        started = time.perf_counter()
        file_store.get_user_settings(1)
        file_store.get_flow(1, max_age=dt.timedelta(hours=1))
        file_store.group_mode(-1)
        file_store.group_lang(-1)
        file_store.role_of(1)
        file_store.verify_token("sc_1_nothing")
        assert not knowledge_problems(file_store)
        assert file_store.kb_version > 0
        assert time.perf_counter() - started < QUICK and not released.is_set()
