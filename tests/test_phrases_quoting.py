"""Quoting a phrase match as written (bot.phrases.as_written) rests on `_key_chars`: the folded
characters of a text and where each comes from. It was made faster (ASCII words in one pass,
one run for a stretch of characters that fold one for one); these tests hold it to the plain
character-by-character reading it replaced, on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.phrases import (
    _KEY_ASCII,
    _as_written_folded,
    _key_char,
    _key_chars,
    _key_index,
    as_written,
)

# ASCII words and marks, Traditional and Simplified Chinese, full-width forms, characters that
# fold to several (ß, ﬁ) or to none (marks, invisibles), Turkish İ (lower() lengthens it)
ALPHABET = "abcXYZ019@$% .,'-\n帳戶賬户驗證碼验证码，。！ＡＢ１ßﬁİ\u200b\u00ad’é"


def plain_key(text: str) -> tuple[str, list[int]]:
    """The reference: every key character and the text position it comes from, one character
    of text at a time (the implementation before it was made faster)."""
    chars: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c.isascii():
            j = i
            while j < len(text) and text[j].isascii():
                j += 1
            for w in _KEY_ASCII.finditer(text[i:j].lower()):
                chars.append(w.group())
                where.extend(range(i + w.start(), i + w.end()))
            i = j
            continue
        folded = _key_char(c)
        chars.append(folded)
        where.extend([i] * len(folded))
        i += 1
    return "".join(chars), where


def plain_index(text: str, pos: int) -> int:
    """How many key characters come from text before pos (the reference of _key_index)."""
    _, where = plain_key(text)
    return sum(1 for w in where if w < pos)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_key_characters_and_their_places_are_those_of_the_plain_reading(text: str) -> None:
    key = _key_chars(text)
    chars, where = plain_key(text)
    assert key.chars == chars
    assert [key.pos(i) for i in range(len(chars))] == where
    for pos in range(len(text) + 1):
        assert _key_index(key, pos) == plain_index(text, pos), (text, pos)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc XYZ019.,'-\n", max_size=60), st.data())
def test_ascii_texts_are_quoted_exactly(text: str, data: st.DataObject) -> None:
    """In ASCII text the matched form's key characters are the text's own, so any stretch of
    the matched form is found, and the quote is the text's slice."""
    surface = " ".join(_KEY_ASCII.findall(text.lower()))
    if not surface:
        return
    start = data.draw(st.integers(0, len(surface) - 1))
    end = data.draw(st.integers(start + 1, len(surface)))
    found = as_written(text, start, end)
    assert found == _as_written_folded(text, start, end)  # the general way agrees
    want = surface[start:end].replace(" ", "")
    if not want:
        assert found is None
        return
    assert found is not None
    s, e, quoted = found
    assert quoted == text[s:e]
    assert "".join(_KEY_ASCII.findall(quoted.lower())) == want


def test_a_traditional_message_is_quoted_in_its_own_characters() -> None:
    text = "請到 帳戶 驗證 ，然後 ..."
    key = _key_chars(text)
    assert key.chars == "请到账户验证然后"
    assert len(key.starts) < len(key.chars)  # one-for-one stretches are single runs
    assert as_written(text, 0, 5) == (0, 5, "請到 帳戶")  # "请到 账户" of the matched form


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab XY0'.-", max_size=30), st.integers(0, 40), st.integers(0, 40))
def test_the_ascii_shortcut_agrees_with_the_general_way_anywhere(
    text: str, start: int, end: int
) -> None:
    assert as_written(text, start, end) == _as_written_folded(text, start, end)
