"""English round 9 (branch hsms9): SMS first contacts and SpamHunter's remaining kinds. A
relative "on a new number" who then asks for a bill paid or a payment made because their own
bank "won't work" on the new phone; a stranger's "wrong number" that turns into a chat ("nice
to meet you anyway, where are you from?"); the bank smish told as a headline ("Card Suspended",
"Suspicious Activity Locked") beside its link; "verify" straight onto a link; SMS shorthand for
a win ("have be select winner", "you have just win"). Each form fires on a scam of its kind and
leaves a genuine message that shares its words low: a bare "new number, save it", a genuine
wrong number, a friend asking to be sent a bill.
Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

FLAGGED = ("medium", "high")

# (tactic, scam, genuine message that shares its words)
PAIRS = [
    (
        "demand_pay_for_me",
        "Hi mum it's me, I've got a new number. Can you pay a bill for me today? My banking app "
        "won't let me in on this phone",
        "Hi mum it's me. Can you remind me when the bill for the car insurance is due? x",
    ),
    (
        "demand_pay_for_me",
        "Dad this is my new number, old phone got stolen. I need to make an urgent payment today "
        "and can't log in to my bank on this phone yet",
        "Dad, I made the payment for the holiday today, the bank app works fine again.",
    ),
    (
        "demand_befriend",
        "Sorry, I think I saved the wrong number. Anyway, nice to meet you! Where are you from?",
        "Sorry, wrong number! Hope you find who you're looking for.",
    ),
    (
        "demand_befriend",
        "Oops, I texted the wrong person, my mistake. You seem lovely though, can we keep "
        "chatting?",
        "I think you have the wrong number, there's no Emma here. Good luck!",
    ),
    (
        "pressure_locked_headline",
        "Chase Card Suspended http://chase-card-review.top/r2",
        "Chase: your new card has been sent. Track it in the app: chase.com/cardstatus",
    ),
    (
        "pressure_locked_headline",
        "Suspicious Activity Locked Access 8831 http://bit.ly/3xUnlock",
        "Locked out of the shed again, can you bring the spare key? Photo: http://imgur.com/a/x1",
    ),
]


@pytest.mark.parametrize("case", PAIRS, ids=[c[0] for c in PAIRS])
def test_each_form_fires_on_its_scam_and_leaves_its_genuine_look_alike_low(
    case: tuple[str, str, str],
) -> None:
    tactic, scam, genuine = case
    assert_pair(tactic, scam, genuine)


@pytest.mark.parametrize(
    "text",
    [
        "Hi mum, new number! Old phone finally died. Save this one x",
        "hi nan it's Chloe, I've got a new number, my old sim stopped working. love you x",
        "Dad it's Tom, my phone got stolen so this is my new number, see you Sunday",
        "Hey mum, can you transfer me 20 for the school trip, I'll pay you back on Friday",
        "Hi, is this Sam? It's Becky from the nursery, Lily left her coat here today",
        # the chat's ask with no wrong number before it: a pen pal, a new colleague
        "Lovely to meet you at the conference! Where are you based these days?",
        "Sorry, wrong number! Hope you find who you're looking for.",
    ],
)
def test_a_new_number_alone_or_a_known_persons_ask_stays_low(text: str) -> None:
    assert _level(text) == "low", sorted(_ids(text))


# (the first contact's claim, the claim alone, what it asks next)
FIRST_CONTACTS = [
    (
        "claim_new_number",
        "Mum I've got a new number, phone fell in the bath. Save it x",
        " Can you transfer 650 to my landlord for me today? I'll pay you back",
    ),
    (
        "claim_new_number",
        "Hey grandma my phone got stolen so this is my new number.",
        " I'm in trouble and need 900",
    ),
    (
        "claim_wrong_number",
        "Apologies, wrong number! I was trying to reach my yoga teacher.",
        " Since we're talking, maybe we can be friends? Where are you from",
    ),
]


@pytest.mark.parametrize("case", FIRST_CONTACTS, ids=[c[0] for c in FIRST_CONTACTS])
def test_a_first_contact_is_a_scam_once_it_asks(case: tuple[str, str, str]) -> None:
    claim, bare, ask = case
    assert claim in _ids(bare)
    assert _level(bare) == "low"
    assert _level(bare + ask) in FLAGGED, sorted(_ids(bare + ask))


def test_the_bank_excuse_alone_is_no_scam() -> None:
    # a friend's complaint about their bank, with no new number or other hook
    text = "Ugh my banking app won't let me in, I'll pay you back for the tickets tomorrow"
    assert "demand_pay_for_me" in _ids(text)
    assert _level(text) == "low"


def test_a_headline_is_not_a_sentence_about_someones_account() -> None:
    for genuine in (
        "if they got your account restricted, sign the petition https://petition.example/p/1",
        "Binance account locked? Read our guide https://help.example/locked",
        "My card blocked for no reason at the till today https://imgur.com/abc",
    ):
        assert "pressure_locked_headline" not in _ids(genuine), genuine


def test_verify_straight_onto_a_link_is_the_verify_demand() -> None:
    for scam in (
        "Your account have be log in through another device please verify again to protect "
        "your right www.bnk-secure.com",
        "Your wallet be not updated, Account Will Be Blocked. Tap- http://bit.ly/3bgz To Verify",
        "Please make verification via http://www.mybnk-login.com to avoid service interruption",
    ):
        assert "demand_verify" in _ids(scam), scam
        assert _level(scam) in FLAGGED, sorted(_ids(scam))
    # "verify it. Then ..." is no link
    assert _level("I can't verify it. Then again who cares, see you at 6") == "low"


def test_sms_shorthand_for_a_win_with_a_contact_to_claim_by() -> None:
    for scam in (
        "Your Mobile have be select Winner of 750,000 EUR For Claim Email Name Phone Number "
        "Country To claims@draw.example",
        "WELL DONE You have just win 55,000 naira from the survival fund, call Mr Abel for "
        "claim 0803XXXXXXX",
        "You win 800K 2ND PRIZE. For detail txt me now Full Name/Age/Address",
    ):
        assert "lure_prize" in _ids(scam)
        assert _level(scam) in FLAGGED, sorted(_ids(scam))


def test_a_carrier_notice_with_the_senders_domain_in_it_still_opens_as_the_carrier() -> None:
    scam = "DHL Express 12345 from SHOPNOW.COM estimate 02/06 Manage delivery http://dh-l.top/x"
    assert "claim_carrier" in _ids(scam)
    assert _level(scam) in FLAGGED, sorted(_ids(scam))
