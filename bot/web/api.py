"""The check API for exchanges and wallets: thin handlers over the engine.

Every route answers JSON; errors are {"error": ..., "code": ...} (bot.web.errors). The
OpenAPI document at /openapi.json describes exactly these routes (bot.web.openapi).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.feeds import feed_metrics
from bot.message import Message
from bot.verdict import Verdict
from bot.web.checks import CheckService
from bot.web.clients import CLIENTS
from bot.web.errors import ApiError, invalid, json_response
from bot.web.limits import MAX_BATCH_BODY, MAX_CHECK_BODY, read_json
from bot.web.metrics import Metrics
from bot.web.models import (
    REGION_PATTERN,
    BatchEnvelope,
    BatchResponse,
    CheckRequest,
    Health,
    ItemError,
    Lang,
    TelegramState,
)

# Single look-ups: one token, no spaces; what the engine then recognises decides.
ADDRESS_PATTERN = r"^[A-Za-z0-9:]{1,128}$"
DOMAIN_PATTERN = r"^[^\s/?#@]{1,253}$"
LOOKUP_KINDS = {"address": ("address",), "domain": ("domain", "url")}
BATCH_SLICE = 0.005  # seconds of checking before a batch lets other requests in


class LookupQuery(BaseModel):
    """Query parameters of the single look-ups."""

    model_config = ConfigDict(extra="forbid")

    lang: Lang = "en"
    region: str | None = Field(default=None, pattern=REGION_PATTERN)


class CheckApi:
    """The /v1 routes, /healthz and /metrics, bound to one check service."""

    def __init__(
        self,
        service: CheckService,
        metrics: Metrics,
        telegram_state: Callable[[], TelegramState] = lambda: "off",
    ) -> None:
        self.service = service
        self.metrics = metrics
        self.telegram_state = telegram_state

    async def check(self, request: web.Request) -> web.Response:
        """POST /v1/check: one message -> its verdict, with the rendered warning in `reply`."""
        body = await read_json(request, MAX_CHECK_BODY)
        try:
            item = CheckRequest.model_validate_json(body)
        except ValidationError as e:
            raise invalid(e) from None
        return json_response(self.service.check(item.message(), "api"))

    async def check_batch(self, request: web.Request) -> web.Response:
        """POST /v1/check/batch: up to 1,000 messages -> one verdict or error each, in order."""
        body = await read_json(request, MAX_BATCH_BODY)
        try:
            batch = BatchEnvelope.model_validate_json(body)
        except ValidationError as e:
            raise invalid(e) from None
        request.app[CLIENTS].charge(request, len(batch.items) - 1)
        results: list[Verdict | ItemError] = []
        slice_started = time.perf_counter()
        for i, raw in enumerate(batch.items):
            results.append(self._batch_item(i, raw, batch))
            if time.perf_counter() - slice_started > BATCH_SLICE:
                await asyncio.sleep(0)  # a long batch must not stall everyone else
                slice_started = time.perf_counter()
        return json_response(BatchResponse(results=results))

    def _batch_item(self, i: int, raw: object, batch: BatchEnvelope) -> Verdict | ItemError:
        try:
            item = CheckRequest.model_validate(raw)
        except ValidationError as e:
            return ItemError(index=i, error=invalid(e, f"items.{i}").message)
        # An item's own lang wins; "en" is also the default, so a batch lang applies only
        # when the item did not name one.
        lang = item.lang if "lang" in item.model_fields_set else batch.lang
        return self.service.check(item.message(lang, batch.region), "batch")

    async def address(self, request: web.Request) -> web.Response:
        """GET /v1/address/{address}: what is known of one crypto address."""
        return self._lookup(request, "address", ADDRESS_PATTERN)

    async def domain(self, request: web.Request) -> web.Response:
        """GET /v1/domain/{domain}: what is known of one domain (lookalikes included)."""
        return self._lookup(request, "domain", DOMAIN_PATTERN)

    def _lookup(self, request: web.Request, kind: str, pattern: str) -> web.Response:
        value = request.match_info[kind]
        # fullmatch: with re.match, `$` would also match before a trailing newline ("x\n"),
        # which the document's pattern (an ECMA regex, as clients read it) refuses.
        if not re.fullmatch(pattern, value):
            raise ApiError(422, "invalid_request", f"{kind}: not a single {kind}")
        try:
            query = LookupQuery.model_validate(dict(request.query))
        except ValidationError as e:
            raise invalid(e) from None
        message = Message(text=value, lang=query.lang, region=query.region)
        verdict = self.service.check(message, "lookup", count=False)
        if not any(i.kind in LOOKUP_KINDS[kind] for i in verdict.indicators):
            raise ApiError(422, "not_recognised", f"{kind}: {value!r} is not a recognised {kind}")
        self.service.count(verdict)
        return json_response(verdict)

    async def health(self, request: web.Request) -> web.Response:
        """GET /healthz: the store answers and the knowledge index is loaded."""
        version = self.service.checker.store.kb_version
        return json_response(Health(knowledge_version=version, telegram=self.telegram_state()))

    async def metrics_page(self, request: web.Request) -> web.Response:
        """GET /metrics: Prometheus text format."""
        return web.Response(
            text=self.metrics.render()
            + feed_metrics(self.service.checker.store.feed_states()),
            content_type="text/plain",
            charset="utf-8",
            headers={"Cache-Control": "no-store"},
        )


def add_api_routes(app: web.Application, api: CheckApi) -> None:
    """Registers the check API; route names starting with `api.` are rate-limited."""
    app.router.add_post("/v1/check", api.check, name="api.check")
    app.router.add_post("/v1/check/batch", api.check_batch, name="api.batch")
    app.router.add_get("/v1/address/{address}", api.address, name="api.address")
    app.router.add_get("/v1/domain/{domain}", api.domain, name="api.domain")
    app.router.add_get("/healthz", api.health, name="health")
    app.router.add_get("/metrics", api.metrics_page, name="metrics")
