"""Per-user rate limit on what users send, and the guard that applies it before any handler.

The buckets live in this process: with several webhook replicas each enforces its own share
(the plan is Redis, see DESIGN.md). A user over the limit is told so once per window, then ignored
until the window has room again, so a flood of messages does not become a flood of replies.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from enum import Enum

WINDOW = 60.0  # seconds
_SWEEP_AT = 10_000  # users tracked before idle ones are dropped


class Decision(Enum):
    ALLOW = "allow"
    WARN = "warn"  # over the limit: tell the user, once per window
    DROP = "drop"  # still over the limit: say nothing more


class UserRateLimiter:
    """A sliding window of at most per_minute updates per user."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = max(1, per_minute)
        self.clock = clock
        self._hits: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}

    def hit(self, user_id: int) -> Decision:
        """Counts one update from the user and says whether to handle it."""
        now = self.clock()
        hits = self._hits.setdefault(user_id, deque())
        while hits and now - hits[0] >= WINDOW:
            hits.popleft()
        if len(hits) < self.per_minute:
            hits.append(now)
            self._maybe_sweep(now)
            return Decision.ALLOW
        if now - self._warned.get(user_id, -WINDOW) >= WINDOW:
            self._warned[user_id] = now
            return Decision.WARN
        return Decision.DROP

    def _maybe_sweep(self, now: float) -> None:
        if len(self._hits) < _SWEEP_AT:
            return
        for uid in [u for u, h in self._hits.items() if not h or now - h[-1] >= WINDOW]:
            self._hits.pop(uid, None)
            self._warned.pop(uid, None)
