"""The speed-ups of issue 13 compute what the plain code computes: NFKC between ideographs,
the text model's features read chunk by chunk, and the phrase matcher's candidate filter."""

from __future__ import annotations

import math
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import textmodel
from bot.indicators import _INVISIBLE, _nfkc, clean_text
from bot.phrases import PhraseIndex, _Folded

# characters NFKC changes or composes (fullwidth forms, combining marks, compatibility
# ideographs, half-width kana), ideographs, invisibles, ASCII and white space of every kind
_ALPHABET = st.sampled_from(
    list("ａｂ１，。？！ｶﾞﾟ㍿①ﬁéeE\u0301\u0308\u3099\u309a\uf900\uf9dc\u2126")
    + list("你好帳戶詐騙是的\u4e00\u9fa5\u3400\u4db5")
    + list("\u200b\u00ad\ufeff\u202e")
    + list("ab xyz 09.,:/-'’$£@ \t\n\u00a0\u3000\u2028")
)
_TEXTS = st.text(_ALPHABET, max_size=60)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_nfkc_between_ideographs_is_nfkc(text: str) -> None:
    assert _nfkc(text) == unicodedata.normalize("NFKC", text)
    assert clean_text(text) == unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


def _token(kind: str | None, surface: str) -> str:
    if kind == "word":
        return textmodel._word_token(surface)
    if kind == "num":
        return textmodel._number_kind(surface)
    if kind == "cur":
        return "#cur"
    return "#" + str(kind)


def _features_one_pass(text: str) -> dict[str, str]:
    """The text model's features as they were read before: one regular expression pass over
    the whole text, token by token; then the first line's words again, as their own."""
    feats = _body_one_pass(text)
    head = text.strip().split("\n", 1)[0]
    for m in textmodel._TOKEN.finditer(clean_text(head[: textmodel.MAX_CHARS]).casefold()):
        if m.lastgroup != "cjk":
            feats.setdefault(textmodel.HEAD + _token(m.lastgroup, m.group(0)), m.group(0))
    return feats


def _body_one_pass(text: str) -> dict[str, str]:
    s = clean_text(text[: textmodel.MAX_CHARS]).casefold()
    feats: dict[str, str] = {}
    add = feats.setdefault
    prev: str | None = None
    prev_surface = ""
    for m in textmodel._TOKEN.finditer(s):
        kind, surface = m.lastgroup, m.group(0)
        if kind == "cjk":
            folded = textmodel._fold_run(surface)
            for i, c in enumerate(folded):
                add("c:" + c, surface[i])
                if i:
                    add("c:" + folded[i - 1 : i + 1], surface[i - 1 : i + 1])
            prev = None
            continue
        tok = _token(kind, surface)
        add("w:" + tok, surface)
        if prev is not None:
            add(f"b:{prev} {tok}", f"{prev_surface} {surface}")
        prev, prev_surface = tok, surface
    return feats


_MODEL_TEXTS = st.lists(
    st.sampled_from(
        ["Verify", "your", "wallet", "now:", "https://evil.example.com/x", "www.a.io", "a@b.co",
         "pay.me", "0906", "12:30", "£5", "xxxx", "don't", "it’s", "帳戶已凍結", "請立即", "，",
         "0x52908400098527886E0F7030069857D2E4169EE7", " ", "\t", "\u3000", "\u00a0", "\n"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_MODEL_TEXTS)
def test_features_by_chunk_are_the_one_pass_features_in_order(text: str) -> None:
    assert list(textmodel.features(text).items()) == list(_features_one_pass(text).items())


_PHRASES = [
    ("enter your seed phrase to verify your wallet", "seed_phrase", 0.8, "en"),
    ("enter your private key to verify your wallet", "seed_phrase", 0.8, "en"),
    ("send us your recovery phrase to unlock the account", "seed_phrase", 0.6, "en"),
    ("your account has been suspended", "phishing", 0.5, "en"),
    ("claim your airdrop of 500 usdt today", "airdrop", 0.7, "en"),
    ("pay the tax fee via our app to release funds", "recovery", 0.6, "en"),
    ("請輸入助記詞驗證錢包", "seed_phrase", 0.8, "zh-HK"),
]
_WORDS = (
    "enter your seed phrase to verfy your walet now private key recovery phrase send us "
    "unlock the acount has been suspended claim airdrop 500 usdt today 請輸入 助記詞 驗證 "
    "錢包 hello friend lunch pay tax fee via app release fund"
)
_MESSAGES = st.lists(
    st.sampled_from(_WORDS.split(" ")),
    max_size=14,
).map(" ".join)
_INDEX = PhraseIndex.build(_PHRASES)


@settings(max_examples=300, deadline=None)
@given(_MESSAGES)
def test_candidate_filter_answers_as_may_hold_missing(text: str) -> None:
    """The set arithmetic match() asks before rapidfuzz refuses a phrase exactly when its
    words fall short (half of them) or may_hold_missing refuses it."""
    msg = _Folded(text)
    present = msg.present()
    idx = _INDEX
    for i, wanted in enumerate(idx.token_sets):
        missing = wanted.difference(present)
        plain = len(wanted) - len(missing) < idx.needed[i] or bool(
            missing
            and idx.phrases[i].cutoff < 100
            and not _Folded(text).may_hold_missing(missing, wanted)
        )
        fast = len(missing) > idx.slack[i]
        if not fast and missing and (sp := idx.spare[i]) >= 0:
            sp -= len(missing & idx.short_words)
            far = missing & idx.long_words
            fast = sp < 0 or (len(far) > sp and msg.too_far(far, sp))
        assert fast == plain, (idx.phrases[i].text, text)


# --- prechecks written to let the regex engine skip ahead (branch hspeed) ------------------

_DIGITY = st.lists(
    st.sampled_from([*"0123456789+ ().-\t\n\u0663\u0967\uff11x", "ab", "12345", "+852"]),
    max_size=30,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(_DIGITY)
def test_short_codes_as_before(text: str) -> None:
    from bot import engine

    before = re.compile(r"(?<![\d+])\d{4,6}(?!\d)")
    assert engine._SHORT_CODE.findall(text) == before.findall(text)


@settings(max_examples=600, deadline=None)
@given(_DIGITY)
def test_phone_precheck_as_before(text: str) -> None:
    from bot import indicators

    before = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")
    assert (indicators._DIGITS.search(text) is None) == (before.search(text) is None)


def test_defang_hint_every_code_point() -> None:
    from bot.indicators import _DEFANG_HINT, has_defang_hint

    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        for text in (c, "d" + c + "t", "h" + c + "xp", "hx" + c + "p", "h*" + c + "p", c + "ot"):
            assert has_defang_hint(text) == (_DEFANG_HINT.search(text) is not None), hex(cp)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from([*"dotDOThxpHXP*İıſK點点。｡[({<a .", "DoT", "hXXp"]),
                max_size=30).map("".join))
def test_defang_hint_as_before(text: str) -> None:
    from bot.indicators import _DEFANG_HINT, has_defang_hint

    assert has_defang_hint(text) == (_DEFANG_HINT.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_chinese_test_as_before(text: str) -> None:
    from bot.han import HAN_CHAR, has_han

    assert has_han(text) == (HAN_CHAR.search(text) is not None)


# --- the first line's words taken from the whole text's reading (branch hspeed6) -----------


def _features_head_read_again(text: str) -> dict[str, str]:
    """textmodel.features as it was before: the whole text read, then its first line read
    again on its own for the first line's word features."""
    s = textmodel._shapes(clean_text(text[: textmodel.MAX_CHARS]).casefold())
    feats: dict[str, str] = {}
    add = feats.setdefault
    prev: str | None = None
    prev_surface = ""
    for chunk in s.split():
        for tok, key, surface, run, _head, _left in textmodel._read_chunk(chunk):
            if run is not None:
                for k, v in run:
                    add(k, v)
                prev = None
                continue
            add(key, surface)
            if prev is not None:
                add(f"b:{prev} {tok}", f"{prev_surface} {surface}")
            prev, prev_surface = tok, surface
    head = text.strip().split("\n", 1)[0]
    for chunk in textmodel._shapes(clean_text(head[: textmodel.MAX_CHARS]).casefold()).split():
        for _tok, key, surface, run, _head, _left in textmodel._read_chunk(chunk):
            if run is None:
                add(textmodel.HEAD + key[2:], surface)
    return feats


# white space of every kind at the ends and inside (what strip drops and NFKC changes),
# combining marks and compatibility characters beside it, invisibles, and what _shapes reads
# (contact IDs after an app's name, percentages) next to Chinese
_ONE_LINE_TEXTS = st.lists(
    st.sampled_from(
        ["Verify", "your", "wallet", "line", "LINE", "id", "賴：", "微信", "vx", "abc123",
         "usdt_otc", "【w33994】", "3%", "日收益", "12.5", "%", "帳戶", "請立即", "xxxx",
         "https://a.example.com/x", "é", "\u0301", "\u0308", "\u00b4", "\u3099", "ﬁ", "①",
         "\u200b", "\ufeff", "\u00ad", " ", " ", "\t", "\u3000", "\u00a0", "\u2028", "\u0085",
         "\u2007", "\x0b", "\x1c", "\r"]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=800, deadline=None)
@given(_ONE_LINE_TEXTS, st.sampled_from(["", "\n", " \n ", "\nsecond line 3%"]))
def test_first_line_features_as_when_read_again(text: str, more: str) -> None:
    for t in (text, text + more, more + text):
        assert list(textmodel.features(t).items()) == list(_features_head_read_again(t).items())


def test_first_line_features_of_a_long_one_line_text_as_when_read_again() -> None:
    for text in (" " * 5 + "verify your wallet " * 120, "\u3000請立即轉賬 3% " * 300):
        assert len(text) > textmodel.MAX_CHARS
        assert list(textmodel.features(text).items()) == list(
            _features_head_read_again(text).items())  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_ONE_LINE_TEXTS, st.sampled_from(["", "\n", "\nsecond line 3%"]))
def test_features_counted_without_the_first_lines_own(text: str, more: str) -> None:
    feats, body = textmodel._features(text + more)
    assert body == sum(not f.startswith(textmodel.HEAD) for f in feats)


# --- the text model's score and words as the plain loop gave them (branch hspeed16) ---------


def _explain_plain(
    model: textmodel.TextModel, text: str
) -> tuple[float, list[tuple[str, float]], int]:
    """TextModel.explain as it was: one loop over the features, looking each weight up, and
    the pushed words sorted by descending weight with a key function."""
    feats = _features_head_read_again(text)
    body = sum(not f.startswith(textmodel.HEAD) for f in feats)
    if not feats:
        return 0.0, [], 0
    scale = 1.0 / math.sqrt(len(feats))
    z = model.bias
    pushed: list[tuple[float, str]] = []
    for f, surface in feats.items():
        if (wf := model.weights.get(f)) is not None:
            z += wf * scale
            if wf > 0 and ("#" not in f or textmodel._UNQUOTED.search(f) is None):
                pushed.append((wf, surface))
    pushed.sort(key=lambda x: -x[0])
    seen: set[str] = set()
    top: list[tuple[str, float]] = []
    for wf, surface in pushed:
        if surface not in seen and not any(surface in s for s in seen):
            seen.add(surface)
            top.append((surface, round(wf, 2)))
        if len(top) == 5:
            break
    return textmodel._sigmoid(z), top, body


def _tied_model() -> textmodel.TextModel:
    """The shipped model's features with weights of a few values only (many ties, zeros), so
    that the order of equal weights among the words shown is tested too."""
    shipped = textmodel.shipped()
    assert shipped is not None
    names = sorted(textmodel.features(
        "Verify your wallet now: https://evil.example.com/x pay.me 0906 12:30 £5 xxxx don't "
        "it’s 帳戶已凍結 請立即 line id abc123 【w33994】 3% 日收益 www.a.io a@b.co "
        "0x52908400098527886E0F7030069857D2E4169EE7"))  # fmt: skip
    weights = {f: (0.5, 0.0, -0.5, 1.0)[i % 4] for i, f in enumerate(names)}
    return textmodel.TextModel(weights, -0.25)


_TIED = _tied_model()


@settings(max_examples=400, deadline=None)
@given(st.one_of(_MODEL_TEXTS, _ONE_LINE_TEXTS), st.sampled_from(["", "\n", "\nsecond line 3%"]))
def test_explain_as_the_plain_loop_gave_it(text: str, more: str) -> None:
    shipped = textmodel.shipped()
    assert shipped is not None
    for model in (shipped, _TIED):
        for t in (text + more, more + text):
            assert model.explain(t) == _explain_plain(model, t)  # the same floats, not close
