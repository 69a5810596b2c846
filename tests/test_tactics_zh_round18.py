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

# Each widened form again in the other script (Traditional where the first was Simplified and the
# reverse, or Cantonese): the rules are written once in Simplified and read both
OTHER_SCRIPTS = [
    ("demand_send", "zh-Hant", "我是王董，幫我給合作方轉8萬定金，合約明天補給你"),
    ("claim_new_number", "zh-Hant", "我是房東，我換了新的銀行卡，這個月房租直接轉到新卡上"),
    ("demand_send", "zh-Hans", "您的父亲突发心梗住院，请马上转手术费三万到医院账户"),
    ("claim_recruiter", "zh-Hant", "恭喜您通過本公司的面試，請先繳交培訓費"),
    ("claim_family_trouble", "zh-Hant", "你兒子在我們手上，馬上準備50萬，不准報警"),
    ("demand_send", "zh-Hant", "你兒子在我們手上，馬上準備50萬，不准報警"),
    ("pressure_secrecy", "zh-Hant", "你兒子在我們手上，馬上準備50萬，不准報警"),
    ("demand_move_chat", "zh-Hans", "USDT高价收 当天结清 私信"),
    ("lure_otc", "zh-Hans", "U高价收，量大优先，私聊"),
    ("lure_loan", "zh-Hant", "黑戶白戶都可以，包下款，加LINE: loan888"),
    ("lure_loan", "zh-Hans", "无视征信，包下款，当天到账，加微信 dk5566"),
    (
        "lure_refund",
        "zh-Hans",
        "您预订的航班因机械故障取消，每人补偿300元，请点击链接 http://hb-pc.top 办理",
    ),
    ("lure_game", "zh-Hant", "你的遊戲帳號我出價三千收，加LINE詳談"),
    ("claim_student_loan", "zh-Hant", "您好，需要幫您註銷校園貸，否則會影響徵信"),
    ("lure_illicit_service", "zh-Hant", "徵信黑戶洗白，包下款"),
    ("lure_cheap_goods", "zh-Hans", "周杰伦演唱会门票原价转让，先付定金，加微信 jay520"),
    ("lure_cheap_goods", "yue", "張學友演唱會門票原價轉讓，想要嘅先畀按金，加LINE: fan555"),
    ("lure_fixed_return", "zh-Hant", "AI機器人量化交易，每天自動收益2%，立即註冊"),
    ("lure_release_fee", "zh-Hans", "你的收益已到账，要先交10%手续费才能提现"),
    ("lure_inside_channel", "zh-Hant", "內部渠道貨源，全新原裝只要1999，先付訂金"),
    ("lure_rigged_game", "zh-Hans", "这个平台每次都提前知道数据，跟着我买稳赚"),
    ("claim_platform_testimony", "zh-Hans", "这家平台我已经出金三次了，你放心充"),
    ("claim_platform_testimony", "yue", "呢個平台我已經提款三次，好穩陣"),
    ("lure_photo_link", "zh-Hant", "這是我們聚會的照片，你看看裡面有沒有你 http://pic-tw.top/a"),
    ("claim_card_errand", "zh-Hans", "在吗？帮我去超市买几张App Store充值卡，刮开拍卡密发给我"),
    ("demand_call", "zh-Hans", "您的快递涉嫌违禁品，请按1转接专员处理"),
]

# forms that are one part of a scam: the tactic shows, the level is left to the rest
PARTS = [
    ("demand_move_chat", "徵信不好也能辦貸款，有需要加V諮詢"),
    ("lure_returns", "跟住我買，包賺唔蝕，保證你唔會蝕"),
    ("demand_send", "我是房東，這個月房租直接匯到我太太的卡上，帳號如下"),
    ("claim_recruiter", "恭喜您已通过我司面试，请加微信办理入职"),
    # a loan in Chinese numerals with 借住 (the old-colleague scam above also reads 换咗电话)
    ("demand_send", "阿媽，可唔可以借住兩萬蚊週轉"),
]

# more genuine messages with a new form's words, in both scripts
MORE_GENUINE = [
    ("demand_move_chat", "今天加VIP套餐送飲料"),
    ("lure_task", "打字速度太慢了，我要多練習"),
    ("claim_new_number", "我的銀行卡過期了，銀行寄了新卡給我"),
    ("claim_recruiter", "我通过了公司的试用期，下个月转正"),
    ("pressure_secrecy", "遇到詐騙記得馬上報警"),
    ("lure_loan", "銀行說這筆貸款不一定能批，要看信用"),
    ("lure_refund", "因颱風航班取消，旅客可免費改票或退票"),
    ("claim_family_trouble", "你兒子在我們學校表現很好"),
    # a warning that the credit record cannot be whitewashed
    ("lure_illicit_service", "征信无法人为洗白，请勿相信"),
    ("lure_fixed_return", "每天自動扣款，請確保帳戶有足夠餘額"),
    ("lure_release_fee", "提现手续费0.1%，由系统自动扣除"),
    ("lure_inside_channel", "公司内部渠道报销，请走OA流程"),
    ("lure_rigged_game", "天氣預報可以提前知道明天會不會下雨"),
    # a user's complaint of the same payouts, a fan's resale met in person
    ("claim_platform_testimony", "這個平台我已經提款三次，每次都要等一週"),
    ("lure_cheap_goods", "演唱会门票原价转让，现场交易，不收定金"),
    ("demand_call", "如需人工服務，請按0"),
    ("claim_card_errand", "帮我买一张充值卡，我回来给你钱"),
]


@pytest.mark.parametrize(("tactic", "lang", "text"), SCAMS + OTHER_SCRIPTS)
def test_each_round18_form_fires_on_a_scam_and_reaches_medium(
    seed_index: KnowledgeIndex, tactic: str, lang: str, text: str
) -> None:
    assert_fires_and_reaches_medium(seed_index, tactic, lang, text)


@pytest.mark.parametrize(("tactic", "text"), GENUINE + MORE_GENUINE)
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



@pytest.mark.parametrize(("tactic", "text"), PARTS)
def test_each_round18_part_shows(tactic: str, text: str) -> None:
    assert tactic in {m.tactic.id for m in find_tactics(text)}, text
