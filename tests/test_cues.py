"""Structural cues and handles: the shape of a scam, and what is not one."""

from __future__ import annotations

import pytest

from bot.cues import find_cues
from bot.domains import BrandIndex, check_handle
from bot.engine import KnowledgeIndex, check
from bot.message import Message


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Congrats! To claim txt WIN to 87121 now", "premium_shortcode"),
        ("only 150p/msg, 18+", "per_message_charge"),
        ("call 09061701461 from a landline", "uk_premium_number"),
        ("you have won a £2,000 cash prize", "prize_amount"),
        ("Claim code: X49K2", "claim_code"),
        ("Send 0.5 ETH to the address and get 2x back instantly", "send_crypto_get_more"),
        ("Drop your SOL address below for the airdrop", "drop_your_address"),
        ("We help you recover your stolen crypto in 48h", "recovery_offer"),
        ("add me on WhatsApp for signals", "off_platform_contact"),
    ],
)
def test_cue_is_found(text: str, cue: str) -> None:
    assert cue in {m.cue.id for m in find_cues(text)}


@pytest.mark.parametrize(
    "text",
    [
        "I'll call you at 9, bring 2 pizzas",
        "The meeting is at room 87121",
        "Price is up 150% this week",
        "We won the match yesterday!",
        "send me the file and I'll get it back to you",
    ],
)
def test_ordinary_messages_have_no_cues(text: str) -> None:
    assert find_cues(text) == []


def test_cues_combine_into_a_prize_scam_verdict(index: KnowledgeIndex) -> None:
    v = check(Message(text="URGENT! You have won a £1000 cash prize. Txt CLAIM to 81010, "
                           "150p/msg T&Cs apply"), index)
    assert v.risk in ("medium", "high") and v.categories[0].id == "prize_lottery"
    kinds = {f.type for f in v.findings}
    assert "pattern" in kinds and kinds <= {"pattern", "phrase"}
    assert v.categories[0].score >= 0.85  # several cues together: near-certain


def test_a_single_weak_cue_does_not_raise_the_risk(index: KnowledgeIndex) -> None:
    assert check(Message(text="Reply STOP to opt out of our newsletter"), index).risk == "low"


@pytest.mark.parametrize(
    ("handle", "expected"),
    [
        ("binance", "official"),
        ("binance_support_desk", "impersonation"),
        ("BinanceHelpCenter", "impersonation"),
        ("cz_binance", None),  # a brand's name alone proves nothing
        ("binancewallet", None),
        ("pizza_lover", None),
    ],
)
def test_handles_posing_as_staff(index: KnowledgeIndex, handle: str,
                                 expected: str | None) -> None:
    brands: BrandIndex = index.brands
    hit = check_handle(handle, brands)
    assert (hit.type if hit else None) == expected
