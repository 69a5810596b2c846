"""English tactics of round 4 (docs/detection-en.md, "Social posts"): the comments and replies
that sell a scam under crypto and finance posts. Each new tactic is shown on a scam written for
these tests and kept low on a genuine post that shares its words (not copied from any data
set)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_tactics_en_kinds import _ids, _level

from bot.engine import KnowledgeIndex, check
from bot.knowledge import load_dir
from bot.message import Message
from bot.tactics import TACTICS, find_tactics, negated

# (new tactic, scam that shows it and is medium or high, genuine post that must stay low)
CASES = [
    (
        "lure_growth",
        "i doubted it but @ron_alvarez7 turned my $400 into $5,200 in nine days",
        "i turned $400 into $1,100 holding sol since 2022, patience works",
    ),
    (
        "lure_growth",
        "started with just $250 and in 4 days i received a payout of $3,900. dm her",
        "started with just $250 in my roth account and added a little each month",
    ),
    (
        "lure_vouch",
        "she is 100% legit, your money is safe with her 🙏 @nadia.trades",
        "is kraken legit? moving my savings there this week",
    ),
    (
        "lure_praise",
        "best decision i ever made, i will keep telling everyone about her good work. "
        "received a payout of $6,400 today @nina.grows",
        "best decision i ever made was buying a hardware wallet in 2021",
    ),
    (
        "lure_gratitude",
        "words cannot express how grateful i am, i really appreciate you @ella.fx_",
        "words cannot express how grateful i am for my team this year",
    ),
    (
        "claim_named_trader",
        "god bless mrs olivia, i got my 4th payout today and changed my life",
        "mr powell said rates stay high, btc dumped 3% on the news",
    ),
    (
        "lure_first_people",
        "paying off the bills of the first 6 people to message me 'blessed' 💰",
        "first 6 people at the meetup get a free sticker pack",
    ),
    (
        "lure_earn_claim",
        "you can earn $2,000 - $9,000 in just 5 days from home, message me to know how",
        "i earn about $2,000 a month from my day job, crypto is a side thing",
    ),
    (
        "lure_signals",
        "our vip signal group hit +280% on 5 calls last week, join our telegram t.me/gainzroom",
        "anyone tried those telegram pump groups? sounds like a way to lose money",
    ),
    (
        "lure_managed",
        "you invest, i trade, we split the profits 50/50. inbox me to start",
        "i manage my own portfolio, no advisors, no leverage",
    ),
    (
        "lure_cure",
        "i was cured of herpes by a herbal doctor, contact him @dr_ofure_herbs",
        "my doctor says herbal tea is fine but not a cure for anything",
    ),
    (
        "demand_social",
        "i post my signals daily in my private channel, link in bio 🔥",
        "link in bio to our podcast episode on self custody",
    ),
]
MOONSHOT = "this coin is about to 100x, get in before the listing, join our discord now"
# every scam text above, for tests/test_tactics.py's check that each tactic is seen somewhere
SCAM_TEXTS = [scam for _, scam, _ in CASES] + [MOONSHOT]


@pytest.mark.parametrize(("tactic", "scam", "genuine"), CASES,
                         ids=[f"{t}-{i}" for i, (t, *_) in enumerate(CASES)])  # fmt: skip
def test_new_tactic_fires_on_the_scam_and_not_on_the_genuine_post(
    tactic: str, scam: str, genuine: str
) -> None:
    assert tactic in _ids(scam), sorted(_ids(scam))
    assert _level(scam) in ("medium", "high"), sorted(_ids(scam))
    assert _level(genuine) == "low", sorted(_ids(genuine))


def test_moonshot_and_listing_pressure_need_a_call_to_act() -> None:
    scam = MOONSHOT
    assert {"lure_moonshot", "pressure_listing", "demand_social"} <= _ids(scam)
    assert _level(scam) in ("medium", "high")
    talk = "people keep saying this coin is about to 100x, get in before the listing lol"
    assert {"lure_moonshot", "pressure_listing"} <= _ids(talk)
    assert _level(talk) == "low"


def test_one_growth_story_is_one_shill_sign() -> None:
    # a person's own gain needs a second, different shill sign or a call to act
    text = "i turned $500 into $480 this week, truly a genius trader"
    assert "lure_growth" in _ids(text)
    assert _level(text) == "low"
    assert _level(text + ". she is legit, message her") in ("medium", "high")


def test_a_brand_handle_is_no_shill() -> None:
    thanks = "thanks @binance support for sorting out my ticket today"
    assert "claim_testimonial" not in _ids(thanks)
    assert _level(thanks) == "low"
    # a look-alike handle is still a handle to contact
    fake = "thanks @binance_helpdesk_ for the payout, contact them for yours"
    assert _level(fake) in ("medium", "high")


def test_handle_before_money_talk_is_a_testimonial_sign() -> None:
    # lure_testimony's handle-first form (the @ was behind a word boundary it never had)
    text = "thank you @elena_moves for everything, my portfolio is up again"
    assert "lure_testimony" in _ids(text)


@pytest.mark.parametrize("text", [
    "if someone tells you to send eth to get double back, it's a scam",
    "reminder: no legit giveaway asks you to send crypto first",
    "people replying send 0.1 eth get 0.2 back, that's a scam, report it",
])  # fmt: skip
def test_warnings_about_a_giveaway_are_advice(text: str) -> None:
    assert _level(text) == "low", sorted(_ids(text))


def test_the_scam_that_denies_being_one_is_not_advice() -> None:
    text = "send 0.1 eth to our giveaway wallet and get 0.2 back, it's not a scam!"
    assert _level(text) in ("medium", "high"), sorted(_ids(text))
    assert not negated(text, text.index("send"))


def test_a_shill_thinking_it_was_a_scam_is_still_a_shill() -> None:
    text = "i sent her $300 and thought it was a scam, then got $4,000 back. she is legit @lia_fx"
    assert _level(text) in ("medium", "high"), sorted(_ids(text))


def test_engine_flags_a_social_shill_comment() -> None:
    idx = KnowledgeIndex.build(load_dir(Path(__file__).resolve().parent.parent / "knowledge"))
    v = check(Message(text="all thanks to mrs helen for my payout, she is legit, contact her"),
              idx)  # fmt: skip
    assert v.risk in ("medium", "high")
    assert any(f.type == "tactic" for f in v.findings)


def _tactics(text: str, tactics: list | None = None) -> list[tuple[str, int, int]]:  # type: ignore[type-arg]
    return [(m.tactic.id, m.start, m.end) for m in find_tactics(text, tactics)]


@pytest.mark.parametrize("text", [t for _, s, g in CASES for t in (s, g)] + [MOONSHOT])
def test_prefiltered_search_finds_what_the_plain_search_finds(text: str) -> None:
    # (as tests/test_literal_prefilters.py, for this round's texts: the literal prefilter
    # finds exactly what searching every pattern finds)
    plain = [dataclasses.replace(t, en_any=None, zh_any=None, en_starts=None, zh_starts=None,
                                 en_part=None, zh_part=None) for t in TACTICS]  # fmt: skip
    assert _tactics(text) == _tactics(text, plain)


def test_a_quiet_sign_alone_gives_the_combiner_no_scam_part() -> None:
    # a letter's thanks and a link: the praise is a shill sign only beside a second one, so at
    # `low` it adds no "lure" to the calibrated combiner (no tactic finding at all)
    text = ("Words cannot express our thanks for your work on the merger. The slides are at "
            "https://intranet.example.com/deck")  # fmt: skip
    assert {"lure_gratitude", "demand_link"} <= _ids(text)
    idx = KnowledgeIndex.build(load_dir(Path(__file__).resolve().parent.parent / "knowledge"))
    v = check(Message(text=text), idx)
    assert not any(f.type == "tactic" for f in v.findings)
    # a story that is no quiet sign still gives its parts: a signal group and its link
    scam = "our vip signal group is open again https://t.me/gainzroom"
    v = check(Message(text=scam), idx)
    assert any(f.type == "tactic" for f in v.findings) or v.risk in ("medium", "high")
