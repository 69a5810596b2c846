"""Chinese tactics of round 14 (tactics_zh.yaml, `# round 14 (hzh4)`): each fires on a scam
written in every script it claims (Traditional, Simplified, Cantonese where it is spoken that
way) and reaches `medium`, and stays silent on a genuine message made of the same words. The
messages are written for these tests, not taken from any data set or from the probe sets."""

from __future__ import annotations

import pytest

from bot.engine import KnowledgeIndex, check
from bot.message import Message
from bot.tactics import assess, describe, find_tactics

RISK = {"low": 0, "official": 0, "medium": 1, "high": 2}


def assert_fires_and_reaches_medium(
    index: KnowledgeIndex, tactic: str, lang: str, text: str
) -> None:
    """The tactic shows, the tactics alone make the text at least `medium`, and so does a check."""
    found = find_tactics(text)
    assert tactic in {m.tactic.id for m in found}, (lang, text, [m.tactic.id for m in found])
    assert RISK[assess(found).level] >= 1, (lang, text, [m.tactic.id for m in found])
    assert RISK[check(Message(text=text), index, model=False).risk] >= 1, (lang, text)


def assert_silent(tactic: str, text: str) -> None:
    found = find_tactics(text)
    assert tactic not in {m.tactic.id for m in found}, (text, [m.tactic.id for m in found])


# (tactic, script, scam)
SCAMS = [
    # a fixed percentage every day
    ("lure_daily_percent", "zh-Hant", "這個黃金平台很穩，每天都有4%，比存銀行好太多"),
    ("lure_daily_percent", "zh-Hans", "跟着我做这个项目，每天稳稳赚6%，本金随时可以取"),
    ("lure_daily_percent", "yue", "呢個平台好穩陣，一日都有3.5%，你要唔要試下"),
    # game points, gift cards or a proxy buyer's goods far below their price, pay first
    ("lure_cheap_cards", "zh-Hant", "MyCard點數卡七折出清，先匯款後發序號，要的私訊"),
    ("lure_cheap_cards", "zh-Hans", "Steam充值卡8折，先付款后发卡密，量大从优"),
    ("lure_cheap_cards", "yue", "代購波鞋平過專門店三成，要先俾錢後寄貨，有興趣PM"),
    # "lonely?" with a chat app
    ("lure_lonely", "zh-Hant", "一個人寂寞嗎？加我賴 ID: lily0520 陪你聊"),
    ("lure_lonely", "zh-Hans", "晚上寂寞的话加我微信 mm8899，陪你聊天"),
    ("lure_lonely", "yue", "寂寞就搵我傾偈啦，加我WhatsApp 6123 4567"),
    # hackers or lawyers who get scammed money back
    ("claim_hacker_recovery", "zh-Hant", "我們的駭客團隊可以入侵詐騙集團系統，幫你追回被騙款項"),
    ("claim_hacker_recovery", "zh-Hans", "专业黑客技术，三天内帮您追回全部被骗资金"),
    ("claim_hacker_recovery", "yue", "我哋律師團隊有經驗，可以同你追返被呃嘅錢，即刻追回款項"),
    # the first-person story of meeting someone on a dating app
    ("claim_romance_story", "zh-Hant", "我去年在交友軟體上認識了一個女生，聊了三個月她就叫我投資"),
    ("claim_romance_story", "zh-Hans", "我在网上认识了一个男生，说是在迪拜做工程的"),
    ("claim_romance_story", "yue", "我喺交友app識咗個女仔，我係喺網上認識一個女生嘅"),
    # one of a scam's victims
    ("claim_victim_opening", "zh-Hant", "我也是宏X投顧的受害者之一，投入了很多錢"),
    ("claim_victim_opening", "zh-Hans", "我是在一个叫金鼎的平台被骗的，到现在还没拿回"),
    ("claim_victim_opening", "yue", "我係喺一個叫恒盛嘅平台呃咗嘅，到而家都未攞返"),
    # a person or a firm named as a scam ring, or a list of named scams
    ("claim_named_scammer", "zh-Hant", "王大明就是詐騙集團，很多人被他騙了"),
    ("claim_named_scammer", "zh-Hans", "张志远诈骗、金汇诈骗、鸿泰诈骗"),
    ("claim_named_scammer", "yue", "黃老師根本就是大騙子，大家唔好信佢"),
    # scam kinds listed as a recovery tout opens
    ("claim_scam_kinds_tout", "zh-Hant", "如果你正在遭遇虛擬幣詐騙、感情詐騙"),
    ("claim_scam_kinds_tout", "zh-Hans", "现在杀猪盘，虚拟币，港股代操，层出不穷"),
    ("claim_scam_kinds_tout", "yue", "如果你正在遇到殺豬盤或者虛擬幣詐騙，唔好一個人扛"),
    # a crypto firm's advertorial
    (
        "claim_crypto_advertorial",
        "zh-Hant",
        "在這個時代，加密貨幣儼然成為投資人的新寵，鑫達科技把握機遇",
    ),
    ("claim_crypto_advertorial", "zh-Hans", "某某科技紧抓数字时代机遇，深耕区块链与数字资产领域"),
    # a shill's first-person word for pay or loans
    ("claim_shill_testimony", "zh-Hant", "我順利辦下來30萬，流程很快，推薦給大家"),
    ("claim_shill_testimony", "zh-Hans", "做了一年，公司从不拖欠工资，大家放心"),
    ("claim_shill_testimony", "yue", "我喺呢度做咗半年，喺這個平台拿到過佣金，公司都唔會拖欠薪水"),
    # the same, as a tout tells it further (a date before the platform; binary options sold as a
    # system; an income no job pays; "lately many were scammed twice")
    ("claim_victim_opening", "zh-Hant", "我是3月在宏富投顧的會員群被騙的，投了兩百萬"),
    ("claim_crypto_advertorial", "zh-Hans", "作为领先的策略交易系统与期权竞猜平台，我们为您服务"),
    ("claim_shill_testimony", "zh-Hant", "每個月可以收入二十多萬，我已經做三年了"),
    ("claim_shill_testimony", "yue", "我而家每個月都可以賺十幾萬，你都得"),
    ("claim_scam_kinds_tout", "zh-Hant", "最近遇到很多網友被二次詐騙，這裡跟大家說明"),
    # a fake shop's "your purchase is faulty" opening
    ("claim_bought_faulty", "zh-Hant", "您好，您購買的保溫瓶檢測出質量問題，我們將為您辦理理賠"),
    ("claim_bought_faulty", "zh-Hans", "亲，你在我们店买的童装含有甲醛，需要召回，给你退款"),
    ("claim_bought_faulty", "yue", "你好，你喺我哋網店買嘅風筒有問題，要召回，我哋會賠償你"),
    # a friend or relative "held" somewhere, wanting money
    ("claim_stuck_friend", "zh-Hant", "我在越南被扣了，要兩萬才放人，快匯到這個帳戶"),
    ("claim_stuck_friend", "zh-Hans", "兄弟帮我个忙，我在外地出差被扣留，先转我3000"),
    ("claim_stuck_friend", "yue", "我喺深圳俾公安扣咗，要俾$8000保釋金，唔好話俾阿媽知"),
    # goods through an "inside channel"
    ("lure_inside_channel", "zh-Hant", "我們有內部渠道，iPhone半價就能拿到，先付訂金"),
    ("lure_inside_channel", "zh-Hans", "内部货源，低价拿到茅台，先付定金再发货"),
    ("lure_inside_channel", "yue", "我有內部渠道，半價攞到iPhone，要嘅先俾訂金"),
    # a relative in hospital, told at length
    (
        "claim_relative_hospital",
        "zh-Hant",
        "你的兒子在學校打球受傷，現在正在醫院急救，快匯2萬手術費",
    ),
    (
        "claim_relative_hospital",
        "zh-Hans",
        "你的孩子在学校突发疾病，正在医院抢救，需要马上交手术费3万元",
    ),
    ("claim_relative_hospital", "yue", "你個仔喺學校跌親，而家喺醫院搶救，要即刻俾$20000按金"),
    # an old classmate with a high-yield project (a pair)
    ("claim_old_classmate", "zh-Hant", "我是你高中同學，還記得我嗎？我在做一個投資項目收益很高"),
    (
        "claim_old_classmate",
        "zh-Hans",
        "我是你大学同学，记得我吗？最近有个理财项目回报很高，带你一起赚",
    ),
    ("claim_old_classmate", "yue", "我係你中學同學，記唔記得我？有個投資項目回報好高，帶埋你一齊"),
    ("lure_project_yield", "zh-Hans", "我是你以前的同事，还记得我吗？这个投资项目收益非常高"),
    # a betting site with a loophole
    (
        "lure_rigged_game",
        "zh-Hant",
        "親愛的，這個博彩網站有漏洞，我舅舅在裡面上班，跟著下注一定贏",
    ),
    ("lure_rigged_game", "zh-Hans", "这个平台后台有内部数据，跟着我下注稳赚"),
    ("lure_rigged_game", "yue", "呢個網站有漏洞，我哋一齊落注一定贏"),
    # a stranger who "saw you online", with a chat app
    ("lure_stranger_friend", "zh-Hant", "你好，我在IG上看到你的照片，很想認識你，可以加LINE嗎"),
    ("lure_stranger_friend", "zh-Hans", "你好，我在抖音刷到你，想认识一下你，加个微信吧"),
    ("lure_stranger_friend", "yue", "Hi，我喺IG度睇到你，好想認識你，可唔可以加你WhatsApp"),
    # a fake buyer's platform "confirmation", beside a game trade
    ("demand_platform_confirm", "zh-Hans", "你的账号我在交易猫上拍了，你去平台上确认一下就能收款"),
    (
        "demand_platform_confirm",
        "zh-Hant",
        "遊戲帳號我在8591下單了，你到平台客服那邊認證後才能收款",
    ),
    # held somewhere after losing at the tables
    ("claim_stuck_friend", "zh-Hans", "兄弟，我是你张哥，我在澳门输了钱被扣住了，快借我5000"),
]

# (tactic, genuine message with the same words)
GENUINE = [
    ("lure_daily_percent", "天氣預報：未來一週每天都有30%機會下雨"),
    ("lure_daily_percent", "这只股票一天涨了5%，新闻说是因为业绩好"),
    ("lure_daily_percent", "超市每日有5%折扣俾長者，記得帶卡"),
    ("lure_cheap_cards", "我在便利商店買了一張500元的點數卡給弟弟當生日禮物"),
    ("lure_cheap_cards", "这家店的衣服打8折，周末去看看"),
    ("lure_lonely", "搬到新城市有點寂寞，但同事們都很好"),
    ("claim_hacker_recovery", "刑事局提醒：自稱駭客能追回被騙款項的都是詐騙"),
    ("claim_romance_story", "我在網上認識了很多喜歡攝影的朋友，週末一起去拍照"),
    ("claim_victim_opening", "我是不是被騙了？他說要先付保證金"),
    ("claim_victim_opening", "警方呼籲受害者盡快報案"),
    ("claim_named_scammer", "警方提醒：假投資詐騙、假交友詐騙、網拍詐騙都要小心"),
    ("claim_named_scammer", "這就是騙子常用的手法，大家小心"),
    ("claim_scam_kinds_tout", "如果你遇到詐騙，請立即撥打165反詐騙專線"),
    ("claim_scam_kinds_tout", "警方提醒：杀猪盘、虚拟币、港股代操都是诈骗，有疑问请拨打110"),
    ("claim_crypto_advertorial", "比特幣今天上漲3%，分析師認為市場情緒轉好"),
    ("claim_crypto_advertorial", "公司把握时代机遇，推出新款电动车"),
    ("claim_shill_testimony", "我这个月有领到薪水了，周末请你吃饭"),
    ("claim_shill_testimony", "房貸申請下來了，每月要還兩萬"),
    ("claim_victim_opening", "我是不是在網上被騙了？對方一直要我匯款"),
    ("claim_shill_testimony", "他每個月收入大概五萬，房貸壓力不小"),
    ("claim_scam_kinds_tout", "最近接到很多民眾報案，請大家小心"),
    ("claim_crypto_advertorial", "這場世界盃競猜活動只送贈品，不收費"),
    ("claim_bought_faulty", "新聞：某品牌嬰兒推車因質量問題召回，消費者可到門市退款"),
    ("claim_bought_faulty", "你买的那个面霜好用吗？我也想买"),
    ("claim_stuck_friend", "我在機場被扣了行李，要等海關檢查，晚點到"),
    ("claim_stuck_friend", "兄弟帮我个忙，周六搬家你有空吗"),
    ("lure_inside_channel", "公司內部名額已滿，下次再報名員工旅遊"),
    ("claim_relative_hospital", "你的孩子今天在學校表現很好，老師誇他了"),
    ("claim_old_classmate", "你還記得我們高中同學小明嗎？他下個月結婚"),
    ("lure_project_yield", "這個投資項目風險很高，收益不確定，我不建議"),
    ("lure_rigged_game", "資安新聞：某網站有漏洞，已緊急修補，請更新密碼"),
    ("lure_stranger_friend", "我想認識你的朋友小美，她也喜歡攝影"),
    ("lure_stranger_friend", "我在IG上看到你們的旅行照片，好漂亮"),
    ("demand_platform_confirm", "你可以到平台查看訂單狀態，付款後三天內出貨"),
]


@pytest.mark.parametrize(("tactic", "lang", "text"), SCAMS)
def test_each_round14_tactic_fires_on_a_scam_and_reaches_medium(
    seed_index: KnowledgeIndex, tactic: str, lang: str, text: str
) -> None:
    assert_fires_and_reaches_medium(seed_index, tactic, lang, text)


@pytest.mark.parametrize(("tactic", "text"), GENUINE)
def test_each_round14_tactic_stays_silent_on_its_genuine_counterpart(
    seed_index: KnowledgeIndex, tactic: str, text: str
) -> None:
    assert_silent(tactic, text)
    assert check(Message(text=text), seed_index, model=False).risk in ("low", "official"), text


def test_the_quoted_words_are_the_users_own_traditional_characters() -> None:
    """A Traditional message is quoted back in Traditional, not in the folded Simplified."""
    text = "專業追回團隊：我們的駭客可以幫你追回被騙款項"
    quoted = [m.text for m in find_tactics(text) if m.tactic.id == "claim_hacker_recovery"]
    assert quoted and all(q in text for q in quoted)
    assert any("駭客" in q and "騙" in q for q in quoted)


@pytest.mark.parametrize(
    "text",
    [
        # a friend's phone moved over, not money sent (轉移過來 is no transfer)
        "我換手機了，LINE帳號有轉移過來，群組照片再傳一次給我",
        "我换了新手机，微信聊天记录都转移过来了",
    ],
)
def test_an_account_moved_to_a_new_phone_is_no_transfer(
    seed_index: KnowledgeIndex, text: str
) -> None:
    assert "demand_send" not in {m.tactic.id for m in find_tactics(text)}
    assert check(Message(text=text), seed_index, model=False).risk in ("low", "official")


@pytest.mark.parametrize(
    ("tactic", "text"),
    [
        # a teacher's "sure to rise" beside the teacher
        ("lure_stock", "老師說這支股票必漲，明天一定會漲停，大家跟上"),
        ("lure_stock", "陳老師話呢隻股保證會漲，快啲入"),
        # a credit line "raised", with a link to open it
        ("lure_loan", "您的白條額度提升至5萬，點擊鏈接立即開通"),
        ("lure_loan", "您的借呗额度已提高到8万，点击链接领取"),
        # a "frozen" card and its "human" line
        ("demand_call", "您的社保卡已被凍結，請撥打人工客服熱線解凍"),
        # the fake shop's refund done in your own app
        ("demand_atm", "你買的衣服要召回，請問你方便操作一下支付寶嗎"),
        # a ransom, and cash for a "friend" to collect, beside a relative
        ("demand_send", "我係你細佬呀，我喺大陸俾人扣咗，要$30000先放人"),
        ("demand_send", "阿爺，我係你孫仔，我撞咗車，你可唔可以攞$50000現金俾我朋友"),
        ("demand_send", "奶奶，我是你孙子，我出事了，你取2万现金交给我同学"),
        # the talk moved to a chat app, in Cantonese, after a stranger's approach
        ("demand_move_chat", "嗨靚仔，我喺Tinder見到你，不如我哋用WhatsApp傾"),
    ],
)
def test_round14_forms_of_main_tactics_join_their_story(tactic: str, text: str) -> None:
    found = find_tactics(text)
    assert tactic in {m.tactic.id for m in found}, (text, [m.tactic.id for m in found])
    assert assess(found).level in ("medium", "high"), (text, [m.tactic.id for m in found])


@pytest.mark.parametrize(
    ("tactic", "text"),
    [
        ("lure_stock", "這支股票今天漲了5%，新聞說是因為財報好"),
        ("lure_loan", "您的信用卡額度已調整，詳情請洽本行客服"),
        ("demand_call", "如需協助，請於上班時間來電本行"),
        ("demand_atm", "你方便操作一下電腦嗎？幫我看看文件"),
        ("demand_send", "我去銀行攞咗$500現金，聽日還俾阿媽"),
        ("demand_move_chat", "用WhatsApp傾計好方便，我同屋企人都用"),
    ],
)
def test_round14_forms_of_main_tactics_stay_silent_on_ordinary_words(
    tactic: str, text: str
) -> None:
    assert tactic not in {m.tactic.id for m in find_tactics(text)}, text


def test_two_alone_tactics_over_the_same_words_are_named_once() -> None:
    """Two `alone` tactics over the same words: the reply names one, not none."""
    said = describe(find_tactics("律師團隊協助追回被騙款項，免費諮詢"), "zh")
    assert said
    assert len(said.split(" · ")) == len(set(said.split(" · ")))


def test_an_old_classmate_alone_is_no_scam(seed_index: KnowledgeIndex) -> None:
    """claim_old_classmate is a `pair` hook: a reunion invitation stays low."""
    text = "我是你高中同學，還記得我嗎？下個月辦同學會，一起來吧"
    assert "claim_old_classmate" in {m.tactic.id for m in find_tactics(text)}
    assert check(Message(text=text), seed_index, model=False).risk == "low"


def test_an_accusation_naming_the_kind_of_fraud_is_no_warning() -> None:
    """你涉嫌一起電信詐騙案 is the fake officer's accusation; a news item that tells of one
    (警方破獲一起電信詐騙案) still frames what follows as advice."""
    fake = "我是派出所民警，你涉嫌一起電信詐騙案件，現在需要你配合調查，不要掛電話"
    assert assess(find_tactics(fake)).level in ("medium", "high")
    news = "警方破獲一起電信詐騙案，提醒民眾不要掛電話前轉帳"
    assert assess(find_tactics(news)).level == "low"


def test_pay_first_then_i_send_is_a_demand_for_money() -> None:
    for text in ("先俾錢後發貨", "先付款后发货", "先匯款再上架"):
        found = {m.tactic.id for m in find_tactics(text)}
        assert "demand_send" in found, (text, found)
