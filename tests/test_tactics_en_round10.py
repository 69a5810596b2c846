"""English round 10 (branch hen16): kinds of train-split misses that recur across sources. The
account hold that asks you to call or contact a number it gives ("your ATM card has been blocked
due to non-verification, contact us 0300-1234567", SMS and e-mail alike): the call-back scam,
whose number is the scammer's; the same hold that sends you to a bare site name ("to restore
please visit nab-datax.com", no path after it); the free device or gift card "waiting" for you
(the incentive spam's subject line: "Claim your Complimentary IBM Laptop", "We have your Home
Depot gift card waiting"), a scam's whole pitch with no ask beside it. Each form fires on a scam
of its kind and leaves a genuine message that shares its words low: a hold that sends you to the
app or a branch, a colleague's "call me at" or a site named with no threat, a shop's "claim your
free coffee".
Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

from bot.engine import KnowledgeIndex, check
from bot.message import Message

# (tactic, scam, genuine message that shares its words)
PAIRS = [
    (
        "demand_call_number",
        "Dear Customer your debit card has been blocked due to non verification. If you want "
        "to keep using your card contact us 0300-4471829",
        "Your debit card has been blocked as you asked in the app. Order a replacement card "
        "from the Cards tab.",
    ),
    (
        "demand_visit_host",
        "Your bank account has been temporarily blocked for unusual activity. To restore it "
        "please visit acme-secure-unlock.com and follow the steps",
        "Your new bank card is on its way. To see when it arrives please visit the Cards page "
        "in the app",
    ),
    (
        "demand_visit_host",
        "Your card has been placed on hold. Go to cardcheck-review.net to lift the hold",
        "Your card has been placed on hold at your request. Tap Unfreeze in the app to lift it",
    ),
    (
        "lure_free_device",
        "Subject: Claim your Complimentary New Laptop",
        "Subject: Claim your free coffee with any breakfast this week in the app",
    ),
    (
        "lure_free_device",
        "Subject: We have your $500 Walmart gift card waiting.",
        "Subject: Your gift card order has shipped and should arrive in 3-5 days.",
    ),
    (
        "demand_call_number",
        "Dear user your wallet KYC has expired today, your account will be suspended within 24 "
        "hrs. Call our service desk no 9339 076 023 immediately",
        "Your wallet KYC documents expire next month. You can upload new ones in the app "
        "whenever suits you.",
    ),
]


@pytest.mark.parametrize(("tactic", "scam", "genuine"), PAIRS, ids=[c[0] for c in PAIRS])
def test_each_form_fires_on_its_scam_and_leaves_its_genuine_look_alike_low(
    tactic: str, scam: str, genuine: str
) -> None:
    assert_pair(tactic, scam, genuine)


@pytest.mark.parametrize(
    ("tactic", "text"),
    [
        # a number to call or a site to visit with no threat to your account: business mail,
        # a shop, a credit union's branch list, a talk's slides
        ("demand_call_number",
         "Please call me at 713-853-4471 when you get a chance to go over the contract."),
        ("demand_call_number",
         "Your table for four is booked for Friday 7pm. To change it, call us on 020 7946 0321."),
        ("demand_visit_host",
         "For branch hours and ATM locations visit acmecu.com or call the branch."),
        ("demand_visit_host", "Slides from today's talk are up, go to example.org to grab them."),
    ],
)
def test_a_number_or_site_without_a_threat_stays_low(tactic: str, text: str) -> None:
    assert tactic in _ids(text), sorted(_ids(text))
    assert _level(text) == "low", sorted(_ids(text))


def test_a_free_device_in_genuine_marketing_stays_low() -> None:
    # a phone plan's offer of a new handset asks you to sign up, it does not hand you one
    text = "Get your new iPhone 15 from 30 a month when you switch to us. Offer ends Sunday."
    assert "lure_free_device" not in _ids(text), sorted(_ids(text))
    assert _level(text) == "low", sorted(_ids(text))


@pytest.mark.parametrize(
    "text",
    [
        "Need the revised docs today! Call my cell at 503-701-7278 ASAP",
        "Urgent: the venue changed. For directions visit acmehall.org before 6pm today",
    ],
)
def test_a_number_or_site_beside_only_a_deadline_says_nothing_to_the_combiner(
    seed_index: KnowledgeIndex, text: str
) -> None:
    # business mail asks for a call back or names a site with a deadline all the time: when
    # the parts stay low the call-back and the site are no scam part (quiet), so the calibrated
    # combiner does not add them to the model's score (two Enron ordinary train rows did)
    v = check(Message(text=text), seed_index)
    assert not [f for f in v.findings if f.type == "tactic"], v.findings
