"""The finer tactic prefilter (literals.alternatives_needed, issue 13's sixth check pass): a
pattern is tried only when one of its alternatives has all of the strings it needs in the text.
It must never skip a pattern that could match: every match of every shipped pattern holds what
one of its alternatives needs, and the shipped search finds what the plain loop finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_literal_prefilters import TEXTS

from bot import literals
from bot.literals import alternatives_needed, possible
from bot.tactics import _shipped_needs, find_tactics, shipped_tactics


def _sets(*groups: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(g.split("|")) for g in groups)


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        # each alternative with what follows the alternation: one set -> the first part
        (r"\b(?:send|pay)\b", ({"send", "pay"}, ())),
        # and the widest alternation inside an alternative taken apart as well (issue 13,
        # ninth pass): "send usdt" or "send btc", not "send" and one of the two
        (r"\b(?:send\s+(?:usdt|btc)|pay\s+the\s+fee|refund)",
         ({"refund"}, (_sets("usdt", "send"), _sets("btc", "send"),
                       _sets("fee", "pay", "the")))),
        (r"(?:your\s+wallet|mine)\s+(?:was|are)\s+frozen",
         (set(), (_sets("was", "frozen", "wallet", "your"),
                  _sets("are", "frozen", "wallet", "your"),
                  _sets("was", "frozen", "mine"), _sets("are", "frozen", "mine")))),
        # lure_testimony's shape: an opening that needs nothing, then a group of alternatives
        # (before: one of "debt", "free", "eye", "opener" was enough to try it)
        (r"(?:\b|(?=[@#]))(?:debt\s+free|eye\s+opener|(?<=of\s)debts?)|\bwith\s+her",
         ({"debt"}, (_sets("debt", "free"), _sets("eye", "opener"), _sets("her", "with")))),
        (r"\b(?:(?:a|b)c|x)\b", None),
        # an optional part needs nothing; a set with a string of one or two ASCII letters
        # ("is", "my") or one Chinese character is in nearly every text: not asked for
        (r"verify(?:\s+now)?", ({"verify"}, ())),
        (r"(?:your\s+wallet|my)\s+(?:is|was)\s+frozen",
         ({"frozen"}, (_sets("frozen", "wallet", "your"),
                       _sets("frozen", "wallet", "was", "your"), _sets("frozen", "was")))),
        (r"(?:your\s+wallet|my)\s+(?:is|was)\s+ok|my\s+pin", None),  # "my is ok": nothing
        (r"(?:ab)+c[de]", None),
        (r"(?:abc)+[de]", ({"abc"}, ())),
        (r"账户|的", None),
        (r"a|bc", None),  # an alternative that needs nothing known: always possible
        (r"(?i)seed", None),  # flags change what the literals match
        (r"[a-z]+\d{4}", None),
        (r"(x)?(?(1)yz|wv)", None),
        (r"(?=.*send)\bpay", ({"pay"}, ())),  # a lookahead is passed over, never trusted
        (r"转账|轉賬", ({"转账", "轉賬"}, ())),
    ],
)
def test_alternatives_needed(
    regex: str, expected: tuple[set[str], tuple[tuple[frozenset[str], ...], ...]] | None
) -> None:
    found = alternatives_needed(regex)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert found[0] == frozenset(expected[0])
    assert {frozenset(sets) for sets in found[1]} == {
        frozenset(sets) for sets in expected[1]
    }


def test_possible_needs_one_alternative_whole() -> None:
    need = alternatives_needed(r"(?:your\s+wallet|mine)\s+(?:was|are)\s+frozen|\bpay\b")
    assert need is not None
    assert possible(need, frozenset({"pay"}))
    assert possible(need, frozenset({"mine", "was", "frozen"}))
    assert possible(need, frozenset({"your", "wallet", "are", "frozen"}))
    assert not possible(need, frozenset({"your", "was", "frozen"}))  # "wallet" missing
    assert not possible(need, frozenset({"mine", "wallet", "was"}))  # "frozen" missing
    assert not possible(need, frozenset())


SHIPPED = sorted(
    (t.id + lang, regex)
    for t in shipped_tactics()
    for lang, regex in (("/en", t.en_regex), ("/zh", t.zh_regex))
    if regex is not None and _shipped_needs().get(regex) is not None
)


def test_most_shipped_patterns_have_a_need() -> None:
    assert len(SHIPPED) > 150


@pytest.mark.parametrize(("name", "regex"), SHIPPED, ids=[s[0] for s in SHIPPED])
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_of_a_tactic_holds_what_one_alternative_needs(
    name: str, regex: str, data: st.DataObject
) -> None:
    # property over the pattern's own matches: a text that is a match is never judged
    # impossible, from the substrings it holds (what the one-pass scan reports)
    text = data.draw(st.from_regex(re.compile(regex), fullmatch=True))
    need = _shipped_needs()[regex]
    assert need is not None
    held = frozenset(s for s in literals.need_literals(need) if s in text)
    assert possible(need, held), (name, text)


NEEDS = {k: need for k, need in enumerate(_shipped_needs().values()) if need is not None}
ASKED = sorted(set().union(*map(literals.need_literals, NEEDS.values())))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ASKED), max_size=60))
def test_able_is_possible_for_every_need_at_once(held: list[str]) -> None:
    # the keyed pass the shipped search uses (literals.Able) against `possible` need by need
    present = frozenset(held)
    assert literals.Able(NEEDS).which(present) == {
        k for k, need in NEEDS.items() if possible(need, present)
    }


def test_able_on_small_needs() -> None:
    needs = {
        1: alternatives_needed(r"\b(?:send\s+(?:usdt|btc)|refund)"),
        2: alternatives_needed(r"(?:your\s+wallet|mine)\s+(?:was|are)\s+frozen"),
        3: alternatives_needed(r"\b(?:wire|send)\s+(?:usdt|btc)\b"),
    }
    able = literals.Able({k: v for k, v in needs.items() if v is not None})
    assert able.which(frozenset()) == set()
    assert able.which(frozenset({"refund"})) == {1}
    assert able.which(frozenset({"send", "btc"})) == {1, 3}
    assert able.which(frozenset({"wire", "usdt"})) == {3}
    assert able.which(frozenset({"mine", "are", "frozen"})) == {2}
    assert able.which(frozenset({"mine", "wallet", "frozen"})) == set()


def test_every_literal_asked_about_is_scanned_for() -> None:
    scanned = literals._scanner().literals
    for need in _shipped_needs().values():
        assert literals.need_literals(need) <= scanned


def _tactics(text: str, plain: bool = False) -> list[tuple[str, int, int]]:
    found = find_tactics(text, shipped_tactics() if plain else None)
    return [(m.tactic.id, m.start, m.end) for m in found]


WORDS = sorted({s for need in _shipped_needs().values() for s in literals.need_literals(need)})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, " ", " ", ". ", "，", "your", "now", "我", "請"]),
                max_size=30))  # fmt: skip
def test_shipped_search_finds_what_the_plain_loop_finds(words: list[str]) -> None:
    # the plain loop (the tactics given as a list) tries every pattern one of whose literals is
    # present, with no finer prefilter
    for text in (" ".join(words), "".join(words)):
        assert _tactics(text) == _tactics(text, plain=True)


@pytest.mark.parametrize("text", TEXTS)
def test_shipped_search_on_scam_stories_as_the_plain_loop(text: str) -> None:
    assert _tactics(text) == _tactics(text, plain=True)
