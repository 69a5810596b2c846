"""Slow and greedy clients: a header timeout and a cap on connections per client address.

aiohttp closes a connection whose request has not fully arrived when its keep-alive timer
fires, and that timer starts when the connection opens: so the keep-alive timeout is also the
time a client has to send its headers (300 clients sending a byte every 10 s were otherwise
all kept, and with a low open-file limit /healthz stopped answering). Body reads have their
own deadline (bot.web.limits.read_body). A client address holding more than
connections_per_client connections gets its newest ones closed at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from bot.settings import Settings

log = logging.getLogger(__name__)


async def start_runner(
    app: web.Application, settings: Settings, **kwargs: object
) -> web.AppRunner:
    """An AppRunner set up with the header timeout and the per-client connection cap."""
    runner = web.AppRunner(app, keepalive_timeout=settings.header_timeout, **kwargs)  # type: ignore[arg-type]
    await runner.setup()
    assert runner.server is not None
    limit_connections(runner.server, settings.connections_per_client)
    return runner


def limit_connections(server: web.Server, per_client: int) -> None:
    """Closes a client's connections beyond per_client as soon as they open."""
    open_by: Counter[str] = Counter()
    client_of: dict[RequestHandler, str] = {}
    made, lost = server.connection_made, server.connection_lost

    def connection_made(handler: RequestHandler, transport: asyncio.Transport) -> None:
        made(handler, transport)
        peer = transport.get_extra_info("peername")
        client = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        client_of[handler] = client
        open_by[client] += 1
        if open_by[client] > per_client:
            log.info("closing a connection of %s: it holds %d", client, open_by[client] - 1)
            transport.close()

    def connection_lost(handler: RequestHandler, exc: BaseException | None = None) -> None:
        client = client_of.pop(handler, None)
        if client is not None:
            open_by[client] -= 1
            if open_by[client] <= 0:
                del open_by[client]
        lost(handler, exc)

    server.connection_made = connection_made  # type: ignore[method-assign]
    server.connection_lost = connection_lost  # type: ignore[method-assign]
