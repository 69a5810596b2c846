"""Tactic patterns rewritten for speed (issue 13) match exactly what they matched before: the
same search, the same match at every place. The old forms are kept here; the new ones are
read from the shipped tactics."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import literals
from bot.tactics import shipped_tactics

_PEOPLE = r"[^.!?\n]{0,25}?\b(?:to|for)\s+(?:the\s+)?first\s*\W{0,2}\d{1,3}\W{0,2}\s*(?:people|persons|followers|individuals)"  # noqa: E501
# lure_first_people as written in round 4 (hsocial): the amount alternative under the \b
OLD_FIRST_PEOPLE = (
    r"\b(?:(?:paying|pay|clearing|clear)\s+(?:off\s+)?(?:the\s+)?(?:debts?|bills?|rent)\s+"
    r"(?:of|for)\s+(?:the\s+)?first\s*\W{0,2}\d{1,3}|paying\s+(?:the\s+)?first\s*\W{0,2}"
    r"\d{1,3}\W{0,2}\s*(?:people|persons|followers|individuals)|(?:[$£€]\s?\d[\d ,.]{0,12}|"
    r"\d[\d ,.]{0,12}\W{0,12}?(?:k|grands?|usdt|usd|dollars)\b)" + _PEOPLE + ")"
)
OLD_DEADLINE_ZH = r"\d{1,3}\s*(?:小时|个钟|分钟|天|日)内"

_WORDS = st.sampled_from(
    ["$", "£", "€", "a$", "x£", "5", "50", "1,000", "2.5", "k", "grand", "grands", "usdt",
     "usd", "dollars", "to", "for", "the", "first", "10", "people", "persons", "followers",
     "individuals", "paying", "pay", "clear", "clearing", "off", "debts", "bills", "rent",
     "of", "!", ".", ",", "-", "_", "é", "x", "\n", "ok"]
)
_SEPARATORS = st.sampled_from(["", " ", "  ", ": ", "\t"])


@st.composite
def _english(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=18))
    return "".join(w + s for w, s in parts)


def _same(old: re.Pattern[str], new: re.Pattern[str], text: str) -> None:
    a, b = old.search(text), new.search(text)
    assert (a and a.span()) == (b and b.span())
    for at in range(len(text) + 1):
        a, b = old.match(text, at), new.match(text, at)
        assert (a and a.span()) == (b and b.span()), (text, at)


def _shipped(tactic: str, lang: str) -> str:
    (t,) = [t for t in shipped_tactics() if t.id == tactic]
    regex = t.en_regex if lang == "en" else t.zh_regex
    assert regex is not None
    return regex


@settings(max_examples=600, deadline=None)
@given(_english())
def test_lure_first_people_matches_as_before(text: str) -> None:
    _same(re.compile(OLD_FIRST_PEOPLE), re.compile(_shipped("lure_first_people", "en")), text)


def test_lure_first_people_examples_and_its_amount_alternative_is_skipped_to() -> None:
    old = re.compile(OLD_FIRST_PEOPLE)
    new = re.compile(_shipped("lure_first_people", "en"))
    for text in [
        "i am giving $500 to the first 20 people who message me",
        "sending 1,000 usdt to first 10 followers!",
        "a$5 to the first 3 people",  # $ after a letter: the \b holds
        "x5 grand to the first 3 people",  # a digit after a letter: it does not
        "paying the first 50 people",
        "clearing off the debts of the first 5",
        "many people say the first 10 minutes count",
    ]:
        _same(old, new, text)
    assert new.search("sending 1,000 usdt to first 10 followers!") is not None
    assert new.search("x5 grand to the first 3 people") is None
    # the amount alternative is still searched alone, only in texts with one of these words
    assert literals.other_alternatives(new.pattern) is not None
    assert literals.other_needed(new.pattern) == {"people", "persons", "followers", "individuals"}
    assert literals.partial_starts(new.pattern) == {"paying", "pay", "clearing", "clear"}


_ZH_DEADLINE = st.sampled_from([*"0123456789 小时个钟分钟天日内 ", "\u0663", "x"])


@settings(max_examples=400, deadline=None)
@given(st.text(_ZH_DEADLINE, max_size=24))
def test_pressure_deadline_digits_match_as_before(text: str) -> None:
    shipped = _shipped("pressure_deadline", "zh")
    assert r"\d\d{0,2}\s*(?:小时|个钟|分钟|天|日)内" in shipped
    old = re.compile(shipped.replace(r"\d\d{0,2}\s*(?:小时", r"\d{1,3}\s*(?:小时"))
    assert OLD_DEADLINE_ZH in old.pattern
    _same(old, re.compile(shipped), text)
