"""Who a request comes from (an API token or an address), and whether it may go ahead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.settings import Settings
from bot.store import Store
from bot.web.errors import ApiError
from bot.web.metrics import Metrics
from bot.web.ratelimit import RateLimiter, client_address, retry_after

LIMITED_ROUTES = "api."  # route names starting so are rate-limited by the middleware


@dataclass(frozen=True)
class Client:
    key: str  # bucket key: "token:<id>" or "ip:<address>"
    by: str  # "token" or "ip"


class RateLimited(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"rate limited for {seconds:.1f}s")
        self.seconds = seconds


class Clients:
    """Identifies clients and keeps one bucket each (tokens get their own, larger rate)."""

    def __init__(self, store: Store, settings: Settings, metrics: Metrics) -> None:
        self.store = store
        self.metrics = metrics
        self.trust_forwarded = settings.api_trust_forwarded_for
        self.by_ip = RateLimiter(settings.api_rate_per_minute, settings.api_burst)
        self.by_token = RateLimiter(settings.api_key_rate_per_minute, settings.api_burst)

    def identify(self, request: web.Request) -> Client:
        """The client: a live bearer token if one is sent (401 if it is not live), else the IP.
        Another scheme (a proxy's `Basic ...` passed on) is not ours to judge: the request is
        anonymous."""
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            token = self.store.verify_token(value.strip())
            if token is None:
                raise ApiError(
                    401,
                    "unauthorized",
                    "unknown or revoked API token (send none to be limited by address)",
                    headers={"WWW-Authenticate": 'Bearer realm="scamcheck"'},
                )
            return Client(f"token:{token.id}", "token")
        forwarded = request.headers.get("X-Forwarded-For")
        address = client_address(request.remote, forwarded, self.trust_forwarded)
        return Client(f"ip:{address}", "ip")

    def _limiter(self, client: Client) -> RateLimiter:
        return self.by_token if client.by == "token" else self.by_ip

    def admit(self, request: web.Request) -> Client:
        """Lets the request in (and charges it one) or raises RateLimited."""
        client = self.identify(request)
        wait = self._limiter(client).take(client.key)
        if wait > 0:
            self.metrics.rate_limited.inc(client.by)
            raise RateLimited(wait)
        request[CLIENT] = client
        return client

    def charge(self, request: web.Request, cost: int) -> None:
        """Charges an admitted request more (a batch: one per item beyond the first)."""
        client = request.get(CLIENT)
        if client is not None and cost > 0:
            self._limiter(client).charge(client.key, cost)


@web.middleware
async def rate_limit_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """429 with Retry-After for clients over their rate, on the rate-limited API routes."""
    route = request.match_info.route
    name = route.name or ""
    if name.startswith(LIMITED_ROUTES):
        clients: Clients = request.app[CLIENTS]
        try:
            clients.admit(request)
        except RateLimited as e:
            raise ApiError(
                429,
                "rate_limited",
                f"too many requests; try again in {retry_after(e.seconds)} s",
                headers={"Retry-After": retry_after(e.seconds)},
            ) from None
    return await handler(request)  # type: ignore[no-any-return]


CLIENTS = web.AppKey("clients", Clients)
CLIENT = web.RequestKey("client", Client)
