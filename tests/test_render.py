"""render(verdict) -> the reply a user reads: every finding in plain words, in their language."""

from __future__ import annotations

from bot.engine import KnowledgeIndex, check
from bot.message import Message
from bot.render import finding_line, render
from bot.verdict import Finding


def test_a_reported_address_names_the_category_and_who_reported_it(
    index: KnowledgeIndex,
) -> None:
    v = check(Message(text="Send the USDT to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"), index)
    en = render(v, index, lang="en", region="HK")
    assert "was reported: Investment scam (police" in en
    assert "scam scam" not in en
    zh = render(v, index, lang="zh-HK", region="HK")
    assert "已被舉報：投資騙案（" in zh
    assert "18222" in en and "18222" in zh  # whom to call in Hong Kong


def test_every_finding_line_is_worded_from_the_catalog_not_the_debug_detail(
    index: KnowledgeIndex,
) -> None:
    text = (
        "Hi dear, join my VIP group for guaranteed daily profit. Deposit to "
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t or log in at https://binance-login.top/verify"
    )
    v = check(Message(text=text), index)
    assert len(v.findings) >= 3
    for lang in ("en", "zh-HK"):
        reply = render(v, index, lang=lang, region="HK")
        assert not any(f.detail in reply for f in v.findings if f.severity != "info")
        assert "{" not in reply and "}" not in reply  # no placeholder left unfilled


def test_a_throwaway_site_without_a_bait_word_is_explained_in_the_reader_language(
    index: KnowledgeIndex,
) -> None:
    v = check(Message(text="Open https://qzrtvb.pages.dev/ now"), index)
    (f,) = [f for f in v.findings if f.type == "risky_host"]
    assert set(f.params) == {"host", "why", "why_zh"}
    zh = render(v, index, lang="zh-HK", region="HK")
    assert f"qzrtvb.pages.dev：{f.params['why_zh']}。" in zh
    assert f.detail not in zh and "random" not in zh
    en = render(v, index, lang="en", region="HK")
    assert f"qzrtvb.pages.dev: a site that {f.params['why']}." in en


def test_a_model_finding_whose_words_were_all_links_or_addresses_reads_without_empty_quotes(
    index: KnowledgeIndex,
) -> None:
    # the words quoted back leave out links and addresses (they have findings of their own),
    # so a text that weighed by them alone has no word to quote
    f = Finding(
        type="model",
        source="automatic",
        severity="medium",
        score=0.5,
        detail="the wording resembles known scam messages (probability 0.80; words: )",
        params={"probability": "0.80", "words": ""},
    )
    for lang in ("en", "zh-HK"):
        for weak in (False, True):
            line = finding_line(f, index, lang, weak=weak)
            assert line != f.detail
            assert not any(empty in line for empty in ("()", ": )", "：）", "（）"))
            # a weak sign keeps its own, softer wording (a `low` reply never says "resembles")
            assert ("resembles" in line or "相似" in line) is (not weak)
