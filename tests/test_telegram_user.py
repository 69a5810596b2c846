"""The bot in a private chat, end to end: the real Application, the fake Bot API over HTTP."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml
from fakes.harness import KB_DIR, Harness, running_bot
from fakes.telegram_api import MAX_TEXT, parse_html

from bot.checker import Checker
from bot.runtime import load_files
from bot.store import Store

REPORTED_ADDRESS = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


@pytest.fixture
async def tg(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    async with running_bot(store, checker) as harness:
        yield harness


def hidden_link(text: str, shown: str, url: str) -> list[dict[str, object]]:
    """A text_link entity over `shown`, offsets in UTF-16 code units as Telegram sends them."""
    start = len(text[: text.index(shown)].encode("utf-16-le")) // 2
    length = len(shown.encode("utf-16-le")) // 2
    return [{"type": "text_link", "offset": start, "length": length, "url": url}]


async def test_start_welcomes_and_offers_languages(tg: Harness) -> None:
    reply = await tg.ask("/start")
    assert "forward me the message" in reply.text
    assert [label for label, _ in reply.buttons] == ["English", "繁體中文"]
    saved = tg.store.get_user_settings(1)
    assert saved is not None and (saved.lang, saved.region) == ("en", "HK")


async def test_language_defaults_from_telegram_and_switches_with_buttons(tg: Harness) -> None:
    tg.user(2, language_code="zh-hant")
    welcome = await tg.ask("/start", user_id=2)
    assert "你好" in welcome.text
    query = await tg.press(welcome, "lang:en", user_id=2)
    await tg.answered(query)
    edited = await tg.api.next_call("editMessageText", 2)
    assert "Language saved" in edited.text
    assert ("United Kingdom", "region:GB") in edited.buttons
    await tg.press(edited, "region:GB", user_id=2)
    saved_region = await tg.api.next_call("editMessageText", 2)
    assert "United Kingdom" in saved_region.text
    reply = await tg.ask(f"send to {REPORTED_ADDRESS}", user_id=2)
    assert "High risk" in reply.text and "Action Fraud" in reply.text


async def test_language_command_and_chinese_reply(tg: Harness) -> None:
    menu = await tg.ask("/language")
    await tg.press(menu, "lang:zh-HK")
    await tg.api.next_call("editMessageText", 1)
    reply = await tg.ask(f"請轉賬到 {REPORTED_ADDRESS}")
    assert "高風險" in reply.text and "防騙易熱線" in reply.text


async def test_forwarded_scam_with_hidden_link(tg: Harness) -> None:
    text = "Your withdrawal is on hold. Verify now at binance.com"
    reply = await tg.ask(
        text,
        entities=hidden_link(text, "binance.com", "https://secure-login.example.top/x"),
        forward_origin={"type": "hidden_user", "date": 1, "sender_user_name": "Binance Support"},
    )
    assert reply.text.startswith("<b>⛔ High risk")
    assert "secure-login.example.top" in reply.text  # the link behind the words
    assert "Pretends to be Binance" in reply.text  # the forwarded sender
    assert "18222" in reply.text  # whom to call
    labels = [label for label, _ in reply.buttons]
    assert labels == ["🛑 Stop", "🔍 Verify first", "➡️ Continue anyway"]
    assert reply.params["link_preview_options"] == {"is_disabled": True}


async def test_forward_from_channel_imitating_an_official_one(tg: Harness) -> None:
    channel = {"id": -1001, "type": "channel", "title": "Binance Support"}
    channel["username"] = "binance_help_desk"
    origin = {"type": "channel", "date": 1, "chat": channel, "message_id": 7}
    reply = await tg.ask("Your account is limited.", forward_origin=origin)
    assert "Pretends to be Binance" in reply.text


async def test_reported_address_in_a_photo_caption(tg: Harness) -> None:
    reply = await tg.ask(f"deposit here {REPORTED_ADDRESS}", caption=True)
    assert "High risk" in reply.text
    assert REPORTED_ADDRESS in reply.text and "police" in reply.text


async def test_official_link_is_not_called_safe_and_asks_nothing(tg: Harness) -> None:
    reply = await tg.ask("https://www.binance.com/en/support")
    assert "official channel" in reply.text
    assert "safe" not in reply.text.lower()
    assert reply.buttons == []


async def test_nothing_known_is_no_record_never_safe(tg: Harness) -> None:
    reply = await tg.ask("see you at lunch tomorrow?")
    assert "No known scam record" in reply.text and "stay alert" in reply.text
    assert reply.buttons == []


async def test_html_in_the_message_is_escaped(tg: Harness) -> None:
    reply = await tg.ask(f"<b>pay</b> & <script> {REPORTED_ADDRESS}")
    assert "High risk" in parse_html(reply.text)  # the fake refuses broken HTML


async def test_4096_emoji_get_a_reply_within_limits(tg: Harness) -> None:
    reply = await tg.ask("🙂" * MAX_TEXT)
    assert "No known scam record" in reply.text
    assert len(parse_html(reply.text)) <= MAX_TEXT


async def test_a_long_reply_is_split_below_the_limit_with_buttons_last(
    tmp_path: Path,
) -> None:
    kb = tmp_path / "knowledge"
    shutil.copytree(KB_DIR, kb)
    category = kb / "categories" / "investment.yaml"
    data = yaml.safe_load(category.read_text(encoding="utf-8"))
    data["warning"]["en"] = " ".join(["Stop & think: <never> pay to withdraw."] * 150)
    category.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    store = Store(":memory:")
    load_files(store, kb, actor="test", reason="long copy")
    async with running_bot(store, Checker(store)) as tg:
        tg.send(f"pay the withdrawal tax first to {REPORTED_ADDRESS}")
        first, second = await tg.reply(), await tg.reply()
    assert "High risk" in first.text and first.buttons == []
    assert "18222" in second.text and len(second.buttons) == 3
    for piece in (first, second):
        assert len(parse_html(piece.text)) <= MAX_TEXT


async def test_unknown_command_points_to_help(tg: Harness) -> None:
    reply = await tg.ask("/frobnicate now")
    assert "/help" in reply.text


TYPO_SCAM = "Send 0.5 BTC to unlock your guaranteed daily profit"


async def test_an_unknown_command_followed_by_text_has_the_text_checked(tg: Harness) -> None:
    """"/chek <scam>" (a typo of a command) answered only "unknown command": the scam text was
    never checked. Now the reply is the text's check, after a line about the command."""
    plain = await tg.ask(TYPO_SCAM)
    assert "risk" in plain.text.lower()
    reply = await tg.ask(f"/chek {TYPO_SCAM}")
    note, _, rest = reply.text.partition("\n\n")
    assert "don't know that command" in note and "checked the text after it" in note
    assert rest == plain.text  # the same check as the text sent alone
    assert reply.buttons == plain.buttons


async def test_links_hidden_in_the_text_after_an_unknown_command_are_checked(
    tg: Harness,
) -> None:
    """Entities count from the start of the message: they move with the text after it."""
    body = "🎁 Your withdrawal is on hold. Verify now at binance.com"
    url = "https://secure-login.example.top/x"
    plain = await tg.ask(body, entities=hidden_link(body, "binance.com", url))
    assert "secure-login.example.top" in plain.text  # the link behind the words
    text = f"/chek   {body}"
    command = {"type": "bot_command", "offset": 0, "length": 5}
    reply = await tg.ask(text, entities=[command, *hidden_link(text, "binance.com", url)])
    note, _, rest = reply.text.partition("\n\n")
    assert "checked the text after it" in note
    assert rest == plain.text


async def test_an_unknown_command_with_text_is_noted_in_the_users_language(
    tg: Harness,
) -> None:
    tg.user(5, language_code="zh-hant")
    reply = await tg.ask(f"/chek send to {REPORTED_ADDRESS}", user_id=5)
    assert reply.text.startswith("我不認識這個指令")
    assert REPORTED_ADDRESS in reply.text  # the address was checked: it is quoted as reported


@pytest.mark.parametrize("text", ["/chek", "/chek   ", "/frobnicate@scamcheck_bot"])
async def test_a_bare_unknown_command_gets_the_same_answer_as_before(
    tg: Harness, text: str
) -> None:
    reply = await tg.ask(text)
    assert reply.text == "I don't know that command. Send /help to see what I can do."


async def test_a_known_command_followed_by_text_is_not_checked(tg: Harness) -> None:
    reply = await tg.ask(f"/help {TYPO_SCAM}")
    assert "/withdraw" in reply.text and "risk" not in reply.text.lower()


async def test_a_sticker_gets_told_what_can_be_checked(tg: Harness) -> None:
    sticker = {
        "file_id": "s1",
        "file_unique_id": "s1",
        "type": "regular",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
    }
    reply = await tg.ask("", sticker=sticker)
    assert "I can check text, pictures" in reply.text


async def test_help_lists_the_commands(tg: Harness) -> None:
    reply = await tg.ask("/help")
    for command in ("/withdraw", "/report", "/language", "/region", "/cancel"):
        assert command in reply.text


async def test_command_menus_are_published_per_language(tg: Harness) -> None:
    private = {c["command"] for c in tg.api.commands[("all_private_chats", "")]}
    assert {"start", "withdraw", "report", "language", "region", "help"} <= private
    assert tg.api.commands[("all_private_chats", "zh")][0]["description"] == "歡迎、語言及地區"
    admins = tg.api.commands[("all_chat_administrators", "")]
    assert admins[0]["command"] == "groupmode"


async def test_a_shared_contact_card_is_checked_by_its_phone_number(tg: Harness) -> None:
    card = {"phone_number": "+85291234567", "first_name": "Binance", "last_name": "Support"}
    reply = await tg.ask(
        "",
        contact=card,
        forward_origin={"type": "hidden_user", "date": 1, "sender_user_name": "Amy"},
    )
    assert reply.text.startswith("<b>⛔ High risk")
    assert "+85291234567 was reported" in reply.text
