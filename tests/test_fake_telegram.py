"""The fake Bot API refuses what Telegram refuses; otherwise the bot's tests would prove little."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from fakes.telegram_api import TOKEN, FakeTelegram


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    fake.message(fake.user(1), "hello")  # Telegram only lets bots write to chats they know
    yield fake
    await fake.release()
    await fake.stop()


async def post(api: FakeTelegram, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{api.base_url}{TOKEN}/{method}", data=form) as resp,
    ):
        return resp.status, await resp.json()


def button(data: str) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": "b", "callback_data": data}]]}


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"text": "x" * 4097}, "message is too long"),
        ({"text": "<b>x" + "&amp;" * 4096 + "</b>", "parse_mode": "HTML"}, "too long"),
        ({"text": "<b>bold</i>", "parse_mode": "HTML"}, "can't parse entities"),
        ({"text": "1 < 2", "parse_mode": "HTML"}, "can't parse entities"),
        ({"text": "<script>x</script>", "parse_mode": "HTML"}, "unsupported start tag"),
        ({"text": "<b>open", "parse_mode": "HTML"}, "can't find end tag"),
        ({"text": "   "}, "message text is empty"),
        ({"text": "ok", "reply_markup": button("x" * 65)}, "BUTTON_DATA_INVALID"),
        ({"text": "ok", "reply_markup": button("é" * 33)}, "BUTTON_DATA_INVALID"),  # 66 bytes
        ({"text": "ok", "reply_markup": button("")}, "BUTTON_DATA_INVALID"),
        ({"text": "ok", "chat_id": "42"}, "chat not found"),
    ],
)
async def test_send_message_refuses_like_telegram(
    api: FakeTelegram, params: dict[str, Any], error: str
) -> None:
    status, body = await post(api, "sendMessage", **{"chat_id": "1", **params})
    assert status == 400 and body["ok"] is False and error in body["description"]


async def test_at_the_limits_it_accepts(api: FakeTelegram) -> None:
    text = "<b>" + "&amp;" * 4096 + "</b>"  # 4096 characters once parsed
    status, body = await post(
        api,
        "sendMessage",
        chat_id="1",
        text=text,
        parse_mode="HTML",
        reply_markup=button("x" * 64),
    )
    assert status == 200 and body["result"]["text"] == "&" * 4096


async def test_a_flood_wait_on_demand(api: FakeTelegram) -> None:
    api.fail_next("sendMessage", 429, retry_after=3)
    status, body = await post(api, "sendMessage", chat_id="1", text="hi")
    assert status == 429 and body["parameters"] == {"retry_after": 3}
    assert (await post(api, "sendMessage", chat_id="1", text="hi"))[0] == 200


async def test_a_callback_query_is_answered_once(api: FakeTelegram) -> None:
    query = api.click(api.user(1), {"message_id": 1, "date": 0, "chat": api.chats[1]}, "x")
    assert (await post(api, "answerCallbackQuery", callback_query_id=query))[0] == 200
    status, body = await post(api, "answerCallbackQuery", callback_query_id=query)
    assert status == 400 and "query is too old" in body["description"]


async def test_only_the_bots_own_messages_can_be_edited(api: FakeTelegram) -> None:
    users_message = api.message(api.user(1), "mine")
    status, body = await post(
        api, "editMessageText", chat_id="1", message_id=str(users_message["message_id"]), text="x"
    )
    assert status == 400 and "can't be edited" in body["description"]


async def test_a_wrong_token_is_unauthorized(api: FakeTelegram) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{api.base_url}999:nope/getMe") as resp,
    ):
        assert resp.status == 401
