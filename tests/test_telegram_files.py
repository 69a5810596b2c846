"""Files in the fake Bot API, as Telegram serves them: getFile names a path, the path serves bytes.

Driven with python-telegram-bot's own Bot, as the bot downloads an uploaded document."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from fakes.telegram_api import MAX_DOWNLOAD, TOKEN, FakeTelegram
from telegram import Bot
from telegram.error import BadRequest

from bot.telegram.app import api_urls


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.release()
    await fake.stop()


@pytest.fixture
async def bot(api: FakeTelegram) -> AsyncIterator[Bot]:
    base_url, file_url = api_urls(api.base_url)
    async with Bot(TOKEN, base_url=base_url, base_file_url=file_url) as bot:
        yield bot


async def test_a_document_is_fetched_by_get_file_then_downloaded(
    api: FakeTelegram, bot: Bot
) -> None:
    message = api.document(api.user(7), "cases.csv", b"kind,value\n", "text/csv")
    doc = message["document"]
    assert (doc["file_name"], doc["mime_type"], doc["file_size"]) == ("cases.csv", "text/csv", 11)
    assert "text" not in message and "photo" not in message
    file = await bot.get_file(doc["file_id"])
    assert file.file_path is not None and file.file_path.endswith(".csv")  # PTB: a full URL
    assert file.file_size == 11
    assert bytes(await file.download_as_bytearray()) == b"kind,value\n"


async def test_a_document_with_a_caption_is_no_photo(api: FakeTelegram) -> None:
    message = api.document(api.user(7), "a.json", b"[]", "application/json", caption="cases")
    assert message["caption"] == "cases" and "photo" not in message


async def test_unknown_and_too_big_files_are_refused_like_telegram(
    api: FakeTelegram, bot: Bot
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")
    big = api.document(api.user(7), "big.csv", b"x" * (MAX_DOWNLOAD + 1), "text/csv")
    with pytest.raises(BadRequest, match=r"(?i)file is too big"):
        await bot.get_file(big["document"]["file_id"])


async def test_a_download_needs_the_token_and_a_path_from_get_file(
    api: FakeTelegram, bot: Bot
) -> None:
    message = api.document(api.user(7), "cases.csv", b"data", "text/csv")
    await bot.get_file(message["document"]["file_id"])
    path = api.calls[-1].result["file_path"]  # as Telegram answers: relative, e.g. documents/...
    assert path.startswith("documents/") and path.endswith(".csv")
    root = api.base_url.removesuffix("/bot")
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{root}/file/bot{TOKEN}/{path}") as resp:
            assert resp.status == 200 and await resp.read() == b"data"
        async with session.get(f"{root}/file/bot999:nope/{path}") as resp:
            assert resp.status == 401
        async with session.get(f"{root}/file/bot{TOKEN}/documents/file_99.csv") as resp:
            assert resp.status == 404
