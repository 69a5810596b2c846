"""Chinese tactics of round 19 (tactics_zh.yaml, the `hzh9: short takedown fragments` block and
`round 19 (hzh9)` comments): the ~30-character shill comments of fake investment platforms that
Cofacts takes down (a held withdrawal explained as an "audit", a visit to the firm's office with
the signing, a named scammer and their assistant, agreeing with another comment and vouching for
the platform, a Latin-lettered brand's advertorial, "the girl is real but support..."). Each scam
fragment is written in Traditional and in Simplified (one in Cantonese) and reaches `medium`; each
genuine message made of the same words stays silent. The messages are written for these tests,
not taken from any data set or probe set."""

from __future__ import annotations

import pytest
from test_tactics_zh_round14 import assert_fires_and_reaches_medium, assert_silent

from bot.engine import KnowledgeIndex, check
from bot.message import Message

# (tactic, script, scam)
SCAMS = [
    ("claim_withdrawal_audit", "zh-Hant", "大家放心，出金金額太大才會被稽查，等審完就能入帳"),
    ("claim_withdrawal_audit", "zh-Hans", "别担心，提现被稽查是正常流程，配合一下就好"),
    ("claim_withdrawal_audit", "zh-Hant", "客服講是資安部門在做稽查，所以款項晚幾天"),
    ("claim_company_visit", "zh-Hant", "我前陣子去過他們公司，在高雄前鎮，現場就簽約了"),
    ("claim_company_visit", "zh-Hans", "我去过这家公司，在深圳南山，当天就签了约"),
    ("claim_company_visit", "zh-Hant", "想去他們公司參觀，有沒有朋友要陪我一起去"),
    ("claim_company_visit", "zh-Hans", "这家查得到登记，去过的朋友来交流一下吧"),
    ("claim_scammer_assistant_named", "zh-Hant", "我被林國華騙了95萬，他的助理是黃小雯"),
    ("claim_scammer_assistant_named", "zh-Hans", "本人被赵老师诈骗了六十万，助理叫周婷"),
    ("claim_scammer_assistant_named", "yue", "我俾陳生呃咗二十萬，佢助理叫阿珊"),
    ("claim_platform_testimony", "zh-Hant", "同意樓上，我在這個平台也待了好幾個月"),
    ("claim_platform_testimony", "zh-Hans", "楼上说得对，我在这个平台也做了一段时间"),
    ("claim_firm_advertorial", "zh-Hant", "Quorix正在積極拓展與多個國家的深度合作，前景可期"),
    ("claim_firm_advertorial", "zh-Hans", "Quorix台湾展开合作，进一步挖掘高净值人群"),
    ("claim_romance_story", "zh-Hant", "女生是真的啦，只是平台客服回很慢"),
    ("claim_romance_story", "zh-Hans", "女生是真实的，但是客服很难沟通"),
]

# (tactic, genuine message with the same words)
GENUINE = [
    ("claim_withdrawal_audit", "國稅局今年稽查重點是餐飲業的發票"),
    ("claim_withdrawal_audit", "临柜提款超过五十万，银行会依法关怀提问"),
    ("claim_withdrawal_audit", "出金申請已受理，將於兩個營業日內入帳"),
    ("claim_company_visit", "明天我要去他們公司開會，下午再回來"),
    ("claim_company_visit", "有去过这家公司面试的朋友，可以分享一下流程吗"),
    ("claim_company_visit", "有人去過這家餐廳嗎？週末想陪我一起去嗎"),
    ("claim_scammer_assistant_named", "新聞：婦人遭假投資詐騙180萬，警方已逮捕車手"),
    ("claim_scammer_assistant_named", "我的助理是小陈，有事可以找她"),
    ("claim_platform_testimony", "樓上說得對，這家的滷肉飯真的好吃"),
    ("claim_platform_testimony", "我在这个平台买东西也有一段时间了，物流很快"),
    ("claim_firm_advertorial", "台積電將與多國展開深度合作，擴大海外產能"),
    ("claim_romance_story", "這個女生是真的很會唱歌"),
]


@pytest.mark.parametrize(("tactic", "lang", "text"), SCAMS)
def test_each_round19_form_fires_on_a_fragment_and_reaches_medium(
    index: KnowledgeIndex, tactic: str, lang: str, text: str
) -> None:
    assert_fires_and_reaches_medium(index, tactic, lang, text)


@pytest.mark.parametrize(("tactic", "text"), GENUINE)
def test_genuine_messages_with_the_same_words_stay_silent(
    index: KnowledgeIndex, tactic: str, text: str
) -> None:
    assert_silent(tactic, text)
    assert check(Message(text=text), index, model=False).risk == "low", text
