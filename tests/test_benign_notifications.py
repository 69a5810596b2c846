"""Genuine notifications people forward to the bot (issue 10: false alarms at or below 1%).

The messages here are written for these tests only, in other words than the training examples
(knowledge/examples/written2-benign-*.jsonl) and the probes (benchmarks/data/benign_probes.jsonl),
so passing them is not a training-set figure."""

from __future__ import annotations

import pytest

from bot import engine, textmodel
from bot.engine import KnowledgeIndex, check
from bot.message import Message

GENUINE = [
    # one-time codes
    "Your Twitch verification code is 731 552. If you didn't ask for it, you can ignore this"
    " text.",
    "Metro Bank: 604 918 is your code to approve a card payment of £37.60 at TRAINLINE. We will"
    " never phone you and ask for this code.",
    "【華南銀行】您正在申請網銀密碼重設，簡訊驗證碼 825316，請於3分鐘內完成，切勿轉告他人。",
    "【小紅書】验证码 4096，用于手机号登录，5分钟内有效，请勿泄露。",
    # bank, card and exchange notices
    "Halifax: A payment of £9.99 to AUDIBLE UK was taken from your account ending 3307 today.",
    "【大新銀行】你嘅戶口今日收到一筆 HKD 3,600.00 嘅轉數快入賬，付款人 LEUNG S** Y**。",
    "【中信银行】您尾号2046的信用卡本期账单1,208.50元已自动还款成功。",
    "Kraken: Your deposit of 0.30 ETH has been credited after 20 confirmations.",
    # deliveries and appointments
    "Your parcel from IKEA will be delivered on Wednesday between 7am and 1pm. Order 6650213"
    " - reply HELP for options.",
    "【宅配通】您的包裹明日上午配送，貨號 7213 0098 4421，如需改約請洽客服。",
    "【申通快递】您的包裹已到小区驿站，凭取件码 3-1-2208 领取，营业时间9:00-21:00。",
    "Reminder: physio appointment with Mark at Bridge Clinic, Fri 2:10pm. Reply N to cancel.",
    # warnings, news and questions
    "The regulator warned investors today about clone firms copying the names of real banks"
    " to sell fake bonds.",
    "Someone texted me that my Netflix is on hold and sent a link. Is that genuine or a scam?",
]

# Anti-fraud warnings that quote the scam's own words: it is the rules, not the text model,
# that must read them as advice (a police heading, then no order spoken to the reader).
RULE_ALARMS = ["【警方提示】網購被叫你轉帳去陌生戶口解除分期，全部都係騙案，唔好跟指示做。"]

# Scam messages of the same kinds, for the contrast below.
SCAM_TWINS = [
    "Your parcel could not be delivered due to an unpaid fee of £1.99. Pay now to reschedule:"
    " royalmail-redelivery-fee.com",
    "【順豐】您的包裹地址不完整無法派送，請於24小時內點擊 sf-hk-express.top 補填資料，逾期退回。",
    "Kraken support: your wallet is flagged. To unlock withdrawals, send 0.1 ETH to the"
    " verification address below within 2 hours.",
]


@pytest.mark.parametrize("text", GENUINE)
def test_a_genuine_notification_comes_back_low(seed_index: KnowledgeIndex, text: str) -> None:
    v = check(Message(text=text), seed_index)
    assert v.risk == "low", [f.detail for f in v.findings]


@pytest.mark.parametrize("text", RULE_ALARMS)
def test_a_police_warning_quoting_the_scam_comes_back_low(
    seed_index: KnowledgeIndex, text: str
) -> None:
    assert check(Message(text=text), seed_index).risk == "low"


def test_the_model_is_not_even_a_weak_sign_on_most_genuine_notifications() -> None:
    model = textmodel.shipped()
    assert model is not None
    weak_or_more = []
    for text in GENUINE + RULE_ALARMS:
        p, _ = model.score(text)
        if p >= engine.model_thresholds(text)[0]:
            weak_or_more.append((round(p, 2), text))
    # One in five at most: a weak sign alone never flags, but too many mean the model has not
    # learnt what genuine notices look like.
    assert len(weak_or_more) <= len(GENUINE) // 5, weak_or_more


def test_scams_of_the_same_kind_score_above_the_genuine_ones() -> None:
    """The genuine examples must not have taught the model that every delivery or exchange
    message is ordinary."""
    model = textmodel.shipped()
    assert model is not None
    genuine = sorted(model.score(t)[0] for t in GENUINE)
    median_genuine = genuine[len(genuine) // 2]
    for text in SCAM_TWINS:
        assert model.score(text)[0] > median_genuine, text
