"""The limits themselves: the per-user sliding window and the flood-safe send buckets."""

from __future__ import annotations

import asyncio
import time

from bot.telegram.flood import Bucket
from bot.telegram.ratelimit import WINDOW, Decision, UserRateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_user_over_the_limit_is_told_once_per_window() -> None:
    clock = Clock()
    limiter = UserRateLimiter(per_minute=2, clock=clock)
    decisions = [limiter.hit(1) for _ in range(4)]
    assert decisions == [Decision.ALLOW, Decision.ALLOW, Decision.WARN, Decision.DROP]
    assert limiter.hit(2) is Decision.ALLOW  # others are not affected
    clock.now += WINDOW
    assert limiter.hit(1) is Decision.ALLOW


async def test_the_bucket_lets_a_burst_through_then_paces() -> None:
    bucket = Bucket(rate=20, capacity=3)
    started = time.monotonic()
    for _ in range(3):
        await bucket.take()
    assert time.monotonic() - started < 0.05
    await asyncio.gather(*(bucket.take() for _ in range(4)))
    assert time.monotonic() - started >= 4 / 20 * 0.9
