"""English tactics of round 3 (docs/detection-en.md): the parcel smish whose only demand is its
bare link. Each scam is written beside a genuine carrier text that shares its words and must
stay low. Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level

# (kind, scam): a parcel waiting on you, and nothing but a link to act on
SCAMS = [
    ("waiting", "Your parcel is still waiting at our depot: parcel-hub.example.top/x8k2"),
    ("lemmatised", "EVRI your package be await for delivery http://evri-redirect.example.info/2"),
    ("on hold", "USPS: your shipment has been put on hold, see https://usps-help.example.net/a"),
    ("returned", "Royal Mail: the package will be returned to sender www.rm-fix.example.com/p"),
    ("owed", "Hi Sam, a parcel from May is owed to you: https://claimbox.example.xyz/9"),
    ("problem", "there be a problem when delivering your package on 10/12 http://bit.ly/3xQ"),
    ("abnormal", "The parcel was delivered abnormally, details: https://aupost.example.info/t"),
]

# genuine carrier texts: what they say of a delivery (failed, delayed, held at the depot, out
# for delivery) and the carrier's link
GENUINE = [
    ("missed", "DPD: sorry we missed you today. Rearrange your delivery at dpd.co.uk/track/15501"),
    ("held at depot", "Your parcel is held at the local depot after a failed delivery. "
                      "Collect it or rearrange at https://carrier.example.com/track"),
    ("delayed", "Your package was delayed by bad weather; new date Friday. https://ups.com/track"),
    ("out for delivery", "Your parcel is out for delivery today. Track: royalmail.com/track"),
    ("waiting, no link", "your parcel is waiting for you at the post office counter"),
    ("returned, past", "I returned the package yesterday, the refund takes 5 days"),
]


@pytest.mark.parametrize(("kind", "text"), SCAMS, ids=[k for k, _ in SCAMS])
def test_parcel_story_with_bare_link_is_medium(kind: str, text: str) -> None:
    assert {"lure_parcel_waiting", "demand_link"} <= _ids(text), (kind, sorted(_ids(text)))
    assert _level(text) in ("medium", "high"), kind


@pytest.mark.parametrize(("kind", "text"), GENUINE, ids=[k for k, _ in GENUINE])
def test_carrier_text_stays_low(kind: str, text: str) -> None:
    assert _level(text) == "low", (kind, sorted(_ids(text)))


def test_the_story_alone_is_not_a_request() -> None:
    # no link, no demand: a parcel waiting is news until something is asked
    text = "Royal Mail: your parcel has been put on hold while the address is checked."
    assert "lure_parcel_waiting" in _ids(text)
    assert _level(text) == "low"


@pytest.mark.parametrize("text", [
    "Sorry you won't be attending on the 20th, the slides are at https://example.org/et",
    "You won’t believe how cold it is here, pictures: https://example.org/photos",
    "you won't have to re-enter anything, click the link below to see the agenda",
])  # fmt: skip
def test_you_wont_is_no_prize(text: str) -> None:
    assert "lure_prize" not in _ids(text)
    assert _level(text) == "low"


def test_you_won_is_still_a_prize() -> None:
    text = "Congratulations, you won a $500 gift card! Claim it at https://gift.example.top/c"
    assert "lure_prize" in _ids(text)
    assert _level(text) in ("medium", "high")


# the account smish: a credential demand and the bare link it is done through, no story
VERIFY_SCAMS = [
    "NatWest: please restore your account via http://nw-restore.example.online/x",
    "Argos: payment issue. Confirm your billing info at argos-bill.example.co/1",
    "Chase: verify your identity to keep using your card https://chase-id.example.info/v",
    "SBI: your KYC is pending, complete the verification here www.sbi-kyc.example.top/k",
]


@pytest.mark.parametrize("text", VERIFY_SCAMS)
def test_verify_through_bare_link_is_medium(text: str) -> None:
    assert {"demand_verify", "demand_link"} <= _ids(text), sorted(_ids(text))
    assert _level(text) in ("medium", "high")


@pytest.mark.parametrize("text", [
    # a billing notice asks to update details, and says where
    "Your payment didn't go through. Update your payment method at example.com/account",
    # the same demand with no link is advice or a request done elsewhere
    "Please confirm your address when you pick up the parcel at the counter.",
    # a link with no credential demand
    "Your statement is ready: https://bank.example.com/statements",
])  # fmt: skip
def test_verify_near_misses_stay_low(text: str) -> None:
    assert _level(text) == "low", sorted(_ids(text))


def test_verify_through_the_brands_own_site_stays_low() -> None:
    # every link is the brand's official site: what it asks is done on the real site
    from pathlib import Path

    from bot.engine import KnowledgeIndex, check
    from bot.knowledge import load_dir
    from bot.message import Message

    idx = KnowledgeIndex.build(load_dir(Path(__file__).resolve().parent.parent / "knowledge"))
    genuine = "Please confirm your account details at https://www.paypal.com/myaccount"
    scam = "Please confirm your account details at https://paypal-check.example.top/myaccount"
    assert check(Message(text=genuine), idx, model=None).risk in ("low", "official")
    assert check(Message(text=scam), idx, model=None).risk in ("medium", "high")
