"""Splitting a Telegram-HTML reply into messages under the 4096-character limit.

Pieces end at a paragraph, else a line, else a space; never inside a tag or an entity such as
`&amp;`; a tag still open at a cut is closed there and opened again in the next piece, so every
piece is valid HTML on its own (Telegram refuses the whole message otherwise).
"""

from __future__ import annotations

import re

from bot.render import TELEGRAM_LIMIT

_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^<>]*>")
_RESERVE = 200  # room for the tags closed at a cut and opened again after it
_MAX_ENTITY = 10  # the longest entity we write: &#x1F600; is 9 characters


def split_html(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """The reply in pieces of at most limit characters, each valid Telegram HTML."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = _cut_point(rest, limit - _RESERVE)
        head, rest = rest[:cut], rest[cut:]
        still_open = _open_tags(head)
        pieces.append(head.rstrip() + "".join(f"</{name}>" for name, _ in reversed(still_open)))
        rest = "".join(tag for _, tag in still_open) + rest.lstrip()
    pieces.append(rest)
    return [p for p in pieces if _TAG.sub("", p).strip()]


def _cut_point(text: str, budget: int) -> int:
    window = text[:budget]
    for separator in ("\n\n", "\n", " "):
        at = window.rfind(separator)
        if at > budget // 2:
            return _outside_markup(text, at)
    return _outside_markup(text, budget)


def _outside_markup(text: str, at: int) -> int:
    """Moves a cut back to before a tag or an entity it would fall into."""
    if text.rfind("<", 0, at) > text.rfind(">", 0, at):
        at = text.rfind("<", 0, at)
    amp = text.rfind("&", 0, at)
    if amp > text.rfind(";", 0, at) and at - amp < _MAX_ENTITY:
        at = amp
    return at


def _open_tags(html: str) -> list[tuple[str, str]]:
    """Tags opened and not yet closed at the end of html: (name, the opening tag as written)."""
    stack: list[tuple[str, str]] = []
    for m in _TAG.finditer(html):
        if not m[1]:
            stack.append((m[2].lower(), m[0]))
        elif stack and stack[-1][0] == m[2].lower():
            stack.pop()
    return stack
