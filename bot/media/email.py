"""A forwarded e-mail (an .eml file, or text pasted with its headers) as pieces to check.

Pure functions over the standard library's `email` package: the From and Reply-To addresses
with their display names, the Subject, the body as text in which every link keeps its real
target (the `href`, not the words shown), and the attachments' names (never opened).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser

from bot.media.parts import Part, utf16_len
from bot.message import MAX_TEXT, Entity

MAX_EMAIL_BYTES = 5 * 1024 * 1024  # a forwarded e-mail with attachments; more is refused
MAX_ATTACHMENTS = 20
# Pasted text is taken for an e-mail when it starts with header lines, at least two of them
# (From or Subject among them): "From: x" alone is as likely a sentence.
_HEADER_LINE = re.compile(
    r"^(from|to|cc|subject|date|reply-to|return-path|sender|message-id|received|mime-version|"
    r"delivered-to|content-type|x-[\w-]+):[ \t]",
    re.I,
)
_BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table", "hr", "td"}
_SKIP_TAGS = {"script", "style", "head", "title"}


class NotAnEmail(ValueError):
    """The input has neither e-mail headers nor a body."""


@dataclass
class Mailbox:
    """One address of a header: the name shown and the real address."""

    name: str
    address: str

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2].lower()


@dataclass
class ParsedEmail:
    """What of an e-mail is checked."""

    sender: Mailbox | None = None
    reply_to: list[Mailbox] = field(default_factory=list)
    subject: str = ""
    body: str = ""
    links: list[Entity] = field(default_factory=list)  # text_link entities over `body`
    attachments: list[str] = field(default_factory=list)


def looks_like_email(text: str) -> bool:
    """True for text that starts with e-mail header lines (pasted 'show original')."""
    lines = [ln for ln in text.lstrip().splitlines()[:30] if ln.strip()]
    head = []
    for ln in lines:
        if _HEADER_LINE.match(ln):
            head.append(ln.split(":", 1)[0].lower())
        elif not ln[:1].isspace():  # folded continuation lines belong to the header above
            break
    return len(head) >= 2 and bool({"from", "subject"} & set(head))


def parse_email(data: bytes) -> ParsedEmail:
    """Parses an e-mail's bytes; NotAnEmail when there is nothing of one in them."""
    if len(data) > MAX_EMAIL_BYTES:
        raise NotAnEmail(f"the e-mail is larger than {MAX_EMAIL_BYTES // (1024 * 1024)} MB")
    msg = BytesParser(policy=policy.default).parsebytes(data.lstrip())
    assert isinstance(msg, EmailMessage)  # policy.default makes EmailMessage
    out = ParsedEmail(
        sender=_first(_mailboxes(msg, "from")),
        reply_to=_mailboxes(msg, "reply-to"),
        subject=_header(msg, "subject"),
    )
    out.body, out.links = _body(msg)
    out.attachments = _attachments(msg)
    if out.sender is None and not out.subject:
        raise NotAnEmail("no From and no Subject header: this is not an e-mail")
    return out


def email_parts(mail: ParsedEmail, label: str = "e-mail") -> list[Part]:
    """The pieces the engine checks: headers, body (links by their href), attachment names."""
    head = []
    if mail.sender:
        head.append(f"From: {_show(mail.sender)}")
    head += [f"Reply-To: {_show(m)}" for m in mail.reply_to]
    if mail.subject:
        head.append(f"Subject: {mail.subject}")
    parts = [Part("email_header", "\n".join(head), label=label)]
    parts.append(Part("email_body", mail.body, label=label, entities=mail.links))
    if mail.attachments:
        names = "\n".join(f"Attachment: {n}" for n in mail.attachments)
        parts.append(Part("email_attachment", names, label=label))
    return parts


def claimed_name(mail: ParsedEmail) -> str | None:
    """The sender's display name, for the engine's impersonation check; None without one."""
    if mail.sender is None or not mail.sender.name.strip():
        return None
    return mail.sender.name.strip()[:256]


def _show(m: Mailbox) -> str:
    return f"{m.name} <{m.address}>" if m.name else m.address


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except (ValueError, IndexError):  # a header the policy cannot parse
        return ""
    return " ".join(str(value or "").split())[:500]


def _mailboxes(msg: EmailMessage, name: str) -> list[Mailbox]:
    try:
        header = msg.get(name)
        addresses = getattr(header, "addresses", ()) if header is not None else ()
    except (ValueError, IndexError):
        return []
    out = []
    for a in addresses[:10]:
        if isinstance(a, Address) and a.addr_spec and "@" in a.addr_spec:
            out.append(Mailbox(" ".join(a.display_name.split())[:256], a.addr_spec.lower()))
    return out


def _first(items: list[Mailbox]) -> Mailbox | None:
    return items[0] if items else None


def _body(msg: EmailMessage) -> tuple[str, list[Entity]]:
    """The HTML body with its links as entities, else the plain text body."""
    html = _part_text(msg, "html")
    if html is not None:
        return html_to_text(html)
    plain = _part_text(msg, "plain")
    return (plain or "")[:MAX_TEXT], []


def _part_text(msg: EmailMessage, subtype: str) -> str | None:
    try:
        part = msg.get_body(preferencelist=(subtype,))
        if part is None:
            return None
        content = part.get_content()
    except (KeyError, LookupError, ValueError, AssertionError):  # broken charsets, bad MIME
        return None
    return content if isinstance(content, str) else None


def _attachments(msg: EmailMessage) -> list[str]:
    names = []
    for part in msg.iter_attachments() if msg.is_multipart() else []:
        try:
            name = part.get_filename()
        except (ValueError, IndexError):
            name = None
        names.append(" ".join((name or f"unnamed {part.get_content_type()}").split())[:200])
    return names[:MAX_ATTACHMENTS]


class _HtmlText(HTMLParser):
    """HTML -> text, each <a href> kept as a text_link entity over the words it shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.size = 0  # UTF-16 units so far
        self.entities: list[Entity] = []
        self.open: list[tuple[str, int]] = []  # (href, offset) of <a> not yet closed
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self._add("\n")
        if tag in ("a", "area"):
            href = dict(attrs).get("href") or ""
            self.open.append((href.strip(), self.size))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self._add("\n")
        if tag in ("a", "area") and self.open:
            href, start = self.open.pop()
            if href and not href.lower().startswith(("mailto:", "#", "tel:")):
                if self.size == start:
                    self._add("link")  # an image-only link still shows something clickable
                self.entities.append(
                    Entity(
                        type="text_link", offset=start, length=self.size - start, url=href[:4096]
                    )
                )

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._add(" ".join(data.split()) + (" " if data[-1:].isspace() else ""))

    def _add(self, text: str) -> None:
        if text and self.size < MAX_TEXT:
            self.chunks.append(text)
            self.size += utf16_len(text)


def html_to_text(html: str) -> tuple[str, list[Entity]]:
    """An HTML body as plain text and text_link entities carrying each link's real target."""
    parser = _HtmlText()
    parser.feed(html[: MAX_TEXT * 10])
    parser.close()
    text = "".join(parser.chunks)
    # Collapse the blank lines block tags leave; entity offsets must not move, so only
    # trailing whitespace is trimmed.
    return text.rstrip(), [e for e in parser.entities if e.offset + e.length <= utf16_len(text)]
