"""Guards that run before every handler: the per-user rate limit."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.render import t
from bot.telegram.common import prefs, say, services
from bot.telegram.ratelimit import Decision


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
