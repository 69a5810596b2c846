"""The bot with pictures and e-mails: photos, image files, .eml files, albums, limits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from fakes.harness import Harness, running_bot
from media_samples import EN_SCAM, LOOKALIKE, REPORTED, eml, huge_png, qr_png, screenshot

from bot.checker import Checker
from bot.media import ocr
from bot.store import Store


@pytest.fixture
async def tg(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    async with running_bot(store, checker) as harness:
        yield harness


async def test_a_photo_of_a_qr_code_says_where_it_leads(tg: Harness) -> None:
    tg.api.photo(tg.user(1), qr_png(LOOKALIKE))
    reply = await tg.reply(1, timeout=30)
    assert reply.text.startswith(f"The QR code in your picture opens {LOOKALIKE}")
    assert "High risk" in reply.text and "Binance" in reply.text


async def test_an_eml_document_is_checked_by_its_real_links(tg: Harness) -> None:
    tg.api.document(tg.user(1), "warning.eml", eml(), "message/rfc822")
    reply = await tg.reply(1)
    assert "High risk" in reply.text
    assert "binance-verify-login.top" in reply.text and "not opened" in reply.text


async def test_an_album_is_answered_once_for_all_its_pictures(tg: Harness) -> None:
    tg.api.photo(tg.user(1), qr_png(LOOKALIKE), caption="are these ok?", media_group_id="g1")
    tg.api.photo(tg.user(1), qr_png(f"tron:{REPORTED}?amount=500"), media_group_id="g1")
    reply = await tg.reply(1, timeout=30)  # both pictures also go through text recognition
    assert (
        "picture 1 opens" in reply.text
        and f"picture 2 asks you to pay 500 to {REPORTED}" in reply.text
    )
    await tg.settle()
    await asyncio.sleep(1.5)
    assert len(tg.api.pending("sendMessage")) == 0  # one answer, not one per picture


async def test_a_too_large_picture_gets_a_polite_message(tg: Harness) -> None:
    tg.api.document(tg.user(1), "bomb.png", huge_png(), "image/png")
    reply = await tg.reply(1)
    assert reply.text.startswith("I could not check that file") and "million" in reply.text


async def test_a_corrupt_picture_gets_a_polite_message_in_chinese(tg: Harness) -> None:
    tg.api.document(tg.user(2, "zh-hk"), "x.jpg", b"\xff\xd8\xff broken", "image/jpeg")
    reply = await tg.reply(2)
    assert reply.text.startswith("我無法查核這個檔案")


async def test_a_pasted_e_mail_is_read_with_its_headers(tg: Harness) -> None:
    reply = await tg.ask(eml(attachment=None).decode())
    assert "E-mail:" in reply.text and "Pretends to be Binance" in reply.text


@pytest.mark.skipif(not ocr.available(), reason="tesseract-ocr is not installed")
async def test_a_screenshot_is_read_and_checked(tg: Harness) -> None:
    tg.api.photo(tg.user(1), screenshot(EN_SCAM))
    reply = await tg.reply(1, timeout=30)
    assert "I read" in reply.text and "High risk" in reply.text and REPORTED in reply.text
