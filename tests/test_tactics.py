"""Scam tactics: the parts a scam is made of, in English, Cantonese, written Traditional and
Simplified Chinese, joined into a level, and named in the reply in the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tactics_en_kinds import SCAMS as EN_KINDS
from test_tactics_en_round2 import SCAMS as EN_ROUND2
from test_tactics_en_round4 import PAIRS as EN_ROUND4
from test_tactics_en_round5_email import PAIRS as EN_ROUND5_EMAIL
from test_tactics_en_round5_social import SCAM_TEXTS as EN_ROUND5_SOCIAL
from test_tactics_en_round6_email import PAIRS as EN_ROUND6_EMAIL
from test_tactics_en_round6_social import PAIRS as EN_ROUND6_SOCIAL
from test_tactics_en_round7_email import PAIRS as EN_ROUND7_EMAIL
from test_tactics_en_round7_social import PAIRS as EN_ROUND7_SOCIAL
from test_tactics_social import SCAM_TEXTS as SOCIAL
from test_tactics_zh import SHILLS_AND_FEES, TELECOM_FRAUD, ZH_MORE_STORIES
from test_tactics_zh_round14 import SCAMS as ZH_ROUND14
from test_tactics_zh_round15 import SCAMS as ZH_ROUND15
from test_tactics_zh_round16 import SCAMS as ZH_ROUND16
from test_tactics_zh_round17 import SCAMS as ZH_ROUND17
from test_tactics_zh_round18 import SCAMS as ZH_ROUND18
from test_tactics_zh_round19 import SCAMS as ZH_ROUND19
from test_tactics_zh_round20 import SCAMS as ZH_ROUND20
from test_tactics_zh_round21 import SCAMS as ZH_ROUND21

import bot.tactics
from bot.engine import KnowledgeIndex, check
from bot.message import Message
from bot.render import render
from bot.tactics import TACTICS, assess, describe, find_tactics

# Each story of the issue, as a person would receive it, in four kinds of writing; with the
# tactics it must show and the least risk the whole engine must give.
STORIES = [
    # a lover who needs USDT for a ticket
    ("en", "My love, I need 800 USDT for the flight ticket to come and see you, please send it",
     {"claim_lover", "demand_send"}, "medium"),
    ("yue", "BB，我要800 USDT買機票飛過嚟見你，你今日轉俾我好唔好",
     {"claim_lover", "demand_send"}, "medium"),
    ("zh-Hant", "親愛的，我需要800 USDT買機票來見你，今天請你轉給我",
     {"claim_lover", "demand_send"}, "medium"),
    ("zh-Hans", "亲爱的，我需要800 USDT买机票来见你，今天请你转给我",
     {"claim_lover", "demand_send"}, "medium"),
    # exchange support threatening to freeze
    ("en", "Binance Support: your account will be frozen in 24 hours unless you verify your ID",
     {"claim_brand_support", "demand_verify", "pressure_freeze"}, "high"),
    ("yue", "幣安客服通知：你個帳戶有異常，如果唔即刻驗證身份就會被凍結",
     {"claim_support", "demand_verify", "pressure_freeze"}, "high"),
    ("zh-Hant", "【幣安客服】您的帳戶將於24小時內被凍結，請立即點擊連結驗證身份",
     {"claim_support", "demand_verify", "pressure_freeze"}, "high"),
    ("zh-Hans", "【币安客服】您的账户将于24小时内被冻结，请立即点击链接验证身份",
     {"claim_support", "demand_verify", "pressure_freeze"}, "high"),
    # a fake police "safe account"
    ("en", "This is Inspector Wong of the Hong Kong Police. Your account is linked to money "
     "laundering; transfer your funds to our safe account to prove your innocence",
     {"claim_police", "demand_move_funds", "pressure_arrest"}, "high"),
    ("yue", "我係香港警察黃督察，你個戶口涉及洗黑錢，即刻將資金轉去安全戶口",
     {"claim_police", "demand_move_funds", "pressure_arrest"}, "high"),
    ("zh-Hant", "這裡是警方反詐騙中心，你的帳戶涉嫌洗錢，請將資金轉到監管帳戶配合調查",
     {"claim_police", "demand_move_funds", "pressure_arrest"}, "high"),
    ("zh-Hans", "我是公安局刑警，你的账户涉嫌洗钱，请把资金转到安全账户配合调查",
     {"claim_police", "demand_move_funds", "pressure_arrest"}, "high"),
    # a tax to release the profit
    ("en", "Your profit of 12,000 USDT is ready. Pay the 10% withdrawal tax first to release it",
     {"lure_returns", "demand_fee"}, "medium"),
    ("yue", "你嘅盈利已經到咗12000 USDT，要先俾10%稅費先可以提款",
     {"lure_returns", "demand_fee"}, "medium"),
    ("zh-Hant", "恭喜您的帳戶獲利12000 USDT，須先繳納10%手續費才能提現",
     {"demand_fee"}, "medium"),
    ("zh-Hans", "您的收益率达到300%，提现需要先缴纳保证金",
     {"lure_returns", "demand_fee"}, "medium"),
    # a new number asking for USDT
    ("en", "Hi mum, this is my new number, my phone broke. Can you lend me 300 USDT until Friday?",
     {"claim_new_number", "demand_send"}, "medium"),
    ("yue", "媽，我換咗新號碼，部電話壞咗，可唔可以借我300 USDT？",
     {"claim_new_number", "demand_send"}, "medium"),
    ("zh-Hant", "爸，這是我的新號碼，舊手機壞了，可以先轉5000元給我嗎？",
     {"claim_new_number", "demand_send"}, "medium"),
    ("zh-Hans", "猜猜我是谁？我换了新号码，能不能借我2000块应急",
     {"claim_new_number", "demand_send"}, "medium"),
    # a recovery company's fee
    ("en", "We are a licensed fund recovery company. We traced your stolen crypto; pay a 5% "
     "service fee to start the recovery", {"claim_recovery", "demand_fee"}, "medium"),
    ("yue", "我哋係專業追回公司，追蹤到你被騙嘅錢，先交5%服務費就可以幫你追",
     {"claim_recovery", "demand_fee"}, "medium"),
    ("zh-Hant", "我們是專業追回公司，已追蹤到你被騙的加密貨幣，先付5%手續費即可開始追回",
     {"claim_recovery", "demand_fee"}, "medium"),
    ("zh-Hans", "专业黑客帮你追回被骗资金，先支付服务费，成功率100%",
     {"claim_recovery", "demand_fee"}, "medium"),
    # a below-market OTC offer
    ("en", "Selling USDT 20% below market price, cash or bank transfer, DM me on Telegram",
     {"lure_otc", "demand_move_chat"}, "medium"),
    ("yue", "平過市價兩成出U，現金或者轉數快都得，加我Telegram傾",
     {"lure_otc", "demand_move_chat"}, "medium"),
    ("zh-Hant", "低於市價20%出售USDT，現金或轉帳，加我LINE",
     {"lure_otc", "demand_move_chat"}, "medium"),
    ("zh-Hans", "低价出U，比市场价便宜15%，加我微信详谈",
     {"lure_otc", "demand_move_chat"}, "medium"),
    # a mentor's daily-return group
    ("en", "Join teacher Chen's VIP group: 5% daily return guaranteed, deposit at least 1000 USDT",
     {"claim_mentor", "lure_returns", "demand_send"}, "medium"),
    ("yue", "陳老師帶單，每日穩賺5%，最少入金1000 USDT就可以跟",
     {"claim_mentor", "lure_returns", "demand_send"}, "medium"),
    ("zh-Hant", "加入陳老師的VIP投資群，每天穩定收益5%，最低儲值1000 USDT",
     {"claim_mentor", "lure_returns"}, "medium"),
    ("zh-Hans", "加入陈老师VIP群，每天稳赚5%，最低充值1000 USDT开始",
     {"claim_mentor", "lure_returns", "demand_send"}, "medium"),
]

# Ordinary messages made of the same words: one part alone, or advice against the demand.
ORDINARY = [
    "Binance will never ask for your seed phrase or send you to a safe account. Call 18222.",
    "Your verification code is 482913. Never share this code with anyone, including staff.",
    "hey can you send me 50 USDT for the pizza last night",
    "Mum I changed my number, this is the new one. See you at dinner!",
    "I made 20% profit on ETH this month, pretty happy with my trading",
    "【幣安】你的驗證碼係 482913，切勿向任何人透露。",
    "幣安永遠唔會要求你提供助記詞，亦唔會叫你轉資金去安全帳戶。",
    "老公，今晚食咩？我轉咗300蚊俾你買餸",
    "警方提醒：切勿向任何人提供驗證碼，亦不要把資金轉到所謂安全帳戶。",
    "你好，这是我的新号码，以后有事打这个",
]

# Chinese scams written for the tests (not from any data set): stock tips, an "order error" sent
# to the ATM, loans, freebies, recovery, paid tasks, a lover, fees; in four kinds of writing.
ZH_STORIES = [
    # stock tips from a "teacher"
    ("zh-Hant", "林老師每天免費分享飆股，加賴 @stock888 進投資群，明天開盤前限時領取",
     {"claim_mentor", "lure_stock", "demand_move_chat"}, "medium"),
    ("yue", "陳老師帶單買港股，內線消息包升，即刻加WhatsApp入群，名額有限",
     {"claim_mentor", "lure_stock", "demand_move_chat"}, "medium"),
    ("zh-Hans", "王老师每日免费推荐牛股，加微信进股票群，稳赚不赔",
     {"claim_mentor", "lure_stock", "demand_move_chat"}, "medium"),
    # an order or bank setting "made by mistake", undone at the ATM
    ("zh-Hant", "您好，這裡是購物網客服，您的訂單設定錯誤，被設為分期付款，每月將自動扣款，"
     "請於今日內到ATM依指示操作解除", {"claim_order_error", "demand_atm", "pressure_deadline"},
     "high"),
    ("yue", "我哋係網購平台客服，你張訂單出錯咗，會重複扣款，麻煩你即刻去提款機按指示操作取消",
     {"claim_support", "claim_order_error", "demand_atm"}, "high"),
    ("zh-Hans", "您的账户被误设为批发商会员，每月将自动扣款，请登录网银按指示操作解除设定",
     {"claim_order_error", "demand_atm"}, "medium"),
    # loans
    ("zh-Hant", "免審核小額貸款，當天撥款，需先匯保證金5000元才能放款，加賴 loan99",
     {"lure_loan", "demand_fee", "demand_move_chat"}, "medium"),
    ("yue", "私人貸款低息，黑戶都可以借，批核後要先俾手續費先可以放款",
     {"lure_loan", "demand_fee"}, "medium"),
    ("zh-Hans", "无需征信，秒下款，低息贷款5万，先交验证费即可到账",
     {"lure_loan", "demand_fee"}, "medium"),
    # freebies
    ("zh-Hant", "恭喜您獲得7-11禮券500元，免費領取只到今天，點擊連結 https://gift-7.example.top/a",
     {"lure_free", "demand_click", "pressure_deadline"}, "medium"),
    ("zh-Hans", "免费领取赠品，限时抽奖，点击链接填写地址 http://freegift.example.xyz/a",
     {"lure_free", "demand_click"}, "medium"),
    ("yue", "免費派購物金$300，今日內加入官方好友就送，㩒呢個連結 https://hk-gift.example.top/x",
     {"lure_free", "demand_click", "pressure_deadline"}, "medium"),
    # recovering lost money, contact on LINE
    ("zh-Hant", "被騙了別擔心，專業團隊協助追討款項，免費諮詢加賴：back168",
     {"claim_recovery", "demand_move_chat"}, "medium"),
    ("zh-Hans", "投资被骗？我们帮你追回被骗款项，先交手续费即可启动",
     {"claim_recovery", "demand_fee"}, "medium"),
    ("yue", "俾人呃咗錢？我哋幫你追回損失，LINE ID: hkback 免費查詢",
     {"claim_recovery", "demand_move_chat"}, "medium"),
    # paid tasks
    ("zh-Hant", "在家就能做，幫商家刷單按讚，每單佣金50元，加賴 job777 領任務",
     {"claim_recruiter", "lure_task", "demand_move_chat"}, "medium"),
    ("zh-Hans", "刷单兼职，每单返佣金，先转账垫付，完成任务后连本带利返还",
     {"lure_task", "demand_send"}, "medium"),
    # a lover who needs the tax paid, and a fee to release a withdrawal
    ("zh-Hant", "親愛的，我們在交友軟體認識是緣分，我的帳戶被凍結，"
     "需要你先幫我繳稅金解凍，匯款給我",
     {"claim_lover", "demand_fee", "demand_send", "pressure_freeze"}, "high"),
    ("zh-Hans", "您的提现已通过，需先缴纳20%税金才能解冻资金，逾期账户将冻结",
     {"demand_fee", "pressure_deadline", "pressure_freeze"}, "medium"),
]

# The same words in ordinary Chinese: a warning poster, family talk about a bank loan, a stock
# discussion without a demand, a free event.
ZH_ORDINARY = [
    "【警方提醒】詐騙集團會假冒購物網站客服，謊稱訂單錯誤或設定成分期付款，要求民眾到ATM操作"
    "解除。切勿依指示操作，如有疑問請撥打165反詐騙專線。",
    "小心诈骗！骗子会冒充老师推荐牛股，拉你进投资群，再要求你缴纳保证金。请勿加陌生人微信。",
    "警方提醒：凡是免審核貸款要你先付手續費的都是詐騙，切勿匯款。",
    "媽，我今天去銀行辦了房屋貸款，利率2.1%，每個月要還兩萬，下週簽約",
    "老公，銀行批咗我哋嘅貸款，聽日要去簽文件，你記得帶身份證",
    "今天台積電漲了3%，我覺得半導體股票還有空間，你怎麼看？",
    "老师今天讲的股票课很有意思，下次一起去听吧",
    "週末社區中心有免費講座，歡迎大家參加",
    "我剛剛去ATM領錢，等等買菜",
    "免審核貸款要你先付手續費的，都是詐騙",
    "接到電話說你中獎要先付稅金的一律掛掉",
]

RISK = {"low": 0, "medium": 1, "high": 2}


def _risk(v_risk: str) -> int:
    return RISK.get(v_risk, 0)


@pytest.mark.parametrize(("lang", "text", "tactics", "least"), STORIES + ZH_STORIES)
def test_each_story_shows_its_tactics_and_reaches_its_level(
    seed_index: KnowledgeIndex, lang: str, text: str, tactics: set[str], least: str
) -> None:
    found = {m.tactic.id for m in find_tactics(text)}
    assert tactics <= found, f"{lang}: missing {tactics - found} in {text!r}"
    v = check(Message(text=text), seed_index, model=False)  # tactics and the knowledge base
    assert _risk(v.risk) >= RISK[least], (lang, text, v.risk, [f.detail for f in v.findings])


@pytest.mark.parametrize("text", ORDINARY + ZH_ORDINARY)
def test_ordinary_messages_with_one_part_or_advice_are_not_flagged(
    seed_index: KnowledgeIndex, text: str
) -> None:
    assert assess(find_tactics(text)).level == "low"
    v = check(Message(text=text), seed_index)
    assert v.risk in ("low", "official"), [f.detail for f in v.findings]


def test_every_tactic_is_recognised_somewhere_in_the_stories_or_probes() -> None:
    stories = STORIES + ZH_STORIES + ZH_MORE_STORIES + TELECOM_FRAUD + SHILLS_AND_FEES
    seen = {m.tactic.id for _, text, _, _ in stories for m in find_tactics(text)}
    probes = [
        "Hello from Coinbase security team, please act immediately",
        "We are hiring: part-time job, earn $300 per day liking YouTube videos",
        "Congratulations, you have won the lucky draw. Claim your airdrop now",
        "Download AnyDesk so our technician can help you; click the link below",
        "Keep this between us, do not tell your bank. Only 3 spots left",
        "To sync your wallet, enter your seed phrase in the form below",
        "Your parcel could not be delivered due to an incomplete address",
        "This MEV bot makes 40% per day, just deploy the contract",
        "Your card will be blocked today, call our hotline 2233 4455 or see https://t.co/x1",
        "All thanks to @sarah_trades_fx: I received my payout of $18 500 in five days",
    ]
    seen |= {m.tactic.id for text in probes for m in find_tactics(text)}
    seen |= {m.tactic.id for _, text, _, _ in EN_KINDS for m in find_tactics(text)}
    seen |= {m.tactic.id for _, text, _ in EN_ROUND2 for m in find_tactics(text)}
    seen |= {m.tactic.id for _, text, _ in EN_ROUND4 for m in find_tactics(text)}
    seen |= {m.tactic.id for _, text, _ in EN_ROUND5_EMAIL for m in find_tactics(text)}
    seen |= {m.tactic.id for _, text, _ in EN_ROUND6_EMAIL for m in find_tactics(text)}
    seen |= {m.tactic.id for _, text, _ in EN_ROUND7_EMAIL for m in find_tactics(text)}
    seen.add("demand_open_attachment")  # (hmail7) shown by test_tactics_en_round7_email
    seen.add("pressure_expose")  # (hmail8) shown by test_tactics_en_round8_email
    seen.add("lure_rx_disguised")  # (hen9) shown by test_tactics_en_round9_enron
    seen.add("lure_flash_loan")  # (hsoc9) shown by test_tactics_en_round9_social
    # (hmail9) shown by test_tactics_en_round9_email
    seen |= {"lure_billing_problem", "lure_home_income", "demand_wallet_signature"}
    # (hsms9) shown by test_tactics_en_round9_sms
    seen |= {"claim_wrong_number", "demand_pay_for_me", "demand_befriend"}
    # (hen16) shown by test_tactics_en_round10
    seen |= {"demand_call_number", "demand_visit_host", "lure_free_device"}
    seen |= {m.tactic.id for _, _, text in ZH_ROUND14 for m in find_tactics(text)}
    seen |= {m.tactic.id for _, _, text in ZH_ROUND15 for m in find_tactics(text)}
    seen |= {m.tactic.id for _, _, text in ZH_ROUND16 for m in find_tactics(text)}
    seen |= {m.tactic.id for _, _, text in ZH_ROUND17 for m in find_tactics(text)}
    seen |= {m.tactic.id for _, _, text in ZH_ROUND18 for m in find_tactics(text)}
    seen |= {m.tactic.id for _, _, text in ZH_ROUND19 for m in find_tactics(text)}
    seen |= {m.tactic.id for _, _, text in ZH_ROUND20 for m in find_tactics(text)}
    seen |= {m.tactic.id for _, _, text in ZH_ROUND21 for m in find_tactics(text)}
    seen |= {m.tactic.id for text in SOCIAL for m in find_tactics(text)}
    seen |= {m.tactic.id for text in EN_ROUND5_SOCIAL for m in find_tactics(text)}
    seen |= {m.tactic.id for _, text, _ in EN_ROUND6_SOCIAL for m in find_tactics(text)}
    seen |= {m.tactic.id for _, text, _ in EN_ROUND7_SOCIAL for m in find_tactics(text)}
    assert {t.id for t in TACTICS} == seen


@pytest.mark.parametrize(
    "text",
    [
        "Please send me your 12-word recovery phrase to restore your wallet",
        "請提供你的助記詞以完成帳戶驗證",
        "麻煩你send個驗證碼俾我，我幫你搞掂",
        "Reply with the OTP we just sent you to cancel the order",
    ],
)
def test_asking_for_a_seed_key_or_code_is_always_high(
    seed_index: KnowledgeIndex, text: str
) -> None:
    assert assess(find_tactics(text)).level == "high"
    assert check(Message(text=text), seed_index).risk == "high"


def test_more_red_flags_never_lower_the_verdict(seed_index: KnowledgeIndex) -> None:
    alone = check(Message(text="Send us your seed phrase."), seed_index)
    more = check(
        Message(
            text="Binance support here: your account will be frozen today. "
            "Send us your seed phrase."
        ),
        seed_index,
    )
    assert alone.risk == more.risk == "high"
    assert more.score is not None and alone.score is not None and more.score >= alone.score


def test_a_genuine_link_in_a_fee_demand_is_not_an_official_channel(
    seed_index: KnowledgeIndex,
) -> None:
    text = (
        "Your withdrawal is on hold. Pay the 200 USDT unfreezing fee to release your funds, "
        "see https://www.binance.com/en/support"
    )
    v = check(Message(text=text), seed_index)
    assert v.risk in ("medium", "high")
    assert any(f.type == "official" for f in v.findings)  # the link itself is still recognised
    quiet = check(Message(text="https://www.binance.com/en/support"), seed_index)
    assert quiet.risk == "official"  # a link checked on its own still is


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Send us your seed phrase.", "secret"),
        ("Binance Support: your account will be frozen in 24 hours unless you pay the 50 USDT "
         "unlock fee", "hook_demand_pressure"),
        ("Please verify your account at http://secure-login-check.top/a", "verify_by_link"),
    ],
)
def test_the_tactic_finding_names_the_rule_that_decided_its_level(
    seed_index: KnowledgeIndex, text: str, rule: str
) -> None:
    """`params.rule` is a stable code for integrators and for the engine's own special cases;
    the human `why` in the detail may be reworded."""
    (f,) = [f for f in check(Message(text=text), seed_index).findings if f.type == "tactic"]
    assert f.params["rule"] == rule
    assert f.severity in ("medium", "high")


def test_a_phishing_story_whose_only_link_is_official_says_so_in_its_rule(
    seed_index: KnowledgeIndex,
) -> None:
    text = (
        "Binance Support: your account will be frozen in 24 hours unless you verify your "
        "identity at https://www.binance.com/en/support"
    )
    (f,) = [f for f in check(Message(text=text), seed_index).findings if f.type == "tactic"]
    assert (f.severity, f.params["rule"]) == ("medium", "official_links_only")


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Binance Support: your account will be frozen in 24 hours unless you verify "
         "your identity", ['claims to be "Binance Support"', "threatens to freeze"]),
        ("zh-HK", "我係香港警察黃督察，你個戶口涉及洗黑錢，即刻將資金轉去安全戶口",
         ["自稱警方", "安全", "恐嚇"]),
    ],
)
def test_the_reply_names_the_parts_in_the_readers_language(
    seed_index: KnowledgeIndex, lang: str, text: str, expected: list[str]
) -> None:
    v = check(Message(text=text, lang=lang), seed_index)
    reply = render(v, seed_index, lang, "HK")
    for part in expected:
        assert part in reply, reply


def test_parts_are_quoted_in_the_users_own_characters() -> None:
    text = "幣安客服通知：你個帳戶將被凍結"
    for m in find_tactics(text):
        assert m.text == text[m.start : m.end]
        assert m.text in text
    assert "Binance" not in describe(find_tactics(text), "zh")


def test_parts_far_apart_in_a_long_text_do_not_join() -> None:
    far = "Our support team answers within a day. " + "Nothing to see here. " * 30 + (
        "Send 100 USDT to split the bill."
    )
    assert assess(find_tactics(far)).level == "low"


def test_traditional_and_simplified_forms_match_alike_and_are_quoted_as_written() -> None:
    """帳 folds to 帐 and 賬 to 账 one character at a time: both must reach the same pattern."""
    for text in ("請把資金轉到安全帳戶", "請把資金轉到安全賬戶", "请把资金转到安全账户"):
        (m,) = [m for m in find_tactics(text) if m.tactic.id == "demand_move_funds"]
        assert m.text == text[m.start : m.end] and m.text in text


@pytest.mark.parametrize(
    ("warning", "asked"),
    [
        ("詐騙集團會假冒銀行客服，謊稱設定錯誤，要求民眾到ATM操作解除",
         "銀行客服通知：你的設定錯誤，請即刻到ATM操作解除"),
        ("小心詐騙！歹徒會以免審核貸款為餌，要你先付手續費才能撥款",
         "免審核貸款，先付手續費才能撥款"),
    ],
)
def test_a_third_person_warning_is_advice_but_the_same_request_is_not(
    warning: str, asked: str
) -> None:
    assert assess(find_tactics(warning)).level == "low"
    assert assess(find_tactics(asked)).level in ("medium", "high")


# Investment-scam spam under posts and in groups: a "client" credits a trader with a payout and
# points at the trader's account. Written for the test, in the shapes such comments take.
TESTIMONIALS = [
    "All thanks to @sarah_trades_fx, I invested $2,000 and received my payout of $18 500",
    "my account manager @mike.invest.pro is the best, I just cashed out $25k after one week",
    "with the help of #lisa__wealth__coach I made 3 btc from 0.5 btc, contact her",
    "Got another $40 000 this morning, you changed my life @daniel_fx_mentor",
]
NOT_TESTIMONIALS = [
    "thanks to @alice for the pizza last night, I owe you $20",
    "I made $300 on ETH this month, pretty happy #bitcoin",
    "Follow @binance for official announcements",
    "congrats @tom_h on the new job, drinks on me",
    "Bought my first house for $450,000 after years of saving, thanks @dad for the advice",
]


@pytest.mark.parametrize("text", TESTIMONIALS)
def test_a_testimonial_that_credits_a_trader_with_a_payout_is_flagged(
    seed_index: KnowledgeIndex, text: str
) -> None:
    found = {m.tactic.id for m in find_tactics(text)}
    assert "demand_handle" in found and found & {"claim_testimonial", "lure_payout"}, found
    assert assess(find_tactics(text)).level == "medium"
    v = check(Message(text=text), seed_index, model=False)
    assert v.risk in ("medium", "high"), [f.detail for f in v.findings]


@pytest.mark.parametrize("text", NOT_TESTIMONIALS)
def test_thanks_gains_and_accounts_alone_are_ordinary(text: str) -> None:
    assert assess(find_tactics(text)).level == "low", [m.tactic.id for m in find_tactics(text)]


@pytest.mark.parametrize(
    "text",
    [
        "If you do not upgrade your mailbox, your email account will be blocked. Click here",
        "If you don't confirm today your wallet will be suspended. Tap the button below",
    ],
)
def test_a_threat_put_as_a_condition_is_still_a_threat(text: str) -> None:
    found = {m.tactic.id for m in find_tactics(text)}
    assert "pressure_freeze" in found, found
    assert assess(find_tactics(text)).level == "medium"


@pytest.mark.parametrize(
    "text",
    [
        "If you do not share your seed phrase with anyone, nobody can move your coins",
        "Your account will not be suspended; click here to read the new terms",
        "Police said the man was arrested on Monday, full story: https://news.example.com/a1",
    ],
)
def test_advice_denials_and_news_stay_low(text: str) -> None:
    assert assess(find_tactics(text)).level == "low", [m.tactic.id for m in find_tactics(text)]


@pytest.mark.parametrize("name", ["tactics.yaml", "tactics_zh.yaml", "cues.yaml"])
def test_no_tactic_file_says_a_key_twice(name: str) -> None:
    """YAML keeps the last of two equal keys without a word: a second `en:` written under a
    tactic (two branches widening it at once) would silently drop the first pattern."""
    import yaml

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader: Strict, node: yaml.MappingNode) -> dict[object, object]:
        keys = [loader.construct_object(k) for k, _ in node.value]  # type: ignore[no-untyped-call]
        twice = sorted({str(k) for k in keys if keys.count(k) > 1})
        assert not twice, f"{name} line {node.start_mark.line + 1}: {twice} twice"
        return loader.construct_mapping(node)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    path = Path(bot.tactics.__file__).parent / "data" / name
    assert yaml.load(path.read_text(encoding="utf-8"), Loader=Strict)
