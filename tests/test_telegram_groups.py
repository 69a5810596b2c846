"""Group mode: silent on ordinary chat, a one-line warning on scam indicators, admins decide."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from fakes.harness import Harness, running_bot
from fakes.telegram_api import ANONYMOUS_ADMIN_ID, BOT_ID, BOT_USERNAME

from bot.checker import Checker
from bot.store import Store

GID = -100777
GROUP: dict[str, Any] = {"id": GID, "type": "supergroup", "title": "Crypto traders"}
ADMIN, MEMBER = 10, 11
PHRASES_ONLY = "Join my VIP group for guaranteed daily profit!"


@pytest.fixture
async def tg(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    async with running_bot(store, checker) as harness:
        harness.api.members[(GID, ADMIN)] = "administrator"
        yield harness


def say(tg: Harness, text: str, user_id: int = MEMBER, **extra: Any) -> dict[str, Any]:
    return tg.api.message(tg.user(user_id), text, chat=GROUP, **extra)


async def silent(tg: Harness) -> bool:
    await tg.settle()
    return not tg.api.pending("sendMessage")


@pytest.mark.parametrize(
    "text",
    [
        "gm everyone, BTC looks strong today",
        "official site is https://www.binance.com",
        "call 18222 if anyone DMs you",
        "🙂" * 4096,
    ],
)
async def test_ordinary_chat_gets_no_reply(tg: Harness, text: str) -> None:
    say(tg, text)
    assert await silent(tg)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("send to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t for the bonus", "reported"),
        ("support: https://help.fake-exchange.top/ticket", "reported"),
        ("login at https://binancce.com now", "Imitates binance.com"),
    ],
)
async def test_a_scam_indicator_gets_a_one_line_warning(
    tg: Harness, text: str, quoted: str
) -> None:
    message = say(tg, text)
    warning = await tg.reply(GID)
    assert quoted in warning.text and "Careful" in warning.text
    assert warning.params["reply_parameters"]["message_id"] == message["message_id"]
    assert warning.buttons == [("Open a private chat", f"https://t.me/{BOT_USERNAME}")]
    english, chinese = warning.text.splitlines()  # no language chosen: one line of each
    assert "Careful" in english and "小心" in chinese


async def test_phrases_alone_wait_for_strict_mode(tg: Harness) -> None:
    say(tg, PHRASES_ONLY)
    assert await silent(tg)
    say(tg, "/groupmode strict", user_id=ADMIN)
    assert "anything that looks like a scam" in (await tg.reply(GID)).text
    say(tg, PHRASES_ONLY)
    assert "Careful" in (await tg.reply(GID)).text


async def test_only_admins_change_the_mode(tg: Harness) -> None:
    say(tg, "/groupmode off")
    assert "Only this group's admins" in (await tg.reply(GID)).text
    asked = await tg.api.next_call("getChatMember")
    assert (asked.params["chat_id"], asked.params["user_id"]) == (str(GID), str(MEMBER))
    assert tg.store.group_mode(GID) == "normal"
    say(tg, f"/groupmode@{BOT_USERNAME} off", user_id=ADMIN)
    assert "stay silent" in (await tg.reply(GID)).text
    assert tg.store.group_mode(GID) == "off"
    assert tg.store.history("group_settings", str(GID))[-1]["actor"] == f"telegram:{ADMIN}"
    say(tg, "send to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")
    assert await silent(tg)


async def test_an_anonymous_admin_posting_as_the_group_may_change_it(tg: Harness) -> None:
    tg.user(ANONYMOUS_ADMIN_ID)
    say(tg, "/groupmode strict", user_id=ANONYMOUS_ADMIN_ID, sender_chat=GROUP)
    assert "anything" in (await tg.reply(GID)).text
    assert tg.store.group_mode(GID) == "strict"


async def test_groupmode_without_a_mode_explains_itself(tg: Harness) -> None:
    say(tg, "/groupmode")
    assert "This group's mode is normal" in (await tg.reply(GID)).text


async def test_the_bot_introduces_itself_once_when_added(tg: Harness) -> None:
    bot = {"id": BOT_ID, "is_bot": True, "first_name": "Scam Check", "username": BOT_USERNAME}
    tg.api.chats[GID] = GROUP
    change = {
        "chat": GROUP,
        "from": tg.user(ADMIN),
        "date": 1,
        "old_chat_member": {"status": "left", "user": bot},
        "new_chat_member": {"status": "member", "user": bot},
    }
    tg.api.push({"my_chat_member": change})
    assert "/groupmode" in (await tg.reply(GID)).text


async def test_private_conversations_are_moved_to_private(tg: Harness) -> None:
    say(tg, f"/withdraw@{BOT_USERNAME}")
    pointer = await tg.reply(GID)
    assert pointer.buttons == [
        ("Open a private chat", f"https://t.me/{BOT_USERNAME}?start=withdraw")
    ]
    first_question = await tg.ask("/start withdraw", user_id=MEMBER)  # the deep link
    assert "Question 1 of 5" in first_question.text


async def test_a_contact_card_with_a_reported_phone_gets_a_warning(tg: Harness) -> None:
    say(tg, "", contact={"phone_number": "+85291234567", "first_name": "Exchange support"})
    warning = await tg.reply(GID)
    assert "+85291234567 was reported" in warning.text and "Careful" in warning.text
    say(tg, "", contact={"phone_number": "+85261234567", "first_name": "Mum"})
    assert await silent(tg)


async def test_warnings_follow_the_groups_language_not_the_senders(tg: Harness) -> None:
    scam = "send to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t for the bonus"
    tg.user(MEMBER, language_code="zh-hant")  # the sender's client speaks Chinese
    say(tg, "/grouplang en")
    assert "只有本群組的管理員" in (await tg.reply(GID)).text  # a reply to them: their language
    assert tg.store.group_lang(GID) is None
    say(tg, "/grouplang en", user_id=ADMIN)
    assert "now in English" in (await tg.reply(GID)).text
    say(tg, scam)
    warning = await tg.reply(GID)
    assert "Careful" in warning.text and "小心" not in warning.text
    say(tg, "/grouplang 中文", user_id=ADMIN)
    await tg.reply(GID)
    say(tg, scam, user_id=12)  # an English-speaking sender
    warning = await tg.reply(GID)
    assert "小心" in warning.text and "Careful" not in warning.text
    assert warning.buttons[0][0] != "Open a private chat"
    say(tg, "/grouplang", user_id=12)
    assert "/grouplang both" in (await tg.reply(GID)).text
    assert tg.store.history("group_settings", str(GID))[-1]["actor"] == f"telegram:{ADMIN}"
    assert tg.store.group_mode(GID) == "normal"  # the language did not touch the mode


async def test_a_forward_of_the_bots_own_warning_is_not_warned_about_again(tg: Harness) -> None:
    say(tg, "send to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t for the bonus")
    warning = await tg.reply(GID)
    bot = {"id": BOT_ID, "is_bot": True, "first_name": "Scam Check", "username": BOT_USERNAME}
    origin = {"type": "user", "sender_user": bot, "date": 1}
    say(tg, warning.text, forward_origin=origin)  # passed on from another group
    assert await silent(tg)
    someone = {"type": "user", "sender_user": tg.user(12), "date": 1}
    say(tg, warning.text, forward_origin=someone)  # the same words from a person: checked
    assert "Careful" in (await tg.reply(GID)).text


async def test_settings_follow_the_group_when_it_becomes_a_supergroup(tg: Harness) -> None:
    old: dict[str, Any] = {"id": -4001, "type": "group", "title": "Crypto traders"}
    new: dict[str, Any] = {"id": -1004001, "type": "supergroup", "title": "Crypto traders"}
    tg.api.members[(-4001, ADMIN)] = "administrator"
    tg.api.message(tg.user(ADMIN), "/groupmode off", chat=old)
    assert "stay silent" in (await tg.reply(-4001)).text
    # what Telegram sends when the group is upgraded: one message in each chat
    tg.api.message(tg.user(ADMIN), chat=old, migrate_to_chat_id=-1004001)
    tg.api.message(tg.user(ADMIN), chat=new, migrate_from_chat_id=-4001)
    tg.api.message(tg.user(MEMBER), "send to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", chat=new)
    assert await silent(tg)
    assert tg.store.group_mode(-1004001) == "off"


async def test_a_message_edited_into_a_scam_is_warned_about_once(tg: Harness) -> None:
    original = say(tg, "hi all, any tips for a first withdrawal?")
    assert await silent(tg)
    scam = "send to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t for the bonus"
    edited = {**original, "text": scam, "edit_date": original["date"] + 60}
    tg.api.push({"edited_message": edited})
    warning = await tg.reply(GID)
    assert "Careful" in warning.text
    assert warning.params["reply_parameters"]["message_id"] == original["message_id"]
    tg.api.push({"edited_message": {**edited, "text": scam + " today", "edit_date": 3}})
    assert await silent(tg)  # the same message again: warned about already
    command = {"type": "bot_command", "offset": 0, "length": 10}
    tg.api.push({"edited_message": {**original, "text": "/groupmode off", "entities": [command],
                                    "from": tg.user(ADMIN), "edit_date": 4}})  # fmt: skip
    assert await silent(tg)
    assert tg.store.group_mode(GID) == "normal"  # an edit is never run as a command


@pytest.mark.parametrize(
    "text",
    [
        "/claim your bonus: send to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        "/start@other_airdrop_bot send to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
    ],
)
async def test_a_scam_behind_a_slash_is_still_warned_about(tg: Harness, text: str) -> None:
    say(tg, text)
    assert "Careful" in (await tg.reply(GID)).text


@pytest.mark.parametrize("text", ["/roll@dicebot 2d6", "/start@otherbot hello there", "/chek hi"])
async def test_commands_for_other_bots_with_text_stay_unanswered_in_groups(
    tg: Harness, text: str
) -> None:
    """A private chat checks the text after an unknown command; a group does not change:
    commands meant for other bots are common there and get no answer without an indicator."""
    say(tg, text)
    assert await silent(tg)
