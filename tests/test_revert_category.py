"""Reverting the addition of a category while phrases still flag messages under it.

Before, the category went and its phrases stayed live: they flagged messages under a category
the knowledge base no longer had. A revert never undoes someone else's later change silently
(a changed item is refused, naming what to revert first, unless forced): the phrases are
such changes, so the revert is refused naming them, and `force` takes them down with it, each
with an audit record of its own (so each can be brought back with /revert)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakes.harness import Harness, running_bot

from bot.checker import Checker
from bot.message import Message
from bot.store import Store

ADMIN, MOD = 1, 2
CATEGORY = (
    (Path(__file__).parent / "data" / "knowledge" / "categories" / "investment.yaml")
    .read_text()
    .replace("id: investment", "id: parcel_fee")
    .replace("Investment scam", "Parcel fee scam")
)
PHRASE = "pay the redelivery fee to release your parcel"


@pytest.fixture
async def tg(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    async with running_bot(store, checker, admins=[ADMIN]) as h:
        await h.ask(f"/grant {MOD} moderator", ADMIN)
        yield h


def flags(tg: Harness, text: str) -> bool:
    checker = Checker(tg.store, "HK")
    return any(f.type == "phrase" for f in checker.check(Message(text=text)).findings)


async def test_a_category_with_live_phrases_is_reverted_only_with_them_and_on_purpose(
    tg: Harness,
) -> None:
    tg.api.document(tg.user(MOD), "parcel_fee.yaml", CATEGORY.encode(), "application/x-yaml")
    added = await tg.reply(MOD)
    assert "1 added" in added.text
    audit_id = added.text.rsplit("/revert ", 1)[1].strip()
    assert "is live" in (await tg.ask(f"/phrase add parcel_fee {PHRASE}", MOD)).text
    assert flags(tg, f"{PHRASE} today")

    refused = await tg.ask(f"/revert {audit_id} wrong name", MOD)
    assert "still has 1 live phrase" in refused.text and PHRASE in refused.text
    assert "force" in refused.text
    assert "parcel_fee" in tg.store.knowledge().categories  # nothing changed
    assert flags(tg, f"{PHRASE} today")

    await tg.ask(f"/revert {audit_id} force wrong name", MOD)
    assert "parcel_fee" not in tg.store.knowledge().categories
    assert not flags(tg, f"{PHRASE} today")  # the phrase went with its category
    (down,) = [
        r for r in tg.store.audit_log() if r["entity"] == "phrases" and r["action"] == "disable"
    ]
    assert down["entity_key"] == f"en/parcel_fee/{PHRASE}" and down["actor"] == f"telegram:{MOD}"
    assert f"revert #{audit_id}" in down["reason"] and "category parcel_fee" in down["reason"]


def test_a_category_without_live_phrases_is_reverted_as_before(store: Store) -> None:
    from bot.knowledge import Category, Knowledge

    cat = Category.model_validate(
        {**store.knowledge().categories["investment"].model_dump(), "id": "empty_one"}
    )
    store.load_knowledge(Knowledge(categories={"empty_one": cat}), "telegram:2", "new")
    store.revert(store.last_audit_id(), "telegram:2", "not needed")
    assert "empty_one" not in store.knowledge().categories


SITE = "parcel-redelivery-desk.com"


def cited(tg: Harness, text: str) -> list[str]:
    """The categories the reported findings of a check cite."""
    checker = Checker(tg.store, "HK")
    found = checker.check(Message(text=text)).findings
    return [str(f.category) for f in found if f.type == "reported"]


async def test_reported_indicators_go_down_with_their_category_audited_and_restorable(
    tg: Harness,
) -> None:
    # Failed on main: the category went, its reported indicators stayed live, and a user was
    # told the site was reported as a "parcel fee scam", a category that no longer existed.
    tg.api.document(tg.user(MOD), "parcel_fee.yaml", CATEGORY.encode(), "application/x-yaml")
    added = await tg.reply(MOD)
    audit_id = added.text.rsplit("/revert ", 1)[1].strip()
    assert "is live" in (await tg.ask(f"/reported add domain {SITE} parcel_fee", MOD)).text
    assert cited(tg, f"pay at https://{SITE}/pay") == ["parcel_fee"]

    refused = await tg.ask(f"/revert {audit_id} wrong name", MOD)
    assert "1 live reported indicator" in refused.text and SITE in refused.text
    assert "parcel_fee" in tg.store.knowledge().categories  # nothing changed
    assert cited(tg, f"pay at https://{SITE}/pay") == ["parcel_fee"]

    done = await tg.ask(f"/revert {audit_id} force wrong name", MOD)
    assert "Reverted" in done.text
    assert "parcel_fee" not in tg.store.knowledge().categories
    assert cited(tg, f"pay at https://{SITE}/pay") == []  # no verdict cites a category gone
    (down,) = [
        r for r in tg.store.audit_log() if r["entity"] == "reported" and r["action"] == "disable"
    ]
    assert down["entity_key"] == f"domain:{SITE}" and down["actor"] == f"telegram:{MOD}"
    assert "category parcel_fee" in down["reason"]
    row = tg.store.reported_row("domain", SITE)
    assert row is not None and row["enabled"] == 0  # kept, not deleted

    # the indicator does not come back alone under a category that is gone
    alone = await tg.ask(f"/revert {down['id']} restore", MOD)
    assert "category parcel_fee" in alone.text and "Reverted" not in alone.text
    assert cited(tg, f"pay at https://{SITE}/pay") == []
    # the category back first (the revert of its revert), then the indicator
    revert_of_category = max(
        r["id"]
        for r in tg.store.audit_log()
        if r["entity"] == "categories" and r["action"] == "revert"
    )
    assert "Reverted" in (await tg.ask(f"/revert {revert_of_category} mistake", MOD)).text
    assert "Reverted" in (await tg.ask(f"/revert {down['id']} restore", MOD)).text
    assert cited(tg, f"pay at https://{SITE}/pay") == ["parcel_fee"]
