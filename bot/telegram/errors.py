"""When something goes wrong: log it for us, tell the user plainly, never show internals."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.render import t
from bot.telegram.common import prefs, say, services

log = logging.getLogger(__name__)


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs the error and tells the user, in a private chat, that something went wrong."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return
    lang = _lang(update, context)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(t(lang, "error"))
        elif (chat := update.effective_chat) is not None and chat.type == "private":
            await context.bot.send_message(chat.id, say(lang, "error"))
    except TelegramError as e:  # already answered, or Telegram itself is failing: log only
        log.warning("could not tell the user about the error: %s", e)


def _lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    s = services(context)
    try:
        return prefs(s, update.effective_user).lang
    except Exception:  # the store may be what failed: fall back to the default language
        return s.settings.default_lang


async def answer_unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers a button press we do not recognise (old or forged) politely, and nothing else."""
    if (query := update.callback_query) is None:
        return
    await query.answer(t(prefs(services(context), query.from_user).lang, "callback.unknown"))
