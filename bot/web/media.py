"""POST /v1/check with multipart/form-data: text, pictures and e-mails in one check.

Fields: `text`, `lang`, `region` (as in the JSON form), `image` (PNG, JPEG, WebP; repeatable)
and `file` (a picture or a .eml e-mail; repeatable). Recognition runs in a worker thread, so
the event loop keeps serving others; nothing received is stored.
"""

from __future__ import annotations

import asyncio
import re
import time

from aiohttp import BodyPartReader, web

from bot.media.check import (
    MAX_UPLOADS,
    OnIndex,
    Upload,
    check_parts,
    gather,
    kind_of,
    reply_with_media,
)
from bot.media.images import MAX_IMAGE_BYTES, MediaError
from bot.media.parts import Part
from bot.message import ForwardOrigin
from bot.render import render
from bot.verdict import Verdict
from bot.web.checks import CheckService
from bot.web.errors import ApiError, json_response
from bot.web.limits import MAX_ANY_BODY, body_deadline
from bot.web.models import REGION_PATTERN

# aiohttp refuses a larger body before any handler runs: a picture must fit in it.
MAX_MULTIPART_BODY = MAX_ANY_BODY
MAX_FIELD = 20_000 * 4  # bytes of the text field (20,000 characters of Chinese)
LANGS = ("en", "zh-HK")


def is_multipart(request: web.Request) -> bool:
    return request.content_type == "multipart/form-data"


async def check_multipart(request: web.Request, service: CheckService) -> web.Response:
    """The verdict for a form's text, pictures and e-mails, with `origins` and the reply."""
    if request.content_length is not None and request.content_length > MAX_MULTIPART_BODY:
        raise ApiError(
            413, "body_too_large", f"the body is larger than {MAX_MULTIPART_BODY} bytes"
        )
    fields: dict[str, str] = {}
    uploads: list[Upload] = []
    try:
        async with body_deadline(request):  # a slow client gets 408, as for JSON bodies
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if not isinstance(part, BodyPartReader):
                    raise ApiError(
                        422, "invalid_request", "nested multipart bodies are not accepted"
                    )
                await _take(part, fields, uploads)
    except ValueError as e:  # aiohttp: a malformed body
        raise ApiError(400, "invalid_multipart", f"the form cannot be read: {e}") from None
    lang = fields.get("lang") or "en"
    region = fields.get("region") or None
    if lang not in LANGS:
        raise ApiError(422, "invalid_request", "lang: must be one of en, zh-HK")
    if region is not None and not re.fullmatch(REGION_PATTERN, region):
        raise ApiError(422, "invalid_request", "region: a two-letter region code, e.g. HK")
    text = fields.get("text", "")
    if not text.strip() and not uploads:
        raise ApiError(422, "invalid_request", "send a text, an image or a file")
    started = time.perf_counter()
    # The index is taken on the loop's thread (it may read the store); decoding and
    # recognition run in a thread of their own (up to 20 s a picture), the engine and the
    # reply in the service's check thread, as for every other check (bot/web/checks.py).
    idx = await service.checker.index_soon()
    try:
        parts, origin = await asyncio.to_thread(gather, idx, text, uploads)
    except MediaError as e:
        raise ApiError(e.status, e.code, str(e)) from None
    checker = OnIndex(idx, service.checker.default_region)
    verdict = await asyncio.get_running_loop().run_in_executor(
        service.pool, _verdict, checker, parts, origin, lang, region, service.default_region
    )
    service.metrics.check_seconds.observe(time.perf_counter() - started)
    service.metrics.checks.inc("api")
    service.metrics.verdicts.inc(verdict.risk)
    service.count(verdict)
    return json_response(verdict)


def _verdict(
    checker: OnIndex,
    parts: list[Part],
    origin: ForwardOrigin | None,
    lang: str,
    region: str | None,
    default_region: str,
) -> Verdict:
    """The verdict on the pieces with its reply (pure: runs in the check thread)."""
    verdict = check_parts(checker, parts, origin, lang, region)
    reply = render(verdict, checker.index, lang, region, default_region=default_region)
    verdict.reply = reply_with_media(verdict, reply, lang)
    return verdict


async def _take(part: BodyPartReader, fields: dict[str, str], uploads: list[Upload]) -> None:
    name = part.name or ""
    if name in ("text", "lang", "region"):
        data = await _read(part, MAX_FIELD, name)
        fields[name] = data.decode("utf-8", errors="replace")
        return
    if name not in ("image", "file"):
        raise ApiError(422, "invalid_request", f"{name or 'a field'}: not a field of this form")
    if len(uploads) >= MAX_UPLOADS:
        raise ApiError(413, "too_many_files", f"at most {MAX_UPLOADS} files at once")
    kind = "image" if name == "image" else kind_of(part.filename, part.headers.get("Content-Type"))
    if kind is None:
        raise ApiError(
            415,
            "unsupported_media_type",
            "file: send a picture (PNG, JPEG, WebP) or a .eml e-mail",
        )
    uploads.append(Upload(kind, await _read(part, MAX_IMAGE_BYTES, name), part.filename))


async def _read(part: BodyPartReader, limit: int, name: str) -> bytes:
    chunks, size = [], 0
    while chunk := await part.read_chunk(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "file_too_large", f"{name}: larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
