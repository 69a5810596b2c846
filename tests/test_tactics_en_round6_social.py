"""English round 6 (branch hx6): social posts and SMS. The token shill's comment (a coin's price
promise, a call to buy and hold it or join its channel, a cloud of its hashtags: two of the three
side by side), and more of the smish's asks ("not you? review this at <host>", "you have become a
winner", "sorry we missed you, book a redelivery" through a link that is not the carrier's own).
Each new form fires on a scam of its kind and leaves a genuine message that shares its words
low. Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

from bot.engine import KnowledgeIndex, check
from bot.message import Message

FLAGGED = ("medium", "high")

# (tactic, scam, genuine message that shares its words)
PAIRS = [
    (
        "lure_token_pump",
        "#vexo is the next 100x gem 🚀 buy and hold #vexo, follow @vexo_official",
        "lol that 100x gem from last year is down 95%, never again",
    ),
    (
        "lure_token_promo",
        "the price explosion is coming 🧨 hurry up to buy #morta 💸 🌐mortaswap.io",
        "we shipped the new docs site, follow @rustlang for the release notes",
    ),
    (
        "claim_token_tags",
        "#pelko #pelkoarmy #pelkoswap will skyrocket after the listing 🚀",
        "sunset at the beach #travel #nofilter #summer",
    ),
    (
        "lure_prize",
        "Congratulations you have become a winner of our lucky draw. Contact +91 98000 12345",
        "Congratulations, you have become a member of our gym. See you on Monday!",
    ),
    (
        "demand_not_you",
        "A new payee was added to your account. Not you? Please review this at "
        "secure-payee-check.com",
        "A new payee was added in the app. Not you? Please review it in the app or call us.",
    ),
    (
        "lure_parcel_redelivery",
        "Sorry we missed you, we have your parcel. To book a redelivery follow "
        "http://parcel-redeliver-now.top/gb",
        "Sorry we missed you at the party! Hope the new job is going well.",
    ),
]

QUIET_ALONE = {"lure_token_pump", "lure_token_promo", "claim_token_tags"}


@pytest.mark.parametrize(("tactic", "scam", "genuine"), PAIRS, ids=[t for t, _, _ in PAIRS])
def test_new_form_fires_on_the_scam_and_not_on_the_genuine_message(
    tactic: str, scam: str, genuine: str
) -> None:
    # (the token shill's three signs are crypto chat's words alone: they may be found in the
    # genuine message, but it stays low)
    assert_pair(tactic, scam, genuine, quiet=tactic in QUIET_ALONE)


@pytest.mark.parametrize(
    "text",
    [
        "buy and hold btc, ignore the noise",
        "to the moon lol, meanwhile my bags are down 40%",
        "#bitcoin #ethereum #crypto weekly market recap is up on the blog",
        "follow @nasa for the launch livestream tonight 🚀",
        "high growth potential they said, now it's delisted",
    ],
)
def test_one_token_shill_sign_alone_is_crypto_chat(text: str) -> None:
    assert _level(text) == "low", sorted(_ids(text))


@pytest.mark.parametrize(
    "text",
    [
        "soon zelta will become the diamond of the crypto world 💎 #zelta #zeltaarmy #zeltaswap",
        "green chart incoming for #kobra 📈 buy & hold kobra 💸 join us @kobra_community",
        "the new king of crypto #raxo website: raxo.app contract address 0x7f3a9c21be00",
    ],
)
def test_two_token_shill_signs_side_by_side_are_flagged(text: str) -> None:
    assert _level(text) in FLAGGED, sorted(_ids(text))


def test_a_warning_about_token_shills_is_no_shill() -> None:
    text = "PSA: the accounts spamming 'next 100x gem, buy and hold' under every post are scams"
    assert _level(text) == "low", sorted(_ids(text))


def test_a_handle_in_an_email_address_is_no_token_channel() -> None:
    assert "lure_token_promo" not in _ids("write to grant@netdex.com about the invoice")


def test_a_redelivery_through_the_carriers_own_site_stays_low(seed_index: KnowledgeIndex) -> None:
    # the carrier's own card reads like the smish, but sends you to its own site
    text = (
        "Royal Mail: sorry we missed you. You can book a redelivery at "
        "https://www.royalmail.com/redelivery"
    )
    assert check(Message(text=text), seed_index).risk in ("low", "official")
    fake = text.replace("https://www.royalmail.com/redelivery", "http://royalmail-redeliver.info/gb")
    assert check(Message(text=fake), seed_index).risk in FLAGGED


def test_a_coin_campaigns_sign_does_not_pair_with_a_stock_tips_sign() -> None:
    # (`token`) market talk in e-mail: "set to explode" is the stock pump's sign, "price
    # explosion" the coin campaign's; different kinds of shill, so together they are no shill
    text = "Power prices are set to explode this summer; traders expect a price explosion in July."
    assert {"lure_pump", "lure_token_pump"} <= _ids(text), sorted(_ids(text))
    assert _level(text) == "low"
