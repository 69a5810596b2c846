"""What wraps every request: counting and timing it, and the headers every answer carries."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from bot.web.metrics import Metrics

METRICS = web.AppKey("metrics", Metrics)


def route_label(request: web.Request) -> str:
    """The route's template (/v1/address/{address}), never the raw path: labels stay few."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


@web.middleware
async def count_requests(request: web.Request, handler: Any) -> web.StreamResponse:
    """Counts every answer by route and status, and times it."""
    started = time.perf_counter()
    response: web.StreamResponse = await handler(request)
    metrics = request.app[METRICS]
    route = route_label(request)
    metrics.requests.inc(request.method, route, str(response.status))
    metrics.request_seconds.observe(time.perf_counter() - started, route)
    return response


async def add_common_headers(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: browsers must not guess content types."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
