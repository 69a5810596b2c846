"""English round 9, e-mail (issue 10, hmail9): the failed-payment notice ("we're having some
trouble with your current billing information"), the webmail notice's other asks and threats
("validate and verify your e-mail account", "your account will be shutdown", "you won't be able
to use your account until you confirm"), the work-at-home offer's promise, the advance-fee
letter's escrow account pages from its fortune, and the crypto phish's own asks (a hardware
wallet's "confirm your seed", a drainer's "connect your wallet to claim", an exchange's "if you
did not request this, cancel the request here"). Each extended or new tactic fires on a fraud
e-mail and not on a genuine one that shares its words; the genuine ones stay `low`, as do a
genuine exchange's KYC welcome ("you can now deposit funds") and a security tip that lists what
to watch for. Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

from bot.tactics import LETTER_REACH, NEAR

# (tactic, fraud e-mail, genuine e-mail that shares its words)
PAIRS = [
    (
        "lure_billing_problem",
        "Subject: Membership on hold\n\nDear Customer, we're having some trouble with your"
        " current billing information. Please update your payment details to keep watching.\n"
        "UPDATE MY DETAILS",
        "Subject: Billing\n\nHi Sam, the billing information for the new client is in the"
        " shared folder; please check the payment details before Friday.",
    ),
    (
        "lure_billing_problem",
        "Subject: Subscription\n\nWe could not authorize your payment for the next billing"
        " cycle. Click below and log in to update your billing data.",
        "Subject: Card\n\nThe shop could not take the new card at the till, so I paid cash;"
        " can you update the expense sheet?",
    ),
    (
        "demand_verify",
        "Subject: Alert #1913\n\nYour e-mail account was accessed from an unknown IP. Click on"
        " UPDATE to validate and verify your e-mail account to avoid temporary block.\n"
        "ICT Help Desk",
        "Subject: New starter\n\nIT will set up the e-mail account for the new starter on"
        " Monday; her laptop is on her desk.",
    ),
    (
        "pressure_lose_access",
        "Subject: Verify it's you\n\nSomething is unusual about how you're signing in. Verify"
        " your account within 24 hours. Your account will be shutdown.",
        "Subject: Server room\n\nThe old file server will be switched off on Friday; the files"
        " have been moved to the new share.",
    ),
    (
        "pressure_lose_access",
        "Subject: Security notice\n\nYou won't be able to use your online banking until you"
        " confirm your information. Confirm your information here.",
        "Subject: Holiday\n\nI won't be able to answer e-mail until Monday; Priya is covering"
        " for me.",
    ),
    (
        "lure_mailbox",
        "Subject: Undelivered\n\nYour recent outgoing messages couldn't be delivered due to lack"
        " of updating your email account. Click here to retrieve them.",
        "Subject: Newsletter\n\nThe last newsletter went out to 2,400 readers; 12 bounced and I"
        " removed them from the list.",
    ),
    (
        "lure_home_income",
        "Subject: HELP WANTED\n\nWe are looking for people who want to work from home. Make an"
        " excellent income, no experience is required. Click on the link to apply.",
        "Subject: Job advert\n\nWe are hiring a junior accountant for the Leeds office; three"
        " years of experience with payroll is required. Apply on our careers page.",
    ),
    (
        "demand_secret",
        "Subject: Security patch\n\nA critical flaw affects your Ledger. Install the patch"
        " within 72 hours; you will be prompted to confirm your seed to re-encrypt the chip.",
        "Subject: Seed round\n\nWe closed the seed round last week; please confirm the investor"
        " list before the board meeting.",
    ),
    (
        "demand_wallet_signature",
        "Subject: Claim your STRK\n\nYou are eligible for the STRK airdrop. Connect your wallet"
        " to claim 1,250 STRK before the window closes.",
        "Subject: Wallet integration\n\nThe app can now connect to a hardware wallet over"
        " Bluetooth; the release notes are on our blog.",
    ),
    (
        "demand_not_you",
        "Subject: Password change request\n\nWe received a request to change your password. If"
        " you did not request this, cancel the request here to keep your funds safe:\n"
        "https://exchange-cancel-request.example.net",
        "Subject: Password changed\n\nYour password was changed. If you did not request this,"
        " contact support from the Help Center in the app.",
    ),
]


@pytest.mark.parametrize(("tactic", "scam", "genuine"), PAIRS, ids=[t for t, _, _ in PAIRS])
def test_round9_tactic_fires_on_fraud_and_not_on_genuine(
    tactic: str, scam: str, genuine: str
) -> None:
    assert_pair(tactic, scam, genuine)


def test_an_advance_fee_letters_escrow_account_joins_its_fortune_across_the_letter() -> None:
    fortune = (
        "FROM THE DESK OF THE DIRECTOR\n\nI must solicit your strictest confidence in this"
        " transaction of US$22.5M left in a dormant account by a late contractor."
    )
    filler = " The committee met on several occasions to review the matter." * 8
    ask = " The funds will be moved into an escrow account in your name."
    text = fortune + filler + ask
    assert len(fortune) + len(filler) > NEAR
    assert len(text) < LETTER_REACH
    assert {"lure_windfall", "demand_move_funds"} <= _ids(text)
    assert _level(text) == "medium"


def test_an_escrow_account_in_ordinary_mail_stays_low() -> None:
    text = (
        "Subject: Closing\n\nHi Mark, the deposit for the house is held in an escrow account"
        " until completion; the solicitor will send the papers on Monday."
    )
    assert _level(text) == "low"


@pytest.mark.parametrize(
    "text",
    [
        # a genuine exchange's KYC welcome: what you can now do, not a demand
        "Subject: Welcome to Kraken - you're verified!\n\nHi Alex, your account is now verified."
        " You can now deposit funds, trade and withdraw to your bank. Get started: deposit funds"
        " via bank transfer or card from the Funding page.\n\nQuestions? Our Support Center is"
        " open 24/7.",
        # a security tip listing what to watch for
        "Subject: 5 ways to spot a phishing e-mail\n\nWatch for urgent deadlines, requests for"
        " your recovery phrase, 'validate your wallet' links and fake withdrawal alerts.",
        # a genuine failed-payment notice that sends you to the site you know
        "Subject: Payment failed\n\nWe couldn't take payment for your plan. Update your payment"
        " details in your account page on our site.",
    ],
)
def test_genuine_exchange_mail_and_tips_stay_low(text: str) -> None:
    assert _level(text) == "low", sorted(_ids(text))


def test_a_deposit_demand_is_still_read() -> None:
    text = (
        "Subject: Withdrawal on hold\n\nOur support team approved your withdrawal. You must"
        " deposit funds of 10% to the wallet below to release it."
    )
    assert "demand_send" in _ids(text) or "demand_fee" in _ids(text)
    assert _level(text) in ("medium", "high")
