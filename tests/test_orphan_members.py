"""Phrases and reported indicators that an older version left live under a category it took
down. Before the forced revert took a category's members down with it (hstaff16), a reverted
category left them live, and verdicts went on citing a category the knowledge base no longer
had. The scheduled housekeeping round (the reports' purge, bot/retention.py) takes them down
as a forced revert would: each kept, audited and restorable once its category is back."""

from __future__ import annotations

from pathlib import Path

from bot.checker import Checker
from bot.knowledge import Category, Knowledge, Phrase, Reported
from bot.message import Message
from bot.retention import purge
from bot.settings import Settings
from bot.store import Store

SITE = "parcel-redelivery-desk.com"
PHRASE = "pay the redelivery fee to release your parcel"
SETTINGS = Settings(db_path=Path(":memory:"))  # the retention periods' defaults


def cited(store: Store, text: str) -> list[str]:
    found = Checker(store, "HK").check(Message(text=text)).findings
    return sorted(str(f.category) for f in found if f.type in ("reported", "phrase"))


def older_versions_revert(store: Store) -> None:
    """A parcel_fee category with a phrase and a reported site, then the category taken
    down the way a revert did before: its row disabled, its members left live."""
    cat = Category.model_validate(
        {**store.knowledge().categories["investment"].model_dump(), "id": "parcel_fee"}
    )
    store.load_knowledge(Knowledge(categories={"parcel_fee": cat}), "telegram:2", "new")
    store.add_phrase("en", "parcel_fee", Phrase(text=PHRASE), "telegram:2", "seen in cases")
    store.add_reported(
        Reported(kind="domain", value=SITE, category="parcel_fee", source="moderator"),
        "telegram:2",
        "case 1",
    )
    with store.transaction():
        store.db.execute("update categories set enabled = 0 where id = 'parcel_fee'")
        store.bump_version()


def test_the_housekeeping_round_takes_down_what_a_gone_category_left_live(
    store: Store,
) -> None:
    older_versions_revert(store)
    text = f"{PHRASE} at https://{SITE}/pay"
    assert "parcel_fee" in cited(store, text)  # the old state: cited under a gone category

    purge(store, SETTINGS)

    assert "parcel_fee" not in cited(store, text)
    downs = [r for r in store.audit_log() if r["action"] == "disable"]
    assert sorted(r["entity"] for r in downs) == ["phrases", "reported"]
    assert all(r["actor"] == "system" and "parcel_fee" in r["reason"] for r in downs)
    row = store.reported_row("domain", SITE)
    assert row is not None and row["enabled"] == 0  # kept, not deleted
    # a second round finds nothing more, and writes nothing
    before = len(store.audit_log())
    purge(store, SETTINGS)
    assert len(store.audit_log()) == before


def test_what_it_took_down_comes_back_with_its_category(store: Store) -> None:
    older_versions_revert(store)
    purge(store, SETTINGS)
    (down,) = [
        r for r in store.audit_log() if r["entity"] == "reported" and r["action"] == "disable"
    ]
    with store.transaction():
        store.db.execute("update categories set enabled = 1 where id = 'parcel_fee'")
        store.bump_version()
    store.revert(down["id"], "telegram:2", "the category is back")
    assert cited(store, f"see https://{SITE}/pay") == ["parcel_fee"]


def test_a_live_category_keeps_its_members(store: Store) -> None:
    before = len(store.audit_log())
    purge(store, SETTINGS)
    assert store.take_down_orphans() == 0
    assert len(store.audit_log()) == before
