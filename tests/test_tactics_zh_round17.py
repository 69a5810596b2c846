"""Chinese tactics of round 17 (tactics_zh.yaml, `hzh7` / `round 17 (hzh7)` comments): the webmail
phish's "mailbox full / mail undelivered / box closing" story, the parcel smish's "it is out, act
now" with its link, the fake anniversary giveaway that asks you to comment, share or forward it
to N people, the member-gets-member "I joined and got a voucher, use my code", and free adult
videos behind a link; and rules made narrower where Chinese forwards tripped them (申請人 read
as hiring, news "blockaded" or a food "blacklist" read as a threat to your account). Each scam
is written in the script it claims and reaches `medium`; each genuine message made of the same
words stays silent. The messages are written for these tests, not taken from any data set or
probe set."""

from __future__ import annotations

import pytest
from test_tactics_zh_round14 import assert_fires_and_reaches_medium, assert_silent

from bot.engine import KnowledgeIndex, check
from bot.message import Message
from bot.tactics import assess, find_tactics

# (tactic, script, scam)
SCAMS = [
    # the mailbox is full, mail is stuck, the box is closing: and a button to "fix" it
    ("lure_mailbox", "zh-Hans", "您的邮箱存储空间已满，新邮件将被退回，请点击这里升级"),
    ("lure_mailbox", "zh-Hant", "您有3封郵件因伺服器錯誤未能送達，點擊此處查收"),
    ("lure_mailbox", "yue", "你嘅郵箱就快爆，新郵件會被退回，㩒呢度擴充容量"),
    # the parcel is out or waiting, act at once, with a link
    (
        "lure_parcel_waiting",
        "zh-Hant",
        "包裹已到達派送站，請您盡快點擊確認收件地址 http://pkg-tw.top/a",
    ),
    ("lure_parcel_waiting", "zh-Hans", "您的快递已派送，请及时查收 http://sf-kd.cc/q"),
    # a brand celebrating, something free, and a comment, share or forward to qualify
    ("lure_celebration_giveaway", "zh-Hant", "慶祝蝦皮五週年，只要留言「我愛蝦皮」就送購物金"),
    ("lure_celebration_giveaway", "zh-Hans", "庆祝用户破亿，把这条消息转发给10个好友就送会员"),
    ("lure_celebration_giveaway", "yue", "慶祝開業十周年，分享呢個post就送你一杯咖啡"),
    ("lure_celebration_giveaway", "zh-Hant", "頭獎得主決定分紅送出兩台機車給大家，留言即可抽獎"),
    # free adult videos or a "private group" behind a link
    ("lure_adult_spam", "zh-Hant", "成人影片全部免費看，點擊進入 http://xv-tw.top"),
    ("lure_adult_spam", "zh-Hans", "看片神器来了，点这里下载 https://kp-app.cc/d"),
]

# (tactic, genuine message with the same words)
GENUINE = [
    # a provider's own notice and a maintenance notice
    ("lure_mailbox", "您的QQ邮箱已使用容量80%，可在设置中清理附件"),
    ("lure_mailbox", "本週六凌晨郵件系統例行維護，期間暫停收發，敬請見諒"),
    # a courier's real texts say who brings it or where to pick it up
    ("lure_parcel_waiting", "【順豐速運】您的快件已由派送員陳先生派送，請注意查收"),
    ("lure_parcel_waiting", "你的包裹已送達7-ELEVEN門市，請於7日內取貨"),
    # a real anniversary sale sells; a firm's anniversary gives nothing away
    ("lure_celebration_giveaway", "新光三越週年慶開跑，化妝品滿5000送500，記得帶會員卡"),
    ("lure_celebration_giveaway", "本行慶祝成立五十週年，即日起存款專案利率1.8%"),
    ("lure_celebration_giveaway", "新聞：頭獎得主匿名捐出一千萬給家扶基金會"),
    # news and a group's rules name pornography without offering any
    ("lure_adult_spam", "新聞：警方破獲散布色情影片的網站，逮捕三名嫌犯"),
    ("lure_adult_spam", "本群禁止廣告、色情、政治內容，違者踢出"),
    # a chain letter's "send it to 20 people" promises no gift
    ("demand_share", "收到此信息的人要在24小時內傳給20個人，否則會倒楣一整年"),
    # 申請人 is an applicant, not a job offer
    ("claim_recruiter", "符合資格者可線上申請，申請人應具備下列條件"),
    # blockaded news and a list of foods threaten no one's account
    ("pressure_freeze", "這段新聞被封鎖，台灣看不到"),
    ("pressure_freeze", "十大致癌食物黑名單，第一名竟是它"),
]

# the narrowed forms still fire on what they are for
STILL = [
    ("claim_recruiter", "我哋餐廳請人，時薪六十蚊，有興趣PM"),
    ("pressure_freeze", "您的帳戶已被封鎖，請盡快驗證身份"),
    ("pressure_freeze", "您的号码已被列入黑名单"),
    ("demand_share", "把這則訊息傳給20個人，就送你一組免費貼圖"),
]


@pytest.mark.parametrize(("tactic", "lang", "text"), SCAMS)
def test_each_round17_form_fires_on_a_scam_and_reaches_medium(
    seed_index: KnowledgeIndex, tactic: str, lang: str, text: str
) -> None:
    assert_fires_and_reaches_medium(seed_index, tactic, lang, text)


@pytest.mark.parametrize(("tactic", "text"), GENUINE)
def test_each_round17_form_stays_silent_on_its_genuine_counterpart(
    seed_index: KnowledgeIndex, tactic: str, text: str
) -> None:
    assert_silent(tactic, text)
    assert check(Message(text=text), seed_index, model=False).risk in ("low", "official")


@pytest.mark.parametrize(("tactic", "text"), STILL)
def test_narrowed_forms_still_fire_on_their_own_kind(tactic: str, text: str) -> None:
    found = {m.tactic.id for m in find_tactics(text)}
    assert tactic in found, (text, found)


def test_a_parcel_notice_needs_its_link() -> None:
    """The parcel story is a hook its bare link completes: the same words with no link stay low."""
    text = "您的快递已派送，请及时查收"
    assert "lure_parcel_waiting" in {m.tactic.id for m in find_tactics(text)}
    assert assess(find_tactics(text)).level == "low"
