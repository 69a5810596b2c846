"""The Telegram bot inside the HTTP service: Telegram posts updates to a webhook route.

The bot's Application (built without an Updater) starts in the background, so the check API
is up at once even when Telegram is slow or unreachable; until the bot runs, the route
answers 503 and Telegram delivers again later. Every request must carry the secret token
given to setWebhook, in X-Telegram-Bot-Api-Secret-Token.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import secrets
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlparse

from aiohttp import web
from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot import jsonin
from bot.settings import Settings
from bot.web.errors import ApiError
from bot.web.limits import MAX_WEBHOOK_BODY, read_body
from bot.web.metrics import Metrics
from bot.web.models import TelegramState

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_PATH = "/telegram/webhook"
# Update ids kept to drop Telegram's re-deliveries to this process before queueing them; the
# bot's own guard (bot.telegram.guards.once) claims each id in the store, across processes.
REMEMBERED_UPDATES = 10_000
MAX_RETRY_DELAY = 60.0

TelegramApp = Application[Any, Any, Any, Any, Any, Any]


class TelegramWebhook:
    """Starts and stops the bot with the web app and feeds it what Telegram posts."""

    def __init__(self, bot_app: TelegramApp, settings: Settings, metrics: Metrics) -> None:
        self.bot_app = bot_app
        self.metrics = metrics
        self.url = settings.webhook_url
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
        # When we register the webhook ourselves, a secret is made up if none is configured.
        self.secret = secret or (secrets.token_urlsafe(32) if self.url else "")
        self.path = (urlparse(self.url).path if self.url else "") or DEFAULT_PATH
        self.state: TelegramState = "starting"
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._task: asyncio.Task[None] | None = None
        self._initialized = False

    async def receive(self, request: web.Request) -> web.Response:
        """POST {path}: one update from Telegram, queued for the bot; 200 as soon as queued."""
        given = request.headers.get(SECRET_HEADER, "")
        if not self.secret or not hmac.compare_digest(given.encode(), self.secret.encode()):
            self.metrics.webhook_updates.inc("refused")
            raise ApiError(403, "forbidden", "wrong or missing secret token")
        if self.state != "running":
            raise ApiError(
                503, "starting", "the bot is not running yet", headers={"Retry-After": "5"}
            )
        update = self._parse(await read_body(request, MAX_WEBHOOK_BODY))
        if self._is_repeat(update.update_id):
            self.metrics.webhook_updates.inc("repeated")
        else:
            await self.bot_app.update_queue.put(update)
            self.metrics.webhook_updates.inc("queued")
        return web.Response(status=200)

    def _parse(self, body: bytes) -> Update:
        try:
            data = jsonin.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
            update = Update.de_json(data, self.bot_app.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as e:
            self.metrics.webhook_updates.inc("malformed")
            raise ApiError(400, "bad_update", f"not a Telegram update: {e}") from None
        return update

    def _is_repeat(self, update_id: int) -> bool:
        if update_id in self._seen:
            return True
        self._seen[update_id] = None
        if len(self._seen) > REMEMBERED_UPDATES:
            self._seen.popitem(last=False)
        return False

    async def lifecycle(self, app: web.Application) -> AsyncIterator[None]:
        """aiohttp cleanup context: the bot starts with the web app and stops after it."""
        if not self.secret:
            log.warning(
                "webhook route %s refuses every update: set SCAMCHECK_WEBHOOK_SECRET (and give "
                "it to setWebhook) or SCAMCHECK_WEBHOOK_URL to have it registered",
                self.path,
            )
        self._task = asyncio.create_task(self._start())
        yield
        await self._stop()

    async def _start(self) -> None:
        delay = 1.0
        while True:
            try:
                await self._start_once()
                self.state = "running"
                log.info("telegram bot running, webhook route %s", self.path)
                return
            except InvalidToken:
                self.state = "failed"
                log.error("telegram bot not started: Telegram refuses the token")
                return
            except TelegramError as e:
                log.warning("telegram bot not started yet (%s); retrying in %.0fs", e, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_RETRY_DELAY)

    async def _start_once(self) -> None:
        bot_app = self.bot_app
        await bot_app.initialize()
        self._initialized = True
        if bot_app.post_init is not None:  # what run_polling would run: menus, clean-up
            await bot_app.post_init(bot_app)
        if self.url:
            await bot_app.bot.set_webhook(
                self.url, secret_token=self.secret, allowed_updates=Update.ALL_TYPES
            )
        await bot_app.start()

    async def _stop(self) -> None:
        """Stops the bot after the web app stopped taking requests; queued updates are handled."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        bot_app = self.bot_app
        if bot_app.running:
            await bot_app.stop()
            if bot_app.post_stop is not None:
                await bot_app.post_stop(bot_app)
        if self._initialized:
            await bot_app.shutdown()
            if bot_app.post_shutdown is not None:
                await bot_app.post_shutdown(bot_app)
        self.state = "off"


def add_webhook_route(app: web.Application, webhook: TelegramWebhook) -> None:
    """Registers the webhook route and ties the bot's life to the web app's."""
    app.router.add_post(webhook.path, webhook.receive, name="telegram.webhook")
    app.cleanup_ctx.append(webhook.lifecycle)
