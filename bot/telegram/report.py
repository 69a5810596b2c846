"""/report: send a suspected scam with a category; it waits in the moderation queue for review.

What is reported comes from the command's text, from the message the command replies to, or
from the next message. It is held in the conversation state only until the category is picked,
then handed to the store's report queue: it never goes into the knowledge base by itself.
"""

from __future__ import annotations

import html
import re

from telegram import InlineKeyboardMarkup, Update
from telegram import Message as TgMessage
from telegram.ext import ContextTypes

from bot.indicators import normalize_phone
from bot.message import Message
from bot.render import t
from bot.store import Store
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
# The note is context for the moderator beside the queued indicators (which carry the
# evidence): 280 characters hold a whole SMS (160) or post and the opening of a longer scam,
# the part that says what it wants, without keeping a pasted e-mail's signature, greeting
# names and addresses (the reporter's and others' details) that the review does not need.
MAX_NOTE = 280
OWN_NUMBER = "[own number]"


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
        await _take(msg, s, user.id, p.lang, to_message(replied, p.lang, p.region), replied)
        return
    else:
        await begin(msg, s, user.id, p.lang)
        return
    await _take(msg, s, user.id, p.lang, content)


async def begin(msg: TgMessage, s: Services, user_id: int, lang: str) -> None:
    """Asks for what to report."""
    await s.store.write_async(lambda w: w.start_flow(user_id, KIND, "content", {}))
    await msg.reply_html(say(lang, "report.ask"), do_quote=False)


async def receive_content(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Takes what to report (text, forward, caption) and asks for its category."""
    if (msg := update.effective_message) is None or (user := update.effective_user) is None:
        return
    s = services(context)
    p = prefs(s, user)
    await _take(msg, s, user.id, p.lang, to_message(msg, p.lang, p.region))


async def _take(
    msg: TgMessage,
    s: Services,
    user_id: int,
    lang: str,
    content: Message,
    source: TgMessage | None = None,
) -> None:
    """Checks what is reported and keeps, until the category is picked, what the queue needs:
    its indicators, but not a number that is the reporter's own or an official one."""
    verdict = s.checker.check(content)
    own = _own_numbers(source or msg, user_id, content.region or s.settings.default_region)
    official = s.checker.index.official_phones
    items: list[tuple[str, str]] = list(
        dict.fromkeys(
            (i.kind, i.raw or i.value)
            for i in verdict.indicators
            if not (i.kind == "phone" and (_digits(i.value) in own or i.value in official))
        )
    )
    text = _without(content.text, own)
    if not items:  # the message itself is what is reported: no more of it than the note
        items = [("message", text[:MAX_NOTE])]
    data = {"items": items[:MAX_ITEMS], "note": text[:MAX_NOTE]}
    await s.store.write_async(lambda w: w.start_flow(user_id, KIND, "category", data))
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
    reporter, items, note = actor(query.from_user), flow.data["items"], flow.data["note"]

    def submit(w: Store) -> list[int] | None:
        with w.transaction():
            if not w.end_flow(p.user_id, KIND):  # a double tap: the first one submitted it
                return None
            return [w.submit_report(reporter, k, v, category, note=note) for k, v in items]

    if (ids := await s.store.write_async(submit)) is None:
        await query.answer()
        return
    await query.answer()
    await query.edit_message_text(
        f"{say(p.lang, 'report.category')}\n\n→ <b>{_category_title(s, category, p.lang)}</b>"
    )
    numbers = ", ".join(f"#{i}" for i in ids)
    await query.message.reply_html(say(p.lang, "report.thanks", ids=numbers), do_quote=False)


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def _own_numbers(msg: TgMessage, user_id: int, region: str) -> set[str]:
    """The reporter's own phone number, as digits, when the bot knows it: a contact card they
    shared of themselves (Telegram sets its user_id). Never stored; used to leave it out."""
    card = msg.contact
    if card is None or card.user_id != user_id or not card.phone_number:
        return set()
    import phonenumbers  # a dependency of the engine; loaded only here

    raw = card.phone_number.strip()
    found = {_digits(raw)}
    for form in (raw, "+" + raw.lstrip("+")):  # Telegram gives it without "+" mostly
        if e164 := normalize_phone(form, region):
            found.add(_digits(e164))
            found.add(str(phonenumbers.parse(e164).national_number))  # as written at home
    return found


def _without(text: str, own: set[str]) -> str:
    """text with the reporter's own number (written with or without spaces, dashes, "+")
    replaced by OWN_NUMBER."""
    for digits in sorted(own, key=len, reverse=True):
        if len(digits) < 6:
            continue
        loose = r"\+?" + r"[\s().-]{0,2}".join(digits)
        text = re.sub(loose, OWN_NUMBER, text)
    return text


def _category_buttons(s: Services, lang: str) -> InlineKeyboardMarkup:
    cats = sorted(s.checker.index.categories.values(), key=lambda c: c.title.get(lang))
    buttons = [(c.title.get(lang), f"r:{c.id}") for c in cats]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return keyboard([*rows, [(t(lang, "report.not_sure"), f"r:{NOT_SURE}")]])


def _category_title(s: Services, category: str, lang: str) -> str:
    cat = s.checker.index.categories.get(category)
    return say(lang, "report.not_sure") if cat is None else html.escape(cat.title.get(lang))
