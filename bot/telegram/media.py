"""Private chat: photos, image files and .eml e-mails, each checked; an album answered once."""

from __future__ import annotations

import asyncio
import html
import logging
from typing import Any

from telegram import Message as TgMessage
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes, filters

from bot.media.check import Upload, UploadKind, check_parts, gather, kind_of, media_lines
from bot.media.email import looks_like_email
from bot.media.images import MAX_IMAGE_BYTES, MediaError, media_available
from bot.render import render
from bot.telegram import outcomes
from bot.telegram.common import message_text, prefs, say, services, to_origin

log = logging.getLogger(__name__)

ALBUM_WAIT = 1.0  # seconds to wait for the rest of an album: Telegram sends each picture apart
_ALBUMS = "media.albums"


class _PastedEmail(filters.MessageFilter):
    """Text that starts with e-mail headers (a pasted 'show original')."""

    def filter(self, message: TgMessage) -> bool:
        return bool(message.text) and looks_like_email(message.text or "")


FILES = (
    filters.PHOTO
    | filters.Document.IMAGE
    | filters.Document.FileExtension("eml")
    | filters.Document.MimeType("message/rfc822")
)
MEDIA = FILES | (filters.TEXT & _PastedEmail())


async def check_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Checks a photo, picture file or e-mail; the pictures of an album together, once."""
    if (msg := update.effective_message) is None:
        return
    if msg.media_group_id is None:
        await _check(context, [msg])
        return
    albums: dict[tuple[int, str], list[TgMessage]] = context.bot_data.setdefault(_ALBUMS, {})
    key = (msg.chat_id, msg.media_group_id)
    if key in albums:
        albums[key].append(msg)
        return
    albums[key] = [msg]
    # Not awaited here: updates of one chat are handled one after another, so the rest of
    # the album can only arrive once this handler has returned.
    context.application.create_task(_album(context, key), update=update)


async def _album(context: ContextTypes.DEFAULT_TYPE, key: tuple[int, str]) -> None:
    await asyncio.sleep(ALBUM_WAIT)
    msgs = context.bot_data[_ALBUMS].pop(key, [])
    if msgs:
        await _check(context, sorted(msgs, key=lambda m: m.message_id))


async def _check(context: ContextTypes.DEFAULT_TYPE, msgs: list[TgMessage]) -> None:
    s = services(context)
    first = msgs[0]
    p = prefs(s, first.from_user)
    text = "\n\n".join(t for m in msgs if (t := message_text(m)))
    try:
        uploads, missed = await _downloads(msgs)
        if missed and not uploads and not text.strip():
            raise missed[0]
        idx = s.checker.index  # the store is read on the loop's thread, pictures in a worker
        parts, origin = await asyncio.to_thread(
            gather, idx, text, uploads, to_origin(first.forward_origin)
        )
    except MediaError as e:
        key = "media.unavailable" if e.code == "media_unavailable" else "media.error"
        await first.reply_html(say(p.lang, key, reason=str(e)), do_quote=False)
        return
    verdict = check_parts(s.checker, parts, origin, p.lang, p.region)
    s.store.count_check(region=p.region, risk=verdict.risk, category=verdict.top_category)
    reply = render(verdict, s.checker.index, p.lang, p.region, as_html=True,
                   default_region=s.settings.default_region)  # fmt: skip
    lines = [html.escape(line, quote=False) for line in media_lines(verdict, p.lang)]
    lines += [say(p.lang, "media.error", reason=str(e)) for e in missed]
    from_pictures = {"qr_code", "recognised_text"} & {o.kind for o in verdict.origins}
    if any(u.kind == "image" for u in uploads) and not from_pictures:
        lines.append(say(p.lang, "media.nothing"))
    if lines:
        reply = "\n".join(lines) + "\n\n" + reply
    question = (
        outcomes.markup(s, verdict, p.lang, p.region, "check")
        if outcomes.needs_question(verdict)
        else None
    )
    await outcomes.send_reply(first, reply, p.lang, question)


async def _downloads(msgs: list[TgMessage]) -> tuple[list[Upload], list[MediaError]]:
    """The files of the messages; one that cannot be had is named, the others still checked."""
    uploads, missed = [], []
    for m in msgs:
        try:
            if (u := await _download(m)) is not None:
                uploads.append(u)
        except MediaError as e:
            if e.code == "media_unavailable":
                raise
            missed.append(e)
    return uploads, missed


async def _download(msg: TgMessage) -> Upload | None:
    """The message's picture or e-mail as bytes; MediaError when too big or not to be had."""
    kind: UploadKind | None
    if msg.photo:
        file: Any = msg.photo[-1]  # the largest size Telegram made
        kind = "image"
        name = None
    elif msg.document is not None:
        file = msg.document
        name = msg.document.file_name
        kind = kind_of(name, msg.document.mime_type)
        if kind is None:
            return None
    else:
        return None
    if (file.file_size or 0) > MAX_IMAGE_BYTES:
        limit = MAX_IMAGE_BYTES // 2**20
        raise MediaError("image_too_large", f"files over {limit} MB are not checked", 413)
    if kind == "image" and not media_available():
        raise MediaError("media_unavailable", "pictures cannot be checked here", 501)
    try:
        data = bytes(await (await file.get_file()).download_as_bytearray())
    except TelegramError as e:
        raise MediaError("download_failed", f"Telegram did not give me the file ({e})") from None
    return Upload(kind, data, name)
