"""Chinese scam phrases (knowledge/phrases/zh-HK): what the shipped knowledge base flags and
what it leaves alone, in Traditional and Simplified script. The messages are invented for
these tests, one per kind of scam; none is taken from the evaluation set."""

from __future__ import annotations

import opencc
import pytest

from bot.engine import KnowledgeIndex, check
from bot.knowledge import Knowledge, PhraseFile
from bot.message import Message
from bot.phrases import PhraseIndex

FLAGGED = ("medium", "high")
CATEGORIES = {
    "investment", "fake_support", "phishing", "airdrop_giveaway", "romance", "job_task",
    "official_impersonation", "recovery", "seed_phrase", "fake_platform", "otc_p2p",
    "address_poisoning", "prize_lottery", "parcel_delivery", "impersonating_contact",
}  # fmt: skip


def zh_files(kb: Knowledge) -> list[PhraseFile]:
    return [pf for pf in kb.phrases if pf.lang == "zh-HK"]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # Traditional, Hong Kong and Taiwan wording
        ("王老師帶單，保證獲利，今晚加入VIP群組一齊賺", "investment"),
        ("明日飆股搶先看！有興趣加我賴免費領取", "investment"),
        ("我係內地公安，你涉嫌洗黑錢，要將資金轉去安全戶口配合調查", "official_impersonation"),
        ("這裡是地檢署，你的身分證被冒用，偵查不公開，請勿張揚", "official_impersonation"),
        ("官方客服：請提供助記詞以驗證錢包，否則資產將被凍結", "seed_phrase"),
        ("在家兼職，動動手指點讚賺錢，每單佣金即時到賬", "job_task"),
        ("您的信用分不足，需繳納解凍費才能提現", "fake_platform"),
        ("【香港郵政】你嘅包裹因地址不完整無法派送，請撳連結更新地址", "parcel_delivery"),
        ("你有一筆交通罰款逾期未繳，請點此查詢並繳費", "phishing"),
        ("【電訊】您的積分將於今日到期，請盡快兌換獎品，逾期作廢", "phishing"),
        ("專業黑客協助追款，百分百追回被騙資金", "recovery"),
        ("限時活動：轉入任何數額，雙倍返還到你的錢包", "airdrop_giveaway"),
        ("恭喜您成為幸運用戶，獲得現金大獎，請先繳交領獎手續費", "prize_lottery"),
        ("寶貝，我舅舅知道平台有漏洞，帶你一起投資", "romance"),
        ("高價收U，脫離平台私下交易", "otc_p2p"),
        # Simplified, Mainland wording: the matcher folds the script
        ("我们的导师每天带单，稳赚不赔，日收益很高", "investment"),
        ("淘宝刷单返佣，先垫付后返还，日赚五百", "job_task"),
        ("我是公安局的，你涉嫌洗钱，请把钱转到安全账户", "official_impersonation"),
        ("你的钱包需要同步，请把私钥发给我们的技术人员", "seed_phrase"),
        ("您的账户存在风险，请下载远程协助软件", "fake_support"),
        ("做任务被卡单了，客服说要充值做单才能解冻任务", "job_task"),
    ],
)
def test_chinese_scam_messages_are_flagged(
    seed_index: KnowledgeIndex, text: str, category: str
) -> None:
    v = check(Message(text=text), seed_index)
    assert v.risk in FLAGGED, [f.detail for f in v.findings]
    assert category in {c.id for c in v.categories}


@pytest.mark.parametrize(
    "text",
    [
        "我今日喺交易所買咗啲BTC",
        "今日比特幣又升咗，我喺錢包度睇到餘額多咗",
        "有冇人知道點樣喺交易所出金去銀行戶口？",
        "我今天在币安上买了点ETH，手续费有点高",
        "我在币安做P2P，买家已付款，我确认到账后就放币了",
        "呢個空投我都有領，不過要小心假網站",
        "記住唔好將助記詞話俾任何人知，抄低喺紙度收好",
        "我上個禮拜網購嘅包裹仲未到，你嗰個到咗未？",
        "你的驗證碼是123456，請勿提供給他人",
        "您的定期存款將於今日到期，本金及利息已轉入您的儲蓄戶口",
        "【財政部】恭喜您本期統一發票中獎，請至APP查看領獎方式",
        "我在家兼職做翻譯，時間比較自由",
        "你可唔可以幫我先墊付住個按金，我聽日還你",
        "新聞話有個男人涉嫌洗黑錢被警方拘捕",
        "我朋友被騙了，想問下點樣追回損失",
        "今天又要去搬砖了，好累",
        "股市今天大漲，台積電漲停，你有沒有買",
        "我們加賴吧，之後比較好聯絡",
    ],
)
def test_ordinary_chinese_messages_are_not_flagged(seed_index: KnowledgeIndex, text: str) -> None:
    v = check(Message(text=text), seed_index)
    assert v.risk not in FLAGGED, [f.detail for f in v.findings]


def test_every_chinese_phrase_is_found_inside_unsegmented_text_in_both_scripts(
    seed_kb: Knowledge, seed_index: KnowledgeIndex
) -> None:
    """Chinese has no spaces: a phrase must match in the middle of a sentence, and its
    Simplified form must match the Traditional phrase."""
    t2s = opencc.OpenCC("t2s")
    missed = []
    for pf in zh_files(seed_kb):
        for p in pf.phrases:
            for text in (f"你好今日{p.text}唔該晒", t2s.convert(f"您好今天{p.text}謝謝您")):
                found = {m.phrase.text for m in seed_index.phrases.match(text)}
                if p.text not in found:
                    missed.append(text)
    assert missed == []


def test_chinese_phrase_files_cover_every_category(seed_kb: Knowledge) -> None:
    files = zh_files(seed_kb)
    assert {pf.category for pf in files} == CATEGORIES
    texts = [p.text for pf in files for p in pf.phrases]
    assert len(texts) >= 190
    assert len({(pf.category, p.text) for pf in files for p in pf.phrases}) == len(texts)
    assert all(0.3 <= p.weight <= 0.95 for pf in files for p in pf.phrases)


# The matcher on Chinese text, on a small phrase list: the problems the seed phrases ran into.
def _zh_index(*phrases: str) -> PhraseIndex:
    return PhraseIndex.build([(p, "seed_phrase", 0.5, "zh-HK") for p in phrases])


def _zh_found(idx: PhraseIndex, text: str) -> set[str]:
    return {m.phrase.text for m in idx.match(text)}


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("助記詞發給", "助記詞"),
        ("繳交保證金", "保證金"),
        ("借用你的戶口", "你的戶口"),
        ("添加LINE", "加LINE"),
        ("添加LINE", "好呀，加LINE啦"),
    ],
)
def test_a_piece_of_a_phrase_is_not_the_phrase(phrase: str, text: str) -> None:
    assert phrase not in _zh_found(_zh_index(phrase), text)


def test_a_piece_of_a_phrase_does_not_flag_a_message(seed_index: KnowledgeIndex) -> None:
    for text in ("助記詞", "保證金", "你的戶口", "加LINE"):
        assert check(Message(text=text), seed_index).risk not in FLAGGED, text


def test_a_phrase_with_one_character_wrong_still_matches() -> None:
    idx = _zh_index("輸入助記詞以驗證錢包")
    assert "輸入助記詞以驗證錢包" in _zh_found(idx, "請輸入助記詞以驗証錢包")


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("安全帳戶", "请把钱转到安全账户"),
        ("安全賬戶", "請把錢轉到安全帳戶"),
        ("帳號異常", "您的账号异常"),
        ("衞生署職員", "我是卫生署职员"),
        ("衛生署職員", "我是衞生署職員"),
    ],
)
def test_variant_characters_fold_to_one_form(phrase: str, text: str) -> None:
    assert phrase in _zh_found(_zh_index(phrase), text)


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("輸入助記詞", "千萬不要輸入助記詞"),
        ("輸入助記詞", "千祈唔好喺任何網站輸入助記詞"),
        ("提供助記詞", "我們絕不會要求您提供助記詞"),
        ("提供助記詞", "请勿向他人提供助记词"),
        ("發送私鑰", "切勿發送私鑰"),
        ("保證獲利", "老師帶單保證獲利都是詐騙"),
        ("老師帶單", "老師帶單保證獲利都是詐騙"),
        ("安全帳戶", "所謂安全帳戶是騙局"),
    ],
)
def test_chinese_advice_and_warnings_do_not_match(phrase: str, text: str) -> None:
    assert phrase not in _zh_found(_zh_index(phrase), text)


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("保證獲利", "不要錯過，保證獲利"),
        ("保證獲利", "保證獲利，我們不是詐騙"),
        ("輸入助記詞", "請即輸入助記詞"),
    ],
)
def test_chinese_lures_near_a_negation_word_still_match(phrase: str, text: str) -> None:
    assert phrase in _zh_found(_zh_index(phrase), text)


def test_a_chinese_warning_does_not_clear_an_investment_lure(seed_index: KnowledgeIndex) -> None:
    v = check(Message(text="老師帶單保證獲利都是詐騙"), seed_index)
    assert "investment" not in {c.id for c in v.categories if v.risk in FLAGGED}
    assert not any(
        m.phrase.category == "investment"
        for m in seed_index.phrases.match("老師帶單保證獲利都是詐騙")
    )


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("VIP群", "快加入VIP群組"),
        ("VIP群", "快加入 VIP 群組"),
        ("USDT搬磚", "USDT 搬砖 日赚"),
        ("USDT 搬磚", "做USDT搬磚日賺"),
        ("請加LINE", "詳情請加LINE：abc123"),
    ],
)
def test_latin_words_next_to_chinese_match_with_or_without_a_space(phrase: str, text: str) -> None:
    assert phrase in _zh_found(_zh_index(phrase), text)


def test_a_latin_word_inside_a_longer_word_is_not_the_word() -> None:
    assert "VIP群" not in _zh_found(_zh_index("VIP群"), "快加入SVIP群組")
