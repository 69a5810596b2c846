"""Flood-safe sending: stay under Telegram's limits and wait out a 429 instead of failing.

Telegram allows about 30 messages a second overall, about one a second per private chat (short
bursts are tolerated) and 20 a minute per group. Token buckets keep us under those; when Telegram
still answers 429, the request is retried after the retry_after it names.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)

JSON = bool | dict[str, Any] | list[dict[str, Any]]
_NEW_MESSAGE = ("send", "copy", "forward")  # counted per chat and overall
_EDIT = ("edit",)  # changes an existing message: counted overall only
_MAX_BUCKETS = 10_000


def retry_seconds(e: RetryAfter) -> float:
    """How long Telegram asked us to wait (int or timedelta, depending on PTB's migration)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = e.retry_after
    return float(wait) if isinstance(wait, int | float) else wait.total_seconds()


class Bucket:
    """A token bucket: capacity requests at once, refilled at rate per second."""

    def __init__(self, rate: float, capacity: float) -> None:
        self.rate, self.capacity = rate, capacity
        self.tokens, self.stamp = capacity, time.monotonic()

    async def take(self) -> None:
        """Waits until a request may go."""
        while True:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return
            await asyncio.sleep((1 - self.tokens) / self.rate)

    @property
    def idle(self) -> bool:
        elapsed = time.monotonic() - self.stamp
        return self.tokens + elapsed * self.rate >= self.capacity


class FloodSafeLimiter(BaseRateLimiter[int]):
    """Throttles sends per chat and overall; retries after a 429 up to max_retries times."""

    def __init__(self, max_retries: int = 3, max_wait: float = 60.0) -> None:
        self.max_retries, self.max_wait = max_retries, max_wait
        self._overall = Bucket(rate=30, capacity=30)
        self._chats: dict[str, Bucket] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
        self._chats.clear()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSON:
        """Sends when the buckets allow; on RetryAfter waits as told and tries again."""
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            if endpoint.startswith(_NEW_MESSAGE):
                await self._chat_bucket(str(data.get("chat_id"))).take()
            if endpoint.startswith(_NEW_MESSAGE + _EDIT):
                await self._overall.take()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as e:
                seconds = retry_seconds(e)
                if attempt == retries or seconds > self.max_wait:
                    raise
                log.warning("flood wait on %s: retrying in %ss", endpoint, seconds)
                await asyncio.sleep(seconds + 0.1)
        raise AssertionError("unreachable")

    def _chat_bucket(self, chat: str) -> Bucket:
        if (bucket := self._chats.get(chat)) is None:
            if len(self._chats) >= _MAX_BUCKETS:
                self._chats = {k: b for k, b in self._chats.items() if not b.idle}
            group = chat.startswith("-") or chat.startswith("@")
            # Short bursts are tolerated (a reply in two pieces, the questions of /withdraw).
            bucket = Bucket(rate=20 / 60, capacity=5) if group else Bucket(rate=1, capacity=10)
            self._chats[chat] = bucket
        return bucket
