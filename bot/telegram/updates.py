"""Handling updates concurrently across chats, one at a time and in order within a chat.

One update at a time for the whole bot would make every user wait for every other user's reply,
and a flood wait in one chat would stall them all. Within a chat, order matters: the answer to a
question must not overtake the command that asked it.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Update ids a process keeps to refuse its own repeats (bot.telegram.guards.once).
RECENT_UPDATES = 10_000


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Up to max_concurrent_updates at once; updates of the same chat wait for each other."""

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}  # updates holding or waiting for each chat's lock

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Runs the handlers of one update once the update before it in its chat is done."""
        key = _chat_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:  # nobody holds or waits for it: keep the tables small
                del self._users[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _chat_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


class RecentUpdates:
    """The update ids this process took lately: its own repeats are refused without the store."""

    def __init__(self, size: int = RECENT_UPDATES) -> None:
        self._ids: OrderedDict[tuple[int, int], None] = OrderedDict()
        self._size = size

    def take(self, bot_id: int, update_id: int) -> bool:
        """True the first time this process sees the update."""
        key = (bot_id, update_id)
        if key in self._ids:
            return False
        self._ids[key] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True

    def forget(self, bot_id: int, update_id: int) -> None:
        self._ids.pop((bot_id, update_id), None)
