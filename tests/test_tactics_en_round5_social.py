"""English round 5 (docs/detection-en.md, branch hsoc5): social comments and SMS. Each new tactic
fires on a scam of its kind and stays quiet on a genuine message that shares its words: shill
comments that sign off with a trader-named account or praise its "platform", beggars under crypto
posts, help touts, prize and fee smishes (some in the lemmatised forms SMS spam is collected in),
loan-for-a-fee texts and "if this wasn't you, visit <host>" bank alerts. Written for these tests
(not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

from bot.engine import KnowledgeIndex, check
from bot.message import Message

FLAGGED = ("medium", "high")

# (tactic, scam, genuine message that shares its words)
PAIRS = [
    (
        "lure_shill_words",
        "trust the process and give it a try, her platform changed everything for me "
        "@maria_lopez__",
        "gave it a try last weekend, the new wallet app is smooth. thanks for the tip @tom",
    ),
    (
        "claim_handle_last",
        "started small, now i sleep well at night 🙏 @grace_wealth_fx",
        "fed minutes out at 2pm, expect volatility via @forexlive",
    ),
    (
        "lure_plea",
        "i'm broke and my rent is due, someone please bless me with 30 usdt 🙏",
        "i'm broke until payday lol, no more pizza this week",
    ),
    (
        "demand_crypto_gift",
        "anything helps, please donate any amount of usdt to my wallet, my son is sick",
        "we donated our old laptops to the school, they were really grateful",
    ),
    (
        "lure_help_tout",
        "no worries, i can help you unblock your account, inbox me now",
        "support helped me unblock my account after two days, all good now",
    ),
    (
        "lure_prize",
        "you have be choose to receive a free gift card. claim at gift-win.example.top/c",
        "Thanks for shopping with us! Your receipt is at shop.example.com/orders",
    ),
    (
        "demand_upfront_fee",
        "Congrats you win 1st prize car, registration charge Rs 6,500, contact helpline",
        "Congrats on your first prize at the school science fair, we are so proud of you!",
    ),
    (
        "demand_details",
        "You are a winner of 500,000 GBP in our promo. Send your name address and age to claim",
        "Hi, it's Anna from the book club, could you send the list of books for March?",
    ),
    (
        "lure_loan_approved",
        "Your loan of Rs 200000 has been approved. Pay Rs 2,500 processing fee to receive it",
        "Thanks for your loan application. We will write to you within 5 working days.",
    ),
    (
        "demand_not_you",
        "A new device was paired to your account. If this wasn't you please visit "
        "secure-bank-help.com",
        "A new device signed in to your account. If this wasn't you, freeze your card in the app.",
    ),
    (
        "demand_contact_number",
        "Dear customer your ATM card have be block. Contact helpline no 98XXXXXXXX today",
        "Dear customer, your new debit card has been dispatched and will arrive in 5 days.",
    ),
    (
        "claim_lookalike_handle",
        "i got my payout of $4,000 today, thank you so much #__mariaлopez__",
        "had the best coffee at #cafébrazil this morning, thank you @nina",
    ),
    (
        "lure_bank_alert",
        "Unauthorised transaction on your card. Not you? Cancel at card-check-online.com",
        "Unauthorised transactions are refunded by law; ask your bank branch for the form.",
    ),
]


QUIET_ALONE = {
    "lure_shill_words", "lure_plea", "lure_bank_alert",
    "claim_lookalike_handle",
}


@pytest.mark.parametrize(("tactic", "scam", "genuine"), PAIRS, ids=[t for t, _, _ in PAIRS])
def test_new_tactic_fires_on_the_scam_and_not_on_the_genuine_message(
    tactic: str, scam: str, genuine: str
) -> None:
    # (the plea, the shill's words and the bank alert's story are ordinary words alone: they
    # may be found in the genuine message, but it stays low)
    assert_pair(tactic, scam, genuine, quiet=tactic in QUIET_ALONE)


SCAM_TEXTS = [scam for _, scam, _ in PAIRS]


@pytest.mark.parametrize(
    "handle",
    ["@coach_danny_invest", "@victoria.xtips", "@celine.trades", "@earn.with.margarita",
     "@kelly_mentorship", "@livedebtfree1", "#grayson_gianna_profits"],
)
def test_more_trader_named_handles(handle: str) -> None:
    assert "claim_trader_handle" in _ids(f"so grateful {handle}")


@pytest.mark.parametrize(
    "handle", ["@coach", "@coachella", "@sam_trades_history", "@wealthsimple", "@tradingview"]
)
def test_ordinary_handles_are_no_trader_handles(handle: str) -> None:
    assert "claim_trader_handle" not in _ids(f"great post {handle}")


def test_a_trader_handle_alone_is_a_shill_comment() -> None:
    assert _level("@standwith_anna.fx") in FLAGGED
    assert _level("@standwith_anna.fx 🔥🔥🔥") in FLAGGED


def test_a_trader_handle_credited_as_a_source_or_quoted_first_is_not() -> None:
    assert _level("cpi hotter than expected, dollar up via @forexlive") == "low"
    assert _level("@forexlive what time is the cpi print?") == "low"


def test_shill_words_need_the_handle_in_the_same_comment() -> None:
    # the words alone are what people say in mail and chat
    assert "lure_shill_words" not in _ids(
        "Good work on the report. Under your guidance the team made the right choice."
    )


def test_shill_words_count_only_with_a_handle_on_their_line() -> None:
    assert "lure_shill_words" in _ids("made the right choice, thank you @jane_doe")
    assert "lure_shill_words" not in _ids("made the right choice, thank you.\n\n@jane_doe")


def test_shill_words_beside_a_brand_handle_are_no_shill() -> None:
    assert "lure_shill_words" not in _ids("their platform is the best @coinbase")


def test_a_friend_asking_for_money_back_is_no_beggar() -> None:
    text = "can you send me the money for the concert tickets when you get a chance? it was £40"
    assert "lure_plea" not in _ids(text)
    assert _level(text) == "low"


def test_a_won_prize_with_a_masked_helpline_is_flagged() -> None:
    # SpamHunter masks digits as X; the same text with digits reads the same
    for number in ("XXXXXXXXXX", "9876543210"):
        text = f"Congrats you won 1st prize Tata Safari car. For registration contact {number}"
        assert "demand_contact_number" in _ids(text)
        assert _level(text) in FLAGGED


def test_a_genuine_otp_and_card_alert_stay_low(seed_index: KnowledgeIndex) -> None:
    for text in (
        "Your verification code is 482913. Never share this code with anyone.",
        "A payment of £45.00 was made with your card ending 1234. If you don't recognise it, "
        "call the number on the back of your card.",
    ):
        assert check(Message(text=text), seed_index).risk in ("low", "official"), text
