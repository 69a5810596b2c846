"""Chinese tactics of round 15 (tactics_zh.yaml, `# round 15 (hzh5)`): the structure of the short
scam posts (a chat ID joined to a lure; a payout "stuck" and help offered; an exclusive trading
channel; a shill calling critics smear-mongers; a firm's advertorial), not a campaign's names.
Each fires on a scam written in every script it claims and reaches `medium`, and stays silent on
a genuine message made of the same words. The messages are written for these tests, not taken
from any data set or from the probe sets."""

from __future__ import annotations

import pytest
from test_tactics_zh_round14 import assert_fires_and_reaches_medium, assert_silent

from bot.engine import KnowledgeIndex, check
from bot.message import Message
from bot.tactics import assess, find_tactics

RISK = {"low": 0, "official": 0, "medium": 1, "high": 2}

# (tactic, script, scam)
SCAMS = [
    # a contact ID beside a lure, in any bracket, before or after it
    ("lure_contact_pitch", "zh-Hant", "投資失利免費評估，賴【gold3388】專人回覆"),
    ("lure_contact_pitch", "zh-Hant", "LINE ID：（tw55661）老師帶單，勝率九成"),
    ("lure_contact_pitch", "zh-Hant", "娛樂城輸錢可以拿回嗎？賴「kk9090」"),
    ("lure_contact_pitch", "zh-Hans", "网投被骗挽回损失，加微信 yx2020 咨询"),
    ("lure_contact_pitch", "zh-Hans", "博彩平台赢钱不给提？飞机 @getback_team 协助"),
    ("lure_contact_pitch", "yue", "俾人呃咗錢想追返？Line：hk3321 免費幫你睇"),
    # a payout that will not come, and help offered for it
    ("lure_payout_blocked_help", "zh-Hant", "平台出金審核不過嗎？我們團隊可以協助處理"),
    ("lure_payout_blocked_help", "zh-Hans", "提现失败被冻结？专业人员帮你解决，成功再收费"),
    ("lure_payout_blocked_help", "yue", "投資網站唔俾出金？我哋有專人幫你搞掂"),
    ("lure_payout_blocked_help", "zh-Hans", "专业出黑，各大网站均可操作"),
    # exclusive channels, insider allotments, daily payouts
    ("lure_platform_channel", "zh-Hant", "本公司開放內外資專屬交易通道，名額不多"),
    ("lure_platform_channel", "zh-Hant", "現股當沖不用本金，明天就能開始"),
    ("lure_platform_channel", "zh-Hans", "新股内部配售开放了，今晚截止"),
    ("lure_platform_channel", "yue", "呢個基金日日派息，保本保息，好穩陣"),
    ("lure_platform_channel", "zh-Hans", "跟上节奏，每天稳定盈利3个点"),
    # a shill who calls the scam's critics liars
    ("claim_scam_smear_defence", "zh-Hant", "說這家是詐騙的都是眼紅，在網上詆毀別人"),
    ("claim_scam_smear_defence", "zh-Hans", "某某资本被诬陷诈骗，特此澄清"),
    ("claim_scam_smear_defence", "yue", "話我哋係騙子嘅人，全部都係喺網上抹黑"),
    # a firm's own advertorial words
    ("claim_firm_advertorial", "zh-Hant", "鼎晟資本專注服務高淨值客戶，提供全方位資產配置"),
    ("claim_firm_advertorial", "zh-Hans", "该交易所总部位于迪拜，其核心团队来自多国投行"),
    ("claim_firm_advertorial", "zh-Hant", "歡迎報名參加亞洲金融挑戰賽，贏取百萬獎金"),
    # a shill's months on the platform, or a platform "truly real"
    ("claim_platform_testimony", "zh-Hant", "我在這個平台做了半年，很穩定，每個月都有出金"),
    ("claim_platform_testimony", "zh-Hans", "鼎丰投资集团我查过了，确实是真实的，大家放心"),
    # a platform's Latin name around "scam", twice
    ("claim_scam_latin_name_repeated", "zh-Hant", "Zentrix詐騙 Zentrix是詐騙嗎？被Zentrix騙"),
]

# (tactic, genuine message with the same words)
GENUINE = [
    # an ID with no lure; a warning that quotes the touts; a question about one
    ("lure_contact_pitch", "週末烤肉的照片我放在相簿了，我的LINE ID是kevin0812"),
    ("lure_contact_pitch", "警政署提醒：網路上自稱可追回被騙款項並留下賴ID的，都是詐騙"),
    ("lure_contact_pitch", "有人留言說可以幫我追回錢，叫我加他賴ab1234，這是詐騙嗎？"),
    ("lure_contact_pitch", "165呼籲：看到「免費諮詢追回，加賴」的貼文，請勿聯繫"),
    ("lure_contact_pitch", "律師公會每月提供法律諮詢，報名請上官網"),
    # a payout delayed, told by a user; the news's "出黑" in quotation marks
    ("lure_payout_blocked_help", "我在券商的提款還在處理中，明天再問營業員"),
    ("lure_payout_blocked_help", "警方破獲所謂「出黑」集團，專騙賭客"),
    # a broker's own notices on dividends and day trading
    ("lure_platform_channel", "本基金每月配息，配息不代表報酬，投資前請詳閱公開說明書"),
    ("lure_platform_channel", "當沖交易風險較高，請審慎評估自身財務狀況"),
    ("lure_platform_channel", "聽講有人兜售「專屬交易通道」，呢啲都係騙局"),
    # a smear in politics, naming no scam
    ("claim_scam_smear_defence", "選舉到了，候選人互相抹黑，選民要自己判斷"),
    # a genuine finance headline with no advertorial words
    ("claim_firm_advertorial", "央行今天宣布維持利率不變，股市小幅上漲"),
]


@pytest.mark.parametrize(("tactic", "lang", "text"), SCAMS)
def test_each_round15_tactic_fires_on_a_scam_and_reaches_medium(
    seed_index: KnowledgeIndex, tactic: str, lang: str, text: str
) -> None:
    assert_fires_and_reaches_medium(seed_index, tactic, lang, text)


@pytest.mark.parametrize(("tactic", "text"), GENUINE)
def test_each_round15_tactic_stays_silent_on_its_genuine_counterpart(
    seed_index: KnowledgeIndex, tactic: str, text: str
) -> None:
    assert_silent(tactic, text)


def test_the_contact_id_is_quoted_in_the_users_own_characters() -> None:
    """The match quoted back holds the user's Traditional characters and the ID as written (the
    full-width bracket is read as its ASCII form)."""
    text = "被騙免費諮詢賴（Abc12345）"
    quoted = [m.text for m in find_tactics(text) if m.tactic.id == "lure_contact_pitch"]
    assert quoted
    assert any("諮詢" in q and "賴" in q and "Abc12345" in q for q in quoted)


# The anti-fraud line's and the police's own headings quote the touts' posts word for word; what
# follows them in the sentence is a warning (bot/tactics.py _WARNING_ZH, round 15). Without the
# heading the same words are the tout's.
HEADED = [
    ("165提醒：", "網路上寫著「受害者免費諮詢、幫你追回」的貼文都是陷阱"),
    ("警方呼籲：", "看到「律師協助追回款項」的廣告就不要理會"),
    ("警務處提提你：", "聲稱可以幫你追返被騙款項嘅人唔好信"),
]


@pytest.mark.parametrize(("heading", "body"), HEADED)
def test_an_anti_fraud_heading_makes_the_quoted_tout_a_warning(
    seed_index: KnowledgeIndex, heading: str, body: str
) -> None:
    recovery = {"claim_recovery_offer", "lure_contact_pitch"}
    bare = {m.tactic.id for m in find_tactics(body)}
    assert bare & recovery, (body, bare)  # the tout's words, unframed
    headed = {m.tactic.id for m in find_tactics(heading + body)}
    assert not headed & recovery, (heading + body, headed)
    assert check(Message(text=heading + body), seed_index, model=False).risk in ("low", "official")


def test_a_funds_disclaimer_is_no_promise_of_returns(seed_index: KnowledgeIndex) -> None:
    """配息不代表保證收益 denies the promise that 保證收益 alone makes."""
    promise = "這檔基金保證收益，穩穩賺"
    assert "lure_returns" in {m.tactic.id for m in find_tactics(promise)}
    disclaimer = "本基金配息不代表保證收益，投資人應審慎評估"
    assert "lure_returns" not in {m.tactic.id for m in find_tactics(disclaimer)}
    assert check(Message(text=disclaimer), seed_index, model=False).risk in ("low", "official")


@pytest.mark.parametrize(
    ("tactic", "text"),
    [
        ("claim_platform_testimony", "我在這個平台做了半年，很穩定，每個月都有出金"),
        ("claim_platform_testimony", "鼎豐投資集團我查過了，確實是真實的，大家放心"),
        ("claim_platform_testimony", "朋友推荐下载注册的，很好用，很安全"),
    ],
)
def test_a_shills_tenure_or_truly_real_reaches_medium(
    seed_index: KnowledgeIndex, tactic: str, text: str
) -> None:
    found = find_tactics(text)
    assert tactic in {m.tactic.id for m in found}, (text, [m.tactic.id for m in found])
    assert RISK[check(Message(text=text), seed_index, model=False).risk] >= 1, text


@pytest.mark.parametrize(
    "text",
    [
        "我在這個群組潛水半年了，第一次發言，大家好",
        "這張照片是真實的，不是合成的",
        "朋友推薦我下載這個記帳App，但我還沒用",
    ],
)
def test_ordinary_words_about_time_in_a_group_are_no_testimony(text: str) -> None:
    assert "claim_platform_testimony" not in {m.tactic.id for m in find_tactics(text)}


def test_free_legal_advice_is_a_recovery_offer_only_beside_a_case(
    seed_index: KnowledgeIndex,
) -> None:
    """免費法律 with a scam case or a "volunteer" beside it is the tout's; a law firm's free
    consultation hours are not."""
    tout = "被騙了嗎？可以聯繫免費法律案件處理志工"
    assert "claim_recovery_offer" in {m.tactic.id for m in find_tactics(tout)}
    firm = "本事務所每週三提供免費法律諮詢，歡迎預約"
    assert "claim_recovery_offer" not in {m.tactic.id for m in find_tactics(firm)}
    assert check(Message(text=firm), seed_index, model=False).risk in ("low", "official")


def test_a_latin_name_repeated_around_scam_is_a_touts_headline() -> None:
    headline = "Zentrix詐騙 Zentrix是詐騙嗎？被Zentrix騙了怎麼辦"
    assert "claim_scam_latin_name_repeated" in {m.tactic.id for m in find_tactics(headline)}
    assert assess(find_tactics(headline)).level in ("medium", "high")
    warning = "LINE詐騙訊息很多，用LINE的時候要小心"
    assert "claim_scam_latin_name_repeated" not in {m.tactic.id for m in find_tactics(warning)}
