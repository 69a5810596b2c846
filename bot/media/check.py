"""Checking what was forwarded: typed text, pictures and e-mails, as one verdict.

Pictures are decoded under size limits, their QR codes read and their text recognised; an
e-mail is taken apart into headers, body (links by their real target) and attachment names.
Everything becomes one Message for the engine; the verdict's `origins` say which piece held
what. Nothing is stored: the pictures, e-mails and recognised text live only in this call.
Blocking (decoding, recognition): faces call `check_upload` in a worker thread.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Literal, Protocol

from bot.domains import check_link, check_sender_name
from bot.engine import KnowledgeIndex
from bot.engine import check as check_message
from bot.indicators import parse_link
from bot.media import ocr
from bot.media.email import NotAnEmail, ParsedEmail, claimed_name, email_parts, looks_like_email
from bot.media.email import parse_email as _parse_email
from bot.media.images import MediaError, open_image, to_png
from bot.media.parts import Part, attribute, combine, utf16_len
from bot.media.qr import parse_payment, qr_part, read_codes
from bot.media.recover import recover
from bot.message import Entity, ForwardOrigin, Message
from bot.render import t
from bot.verdict import Verdict

log = logging.getLogger(__name__)

MAX_UPLOADS = 10  # an album holds at most 10 pictures


class Checks(Protocol):
    """What checks the joined pieces: bot.checker.Checker, bot.oneshot.OneShot or OnIndex."""

    @property
    def index(self) -> KnowledgeIndex: ...

    def check(self, message: Message) -> Verdict: ...


@dataclass
class OnIndex:
    """Checks on an index taken beforehand: reads no store, so it can run in a worker thread."""

    index: KnowledgeIndex
    default_region: str

    def check(self, message: Message) -> Verdict:
        return check_message(message, self.index, self.default_region)


UploadKind = Literal["image", "email"]


@dataclass
class Upload:
    """One forwarded file: a picture or an e-mail, as bytes."""

    kind: UploadKind
    data: bytes
    name: str | None = None


def kind_of(name: str | None, mime: str | None) -> UploadKind | None:
    """Which kind of upload a file is, from its name or media type; None: neither."""
    name, mime = (name or "").lower(), (mime or "").lower()
    if mime.startswith("image/") or name.endswith((".png", ".jpg", ".jpeg", ".webp")):
        return "image"
    if mime == "message/rfc822" or name.endswith(".eml"):
        return "email"
    return None


def check_upload(
    checker: Checks,
    text: str,
    uploads: list[Upload],
    lang: str | None = None,
    region: str | None = None,
    forward_origin: ForwardOrigin | None = None,
) -> Verdict:
    """One verdict for a text and its pictures and e-mails; MediaError for unusable input."""
    parts, origin = gather(checker.index, text, uploads, forward_origin)
    return check_parts(checker, parts, origin, lang, region)


def gather(
    idx: KnowledgeIndex,
    text: str,
    uploads: list[Upload],
    forward_origin: ForwardOrigin | None = None,
) -> tuple[list[Part], ForwardOrigin | None]:
    """The pieces to check (the slow part: decoding, recognition); touches no store, so it
    can run in a worker thread. MediaError for unusable input."""
    if len(uploads) > MAX_UPLOADS:
        raise MediaError("too_many_files", f"at most {MAX_UPLOADS} files at once", 413)
    parts: list[Part] = []
    origin = forward_origin
    if looks_like_email(text):
        mail = parse_email(text.encode("utf-8"))
        parts += sender_parts(mail, idx, "pasted e-mail")
        origin = origin or _claim(mail, idx)
    elif text.strip():
        parts.append(Part("typed_text", text))
    for n, up in enumerate(uploads, 1):
        if up.kind == "image":
            parts += picture_parts(up.data, f"picture {n}" if len(uploads) > 1 else "picture")
        else:
            mail = parse_email(up.data)
            parts += sender_parts(mail, idx, up.name or "e-mail")
            origin = origin or _claim(mail, idx)
    return parts, origin


def check_parts(
    checker: Checks,
    parts: list[Part],
    origin: ForwardOrigin | None,
    lang: str | None,
    region: str | None,
) -> Verdict:
    """The engine's verdict on the joined pieces, told which piece held what."""
    combined = combine(parts, lang, region, origin)
    return attribute(checker.check(combined.message), combined)


def parse_email(data: bytes) -> ParsedEmail:
    """An e-mail, or MediaError when it is none."""
    try:
        return _parse_email(data)
    except NotAnEmail as e:
        raise MediaError("not_an_email", str(e)) from None


def picture_parts(data: bytes, label: str) -> list[Part]:
    """A picture's QR codes and its recognised text (links and addresses read back)."""
    img = open_image(data)
    parts = [qr_part(code, label) for code in read_codes(img)]
    if ocr.available():
        try:
            text = ocr.recognise(to_png(img))
        except ocr.OcrTimeout as e:
            raise MediaError("image_timeout", str(e), 422) from None
        parts.append(Part("recognised_text", recover(text), label=label))
    else:
        log.warning("tesseract is not installed: pictures are checked for QR codes only")
    img.close()
    return parts


def sender_parts(mail: ParsedEmail, idx: KnowledgeIndex, label: str) -> list[Part]:
    """The e-mail's pieces, with the sender's and reply address's domains checked as sites.

    A From domain proves nothing (it is easily forged), so an official one is never linked:
    it cannot make a forged e-mail look official; any other domain is checked for lookalikes.
    """
    parts = email_parts(mail, label)
    head = parts[0]
    for box in ([mail.sender] if mail.sender else []) + mail.reply_to:
        if _official(box.domain, idx):
            continue
        # Over the domain only: the words before '@' are no site the link could contradict.
        at = head.text.find(box.address)
        if at >= 0:
            at += box.address.rindex("@") + 1
            head.entities.append(
                Entity(
                    type="text_link",
                    offset=utf16_len(head.text[:at]),
                    length=utf16_len(box.domain),
                    url=f"https://{box.domain}",
                )
            )
    return parts


def _official(domain: str, idx: KnowledgeIndex) -> bool:
    link = parse_link(domain)
    return link is not None and any(h.type == "official" for h in check_link(link, idx.brands))


def _claim(mail: ParsedEmail, idx: KnowledgeIndex) -> ForwardOrigin | None:
    """The display name as a sender for the impersonation check, unless the domain is the
    brand's own (then the name is simply true, as far as an e-mail can tell)."""
    name = claimed_name(mail)
    if name is None or mail.sender is None or _official(mail.sender.domain, idx):
        return None
    if check_sender_name(name, idx.brands) is None:
        return None
    return ForwardOrigin(type="hidden_user", name=name)


def media_lines(verdict: Verdict, lang: str) -> list[str]:
    """Plain lines saying what was found where: 'the QR code in your picture opens ...'."""
    lines = []
    for o in verdict.origins:
        where = _where(o.label, lang)
        if o.kind == "qr_code" and o.content:
            pay = parse_payment(o.content)
            if pay is not None:
                amount = pay.amount or "?"
                lines.append(
                    t(lang, "media.qr_pays", where=where, address=pay.address, amount=amount)
                )
            else:
                lines.append(t(lang, "media.qr_opens", where=where, target=o.content[:200]))
        elif o.kind == "recognised_text":
            lines.append(t(lang, "media.read_text", where=where, n=str(o.end - o.start)))
        elif o.kind == "email_attachment":
            lines.append(t(lang, "media.attachments", where=where))
    if any(o.kind == "email_header" for o in verdict.origins):
        lines.append(t(lang, "media.email"))
    return lines


def _where(label: str | None, lang: str) -> str:
    """A picture's label in the reply's language ('picture 2' is 第 2 張圖片); a file name or
    header stays as it is. The origin keeps the label as made: it is part of the contract."""
    if label and (m := re.fullmatch(r"picture(?: (\d+))?", label)):
        return t(lang, "media.picture_n", n=m[1]) if m[1] else t(lang, "media.picture")
    return label or ""


def reply_with_media(verdict: Verdict, reply: str, lang: str) -> str:
    """The rendered reply with what was found where put first."""
    lines = media_lines(verdict, lang)
    return "\n".join(lines) + "\n\n" + reply if lines else reply
