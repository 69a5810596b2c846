"""English tactics of round 2 (docs/detection-en.md): advance-fee letters, shared-document and
webmail phishing, unpaid delivery charges, conditional threats, and the shill's padded handle
and paired testimonial hooks. Each scam is written beside a genuine message that shares its
words and must stay low. Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level

# (kind, scam, the tactics it must show)
SCAMS = [
    (
        "advance fee",
        "I am the account officer of my late client, who left a dormant account with our "
        "bank. I seek your assistance to present you as next of kin so the money can be "
        "released to you.",
        {"lure_windfall", "demand_assist"},
    ),
    (
        "advance fee, private reply",
        "Your name came up as a foreign partner for the transfer of the funds. Kindly reply "
        "through my private email address for the details.",
        {"lure_windfall", "demand_assist"},
    ),
    (
        "shared document",
        "Subject: Payment file\nMaria has shared a document with you. Sign in with your "
        "email and password to view the document.",
        {"lure_document", "demand_login"},
    ),
    (
        "voicemail",
        "You have received a new voicemail (0:31). Log in to listen: the file will be "
        "deleted on Friday. Listen to the message here",
        {"lure_document", "pressure_deadline"},
    ),
    (
        "webmail",
        "Subject: Incoming mail stopped\nWe have stopped processing incoming emails for your "
        "account. Retrieve pending messages now.",
        {"lure_account_notice", "demand_button"},
    ),
    (
        "webmail quota",
        "Your email quota ana@example.org has reached 97% and new mail will bounce. "
        "Add more storage below.",
        {"lure_account_notice", "demand_button"},
    ),
    (
        "bank notice",
        "We have temporarily limited your account. Please log in by clicking on the link below "
        "to restore access.",
        {"lure_account_notice", "demand_click"},
    ),
    (
        "conditional threat",
        "Please confirm your information today to avoid your account being suspended. "
        "Click here to confirm.",
        {"pressure_freeze", "demand_click"},
    ),
    (
        "delivery charge",
        "Your parcel is stopped at our depot: the handling charge of 2.40 EUR has not been "
        "paid. Pay it here to release delivery.",
        {"lure_parcel", "demand_fee"},
    ),
    (
        "bank smish, bare link",
        "Westpac: your card have be lock after unusual activity. secure-westpac-au.info/unlock",
        {"pressure_your_account", "demand_link"},
    ),
    (
        "bank smish, flagged account",
        "We have flagged your account after unknown activity on your account. Tap the link "
        "to confirm it was you: http://acc-review.co/x2",
        {"lure_account_notice", "demand_click"},
    ),
    (
        "prize helpline",
        "Congrats you have win the 1st prize of a car in our anniversary draw, for "
        "registration contact our helpline no 0900123123",
        {"lure_prize", "demand_call"},
    ),
    (
        "lemmatised parcel",
        "FedEx: the delivery of your package 7Y21 be postpone, confirm your address at "
        "fdx-redeliver.info/a1",
        {"lure_parcel", "demand_link"},
    ),
    (
        "redelivery fee",
        "Sorry we missed you, there will be a 1.95 GBP fee for redelivery. Arrange it at "
        "parcel-redeliver.info/k2",
        {"lure_parcel", "demand_fee"},
    ),
    (
        "padded handle",
        "she changed my life, contact @_laura_invests_ now",
        {"claim_padded_handle", "lure_testimony"},
    ),
    (
        "paired shill hooks",
        "i never believed at first. then i received $14,000 after investing with her",
        {"lure_testimony", "lure_payout"},
    ),
]

# (kind, genuine message) each sharing words with a scam above
GENUINE = [
    (
        "condolence",
        "Our late colleague left a fund for the school library; please contact me if you "
        "want to help with the book list.",
    ),
    (
        "work request",
        "We need your assistance with the quarterly report; please reply by Friday.",
    ),
    (
        "colleague share",
        "I've shared the deck with you on Google Drive, comment directly in the slides.",
    ),
    (
        "voicemail hint",
        "You have a new voicemail from Dad. Call him back when you can.",
    ),
    (
        "IT notice",
        "Subject: Mail server upgrade\nMail will be slow on Sunday night while we move the "
        "server. No action is needed from you.",
    ),
    (
        "bank notice",
        "You can now view your statement in the app. Tap Statements to download it.",
    ),
    (
        "shop receipt",
        "Thanks for your order. Shipping cost: 4.99 EUR, paid with your card ending 1234.",
    ),
    ("plain handle", "great thread from @laura_invests today, learned a lot"),
    ("padded handle alone", "gm @_laura_invests_ what do you think of eth this week?"),
    (
        "order confirmation",
        "Your order has shipped. Shipping fee: 3.99 GBP. Track it at https://shop.example.com/t/1",
    ),
    (
        "news of an arrest",
        "Police arrested the gang behind the fake exchange, details at https://news.example/x",
    ),
    (
        "own account",
        "binance froze my account for a week after a p2p trade, thread: https://x.example/t/1",
    ),
    (
        "bank alert, no link",
        "Your card was used at an unusual location. Reply Y if this was you.",
    ),
    ("own gains", "i received $14,000 from selling my car last year"),
]


@pytest.mark.parametrize(("kind", "text", "tactics"), SCAMS,
                         ids=[f"{k}-{i}" for i, (k, *_) in enumerate(SCAMS)])  # fmt: skip
def test_scam_kind_shows_its_parts_and_is_medium(kind: str, text: str, tactics: set[str]) -> None:
    assert tactics <= _ids(text), (kind, sorted(_ids(text)))
    assert _level(text) in ("medium", "high"), kind


@pytest.mark.parametrize(("kind", "text"), GENUINE,
                         ids=[f"{k}-{i}" for i, (k, _) in enumerate(GENUINE)])  # fmt: skip
def test_genuine_counterpart_stays_low(kind: str, text: str) -> None:
    assert _level(text) == "low", (kind, sorted(_ids(text)))


def test_windfall_words_alone_are_not_a_request() -> None:
    # the story with no demand near it is a hook only
    text = "the estate of my late father went to probate last year"
    assert "lure_windfall" in _ids(text)
    assert _level(text) == "low"


def test_padded_handle_shapes() -> None:
    for handle in ("@_katy_invests", "#mia__rose", "@grace_fx_", "@john.smith_"):
        assert "claim_padded_handle" in _ids(f"thanks {handle}"), handle
    for handle in ("@john_smith", "@coinbase", "@mia.rose", "user@mail_box.com"):
        assert "claim_padded_handle" not in _ids(f"thanks {handle}"), handle


def test_one_shill_hook_is_not_enough() -> None:
    # a payout boast alone is someone's own news; a second shill hook makes it a testimonial
    assert _level("received $12,000 from the sale today") == "low"
    assert _level("received $12,000 from the sale today, it changed my life") == "medium"


def test_login_demand_needs_a_story() -> None:
    # a demand to sign in with no lure or threat near it is how genuine service mails read
    text = "Sign in with your email to see your order history."
    assert "demand_login" in _ids(text)
    assert _level(text) == "low"


def test_not_you_without_if_still_needs_its_link() -> None:
    # the lemmatised smish drops the "if"; the link after the verb is still required
    text = "BTC withdrawal received. It be n't you, cancel here sec-btc.info/x"
    assert "demand_not_you" in _ids(text)
    assert "demand_not_you" not in _ids("It isn't you, it's me: go to bed early tonight")


def test_webmail_upgrade_story_needs_its_button() -> None:
    # the notice's story alone is a hook; the button that asks you to act completes it
    story = "Your incoming mails are on pending due to a subscription issue."
    assert "lure_account_notice" in _ids(story)
    assert _level(story) == "low"
    assert _level(story + " Please click here to resolve this issue.") == "medium"
    # a colleague's pending mail is no notice
    assert "lure_account_notice" not in _ids("My reply to Sam is still pending, sorry.")
