"""The check API for exchanges and wallets: thin handlers over the engine.

Every route answers JSON; errors are {"error": ..., "code": ...} (bot.web.errors). The
OpenAPI document at /openapi.json describes exactly these routes (bot.web.openapi).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.feeds import feed_metrics
from bot.health import knowledge_problems
from bot.message import Message
from bot.verdict import Verdict
from bot.web import media
from bot.web.checks import CheckService
from bot.web.clients import CLIENTS
from bot.web.errors import ApiError, invalid, json_response
from bot.web.limits import MAX_BATCH_BODY, MAX_CHECK_BODY, read_json
from bot.web.metrics import Metrics
from bot.web.models import (
    MAX_HOSTS,
    REGION_PATTERN,
    BatchEnvelope,
    BatchResponse,
    CheckRequest,
    Health,
    HostsRequest,
    HostsResponse,
    ItemError,
    Lang,
    TelegramState,
)

# Single look-ups: one token, no spaces; what the engine then recognises decides. TON's
# user-friendly form is base64url ('-', '_') and its masterchain's raw form starts "-1:".
ADDRESS_PATTERN = r"^[A-Za-z0-9:_-]{1,128}$"
# No NUL or other control characters, no list separators: "binance.com%00evil.top" and "a,b"
# are not one domain (and the first answered `official`).
DOMAIN_PATTERN = r"^[^\s/?#@,;|\\\x00-\x1f\x7f]{1,253}$"
LOOKUP_KINDS = {"address": ("address",), "domain": ("domain", "url")}
# A batch's work and answer are bounded: items past either budget are not checked and say so
# (1,000 items of 20,000 characters answered 139 MB and left the process at 630 MB).
MAX_BATCH_TEXT = 4_000_000  # characters over all items (the body limit holds about as many)
MAX_BATCH_ANSWER = 8_000_000  # bytes of verdicts, about
HOSTS_PER_CHARGE = 10  # a host screen is charged one request per this many hosts


class BatchBudget:
    """What a batch has spent of its text and answer budgets."""

    def __init__(self) -> None:
        self.text = 0
        self.answer = 0

    def spend_text(self, chars: int) -> str | None:
        """None, or why the item is not checked."""
        self.text += chars
        if self.text > MAX_BATCH_TEXT:
            return (f"not checked: the batch holds more than {MAX_BATCH_TEXT} characters of"
                    " text; send the rest in another batch")  # fmt: skip
        return None

    def spend_answer(self, verdict: Verdict) -> str | None:
        """None, or why the verdict is left out of the answer."""
        self.answer += len(verdict.model_dump_json())
        if self.answer > MAX_BATCH_ANSWER:
            return (f"not answered: the batch answer passed {MAX_BATCH_ANSWER} bytes;"
                    " send the rest in another batch")  # fmt: skip
        return None


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
        if media.is_multipart(request):  # pictures and e-mails: bot/web/media.py
            return await media.check_multipart(request, self.service)
        body = await read_json(request, MAX_CHECK_BODY)
        try:
            item = CheckRequest.model_validate_json(body)
        except ValidationError as e:
            raise invalid(e) from None
        return json_response(await self.service.check_async(item.message(), "api"))

    async def check_batch(self, request: web.Request) -> web.Response:
        """POST /v1/check/batch: up to 1,000 messages -> one verdict or error each, in order."""
        body = await read_json(request, MAX_BATCH_BODY)
        try:
            batch = BatchEnvelope.model_validate_json(body)
        except ValidationError as e:
            raise invalid(e) from None
        request.app[CLIENTS].charge(request, len(batch.items) - 1)
        results: list[Verdict | ItemError] = []
        budget = BatchBudget()
        for i, raw in enumerate(batch.items):
            results.append(await self._batch_item(i, raw, batch, budget))
        return json_response(BatchResponse(results=results))

    async def _batch_item(
        self, i: int, raw: object, batch: BatchEnvelope, budget: BatchBudget
    ) -> Verdict | ItemError:
        try:
            item = CheckRequest.model_validate(raw)
        except ValidationError as e:
            return ItemError(index=i, error=invalid(e, f"items.{i}").message)
        if (refusal := budget.spend_text(len(item.text))) is not None:
            return ItemError(index=i, error=refusal)
        # An item's own lang wins; "en" is also the default, so a batch lang applies only
        # when the item did not name one.
        lang = item.lang if "lang" in item.model_fields_set else batch.lang
        # Through the thread however short: a batch of short items would hold the loop for
        # seconds, as one check on it never yields.
        message = item.message(lang, batch.region)
        verdict = await self.service.check_async(message, "batch", inline=False)
        if (refusal := budget.spend_answer(verdict)) is not None:
            return ItemError(index=i, error=refusal)
        return verdict

    async def check_hosts(self, request: web.Request) -> web.Response:
        """POST /v1/check/hosts: up to 10,000 hosts or links -> one HostVerdict each, in order."""
        body = await read_json(request, MAX_BATCH_BODY)
        try:
            req = HostsRequest.model_validate_json(body)
        except ValidationError as e:
            if any(err["type"] == "too_long" and err["loc"] == ("hosts",) for err in e.errors()):
                raise ApiError(413, "too_many_hosts", f"at most {MAX_HOSTS} hosts in one"
                               " request: send the rest in another") from None  # fmt: skip
            raise invalid(e) from None
        # Charged like a batch, but a host costs about a tenth of a message.
        request.app[CLIENTS].charge(request, (len(req.hosts) - 1) // HOSTS_PER_CHARGE)
        results = await self.service.check_hosts_async(req.hosts)
        return json_response(HostsResponse(results=results))

    async def address(self, request: web.Request) -> web.Response:
        """GET /v1/address/{address}: what is known of one crypto address."""
        return await self._lookup(request, "address", ADDRESS_PATTERN)

    async def domain(self, request: web.Request) -> web.Response:
        """GET /v1/domain/{domain}: what is known of one domain (lookalikes included)."""
        return await self._lookup(request, "domain", DOMAIN_PATTERN)

    async def _lookup(self, request: web.Request, kind: str, pattern: str) -> web.Response:
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
        verdict = await self.service.check_async(message, "lookup", count=False)
        found = [i for i in verdict.indicators if i.kind in LOOKUP_KINDS[kind]]
        if not found:
            raise ApiError(422, "not_recognised", f"{kind}: {value!r} is not a recognised {kind}")
        if len(found) > 1:
            raise ApiError(422, "invalid_request", f"{kind}: {value!r} holds more than one {kind}")
        self.service.count(verdict)
        return json_response(verdict)

    async def health(self, request: web.Request) -> web.Response:
        """GET /healthz: the store answers and holds categories and regions (else 503)."""
        store = self.service.checker.store
        problems = knowledge_problems(store)
        health = Health(
            status="unhealthy" if problems else "ok",
            problems=problems,
            knowledge_version=store.kb_version,
            telegram=self.telegram_state(),
        )
        return json_response(health, status=503 if problems else 200)

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
    app.router.add_post("/v1/check/hosts", api.check_hosts, name="api.hosts")
    app.router.add_get("/v1/address/{address}", api.address, name="api.address")
    app.router.add_get("/v1/domain/{domain}", api.domain, name="api.domain")
    app.router.add_get("/healthz", api.health, name="health")
    app.router.add_get("/metrics", api.metrics_page, name="metrics")
