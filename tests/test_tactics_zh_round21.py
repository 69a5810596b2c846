"""Chinese tactics of round 21 (tactics_zh.yaml, the `hzh16 (round 21)` block at the end): a
chat-app ID set in 【】「」《》 brackets so keyword filters miss it, a first-person story of a
friend or someone met online who brought the writer into an exchange or platform to trade, and
a shill's praise of a stock teacher's "investment philosophy" or of the teacher's team. Each scam
is written in Traditional, Simplified and Cantonese and reaches `medium`; each genuine message
made of the same words stays silent and `low`. The messages are written for these tests, not
taken from any data set or probe set."""

from __future__ import annotations

import pytest
from test_tactics_zh_round14 import assert_fires_and_reaches_medium, assert_silent

from bot.engine import KnowledgeIndex, check
from bot.message import Message

# (tactic, script, scam)
SCAMS = [
    # a chat-app ID in brackets, with nothing else said
    ("lure_bracketed_contact", "zh-Hant", "有任何問題請第一時間聯絡我 LINE：【mk20931】"),
    ("lure_bracketed_contact", "zh-Hans", "详情加微信《vx8866》了解"),
    ("lure_bracketed_contact", "yue", "有興趣就搵我，TG「@win_hk88」"),
    # a friend or someone met online who brought them in to trade
    ("claim_invited_to_invest", "zh-Hant", "我是同事介紹我進去這個交易所操作的，目前還在觀察"),
    ("claim_invited_to_invest", "zh-Hans", "上个月认识一个网友，他一直叫我去投资虚拟币"),
    ("claim_invited_to_invest", "yue", "我係朋友帶我去呢個平台入金嘅，而家仲等緊"),
    # praise of a teacher's investment philosophy, or the teacher's team bringing stock news
    ("claim_teacher_praise", "zh-Hant", "林老師的投資理念很認可，跟著操作心裡很踏實"),
    ("claim_teacher_praise", "zh-Hans", "对老师的投资理念非常认同，眼光独到"),
    ("claim_teacher_praise", "yue", "陳老師嘅團隊每日都會分享股票資訊，好有用"),
]

# (tactic, genuine message with the same words)
GENUINE = [
    ("lure_bracketed_contact", "我的LINE是amy0923，有空聊"),
    ("lure_bracketed_contact", "加我微信（lily1990）就好"),
    ("lure_bracketed_contact", "165提醒：詐騙集團的賴【ws31452】請勿加入"),
    ("lure_bracketed_contact", "這個LINE「abc123」是詐騙嗎？"),
    ("lure_bracketed_contact", "請搜尋LINE官方帳號【台灣大哥大】"),
    ("claim_invited_to_invest", "朋友介紹我去這個讀書群，很不錯"),
    ("claim_invited_to_invest", "同事帶我去這家餐廳，好吃"),
    ("claim_invited_to_invest", "我認識一個會計師，他教我怎麼報稅"),
    ("claim_teacher_praise", "王老師的教學很棒，學生都很喜歡"),
    ("claim_teacher_praise", "台大研究團隊發現股市散戶常追高殺低"),
    ("claim_teacher_praise", "這本書講巴菲特的投資理念，值得一讀"),
]


@pytest.mark.parametrize(("tactic", "lang", "text"), SCAMS)
def test_each_round21_form_fires_on_its_scam_and_reaches_medium(
    index: KnowledgeIndex, tactic: str, lang: str, text: str
) -> None:
    assert_fires_and_reaches_medium(index, tactic, lang, text)


@pytest.mark.parametrize(("tactic", "text"), GENUINE)
def test_genuine_look_alikes_stay_silent_and_low(
    index: KnowledgeIndex, tactic: str, text: str
) -> None:
    assert_silent(tactic, text)
    assert check(Message(text=text), index, model=False).risk == "low", text

