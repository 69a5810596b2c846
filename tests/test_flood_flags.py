"""A report-flood flag keeps no Telegram id, and expires.

The flag is there so that moderators see how many accounts flooded (`/queue`, `/stats`) and
can lift one; holding the flood back is done by counting the account's reports, which keep
its id for their own retention period. Before, the flag (and its audit record) named the
account, `telegram:<id>`, for good: it outlived the reports the purge erased, so the audit log
said who had flooded long after anything else about them was gone."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from fakes.harness import Harness, running_bot
from test_report_retention import later, report

from bot.checker import Checker
from bot.store import Store
from bot.store.submissions import REPORTS_PER_HOUR

FLOODER, MOD = 66, 2


@pytest.fixture
async def tg(staff: Store, checker: Checker) -> AsyncIterator[Harness]:
    # a flood in seconds: the bot's per-minute limit would drop it before it reached the store
    async with running_bot(staff, checker, user_rate_per_minute=500) as harness:
        yield harness


def flag_records(store: Store) -> list[dict[str, object]]:
    return [r for r in store.audit_log() if r["entity"] == "reporter_flags"]


def named(store: Store, needle: str) -> list[str]:
    """Flag rows and flag audit records that still name the account."""
    rows = [json.dumps(r) for r in store.db.table("reporter_flags").rows]
    rows += [json.dumps(r, default=str) for r in flag_records(store)]
    return [r for r in rows if needle in r]


async def flood(tg: Harness, user: int = FLOODER, extra: int = 2) -> None:
    for n in range(REPORTS_PER_HOUR + extra):
        await report(tg, f"https://site{n}-example-{user}.com/claim", user=user)


async def test_a_flood_is_flagged_under_a_keyed_hash_and_lifted_by_revert(tg: Harness) -> None:
    await flood(tg)
    (flag,) = tg.store.flagged_reporters()
    assert flag["count"] == 2 and str(flag["reporter"]).startswith("flag:")
    assert named(tg.store, f"telegram:{FLOODER}") == []
    (record,) = flag_records(tg.store)  # one record per flood, not per held report
    assert record["action"] == "flag" and record["entity_key"] == flag["reporter"]
    # another account is another flag; the same account again is the same one
    await flood(tg, user=67, extra=1)
    assert len(tg.store.flagged_reporters()) == 2

    # a moderator lifts it from its audit record, as before
    assert "Reverted" in (await tg.ask(f"/revert {record['id']} researcher", MOD)).text
    assert len(tg.store.flagged_reporters()) == 1
    assert "Accounts flagged for report floods: 1" in (await tg.ask("/queue", MOD)).text
    # and the operator by the account's id, which is hashed the same way
    assert tg.store.clear_flag("telegram:67", "cli:ops", "false alarm")
    assert tg.store.flagged_reporters() == []


def test_a_flag_expires_with_the_reports_retention_and_the_purge_says_so(staff: Store) -> None:
    for n in range(REPORTS_PER_HOUR + 1):
        staff.submit_report("telegram:66", "domain", f"site{n}-example.com", "phishing")
    (flag,) = staff.flagged_reporters()
    staff.purge_reports(decided_days=90, undecided_days=180, at=later(30))
    assert staff.flagged_reporters() == [flag]  # not yet
    done = staff.purge_reports(decided_days=90, undecided_days=180, at=later(91))
    assert staff.flagged_reporters() == []
    purge = staff.audit_record(done.audit_id or 0)
    assert purge is not None and purge["after"]["flags_expired"] == [flag["reporter"]]


def test_an_older_databases_flags_lose_the_account_id_at_the_next_purge(staff: Store) -> None:
    # as main wrote them: the flag row and its audit record keyed by the Telegram id
    staff.db.table("reporter_flags").insert(
        {"reporter": "telegram:77", "reason": "report flood", "count": 3,
         "flagged_at": "2026-12-01T00:00:00+00:00"}
    )  # fmt: skip
    staff.audit(
        "system", "flag", "reporter_flags", "telegram:77",
        reason="report flood", after={"reporter": "telegram:77", "reason": "report flood"},
    )  # fmt: skip
    assert named(staff, "telegram:77")
    done = staff.purge_reports(decided_days=90, undecided_days=180)
    assert named(staff, "telegram:77") == []
    (flag,) = staff.flagged_reporters()
    assert flag["count"] == 3 and str(flag["reporter"]).startswith("flag:")
    purge = staff.audit_record(done.audit_id or 0)
    assert purge is not None and purge["after"]["flags_hashed"] == 1
    assert staff.clear_flag("telegram:77", "cli:ops", "lifted")  # still found by the account
