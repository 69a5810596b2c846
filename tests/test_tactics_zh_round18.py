"""Chinese tactics of round 18 (tactics_zh.yaml, `hzh8` / `round 18 (hzh8)` comments): kinds of
mainland, Taiwan and Hong Kong telecom-fraud SMS (a boss's deposit, a relative's trouble in
Cantonese, a platform that "knows the data", a game-account buyer's release fee, a price beside an
"inside channel", resold tickets, typing jobs, WeChat written as "V:", a landlord's new account, a
photo link "is this you?", gift-card codes, a bot's daily yield, a platform that "paid out three
times", press 1 "to be put through"), and two ways a warning or a news item stopped reading as a
scam (an anti-fraud hotline is no claims line; 轻信/误信 is the news's word for a victim). Each
scam is written in the script it claims and reaches `medium`; each genuine message made of the
same words stays silent. The messages are written for these tests, not taken from any data set
or probe set."""

from __future__ import annotations

import pytest
from test_tactics_zh_round14 import assert_fires_and_reaches_medium, assert_silent

from bot.engine import KnowledgeIndex, check
from bot.message import Message
from bot.tactics import assess, find_tactics

# (tactic, script, scam)
SCAMS = [
    # a boss's deposit for a partner
    ("demand_send", "zh-Hans", "我是你们刘总，等下要见客户，你先给供应商转5万订金，我晚点报销"),
    # a relative in trouble, in Cantonese, with a word between 出咗 and 事
    ("claim_family_trouble", "yue", "細佬，我喺深圳出咗少少事，急住要錢，轉三千去呢個戶口先"),
    (
        "claim_family_trouble",
        "zh-Hans",
        "您好，您的小朋友在学校出意外了，请马上转医药费两万到老师账户",
    ),
    # a platform that knows the results first, and a guarantee
    (
        "lure_rigged_game",
        "zh-Hant",
        "我表哥在這個平台的後台工作，提前知道開獎結果，你跟著我下注就好",
    ),
    ("lure_returns", "zh-Hans", "宝贝你先充三千试试，按我说的买，保证你不会亏"),
    # a game account buyer whose platform wants a deposit before the payout
    ("lure_game", "zh-Hans", "你的游戏账号我出价两千，加我QQ 12345678 详谈"),
    ("lure_release_fee", "zh-Hant", "買家已付款，但你要先交會員費才可以提款喔"),
    # a price beside an "inside channel"; a ticket resold for a deposit first
    ("lure_inside_channel", "zh-Hans", "内部渠道拿货，新款手机只要2500，先付定金"),
    ("lure_cheap_goods", "zh-Hant", "五月天門票原價轉讓，要的先匯訂金，加LINE: mayday55"),
    # typing at home; a credit "repair" with WeChat as a bare V
    ("lure_task", "zh-Hans", "招聘线上打字员，在家就能做，加微信 dz0101"),
    ("demand_move_chat", "zh-Hans", "征信花了也能下款，征信修复 vx：credit668"),
    # a landlord's new account
    ("claim_new_number", "zh-Hans", "我是房东老陈，我换了新的收款账户，下个月房租打到这张卡上"),
    # a photo link
    ("lure_photo_link", "zh-Hans", "这是上次同学会的相片，你看是不是你 http://tp-xc.top/v"),
    ("lure_photo_link", "yue", "呢段片入面嗰個人系咪你？ https://vd-hk.cc/p"),
    # gift card codes
    ("claim_card_errand", "zh-Hant", "在忙嗎？幫忙去全家買5張GASH點數卡，刮開拍序號傳給我"),
    # a bot's automatic daily yield
    ("lure_fixed_return", "zh-Hans", "AI量化交易，每日自动收益3%，邀请好友再送奖励"),
    # a platform that "paid out three times"
    ("claim_platform_testimony", "zh-Hant", "這個交易所我已經提領五次了，完全沒問題"),
    # press 1 to be put through, said by a fake official
    ("demand_call", "yue", "海關通知：你有一件包裹涉及違禁品，請按9轉接調查主任"),
    # the student loan with the verb first; a credit account "not meeting the rules"
    ("claim_student_loan", "zh-Hans", "需要帮你注销校园网贷，不然会影响征信"),
    ("claim_student_loan", "zh-Hans", "您的借呗额度因不符合国家规定要关闭，请联系客服"),
    # a flight cancelled with compensation, through a chat app
    (
        "lure_refund",
        "zh-Hant",
        "您搭乘的班機因天候取消，本公司將賠償每位旅客2000元，請加LINE客服",
    ),
    # the job that charges first
    ("demand_fee", "zh-Hans", "恭喜你通过了我们公司的面试，上岗前先交体检费300元到人事账户"),
    ("demand_fee", "zh-Hant", "急招網路客服，無經驗可，需要先購買指定的工作機才能上班"),
    # the kidnapper's call
    ("claim_family_trouble", "zh-Hans", "你女儿在我们手上，准备30万现金，不准报警"),
    # an old colleague's loan in Chinese numerals
    ("demand_send", "yue", "我係你舊同學阿欣，換咗電話，可唔可以借住三千蚊俾我先"),
    # USDT bought back, and "DM me" alone
    ("lure_otc", "zh-Hant", "USDT高價收 當天結清 私訊"),
    # ticket grabbing for a fee, with LINE
    ("lure_cheap_goods", "zh-Hant", "各大演唱會門票代搶 先付訂金 加賴 tk777"),
    # the credit record named first, and a loan "guaranteed"
    ("lure_illicit_service", "zh-Hans", "征信黑户都能洗白，包下款"),
]

# (tactic, genuine message with the same words)
GENUINE = [
    # an employee's own report, a parent's own money, a chat about a bet
    ("demand_send", "刘总，供应商的5万订金上周已经转过去了，发票在我这里"),
    ("claim_family_trouble", "佢出咗啲事，今日唔返工"),
    ("lure_rigged_game", "平台会提前公布开奖时间，请大家留意"),
    ("lure_returns", "投资有风险，没有人能保证不会亏，请理性看待"),
    # a game's own notice, a platform's own rule text
    ("lure_game", "这个皮肤开价很高，我不买了"),
    ("lure_release_fee", "提款手續費由銀行從金額中扣除，不需另外繳交"),
    # a shop, a concert ticket sold out, a real job ad without a chat app
    ("lure_inside_channel", "我们店的货都是品牌官方渠道，价格透明"),
    ("lure_cheap_goods", "五月天門票十分鐘就賣完了，好可惜"),
    ("lure_task", "我以前做過打字排版的工作，很辛苦"),
    # a tenant's own payment, a group album
    ("claim_new_number", "我的工资卡还是原来那张，没换"),
    ("lure_photo_link", "同学会的照片都放在群相册了，大家自己下载"),
    # a gift sent whole, a receipt
    ("claim_card_errand", "我幫你買了一張點數卡當生日禮物，已經放在你桌上"),
    # a fund's yearly yield
    ("lure_fixed_return", "这只货币基金七日年化收益率2.1%"),
    # a question about a platform's payouts
    ("claim_platform_testimony", "這個平台有人提領過嗎？我還在觀望"),
    # a bank's IVR guide
    ("demand_call", "如需查詢賬戶結餘，請按2"),
    # news and a warning about the student loan
    ("claim_student_loan", "警方提醒：凡是要求注销校园贷的都是诈骗"),
    # an airline's own delay notice, a real induction, a ransom in a film review
    ("lure_refund", "您搭乘的航班延误约一小时，请留意登机口广播"),
    ("demand_fee", "新员工入职体检费由公司承担，请于周五前完成体检"),
    ("pressure_secrecy", "如果被骗了一定要报警，不要不好意思"),
    ("demand_send", "我们准备明年买房，首付大概要一百万"),
    ("lure_otc", "今天USDT价格跟昨天差不多"),
    ("lure_cheap_goods", "演唱會門票被秒殺，我手速太慢沒搶到"),
]

# warnings and news with the same words as a scam stay low
WARNINGS = [
    # an anti-fraud centre's heading, its rule, and its own hotline
    "【反诈中心】提醒：凡是冒充客服让你转账的都是诈骗！有疑问请拨打96110咨询。",
    "165全民防騙：接到自稱檢警來電要求監管帳戶，請撥打165查證。",
    # the news's victim who "credulously believed" the story
    "男子误信“注销校园贷”的说法，被骗走8万元，警方提醒征信无法人为修复",
]


@pytest.mark.parametrize(("tactic", "lang", "text"), SCAMS)
def test_each_round18_form_fires_on_a_scam_and_reaches_medium(
    seed_index: KnowledgeIndex, tactic: str, lang: str, text: str
) -> None:
    assert_fires_and_reaches_medium(seed_index, tactic, lang, text)


@pytest.mark.parametrize(("tactic", "text"), GENUINE)
def test_each_round18_form_stays_silent_on_its_genuine_counterpart(
    seed_index: KnowledgeIndex, tactic: str, text: str
) -> None:
    assert_silent(tactic, text)
    assert check(Message(text=text), seed_index, model=False).risk in ("low", "official")


@pytest.mark.parametrize("text", WARNINGS)
def test_round18_warnings_and_news_stay_low(seed_index: KnowledgeIndex, text: str) -> None:
    assert assess(find_tactics(text)).level == "low", [m.tactic.id for m in find_tactics(text)]
    assert check(Message(text=text), seed_index, model=False).risk in ("low", "official")


def test_a_photo_question_needs_its_link() -> None:
    """The photo story is a hook its bare link completes: the same words with no link stay low."""
    text = "这是上次同学会的相片，你看是不是你"
    assert "lure_photo_link" in {m.tactic.id for m in find_tactics(text)}
    assert assess(find_tactics(text)).level == "low"


def test_a_scam_hotline_number_is_still_a_claims_line() -> None:
    """The hotline exception reads the number only: a claims line of other digits still counts."""
    found = {m.tactic.id for m in find_tactics("退款请拨打4008123456")}
    assert "demand_call" in found
    assert "demand_call" not in {m.tactic.id for m in find_tactics("如有疑问请拨打96110")}
