"""The HTTP service's composition root: every route and middleware in one place; `run`.

`scamcheck serve` runs one process with the check API, the try-it page, and, when a
Telegram token is configured, the bot fed by its webhook. Requests pass, outermost first:
count_requests (metrics see every answer, errors included), errors_middleware (nothing but
JSON ever leaves, never a trace), rate_limit_middleware (routes named `api.*`).
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from aiohttp import web

from bot.checker import Checker
from bot.runtime import open_store
from bot.settings import Settings
from bot.store import Store
from bot.web.api import CheckApi, add_api_routes
from bot.web.checks import CheckService
from bot.web.clients import CLIENTS, Clients, rate_limit_middleware
from bot.web.errors import errors_middleware
from bot.web.limits import MAX_ANY_BODY
from bot.web.metrics import Metrics
from bot.web.middleware import METRICS, add_common_headers, count_requests
from bot.web.openapi import add_openapi_route
from bot.web.page import Page, add_page_routes
from bot.web.webhook import TelegramApp, TelegramWebhook, add_webhook_route

try:  # the police API (issue 4) lives in its own module; the service runs without it
    from bot.web.police import add_police_routes
except ImportError:  # pragma: no cover - depends on what is installed
    add_police_routes = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

# In-flight requests get this long to finish on SIGTERM: under Docker's 10 s before SIGKILL.
SHUTDOWN_TIMEOUT = 8.0


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
    app[CLIENTS] = Clients(store, settings, metrics)
    app.on_response_prepare.append(add_common_headers)
    service = CheckService(checker, metrics, settings.default_region)
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


def _telegram_app(settings: Settings, checker: Checker, store: Store) -> TelegramApp | None:
    """The bot, for webhook use, when a token is configured."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        return None
    from bot.telegram.app import build_application

    return build_application(settings, checker, store, polling=False)


def run(settings: Settings) -> int:
    """Serves until SIGINT or SIGTERM; in-flight requests finish, then the store is closed."""
    store = open_store(settings)
    try:
        checker = Checker(store, settings.default_region)
        app = build_web_app(settings, checker, store, _telegram_app(settings, checker, store))
        web.run_app(
            app,
            host=settings.host,
            port=settings.port,
            shutdown_timeout=SHUTDOWN_TIMEOUT,
            print=_announce(settings),
        )
    except OSError as e:
        print(
            f"scamcheck serve: cannot listen on {settings.host}:{settings.port}: {e}",
            file=sys.stderr,
        )
        return 2
    finally:
        store.close()
    return 0


def _announce(settings: Settings) -> Any:
    def announce(_: str) -> None:
        print(
            f"scamcheck serve: listening on http://{settings.host}:{settings.port}",
            file=sys.stderr,
            flush=True,
        )

    return announce
