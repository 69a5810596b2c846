"""The OpenAPI 3.1 document of the check API, generated from the models the server uses."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from bot.verdict import VERSION, Verdict
from bot.web.api import ADDRESS_PATTERN, DOMAIN_PATTERN
from bot.web.limits import MAX_BATCH_BODY, MAX_CHECK_BODY
from bot.web.models import (
    REGION_PATTERN,
    BatchRequest,
    BatchResponse,
    CheckRequest,
    ErrorBody,
    Health,
)

REF = "#/components/schemas/{model}"
MODELS: list[type[BaseModel]] = [
    CheckRequest,
    BatchRequest,
    BatchResponse,
    Verdict,
    ErrorBody,
    Health,
]
# Refusals every JSON route may answer, besides its own.
COMMON_ERRORS = {"429": "Too many requests: wait Retry-After seconds.", "500": "Internal error."}


def _schemas() -> dict[str, Any]:
    pairs = [
        (m, "validation" if m in (CheckRequest, BatchRequest) else "serialization") for m in MODELS
    ]
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


def document() -> dict[str, Any]:
    """The whole document, as served at /openapi.json."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "scamcheck",
            "version": VERSION,
            "description": "Checks a message, link, address or phone number against known scams "
            "and explains the verdict. `risk: low` means no known scam record, never 'safe'. "
            "Clients are rate-limited per address, or per API token sent as a bearer token.",
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
            "/v1/address/{address}": _lookup(
                "address", ADDRESS_PATTERN, "What is known of one crypto address"
            ),
            "/v1/domain/{domain}": _lookup(
                "domain", DOMAIN_PATTERN, "What is known of one domain"
            ),
            "/healthz": _get(
                "health",
                "Liveness and knowledge version",
                {"application/json": {"schema": _ref(Health)}},
            ),
            "/metrics": _get(
                "metrics", "Prometheus metrics", {"text/plain": {"schema": {"type": "string"}}}
            ),
            "/openapi.json": _get(
                "openapi", "This document", {"application/json": {"schema": {"type": "object"}}}
            ),
        },
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def add_openapi_route(app: web.Application) -> None:
    """GET /openapi.json, generated once."""
    body = json.dumps(document(), ensure_ascii=False, indent=1).encode()

    async def serve_openapi(request: web.Request) -> web.Response:
        """GET /openapi.json: this API's OpenAPI document."""
        return web.Response(body=body, content_type="application/json")

    app.router.add_get("/openapi.json", serve_openapi, name="openapi")
