"""/report: send a suspected scam with a category; it waits in the moderation queue for review.

What is reported comes from the command's text, from the message the command replies to, or
from the next message. It is held in the conversation state only until the category is picked,
then handed to the store's report queue: it never goes into the knowledge base by itself.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update
from telegram import Message as TgMessage
from telegram.ext import ContextTypes

from bot.message import Message
from bot.render import t
from bot.telegram.common import (
    FLOW_MAX_AGE,
    Services,
    actor,
    keyboard,
    message_text,
    prefs,
    say,
    services,
    to_message,
)

KIND = "report"
PATTERN = r"^r:"
NOT_SURE = "unknown"
MAX_ITEMS = 5
MAX_NOTE = 1000


async def start_report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Starts a report from the command's text or the replied-to message, or asks for it."""
    if (msg := update.effective_message) is None or (user := update.effective_user) is None:
        return
    s = services(context)
    p = prefs(s, user)
    inline = (msg.text or "").split(maxsplit=1)[1:]
    if inline:
        content = Message(text=inline[0], lang=p.lang, region=p.region)
    elif (replied := msg.reply_to_message) is not None and message_text(replied):
        content = to_message(replied, p.lang, p.region)
    else:
        await begin(msg, s, user.id, p.lang)
        return
    await _take(msg, s, user.id, p.lang, content)


async def begin(msg: TgMessage, s: Services, user_id: int, lang: str) -> None:
    """Asks for what to report."""
    s.store.start_flow(user_id, KIND, "content", {})
    await msg.reply_html(say(lang, "report.ask"), do_quote=False)


async def receive_content(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Takes what to report (text, forward, caption) and asks for its category."""
    if (msg := update.effective_message) is None or (user := update.effective_user) is None:
        return
    s = services(context)
    p = prefs(s, user)
    await _take(msg, s, user.id, p.lang, to_message(msg, p.lang, p.region))


async def _take(msg: TgMessage, s: Services, user_id: int, lang: str, content: Message) -> None:
    verdict = s.checker.check(content)
    items: list[tuple[str, str]] = list(
        dict.fromkeys((i.kind, i.raw or i.value) for i in verdict.indicators)
    )
    if not items:
        items = [("message", content.text[:2048])]
    data = {"items": items[:MAX_ITEMS], "note": content.text[:MAX_NOTE]}
    s.store.start_flow(user_id, KIND, "category", data)
    await msg.reply_html(
        say(lang, "report.category"), reply_markup=_category_buttons(s, lang), do_quote=False
    )


async def submit_report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Queues the report with the category picked and tells the user it awaits review."""
    if (query := update.callback_query) is None or not isinstance(query.message, TgMessage):
        return
    s = services(context)
    p = prefs(s, query.from_user)
    category = (query.data or "").removeprefix("r:")
    if category != NOT_SURE and category not in s.checker.index.categories:
        await query.answer(t(p.lang, "callback.unknown"))
        return
    flow = s.store.get_flow(p.user_id, max_age=FLOW_MAX_AGE)
    if flow is None or flow.kind != KIND or flow.step != "category":
        await query.answer(t(p.lang, "report.expired"))
        return
    if not s.store.end_flow(p.user_id, KIND):  # a double tap: the first one submitted it
        await query.answer()
        return
    ids = [
        s.store.submit_report(
            actor(query.from_user), kind, value, category, note=flow.data["note"]
        )
        for kind, value in flow.data["items"]
    ]
    await query.answer()
    await query.edit_message_text(
        f"{say(p.lang, 'report.category')}\n\n→ <b>{_category_title(s, category, p.lang)}</b>"
    )
    numbers = ", ".join(f"#{i}" for i in ids)
    await query.message.reply_html(say(p.lang, "report.thanks", ids=numbers), do_quote=False)


def _category_buttons(s: Services, lang: str) -> InlineKeyboardMarkup:
    cats = sorted(s.checker.index.categories.values(), key=lambda c: c.title.get(lang))
    buttons = [(c.title.get(lang), f"r:{c.id}") for c in cats]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return keyboard([*rows, [(t(lang, "report.not_sure"), f"r:{NOT_SURE}")]])


def _category_title(s: Services, category: str, lang: str) -> str:
    cat = s.checker.index.categories.get(category)
    return say(lang, "report.not_sure") if cat is None else html.escape(cat.title.get(lang))
