"""The scams the project exists for, in wordings the first rules missed: a lover's fare topped
up in USDT, USDT sold below its peg, a Cantonese friend on a new number borrowing a sum, the
seller's "want some? find me". Each form shows in the scam, which the tactics alone make at
least `medium`, and stays silent in a genuine message that shares its words. Written for these
tests (benchmarks/data/withdrawal_probes.jsonl holds the probe set that found the gaps)."""

from __future__ import annotations

import pytest
from test_tactics_zh_round14 import assert_fires_and_reaches_medium, assert_silent

from bot.engine import KnowledgeIndex, check
from bot.message import Message

# (tactic, scam, genuine message that shares the form's words)
PAIRS = [
    (
        "demand_send",
        "Sweetheart, please top up my wallet with 700 USDT for the visa, I miss you so much",
        "I topped up my wallet at the station, the card reader was broken again",
    ),
    (
        "claim_lover",
        "I miss you so much, the airline only takes crypto, send 900 USDT for my ticket",
        "Congrats on the new job! We should grab lunch next week",
    ),
    (
        "lure_otc",
        "Selling USDT at 0.94, bank transfer only, DM me",
        "USDT briefly traded at 0.97 during the 2022 depeg, then recovered",
    ),
    (
        "demand_send",
        "我係阿強呀，換咗新號碼，你可唔可以借住3000 USDT俾我？後日還你",
        "我換咗新號碼，舊嗰個唔用喇，有咩事WhatsApp搵我",
    ),
    (
        "demand_send",
        "老公，我想飛嚟見你，你今晚俾800U我買機票好唔好",
        "老公，今晚我哋食咩好？我買咗機票，下個月去日本",
    ),
    (
        "claim_new_number",
        "Hi love, texting from my mate's phone, mine broke. Can you send 300 dollars for the rent"
        " today?",
        "My phone is fine, the screen just cracked a bit. Can you send me the photos later?",
    ),
    (
        "demand_move_chat",
        "出U，平過市價3%，要嘅快啲搵我",
        "我下星期放假，有咩問題可以WhatsApp問我同事",
    ),
]


@pytest.mark.parametrize(("tactic", "scam", "genuine"), PAIRS)
def test_the_form_fires_on_the_scam_and_not_on_genuine_words(
    seed_index: KnowledgeIndex, tactic: str, scam: str, genuine: str
) -> None:
    assert_fires_and_reaches_medium(seed_index, tactic, "", scam)
    assert_silent(tactic, genuine)
    assert check(Message(text=genuine), seed_index).risk == "low"


@pytest.mark.parametrize(
    ("warning", "offer"),
    [
        ("反詐提醒：聲稱能幫你追回被騙資金的多是騙局，請勿匯款",
         "我們團隊可以幫你追回被騙資金，只需先付手續費"),
        ("165反詐騙提醒：網上話可以幫你追回被騙款項嘅，多為二次詐騙",
         "專業團隊幫你追回被騙款項，成功先收費，WhatsApp聯絡"),
    ],
)
def test_a_warning_about_recovery_touts_stays_low_and_the_tout_does_not(
    seed_index: KnowledgeIndex, warning: str, offer: str
) -> None:
    """The anti-fraud line's heading (反詐騙提醒) and its verdict after the words (多為二次詐騙)
    frame the tout's words as a warning; the tout's own offer is still a scam."""
    assert check(Message(text=warning), seed_index).risk == "low"
    assert check(Message(text=offer), seed_index).risk in ("medium", "high")
