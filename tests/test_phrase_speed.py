"""The phrase matcher's shortcuts (issue 13, branch hspeed4) compute what the plain code
computes: ASCII pieces by translation, a message of one-token words read without a loop, the
message's words by length for the typo test, and the candidate filter in one pass."""

from __future__ import annotations

from itertools import chain

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.phrases import (
    _PIECE,
    STOPWORDS,
    TEXT_SPEAK,
    PhraseIndex,
    _Folded,
    _pieces,
    _word_all,
    _word_seq,
    _word_toks,
)

_ASCII = st.text(st.characters(min_codepoint=0, max_codepoint=127), max_size=80)
# words of every kind the folding treats apart: small words, text-speak, leet, cashtags,
# amounts, Chinese, a Latin word against Chinese, a curly quote, separators
_WORDS = st.sampled_from(
    sorted(STOPWORDS)[:12]
    + sorted(TEXT_SPEAK)[:12]
    + ["wallet", "walet", "s33d", "$SOL", "50%", "10", "usdt", "claims", "verified", "don't",
       "won’t", "£5", "€", "帳戶", "助記詞", "VIP群", "USDT搬磚", "ｕｓｄｔ", "é", "-", "...",
       "phrase", "phrases", "recover", "recovery", "withdrawal"]
)
_MESSAGES = st.lists(_WORDS, max_size=25).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(_ASCII)
def test_ascii_pieces_are_the_piece_pattern_s(text: str) -> None:
    s = text.lower()
    if "'" not in s:
        assert list(_pieces(text)) == _PIECE.findall(s)


def _sequence_loop(msg: _Folded, keep: set[str]) -> list[tuple[str, int]]:
    return [(t, msg.starts[k] + off) for k, seq in enumerate(map(_word_seq, msg.words))
            for t, off in seq if t in keep]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(_MESSAGES, st.data())
def test_a_message_read_without_the_loop_gives_the_same_tokens(text: str, data: st.DataObject
                                                               ) -> None:  # fmt: skip
    msg = _Folded(text)
    present = set(chain.from_iterable(map(_word_toks, msg.words)))
    assert msg.present() == present
    keep = set(data.draw(st.lists(st.sampled_from(sorted(present) or ["x"]))))
    assert msg.sequence(keep) == _sequence_loop(msg, keep)
    every = set(chain.from_iterable(map(_word_all, msg.words)))
    assert msg.every_token() == every
    for n in range(1, 14):  # the typo test's words by length: those ratio >= 75 can reach
        near = {w for w in every if 4 * abs(len(w) - n) <= len(w) + n}
        assert set(msg._near_length(n)) == near


def test_a_message_of_one_token_words_is_read_as_simple() -> None:
    assert _Folded("Send the USDT to my wallet now").simple
    assert not _Folded("send 50% now").simple  # '50%' is the token '50' and a sign
    assert not _Folded("sent 2u today").simple  # '2u' is spelt out as two words, 'to you'
    assert not _Folded("請輸入助記詞").simple


def _filter_loop(idx: PhraseIndex, msg: _Folded, present: set[str], windows: list[int]
                 ) -> list[tuple[int, int]]:  # fmt: skip
    """The candidate filter as match() ran it before, one candidate at a time."""
    todo = []
    for i in windows:
        wanted = idx.token_sets[i]
        missing = wanted.difference(present)
        if missing:
            if len(missing) > idx.slack[i]:
                continue
            if (sp := idx.spare[i]) >= 0:
                if (sp := sp - len(missing & idx.short_words)) < 0:
                    continue
                far = missing & idx.long_words
                if len(far) > sp and msg.too_far(far, sp):
                    continue
        todo.append((i, len(wanted) - len(missing)))
    return todo


_COINS = ["usdt", "btc", "eth", "tether"]
_FEES = ["withdrawal tax", "unlock fee", "security deposit", "gas fee"]
_INDEX = PhraseIndex.build(
    [(f"pay the {fee} to withdraw your {coin} today", "fake_exchange", 0.8, "en")
     for coin in _COINS for fee in _FEES]
    + [("enter your seed phrase to restore the wallet", "seed_phrase", 0.9, "en"),
       ("guaranteed daily profit", "investment", 0.7, "en"),
       ("輸入助記詞以驗證錢包", "seed_phrase", 0.9, "zh-HK")]
)  # fmt: skip
_INDEX_WORDS = st.sampled_from(
    ["pay", "the", "to", "withdraw", "withdrw", "your", "yuor", "today", "tax", "unlock",
     "unlok", "fee", "fees", "security", "securty", "deposit", "gas", "withdrawal", "enter",
     "seed", "phrase", "restore", "wallet", "walet", "guaranteed", "daily", "profit",
     "輸入助記詞", "以驗證錢包", "驗証", "never", "not", *_COINS]
)


@pytest.mark.parametrize(
    ("negated", "plain"),
    [
        # found by the property test below: the whole-message baseline aligned the phrase one
        # character in ('入助記詞 以驗證錢包') and missed the negation the windowed index saw
        (
            "pay pay pay pay never 輸入助記詞 以驗證錢包 to",
            "pay pay pay pay 輸入助記詞 以驗證錢包 to",
        ),
        ("不要輸入助記詞 以驗證錢包", "請輸入助記詞 以驗證錢包"),
    ],
)
def test_a_negation_counts_however_rapidfuzz_cuts_the_stretch(negated: str, plain: str) -> None:
    assert _INDEX.match(negated) == _INDEX.naive_match(negated) == []
    wanted = ["輸入助記詞以驗證錢包"]
    assert [m.phrase.text for m in _INDEX.match(plain)] == wanted
    assert [m.phrase.text for m in _INDEX.naive_match(plain)] == wanted


@settings(max_examples=400, deadline=None)
@given(st.lists(_INDEX_WORDS, max_size=30).map(" ".join))
def test_the_filter_in_one_pass_keeps_what_the_loop_kept(text: str) -> None:
    idx = _INDEX
    msg = _Folded(text)
    if not msg.norm:
        return
    present = msg.present()
    windows = list(idx._windows(msg.norm, msg.sequence(present & idx.anchor_keys)))
    assert idx._wanted(msg, present, windows) == _filter_loop(idx, _Folded(text), present,
                                                              windows)  # fmt: skip
    naive = {m.phrase.text for m in idx.naive_match(text)}
    assert {m.phrase.text for m in idx.match(text)} == naive
