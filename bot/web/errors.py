"""Errors as JSON: what a client is told, and the middleware that never lets a trace out."""

from __future__ import annotations

import logging
import uuid
from http import HTTPStatus
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError, LineTooLong
from pydantic import ValidationError

from bot.web.models import ErrorBody, ErrorDetail

log = logging.getLogger(__name__)

# aiohttp's parser limits, passed to it explicitly (bot.web.connections): a request line or
# header line (a long cookie or bearer token fits), and how many header lines.
MAX_HEADER_LINE = 8190
MAX_HEADERS = 128


class ApiError(Exception):
    """A refusal the client caused: answered with its status and a JSON error body."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: list[ErrorDetail] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details, self.headers = details, headers

    def response(self) -> web.Response:
        body = ErrorBody(error=self.message, code=self.code, details=self.details)
        return json_response(body, self.status, self.headers)


def json_response(
    model: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A pydantic model as the JSON body, serialised by pydantic (fast, exact)."""
    return web.Response(
        body=model.model_dump_json(exclude_none=isinstance(model, ErrorBody)).encode(),
        status=status,
        content_type="application/json",
        headers=headers,
    )


# What JSON.stringify writes for a string cut inside an emoji ("\ud83d") is refused by the
# parser as "unexpected end of hex escape" or "lone leading surrogate".
ESCAPE_HINT = (
    " (a \\uXXXX escape takes four hex digits, and a surrogate \\ud800-\\udfff is refused"
    " without its pair)"
)


def invalid(e: ValidationError, prefix: str = "") -> ApiError:
    """422 naming every field that is wrong, e.g. `text: String should have at most ...`."""
    details = details_of(e, prefix)
    if any(d.type == "json_invalid" for d in details):
        why = details[0].message
        if "hex escape" in why or "surrogate" in why:  # the parser's words are misleading here
            why += ESCAPE_HINT
        return ApiError(400, "invalid_json", f"the body is not valid JSON: {why}")
    first = details[0]
    summary = f"{first.field}: {first.message}" if first.field else first.message
    more = f" (and {len(details) - 1} more)" if len(details) > 1 else ""
    return ApiError(422, "invalid_request", summary + more, details=details)


def details_of(e: ValidationError, prefix: str = "") -> list[ErrorDetail]:
    out = []
    for err in e.errors(include_url=False, include_input=False)[:20]:
        field = ".".join(str(p) for p in (prefix, *err["loc"]) if p != "")
        out.append(ErrorDetail(field=field, message=err["msg"], type=err["type"]))
    return out


CLIENT_CLOSED = 499  # nginx's status for a request the client abandoned

_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
    431: "header_too_large",
    504: "timeout",
}


def _from_http(e: web.HTTPException) -> web.StreamResponse:
    """aiohttp's own refusals (no such route, wrong method, too large) as our JSON errors."""
    if e.content_type == "application/json" or e.status < 400:
        # Already JSON (the police API's), or a redirect: passed on as a plain response
        # (returning the exception itself is deprecated in aiohttp).
        return web.Response(status=e.status, reason=e.reason, body=e.body, headers=e.headers)
    code = _CODES.get(e.status, "http_error")
    headers = {k: v for k, v in e.headers.items() if k in ("Allow", "Retry-After")}
    return ApiError(e.status, code, e.reason.lower(), headers=headers).response()


def _parser_words(e: HttpProcessingError) -> str:
    """The parser's reason without the bytes it quotes ("Invalid method encountered")."""
    return (e.message or "bad request").strip().splitlines()[0].rstrip(":. ")


def protocol_error(status: int, exc: BaseException | None) -> ApiError:
    """What aiohttp refuses before any route sees the request (it cannot parse the request line
    or a header, a header is too long, a body's framing or encoding is broken), as our error."""
    if isinstance(exc, LineTooLong) or (
        isinstance(exc, HttpProcessingError) and "too many headers" in exc.message.lower()
    ):
        why = f"at most {MAX_HEADER_LINE} bytes a line, {MAX_HEADERS} headers"
        return ApiError(431, "header_too_large", f"the request head is too large ({why})")
    if isinstance(exc, HttpProcessingError) and 400 <= status < 500:
        return ApiError(status, _CODES.get(status, "bad_request"),
                        f"malformed HTTP request: {_parser_words(exc)}")  # fmt: skip
    if 400 <= status < 500 or status == 504:
        phrase = HTTPStatus(status).phrase.lower()
        return ApiError(status, _CODES.get(status, "http_error"), phrase)
    return ApiError(500, "internal", "internal error")


async def _and_close(request: web.Request, response: web.Response) -> web.Response:
    """Sends response, then closes the connection: aiohttp would otherwise read the rest of a
    body it cannot decode, meet the same error and log it as an unhandled exception."""
    response.force_close()
    await response.prepare(request)
    await response.write_eof()
    if request.protocol is not None:
        request.protocol.force_close()
    return response


@web.middleware
async def errors_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Every failure becomes a JSON answer; an unexpected one is logged with an id to quote."""
    try:
        return await handler(request)  # type: ignore[no-any-return]
    except ApiError as e:
        return e.response()
    except web.HTTPException as e:
        return _from_http(e)
    except (web.RequestPayloadError, HttpProcessingError) as e:
        # A body aiohttp could not read (broken chunks, a Content-Encoding it cannot decode):
        # the client's fault, so no 500 and no trace.
        cause = e if isinstance(e, HttpProcessingError) else e.__cause__
        refusal = protocol_error(400, cause if isinstance(cause, HttpProcessingError) else None)
        log.info("unreadable body on %s %s: %s", request.method, request.path, refusal.message)
        return await _and_close(request, refusal.response())
    except ConnectionError as e:
        # The client went away mid-body (aiohttp's ClientConnectionResetError is one): nobody
        # reads this answer, and it is not our failure, so not a 500 in the metrics either.
        log.info("client closed the connection during %s %s: %s", request.method,
                 request.path, e)  # fmt: skip
        return web.Response(status=CLIENT_CLOSED, text="client closed the connection")
    except Exception as e:
        return internal_error(request, e)


def internal_error(request: web.BaseRequest, exc: BaseException | None) -> web.Response:
    """500, with an id to quote that is logged beside the trace."""
    error_id = uuid.uuid4().hex[:12]
    log.error("internal error %s on %s %s", error_id, request.method, request.path,
              exc_info=exc)  # fmt: skip
    return json_response(ErrorBody(error="internal error", code="internal", id=error_id), 500)
