"""Input limits: how much a request may send before it is refused, and reading within them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from aiohttp import web

from bot.web.errors import ApiError

KIB = 1024
# 20,000 characters of Chinese escaped as \uXXXX is 120 KiB; entities and JSON take the rest.
MAX_CHECK_BODY = 256 * KIB
MAX_BATCH_BODY = 4 * KIB * KIB
MAX_FORM_BODY = 256 * KIB
MAX_WEBHOOK_BODY = 1 * KIB * KIB
# aiohttp refuses anything larger before a handler sees it.
MAX_ANY_BODY = MAX_BATCH_BODY
# Seconds a client has to send a whole body (Settings.body_timeout; set by build_web_app).
BODY_TIMEOUT = web.AppKey("body_timeout", float)


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "body_too_large", f"the body is larger than {limit} bytes")


@contextlib.asynccontextmanager
async def body_deadline(request: web.Request) -> AsyncIterator[None]:
    """408 when the body is still arriving after the app's body timeout."""
    seconds = request.app.get(BODY_TIMEOUT, 30.0)
    try:
        async with asyncio.timeout(seconds):
            yield
    except TimeoutError:
        raise ApiError(
            408, "body_timeout", f"the body did not arrive within {seconds:g} s"
        ) from None


async def read_body(request: web.Request, limit: int) -> bytes:
    """The request body, or 413 as soon as it is known to exceed limit (chunked bodies too)."""
    if request.content_length is not None and request.content_length > limit:
        raise _too_large(limit)
    if request.content.is_eof():
        # All of it has arrived (a small body comes with its headers): nothing to wait for, so
        # no deadline to arm (a timer set and cancelled on every request).
        body = request.content.read_nowait()
        if len(body) > limit:
            raise _too_large(limit)
        return body
    chunks: list[bytes] = []
    size = 0
    async with body_deadline(request):
        while chunk := await request.content.readany():
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            chunks.append(chunk)
    return b"".join(chunks)


async def read_json(request: web.Request, limit: int) -> bytes:
    """A JSON body (raw bytes, for pydantic to parse); another media type is refused with 415."""
    ctype = request.content_type
    declared = "Content-Type" in request.headers
    if declared and ctype != "application/json" and not ctype.endswith("+json"):
        raise ApiError(415, "unsupported_media_type", "send the body as application/json")
    return await read_body(request, limit)
