"""Retention of /report data: a reporter's note and Telegram id are erased once the review no
longer needs them, by `serve` and `bot` on their own and by `scamcheck admin purge-reports`."""

from __future__ import annotations

import asyncio
import datetime as dt
import getpass
import json
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from fakes.harness import KB_DIR, Harness, bot_process, running_bot, stop_bot
from test_web_serve import free_port, serving, wait_healthy

from bot.checker import Checker
from bot.cli import main
from bot.runtime import open_store
from bot.settings import Settings
from bot.store import Store
from bot.store.revert import RevertError

ROOT = Path(__file__).parent.parent
ADDRESS = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
NOTE = "my mentor Alice Wong says pay the release fee"
MOD = "telegram:2"


@pytest.fixture
async def tg(staff: Store, checker: Checker) -> AsyncIterator[Harness]:
    async with running_bot(staff, checker) as harness:
        yield harness


async def report(tg: Harness, text: str, category: str = "r:investment", user: int = 7) -> None:
    question = await tg.ask(f"/report {text}", user)
    await tg.answered(await tg.press(question, category, user))
    await tg.reply(user)  # the thanks


def traces(store: Store, *needles: str) -> list[str]:
    """Rows of user_reports and the audit log that still mention any of needles."""
    found = []
    for table in ("user_reports", "audit"):
        for row in store.db.table(table).rows:
            text = json.dumps(row, ensure_ascii=False)
            found += [f"{table} {row['id']}" for n in needles if n in text]
    return found


def later(days: int) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(days=days)


async def test_decided_reports_lose_note_and_reporter_but_keep_what_the_kb_needs(
    tg: Harness,
) -> None:
    await report(tg, f"{NOTE}, send USDT to {ADDRESS}")
    await report(tg, NOTE)  # no indicator: queued as the message itself
    store = tg.store
    address, message = sorted(store.pending_reports(), key=lambda r: r["kind"] != "address")
    decision = store.approve_report(address["id"], MOD, "seen in a group")
    listed = store.find_reported("address", ADDRESS)
    assert listed is not None and traces(store, "telegram:7", "Alice Wong")

    # within the retention period nothing is erased
    assert store.purge_reports(decided_days=90, undecided_days=180, at=later(89)).erased == 0
    assert traces(store, "telegram:7")

    stats = store.purge_reports(decided_days=90, undecided_days=180, at=later(91))
    assert (stats.erased, stats.expired) == (1, 0)
    row = store._report(address["id"])
    assert row is not None and row["note"] == "" and row["reporter"] == f"erased:{row['id']}"
    # the knowledge base keeps the indicator, its count and the decision with its moderator
    assert store.find_reported("address", ADDRESS) == listed
    assert row["status"] == "approved" and row["value"] == address["value"]
    approval = store.audit_record(decision.audit_id)
    assert approval is not None and approval["actor"] == MOD
    purge = store.audit_record(stats.audit_id or 0)
    assert purge is not None and (purge["actor"], purge["action"]) == ("system", "purge")
    assert purge["after"]["erased"] == [address["id"]] and "retention" in purge["reason"]
    # the undecided plain-text report still waits for review, note and all
    assert [r["id"] for r in store.pending_reports()] == [message["id"]]

    stats = store.purge_reports(decided_days=90, undecided_days=180, at=later(181))
    assert (stats.erased, stats.expired) == (1, 1)
    gone = store._report(message["id"])
    assert gone is not None and gone["status"] == "expired" and gone["value"] == ""
    assert store.pending_reports() == [] and store.queue_size() == 0
    assert traces(store, "telegram:7", "Alice Wong", "release fee") == []
    # done once: a second run erases nothing and records nothing
    audits = len(store.audit_log(1000))
    again = store.purge_reports(decided_days=90, undecided_days=180, at=later(400))
    assert again.erased == 0 and len(store.audit_log(1000)) == audits


async def test_a_decision_on_erased_reports_is_not_reverted_into_an_empty_queue_item(
    tg: Harness,
) -> None:
    await report(tg, f"send USDT to {ADDRESS}")
    (queued,) = tg.store.pending_reports()
    decision = tg.store.approve_report(queued["id"], MOD, "seen")
    stats = tg.store.purge_reports(decided_days=90, undecided_days=180, at=later(91))
    with pytest.raises(RevertError, match="erased after its retention period"):
        tg.store.revert(decision.audit_id, MOD, "oops", force=True)
    with pytest.raises(RevertError, match="cannot come back"):
        tg.store.revert(stats.audit_id or 0, MOD, "oops", force=True)
    assert tg.store.find_reported("address", ADDRESS) is not None


async def test_a_text_report_merged_into_a_listed_indicator_loses_its_text_too(
    tg: Harness,
) -> None:
    await report(tg, f"send USDT to {ADDRESS}", user=8)
    (listed,) = tg.store.pending_reports()
    tg.store.approve_report(listed["id"], MOD, "seen")
    await report(tg, NOTE)
    (text,) = tg.store.pending_reports()
    assert text["kind"] == "message"
    tg.store.merge_report(text["id"], MOD, "same scam", into=("address", ADDRESS))
    tg.store.purge_reports(decided_days=90, undecided_days=180, at=later(91))
    merged = tg.store._report(text["id"])
    assert merged is not None and (merged["kind"], merged["value"]) == ("address", "")
    assert traces(tg.store, "telegram:7", "telegram:8", "Alice Wong", "release fee") == []
    assert tg.store.find_reported("address", ADDRESS)["reports"] == 2  # type: ignore[index]


def decided_long_ago(db: Path, days: int = 100) -> int:
    """A user's report, approved `days` ago (the decision's date set back, as time would)."""
    store = open_store(Settings(db_path=db, knowledge_dir=KB_DIR))
    try:
        rid = store.submit_report("telegram:7", "address", ADDRESS, "investment", note=NOTE)
        store.approve_report(rid, MOD, "seen")
        old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat(timespec="seconds")
        with store.transaction():
            store.db.execute("update user_reports set decided_at = ? where id = ?", [old, rid])
        return rid
    finally:
        store.close()


async def erased(db: Path, rid: int, timeout: float = 30) -> dict[str, object]:
    async with asyncio.timeout(timeout):
        while True:
            store = Store(db)
            try:
                row = store._report(rid)
                purges = [r for r in store.audit_log(1000) if r["action"] == "purge"]
            finally:
                store.close()
            if row is not None and row["note"] == "" and purges:
                return {"row": row, "purge": purges[0]}
            await asyncio.sleep(0.2)


async def test_serve_purges_at_start_and_then_periodically(tmp_path: Path) -> None:
    db = tmp_path / "serve.db"
    first = decided_long_ago(db)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"SCAMCHECK_RETENTION_PURGE_HOURS": "0.0003"}  # about a second
    async with serving(tmp_path, port, **env), aiohttp.ClientSession() as session:
        await wait_healthy(session, url)
        done = await erased(db, first)
        assert done["purge"]["actor"] == "system"  # type: ignore[index]
        second = decided_long_ago(db)  # decided while the service runs: the next round
        assert (await erased(db, second))["row"]["reporter"] == f"erased:{second}"  # type: ignore[index]


async def test_the_bot_purges_when_it_starts(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    rid = decided_long_ago(db)
    async with bot_process(db, tmp_path) as (api, proc):
        done = await erased(db, rid)
        api.message(api.user(3), "/start")  # polling: stopped now, it stops cleanly
        await api.next_call("sendMessage", 3, timeout=30)
        assert await stop_bot(api, proc) == 0
    assert done["row"]["reporter"] == f"erased:{rid}"  # type: ignore[index]


def test_operators_purge_with_the_cli_as_themselves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "cli.db"
    rid = decided_long_ago(db, days=40)
    monkeypatch.setenv("SCAMCHECK_KNOWLEDGE_DIR", str(KB_DIR))
    assert main(["--db", str(db), "admin", "purge-reports"]) == 0
    assert json.loads(capsys.readouterr().out)["erased"] == 0  # 40 days < the default 90
    assert main(["--db", str(db), "admin", "purge-reports", "--decided-days", "30"]) == 0
    assert json.loads(capsys.readouterr().out)["erased"] == 1
    store = Store(db)
    try:
        (purge,) = [r for r in store.audit_log() if r["action"] == "purge"]
        assert purge["actor"] == f"cli:{getpass.getuser()}"
        assert store._report(rid)["reporter"] == f"erased:{rid}"  # type: ignore[index]
    finally:
        store.close()
    with pytest.raises(SystemExit):
        main(["--db", str(db), "admin", "purge-reports", "--decided-days", "99999"])
    assert "1 to 3650" in capsys.readouterr().err
