"""/report: a suspected scam goes to the moderation queue, never straight into the knowledge."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fakes.harness import Harness, running_bot
from fakes.telegram_api import Call

from bot.checker import Checker
from bot.knowledge import Brand, Knowledge
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


async def test_official_and_emergency_numbers_are_not_queued(tg: Harness) -> None:
    bank = Brand(id="harbour-bank", name="Harbour Bank", kind="service",
                 domains=["harbourbank.example"], phones=["+852 2888 0101"],
                 source="test")  # fmt: skip
    tg.store.load_knowledge(Knowledge(brands=[bank]), actor="test", reason="a brand's line")
    text = ("/report posing as Harbour Bank (+852 2888 0101), they said call 999 or 18222 "
            "is busy, so call their agent on +852 6123 9876")  # fmt: skip
    await pick(tg, await tg.ask(text), "r:fake_support")
    queued = tg.store.pending_reports()
    assert [(q["kind"], q["value"]) for q in queued] == [("phone", "+85261239876")]


async def test_the_reporters_own_number_is_neither_queued_nor_kept(tg: Harness) -> None:
    await tg.ask("/report")
    own = {"phone_number": "85261239876", "first_name": "User1", "user_id": 1}
    category = await tg.ask("", contact=own)  # "share my contact" by mistake
    await pick(tg, category, "r:unknown")
    (queued,) = tg.store.pending_reports()
    assert queued["kind"] == "message"
    for field in ("value", "note"):
        assert "61239876" not in queued[field].replace(" ", ""), queued
    assert "[own number]" in queued["note"]
    # someone else's card is what a report is for: its number is queued
    await tg.ask("/report")
    theirs = {"phone_number": "+852 6123 1111", "first_name": "Support", "user_id": 99}
    await pick(tg, await tg.ask("", contact=theirs), "r:fake_support")
    queued_now = [(q["kind"], q["value"]) for q in tg.store.pending_reports()]
    assert ("phone", "+85261231111") in queued_now


async def test_the_note_keeps_the_opening_of_a_long_report(tg: Harness) -> None:
    long = "/report send the release fee now " + "and tell nobody about this " * 80
    await pick(tg, await tg.ask(long), "r:investment")
    (queued,) = tg.store.pending_reports()
    assert queued["note"].startswith("send the release fee now")
    assert len(queued["note"]) <= 280


async def test_a_plain_text_report_keeps_no_more_of_the_message_than_its_note(
    tg: Harness,
) -> None:
    """A report naming no indicator is queued as the message itself: its value held the first
    2,048 characters, beside a note said (README, Privacy) to keep at most 280."""
    long = "/report my mentor says pay the release fee " + "and tell nobody about it " * 80
    await pick(tg, await tg.ask(long), "r:investment")
    (queued,) = tg.store.pending_reports()
    assert queued["kind"] == "message"
    assert queued["value"].startswith("my mentor says pay the release fee")
    assert len(queued["value"]) <= 280 and len(queued["key"]) <= 280
    submitted = tg.store.history("user_reports", str(queued["id"]))[0]
    assert len(submitted["after"]) < 600  # the audit record's copy of the key too
