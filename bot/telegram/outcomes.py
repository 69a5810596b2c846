"""After every warning: stop, verify first, or continue anyway? The campaign's headline figure.

The buttons carry what the answer is recorded with (risk, top category, region), signed so that a
forged press cannot skew the figures: `o:<choice><risk><source>:<category>:<region>:<signature>`,
at most 64 bytes as Telegram requires. Nothing of the message itself is stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Update
from telegram import Message as TgMessage
from telegram.ext import ContextTypes

from bot.engine import KnowledgeIndex
from bot.render import contacts_section, lead_category, t
from bot.store.users import Choice
from bot.telegram.chunks import split_html
from bot.telegram.common import Services, keyboard, prefs, say, services
from bot.verdict import Verdict

MAX_CALLBACK = 64
PATTERN = r"^o:"
_CHOICES: dict[str, Choice] = {"s": "stop", "v": "verify", "c": "continue"}
_RISKS = {"h": "high", "m": "medium", "l": "low", "o": "official"}
_SOURCES = {"c": "check", "w": "withdraw"}
# ASCII only: a signature in other letters must not reach hmac.compare_digest (TypeError).
_DATA = re.compile(
    r"^o:([svc])([hmlo])([cw]):([a-z0-9_]{1,41}|-):([A-Z]{2}):([\w-]{8})$", re.ASCII
)


@dataclass(frozen=True)
class Pressed:
    """A verified button press."""

    choice: Choice
    risk: str
    source: str
    category: str | None
    region: str


def sign(secret: bytes, payload: str) -> str:
    """A short signature (8 characters) of callback data."""
    digest = hmac.new(secret, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:6]).decode()


def callback_data(secret: bytes, choice: str, verdict: Verdict, region: str, source: str) -> str:
    """The signed data of one button (the category the warning was about, left out if it would
    not fit)."""
    risk, src = verdict.risk[0], source[0]
    for category in (lead_category(verdict) or "-", "-"):
        payload = f"o:{choice}{risk}{src}:{category}:{region}"
        data = f"{payload}:{sign(secret, payload)}"
        if len(data.encode()) <= MAX_CALLBACK:
            return data
    raise ValueError("callback data does not fit")


def parse(secret: bytes, data: str) -> Pressed | None:
    """The press, if the data is ours and untampered; None for anything else."""
    m = _DATA.match(data)
    if m is None or not hmac.compare_digest(m[6], sign(secret, data.rsplit(":", 1)[0])):
        return None
    category = None if m[4] == "-" else m[4]
    return Pressed(_CHOICES[m[1]], _RISKS[m[2]], _SOURCES[m[3]], category, m[5])


def markup(
    s: Services, verdict: Verdict, lang: str, region: str, source: str
) -> InlineKeyboardMarkup:
    """The three buttons asked after a warning."""
    row = [
        (
            t(lang, f"outcome.button.{choice}"),
            callback_data(s.secret, code, verdict, region, source),
        )
        for code, choice in _CHOICES.items()
    ]
    return keyboard([[row[0], row[1]], [row[2]]])


def needs_question(verdict: Verdict) -> bool:
    """Every warning asks what the user will do; an official link or no record does not."""
    return verdict.risk in ("high", "medium")


async def send_reply(
    msg: TgMessage, text: str, lang: str, question: InlineKeyboardMarkup | None
) -> None:
    """Sends a reply in pieces under Telegram's limit; the question goes under the last piece."""
    if question is not None:
        text = f"{text}\n\n<b>{say(lang, 'outcome.question')}</b>"
    pieces = split_html(text)
    for i, piece in enumerate(pieces):
        last = i == len(pieces) - 1
        await msg.reply_html(piece, reply_markup=question if last else None, do_quote=False)


def ref(s: Services, chat_id: int, message_id: int) -> str:
    """An opaque key of the warning an answer belongs to: one answer per warning."""
    return hmac.new(s.secret, f"ref:{chat_id}:{message_id}".encode(), "sha256").hexdigest()[:24]


async def record_choice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Records what a warned user chose, removes the buttons and answers the choice."""
    if (query := update.callback_query) is None:
        return
    s = services(context)
    lang = prefs(s, query.from_user).lang
    pressed = parse(s.secret, query.data or "")
    if pressed is None:  # an unlisted region is fine: the signature says the bot sent it
        await query.answer(t(lang, "callback.unknown"))
        return
    message = query.message
    # Signed data pressed on a message that never carried it (a replay) counts nothing.
    if not isinstance(message, TgMessage) or not _carries(message, query.data or ""):
        await query.answer(t(lang, "callback.unknown"))
        return
    key = ref(s, message.chat_id, message.message_id)
    first = await s.store.write_async(
        lambda w: w.record_outcome(
            key,
            region=pressed.region,
            category=pressed.category,
            risk=pressed.risk,
            choice=pressed.choice,
            source=pressed.source,
        )
    )
    await query.answer(t(lang, "outcome.thanks"))
    if not first:  # a second tap before the buttons were gone: noted, nothing more to say
        return
    await query.edit_message_reply_markup(None)
    await message.reply_html(advice(s.checker.index, pressed, lang), do_quote=False)


def _carries(message: TgMessage, data: str) -> bool:
    """Whether one of the message's buttons has this callback data."""
    markup = message.reply_markup
    rows = markup.inline_keyboard if markup is not None else ()
    return any(button.callback_data == data for row in rows for button in row)


def advice(idx: KnowledgeIndex, pressed: Pressed, lang: str) -> str:
    """What to do next, for the choice made, with whom to call (never nobody: an unlisted
    region gets its regional centre, or local police and international resources)."""
    text = say(lang, f"outcome.after.{pressed.choice}")
    return f"{text}\n\n{contacts_section(idx, pressed.region, lang, as_html=True)}"
