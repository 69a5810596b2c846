"""Per-client rate limiting: a token bucket per client IP (or /64 network) or per API token.

A request is let in while its client's bucket holds at least one token, then pays its cost:
a batch pays one per item and may drive the bucket into debt, which the client then waits
out. Buckets are per process (see docs/http.md for running replicas).
"""

from __future__ import annotations

import functools
import ipaddress
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MAX_CLIENTS = 100_000  # buckets kept; the least recently seen go first (they refill anyway)


@dataclass
class Bucket:
    tokens: float
    at: float


class RateLimiter:
    """Token buckets keyed by client; `rate_per_minute` 0 lets everything through."""

    def __init__(
        self,
        rate_per_minute: int,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        self.rate = rate_per_minute / 60.0
        self.capacity = float(max(burst, math.ceil(self.rate)))
        self.clock = clock
        self.max_clients = max_clients
        self.buckets: OrderedDict[str, Bucket] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, key: str, cost: float = 1.0) -> float:
        """0 if the request may go ahead (and pays cost), else the seconds to wait."""
        if not self.enabled:
            return 0.0
        now = self.clock()
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = Bucket(self.capacity, now)
            if len(self.buckets) > self.max_clients:
                self.buckets.popitem(last=False)
        else:
            self.buckets.move_to_end(key)
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.at) * self.rate)
            bucket.at = now
        if bucket.tokens < 1.0:
            return (1.0 - bucket.tokens) / self.rate
        bucket.tokens -= cost
        return 0.0

    def charge(self, key: str, cost: float) -> None:
        """Adds to what a client already paid (the rest of a batch, once its size is known)."""
        if self.enabled and (bucket := self.buckets.get(key)) is not None:
            bucket.tokens -= cost


@functools.lru_cache(maxsize=4096)  # parsing the address costs more than the bucket
def client_address(peer: str | None, forwarded_for: str | None, trust_forwarded: bool) -> str:
    """The address a client is limited by: IPv6 clients by their /64, which they all get."""
    raw = peer or ""
    if trust_forwarded and forwarded_for:
        raw = forwarded_for.split(",")[-1].strip() or raw
    try:
        ip = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def retry_after(seconds: float) -> str:
    """The Retry-After header: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))
