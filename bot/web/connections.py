"""Slow, greedy and broken clients: a header timeout, a cap on connections per client address,
and JSON for what aiohttp refuses before any route or middleware sees it.

aiohttp closes a connection whose request has not fully arrived when its keep-alive timer
fires, and that timer starts when the connection opens: so the keep-alive timeout is also the
time a client has to send its headers (300 clients sending a byte every 10 s were otherwise
all kept, and with a low open-file limit /healthz stopped answering). Body reads have their
own deadline (bot.web.limits.read_body). A client address holding more than
connections_per_client connections gets its newest ones closed at once.

A request aiohttp cannot parse (a garbled request line, a header over MAX_HEADER_LINE bytes,
more than MAX_HEADERS headers, broken chunked framing) never reaches the middlewares: aiohttp
answers it from RequestHandler.handle_error, in plain text, and logs a trace at ERROR (there is
no public hook: aiohttp issue 3287). Each connection's handler is given JsonErrorsHandler's
handle_error instead: the API's JSON error body, logged at info without a trace, counted in
the metrics under the route "unmatched".
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import Counter

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from bot.settings import Settings
from bot.web.errors import MAX_HEADER_LINE, MAX_HEADERS, internal_error, protocol_error
from bot.web.metrics import Metrics
from bot.web.middleware import METRICS

log = logging.getLogger(__name__)


async def start_runner(
    app: web.Application, settings: Settings, **kwargs: object
) -> web.AppRunner:
    """An AppRunner set up with the header timeout and the per-client connection cap."""
    runner = web.AppRunner(
        app,
        keepalive_timeout=settings.header_timeout,
        max_line_size=MAX_HEADER_LINE,
        max_field_size=MAX_HEADER_LINE,
        max_headers=MAX_HEADERS,
        **kwargs,  # type: ignore[arg-type]
    )
    await runner.setup()
    assert runner.server is not None
    limit_connections(runner.server, settings.connections_per_client)
    answer_protocol_errors_as_json(runner.server, app)
    return runner


class JsonErrorsHandler(RequestHandler):
    """aiohttp's connection handler, answering its own refusals as the API does (JSON)."""

    __slots__ = ()  # the same layout as RequestHandler's, so a handler's class can be swapped

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        if request.writer.output_size > 0:  # part of an answer is out: nothing more to say
            raise ConnectionError("an answer was already started; the connection is closed")
        refusal = protocol_error(status, exc)
        if refusal.status == 500:  # a middleware failed, outside errors_middleware
            response = internal_error(request, exc)
        else:
            log.info("refused a request from %s: %s", request.remote, refusal.message)
            response = refusal.response()
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.force_close()
        metrics = _METRICS_OF.get(self._manager) if self._manager is not None else None
        if metrics is not None:
            metrics.requests.inc(request.method, "unmatched", str(response.status))
        return response


_METRICS_OF: weakref.WeakKeyDictionary[web.Server, Metrics] = weakref.WeakKeyDictionary()


def answer_protocol_errors_as_json(server: web.Server, app: web.Application) -> None:
    """Every connection of server gets JsonErrorsHandler's handle_error (module docstring)."""
    if METRICS in app:
        _METRICS_OF[server] = app[METRICS]
    made = server.connection_made

    def connection_made(handler: RequestHandler, transport: asyncio.Transport) -> None:
        if type(handler) is RequestHandler:
            try:
                handler.__class__ = JsonErrorsHandler
            except TypeError:  # an aiohttp whose handler changed shape: its own errors, served
                log.warning("aiohttp's own errors stay plain text on this aiohttp version")
        made(handler, transport)

    server.connection_made = connection_made  # type: ignore[method-assign]


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
