"""The police API: forces push reported indicators from their own case systems.

Every route needs `Authorization: Bearer <token>`, a token an admin created for one
organisation (`scamcheck admin token create`), with the scope the route needs. What a token
submits is filed under its organisation, and goes live at once or through review as that
organisation is configured. Errors are JSON like the rest of the service's:
{"error": "what went wrong", "code": "unauthorized"}, with "errors" listing bad lines.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from bot.moderation import (
    LONE_SURROGATE,
    MAX_BULK_BYTES,
    BulkParse,
    BulkRow,
    LineError,
    RowRules,
    benign_sample,
    bulk_format,
    has_lone_surrogate,
    hold_false_positives,
    indicator_key,
    parse_bulk,
)
from bot.settings import Settings
from bot.store import Store
from bot.store.moderation import ApiToken
from bot.store.roles import record_organisation
from bot.web.limits import read_body
from bot.web.models import PoliceSubmitted, PoliceWithdrawn

PREFIX = "/v1/police"
_PRIVATE_FIELDS = ("created_by", "reporter", "decided_by")


def _error(status: int, code: str, message: str, **extra: Any) -> web.HTTPException:
    """An HTTP error whose body is our JSON error object."""
    body = json.dumps({"error": message, "code": code, **extra})
    headers = {"WWW-Authenticate": 'Bearer realm="police"'} if status == 401 else None
    return _STATUS[status](text=body, content_type="application/json", headers=headers)


_STATUS: dict[int, type[web.HTTPException]] = {
    400: web.HTTPBadRequest,
    401: web.HTTPUnauthorized,
    403: web.HTTPForbidden,
    404: web.HTTPNotFound,
    413: web.HTTPRequestEntityTooLarge,
    415: web.HTTPUnsupportedMediaType,
}


class PoliceApi:
    """The routes, bound to one store."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def authorize(self, request: web.Request, scope: str) -> ApiToken:
        """The request's token, if it is live and carries scope; otherwise a 401 or 403."""
        header = request.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise _error(401, "unauthorized", "missing bearer token")
        token = self.store.verify_token(value.strip())
        if token is None:
            raise _error(401, "unauthorized", "unknown or revoked token")
        if scope not in token.scopes:
            raise _error(403, "forbidden", f"this token lacks the scope {scope}")
        return token

    def rules(self, token: ApiToken) -> RowRules:
        org = self.store.organisation(token.organisation)
        region = (org.region if org else "") or self.settings.default_region
        return RowRules(
            categories=self.store.category_ids(),
            organisation=token.organisation,
            region=region,
            require_reference=True,
        )

    async def submit(self, request: web.Request) -> web.Response:
        """POST /v1/police/reported: one indicator or many, as JSON or CSV."""
        token = self.authorize(request, "reported:write")
        fmt = bulk_format("", request.content_type)
        if fmt is None:
            raise _error(415, "unsupported_media_type", "send application/json or text/csv")
        if (request.content_length or 0) > MAX_BULK_BYTES:
            raise _error(413, "body_too_large", f"at most {MAX_BULK_BYTES} bytes: split the file")
        raw = await read_body(request, MAX_BULK_BYTES)
        # Parsing and the benign dry run of 5,000 rows take a while: off the event loop too.
        parsed = await asyncio.to_thread(parse_bulk, raw, fmt, self.rules(token))
        if not parsed.rows and _whole_file(parsed):
            raise _error(400, "bad_request", parsed.errors[0].error, errors=_errors(parsed.errors))
        live = self.store.publish_mode(token.organisation) == "live"
        how = {
            "source": "police",
            "organisation": token.organisation,
            "unit": "item" if fmt == "json" else "line",
        }
        # Phrases that would flag ordinary messages wait for a moderator, even from live forces.
        rows, held = await asyncio.to_thread(self._hold, parsed.rows)
        outcome = await self.store.submit_rows_async(
            rows, _actor(token), live=live, held=held, **how
        )
        errors = sorted(parsed.errors + outcome.refused, key=lambda e: e.line)
        body = PoliceSubmitted(
            organisation=token.organisation,
            mode="live" if live else "review",
            published=outcome.count("published"),
            queued=outcome.count("queued"),
            results=outcome.results,
            errors=errors,
        )
        return web.json_response(body.model_dump(), status=200 if outcome.results else 422)

    def _hold(self, rows: list[BulkRow]) -> tuple[list[BulkRow], list[BulkRow]]:
        return hold_false_positives(rows, benign_sample(self.settings.knowledge_dir))

    async def withdraw(self, request: web.Request) -> web.Response:
        """DELETE /v1/police/reported: takes one of the organisation's own entries down."""
        token = self.authorize(request, "reported:delete")
        args = await _arguments(request)
        try:
            region = self.rules(token).region
            value, key = indicator_key(args.get("kind", ""), args.get("value", ""), region)
        except ValueError as e:
            raise _error(400, "bad_request", str(e)) from None
        kind = args["kind"]
        row = self.store.find_reported(kind, value)
        if row is None:
            raise _error(404, "not_found", f"{kind} {key} is not listed")
        if (row["organisation"] or "").lower() != token.organisation.lower():
            raise _error(403, "forbidden", "listed by someone else; ask the moderators")
        reason = str(args.get("reason") or "withdrawn through the police API")[:500]
        who = _actor(token)
        # in the store's writer thread: waiting there for another writer's lock, not on the loop
        await self.store.write_async(lambda w: w.disable_reported(kind, value, who, reason))
        return web.json_response(PoliceWithdrawn(kind=kind, key=key).model_dump())

    async def history(self, request: web.Request) -> web.Response:
        """GET /v1/police/reported/{kind}/{value}/history: what happened to an indicator."""
        token = self.authorize(request, "reported:read")
        kind, raw = request.match_info["kind"], request.match_info["value"]
        try:
            value, key = indicator_key(kind, raw, self.rules(token).region)
        except ValueError as e:
            raise _error(400, "bad_request", str(e)) from None
        listed = self.store.find_reported(kind, value)
        records = [self._public(r, token) for r in self.store.indicator_history(kind, value)]
        return web.json_response(
            {
                "kind": kind,
                "key": key,
                "listed": self._public(listed, token) if listed else None,
                "history": records,
            }
        )

    def _public(self, record: dict[str, Any], token: ApiToken) -> dict[str, Any]:
        """A record without the Telegram ids of users and moderators, and without another
        organisation's case references and notes (a reason quotes them)."""
        out = {k: v for k, v in record.items() if k not in ("entity_key",)}
        if record_organisation(record).lower() not in ("", token.organisation.lower()):
            for field in _CASE_FIELDS:
                out.pop(field, None)
        for field in ("actor", *_PRIVATE_FIELDS):
            if isinstance(out.get(field), str):
                out[field] = self.store.public_actor(out[field], token.organisation)
        for field in ("before", "after"):
            if isinstance(out.get(field), dict):
                out[field] = self._public(out[field], token)
        return out


_CASE_FIELDS = ("reference", "note", "reason")


def _actor(token: ApiToken) -> str:
    return f"api:{token.organisation}:{token.id}"


def _whole_file(parsed: BulkParse) -> bool:
    return any(e.unit == "file" or (e.line == 1 and e.unit == "line") for e in parsed.errors)


def _errors(errors: list[LineError]) -> list[dict[str, Any]]:
    return [{"line": e.line, "unit": e.unit, "error": e.error} for e in errors]


async def _arguments(request: web.Request) -> dict[str, str]:
    """Arguments of a DELETE: a JSON body, or the query string for clients that send none."""
    if request.can_read_body:
        try:
            data = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            raise _error(400, "bad_request", "the body is not JSON") from None
        if not isinstance(data, dict):
            raise _error(400, "bad_request", 'expected {"kind": ..., "value": ...}')
        if has_lone_surrogate(data):
            raise _error(400, "bad_request", f"the body {LONE_SURROGATE}")
        return {k: str(v) for k, v in data.items()}
    return dict(request.query)


def add_police_routes(app: web.Application, store: Store, settings: Settings) -> None:
    """Registers the police API on an aiohttp application."""
    api = PoliceApi(store, settings)
    # Not named `api.*`: the tokens are few and known, so the address rate limit does not apply.
    app.router.add_post(f"{PREFIX}/reported", api.submit, name="police.submit")
    app.router.add_delete(f"{PREFIX}/reported", api.withdraw, name="police.withdraw")
    app.router.add_get(
        f"{PREFIX}/reported/{{kind}}/{{value:.+}}/history", api.history, name="police.history"
    )
