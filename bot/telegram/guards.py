"""Guards that run before every handler: once per update, then the per-user rate limit."""

from __future__ import annotations

import datetime as dt

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.render import t
from bot.telegram.common import prefs, say, services
from bot.telegram.ratelimit import Decision

# Telegram keeps an update it could not deliver for up to 24 hours; its ids are remembered
# twice that long, then forgotten (the table stays small: a row per update of two days).
UPDATE_MEMORY = dt.timedelta(hours=48)


async def once(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stops an update already handled, here or by another process sharing the store.

    Telegram delivers a webhook update again when it did not see our 200 in time (a restart,
    a slow worker), possibly to another worker; polling after a crash can fetch an update
    again. Handling it twice would repeat its side effects: a second API token for one
    `/token create`, a second report. The store's claim is atomic, so of two workers given
    the same update exactly one handles it. Claimed before handling: a crash half way loses
    the update rather than running it twice.
    """
    if not services(context).store.claim_update(context.bot.id, update.update_id, UPDATE_MEMORY):
        raise ApplicationHandlerStop


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
