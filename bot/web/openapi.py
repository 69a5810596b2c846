"""The OpenAPI 3.1 document of the service, generated from the models the server uses.

It lists every route of the app but the try-it page (/, /static) and the Telegram webhook:
the check API, /healthz, /metrics, this document, and the police API (/v1/police/*, bearer
tokens with scopes). tests/test_web_api.py compares it with the app's routes.
"""

from __future__ import annotations

import json
from typing import Any, get_args

from aiohttp import web
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from bot.moderation import MAX_BULK_BYTES, MAX_BULK_ROWS
from bot.verdict import VERSION, Verdict
from bot.web.api import ADDRESS_PATTERN, DOMAIN_PATTERN
from bot.web.limits import MAX_BATCH_BODY, MAX_CHECK_BODY
from bot.web.models import (
    MAX_HOSTS,
    REGION_PATTERN,
    BatchRequest,
    BatchResponse,
    CheckRequest,
    ErrorBody,
    Health,
    HostsRequest,
    HostsResponse,
    PoliceBulk,
    PoliceErrorBody,
    PoliceHistory,
    PoliceKind,
    PoliceRow,
    PoliceSubmitted,
    PoliceWithdrawal,
    PoliceWithdrawn,
)
from bot.web.police import PREFIX

REF = "#/components/schemas/{model}"
MODELS: list[type[BaseModel]] = [
    CheckRequest,
    BatchRequest,
    BatchResponse,
    HostsRequest,
    HostsResponse,
    Verdict,
    ErrorBody,
    Health,
    PoliceRow,
    PoliceBulk,
    PoliceSubmitted,
    PoliceWithdrawal,
    PoliceWithdrawn,
    PoliceHistory,
    PoliceErrorBody,
]
REQUESTS = (CheckRequest, BatchRequest, HostsRequest, PoliceRow, PoliceBulk, PoliceWithdrawal)
# Refusals every JSON route may answer, besides its own.
COMMON_ERRORS = {"429": "Too many requests: wait Retry-After seconds.", "500": "Internal error."}


def _schemas() -> dict[str, Any]:
    pairs = [(m, "validation" if m in REQUESTS else "serialization") for m in MODELS]
    _, top = models_json_schema(pairs, ref_template=REF)  # type: ignore[arg-type]
    return dict(top.get("$defs", {}))


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: str) -> dict[str, Any]:
    texts = {
        "400": "The body is not valid JSON.",
        "401": "The bearer token is unknown or revoked.",
        "413": "The body is too large.",
        "415": "The body is not application/json.",
        "422": "A field is missing, unknown, or out of its limits.",
        **COMMON_ERRORS,
    }
    return {c: _json(_ref(ErrorBody), texts[c]) for c in (*codes, *COMMON_ERRORS)}


def _lang_region() -> list[dict[str, Any]]:
    return [
        {
            "name": "lang",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": ["en", "zh-HK"], "default": "en"},
        },
        {
            "name": "region",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "pattern": REGION_PATTERN},
        },
    ]


def _lookup(kind: str, pattern: str, summary: str) -> dict[str, Any]:
    param = {
        "name": kind,
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": pattern},
    }
    return {
        "get": {
            "operationId": f"lookup_{kind}",
            "summary": summary,
            "parameters": [param, *_lang_region()],
            "security": [{}, {"bearer": []}],
            "responses": {"200": _json(_ref(Verdict), "The verdict."), **_errors("401", "422")},
        }
    }


def _post(
    op: str, summary: str, request: type[BaseModel], response: type[BaseModel], limit: int
) -> dict[str, Any]:
    return {
        "post": {
            "operationId": op,
            "summary": summary,
            "description": f"The body may be at most {limit} bytes.",
            "security": [{}, {"bearer": []}],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref(request)}},
            },
            "responses": {
                "200": _json(_ref(response), "The verdict."),
                **_errors("400", "401", "413", "415", "422"),
            },
        }
    }


def _get(op: str, summary: str, content: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "operationId": op,
            "summary": summary,
            "responses": {"200": {"description": "OK", "content": content}},
        }
    }


def _health() -> dict[str, Any]:
    content = {"application/json": {"schema": _ref(Health)}}
    summary = "Liveness, knowledge version, and whether the knowledge base is usable"
    path = _get("health", summary, content)
    path["get"]["responses"]["503"] = {
        "description": "Unhealthy: `problems` says why (e.g. an empty knowledge base)",
        "content": content,
    }
    return path


# --- the police API (bot.web.police) --------------------------------------------------------

POLICE_ERRORS = {
    "400": "The body cannot be read at all (bad JSON, no header line), or a bad kind or value.",
    "401": "No bearer token, or an unknown or revoked one (with WWW-Authenticate: Bearer).",
    "403": "The token lacks the route's scope, or the entry is another organisation's.",
    "404": "The indicator is not listed.",
    "413": f"The body is over {MAX_BULK_BYTES} bytes: split the file.",
    "415": "The body is neither application/json nor text/csv.",
    "500": "Internal error.",
}
POLICE_CSV = (
    "kind,value,category,reference,organisation,note\n"
    "address,TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t,investment,HK-2026-0101,HKPF,pig butchering\n"
)


def _param(name: str, where: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": where, "required": where == "path", "schema": schema}


def _police_errors(*codes: str) -> dict[str, Any]:
    return {c: _json(_ref(PoliceErrorBody), POLICE_ERRORS[c]) for c in (*codes, "500")}


def _police(op: str, summary: str, scope: str, description: str) -> dict[str, Any]:
    return {
        "operationId": op,
        "summary": summary,
        "description": f"{description}\n\nNeeds a token with the scope `{scope}`.",
        "tags": ["police"],
        "security": [{"bearer": []}],
    }


def _police_paths() -> dict[str, Any]:
    kinds = list(get_args(PoliceKind))
    rows = {
        "oneOf": [
            _ref(PoliceRow),
            {"type": "array", "items": _ref(PoliceRow), "maxItems": MAX_BULK_ROWS},
            _ref(PoliceBulk),
        ]
    }
    submit = {
        **_police(
            "police_submit",
            "Submit reported indicators, one or in bulk",
            "reported:write",
            f'JSON (one row, a list, or `{{"reported": [...]}}`) or CSV with a header line; '
            f"at most {MAX_BULK_ROWS} rows and {MAX_BULK_BYTES} bytes. Every row is checked on "
            "its own: bad rows are listed in `errors` and do not stop the good ones. Rows go "
            "live or to review as the token's organisation publishes.",
        ),
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": rows},
                "text/csv": {"schema": {"type": "string"}, "example": POLICE_CSV},
            },
        },
        "responses": {
            "200": _json(_ref(PoliceSubmitted), "At least one row was accepted."),
            "422": _json(_ref(PoliceSubmitted), "No row was accepted: see `errors`."),
            **_police_errors("400", "401", "403", "413", "415"),
        },
    }
    argument = {"type": "string"}
    withdraw = {
        **_police(
            "police_withdraw",
            "Take one of the organisation's own entries down",
            "reported:delete",
            "Arguments as a JSON body, or as query parameters for clients that send no body.",
        ),
        "parameters": [
            _param("kind", "query", {"type": "string", "enum": kinds}),
            _param("value", "query", argument),
            _param("reason", "query", argument),
        ],
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": _ref(PoliceWithdrawal)}},
        },
        "responses": {
            "200": _json(_ref(PoliceWithdrawn), "Disabled: checks no longer find it."),
            **_police_errors("400", "401", "403", "404"),
        },
    }
    history = {
        **_police(
            "police_history",
            "What happened to one indicator",
            "reported:read",
            "The live entry and every audited change; the Telegram ids of users and "
            "moderators are replaced by their role.",
        ),
        "parameters": [
            _param("kind", "path", {"type": "string", "enum": kinds}),
            _param("value", "path", argument),
        ],
        "responses": {
            "200": _json(_ref(PoliceHistory), "The entry and its history."),
            **_police_errors("400", "401", "403"),
        },
    }
    return {
        f"{PREFIX}/reported": {"post": submit, "delete": withdraw},
        f"{PREFIX}/reported/{{kind}}/{{value}}/history": {"get": history},
    }


def document() -> dict[str, Any]:
    """The whole document, as served at /openapi.json."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "scamcheck",
            "version": VERSION,
            "description": "Checks a message, link, address or phone number against known scams "
            "and explains the verdict. `risk: low` means no known scam record, never 'safe'. "
            "Clients are rate-limited per address, or per API token sent as a bearer token. "
            "Police forces submit reported indicators under /v1/police (tag `police`).",
        },
        "paths": {
            "/v1/check": _post(
                "check", "Check one message", CheckRequest, Verdict, MAX_CHECK_BODY
            ),
            "/v1/check/batch": _post(
                "check_batch",
                "Check up to 1,000 messages",
                BatchRequest,
                BatchResponse,
                MAX_BATCH_BODY,
            ),
            "/v1/check/hosts": _post(
                "check_hosts",
                f"Screen up to {MAX_HOSTS:,} hosts or links",
                HostsRequest,
                HostsResponse,
                MAX_BATCH_BODY,
            ),
            "/v1/address/{address}": _lookup(
                "address", ADDRESS_PATTERN, "What is known of one crypto address"
            ),
            "/v1/domain/{domain}": _lookup(
                "domain", DOMAIN_PATTERN, "What is known of one domain"
            ),
            "/healthz": _health(),
            "/metrics": _get(
                "metrics", "Prometheus metrics", {"text/plain": {"schema": {"type": "string"}}}
            ),
            "/openapi.json": _get(
                "openapi", "This document", {"application/json": {"schema": {"type": "object"}}}
            ),
            **_police_paths(),
        },
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token (`scp_...`) an admin created for an "
                    "organisation (`scamcheck admin token create`). Optional on the check API "
                    "(it gets its own rate limit); required on /v1/police/*, with the scope "
                    "each route names.",
                }
            },
        },
    }


def add_openapi_route(app: web.Application) -> None:
    """GET /openapi.json, generated once."""
    body = json.dumps(document(), ensure_ascii=False, indent=1).encode()

    async def serve_openapi(request: web.Request) -> web.Response:
        """GET /openapi.json: this API's OpenAPI document."""
        return web.Response(body=body, content_type="application/json")

    app.router.add_get("/openapi.json", serve_openapi, name="openapi")
