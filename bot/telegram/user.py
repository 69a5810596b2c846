"""Private chat: welcome, language and region, help, and checking whatever the user sends."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram import Message as TgMessage
from telegram.ext import ContextTypes

from bot.knowledge import LANGS
from bot.message import Message
from bot.render import render, t
from bot.store.users import UserSettings
from bot.telegram import outcomes, report, withdraw
from bot.telegram.common import (
    Services,
    after_command,
    keyboard,
    prefs,
    say,
    services,
    to_message,
)

LANG_PATTERN = r"^lang:"
REGION_PATTERN = r"^region:"


async def start_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcomes the user, saves their defaults and offers language and region buttons."""
    if (msg := update.effective_message) is None or (user := update.effective_user) is None:
        return
    s = services(context)
    p = prefs(s, user)
    uid = user.id
    await s.store.write_async(lambda w: w.save_user_settings(uid, lang=p.lang, region=p.region))
    if context.args and context.args[0] in ("withdraw", "report"):  # deep link from a group
        start = withdraw.begin if context.args[0] == "withdraw" else report.begin
        await start(msg, s, user.id, p.lang)
        return
    await msg.reply_html(
        say(p.lang, "start.welcome", region=_region_name(s, p.region, p.lang)),
        reply_markup=_lang_buttons(),
        do_quote=False,
    )


async def show_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explains what the bot does and its commands."""
    if (msg := update.effective_message) is None:
        return
    lang = prefs(services(context), update.effective_user).lang
    key = "help.private" if msg.chat.type == "private" else "help.group"
    await msg.reply_html(say(lang, key), do_quote=False)


async def choose_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offers the languages as buttons."""
    if (msg := update.effective_message) is None:
        return
    lang = prefs(services(context), update.effective_user).lang
    await msg.reply_html(
        say(lang, "language.choose"), reply_markup=_lang_buttons(), do_quote=False
    )


async def choose_region(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offers the regions we have contacts for as buttons."""
    if (msg := update.effective_message) is None:
        return
    s = services(context)
    lang = prefs(s, update.effective_user).lang
    await msg.reply_html(
        say(lang, "region.choose"), reply_markup=_region_buttons(s, lang), do_quote=False
    )


async def set_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Saves the language a user picked, then offers the regions."""
    if (query := update.callback_query) is None:
        return
    s = services(context)
    lang = (query.data or "").removeprefix("lang:")
    if lang not in LANGS:
        await query.answer(t(prefs(s, query.from_user).lang, "callback.unknown"))
        return
    uid, region = query.from_user.id, s.settings.default_region.upper()
    p = await s.store.write_async(
        lambda w: w.save_user_settings(uid, lang=lang, default_region=region)
    )
    await query.answer()
    await query.edit_message_text(
        say(lang, "language.saved", region=_region_name(s, p.region, lang)),
        reply_markup=_region_buttons(s, lang),
    )


async def set_region(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Saves the region a user picked."""
    if (query := update.callback_query) is None:
        return
    s = services(context)
    lang = prefs(s, query.from_user).lang
    code = (query.data or "").removeprefix("region:")
    if code not in s.checker.index.regions:
        await query.answer(t(lang, "callback.unknown"))
        return
    uid = query.from_user.id
    await s.store.write_async(
        lambda w: w.save_user_settings(uid, region=code, default_lang=lang)
    )
    await query.answer()
    await query.edit_message_text(
        say(lang, "region.saved", region=_region_name(s, code, lang)), reply_markup=None
    )


async def check_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Checks a text, forward or caption and replies with the verdict and what to do."""
    if (msg := update.effective_message) is None:
        return
    s = services(context)
    p = prefs(s, update.effective_user)
    await _check_and_reply(msg, s, p, to_message(msg, p.lang, p.region))


async def _check_and_reply(
    msg: TgMessage, s: Services, p: UserSettings, message: Message, note: str = ""
) -> None:
    """Replies with the check of message (after a note line, if any) and what to do."""
    verdict = s.checker.check(message)
    # For moderators' /stats: the day, region, risk and top category; never the message.
    s.store.count_check(region=p.region, risk=verdict.risk, category=verdict.top_category)
    text = render(
        verdict,
        s.checker.index,
        p.lang,
        p.region,
        as_html=True,
        default_region=s.settings.default_region,
    )
    question = (
        outcomes.markup(s, verdict, p.lang, p.region, "check")
        if outcomes.needs_question(verdict)
        else None
    )
    await outcomes.send_reply(msg, f"{note}\n\n{text}" if note else text, p.lang, question)


async def ask_for_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says what can be checked when a message has no text (a sticker, a photo alone)."""
    if (msg := update.effective_message) is None:
        return
    lang = prefs(services(context), update.effective_user).lang
    await msg.reply_html(say(lang, "check.no_text"), do_quote=False)


async def reject_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers a command the bot does not know with a pointer to /help; when text follows
    it, with the check of that text too."""
    if (msg := update.effective_message) is None:
        return
    s = services(context)
    p = prefs(s, update.effective_user)
    # A typo of a command ("/chek <scam text>") or any unknown /word before a message: the user
    # wants the message checked, not told off. Only here, in private chats: in groups, commands
    # meant for other bots are common and stay unanswered unless they carry an indicator.
    if (after := after_command(msg, p.lang, p.region)) is None:
        await msg.reply_html(say(p.lang, "command.unknown"), do_quote=False)
        return
    await _check_and_reply(msg, s, p, after, note=say(p.lang, "command.unknown_checked"))


async def cancel_flow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ends a /withdraw or /report conversation."""
    if (msg := update.effective_message) is None or (user := update.effective_user) is None:
        return
    s = services(context)
    lang = prefs(s, user).lang
    ended = await s.store.write_async(lambda w: w.end_flow(user.id))
    key = "cancel.done" if ended else "cancel.nothing"
    await msg.reply_html(say(lang, key), do_quote=False)


def _lang_buttons() -> InlineKeyboardMarkup:
    # Each language is named in itself, so anyone can find theirs.
    return keyboard([[(t(code, "lang.name"), f"lang:{code}") for code in LANGS]])


def _region_buttons(s: Services, lang: str) -> InlineKeyboardMarkup | None:
    regions = sorted(s.checker.index.regions.values(), key=lambda r: r.name.get(lang))
    buttons = [(r.name.get(lang), f"region:{r.code}") for r in regions]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return keyboard(rows) if rows else None


def _region_name(s: Services, code: str, lang: str) -> str:
    region = s.checker.index.regions.get(code)
    return region.name.get(lang) if region else code
