"""The store's user tables: settings, conversation state, group modes, outcome records."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.users import Choice


def test_settings_default_then_keep_what_is_not_changed(store: Store) -> None:
    assert store.get_user_settings(7) is None
    first = store.save_user_settings(7, default_lang="zh-HK", default_region="HK")
    assert (first.lang, first.region) == ("zh-HK", "HK")
    store.save_user_settings(7, region="GB")
    again = store.get_user_settings(7)
    assert again is not None and (again.lang, again.region) == ("zh-HK", "GB")


def test_a_group_language_is_kept_beside_the_mode_even_in_an_older_database(
    tmp_path: Path,
) -> None:
    old = sqlite3.connect(tmp_path / "old.db")  # group_settings as it was before languages
    old.execute("create table group_settings (chat_id integer primary key, mode text,"
                " updated_by text, updated_at text)")  # fmt: skip
    old.execute("insert into group_settings values (-100, 'strict', 'telegram:7', '2026')")
    old.commit()
    old.close()
    store = Store(tmp_path / "old.db")
    try:
        assert store.group_lang(-100) is None and store.group_mode(-100) == "strict"
        store.set_group_lang(-100, "zh-HK", actor="telegram:7")
        store.set_group_lang(-200, "en", actor="telegram:8")  # a group with no mode set
        assert (store.group_lang(-100), store.group_mode(-100)) == ("zh-HK", "strict")
        assert (store.group_lang(-200), store.group_mode(-200)) == ("en", "normal")
        store.set_group_mode(-200, "off", actor="telegram:8")
        assert store.group_lang(-200) == "en"
    finally:
        store.close()


def test_flow_advances_once_per_step(store: Store) -> None:
    store.start_flow(7, "withdraw", "who", {"dest": []})
    assert store.advance_flow(7, "withdraw", "who", "returns", {"who": "online"})
    assert not store.advance_flow(7, "withdraw", "who", "returns", {"who": "friend"})
    flow = store.get_flow(7)
    assert flow is not None and flow.step == "returns" and flow.data == {"who": "online"}
    assert store.end_flow(7) and store.get_flow(7) is None


def test_stale_flow_is_forgotten(store: Store) -> None:
    store.start_flow(7, "report", "content", {})
    assert store.get_flow(7, max_age=dt.timedelta(hours=1)) is not None
    assert store.get_flow(7, max_age=dt.timedelta(seconds=-1)) is None
    assert store.get_flow(7) is None
    store.start_flow(8, "report", "content", {})
    assert store.purge_flows(dt.timedelta(seconds=-1)) == 1


def test_group_mode_defaults_to_normal_and_changes_are_audited(store: Store) -> None:
    assert store.group_mode(-100) == "normal"
    store.set_group_mode(-100, "strict", actor="telegram:7")
    assert store.group_mode(-100) == "strict"
    (entry,) = store.history("group_settings", "-100")
    assert entry["actor"] == "telegram:7"
    with pytest.raises(ValueError):
        store.set_group_mode(-100, "loud", actor="telegram:7")  # type: ignore[arg-type]


def test_reconsidered_share_per_region_and_period(store: Store) -> None:
    jan, feb = dt.date(2026, 1, 10), dt.date(2026, 2, 3)
    answers: list[tuple[str, str, Choice, dt.date]] = [
        ("a", "HK", "stop", jan),
        ("b", "HK", "verify", jan),
        ("c", "HK", "continue", jan),
        ("d", "GB", "continue", jan),
        ("e", "HK", "stop", feb),
    ]
    for ref, region, choice, day in answers:
        store.record_outcome(
            ref, region=region, category="investment", risk="high", choice=choice, day=day
        )
    shares = {(s.region, s.period): s for s in store.reconsidered_share(period="month")}
    assert shares[("HK", "2026-01")].answered == 3
    assert shares[("HK", "2026-01")].reconsidered == 2
    assert shares[("GB", "2026-01")].share == 0
    assert shares[("HK", "2026-02")].share == 1
    (only,) = store.reconsidered_share(since=feb, period="all")
    assert (only.region, only.answered) == ("HK", 1)


def test_one_answer_per_warning_and_no_message_text(store: Store) -> None:
    assert store.record_outcome("w1", region="HK", category=None, risk="medium", choice="stop")
    assert not store.record_outcome(
        "w1", region="HK", category=None, risk="medium", choice="continue"
    )
    (share,) = store.reconsidered_share(period="all")
    assert (share.answered, share.reconsidered) == (1, 0)
    columns = {c.name for c in store.db["outcomes"].columns}
    assert columns == {"id", "ref", "day", "region", "category", "risk", "choice", "source"}
