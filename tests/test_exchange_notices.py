"""An exchange's own notice of the withdrawal moment stays `low`; the scam that imitates it does
not (issue 10, hnotice16). Exchanges show the verdict at the withdrawal moment, so a genuine
notice called a scam teaches users to ignore the warning. Written for these tests, not taken
from the probe sets (benchmarks/data/exchange_notice_probes*.jsonl found the causes)."""

from __future__ import annotations

import pytest

from bot.engine import KnowledgeIndex, check
from bot.message import Message
from bot.tactics import find_tactics

# Notices with no link, number or ask: the state of the reader's own withdrawal, or a lock to
# lift in the reader's own app. Each was `medium` before (the text model alone, or an account
# lock read as fake support's threat).
GENUINE = [
    "Your withdrawal of 1,500 USDT is under review. Reviews usually finish within a few hours.",
    "Your account has been temporarily restricted after several failed sign-in attempts. You"
    " can unlock it in the Bitstamp app.",
    "检测到您的账户存在异常操作，为保障资金安全，已暂停提币。请在 App 内完成人脸识别后恢复。",
]
# The same notices once they ask for something or give somewhere to answer: a fee, a link, a
# masked number no extractor takes, a deposit to "unfreeze", a deposit and a manager to contact.
SCAMS = [
    "Your withdrawal of 1,500 USDT is under review. To release it, pay the 10% compliance fee to"
    " TRC20 address TXk93ab.",
    "Your account has been temporarily restricted after several failed sign-in attempts. Unlock"
    " it at bitstamp-unlock-now.com within 12 hours.",
    "Your withdrawal of 0.42 BTC is pending. If this was not you, call +1 888 XXX XXXX right away"
    " to cancel it.",
    "Your withdrawal is under review. Our risk team requires an unfreezing deposit of 15% before"
    " the funds can be released.",
    "您的提币申请正在审核中，需先缴纳 20% 保证金才能到账，请联系客服经理处理。",
]


@pytest.mark.parametrize("text", GENUINE)
def test_a_notice_with_nowhere_to_act_but_the_app_stays_low(
    seed_index: KnowledgeIndex, text: str
) -> None:
    v = check(Message(text=text), seed_index)
    assert v.risk == "low", (text, [(f.type, f.severity, f.detail) for f in v.findings])
    assert v.score is not None and v.score < 0.6


def test_the_lowered_signs_are_kept_and_say_why(seed_index: KnowledgeIndex) -> None:
    v = check(Message(text=GENUINE[1]), seed_index)
    lowered = [f for f in v.findings if f.params.get("notice") == "own_app"]
    assert lowered, [(f.type, f.severity, f.params) for f in v.findings]
    assert all(f.severity == "low" and "your own app" in f.detail for f in lowered)


@pytest.mark.parametrize("text", SCAMS)
def test_the_look_alike_that_asks_stays_flagged(seed_index: KnowledgeIndex, text: str) -> None:
    v = check(Message(text=text), seed_index)
    assert v.risk in ("medium", "high"), (text, [(f.type, f.severity) for f in v.findings])


def test_what_the_sender_will_do_is_no_demand_to_verify() -> None:
    genuine = "Please contact our support team so we can secure your account and review it."
    assert "demand_verify" not in {m.tactic.id for m in find_tactics(genuine)}
    scam = "Your account will be locked. Secure your account at okx-safety-center.com today."
    assert "demand_verify" in {m.tactic.id for m in find_tactics(scam)}


def test_how_long_a_security_hold_lasts_is_no_deadline() -> None:
    for genuine in (
        "Your account was locked for 48 hours after a password change request.",
        "For your safety, withdrawals are paused for 24 hours after a 2FA reset.",
    ):
        found = {m.tactic.id for m in find_tactics(genuine)}
        assert "pressure_deadline" not in found, (genuine, found)
    scam = "Confirm your details in 24 hours or your account will be closed."
    assert "pressure_deadline" in {m.tactic.id for m in find_tactics(scam)}
