"""The one-pass literal prefilter (bot/literals.py): it finds exactly what a substring test per
literal finds, and skipping a cue's or a tactic's regular expression when none of its literals
is present never loses a match."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_tactics import STORIES
from test_tactics_en_round3 import SCAMS as PARCEL_SCAMS
from test_tactics_en_round3 import VERIFY_SCAMS

from bot import compiled, literals
from bot.cues import CUES, find_cues
from bot.literals import LiteralScanner, required_literals
from bot.tactics import TACTICS, _folded, find_tactics

OVERLAPPING = ["he", "she", "his", "hers", "hello", "ello", "l", "send", "resend", "end"]
CHINESE = ["轉賬", "转账", "账", "轉", "客服", "幣安客服", "安客", "驗證碼", "验证码", "码"]


def test_automaton_finds_what_substring_tests_find_overlapping_and_chinese() -> None:
    scanner = LiteralScanner(OVERLAPPING + CHINESE)
    assert scanner._automaton is not None  # pyahocorasick is a dependency: really tested
    texts = [
        "ushers said hello, she resends his",
        "請轉賬到幣安客服的賬戶，驗證碼是 1234",
        "请转账，验证码",
        "hellohellohello",
        "",
        "nothing of note",
        "HELLO SHE",  # upper case: the scanner is exact, callers lower-case first
    ]
    for text in texts:
        assert scanner.find(text) == frozenset(s for s in scanner.literals if s in text)
    assert scanner.find("ushers") == {"she", "he", "hers"}
    assert scanner.find("幣安客服") == {"客服", "幣安客服", "安客"}
    assert scanner.find("HELLO SHE") == set()


@given(st.text(alphabet="helosndrit 轉賬账客服安幣码验證", max_size=60))
def test_automaton_equals_substring_tests_on_any_text(text: str) -> None:
    scanner = LiteralScanner(OVERLAPPING + CHINESE)
    assert scanner.find(text) == scanner.plain(text)


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        (r"\bseed\s+phrase\b", {"phrase"}),  # the longer of two necessary words
        (r"\b(?:binance|okx)\s+support\b", {"support"}),
        (r"\b(?:airdrop|giveaway)\b", {"airdrop", "giveaway"}),
        (r"转账|汇款|借.{0,4}钱", {"转账", "汇款", "借"}),  # one Chinese character is enough
        (r"it'?s\s+me", {"it"}),
        (r"(?:被|遭)(?:盗|黑)", {"被", "遭"}),  # single characters: a class to the parser
        (r"(?:ab)+cd?", {"ab"}),
        (r"[a-z]+\d{4}", None),  # classes only: no precheck, always searched
        (r"(?i)seed", None),  # flags change what the literals match
        (r"a|bc", None),  # one alternative has no useful literal
        (r"(x)\1yz", {"yz"}),  # a back-reference adds no literal and takes none away
        (r"(?P<n>ab)c(?P=n)", {"ab"}),
        (r"(x)?(?(1)yz|wv)", None),  # a conditional: none known
    ],
)
def test_required_literals(regex: str, expected: set[str] | None) -> None:
    assert required_literals(regex) == (None if expected is None else frozenset(expected))


PATTERNS = [
    (t.id + lang, p.pattern, lits)
    for t in TACTICS
    for lang, p, lits in (("/en", t.en, t.en_any), ("/zh", t.zh, t.zh_any))
    if p is not None and lits is not None
]


@pytest.mark.parametrize(("name", "pattern", "lits"), PATTERNS, ids=[p[0] for p in PATTERNS])
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_of_a_tactic_holds_one_of_its_literals(
    name: str, pattern: str, lits: frozenset[str], data: st.DataObject
) -> None:
    text = data.draw(st.from_regex(re.compile(pattern), fullmatch=True))
    assert any(s in text for s in lits), (name, text)


def _no_prefilter_cues() -> list:  # type: ignore[type-arg]
    return [dataclasses.replace(c, any=(), starts=None) for c in CUES]


def _no_prefilter_tactics() -> list:  # type: ignore[type-arg]
    return [
        dataclasses.replace(
            t, en_any=None, zh_any=None, en_starts=None, zh_starts=None, en_part=None, zh_part=None
        )
        for t in TACTICS
    ]


def _cues(text: str, cues: list | None = None) -> list[tuple[str, int, int]]:  # type: ignore[type-arg]
    return [(m.cue.id, m.start, m.end) for m in find_cues(text, cues)]


def _tactics(text: str, tactics: list | None = None) -> list[tuple[str, int, int]]:  # type: ignore[type-arg]
    return [(m.tactic.id, m.start, m.end) for m in find_tactics(text, tactics)]


TEXTS = [text for _, text, _, _ in STORIES] + [t for _, t in PARCEL_SCAMS] + VERIFY_SCAMS + [
    "Txt WIN to 80808 now, 150p/msg, T&Cs apply, call 09012345678 or 0800 111 2222",
    "URGENT: your KYC has expired, your account will be BLOCKED within 24 hours, call "
    "CUSTOMER CARE 9876543210. Send 1 ETH get 2x back.",
    "ＢＩＮＡＮＣＥ ＳＵＰＰＯＲＴ: verify your account now",  # fullwidth: NFKC for tactics
    "İSTANBUL support team: your account is frozen, send the fee",  # lower() lengthens İ
    "幣安客服通知：你個帳戶有異常，如果唔即刻驗證身份就會被凍結，請提供驗證碼",
    "We will never ask for your seed phrase. Do not share your verification code.",
    "Hi, hope you are doing well. Lunch on Thursday?",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_prefiltered_search_finds_what_the_plain_search_finds(text: str) -> None:
    assert _cues(text) == _cues(text, _no_prefilter_cues())
    assert _tactics(text) == _tactics(text, _no_prefilter_tactics())


WORDS = sorted(
    {s for c in CUES for s in c.any}
    | {s for t in TACTICS for lits in (t.en_any, t.zh_any) if lits for s in lits}
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, " ", "  ", ". ", "your", "me", "now", "1 ETH", "我",
                                 "你", "請", "，", "AccoUNT", "Ｗ"]), max_size=40))
def test_prefilter_never_loses_a_match_on_word_salad(words: list[str]) -> None:
    text = " ".join(words)
    assert _cues(text) == _cues(text, _no_prefilter_cues())
    assert _tactics(text) == _tactics(text, _no_prefilter_tactics())


def test_cues_and_tactics_share_one_scan_when_their_texts_agree() -> None:
    text = "customer support: send 1 eth get 2x back to verify your account"
    literals.present.cache_clear()
    find_cues(text)
    find_tactics(text)
    assert text.lower() == _folded(text)
    info = literals.present.cache_info()
    assert (info.misses, info.hits) == (1, 1)


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        (r"\b(?:binance|okx)\s+support\b", {"binance", "okx"}),
        (r"\b(?:hi|hey|hello)\s+mum", {"hi", "hey", "hello"}),  # the parser's h(?:i|ey|ello)
        (r"it'?s\s+me", {"it'", "its"}),  # a short head joined to what may follow it
        (r"(?:all\s+)?thanks?\s+to", {"all", "thank"}),  # an optional head, or what follows
        (r"(?<![\w@#])(?:@[a-z]{3}|#[a-z]+_)", {"@", "#"}),  # not letters: rare enough
        (r"(?:被|遭)(?:盗|黑)", {"被盗", "被黑", "遭盗", "遭黑"}),
        (r"[a-z]+\d{4}", None),  # a range: any letter may start it
        (r"\d{1,3}%", None),
        (r"a|bc", None),  # one ASCII letter is in every message
        (r"(?:x)?", None),  # may match nothing
        (r"(?i)seed", None),
    ],
)
def test_start_literals(regex: str, expected: set[str] | None) -> None:
    assert literals.start_literals(regex) == (None if expected is None else frozenset(expected))


def test_partial_starts_and_the_other_alternatives() -> None:
    regex = r"\b(?:guaranteed\s+profit|\d{1,3}%\s+daily|double\s+your\s+money)\b"
    assert literals.start_literals(regex) is None
    assert literals.partial_starts(regex) == {"guaranteed", "double"}
    others = literals.other_alternatives(regex)
    assert others is not None
    assert others.search("double your money") is None
    found = others.search("earn 12% daily now")
    assert found is not None and found.group(0) == "12% daily"
    assert literals.partial_starts(r"\b(?:abc|def)\b") is None  # all have literals
    assert literals.partial_starts(r"(x)\1|abc") is None  # a back-reference


def _starts_of(lits: frozenset[str] | None, part: frozenset[str] | None) -> frozenset[str]:
    return lits if lits is not None else part or frozenset()


STARTED = [
    (t.id + lang, p.pattern, _starts_of(lits, part), lits is None)
    for t in TACTICS
    for lang, p, lits, part in (
        ("/en", t.en, t.en_starts, t.en_part),
        ("/zh", t.zh, t.zh_starts, t.zh_part),
    )
    if p is not None and (lits is not None or part is not None)
]


@pytest.mark.parametrize(("name", "pattern", "starts", "partial"), STARTED,
                         ids=[p[0] for p in STARTED])  # fmt: skip
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_of_a_tactic_starts_with_one_of_its_starts(
    name: str, pattern: str, starts: frozenset[str], partial: bool, data: st.DataObject
) -> None:
    text = data.draw(st.from_regex(re.compile(pattern), fullmatch=True))
    m = re.compile(pattern).match(text)
    assert m is not None
    if partial:  # a match of the other alternatives at 0, or one of the starts
        others = literals.other_alternatives(pattern)
        assert others is not None
        if (om := others.match(text)) is not None:
            # and such a match holds one of the strings that let a text skip that search
            needed = literals.other_needed(pattern)
            assert needed is None or any(s in om.group(0) for s in needed), (name, text)
            chars = literals.other_chars(pattern)
            assert chars is None or any(ch in om.group(0) for ch in chars), (name, text)
            return
    assert any(text.startswith(s) for s in starts), (name, text)


def test_occurrences_are_every_place_each_literal_starts() -> None:
    scanner = LiteralScanner(OVERLAPPING + CHINESE)
    for text in ["ushers said hello, she resends his hello", "請轉賬到幣安客服的賬戶，轉賬", ""]:
        found = scanner.occurrences(text)
        assert found == literals.occurrences_of(scanner.literals, text)
        for s, places in found.items():
            assert places == [i for i in range(len(text)) if text.startswith(s, i)]
    assert literals.candidates(frozenset(["he", "hello"]), scanner.occurrences("hello he"),
                               frozenset(["he", "hello", "ello", "l"])) == [0, 6]  # fmt: skip


# Literals starting with common characters and with ones the sentinels stand for, holding
# spaces, punctuation and the sentinels' end character; texts made of the same characters.
SENTINEL_LITERALS = ["e", "gift card", " .", ". ", "q", ":/", "的", "帳戶", "x\uffff", "\uffffz"]


@settings(max_examples=300)
@given(
    st.text(alphabet=" e.gift card:/q的帳戶x\uffffz\n,", max_size=80),
    st.sets(st.sampled_from(SENTINEL_LITERALS), min_size=1),
)
def test_sentinels_and_ordering_change_no_occurrence(text: str, chosen: set[str]) -> None:
    # The automaton is built with its root's children in order of how common their characters
    # are, and sentinel words for common characters no literal starts with (dropped when
    # seen): what it finds must still be every place of every literal, and nothing else.
    for scanner in (LiteralScanner(chosen), LiteralScanner(chosen - {"x\uffff", "\uffffz"})):
        assert scanner.occurrences(text) == literals.occurrences_of(scanner.literals, text)
        assert scanner.find(text) == scanner.plain(text)
        assert "" not in scanner.find(text + " \uffff.\uffff")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, " ", ". ", "now", "我", "，", "請"]), max_size=40))
def test_shipped_plan_tries_what_the_loop_over_every_tactic_tries(words: list[str]) -> None:
    # find_tactics and find_cues visit only the shipped patterns one of whose literals is
    # present (looked up from the literals); given the list, they test every one in turn: the
    # same matches.
    from bot.cues import shipped_cues
    from bot.tactics import shipped_tactics

    for text in (" ".join(words), *TEXTS):
        assert _tactics(text) == _tactics(text, shipped_tactics())
        assert _cues(text) == _cues(text, shipped_cues())


def test_other_needed_are_the_strings_every_other_match_holds() -> None:
    regex = r"\b(?:send|pay)\s+now|\d+\s*(?:usdt|usdc)\b|\d+x\s+profit"
    assert literals.partial_starts(regex) == {"send", "pay"}
    # the parser factors usdt|usdc into usd[tc]; a lone 'x' is too short to be worth looking for
    assert literals.other_needed(regex) == {"usd", "profit"}
    others = literals.other_alternatives(regex)
    assert others is not None and others.search("pay 20 usdt") is not None
    assert literals.other_needed(r"\b(?:send|pay)\s+now|\d+|[a-z]{3}") is None


def test_other_chars_are_rare_characters_every_other_match_holds() -> None:
    # (issue 13, ninth pass) the bare percentage and the handle: one substring test each
    # instead of a search that tries every position
    regex = r"\b(?:send|pay)\s+now|\b\d{1,3}\s?%\s+(?:daily|weekly)|[a-z]+_[a-z]+\s+on\s+x"
    assert literals.other_chars(regex) == {"%", "_"}
    assert literals.other_chars(r"\b(?:send|pay)\s+now|\b\d{1,3}\s?%\s+daily") == {"%"}
    assert literals.other_chars(r"\b(?:send|pay)\s+now|\b\d+\s?[@#][a-z]{3,}") == {"@", "#"}
    # letters, digits, spaces and common punctuation are in nearly every message: none
    assert literals.other_chars(r"\b(?:send|pay)\s+now|\b\d+\.\d+\s+profit") is None
    assert literals.other_chars(r"\b(?:send|pay)\s+now|(?:%|\d)\s+profit") is None
    # a lookaround is passed over, an optional part too
    assert literals.other_chars(r"\b(?:send|pay)\s+now|(?<=%)\s+(?:_)?profit") is None
    # the search with the test finds what the search without it finds
    regex = r"\b(?:send|pay)\s+now|\b\d{1,3}\s?%\s+daily"
    others = literals.other_alternatives(regex)
    assert others is not None
    for text in ("we pay 5% daily", "30 % daily returns", "5 percent daily", "100%daily"):
        skipped = not any(ch in text for ch in literals.other_chars(regex) or "")
        assert not skipped or others.search(text) is None


# Branch hspeed5: a back-reference no longer hides a pattern's other literals, so the two
# Chinese tactics that repeat a name around 诈骗 run only when 诈骗 (any script) is in the text.
NAME_REPEATED = [
    ("claim_scam_name_repeated", "鑫盛资本诈骗 鑫盛资本骗了多少人"),
    ("claim_scam_name_repeated", "宏鑫資本詐騙是真的嗎？本文帶你了解宏鑫資本的套路"),
    ("claim_scam_latin_name_repeated", "Zentrix詐騙 Zentrix是詐騙嗎？被Zentrix騙了怎麼辦"),
]


@pytest.mark.parametrize(("tactic", "text"), NAME_REPEATED)
def test_a_tactic_with_a_back_reference_has_a_precheck_and_still_fires(
    tactic: str, text: str
) -> None:
    t = next(t for t in TACTICS if t.id == tactic)
    assert t.zh_any is not None and "诈骗" in t.zh_any
    assert tactic in {m.tactic.id for m in find_tactics(text)}
    assert _tactics(text) == _tactics(text, _no_prefilter_tactics())
    # without 诈骗 it cannot match, and is not tried
    plain = text.replace("詐騙", "騙局").replace("诈骗", "骗局")
    assert tactic not in {m.tactic.id for m in find_tactics(plain)}
    assert _tactics(plain) == _tactics(plain, _no_prefilter_tactics())


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        (r"\b(?:send|pay)\s+now", {"s", "p"}),
        (r"(?<=my\s)payment|(?!x)debts?\b", {"p", "d"}),
        (r"\b(?:v{1,2}[\s.]{0,2}[i1l]|c?x)", {"v", "c", "x"}),  # c? may be left out
        (r"[a-c0-1]+z", {"a", "b", "c", "0", "1"}),
        (r"(?:a|b?)c", {"a", "b", "c"}),
        (r"\w+", None),  # a class by category
        (r"[^a]b", None),  # negated
        (r".x", None),
        (r"a?", None),  # can match nothing
        (r"(?i:a)b", None),  # a flag changed inside
    ],
)
def test_first_chars(regex: str, expected: set[str] | None) -> None:
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    found = compiled.first_chars(_parser.parse(regex).data, c)
    assert found == (None if expected is None else frozenset(expected))


SPLIT = sorted(
    {
        p.pattern
        for t in TACTICS
        for p in (t.en, t.zh)
        if p is not None and literals.other_alternatives(p.pattern) is not None
    }
)


def test_the_disguised_drug_names_are_searched_only_where_one_can_start() -> None:
    # (issue 13, tenth pass) its other alternatives open with \b and a negative lookahead, so
    # re tried them at every place of every message (~45 µs): told their first characters,
    # the search skips in C the places that hold none of them
    rx = next(t.en.pattern for t in TACTICS if t.id == "lure_rx_disguised" and t.en)
    others = literals.other_alternatives(rx)
    assert others is not None and others.pattern is None  # built from the parse tree
    assert compiled.told_first_chars(literals._split(rx)[1]) is not None  # type: ignore[index]
    assert others.search("buy cheap v.i.a.g.r.a now").group(0) == "v.i.a.g.r.a"  # type: ignore[union-attr]
    assert others.search("x a n a x") is not None and others.search("viagra now") is None


@pytest.mark.parametrize("regex", SPLIT, ids=[str(i) for i in range(len(SPLIT))])
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_others_told_their_first_characters_find_what_re_finds(
    regex: str, data: st.DataObject
) -> None:
    from re import _compiler  # type: ignore[attr-defined]

    split = literals._split(regex)
    assert split is not None
    plain = _compiler.compile(split[1], 0)  # what re itself makes of the same tree
    fast = literals.other_alternatives(regex)
    assert fast is not None
    pieces = st.one_of(
        st.sampled_from([*WORDS, " ", ". ", "@", "#", "%", "v", "i", "a", "我", "，", "a1"]),
        st.from_regex(re.compile(regex), fullmatch=True),  # matches of every alternative
    )
    text = "".join(data.draw(st.lists(pieces, max_size=8)))
    for pos in range(0, len(text) + 1):
        a, b = plain.search(text, pos), fast.search(text, pos)
        assert (a and a.span()) == (b and b.span()), (text, pos)
