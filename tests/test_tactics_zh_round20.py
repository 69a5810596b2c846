"""Chinese tactics of round 20 (tactics_zh.yaml, the `hzh10 (round 20)` forms at the end of
`more:`, the `round 20 (hzh10)` comments on demand_share and lure_free_tips, and the hzh10 block
at the end): the freebie forwards of LINE and Facebook said the other way round (download the
sticker, "I joined and got it", one per person, click to claim, comment and get a coffee), a
draw from the comments, "share it to three groups", the typing job's rate, a subsidy that wants
your ID and bank account or a photo of your passbook, a health card "to be stopped" with "press
9 for a person", "call back" after a watch-listed account, points lost today, a roads office's
sender tag, a stock "experiment", the webmail phish's buttons and the fake survey's gift-box
game. Each scam is written in Traditional and in Simplified and reaches `medium`; each genuine
message made of the same words stays silent, and a few genuine messages that show a one-part
form stay `low`. The messages are written for these tests, not taken from any data set or probe
set."""

from __future__ import annotations

import pytest
from test_tactics_zh_round14 import assert_fires_and_reaches_medium

from bot.engine import KnowledgeIndex, check
from bot.message import Message
from bot.tactics import assess, find_tactics

# (tactic, script, scam)
SCAMS = [
    # the sticker, voucher and coffee giveaways said the other way round
    ("lure_free", "zh-Hant", "點擊下方連結下載貼圖，限量送完為止 https://lihi.cc/sT1ck"),
    ("lure_free", "zh-Hans", "我加入就领到了星巴克饮料券，你也快加入 https://lin.ee/aBcDe"),
    ("lure_free", "zh-Hant", "送你免費電子書，下載App就能看：https://reurl.cc/x1Y2z"),
    ("lure_free", "zh-Hans", "限量福利，每人限领一次，快来 https://bit.ly/3aBcD"),
    ("lure_free", "zh-Hant", "只要留言即有咖啡一杯，分享本文並標記兩位好友"),
    ("lure_free", "zh-Hans", "要餐券赶快去领，https://reurl.cc/Ab12c"),
    ("lure_free", "zh-Hant", "快點擊領取你的購物金 https://sur.ee/xYz9"),
    # comment below, a draw from the comments, share it to N groups
    ("demand_share", "zh-Hant", "慶祝彩券行開出頭獎，中獎人送出10台iPad，只要底下留言＋1"),
    ("demand_share", "zh-Hans",
     "彩票站开出大奖，中奖人赞助两台新车，留言并分享本文，下周从名单中抽出两位"),
    ("demand_share", "zh-Hant", "免費貼圖大放送，分享到三個群組就能領取"),
    # the typing job's rate and same-day pay
    ("lure_task", "zh-Hant", "線上兼職，1000字120元，有興趣加賴：type888"),
    ("lure_task", "zh-Hans", "每天晚上结算工资，在家就能做，加微信：abc12345"),
    # a subsidy that wants your ID and bank account through its link, or photos of them
    ("demand_verify", "zh-Hant", "普發現金加碼！只要輸入身分證字號與銀行帳號即可登記 https://gov-cash.top"),
    ("demand_verify", "zh-Hans", "只要填写身份证号码和银行卡号就能申请补贴 http://gov-help.top"),
    ("lure_handout", "zh-Hant", "里長說政府發放防疫補助金，請把身分證影本跟存摺封面拍照傳給我"),
    ("lure_handout", "zh-Hans", "社会局发放生活补助，请把身份证照片和银行卡拍照发给我办理"),
    # a health card "to be stopped", press a key for a person
    ("pressure_freeze", "zh-Hant", "健保署通知：您的健保卡即將停用，詳情請按9由專人說明"),
    ("demand_call", "zh-Hans", "医保局通知：您的医保卡将于今日停用，请按1由专员处理"),
    # "call back" after a watch-listed account
    ("demand_call", "zh-Hant", "您的帳戶已被列為警示帳戶，請回撥02-2345-6789處理"),
    ("demand_call", "zh-Hans", "您的账户已列为警示账户，请回拨021-5566-7788"),
    # points lost today unless redeemed through the link
    ("lure_prize", "zh-Hant", "您的信用卡紅利點數即將於今日到期，立即兌換：https://ctbc-bonus.cc"),
    ("lure_prize", "zh-Hans", "您的里程数今天到期，请尽快兑换 http://air-miles.top"),
    # the roads office or the water company as the sender tag of a fine smish
    ("claim_brand_support", "zh-Hant", "【公路局】您有一筆停車費尚未繳納，繳費網址：https://thb-pay.top"),
    ("claim_brand_support", "zh-Hans", "【自来水公司】您的水费已逾期未缴，请立即缴费：http://water-pay.top"),
    # a stock "experiment" you take part in for free
    ("lure_free_tips", "zh-Hant", "王老師正在做台股操作實驗，名額30位，參加完全免費"),
    ("lure_free_tips", "zh-Hans", "老师带领的炒股实验，参与者不收任何费用"),
    # the webmail phish's buttons
    ("demand_click", "zh-Hans", "您的邮箱已满，请在这里增加空间，否则将无法收信"),
    ("demand_click", "zh-Hant", "您有4封未送達的郵件，請在下面修復"),
    # the fake survey's gift-box game
    ("lure_gift_box_game", "zh-Hant", "恭喜您成為今日幸運用戶！選對禮品盒就能贏取iPhone 15"),
    ("lure_gift_box_game", "zh-Hans", "选中正确的礼盒即可赢取三星手机，你有三次机会"),
]

# (tactic, genuine message with the same words)
GENUINE = [
    ("lure_free", "我下載了新的手機主題，好看嗎"),
    ("lure_free", "學校發的餐券要記得帶"),
    ("lure_free", "每人最多買兩份，請排隊"),
    ("lure_task", "這篇報告三千字，明天交"),
    ("demand_verify", "165提醒：請勿輸入身分證字號及銀行帳號到不明網站"),
    ("demand_share", "歡迎在文章底下分享你的想法"),
    ("lure_prize", "紅利點數將於年底到期，可至App兌換"),
    ("demand_call", "接到可疑電話，請回撥165查證"),
    ("claim_brand_support", "公路局公告：春節連假國道高乘載管制時段"),
    ("lure_free_tips", "這個投資實驗的研究發表在期刊上"),
    ("demand_click", "我在這裡增加了一些註解，你看一下"),
    ("lure_gift_box_game", "這個禮盒是中秋節特別版，你要選哪一個？"),
    ("lure_handout", "媽媽說她今天去公所辦事"),
]

# genuine messages that show one part of a round-20 form and stay `low` (no demand, no link)
ONE_PART = [
    ("lure_free", "里長通知：口罩每人限領一份，請帶健保卡到活動中心"),
    ("pressure_freeze", "舊的健保卡換發新卡後就會停用，請改用新卡"),
    ("demand_call", "訂位請按2由專人為您服務"),
    ("demand_share", "只要留言告訴我們你的意見就好"),
    ("lure_handout", "新聞：政府發放育兒津貼，家長可至區公所臨櫃申請"),
]


@pytest.mark.parametrize(("tactic", "lang", "text"), SCAMS)
def test_each_round20_form_fires_on_its_scam_and_reaches_medium(
    index: KnowledgeIndex, tactic: str, lang: str, text: str
) -> None:
    assert_fires_and_reaches_medium(index, tactic, lang, text)


@pytest.mark.parametrize(
    ("tactic", "text", "shown"),
    [(t, x, False) for t, x in GENUINE] + [(t, x, True) for t, x in ONE_PART],
)
def test_genuine_look_alikes_stay_low_silent_or_with_one_part_shown(
    index: KnowledgeIndex, tactic: str, text: str, shown: bool
) -> None:
    found = find_tactics(text)
    assert (tactic in {m.tactic.id for m in found}) == shown, (text, [m.tactic.id for m in found])
    assert assess(found).level == "low", text
    assert check(Message(text=text), index, model=False).risk == "low", text
