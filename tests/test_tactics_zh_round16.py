"""Chinese tactics of round 16 (tactics_zh.yaml, `round 16 (hzh6)` comments): the shapes of the
Cofacts takedowns the rules still missed, written as forms of the tactics they belong to: a
first-person story in which a lawyer or "team" got the money back, a shill's doubt and then the
gain, an "is X a scam?" search headline that repeats the name, an advertorial's press-release
words with wealth promised to every member, a dating-app story and "it is real, stop smearing".
Each fires on a scam written in every script it claims and reaches `medium`, and stays silent on
a genuine message made of the same words (police news, a victim asking for help, a user asking
about a platform once, company news). The messages are written for these tests, not taken from
any data set or from the probe sets."""

from __future__ import annotations

import pytest
from test_tactics_zh_round14 import assert_fires_and_reaches_medium, assert_silent

from bot.engine import KnowledgeIndex, check
from bot.message import Message
from bot.tactics import find_tactics, negated

# (tactic, script, scam)
SCAMS = [
    # a helper, not the police, got the money back
    (
        "claim_recovery_offer",
        "zh-Hant",
        "我在一個外匯平台被騙了五十萬，後來經過一位顧問的協助，三個禮拜就把本金拿回來了",
    ),
    (
        "claim_recovery_offer",
        "yue",
        "我之前俾人呃咗廿萬，好彩經朋友介紹搵到律師，上個月已經攞返大部分",
    ),
    (
        "claim_recovery_offer",
        "zh-Hans",
        "我在网上被骗了十万，幸好遇到一个专业团队，一个月就把钱追回来了",
    ),
    # the doubt, then the gain
    ("claim_doubt_then_paid", "zh-Hant", "剛開始我也懷疑是假的，後來跟著操作兩個月就賺了十五萬"),
    ("claim_doubt_then_paid", "yue", "起初我都唔信，跟咗佢做三個禮拜，已經賺咗五萬"),
    ("claim_doubt_then_paid", "zh-Hans", "原本我也担心被骗，跟着群里操作，本金已经翻了一倍"),
    # a search headline: the name asked about, then the name again
    ("claim_scam_named", "zh-Hant", "Quorvex是詐騙嗎？Quorvex出金真相大公開"),
    ("claim_scam_named", "zh-Hans", "鼎泰国际靠谱吗？鼎泰国际是不是骗局"),
    ("claim_scam_named", "yue", "Bravix係咪呃人？Bravix平台評價"),
    # press-release verbs and wealth for every member; the era's opportunity and diversifying
    ("claim_firm_advertorial", "zh-Hant", "恆信集團深耕量化交易十年，幫助每一位會員穩步累積財富"),
    (
        "claim_firm_advertorial",
        "zh-Hans",
        "泰盈资本携手海外机构推出新计划，助力广大投资者实现财富自由",
    ),
    ("claim_firm_advertorial", "zh-Hant", "永晟科技緊抓時代機遇，不斷推進業務多元化佈局"),
    # a dating-app story in the first person; "it is real, stop smearing it"
    (
        "claim_romance_story",
        "zh-Hant",
        "我在交友軟體上有個男生主動加我，聊了兩個禮拜就說要帶我投資",
    ),
    # a teacher who had the writer install the platform's own app
    (
        "claim_private_trading_app",
        "zh-Hant",
        "我是在LINE群組認識助理的，她叫我先下載他們自己的App再入金",
    ),
    ("claim_private_trading_app", "zh-Hans", "导师让我注册他们公司自己的平台，说收益更稳定"),
    ("claim_private_trading_app", "yue", "個分析師叫我裝佢哋自己嘅交易App，話有內部價"),
    (
        "claim_scam_smear_defence",
        "zh-Hant",
        "這家公司是真的，我親自去查證過，那些人別再到處抹黑了",
    ),
]

# (tactic, genuine message with the same words)
GENUINE = [
    # the police or a court got it back; the doubt that ended in a
    # loss or in a bank's real notice
    ("claim_recovery_offer", "後來警方循線查到帳戶，幫我追回了一部分的錢"),
    ("claim_recovery_offer", "我被騙以後報了警，最後靠律師打官司才拿回一點點"),
    ("claim_doubt_then_paid", "一開始我也懷疑是詐騙，後來打去銀行問，原來是真的通知"),
    ("claim_doubt_then_paid", "原本以為可以賺錢，結果虧了一半"),
    # a user names the platform once and asks
    ("claim_scam_named", "有人聽過鼎泰國際嗎？我同事說很好賺，這是詐騙嗎？"),
    ("claim_scam_named", "請問Quorvex是詐騙嗎？我朋友叫我投資"),
    # company news: the verbs without the promise
    ("claim_firm_advertorial", "聯發科深耕晶片設計多年，今年營收創下新高"),
    ("claim_firm_advertorial", "隨著人工智慧蓬勃發展，多家企業宣布擴大投資"),
    # a warning about dating apps; a news item "verified"
    ("claim_romance_story", "我在交友軟體上看到很多詐騙，大家要小心"),
    ("claim_scam_smear_defence", "這則新聞是真的，記者有查證過"),
    # a firm's own app named by a colleague; a warning that quotes the teacher
    ("claim_private_trading_app", "我同事說可以下載他們公司自己的App訂便當"),
    ("claim_private_trading_app", "警方提醒：假老師會叫你下載他們自己的App，千萬別相信"),
    # the news's third person
    ("claim_victim_opening", "受害者之一的李先生說，他在網路上被騙了三十萬"),
]


@pytest.mark.parametrize(("tactic", "lang", "text"), SCAMS)
def test_each_round16_form_fires_on_a_scam_and_reaches_medium(
    seed_index: KnowledgeIndex, tactic: str, lang: str, text: str
) -> None:
    assert_fires_and_reaches_medium(seed_index, tactic, lang, text)


@pytest.mark.parametrize(("tactic", "text"), GENUINE)
def test_each_round16_form_stays_silent_on_its_genuine_counterpart(
    seed_index: KnowledgeIndex, tactic: str, text: str
) -> None:
    assert_silent(tactic, text)
    assert check(Message(text=text), seed_index, model=False).risk in ("low", "official")


# "so-called" and "says it can" (bot/tactics.py _WARNING_ZH, round 16) frame a recovery offer as
# what someone else claims; without them the same offer is the tout's.
FRAMED = [
    ("所謂的", "追款專家幫你拿回被騙的錢，其實都是騙子"),
    ("有些公司說自己能", "幫你追回被騙的錢，千萬不要相信"),
]


@pytest.mark.parametrize(("frame", "body"), FRAMED)
def test_so_called_and_says_it_can_frame_a_recovery_offer(
    seed_index: KnowledgeIndex, frame: str, body: str
) -> None:
    bare = {m.tactic.id for m in find_tactics(body)}
    assert "claim_recovery_offer" in bare, (body, bare)
    framed = {m.tactic.id for m in find_tactics(frame + body)}
    assert "claim_recovery_offer" not in framed, (frame + body, framed)
    assert check(Message(text=frame + body), seed_index, model=False).risk in ("low", "official")


def test_no_need_to_negates_only_within_its_clause() -> None:
    """不需 spares you what follows it in the same clause (no form to fill in); past a comma the
    request stands (不需任何費用，只要先轉我500元)."""
    spared = "不需填寫任何個人資料，現場出示證件即可"
    assert "demand_verify" not in {m.tactic.id for m in find_tactics(spared)}
    assert "demand_verify" in {m.tactic.id for m in find_tactics("請填寫個人資料")}
    asked = "不需任何費用，只要先轉我500元就能激活"
    assert "demand_send" in {m.tactic.id for m in find_tactics(asked)}
    assert negated("不需", 2) and not negated("不需任何費用，只要", 10)
