"""English round 9 (branch hsoc9): social posts on X, Instagram and YouTube. A shill's name-tag
written with accented or look-alike letters (#ŕosa_ŵebb__, a combining mark inside it), padded
with more underscores or glued to the word before it (you#____name___); the testimonial's
"since you have been managing my trading account", "her strategy is easy and profitable", "real
and paying", "she surprised me", "got everything back"; "fortunate to work among an expert",
"thank me later for referring you"; a desk name written without @ (cryptowithjanet) or named
like a retriever of lost funds; the work-from-your-phone offer with "pay is $X weekly"; the coach
who "made them earn daily"; a recovery tout's "lost your funds to scammers? i can guide you
through getting it back"; and the fake flash-loan bot video ("how to make tons of ETH with
flash loans", "flash loan arbitrage"), a new tactic. Each form fires on a scam of its kind and
leaves a genuine message that shares its words low. Written for these tests (not copied from
any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

FLAGGED = ("medium", "high")

# (tactic, scam, genuine message that shares its words, quiet: the tactic may show on the
# genuine one, whose other parts are missing)
CASES = [
    (
        "claim_padded_handle",
        "so happy with my withdrawal today, thank you so much for the payout #ŕosalind_ŵebb__",
        "best pastries in lisbon, thank you for the recipe #café_lisboa__",
        True,
    ),
    (
        "claim_padded_handle",
        "i can’t be less grateful, your money is safe with her, you#____nora___vale____",
        "what a lovely evening with you#____",
        True,
    ),
    (
        "claim_lookalike_handle",
        "thanks to the company admins and my account manager for all the help so far "
        "#ɑnnạ̀_bellamy__",
        "thanks to the admins of the garden club for all the help so far #gardenclub",
        True,
    ),
    (
        "lure_testimony",
        "i have not had a losing week since you have been managing my trading account, thank "
        "you @rita_vance_fx",
        "i never miss a meeting since you started sorting my calendar, thank you @ana",
        False,
    ),
    (
        "lure_testimony",
        "her strategy is easy and very profitable, i withdrew twice this month #mila__rhodes_",
        "the recipe is easy and very cheap, my gran swears by it",
        False,
    ),
    (
        "lure_testimony",
        "thought my btc was gone for good till i found @swift_retrieve_desk, got everything "
        "back in two days",
        "got everything back from the lost and found at the station, so relieved",
        True,
    ),
    (
        "lure_praise",
        "fortunate to be able to work with an expert trader like you madam #jane___doyle__",
        "so fortunate to work with an expert team at the hospital, the nurses are wonderful",
        True,
    ),
    (
        "claim_trader_handle",
        "i invested with cryptowithjanet and she surprised me, withdrew twice this month",
        "i learnt to bake bread with cookingwithjanet and she surprised me with a free class",
        False,
    ),
    (
        "lure_task",
        "we are hiring 20 people, can you work from your phone? pay is $2,500 weekly",
        "the pay is $18 an hour and you can work from home two days a week",
        False,
    ),
    (
        "lure_earn_claim",
        "check my page, i coached people to earn $500 daily from forex",
        "i coached people to run their first marathon, check my page for the plan",
        False,
    ),
    (
        "claim_recovery",
        "lost your funds to scammers? i can guide you through getting it back, send me a dm",
        "lost my gloves to the wind today lol, send me a dm if you found them",
        False,
    ),
    (
        "lure_flash_loan",
        "how to make tons of eth with flash loans, deploy the contract from the link "
        "https://pastebin.com/x1y2z3",
        "the protocol lost $12m in a flash loan attack, read the post-mortem "
        "https://example.org/report",
        False,
    ),
]


@pytest.mark.parametrize(("tactic", "scam", "genuine", "quiet"), CASES, ids=[c[0] for c in CASES])
def test_each_form_flags_its_scam_and_not_its_look_alike(
    tactic: str, scam: str, genuine: str, quiet: bool
) -> None:
    assert_pair(tactic, scam, genuine, quiet=quiet)


# social scam posts in wordings of our own, of the kinds the round is about (flagged), and
# warnings, news and crypto chat that share their words (low)
SCAMS = [
    "joy in my heart, just received my profit of $18 500, thank you #_______rebecca____hollis___",
    "BNB Flash Loan Arbitrage 2024 - make $900 a day, code here https://t.me/flashbotcode",
    "i invested with TRADINGWITHDIANA and she really surprised me 🌹🌹",
]
GENUINE = [
    "be careful with anyone who says they can guide you through getting your lost crypto "
    "back, they scam you twice",
    "great thread on flash loan attacks and why the oracle was the weak point",
    "binance will list $arb on friday, deposits open now, trading starts 10:00 utc",
    "congrats on 10k followers @nina.paints!! your work is beautiful",
    "i was skeptical at first but the new update to the app is actually really good",
    "#growwithme day 30 of my plant journey, the monstera finally has a new leaf",
]
POSTS = [(text, True) for text in SCAMS] + [(text, False) for text in GENUINE]


@pytest.mark.parametrize(("text", "scam"), POSTS)
def test_posts_in_new_wordings(text: str, scam: bool) -> None:
    assert (_level(text) in FLAGGED) == scam, sorted(_ids(text))
