"""After a warning: stop, verify first or continue anyway, recorded without the message."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fakes.harness import Harness, running_bot

from bot.checker import Checker
from bot.store import Store

SCAM = "pay the withdrawal tax first to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


@pytest.fixture
async def tg(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    async with running_bot(store, checker) as harness:
        yield harness


@pytest.mark.parametrize(
    ("button", "choice", "advice"),
    [
        (0, "stop", "Good decision"),
        (1, "verify", "Verify through"),
        (2, "continue", "official app"),
    ],
)
async def test_choice_is_recorded_and_answered(
    tg: Harness, button: int, choice: str, advice: str
) -> None:
    warning = await tg.ask(SCAM)
    _, data = warning.buttons[button]
    query = await tg.press(warning, data)
    assert (await tg.answered(query)).params["text"] == "Thank you, noted."
    cleared = await tg.api.next_call("editMessageReplyMarkup", 1)
    assert "reply_markup" not in cleared.params or not cleared.params["reply_markup"]
    follow_up = await tg.reply()
    assert advice in follow_up.text and "18222" in follow_up.text
    (share,) = tg.store.reconsidered_share(period="all")
    assert (share.region, share.answered) == ("HK", 1)
    assert share.reconsidered == (0 if choice == "continue" else 1)
    row = next(iter(tg.store.db.table("outcomes").rows))
    assert (row["category"], row["risk"], row["choice"]) == ("investment", "high", choice)
    assert "TR7N" not in str(row)  # nothing of the message is kept


async def test_every_button_fits_telegrams_64_bytes(tg: Harness) -> None:
    warning = await tg.ask(SCAM)
    assert all(1 <= len(data.encode()) <= 64 for _, data in warning.buttons)


async def test_a_second_tap_counts_once(tg: Harness) -> None:
    warning = await tg.ask(SCAM)
    first = await tg.press(warning, warning.buttons[0][1])
    second = await tg.press(warning, warning.buttons[2][1])
    await tg.answered(first)
    await tg.answered(second)
    await tg.settle()
    (share,) = tg.store.reconsidered_share(period="all")
    assert share.answered == 1
    assert len([c for c in tg.api.calls if c.method == "editMessageReplyMarkup"]) == 1


@pytest.mark.parametrize(
    "forged",
    [
        "o:shc:investment:HK:AAAAAAAA",  # a signature we did not make
        "o:shc:investment:GB:{sig}",  # a real signature moved to other data
        "lang:xx",
        "w:who:everyone",
        "r:not_a_category",
        "region:ZZ",
        "x" * 64,
        "🙂",
    ],
)
async def test_forged_callback_gets_a_polite_answer_and_nothing_else(
    tg: Harness, forged: str
) -> None:
    warning = await tg.ask(SCAM)
    signature = warning.buttons[0][1].rsplit(":", 1)[1]
    query = await tg.press(warning, forged.format(sig=signature))
    answer = await tg.answered(query)
    assert answer.params["text"] == "This button no longer works. Send /start to begin again."
    await tg.settle()
    assert [c.method for c in tg.api.pending() if c.params.get("chat_id") == "1"] == []
    assert tg.store.reconsidered_share(period="all") == []


async def test_forged_or_replayed_buttons_get_a_polite_answer_and_count_nothing(
    tg: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    warning = await tg.ask(SCAM)
    signed = warning.buttons[0][1]
    # a tampered signature in other letters, and the signed data pressed on another message
    forged = signed.rsplit(":", 1)[0] + ":" + "é" * 8
    greeting = await tg.ask("/start")
    for message, data in ((warning, forged), (greeting, signed)):
        answer = await tg.answered(await tg.press(message, data))
        assert answer.params["text"] == "This button no longer works. Send /start to begin again."
    await tg.settle()
    assert tg.store.reconsidered_share(period="all") == []
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert not tg.api.pending("sendMessage") and not tg.api.pending("editMessageReplyMarkup")
