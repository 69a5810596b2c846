"""The Telegram bot's composition root: every handler, in the order that decides who answers.

`build_application` wires the engine and the store into a python-telegram-bot Application and
starts nothing; `run_polling` is the long-polling entry point (`scamcheck bot`). The HTTP service
builds the same Application with `polling=False` (no Updater), runs `initialize()`, `prepare()`
(what polling runs as post_init) and `start()`, then puts each webhook update on `update_queue`.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from typing import Any

from telegram import BotCommand, BotCommandScopeAllChatAdministrators, LinkPreviewOptions, Update
from telegram import BotCommandScopeAllPrivateChats as AllPrivateChats
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    ExtBot,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.checker import Checker
from bot.health import warn_if_unfit
from bot.knowledge import LANGS
from bot.render import t
from bot.retention import RetentionPurger
from bot.runtime import open_store
from bot.settings import Settings
from bot.store import Store
from bot.telegram import errors, groups, guards, media, outcomes, report, user, withdraw
from bot.telegram.common import FLOW_MAX_AGE, TEXT_OR_CAPTION, TYPED, InFlow, Services
from bot.telegram.flood import FloodSafeLimiter
from bot.telegram.ratelimit import UserRateLimiter
from bot.telegram.updates import PerChatUpdateProcessor

try:  # moderation (issue 4) lives in its own module; the bot runs without it
    from bot.telegram.moderation import moderation_handlers
except ImportError:  # pragma: no cover - depends on what is installed
    moderation_handlers = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE
GROUPS = filters.ChatType.GROUPS
# New messages only: an edited message is not checked again in private (commands take TYPED:
# new and not forwarded, see bot/telegram/common.py); in groups edits are checked (groups.py).
NEW = filters.UpdateType.MESSAGE
PRIVATE_COMMANDS = ("start", "withdraw", "report", "language", "region", "help", "cancel")
ADMIN_COMMANDS = ("groupmode", "grouplang", "help")
GROUP_REDIRECTS = [c for c in PRIVATE_COMMANDS if c != "help"]
TELEGRAM_LANG = {"en": "", "zh-HK": "zh"}  # setMyCommands takes ISO 639-1; "" is the default
# Link previews would fetch and show the very sites we warn about.
_NO_PREVIEWS = LinkPreviewOptions(is_disabled=True)


class MissingToken(RuntimeError):
    """The bot cannot start without a token."""


def build_application(
    settings: Settings, checker: Checker, store: Store, *, polling: bool = True
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The bot, wired and ready; polling=False leaves out the Updater, for webhook use."""
    token = _token(settings)
    builder = (
        ApplicationBuilder()
        .token(token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=_NO_PREVIEWS))
        .rate_limiter(FloodSafeLimiter())
        .concurrent_updates(PerChatUpdateProcessor())
        .post_init(prepare)
    )
    if settings.telegram_api_url:
        base_url, file_url = api_urls(settings.telegram_api_url)
        builder = builder.base_url(base_url).base_file_url(file_url)
    if not polling:
        builder = builder.updater(None)
    app = builder.build()
    s = Services(
        settings,
        checker,
        store,
        UserRateLimiter(settings.user_rate_per_minute),
        secret=hashlib.sha256(b"scamcheck/callback-data/" + token.encode()).digest(),
    )
    app.bot_data["services"] = s
    app.add_handler(TypeHandler(Update, guards.once), group=-2)
    app.add_handler(TypeHandler(Update, guards.limit_users), group=-1)
    app.add_handlers(handlers(s), group=0)
    app.add_error_handler(errors.report_error)
    return app


def handlers(s: Services) -> list[BaseHandler[Any, Any, Any]]:
    """Every handler of group 0, in order: the first that matches an update handles it alone.

    Group -2 drops an update already handled (by this process or another); group -1 holds the
    rate-limit guard. Either stops an update before it gets here.
    """
    in_withdraw = InFlow(s.store, withdraw.KIND, "dest")
    in_withdraw_usual = InFlow(s.store, withdraw.KIND, "usual")
    in_report = InFlow(s.store, report.KIND, "content")
    return [
        # Commands come first: a command is never checked as if it were a message.
        CommandHandler("start", user.start_chat, TYPED & PRIVATE),
        CommandHandler("help", user.show_help, TYPED),
        CommandHandler("language", user.choose_language, TYPED & PRIVATE),
        CommandHandler("region", user.choose_region, TYPED & PRIVATE),
        CommandHandler("cancel", user.cancel_flow, TYPED & PRIVATE),
        CommandHandler("withdraw", withdraw.start_withdraw, TYPED & PRIVATE),
        CommandHandler("report", report.start_report, TYPED & PRIVATE),
        CommandHandler("groupmode", groups.set_group_mode, TYPED & GROUPS),
        CommandHandler("grouplang", groups.set_group_lang, TYPED & GROUPS),
        # Private conversations started in a group get a button to the private chat instead.
        CommandHandler(GROUP_REDIRECTS, groups.point_to_private, TYPED & GROUPS),
        # Buttons, by the prefix of their callback data.
        CallbackQueryHandler(user.set_language, pattern=user.LANG_PATTERN),
        CallbackQueryHandler(user.set_region, pattern=user.REGION_PATTERN),
        CallbackQueryHandler(withdraw.answer_question, pattern=withdraw.PATTERN),
        CallbackQueryHandler(report.submit_report, pattern=report.PATTERN),
        CallbackQueryHandler(outcomes.record_choice, pattern=outcomes.PATTERN),
        ChatMemberHandler(groups.greet_group, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, groups.follow_migration),
        # Moderators' and police commands and buttons: before the catch-alls below, in this
        # group, so that a moderation command is not also answered as an unknown command.
        *(moderation_handlers(s.store, s.settings) if moderation_handlers is not None else []),
        # Inside a conversation, the next message is an answer, not something to check.
        MessageHandler(NEW & PRIVATE & TEXT_OR_CAPTION & in_withdraw, withdraw.answer_destination),
        MessageHandler(NEW & PRIVATE & TEXT_OR_CAPTION & in_withdraw_usual, withdraw.answer_usual),
        MessageHandler(NEW & PRIVATE & TEXT_OR_CAPTION & in_report, report.receive_content),
        # Pictures, e-mail files and pasted e-mails (bot/telegram/media.py): before the text
        # check, which would otherwise take a photo's caption alone.
        MessageHandler(NEW & PRIVATE & media.MEDIA, media.check_media),
        # Everything else with text is checked; groups hear back only about real indicators.
        MessageHandler(NEW & PRIVATE & TEXT_OR_CAPTION, user.check_message),
        # In a group, text that starts like a command but is none of ours ("/claim your
        # bonus at ...", "/start@otherbot ...") is checked too: a scam must not hide behind a
        # slash. Our group commands were taken above; edits never run as commands.
        MessageHandler(
            (NEW | filters.UpdateType.EDITED_MESSAGE) & GROUPS & groups.TEXT,
            groups.check_group_message,
        ),
        # Catch-alls: an unknown command, a message without text, a button we do not know.
        MessageHandler(NEW & PRIVATE & filters.COMMAND, user.reject_command),
        MessageHandler(NEW & PRIVATE, user.ask_for_text),
        CallbackQueryHandler(errors.answer_unknown_button),
    ]


async def prepare(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Runs once before updates flow (post_init): forgets stale conversations, sets the menus."""
    # In the store's writer thread: in webhook mode the HTTP API already answers on this loop.
    await app.bot_data["services"].store.write_async(lambda w: w.purge_flows(FLOW_MAX_AGE))
    await set_commands(app.bot)


async def set_commands(bot: ExtBot[Any]) -> None:
    """Publishes the command menus: one for private chats, one for group admins, per language."""
    for lang in LANGS:
        code = TELEGRAM_LANG[lang]
        for scope, names in (
            (AllPrivateChats(), PRIVATE_COMMANDS),
            (BotCommandScopeAllChatAdministrators(), ADMIN_COMMANDS),
        ):
            commands = [BotCommand(n, t(lang, f"menu.{n}")) for n in names]
            await bot.set_my_commands(commands, scope=scope, language_code=code or None)


def api_urls(url: str) -> tuple[str, str]:
    """base_url and base_file_url for a self-hosted Bot API server given as its /bot URL."""
    url = url.rstrip("/")
    if not url.endswith("/bot"):
        url += "/bot"
    return url, url.removesuffix("/bot") + "/file/bot"


def _token(settings: Settings) -> str:
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token.strip():
        raise MissingToken(
            "no Telegram bot token: set TELEGRAM_BOT_TOKEN in the environment "
            "(or telegram_bot_token in .env); get one from @BotFather"
        )
    return token.strip()


def run_polling(settings: Settings) -> int:
    """Runs the bot with long polling until interrupted; 2 if it cannot start."""
    try:
        _token(settings)
    except MissingToken as e:
        print(f"scamcheck bot: {e}", file=sys.stderr)
        return 2
    store = open_store(settings)
    warn_if_unfit(store, settings.knowledge_dir, "bot")
    purger = RetentionPurger(settings)  # users' reports past retention, now and periodically
    try:
        purger.start()
        app = build_application(settings, Checker(store, settings.default_region), store)
        log.info("bot starting (long polling)")
        app.run_polling()
    finally:
        purger.stop()
        store.close()
    return 0
