"""/report: a suspected scam goes to the moderation queue, never straight into the knowledge."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fakes.harness import Harness, running_bot
from fakes.telegram_api import Call

from bot.checker import Checker
from bot.store import Store

ADDRESS = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"


@pytest.fixture
async def tg(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    async with running_bot(store, checker) as harness:
        yield harness


async def pick(tg: Harness, question: Call, data: str) -> Call:
    """Picks a category and returns the bot's thanks."""
    assert data in [d for _, d in question.buttons]
    await tg.answered(await tg.press(question, data))
    edited = await tg.api.next_call("editMessageText", 1)
    assert "→" in edited.text
    return await tg.reply()


async def test_report_with_the_command_goes_to_review(tg: Harness) -> None:
    kb_version = tg.store.kb_version
    category = await tg.ask(f"/report they asked me to send USDT to {ADDRESS}")
    assert "What kind of scam" in category.text
    thanks = await pick(tg, category, "r:investment")
    assert "waiting for our moderators" in thanks.text and "#" in thanks.text
    (queued,) = tg.store.pending_reports()
    assert (queued["kind"], queued["category"], queued["status"]) == (
        "address", "investment", "pending"
    )  # fmt: skip
    assert queued["reporter"] == "telegram:1"
    assert tg.store.kb_version == kb_version  # nothing went live
    assert tg.store.find_reported("address", ADDRESS) is None
    assert tg.store.get_flow(1) is None


async def test_report_asks_for_the_content_then_the_category(tg: Harness) -> None:
    ask = await tg.ask("/report")
    assert "Send me what you want to report" in ask.text
    category = await tg.ask(
        "win big at https://lucky-draw.example.top/claim",
        forward_origin={"type": "hidden_user", "date": 1, "sender_user_name": "Lucky"},
    )
    thanks = await pick(tg, category, "r:unknown")
    assert "waiting" in thanks.text
    (queued,) = tg.store.pending_reports()
    assert "lucky-draw.example.top" in queued["value"] and queued["category"] == "unknown"


async def test_report_a_forwarded_message_by_replying_to_it(tg: Harness) -> None:
    forwarded = tg.send("Your prize awaits, call +852 9123 4567")
    assert "High risk" in (await tg.reply()).text  # it was checked when it came in
    category = await tg.ask("/report", reply_to_message=forwarded)
    await pick(tg, category, "r:prize_lottery")
    (queued,) = tg.store.pending_reports()
    assert queued["kind"] == "phone" and queued["category"] == "prize_lottery"


async def test_text_without_indicators_is_queued_as_a_message(tg: Harness) -> None:
    category = await tg.ask("/report my mentor says to pay a release fee before withdrawing")
    await pick(tg, category, "r:investment")
    (queued,) = tg.store.pending_reports()
    assert queued["kind"] == "message" and "release fee" in queued["value"]


async def test_a_double_tap_reports_once(tg: Harness) -> None:
    category = await tg.ask(f"/report {ADDRESS}")
    first = await tg.press(category, "r:investment")
    second = await tg.press(category, "r:phishing")
    await tg.answered(first)
    await tg.answered(second)
    await tg.settle()
    assert len(tg.store.pending_reports()) == 1
