"""Forged and odd input to the bot: forwards of commands, repeated updates, strange arguments.

The real Application against the fake Bot API on 127.0.0.1, as in the other Telegram tests.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fakes.harness import Harness, running_bot

from bot.checker import Checker
from bot.store import Store

ADMIN, USER = 1, 50


@pytest.fixture
async def tg(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    async with running_bot(store, checker, admins=[ADMIN]) as h:
        yield h


def forwarded_from(sender: dict[str, Any]) -> dict[str, Any]:
    """What Telegram puts on a forward of sender's message."""
    return {"forward_origin": {"type": "user", "sender_user": sender, "date": int(time.time())}}


async def test_a_forwarded_command_is_checked_as_content_never_run(tg: Harness) -> None:
    """A forward keeps its bot_command entity: a forwarded '/grant 50 moderator' (sent to an
    admin by someone else) or '/start' is someone else's text, to be checked."""
    stranger = tg.api.user(77)
    for text in (f"/grant {USER} moderator", "/start", "/whoami", "/withdraw"):
        reply = await tg.ask(text, ADMIN, **forwarded_from(stranger))
        assert "No known scam record" in reply.text, (text, reply.text)
    await tg.settle()
    assert tg.store.role_of(USER) is None
    assert tg.store.get_flow(ADMIN) is None  # /withdraw did not start its questions
    # typed by the admin, the same command runs
    await tg.ask(f"/grant {USER} moderator", ADMIN)
    assert tg.store.role_of(USER) is not None


async def test_a_forwarded_command_in_a_group_is_checked_not_answered(tg: Harness) -> None:
    group = {"id": -100777, "type": "supergroup", "title": "traders"}
    scam = "/report pay the withdrawal tax first to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    tg.api.message(tg.user(USER), scam, chat=group, **forwarded_from(tg.api.user(77)))
    warning = await tg.reply(-100777)
    assert "Careful" in warning.text
    assert "in private" not in warning.text


async def test_ids_that_belong_to_nobody_get_the_usage(tg: Harness) -> None:
    for text in ("/grant 0 moderator", "/grant #000 moderator", "/revoke 0", "/approve 0"):
        assert "Usage" in (await tg.ask(text, ADMIN)).text, text
    assert tg.store.role_of(0) is None
    assert "is now moderator" in (await tg.ask(f"/grant #0{USER} moderator", ADMIN)).text
    assert tg.store.role_of(USER) is not None
