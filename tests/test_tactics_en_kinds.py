"""English tactics for the kinds of issue 10's hidden sample: testimonial shills, cash handouts to
the first people who write, phishing e-mails about a mailbox, exchange or wallet, and bank-alert
smishing. Each scam is written beside a genuine message that shares its words and must stay low.
Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest

from bot.tactics import assess, find_tactics


def _level(text: str) -> str:
    return assess(find_tactics(text)).level


def _ids(text: str) -> set[str]:
    return {m.tactic.id for m in find_tactics(text)}


def assert_pair(tactic: str, scam: str, genuine: str, *, quiet: bool = False) -> None:
    """The tactic shows in the scam, which is flagged; the genuine message sharing its words stays
    low and, unless the tactic is a quiet sign (ordinary words alone), does not show it."""
    assert tactic in _ids(scam), sorted(_ids(scam))
    assert _level(scam) in ("medium", "high"), sorted(_ids(scam))
    if not quiet:
        assert tactic not in _ids(genuine), sorted(_ids(genuine))
    assert _level(genuine) == "low", sorted(_ids(genuine))


# (kind, scam, the tactics it must show, the least level)
SCAMS = [
    (
        "testimonial",
        "i didn't believe at first but @nora_wealth_fx turned my $2,000 into $9,500 "
        "in a week, she changed my life",
        {"claim_trader_handle", "lure_testimony", "demand_handle"},
        "medium",
    ),
    (
        "testimonial",
        "finally debt free thanks to mrs olivia, contact her @olivia.invests for your "
        "first payout",
        {"lure_testimony", "demand_handle"},
        "medium",
    ),
    (
        "cash handout",
        "feeling blessed, i'm paying 3 grand to the first 6 people to message me 'hard times'",
        {"lure_cash_handout", "demand_dm"},
        "medium",
    ),
    (
        "mailbox phishing",
        "Subject: Mailbox quota exceeded\nYour mailbox quota is full and new "
        "mail will bounce. Upgrade Now to keep receiving messages.\nEmail Administrator",
        {"lure_account_notice", "demand_button"},
        "medium",
    ),
    (
        "wallet phishing",
        "Subject: Seed phrase validation\nYour wallet was flagged for seed phrase "
        "validation. Validate Now or the wallet will be disabled.\nThe Wallet Team",
        {"lure_account_notice", "demand_button"},
        "medium",
    ),
    (
        "exchange phishing",
        "Subject: New withdrawal request\nWe received an unusual withdrawal "
        "request of 2.4 ETH. Cancel the request below if you did not start it.",
        {"lure_account_notice", "demand_button"},
        "medium",
    ),
    (
        "bank smish",
        "Lloyds: a new payee was added to your account. If this was not you, visit "
        "lloyds-payee-cancel.com to stop it",
        {"lure_account_notice", "demand_not_you"},
        "medium",
    ),
    (
        "lemmatised smish",
        "Dear customer your card have be blocked, we have locked your access. "
        "Click here to restore http://bit.ly/x1",
        {"pressure_freeze", "demand_click"},
        "medium",
    ),
]

# (kind, genuine message) each sharing words with a scam above
GENUINE = [
    ("shout-out", "huge thanks to @sam_trades_history for the chart breakdown, learned a lot"),
    ("comment", "great post @thefinancecoach, i was skeptical about budgeting apps at first"),
    (
        "news",
        "Scam alert: accounts on X promise to pay $5,000 to the first 10 people who DM "
        "them. Do not reply, report them.",
    ),
    (
        "IT notice",
        "Subject: Mailbox migration\nYour mailbox moves to the new server on Saturday. "
        "No action is needed; Outlook will restart on Monday.\nIT Services",
    ),
    (
        "wallet newsletter",
        "Subject: Security reminder\nWe will never ask you to validate your "
        "seed phrase. Ignore any e-mail that does and never enter your 24 words on a website.",
    ),
    (
        "exchange notice",
        "Subject: Withdrawal completed\nYour withdrawal of 2.4 ETH is complete. "
        "If this wasn't you, lock your account in the app and contact us through in-app chat.",
    ),
    (
        "bank alert",
        "Lloyds: a new payee was added on 3 May. If this was not you, call us on "
        "the number on the back of your card.",
    ),
    (
        "office mail",
        "You have been selected to participate in the year-end review. Please "
        "complete your feedback by Friday.",
    ),
]


@pytest.mark.parametrize(("kind", "text", "tactics", "least"), SCAMS,
                         ids=[f"{k}-{i}" for i, (k, *_) in enumerate(SCAMS)])  # fmt: skip
def test_scam_kind_shows_its_parts_and_level(
    kind: str, text: str, tactics: set[str], least: str
) -> None:
    assert tactics <= _ids(text), kind
    assert _level(text) in (("medium", "high") if least == "medium" else ("high",)), kind


@pytest.mark.parametrize(("kind", "text"), GENUINE,
                         ids=[f"{k}-{i}" for i, (k, _) in enumerate(GENUINE)])  # fmt: skip
def test_genuine_counterpart_stays_low(kind: str, text: str) -> None:
    assert _level(text) == "low", (kind, sorted(_ids(text)))


def test_a_trader_named_handle_needs_a_second_hook() -> None:
    # an account named like a forex desk is one hook; praise or a payout beside it completes
    # the shill, a bare mention does not
    assert "claim_trader_handle" in _ids("daily notes from @max_forex_journal")
    assert _level("daily notes from @max_forex_journal") == "low"
    assert _level("my life has changed since i met @max_forex_journal") == "medium"
    for brand in ("@yahoofinance", "@wealthsimple", "@earnyourleisure", "@sam_trades_history"):
        assert "claim_trader_handle" not in _ids(f"great thread from {brand} today"), brand


def test_underscore_led_handle_is_still_a_handle() -> None:
    assert "claim_testimonial" in _ids("all thanks to #__mia_rose_fx for this")


def test_not_you_demand_needs_its_own_link() -> None:
    # "if this was not you" that sends you to the app is the genuine alert's wording
    assert "demand_not_you" not in _ids("If this was not you, open the app and tap Secure account")
    assert "demand_not_you" in _ids("If this was not you, visit secure-check.net to cancel")
