"""Splitting long Telegram-HTML replies: every piece fits and is valid HTML on its own."""

from __future__ import annotations

import html

import pytest
from fakes.telegram_api import parse_html
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.chunks import split_html


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(
    "text",
    [
        "short",
        "<b>" + "word &amp; more " * 600 + "</b>",
        "\n\n".join(f"<b>Title {i}</b>\n" + "line &lt;x&gt; " * 40 for i in range(30)),
        "&amp;" * 2000,
        "x" * 10_000,
        "<i>" + "🙂" * 5000 + "</i>",
    ],
)
def test_pieces_fit_parse_and_keep_every_character(text: str) -> None:
    pieces = split_html(text, limit=1000)
    assert all(len(p) <= 1000 for p in pieces)
    plain = [parse_html(p) for p in pieces]  # raises where Telegram would refuse
    assert squash("".join(plain)) == squash(parse_html(text))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.text(min_size=1, max_size=300)), max_size=40))
def test_any_escaped_reply_splits_into_valid_pieces(parts: list[tuple[bool, str]]) -> None:
    text = "\n".join(
        f"<b>{html.escape(s, quote=False)}</b>" if bold else html.escape(s, quote=False)
        for bold, s in parts
    )
    for piece in split_html(text, limit=500):
        assert len(piece) <= 500
        parse_html(piece)
