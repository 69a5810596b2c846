"""The HTTP service's composition root: every route and middleware in one place.

`scamcheck serve` (`run`, processes in bot.web.serve) serves the check API, the try-it page
and, when a Telegram token is configured, the bot fed by its webhook. Requests pass,
outermost first:
count_requests (metrics see every answer, errors included), errors_middleware (nothing but
JSON ever leaves, never a trace), rate_limit_middleware (routes named `api.*`).
"""

from __future__ import annotations

from aiohttp import web

from bot.checker import Checker
from bot.settings import Settings
from bot.store import Store
from bot.web.api import CheckApi, add_api_routes
from bot.web.checks import CheckService, flush_check_counts
from bot.web.clients import CLIENTS, Clients, rate_limit_middleware
from bot.web.errors import errors_middleware
from bot.web.limits import BODY_TIMEOUT, MAX_ANY_BODY
from bot.web.metrics import Metrics
from bot.web.middleware import METRICS, add_common_headers, count_requests
from bot.web.openapi import add_openapi_route
from bot.web.page import Page, add_page_routes
from bot.web.webhook import TelegramApp, TelegramWebhook, add_webhook_route

try:  # the police API (issue 4) lives in its own module; the service runs without it
    from bot.web.police import add_police_routes
except ImportError:  # pragma: no cover - depends on what is installed
    add_police_routes = None  # type: ignore[assignment]


def build_web_app(
    settings: Settings,
    checker: Checker,
    store: Store,
    telegram_app: TelegramApp | None = None,
) -> web.Application:
    """The service, wired and ready to run; starts nothing (the bot starts with the app)."""
    metrics = Metrics()
    metrics.gauge(
        "scamcheck_knowledge_version", "Version of the knowledge base.", lambda: store.kb_version
    )
    app = web.Application(
        middlewares=[count_requests, errors_middleware, rate_limit_middleware],
        client_max_size=MAX_ANY_BODY,
    )
    app[METRICS] = metrics
    app[BODY_TIMEOUT] = settings.body_timeout
    app[CLIENTS] = Clients(store, settings, metrics)
    app.on_response_prepare.append(add_common_headers)
    service = CheckService(checker, metrics, settings.default_region)
    app.cleanup_ctx.append(flush_check_counts(store))  # checks counted for /stats, no content
    app.on_cleanup.append(service.close)  # the check threads
    webhook = TelegramWebhook(telegram_app, settings, metrics) if telegram_app else None
    api = CheckApi(service, metrics, lambda: webhook.state if webhook else "off")

    add_api_routes(app, api)  # /v1/check, /v1/check/batch, look-ups, /healthz, /metrics
    add_openapi_route(app)  # /openapi.json, generated from the same models
    add_page_routes(app, Page(service))  # / and /static/*
    if webhook is not None:
        add_webhook_route(app, webhook)  # the bot starts and stops with the app
    if add_police_routes is not None:
        add_police_routes(app, store, settings)  # /v1/police/*, bearer tokens, own limits
    return app


def run(settings: Settings) -> int:
    """`scamcheck serve`: serves until SIGINT or SIGTERM (bot.web.serve); 2 if it cannot start."""
    from bot.web.serve import run_service  # it builds this module's app, once per process

    return run_service(settings)
