"""Guards that run before every handler: once per update, then the per-user rate limit."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.render import t
from bot.store import Store
from bot.telegram.common import prefs, say, services
from bot.telegram.ratelimit import Decision

# Telegram keeps an update it could not deliver for up to 24 hours; its ids are remembered
# twice that long, then forgotten (the table stays small: a row per update of two days).
UPDATE_MEMORY = dt.timedelta(hours=48)
# How long a claim waits for another writer's transaction (a `kb load`, a feed sync, a large
# police upload) before the update is handled on this process's memory of recent ids alone.
CLAIM_WAIT_MS = 5_000

log = logging.getLogger(__name__)


async def once(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stops an update already handled, here or by another process sharing the store.

    Telegram delivers a webhook update again when it did not see our 200 in time (a restart,
    a slow worker), possibly to another worker; polling after a crash can fetch an update
    again. Handling it twice would repeat its side effects: a second API token for one
    `/token create`, a second report. The store's claim is atomic, so of two workers given
    the same update exactly one handles it. Claimed before handling: a crash half way loses
    the update rather than running it twice.
    """
    s = services(context)
    bot_id, update_id = context.bot.id, update.update_id
    # Taken in memory first, before waiting for the store: two copies of one update in this
    # process never both pass, even when the store cannot be asked.
    if not s.recent.take(bot_id, update_id):
        raise ApplicationHandlerStop
    try:
        first = await s.store.write_async(lambda w: _claim(w, bot_id, update_id))
    except sqlite3.Error:  # not a busy database (write_briefly logged it)
        s.recent.forget(bot_id, update_id)  # not handled: a delivery again may be
        raise
    if first is None:
        # Another writer held the database for CLAIM_WAIT_MS: the user is answered rather than
        # kept waiting (or, past the busy timeout, dropped). Only while the database stays
        # locked can another worker given the same update handle it too.
        log.warning("update %d handled without its claim in the store", update_id)
        return
    if not first:
        raise ApplicationHandlerStop


def _claim(store: Store, bot_id: int, update_id: int) -> bool | None:
    return store.write_briefly(
        lambda: store.claim_update(bot_id, update_id, UPDATE_MEMORY),
        CLAIM_WAIT_MS,
        f"update {update_id}'s claim",
    )


async def limit_users(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stops updates from a user over the rate limit; tells them once, politely, in private."""
    chat = update.effective_chat
    private = chat is not None and chat.type == "private"
    # Group messages are not limited: a flood of scam links in a group must still be checked.
    if (user := update.effective_user) is None or not (private or update.callback_query):
        return
    s = services(context)
    decision = s.users.hit(user.id)
    if decision is Decision.ALLOW:
        return
    if decision is Decision.WARN:
        lang = prefs(s, user).lang
        if update.callback_query is not None:
            await update.callback_query.answer(t(lang, "rate_limited"))
        elif chat is not None and private:
            await context.bot.send_message(chat.id, say(lang, "rate_limited"))
    elif update.callback_query is not None:
        await update.callback_query.answer()  # a button press needs an answer, even a silent one
    raise ApplicationHandlerStop
