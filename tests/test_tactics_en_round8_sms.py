"""English round 8 (branch hsms8): SMS. A text that opens as a parcel carrier's notice and
links elsewhere than the carrier's site; "not you?" followed by a link in any spelling (a path,
OCR spaces, "if you dont recognise it"); a prize to request or pick up, a gift card "as a thank
you" or for a survey; "your card is blocked because you have not updated it, call ..." (the
"not" is the reader's failure, not advice); an identity document (PAN card, KYC) to update
through a link. Each form fires on a scam of its kind and leaves a genuine message that shares
its words low.
Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

from bot.engine import KnowledgeIndex, check
from bot.message import Message

FLAGGED = ("medium", "high")

# (tactic, scam, genuine message that shares its words)
PAIRS = [
    (
        "claim_carrier",
        "DPD your parcel be ready for delivery, track it here http://dpd-parcels.top/t/88ab",
        "Your order from Oak Furniture is coming with DPD; we will text you the tracking link "
        "http://oakfurniture.example/orders/123",
    ),
    (
        "claim_carrier",
        "Royal Mail: we tried to deliver your item, reschedule at http://rm-redeliver.info/x2",
        "Thanks for your order! It ships by Royal Mail tomorrow, see "
        "http://shop.example/orders for the parcel's progress",
    ),
    (
        "demand_not_you",
        "Monzo: a new payee SAM LEE was added to your account. If this be NOT you please review "
        "urgently http://monzo-payee-check.info/r/1",
        "Monzo: a new payee SAM LEE was added to your account. Not you? Freeze your card in the "
        "app.",
    ),
    (
        "demand_not_you",
        "Your mobile number was moved to a new SIM. Not you please visit "
        "http://sim-restore-uk.com now",
        "Not you in the photo? Tell us and we will take it down.",
    ),
    (
        "lure_prize",
        "Tesco Summer Draw results are final. You take the 3rd place, pick up your prize at "
        "http://tsc-draw.info/claim",
        "Sports day: you took the 3rd place in the sack race! Well done, see photos on the "
        "school site.",
    ),
    (
        "lure_prize",
        "Confirmed: you've obtained this Argos gift card as a thank you http://argo-gift.club/x",
        "Thank you for your order, your Argos gift card is attached to your receipt.",
    ),
    (
        "lure_prize",
        "Complete our short survey to receive a $100 Walmart gift card http://wm-survey.site/q",
        "We'd love your feedback on your visit: complete our survey at the link in your receipt.",
    ),
    (
        "lure_prize",
        "Congrats from our customer draw team. Request your prize now http://draw-prize.top/a",
        "Congrats on your race today! Request your finisher photos at the results desk.",
    ),
]

CASES = [(t, scam, genuine) for t, scam, genuine in PAIRS]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_form_fires_on_its_scam_and_leaves_its_genuine_look_alike_low(
    case: tuple[str, str, str],
) -> None:
    tactic, scam, genuine = case
    assert_pair(tactic, scam, genuine)


def test_the_carrier_counts_only_where_the_text_opens_with_it() -> None:
    scam = "Evri: your parcel be held at the depot, confirm here http://evri-hold.info/p/2"
    assert "claim_carrier" in _ids(scam)
    # one word of a sender's tag before it still opens the text
    assert "claim_carrier" in _ids("From Evri: your parcel be held, see http://evri-hold.info/p")
    later = "Good news from Bloom Shop, Evri will bring your parcel today: bloom.example/t/2"
    assert "claim_carrier" not in _ids(later)


@pytest.mark.parametrize(
    "text",
    [
        "DPD: Hi Ann, your parcel will be delivered today 10:40-11:40. Change delivery: "
        "dpd.co.uk/tracking/123",
        "Evri: sorry we missed you, we'll try again tomorrow. Track at evri.com/track/H00AB123",
        "Parcelforce: your parcel is held at your local depot after a failed delivery. "
        "Rearrange at parcelforce.com/track or collect it with photo ID.",
        "Royal Mail: your parcel is out for delivery today. Track it at royalmail.com/track",
    ],
)
def test_a_carriers_text_that_links_only_to_its_own_site_is_not_flagged(
    text: str, seed_index: KnowledgeIndex
) -> None:
    assert check(Message(text=text), seed_index, model=False).risk in ("low", "official")


def test_the_same_carrier_text_linking_elsewhere_is_flagged(seed_index: KnowledgeIndex) -> None:
    text = "DPD: your parcel will be delivered today. Change delivery: dpd-uk-track.info/t/123"
    assert check(Message(text=text), seed_index, model=False).risk in FLAGGED


def test_a_failure_to_update_does_not_make_the_ask_advice() -> None:
    scam = (
        "Dear user your ATM card have be block because you have not update it, if you want to "
        "keep use it then call our number 0312 5550199"
    )
    assert "demand_call" in _ids(scam)
    assert _level(scam) in FLAGGED
    # a real "never" is still advice
    advice = "Your card is blocked. We will never ask you to call our number from a text."
    assert "demand_call" not in _ids(advice)
    genuine = "If you have not requested this, call us on the number on the back of your card."
    assert _level(genuine) == "low", sorted(_ids(genuine))
    # nor does a failed delivery: it is the story the fee is asked for
    parcel = (
        "Hermes: we could not deliver your parcel due to an underpaid shipping fee, pay it at "
        "http://hrm-fee.top/p"
    )
    assert "lure_parcel_waiting" in _ids(parcel)
    assert _level(parcel) in FLAGGED, sorted(_ids(parcel))
    warned = "We could not deliver your parcel today. We never ask you to pay a fee by text."
    assert _level(warned) == "low", sorted(_ids(warned))


def test_an_identity_document_to_update_through_a_link_is_the_bank_smish() -> None:
    for scam in (
        "Your account will be block today, please update your PAN card http://bit.ly/x-kyc",
        # no threat, no shortener: the document and the link alone
        "Dear customer update your KYC at http://sbi-kyc-update.in/u",
        "Your PAN card is expired. Update your PAN card now: http://bkyc.xyz/p",
    ):
        assert _level(scam) in FLAGGED, sorted(_ids(scam))
    # a bill's "update your payment details" beside its link stays as it was: low
    bill = "Your payment failed. Update your payment details at http://billing.example/account"
    assert _level(bill) == "low", sorted(_ids(bill))


@pytest.mark.parametrize(
    "text",
    [
        "Your WhatsApp code: 518-302. Don't share this code with others.",
        "Starling: your card ending 4432 was used for £129.99 at Currys. Not you? Freeze your "
        "card in the app.",
        "Binance: a new device logged in to your account. If this was you, no action is needed.",
        "Pizza night! You take the 2nd place in our quiz league, see you next week.",
    ],
)
def test_genuine_near_misses_stay_low(text: str) -> None:
    assert _level(text) == "low", sorted(_ids(text))


def test_an_unpaid_fee_holds_the_parcel_and_a_login_is_asked_for_through_the_link() -> None:
    fee = "Your parcel cannot be sent due to an outstanding customs fee, pay at http://cst-fee.top/p"
    assert "lure_parcel_waiting" in _ids(fee)
    assert _level(fee) in FLAGGED, sorted(_ids(fee))
    login = "Your bank verification failed, please re-enter your login details at http://bk-id.top/a"
    assert _level(login) in FLAGGED, sorted(_ids(login))
    # a shop's note on a fee already paid, and how to sign in to the app, stay low
    for genuine in (
        "Thanks, the customs fee for your parcel is paid and it will arrive on Monday.",
        "To see your statement, open the app and enter your login details there.",
    ):
        assert _level(genuine) == "low", sorted(_ids(genuine))
