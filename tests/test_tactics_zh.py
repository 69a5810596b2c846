"""Chinese scam tactics as people write them (written Traditional, Simplified, Cantonese): the
short posts that sell a scam with no demand in sight (a teacher's testimonial, a shill who
vouches for a platform, a recovery tout), fake refunds, bills and fines, giveaways that ask
you to share; each beside an ordinary message made of the same words, which must stay low.
The messages are written for the tests, not taken from any data set."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import KnowledgeIndex, check
from bot.message import Message
from bot.tactics import Tactic, assess, describe, find_tactics, load_tactics

# (kind of writing, message, tactics it must show, least level of the tactics alone)
ZH_MORE_STORIES = [
    # a testimonial: following a teacher's calls made money (identity and lure, no demand)
    ("zh-Hant", "跟著林老師操作兩個月，賺了80萬，真的很感謝老師",
     {"claim_mentor", "lure_follow_profit"}, "medium"),
    ("zh-Hans", "跟着王老师的群买了三只股票，两周就赚了30%",
     {"claim_mentor", "lure_follow_profit"}, "medium"),
    ("yue", "跟住陳老師買咗幾隻股，一個月賺咗二十萬", {"claim_mentor", "lure_follow_profit"},
     "medium"),
    # a shill who vouches for a platform, with a payout as proof
    ("zh-Hant", "這家平台是真的，我有成功出金50萬，"
     "大家放心加入",
     {"claim_vouch", "lure_payout"}, "medium"),
    ("zh-Hans", "这个交易所是正规合法的，我已经提现了好几次", {"claim_vouch"}, "medium"),
    ("yue", "呢個平台係真嘅，唔係詐騙，我都有出金", {"claim_vouch"}, "medium"),
    # a recovery tout: the offer is the scam
    ("zh-Hant", "投資被騙別灰心，專業團隊協助追回資金，"
     "受害者可免費諮詢",
     {"claim_recovery_offer"}, "medium"),
    ("zh-Hans", "被骗了怎么办？反诈律师免费帮你追回被骗款项", {"claim_recovery_offer"},
     "medium"),
    ("yue", "俾人呃咗錢？我哋專業處理詐騙資金糾紛，即刻免費諮詢",
     {"claim_recovery_offer"},
     "medium"),
    # a search-engine headline that names a company as a scam twice, a recovery tout's bait
    ("zh-Hant", "宏達投資詐騙 宏達投資是詐騙嗎？三分鐘帶你了解", {"claim_scam_named"}, "medium"),
    ("zh-Hans", "鑫盛资本诈骗 鑫盛资本是不是诈骗吗", {"claim_scam_named"}, "medium"),
    ("yue", "恒富投資詐騙 恒富投資係咪詐騙", {"claim_scam_named"}, "medium"),
    # a fellow victim's story joined to getting the money back
    ("zh-Hant", "我之前也被假投資平台騙了300萬，後來透過律師把錢追回了",
     {"claim_fellow_victim", "claim_recovery"}, "medium"),
    ("zh-Hans", "我去年被投资群骗走了120万，后来找到人帮忙才把资金拿回",
     {"claim_fellow_victim", "claim_recovery"}, "medium"),
    ("yue", "我之前都俾人呃咗200萬，好彩最後啲錢追回咗", {"claim_fellow_victim", "claim_recovery"},
     "medium"),
    # dates as bait, moved to a chat app
    ("zh-Hant", "真的能約到，私密交友不用擔心，加賴 sexy520", {"lure_hookup", "demand_move_chat"},
     "medium"),
    ("zh-Hans", "外约上门服务，安全私密，加微信详谈",
     {"lure_hookup", "demand_move_chat"}, "medium"),
    ("yue", "包你約到靚女，即刻加我WhatsApp",
     {"lure_hookup", "demand_move_chat"}, "medium"),
    # a giveaway that asks you to comment and share
    ("zh-Hant", "彩券行開出頭獎，中獎人送出三台汽車，只要留言並分享即可參加抽獎",

     {"lure_prize", "demand_share"}, "medium"),
    ("zh-Hans", "恭喜中奖！转发到三个群即可领取现金红包",
     {"lure_prize", "demand_share"}, "medium"),
    ("yue", "限時免費送禮券，留言tag三個朋友就可以免費攞",
     {"lure_free", "demand_share"}, "medium"),
    # a refund or compensation from "support"
    ("zh-Hans", "您好，我是淘宝客服，您购买的商品有质量问题，我们将为您办理双倍赔偿，"
     "请加QQ 12345678",
     {"claim_brand_support", "lure_refund", "demand_move_chat"}, "medium"),
    ("zh-Hant", "您好，這裡是蝦皮客服，您的包裹遺失了，我們將退款給您，請點擊連結填寫資料",
     {"claim_support", "lure_refund", "demand_click"}, "medium"),
    ("yue", "我係順豐客服，你嘅包裹遺失咗，我哋會雙倍賠償俾你，麻煩你加WhatsApp",
     {"claim_brand_support", "lure_refund", "demand_move_chat"}, "medium"),
    # a bill or fine "from" an office, with a threat
    ("zh-Hant", "【監理站通知】您有交通罰款尚未繳納，逾期將吊銷駕照，請立即點擊連結繳清罰款",
     {"claim_brand_support", "demand_pay_bill", "pressure_deadline"}, "high"),
    ("zh-Hans", "【ETC客服通知】您的通行费欠费未缴，请于24小时内缴清，逾期将影响征信",
     {"claim_brand_support", "demand_pay_bill", "pressure_freeze"}, "high"),
    ("yue", "你好，我係京東金融客服，你之前開嘅校園貸賬戶未注銷，會影響個人征信，要即刻按指示操作",
     {"claim_brand_support", "demand_atm", "pressure_freeze"}, "high"),
    # what is left of a recovery tout's post cut short: the stranger's own loss, told with the
    # sum, or the money they say they got back
    ("zh-Hant", "我是去年被鼎盛國際騙走150萬的，對方一開始說是穩賺的投資",
     {"claim_victim_loss"}, "medium"),
    ("zh-Hans", "我在投资群里投入了80万，到现在一直不出金，后来认识了一位律师",
     {"claim_victim_loss"}, "medium"),
    ("yue", "我上年俾人呃咗60萬，後來有位師傅幫我追返", {"claim_victim_loss"}, "medium"),
    ("zh-Hant", "我已經成功拿回被騙的錢，真的很感謝陳律師", {"claim_recovery_offer"}, "medium"),
    ("yue", "幫你追返被呃嘅錢，唔成功唔收費", {"claim_recovery_offer"}, "medium"),
    # a headline that asks whether a platform is a scam and goes on, or lists named scams
    ("zh-Hant", "Goldwin平台是詐騙嗎？Goldwin詐騙手法大公開", {"claim_scam_named"}, "medium"),
    ("zh-Hans", "被恒信投资诈骗了怎么办？教你三步", {"claim_scam_named"}, "medium"),
    ("yue", "Zentrix係咪呃人？Zentrix詐騙懶人包", {"claim_scam_named"}, "medium"),
    ("zh-Hant", "FXPro8詐騙、BitWin詐騙，提領不出金的受害者看過來", {"claim_scam_named"},
     "medium"),
    # a shill: the company is real, "I work there too"; a platform praising itself as safe
    ("zh-Hant", "這是正規公司喔，我自己也做了三個月", {"claim_vouch_platform"}, "medium"),
    ("zh-Hans", "是真的，我也在做，每个月都有领到钱", {"claim_vouch_platform"}, "medium"),
    ("yue", "係真㗎，我自己都有做，出金好快", {"claim_vouch_platform"}, "medium"),
    ("zh-Hans", "恒星交易所致力于为用户提供安全、稳定的数字资产服务",
     {"claim_vouch_platform"}, "medium"),
    # a prize whose tax must be paid first: the tax named with its rate, or before the claim
    ("zh-Hant", "恭喜您中了週年抽獎二獎，領獎前須先繳交5%所得稅", {"lure_prize", "demand_fee"},
     "medium"),
    ("yue", "你中咗大抽獎頭獎，要交10%稅先可以攞獎金", {"lure_prize", "demand_fee"}, "medium"),
    # an escort ad, with no demand in the part kept
    ("zh-Hant", "台中外約，學生妹，全程安全", {"lure_escort"}, "medium"),
    ("zh-Hant", "我和我老婆就是在這個平台認識的，明年就要結婚了", {"lure_escort"}, "medium"),
    ("zh-Hans", "我也是被这个平台骗过的，后来才知道有办法", {"claim_victim_loss"}, "medium"),
    # a victim's story of the stock group that took them in
    ("zh-Hans", "我是被网友拉进一个股票群，在群里跟着老师的指导买股票", {"claim_victim_loss"},
     "medium"),
    ("yue", "我上個月俾朋友拉咗入一個炒股群，一開始有賺，後來就出唔到金", {"claim_victim_loss"},
     "medium"),
]

# The same words in ordinary Chinese: advice, family talk, news, a victim telling the police.
ZH_MORE_ORDINARY = [
    "警方提醒：自稱律師可以免費協助追回被騙款項的，都是詐騙，請撥打165查證",
    "小心！骗子会冒充反诈律师，说可以免费帮你追回被骗资金",
    "我跟老師說孩子這次考試退步了，老師說多練習就好",
    "這則訊息不是詐騙集團發的，是銀行的正式通知，可以打客服電話確認",
    "我去年被詐騙集團騙了20萬，已經報警了，大家要提高警覺",
    "今天跟同事去吃飯，他說買ETF比較穩，我還在考慮",
    "請幫忙轉發給親友，這是警方的防詐宣導",
    "收到一則詐騙簡訊，這是詐騙嗎？",
    "收到呢個詐騙短訊，係咪詐騙？",
    "收到诈骗短信这是诈骗吗",
    "媽，電費帳單來了，我下午去超商繳電費",
    "快遞說包裹破損，賣家已經退款給我了",
    "我哋今晚去邊度食飯？你話我知，我訂位",
    "老师今天布置了很多作业，明天要交",
    "聽日要交水費同電費，記得提我",
    # a police warning that quotes a scam, news in the third person, a victim asking for help,
    # a person asking about a platform once, fines in the news, a lost wallet found
    "警方提醒：近日有民眾被假投資詐騙300萬，切勿相信網路上的投資群組",
    "新聞：六旬男遭詐騙400萬，警方呼籲民眾提高警覺",
    "我被朋友騙了五萬塊，怎麼辦？",
    "我媽被詐騙集團騙了30萬，已經報案了",
    "我俾人呃咗十萬，點算好？",
    "Binance是詐騙嗎？",
    "呢個平台係咪呃人㗎？",
    "交通新制：闖紅燈罰款提高到3600元，下交流道插隊也要罰款",
    "本月起紅燈右轉罰新臺幣5400元，請轉告親友",
    "165提醒：如果點擊了不明連結，請立即聯絡銀行客服",
    "我已經成功找回遺失的錢包了，謝謝警察先生",
    "政府擴大獎助國內旅遊，詳情見新聞",
    "每年繳交的所得稅讓健保能夠運作",
    "週年慶抽獎活動，獎品有電視和機車，詳情請看 https://www.example.com.tw/event",
    "我和老公是在教會認識的，已經結婚十年了",
    "我兒子加入了學校的股票研究社，老師說要先學看財報",
    "爸爸每年五月都要去繳所得稅，今年可以網上報",
    "我以前也被網拍騙過，所以大家買東西要小心",
    "銀行加強反洗錢審查，開戶要多帶證件，詳情 https://www.example.com.tw/aml",
]

RISK = {"low": 0, "medium": 1, "high": 2}


def test_a_pair_of_parts_counts_only_when_both_stand_close() -> None:
    near = "跟著林老師操作，賺了80萬"
    far = "跟著林老師" + "，今天天氣很好" * 30 + "，賺了80萬"
    assert assess(find_tactics(near)).level == "medium"
    assert assess(find_tactics(far)).level == "low"


def test_the_parts_are_named_in_chinese_and_quoted_as_written() -> None:
    text = "這支基金確實是真的，我有成功出金50萬"
    matches = find_tactics(text)
    said = describe(matches, "zh")
    assert "擔保某投資平台或基金是真的" in said and "炫耀收到的派彩或利潤" in said
    quoted = [m.text.replace(",", "，") for m in matches]  # (the cleaned text's comma)
    assert "基金確實是真的" in quoted and all(q in text for q in quoted)  # not 确实


def test_the_chinese_list_adds_forms_and_tactics(tmp_path: Path) -> None:
    main = tmp_path / "tactics.yaml"
    main.write_text(
        "tactics:\n"
        "  - {id: a, part: claim, category: x, label: A, label_zh: 甲, zh: '老师'}\n"
        "  - {id: b, part: lure, category: x, label: B, label_zh: 乙, zh: '赚钱'}\n",
        encoding="utf-8",
    )
    zh = tmp_path / "tactics_zh.yaml"
    zh.write_text(
        "more:\n"
        "  - {id: a, pair: true, zh: '导师'}\n"
        "  - {id: b, replace: true, zh: '获利'}\n"
        "tactics:\n"
        "  - {id: c, part: claim, category: x, label: C, label_zh: 丙, alone: true, zh: '黑客'}\n",
        encoding="utf-8",
    )
    tactics = {t.id: t for t in load_tactics(main, zh)}
    assert tactics["a"].pair and tactics["a"].zh is not None
    assert tactics["a"].zh.search("导师") and tactics["a"].zh.search("老师")
    assert tactics["b"].zh is not None and tactics["b"].zh.search("赚钱") is None
    assert tactics["c"].alone
    assert {t.id for t in load_tactics(main, None)} == {"a", "b"}
    zh.write_text("more:\n  - {id: nope, zh: 'x'}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="nope"):
        load_tactics(main, zh)


def test_a_general_form_within_an_alone_one_is_not_named_twice() -> None:
    said = describe(find_tactics("投資被騙別灰心，專業團隊協助追回資金"), "zh")
    assert said == "聲稱可協助追回被騙款項（追款騙局）"


def test_which_hook_a_bare_demand_waits_for_is_read_from_the_list(tmp_path: Path) -> None:
    """`bare:` names the hook flag that turns a bare link or @account into a call to act; the
    same words with the flag on another hook stay low."""
    main = tmp_path / "tactics.yaml"

    def tactics(flag: str) -> list[Tactic]:
        main.write_text(
            "tactics:\n"
            f"  - {{id: t, part: lure, category: x, label: T, label_zh: 甲, strong: true,"
            f" {flag}: true,"
            " en: '\\bmade \\$\\d+'}\n"
            "  - {id: h, part: demand, category: x, label: H, label_zh: 乙, soft: true,"
            " bare: testimonial, en: '@\\w+'}\n",
            encoding="utf-8",
        )
        return load_tactics(main, None)

    text = "I made $900 this week, thank you @trader_joe"
    assert assess(find_tactics(text, tactics("testimonial"))).level == "medium"
    assert assess(find_tactics(text, tactics("link"))).level == "low"
    main.write_text(
        "tactics:\n  - {id: h, part: demand, category: x, label: H, label_zh: 乙, bare: a_cat}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="bare must be one of"):
        load_tactics(main, None)


@pytest.mark.parametrize(
    "text",
    [
        # a warning's heading on the scam
        "【警方提醒】你涉嫌洗黑錢，請即轉賬到安全賬戶配合調查。",
        "【警方提醒】您已涉嫌一宗詐騙案，立即將存款轉入監管賬戶，否則會被拘捕。",
        "警察提醒你：你涉嫌洗钱，马上把钱转到安全账户。",  # Simplified
        "【警方提示】您的賬戶涉及洗錢案件，須立即轉賬到安全賬戶。",
    ],
)
def test_a_warning_heading_does_not_hide_a_demand_made_to_the_reader(
    seed_index: KnowledgeIndex, text: str
) -> None:
    assert check(Message(text=text), seed_index).risk == "high"


@pytest.mark.parametrize(
    "text",
    [
        "警方提醒：騙徒會假冒警察，聲稱你涉嫌洗黑錢，要求你立即轉賬到安全戶口，切勿相信。",
        "【警方提醒】請市民立即提高警覺：騙徒冒充警察要求轉賬到安全戶口。",
        "警方提醒市民，如有人要求你轉賬到安全戶口，請立即報警。",
    ],
)
def test_a_warning_that_reports_the_scammers_words_stays_advice(
    seed_index: KnowledgeIndex, text: str
) -> None:
    assert check(Message(text=text), seed_index).risk == "low"


# The mainland's telecom-fraud kinds (and their Hong Kong and Taiwan forms), each in Simplified
# and in Traditional or Cantonese: (kind of writing, message, tactics it must show, least level).
TELECOM_FRAUD = [
    # fake support: a lost parcel or a faulty product, compensation through a link or a chat
    ("zh-Hans", "您好，我是快递理赔中心的，您的包裹在运输中遗失，我们为您申请了三倍理赔，"
     "请通过这个链接进入理赔通道", {"lure_refund", "demand_click"}, "medium"),
    ("yue", "你好，我哋係網店售後，你買嘅產品驗出有問題，會俾你退款同賠償，"
     "麻煩加客服WhatsApp 6123 4567", {"lure_refund", "demand_move_chat"}, "medium"),
    # "cancel the student loan you opened, or your credit suffers"
    ("zh-Hans", "同学您好，您大学期间在我平台注册过学生贷账户，现在需要注销，否则会影响您的征信",
     {"claim_student_loan"}, "medium"),
    ("zh-Hant", "您好，您在學生時期申請的校園貸帳戶尚未註銷，請盡快配合辦理",
     {"claim_student_loan"}, "medium"),
    # paid likes, paid follows
    ("zh-Hans", "招聘兼职，在家给视频点赞就能赚钱，一个赞3元，感兴趣回复1",
     {"lure_task", "demand_move_chat"}, "medium"),
    ("yue", "請兼職，喺屋企幫手俾like，每個$5，即日出糧，有興趣PM我",
     {"lure_task", "demand_move_chat"}, "medium"),
    # a loan that needs a fee first
    ("zh-Hans", "您的贷款已审批，因银行卡信息有误资金被冻结，需先缴纳解冻金2000元方可放款",
     {"demand_fee", "pressure_freeze"}, "medium"),
    ("yue", "我哋可以即日批你20萬貸款，唔使睇信貸報告，但要先俾$2000手續費",
     {"lure_loan", "demand_fee"}, "medium"),
    # fake police and prosecutors, a "safe" or "supervised" account, secrecy
    ("zh-Hans", "我是市公安局刑侦支队的，你名下的银行卡涉嫌洗钱，请把资金转到安全账户配合调查，"
     "不得告诉任何人", {"claim_police", "demand_move_funds", "pressure_arrest"}, "high"),
    ("zh-Hant", "這裡是地檢署，您的帳戶涉及詐騙案已列為警示帳戶，請將存款轉入監管帳戶，"
     "否則將依法拘提",
     {"claim_police", "demand_move_funds", "pressure_arrest"}, "high"),
    # a relative on a new number who needs money now
    ("zh-Hans", "妈，我换号了，这是我新号码，急需交房租，你先转我3000",
     {"claim_new_number", "demand_send", "pressure_deadline"}, "high"),
    ("yue", "爸，我換咗新號碼，而家急住要錢，入住$5000去呢個戶口先",
     {"claim_new_number", "demand_send"}, "high"),
    # a boss on a new account; a boss who wants a transfer kept quiet
    ("zh-Hans", "我是你们陈总，这是我新微信，明天上午到我办公室来一趟",
     {"claim_boss", "claim_leader_new_account"}, "medium"),
    ("zh-Hant", "我是王處長，我在開會不方便接電話，你先幫我轉8萬到這個帳戶，這件事先保密",
     {"claim_boss", "demand_send", "pressure_secrecy"}, "high"),
    # a relative in trouble
    ("zh-Hans", "阿姨，我是你儿子的同学，他出车祸住院了，急需手术费，请马上转账",
     {"claim_family_trouble", "demand_send"}, "high"),
    ("yue", "阿媽，我喺外面撞到人，要賠錢，唔好話俾阿爸知，快啲過數俾我",
     {"claim_family_trouble", "demand_send"}, "high"),
    # a card said to have lapsed, renewed through a link
    ("zh-Hans", "【ETC服务】您的ETC已失效，请立即点击链接重新认证 etc-renz.cn",
     {"claim_card_notice", "demand_click"}, "medium"),
    ("zh-Hant", "【健保署】您的健保卡即將停用，請點擊連結更新資料",
     {"claim_card_notice", "demand_click"}, "medium"),
    # "open a credit line so we can refund you"
    ("zh-Hans", "这边是京东客服，为了给您退款，需要您打开京东金条借出一笔额度，"
     "再转到我们的对公账户",
     {"claim_brand_support", "demand_credit"}, "high"),
    ("zh-Hant", "您好，我是客服，退款需要您開通借唄額度後才能到帳",
     {"claim_support", "demand_credit"}, "medium"),
    # game trades: a buyer's "platform", cheap game cards paid first
    ("zh-Hans", "想买你的王者号，我出2000，但要走我们指定的交易平台，你先交300保证金",
     {"lure_game", "demand_fee"}, "medium"),
    ("yue", "平價出售遊戲點數卡，八折，俾錢先再發卡號", {"lure_game", "demand_send"}, "medium"),
    # USDT arbitrage and buy-back
    ("zh-Hans", "USDT搬砖项目，差价套利，稳赚不赔，欢迎私信咨询",
     {"lure_otc", "demand_move_chat"}, "medium"),
    ("zh-Hant", "高於市價收U，隨時聯繫我，飛機@uBuyer99",
     {"lure_otc", "demand_move_chat"}, "medium"),
    # gambling sites, fake invoices and credit "repair", confiscated goods, army purchasers,
    # the "million-yuan cover" you never opened
    ("zh-Hans", "【金沙娱乐城】注册即送58元彩金，首充再送30%，官网 js777.cc",
     {"lure_gamble", "demand_click"}, "medium"),
    ("zh-Hant", "百家樂線上娛樂城，首儲送100%，加LINE領彩金", {"lure_gamble", "demand_move_chat"},
     "medium"),
    ("zh-Hans", "代开各类发票，点数优惠，验证后付款，联系电话 13912345678",
     {"lure_illicit_service", "demand_move_chat"}, "medium"),
    ("zh-Hant", "徵信修復、信用卡代還，專人處理，請加LINE諮詢", {"lure_illicit_service",
     "demand_move_chat"}, "medium"),
    ("zh-Hans", "海关罚没车辆低价处理，先交3000定金即可看车", {"lure_cheap_goods", "demand_send"},
     "medium"),
    ("yue", "特價出售iPhone，全新未拆，俾訂金先，WhatsApp 6789 1234",
     {"lure_cheap_goods", "demand_send"}, "medium"),
    ("zh-Hans", "您好，我是武警部队后勤的，需要订购一批物资，麻烦你先帮我们垫付一下货款",
     {"claim_military", "demand_send"}, "high"),
    ("zh-Hant", "我們是部隊採購，要訂500份便當，請你先墊付給我們指定的供應商",
     {"claim_military", "demand_send"}, "high"),
    ("zh-Hans", "您误开通了百万保障服务，每月扣费800元，如需取消请致电 400-882-1234",
     {"claim_order_error", "demand_call"}, "medium"),
    ("zh-Hant", "您已開通直播會員，每月自動扣款599元，取消請撥打 02-2345-6789",
     {"claim_order_error", "demand_call"}, "medium"),
    # commission for fake orders and reviews, the task scam's whole pitch
    ("zh-Hans", "帮商家刷好评，每单佣金20元，当天结算", {"lure_paid_orders"}, "medium"),
    ("zh-Hant", "幫忙網拍下單，我們全額退款再給你10%佣金", {"lure_paid_orders"}, "medium"),
    # a colleague or a boss on a new number asking a favour, in a hurry
    ("yue", "估下我係邊個？我係你舊同學，換咗新號碼，有啲急事想你幫手",
     {"claim_new_number", "demand_favour"}, "medium"),
    ("zh-Hans", "我是你老同事，刚换的手机号，有点急事想请你帮个忙",
     {"claim_new_number", "demand_favour"}, "medium"),
    # a court summons by phone menu; a call "put through" to the police
    ("zh-Hans", "您有一张法院传票未签收，请按9转人工，否则将强制执行",
     {"claim_police", "demand_call"}, "medium"),
    ("zh-Hant", "這裡是健保署，您的健保卡被盜用，我幫您轉接刑事局，請勿掛斷",
     {"claim_police", "demand_call"}, "medium"),
    # the boss's order passed on by a "secretary"
    ("zh-Hans", "我是王总的秘书，王总让你马上给这个供应商账户转20万，不要声张",
     {"claim_boss", "demand_send"}, "high"),
    ("zh-Hant", "老闆叫你先匯10萬到這個帳戶，合約之後補", {"claim_boss", "demand_send"}, "medium"),
    # mules: a cut for transfers through your account; an unused credit line
    ("zh-Hans", "在家帮忙转账就有钱赚，每笔抽成3%，请私信", {"lure_otc", "demand_move_chat"},
     "medium"),
    ("zh-Hans", "您有一笔20万的额度未使用，最快5分钟到账，需要的话回复1",
     {"lure_loan", "demand_move_chat"}, "medium"),
    # a contact spelled to dodge filters; a new finance head who wants you on QQ
    ("zh-Hans", "抖音点赞一个3元，一天轻松赚300，加 V 信 ab1234",
     {"lure_task", "demand_move_chat"}, "medium"),
    ("zh-Hans", "我是你们公司新来的财务总监，以后报销发给我，先加我的QQ", {"claim_boss",
     "demand_move_chat"}, "medium"),
    # an insider's tip from a lover's family
    ("zh-Hans", "我舅舅是券商经理，知道下周哪只股票会涨，你开个户我教你", {"lure_stock",
     "demand_install"}, "medium"),
    # a teacher's fee to a personal account by tonight; card details asked for a "refund"
    ("zh-Hans", "我是你孩子的班主任，春游费用260元今天必须交齐，请转到我个人微信",
     {"claim_teacher", "demand_send", "pressure_deadline"}, "high"),
    ("yue", "你好，我哋係網店客服，可以即時退款俾你，請提供信用卡號碼同有效日期",
     {"lure_refund", "demand_verify"}, "medium"),
    # a relative whose chat account was "stolen" wants gift cards; a supplier's "new account"
    ("zh-Hant", "姊，我的LINE被盜了，這是我新帳號，幫我買三張1000元的遊戲點數卡，序號拍給我",
     {"claim_new_number", "demand_send"}, "medium"),
    ("yue", "老細，我係你秘書，供應商改咗戶口，請你今日轉去新戶口", {"claim_new_number",
     "demand_send"}, "medium"),
    # a code to be replied with
    ("zh-Hans", "【微信团队】您的账号存在异常，请回复短信中的验证码完成身份确认",
     {"demand_secret"}, "high"),
    # a loan account "non-compliant" (the student-loan script without the student)
    ("zh-Hans", "您名下的网商贷账户涉嫌违规，国家要求清退，否则将上报征信", {"claim_student_loan"},
     "medium"),
    # a fake buyer's link; returns as a percentage after the word, with a fund manager
    ("zh-Hans", "你好，你在闲鱼卖游戏装备，我已经拍下了，你在我发的这个链接里确认收货就能收钱",
     {"lure_game", "demand_click"}, "medium"),
    ("yue", "我哋嘅基金經理上個月回報40%，而家得返少量名額，入$10000就得",
     {"claim_mentor", "lure_returns", "demand_send"}, "high"),
    # an uncle stranded; a recall "refund" that needs you to operate something now
    ("zh-Hans", "小李，我是你三舅，我在外地被人骗了回不去，你先给我打1500块路费",
     {"claim_new_number", "claim_family_trouble", "demand_send"}, "medium"),
    ("zh-Hans", "您买的吹风机被厂家召回，会给您退款再补偿80元，您现在方便操作吗？",
     {"lure_refund", "demand_atm"}, "medium"),
]

# Genuine notifications and talk made of the same words: bank, code, parcel and phone-bill
# messages, anti-fraud warnings, news, family and office talk.
TELECOM_ORDINARY = [
    "【京东】您申请的退款已审核通过，款项将原路退回",
    "【招商银行】您尾号1234的账户于12月1日入账工资8,000.00元",
    "【菜鸟驿站】您的包裹已到驿站，取件码 3-1-2045，请及时领取",
    "【腾讯科技】验证码 551023，请勿泄露给他人",
    "【中国移动】您的话费余额为8.50元，为避免停机请及时充值，可通过中国移动APP办理",
    "警方提醒：凡是自称公检法要求转账到安全账户的，都是诈骗",
    "【国家反诈中心】提醒您：陌生人让您下载APP、加QQ群做任务的，都是诈骗",
    "近日一女子接到自称快递客服的电话，称其包裹丢失可三倍理赔，该女子按要求开通备用金后被骗5万元",
    "王总，明天的会议改到下午三点，请您准时参加",
    "小王，我是李总的助理，李总让我通知你明天开会",
    "爸，我到学校了，这个月生活费够用，不用转钱给我",
    "我的ETC卡过期了，明天去银行换一张",
    "【闲鱼】您的宝贝已被买家拍下，请及时发货",
    "我上学时申请过助学贷款，现在已经还清了",
    "媽，我換咗新電話，號碼冇變",
    "【中華電信】您本期帳單金額為NT$599，可至超商繳費",
    "你要不要一起去吃饭？我请客",
    "本店可开具增值税专用发票，请在下单时备注公司抬头",
    "【招商银行】恭喜，您的信用卡已成功提额至5万元",
    "周末和朋友去澳门玩，住在威尼斯人酒店",
    "我爸以前在部队当兵，现在退休了",
    "【爱奇艺】您的会员将于12月10日自动续费15元，如需取消请在APP内操作",
    "刚收到一条短信说我的社保卡要认证，还让我点链接，这是真的吗？",
    "收到個WhatsApp話我中咗獎，要俾手續費先，係咪呃人㗎？",
    "老王，我是老李，周末一起去钓鱼吧",
    "我在淘宝帮我妈下单买了件羽绒服，明天到",
    "警方提醒：刷单返利、先垫付再返佣金的兼职都是诈骗",
    "同事，你能帮我个忙吗？下午帮我带份饭",
    "【警方提示】騙徒會冒充內地公安要求轉賬。如有懷疑，請致電防騙易熱線18222。",
    "老板叫你明天早点来开会",
    "家长您好，我是您孩子的班主任，请加入班级微信群",
    "我想去银行开个户存钱",
    "【反诈中心】“领导”加你微信让你转账？一定要当面或电话核实！",
    "165提醒：不要在不明網站輸入信用卡卡號",
    "后来他加了这位老师的微信，才知道被骗",
    "【腾讯】验证码 552013，请勿回复本短信，切勿泄露给他人",
    "我们公司的供应商下个月要换办公地址",
    "【支付宝】您的花呗额度已调整为5000元，详情可在支付宝APP查看",
    "老同学，好久不见，我换了个新号，存一下哈",
    # the Hong Kong police's own heading, and a person telling what a LINE message said
    "【警方提提你】有人扮親戚話喺內地出事要你過數，一定要先打電話核實。",
    "有人LINE我說可以幫忙代操股票、保證獲利，還要我加他的群組，這個是詐騙嗎？",
]


# Fake platforms' shills and advertorials, recovery touts' openings, fixed daily returns,
# a tax or deposit before a payout, cheap USDT as Hong Kong writes it.
SHILLS_AND_FEES = [
    # doubt answered by a payout: the shill's line
    ("zh-Hant", "本來以為是詐騙，結果真的有收到第一筆佣金，推薦大家", {"claim_doubt_then_paid"},
     "medium"),
    ("zh-Hans", "刚开始还怕被骗，后来真的提现到账了", {"claim_doubt_then_paid"}, "medium"),
    ("yue", "一開始以為係呃人嘅，點知後尾真係收到錢", {"claim_doubt_then_paid"}, "medium"),
    # an unknown exchange praised in press-release words
    ("zh-Hans", "Bitxone交易所致力于为全球用户提供安全的数字资产服务", {"claim_exchange_pr"},
     "medium"),
    ("zh-Hant", "Fintora科技重視合規化，積極申請各國虛擬資產牌照", {"claim_exchange_pr"},
     "medium"),
    ("zh-Hant", "經過查證，Bitxone交易所是真實存在的", {"claim_vouch_platform"}, "medium"),
    # a special account no broker offers
    ("zh-Hant", "透過聯資帳戶可以參與內外資的專屬交易", {"lure_special_account"}, "medium"),
    ("zh-Hans", "我们有机构专属通道，新股抽签100%中签", {"lure_special_account"}, "medium"),
    # the recovery tout's opening; a first-person loss with nothing after it
    ("zh-Hant", "投資被騙之後千萬不要慌，更不要一個人做決定，私訊我了解",
     {"claim_recovery_opening"}, "medium"),
    ("zh-Hans", "被骗了先别着急，也不要一个人做决定", {"claim_recovery_opening"}, "medium"),
    ("zh-Hant", "我之前也有被騙，後來才知道有人可以幫忙", {"claim_victim_loss"}, "medium"),
    # a fixed daily return
    ("yue", "跟住我哋嘅導師，每日穩定回報3%", {"lure_fixed_return"}, "medium"),
    ("zh-Hans", "平台每天固定收益5%，稳赚不赔", {"lure_fixed_return"}, "medium"),
    ("zh-Hant", "加入會員，日回報10%，保本保息", {"lure_fixed_return"}, "medium"),
    # a tax or deposit before the payout
    ("zh-Hant", "您的獲利已達50萬，出金前須先繳交20%稅金", {"lure_release_fee", "demand_fee"},
     "medium"),
    ("zh-Hans", "您的收益需先缴纳保证金才可提现", {"lure_release_fee", "demand_fee"}, "medium"),
    ("yue", "你嘅盈利要先俾10%稅先可以提款", {"lure_release_fee"}, "medium"),
    # cheap USDT, and "want in? find me"
    ("yue", "USDT平過市價3%，有需要搵我", {"lure_otc", "demand_move_chat"}, "medium"),
    ("zh-Hans", "出U，比币安便宜3%，私聊", {"lure_otc", "demand_move_chat"}, "medium"),
    ("yue", "師傅帶單，每日穩定回報3%，想加入就搵我",
     {"claim_mentor", "lure_fixed_return", "demand_move_chat"}, "medium"),
    # a company's name on both sides of "scam", written for search engines
    ("zh-Hant", "宏鑫資本詐騙是真的嗎？本文帶你了解宏鑫資本的套路", {"claim_scam_name_repeated"},
     "medium"),
    ("zh-Hans", "鑫盛资本诈骗 鑫盛资本骗了多少人", {"claim_scam_name_repeated"}, "medium"),
    # free stock tips from a teacher
    ("zh-Hant", "王老師免費分享飆股，想要的加入群組", {"lure_free_tips"}, "medium"),
    ("zh-Hans", "陈导师团队免费带单，每天推荐牛股", {"lure_free_tips"}, "medium"),
]

# The same words in genuine messages, news and advice.
SHILLS_AND_FEES_ORDINARY = [
    "我以為是詐騙電話，結果真的是銀行打來的",
    "本來怕被騙，後來還是去銀行臨櫃辦理了",
    "Coinbase交易所成立於2012年，總部位於美國",
    "币安交易所成立于2017年，总部位于开曼群岛",
    "Apple集團積極布局區塊鏈技術",
    "證交所提醒：坊間所謂「聯資帳戶」都是詐騙",
    "被騙後不要慌，立即撥打165反詐騙專線",
    "余額寶七日年化收益率2.1%",
    "这只基金去年收益率8%",
    "彩券獎金超過5000元需扣繳20%所得稅",
    "提款前請確認帳戶餘額",
    "今日比特幣比昨日平咗3%",
    "有需要搵我幫手搬屋",
    "请打电话给立法院的立委表达意见",
    "觀光局設立檢舉獎金，鼓勵民眾檢舉非法旅遊業者",
    "外籍旅客可申請退稅，詳情請看官網",
    "旅行社一定要加入品保協會並繳交保證金",
    "防範電信詐騙，電信業者將加強簡訊過濾",
    "台中詐騙集團落網，台中市警方破獲機房",
    "投资诈骗猖獗，投资人应提高警觉",
    "市府免費提供長者健康檢查",
    "这堂课免费，老师会讲基础的理财知识",
]


@pytest.mark.parametrize(
    ("lang", "text", "tactics", "least"), ZH_MORE_STORIES + TELECOM_FRAUD + SHILLS_AND_FEES
)
def test_each_chinese_story_shows_its_parts_and_reaches_its_level(
    seed_index: KnowledgeIndex, lang: str, text: str, tactics: set[str], least: str
) -> None:
    found = {m.tactic.id for m in find_tactics(text)}
    assert tactics <= found, f"{lang}: missing {tactics - found} in {text!r}"
    assert RISK[assess(find_tactics(text)).level] >= RISK[least], (lang, text)
    v = check(Message(text=text), seed_index, model=False)
    assert RISK.get(v.risk, 0) >= RISK[least], (lang, text, v.risk)


@pytest.mark.parametrize("text", ZH_MORE_ORDINARY + TELECOM_ORDINARY + SHILLS_AND_FEES_ORDINARY)
def test_ordinary_chinese_with_the_same_words_stays_low(
    seed_index: KnowledgeIndex, text: str
) -> None:
    assert assess(find_tactics(text)).level == "low", [m.tactic.id for m in find_tactics(text)]
    assert check(Message(text=text), seed_index).risk in ("low", "official")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # a relative on a new number with a transfer and a hurry; a boss moving to a new WeChat
        ("爸，我换号了，这是我新号码，明天急需用钱，先转我5000到这个卡号", "high"),
        ("你好，我是你领导，明天到我办公室来一趟，先加我新微信", "medium"),
        # 你會 is the threat spoken to the reader, not a report of what scammers say
        ("【警方提醒】你會立即被拘捕，請即轉賬", "high"),
    ],
)
def test_impersonation_and_a_threat_under_a_warning_heading_reach_their_level(
    seed_index: KnowledgeIndex, text: str, level: str
) -> None:
    assert check(Message(text=text), seed_index, model=False).risk == level


def test_a_reported_order_stays_advice_only_when_its_verb_stands_before_it() -> None:
    """騙徒會立即… reports what scammers do; 你會立即被拘捕 is the threat; 要不要 asks."""
    reported = "警方提醒：騙徒會立即要求你轉賬到安全賬戶，切勿相信"
    assert assess(find_tactics(reported)).level == "low"
    assert assess(find_tactics("【警方提醒】你會立即被拘捕，請即轉賬")).level == "high"
    pitch = "这个项目稳赚，是正规平台，你要不要试试，加你微信详细说"
    assert assess(find_tactics(pitch)).level == "medium"


def test_the_chinese_list_is_written_as_the_text_it_searches() -> None:
    """Patterns are searched in text folded to Simplified one character at a time (搵 to 揾,
    帳 to 账): a character the fold never leaves in the text can never match."""
    import yaml

    from bot.tactics import _PATH_ZH, _fold_char

    data = yaml.safe_load(_PATH_ZH.read_text(encoding="utf-8"))
    unreachable = {
        (t["id"], c)
        for t in (data.get("more") or []) + (data.get("tactics") or [])
        for c in t.get("zh") or ""
        if "\u3400" <= c <= "\u9fff" and _fold_char(c) != c
    }
    assert not unreachable


@pytest.mark.parametrize(
    "text",
    [
        # a free e-book to read, not a freebie to claim (the text model may still weigh it)
        "電子書免費下載閱讀，歡迎分享",
        "这本书的电子版可以免费下载阅读",
    ],
)
def test_a_free_read_is_no_freebie(text: str) -> None:
    assert "lure_free" not in {m.tactic.id for m in find_tactics(text)}
