"""/withdraw: the guided pre-withdrawal check, to its end, with its state in the store; after an
address, the address the user usually sends to (or Skip) is compared with it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fakes.harness import Harness, running_bot
from fakes.telegram_api import Call
from test_destinations import MINE, POISONED

from bot.checker import Checker
from bot.store import Store

REPORTED_ADDRESS = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
# The user's usual destination and a lookalike with the same first and last characters made the
# way poisoners make them (see tests/test_destinations.py).
USUAL = MINE


@pytest.fixture
async def tg(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    async with running_bot(store, checker) as harness:
        yield harness


async def answer(tg: Harness, question: Call, data: str) -> Call:
    """Presses an answer and returns the bot's next message (the next question or the verdict)."""
    assert data in [d for _, d in question.buttons], question.buttons
    await tg.answered(await tg.press(question, data))
    edited = await tg.api.next_call("editMessageText", 1)
    assert "→" in edited.text and edited.buttons == []  # the question now shows the answer
    return await tg.reply()


async def skip_usual(tg: Harness, destination: str) -> Call:
    """Gives an address as the destination, skips the usual-address question; returns "who"."""
    usual = await tg.ask(destination)
    assert "address you usually send to" in usual.text and "Question" not in usual.text
    assert usual.buttons == [("Skip", "w:usual:skip")]
    return await answer(tg, usual, "w:usual:skip")


async def test_risky_answers_and_a_reported_address(tg: Harness) -> None:
    intro = await tg.ask("/withdraw")
    assert "Question 1 of 5" in intro.text
    who = await skip_usual(tg, f"this one: {REPORTED_ADDRESS}")
    assert "Question 2 of 5" in who.text
    returns = await answer(tg, who, "w:who:support")
    contact = await answer(tg, returns, "w:returns:yes")
    rushed = await answer(tg, contact, "w:contact:yes")
    verdict = await answer(tg, rushed, "w:rushed:yes")
    assert "Your pre-withdrawal check" in verdict.text
    assert "High risk" in verdict.text
    assert "Warning signs in your answers" in verdict.text
    assert "Real support staff" in verdict.text and "being rushed" in verdict.text
    assert REPORTED_ADDRESS in verdict.text and "police" in verdict.text  # the address check
    assert "Guaranteed returns do not exist" in verdict.text  # the campaign warning
    assert "18222" in verdict.text
    assert len(verdict.buttons) == 3  # what will you do?
    assert tg.store.get_flow(1) is None  # finished: nothing kept


async def test_clean_answers_to_an_official_address(tg: Harness) -> None:
    await tg.ask("/withdraw")
    who = await skip_usual(tg, "0x28C6c06298d514Db089934071355E5743bf21d60")
    returns = await answer(tg, who, "w:who:self")
    contact = await answer(tg, returns, "w:returns:no")
    rushed = await answer(tg, contact, "w:contact:no")
    verdict = await answer(tg, rushed, "w:rushed:no")
    assert "none of the usual warning signs" in verdict.text
    assert "official channel" in verdict.text
    assert verdict.buttons == []


async def test_a_platform_name_alone_is_judged_on_the_answers(tg: Harness) -> None:
    await tg.ask("/withdraw")
    who = await tg.ask("CoinProfitMax")
    returns = await answer(tg, who, "w:who:stranger")
    contact = await answer(tg, returns, "w:returns:yes")
    rushed = await answer(tg, contact, "w:contact:no")
    verdict = await answer(tg, rushed, "w:rushed:no")
    assert "High risk" in verdict.text
    assert "no address or link" in verdict.text
    assert "Investment scam" in verdict.text
    assert "CoinProfitMax" not in str(tg.store.db.table("flows").rows_where())


async def test_state_lives_in_the_store_so_another_replica_continues(
    store: Store, checker: Checker
) -> None:
    async with running_bot(store, checker) as first:
        await first.ask("/withdraw")
        who = await skip_usual(first, REPORTED_ADDRESS)
    flow = store.get_flow(1)
    assert flow is not None and flow.step == "who"
    assert flow.data == {"dest": [REPORTED_ADDRESS], "usual": "skip"}
    async with running_bot(store, checker) as second:  # a new process, same store
        second.api.chats[1] = who.result["chat"]
        second.api.messages[(1, who.result["message_id"])] = dict(first.api.sent_message(who))
        returns = await answer(second, who, "w:who:friend")
        assert "Question 3 of 5" in returns.text


async def test_an_old_question_cannot_be_answered_twice(tg: Harness) -> None:
    await tg.ask("/withdraw")
    who = await skip_usual(tg, REPORTED_ADDRESS)
    await answer(tg, who, "w:who:friend")
    again = await tg.press(who, "w:who:self")
    assert (await tg.answered(again)).params["text"] == "Already answered."
    flow = tg.store.get_flow(1)
    assert flow is not None and flow.data["who"] == "friend"


async def test_cancel_ends_the_conversation(tg: Harness) -> None:
    await tg.ask("/withdraw")
    assert "Stopped" in (await tg.ask("/cancel")).text
    assert tg.store.get_flow(1) is None
    checked = await tg.ask(REPORTED_ADDRESS)  # back to ordinary checking
    assert "High risk" in checked.text
    assert "nothing to stop" in (await tg.ask("/cancel")).text


async def test_buttons_of_a_finished_conversation_say_so(tg: Harness) -> None:
    await tg.ask("/withdraw")
    who = await skip_usual(tg, REPORTED_ADDRESS)
    await tg.ask("/cancel")
    query = await tg.press(who, "w:who:self")
    assert "ended" in (await tg.answered(query)).params["text"]


async def test_a_usual_address_that_the_destination_imitates_is_address_poisoning(
    tg: Harness,
) -> None:
    await tg.ask("/withdraw")
    usual = await tg.ask(f"to {POISONED} please")
    assert usual.buttons == [("Skip", "w:usual:skip")]
    again = await tg.ask("my usual one is in my address book")  # no address in it
    assert "found no wallet address" in again.text and again.buttons == usual.buttons
    who = await tg.ask(USUAL)
    assert "⛔ Stop" in who.text and "address poisoning" in who.text
    assert "0x5aAe…eAed" in who.text and "Question 2 of 5" in who.text
    flow = tg.store.get_flow(1)
    assert flow is not None and flow.data["usual"] == [USUAL]  # the conversation's state only
    returns = await answer(tg, who, "w:who:self")
    contact = await answer(tg, returns, "w:returns:no")
    rushed = await answer(tg, contact, "w:contact:no")
    verdict = await answer(tg, rushed, "w:rushed:no")
    assert "High risk" in verdict.text  # clean answers, but the address is a poisoned copy
    assert "0x5aAe…eAed, an address you have sent to before" in verdict.text
    assert "address_poisoning warning" in verdict.text  # the category's warning (fixture)
    assert len(verdict.buttons) == 3
    assert tg.store.get_flow(1) is None
    dump = "\n".join(tg.store.db.conn.iterdump())
    assert USUAL not in dump and USUAL.lower() not in dump  # nothing of it stored


async def test_the_usual_address_itself_and_skip(tg: Harness) -> None:
    await tg.ask("/withdraw")
    usual = await tg.ask(USUAL.lower())
    who = await tg.ask(f"it is {USUAL}")
    assert "same address you usually send to" in who.text and "Stop" not in who.text
    returns = await answer(tg, who, "w:who:self")
    contact = await answer(tg, returns, "w:returns:no")
    rushed = await answer(tg, contact, "w:contact:no")
    verdict = await answer(tg, rushed, "w:rushed:no")
    assert "High risk" not in verdict.text and "poisoning" not in verdict.text
    await tg.ask("/withdraw")
    who = await skip_usual(tg, POISONED)
    assert "Question 2 of 5" in who.text and "Stop" not in who.text
    flow = tg.store.get_flow(1)
    assert flow is not None and flow.data["usual"] == "skip"
    assert usual.buttons == [("Skip", "w:usual:skip")]


async def test_the_usual_address_is_asked_only_after_an_address(tg: Harness) -> None:
    await tg.ask("/withdraw")
    who = await tg.ask("https://example.org/pay")
    assert "Question 2 of 5" in who.text and "usually send to" not in who.text
