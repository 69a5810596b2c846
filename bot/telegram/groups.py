"""Group mode: silent on ordinary chat, a short warning when a message carries a scam indicator.

normal (the default): only reported indicators and lookalikes (sites, accounts, addresses) are
answered. strict: any message the engine finds suspicious. off: nothing. Only the group's
admins may change it; Telegram is asked (getChatMember) on every change.

What the group reads from the bot (warnings, the greeting) is in the group's language, the
same whoever wrote the message: a warning in the scammer's language (their Telegram client's)
would change language from one message to the next, and a scammer could pick the one the
group does not read. The admins choose it with /grouplang; until they do, the bot writes one
line per language, the deployment's default language first.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from telegram import (
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageOriginUser,
    Update,
    User,
)
from telegram.constants import ChatMemberStatus
from telegram.ext import ContextTypes, filters

from bot.knowledge import LANGS
from bot.render import finding_line, t
from bot.store.users import GROUP_MODES
from bot.telegram.common import Services, actor, prefs, say, services, to_message
from bot.verdict import Finding, Verdict

# What the normal mode speaks up for: something on record, or made to look like an official
# site, account or address. Phrases and other patterns alone wait for strict mode.
NORMAL_TYPES = frozenset(
    {"reported", "lookalike", "homograph", "brand_in_host", "address_poisoning", "impersonation"}
)
ADMINS = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
# What a group check takes: any text, caption or contact card, commands not ours included.
TEXT = filters.TEXT | filters.CAPTION | filters.CONTACT


def worth_warning(verdict: Verdict, mode: str) -> Finding | None:
    """The finding to quote in a group, or None to stay silent."""
    if mode == "off" or verdict.risk not in ("high", "medium"):
        return None
    for f in verdict.findings:  # the engine sorts them, most severe first
        if f.severity not in ("high", "medium"):
            continue
        if mode == "strict" or f.type in NORMAL_TYPES:
            return f
    return None


# A message edited more than two days after it was posted is rare; a warning claim is kept
# that long, so an edit of a message already warned about is not warned about again.
WARNED_MEMORY = dt.timedelta(hours=48)


async def check_group_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Checks a group message, new or edited, and replies only when it carries a scam indicator.

    Edits count in groups: a harmless message edited into a scam link once the members (and
    any bot) have read it is a known way round group guards. Each message is warned about once,
    whatever its edits.
    """
    if (msg := update.effective_message) is None:
        return
    s = services(context)
    mode = s.store.group_mode(msg.chat_id)
    if mode == "off" or _from_this_bot(msg.forward_origin, context.bot.id):
        return  # a forward of our own warning quotes the scam again: no warning on a warning
    p = prefs(s, update.effective_user)
    verdict = s.checker.check(to_message(msg, p.lang, p.region))
    if (finding := worth_warning(verdict, mode)) is None:
        return
    chat_id, message_id = msg.chat_id, msg.message_id
    if not await s.store.write_async(
        lambda w: w.claim_group_warning(chat_id, message_id, WARNED_MEMORY)
    ):
        return
    langs = group_langs(s, msg.chat_id)
    text = "\n".join(
        f"⚠️ {say(lang, 'group.warning', finding=finding_line(finding, s.checker.index, lang))}"
        for lang in langs
    )
    await msg.reply_html(text, do_quote=True, reply_markup=_private_button(context, langs[0]))


def _from_this_bot(origin: object, bot_id: int) -> bool:
    return isinstance(origin, MessageOriginUser) and origin.sender_user.id == bot_id


def group_langs(s: Services, chat_id: int) -> list[str]:
    """The languages the bot writes to a group in: the one its admins chose, else every
    language, the deployment's default first."""
    if (chosen := s.store.group_lang(chat_id)) in LANGS:
        return [chosen]  # type: ignore[list-item]
    first = s.settings.default_lang if s.settings.default_lang in LANGS else "en"
    return [first, *(lang for lang in LANGS if lang != first)]


async def set_group_mode(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Lets a group admin turn the bot off, back to normal, or strict."""
    if (asked := _asked(update, context)) is None:
        return
    msg, user, s, lang, mode = asked
    if mode not in GROUP_MODES:
        current = s.store.group_mode(msg.chat_id)
        await msg.reply_html(say(lang, "group.mode.usage", mode=current), do_quote=True)
        return
    if not await _admin_or_told(update, context, lang):
        return
    chat_id, who = msg.chat_id, actor(user)
    await s.store.write_async(
        lambda w: w.set_group_mode(chat_id, mode, actor=who)  # type: ignore[arg-type]
    )
    await msg.reply_html(say(lang, f"group.mode.set.{mode}"), do_quote=True)


# What /grouplang takes: our languages, "zh" and "en" as people type them, "both" to go back.
GROUP_LANG_WORDS = {"en": "en", "english": "en", "zh": "zh-HK", "zh-hk": "zh-HK", "中文": "zh-HK",
                    "both": None}  # fmt: skip


async def set_group_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Lets a group admin choose the language of the bot's warnings in the group."""
    if (asked := _asked(update, context)) is None:
        return
    msg, user, s, lang, word = asked
    if word not in GROUP_LANG_WORDS:
        current = " + ".join(t(x, "lang.name") for x in group_langs(s, msg.chat_id))
        await msg.reply_html(say(lang, "group.lang.usage", language=current), do_quote=True)
        return
    if not await _admin_or_told(update, context, lang):
        return
    chosen = GROUP_LANG_WORDS[word]
    chat_id, who = msg.chat_id, actor(user)
    await s.store.write_async(lambda w: w.set_group_lang(chat_id, chosen, actor=who))
    names = " + ".join(t(x, "lang.name") for x in group_langs(s, msg.chat_id))
    await msg.reply_html(say(chosen or lang, "group.lang.set", language=names), do_quote=True)


async def follow_migration(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keeps the group's mode and language when Telegram upgrades it to a supergroup (a new
    chat id): otherwise a group whose admins turned the bot off would hear it again."""
    if (msg := update.effective_message) is None:
        return
    if msg.migrate_to_chat_id is not None:  # said in the old group
        old, new = msg.chat_id, msg.migrate_to_chat_id
    elif msg.migrate_from_chat_id is not None:  # said in the new supergroup
        old, new = msg.migrate_from_chat_id, msg.chat_id
    else:
        return
    await services(context).store.write_async(
        lambda w: w.move_group(old, new, actor="telegram:migration")
    )


class _Asked(NamedTuple):
    """A group setting command as asked: where, by whom, in which language, and its word."""

    msg: Message
    user: User
    s: Services
    lang: str
    word: str


def _asked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> _Asked | None:
    if (msg := update.effective_message) is None or (user := update.effective_user) is None:
        return None
    s = services(context)
    return _Asked(msg, user, s, prefs(s, user).lang, (context.args or [""])[0].lower())


async def _admin_or_told(update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str) -> bool:
    """Whether the sender is an admin of the group; if not, they are told only admins may."""
    if await _is_admin(update, context):
        return True
    if (msg := update.effective_message) is not None:
        await msg.reply_html(say(lang, "group.mode.admins_only"), do_quote=True)
    return False


async def _is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    msg, user = update.effective_message, update.effective_user
    if msg is None or user is None:
        return False
    if msg.sender_chat is not None and msg.sender_chat.id == msg.chat_id:
        return True  # an anonymous admin, posting as the group itself
    member = await context.bot.get_chat_member(msg.chat_id, user.id)
    return member.status in ADMINS


async def greet_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Introduces the bot once, when it is added to a group."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None or change.chat.type not in ("group", "supergroup"):
        return
    was_in = change.old_chat_member.status not in ("left", "kicked")
    is_in = change.new_chat_member.status not in ("left", "kicked")
    if was_in or not is_in:
        return
    langs = group_langs(services(context), change.chat.id)
    text = "\n\n".join(say(lang, "group.hello") for lang in langs)
    await context.bot.send_message(change.chat.id, text)


async def point_to_private(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers /withdraw or /report in a group with a button to the private chat."""
    if (msg := update.effective_message) is None:
        return
    lang = prefs(services(context), update.effective_user).lang
    command = (msg.text or "/").split()[0][1:].split("@")[0]
    start = command if command in ("withdraw", "report") else None
    await msg.reply_html(
        say(lang, "group.private_only"),
        do_quote=True,
        reply_markup=_private_button(context, lang, start),
    )


def _private_button(
    context: ContextTypes.DEFAULT_TYPE, lang: str, start: str | None = None
) -> InlineKeyboardMarkup:
    url = f"https://t.me/{context.bot.username}" + (f"?start={start}" if start else "")
    return InlineKeyboardMarkup([[InlineKeyboardButton(t(lang, "group.open_private"), url=url)]])
