"""What every Telegram handler shares: the services, the user's settings, Telegram -> Message."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageEntity,
    MessageOrigin,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
)
from telegram import Message as TgMessage
from telegram import User as TgUser
from telegram.ext import ContextTypes, filters

from bot.checker import Checker
from bot.knowledge import LANGS
from bot.media.parts import utf16_len
from bot.message import Entity, ForwardOrigin, Message
from bot.render import t
from bot.settings import Settings
from bot.store import Store
from bot.store.users import UserSettings
from bot.telegram.ratelimit import UserRateLimiter
from bot.telegram.updates import RecentUpdates

FLOW_MAX_AGE = dt.timedelta(hours=1)  # an unfinished /withdraw or /report is forgotten after this
MAX_ENTITIES = 1000


@dataclass
class Services:
    """What handlers work with; one per Application, kept in bot_data."""

    settings: Settings
    checker: Checker
    store: Store
    users: UserRateLimiter
    secret: bytes  # signs callback data; derived from the token, so every replica agrees
    recent: RecentUpdates = field(default_factory=RecentUpdates)


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """The Application's services."""
    return context.application.bot_data["services"]  # type: ignore[no-any-return]


def lang_of(code: str | None, default: str) -> str:
    """Our language for a Telegram language_code: Chinese of any script reads zh-HK here."""
    code = (code or "").lower()
    if code.startswith("zh"):
        return "zh-HK"
    if code.startswith("en"):
        return "en"
    return default if default in LANGS else "en"


def prefs(s: Services, user: TgUser | None) -> UserSettings:
    """The user's saved settings, or the defaults for someone who never chose."""
    uid = user.id if user else 0
    saved = s.store.get_user_settings(uid) if user else None
    if saved is not None:
        return saved
    lang = lang_of(user.language_code if user else None, s.settings.default_lang)
    return UserSettings(user_id=uid, lang=lang, region=s.settings.default_region.upper())


def say(lang: str, key: str, **params: str) -> str:
    """A catalog entry, HTML-escaped for Telegram (every reply is sent as HTML)."""
    return html.escape(t(lang, key, **params), quote=False)


def keyboard(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """Inline buttons from (label, callback_data) rows."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def message_text(msg: TgMessage) -> str:
    """The text to check: the message text, the caption of a photo or document, or a shared
    contact card's name and phone number (scammers share "support" as a contact)."""
    if not (msg.text or msg.caption) and (card := msg.contact) is not None:
        return " ".join(p for p in (card.first_name, card.last_name, card.phone_number) if p)
    return msg.text or msg.caption or ""


def to_message(msg: TgMessage, lang: str, region: str) -> Message:
    """A Telegram message as the engine's input: text or caption, entities, forward origin."""
    raw = msg.entities if msg.text else msg.caption_entities
    return Message(
        text=message_text(msg),
        entities=[_entity(e) for e in raw[:MAX_ENTITIES]],
        lang=lang,
        region=region,
        forward_origin=to_origin(msg.forward_origin),
    )


def after_command(msg: TgMessage, lang: str, region: str) -> Message | None:
    """What a message says after its leading command ("/chek <text>": the text), as the
    engine's input with its entities moved along; None when nothing follows the command."""
    text = msg.text or ""
    command = next(iter(msg.entities), None)
    if command is None or command.type != MessageEntity.BOT_COMMAND or command.offset != 0:
        return None
    head = text.encode("utf-16-le")[: 2 * command.length].decode("utf-16-le", errors="ignore")
    after = text[len(head) :]
    body = after.lstrip()
    if not body.rstrip():
        return None
    shift = command.length + utf16_len(after[: len(after) - len(body)])
    entities = [
        Entity(type=str(e.type), offset=e.offset - shift, length=e.length, url=e.url)
        for e in msg.entities[1 : MAX_ENTITIES + 1]
        if e.offset >= shift
    ]
    return Message(text=body, entities=entities, lang=lang, region=region)


def _entity(e: MessageEntity) -> Entity:
    # Offsets stay in UTF-16 code units: the engine converts them (bot.message.entity_text).
    return Entity(type=str(e.type), offset=e.offset, length=e.length, url=e.url)


def to_origin(origin: MessageOrigin | None) -> ForwardOrigin | None:
    """Who a forwarded message came from, as the engine's ForwardOrigin."""
    if isinstance(origin, MessageOriginUser):
        u = origin.sender_user
        return ForwardOrigin(type="user", username=u.username, name=u.full_name[:256])
    if isinstance(origin, MessageOriginHiddenUser):
        return ForwardOrigin(type="hidden_user", name=origin.sender_user_name[:256])
    if isinstance(origin, MessageOriginChat):
        c = origin.sender_chat
        return ForwardOrigin(type="chat", username=c.username, name=(c.title or "")[:256] or None)
    if isinstance(origin, MessageOriginChannel):
        c = origin.chat
        return ForwardOrigin(
            type="channel", username=c.username, name=(c.title or "")[:256] or None
        )
    return None


def actor(user: TgUser | None) -> str:
    """How a Telegram user is named in audit records and the report queue."""
    return f"telegram:{user.id}" if user else "telegram:unknown"


class InFlow(filters.UpdateFilter):
    """Matches a user's message while they are at one step of a guided conversation."""

    def __init__(self, store: Store, kind: str, step: str) -> None:
        super().__init__(name=f"InFlow({kind}:{step})")
        self.store, self.kind, self.step = store, kind, step

    def filter(self, update: Update) -> bool:
        if update.effective_user is None:
            return False
        flow = self.store.get_flow(update.effective_user.id, max_age=FLOW_MAX_AGE)
        return flow is not None and flow.kind == self.kind and flow.step == self.step


# A forward is someone else's text, passed on to be checked: a forwarded "/grant 50 admin" or
# "/start" is content, never a command (Telegram keeps the bot_command entity in a forward).
FORWARD = filters.FORWARDED
# What a command handler takes: a new message (an old one edited into "/grant 50 admin" runs
# nothing) that the user typed themselves, not a forward.
TYPED = filters.UpdateType.MESSAGE & ~FORWARD
TEXT_OR_CAPTION = (filters.TEXT | filters.CAPTION | filters.CONTACT) & (~filters.COMMAND | FORWARD)
