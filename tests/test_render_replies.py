"""Replies that never contradict themselves: weak signs worded as such, each reason once, the
warning of the strongest finding, safe 'continue anyway' advice, someone to call everywhere, and
the message quoted in the reader's own characters."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from fakes.harness import Harness, running_bot

from bot.checker import Checker
from bot.engine import KnowledgeIndex, check
from bot.knowledge import LANGS
from bot.message import Message
from bot.phrases import PhraseIndex, as_written, normalize
from bot.render import catalog, lead_category, render, t, whom_to_call
from bot.store import Store
from bot.verdict import CategoryScore, Finding, Verdict

SCAM = "pay the withdrawal tax first to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


def bullets(reply: str) -> list[str]:
    return [line for line in reply.splitlines() if line.startswith("• ")]


# --- a low verdict: no record, with or without weak signs ----------------------------------


@pytest.mark.parametrize(("lang", "text"), [("en", "guaranteed returns"), ("zh-HK", "保證回報")])
def test_a_low_verdict_with_weak_signs_says_so_and_words_them_as_weak(
    seed_index: KnowledgeIndex, lang: str, text: str
) -> None:
    v = check(Message(text=text, lang=lang), seed_index)
    assert v.risk == "low" and [f.type for f in v.findings] == ["phrase"]  # the setup
    (f,) = v.findings
    reply = render(v, seed_index, lang, "HK")
    first, *_ = reply.split("\n\n")
    assert first.splitlines()[0] == t(lang, "risk.low.signs")
    assert t(lang, "risk.low") not in reply  # never 'no record, nothing looks like a scam'
    title = seed_index.categories[f.category or ""].title.get(lang)
    strong = t(lang, "finding.phrase", matched=text, category=title)
    weak = t(lang, "finding.phrase.weak", matched=text, category=title)
    assert f"• {weak}" in first.splitlines() and strong not in reply
    assert t(lang, "why") not in reply.splitlines()


@pytest.mark.parametrize("lang", LANGS)
def test_a_low_verdict_without_signs_says_so_plainly(
    seed_index: KnowledgeIndex, lang: str
) -> None:
    v = check(Message(text="Hello, are you free for lunch on Friday?"), seed_index)
    assert v.risk == "low" and not v.findings
    reply = render(v, seed_index, lang, "HK")
    assert reply.split("\n\n")[0] == t(lang, "risk.low")
    assert t(lang, "risk.low.signs") not in reply and t(lang, "why") not in reply
    assert t(lang, "tip.general") in reply


@pytest.mark.parametrize("lang", LANGS)
def test_medium_and_high_keep_their_risk_line_and_reasons(
    index: KnowledgeIndex, lang: str
) -> None:
    v = check(Message(text=SCAM), index)
    assert v.risk == "high"
    parts = render(v, index, lang, "HK").split("\n\n")
    assert parts[0] == t(lang, "risk.high")
    assert parts[1].splitlines()[0] == t(lang, "why") and bullets(parts[1])


# --- each reason once -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("text", "quote"),
    [("Your account has been suspended", "account has been suspended"), ("老師帶單", "帶單")],
)
def test_findings_quoting_the_same_words_are_listed_once(
    seed_index: KnowledgeIndex, lang: str, text: str, quote: str
) -> None:
    v = check(Message(text=text), seed_index)
    quoting = [f for f in v.findings if f.span is not None and quote in f.span.text]
    assert len(quoting) >= 2  # the setup: two findings on the same words
    lines = bullets(render(v, seed_index, lang, "HK"))
    assert len([line for line in lines if quote in line]) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_identical_lines_and_same_type_on_the_same_indicator_appear_once(
    index: KnowledgeIndex, lang: str
) -> None:
    v = check(Message(text="Open https://qzrtvb.pages.dev/ now and pay " + SCAM), index)
    host = next(f for f in v.findings if f.type == "risky_host")
    twin = host.model_copy(update={"params": {"host": "qzrtvb.pages.dev"}})  # other wording
    doubled = v.model_copy(update={"findings": [*v.findings, *v.findings, twin]})
    once = bullets(render(v, index, lang, "HK"))
    lines = bullets(render(doubled, index, lang, "HK"))
    assert lines == once and len(set(lines)) == len(lines)
    assert len([line for line in lines if "qzrtvb.pages.dev" in line]) == 1


# --- the warning and tips of the strongest finding -----------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_warning_follows_the_strongest_finding_not_the_top_score(
    index: KnowledgeIndex, lang: str
) -> None:
    text = (
        "Enter your recovery phrase and seed phrase to validate your wallet, "
        "send to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    )
    v = check(Message(text=text), index)
    reported = next(f for f in v.findings if f.type == "reported")
    assert v.top_category != reported.category  # the setup: phrases score higher elsewhere
    assert lead_category(v) == reported.category
    reply = render(v, index, lang, "HK")
    lead = index.categories[reported.category or ""]
    other = index.categories[v.top_category or ""]
    assert lead.warning.get(lang) in reply and all(tip in reply for tip in lead.tips.get(lang))
    assert other.warning.get(lang) not in reply


def test_a_finding_less_severe_than_the_verdict_does_not_lead() -> None:
    weak = Finding(
        type="phrase", category="phishing", source="automatic", severity="low", detail="x"
    )
    v = Verdict(
        risk="high", categories=[CategoryScore(id="investment", score=1.0)], findings=[weak]
    )
    assert lead_category(v) == "investment"  # the risk came from elsewhere (/withdraw answers)
    assert lead_category(v.model_copy(update={"risk": "low"})) == "phishing"


# --- 'continue anyway' never says to send a little first -----------------------------------

# Advice to the reader to send a little first: a sending verb shortly before 'small', or in
# Chinese 轉 before 小額/一小筆/少量 or 小額 before 試; in a sentence without a negation.
_SMALL_SEND = re.compile(
    r"\b(?:send|transfer|deposit)\b[^.;:!?]{0,20}\b(?:small|little|tiny)\b"
    r"|轉[^。；：]{0,6}(?:小額|一小筆|少量)|(?:小額|一小筆|少量)[^。；：]{0,6}試",
    re.I,
)
_NOT = re.compile(r"\b(?:don'?t|never|not|no)\b|不要|切勿|不會|唔好|別", re.I)


def _suggests_a_small_transfer(text: str) -> bool:
    sentences = re.split(r"(?<=[.!?。！？:：；;,，])", text)  # clauses: where a negation reaches
    return any(_SMALL_SEND.search(s) and not _NOT.search(s) for s in sentences)


def test_the_detector_of_small_transfer_advice_works() -> None:
    assert _suggests_a_small_transfer("Stay safe, and send a small amount first. Then call:")
    assert _suggests_a_small_transfer("切勿透露驗證碼，並先轉一小筆金額試試。")
    assert not _suggests_a_small_transfer("Don't send a small amount to test.")
    assert not _suggests_a_small_transfer("不要先轉一小筆「試試」：騙徒會先發還小額款項。")
    assert not _suggests_a_small_transfer("Try withdrawing a small amount first.")


@pytest.mark.parametrize("lang", LANGS)
def test_no_advice_suggests_sending_a_small_amount_first(
    seed_index: KnowledgeIndex, lang: str
) -> None:
    advice = [v for k, v in catalog(lang).items() if not k.startswith("mod.")]
    for c in seed_index.categories.values():
        advice += [c.warning.get(lang), *c.tips.get(lang)]
    assert [a for a in advice if _suggests_a_small_transfer(a)] == []
    after = t(lang, "outcome.after.continue")
    official = {"en": ("official app", "type its website"), "zh-HK": ("官方應用程式", "自行輸入")}
    assert all(word in after for word in official[lang])
    assert ("hotline" if lang == "en" else "求助熱線") in after


# --- whom to call, for every region ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_member_state_without_a_file_gets_the_eu_contacts(
    seed_index: KnowledgeIndex, lang: str
) -> None:
    assert "FR" not in seed_index.regions  # the setup
    eu = seed_index.regions["EU"]
    assert whom_to_call(seed_index, "fr") == (eu, True)
    reply = render(check(Message(text=SCAM), seed_index), seed_index, lang, "FR")
    section = reply.split("\n\n")[-1].splitlines()
    assert section[0] == t(lang, "contacts.covered", region=eu.name.get(lang))
    assert f"• {t(lang, 'contacts.local_police')}" in section
    assert all(any(c.name.get(lang) in line for line in section) for c in eu.contacts)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", ["BR", "QQ"])
def test_an_unlisted_region_gets_local_police_and_international_resources(
    seed_index: KnowledgeIndex, lang: str, code: str
) -> None:
    elsewhere = seed_index.regions["ZZ"]
    assert whom_to_call(seed_index, code) == (elsewhere, True)
    v = check(Message(text="Hello, are you free for lunch on Friday?"), seed_index)
    reply = render(v, seed_index, lang, code)
    section = reply.split("\n\n")[-1].splitlines()
    assert section[0] == t(lang, "contacts.fallback")
    assert section[1:3] == [
        f"• {t(lang, k)}" for k in ("contacts.local_police", "contacts.exchange")
    ]
    for c in elsewhere.contacts:
        assert c.confidence == "unverified" or c.last_verified is not None
        assert any(c.url in line and t(lang, "unverified") in line for line in section)
    assert not any(ch.isdigit() for c in elsewhere.contacts for ch in (c.phone or ""))
    assert t(lang, "prevalent", region=elsewhere.name.get(lang)) not in reply


@pytest.mark.parametrize("lang", LANGS)
def test_whom_to_call_is_never_empty_even_without_a_fallback_file(
    index: KnowledgeIndex, lang: str
) -> None:
    assert "EU" not in index.regions and "ZZ" not in index.regions  # the setup
    reply = render(check(Message(text=SCAM), index), index, lang, "FR")
    section = reply.split("\n\n")[-1].splitlines()
    assert section[0] == t(lang, "contacts.fallback") and len(bullets("\n".join(section))) == 2


def test_a_listed_region_is_unchanged(index: KnowledgeIndex) -> None:
    reply = render(check(Message(text=SCAM), index), index, "en", "GB")
    section = reply.split("\n\n")[-1].splitlines()
    assert section[0] == t("en", "contacts", region=index.regions["GB"].name.get("en"))
    assert t("en", "contacts.local_police") not in reply


# --- the message quoted as written ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "老師帶單，保證獲利",  # Traditional: folded to Simplified to match, quoted back as is
        "老师带单，保证获利",  # Simplified stays Simplified
        "Hi dear, join my VIP group for GUARANTEED   daily, profit!!",
        "Ｇｕａｒａｎｔｅｅｄ daily profit",  # fullwidth
    ],
)
def test_phrase_findings_quote_the_exact_characters_of_the_message(
    seed_index: KnowledgeIndex, text: str
) -> None:
    v = check(Message(text=text), seed_index)
    phrases = [f for f in v.findings if f.type == "phrase"]
    assert phrases
    for f in phrases:
        assert f.span is not None and text[f.span.start : f.span.end] == f.span.text
        assert f.params["matched"] == f.span.text and f"'{f.span.text}'" in f.detail
    for lang in LANGS:
        reply = render(v, seed_index, lang, "HK")
        assert all(f.span is not None and f.span.text in reply for f in phrases)


def test_a_traditional_message_is_never_quoted_in_simplified(seed_index: KnowledgeIndex) -> None:
    v = check(Message(text="老師帶單，保證獲利", lang="zh-HK"), seed_index)
    reply = render(v, seed_index, "zh-HK", "HK")
    assert "「老師帶單」" in reply and "师" not in reply and "证" not in reply


# --- through the bot ------------------------------------------------------------------------


@pytest.fixture
async def tg_fr(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    async with running_bot(store, checker, default_region="FR") as harness:
        yield harness


async def test_the_bot_gives_someone_to_call_and_safe_advice_in_an_unlisted_region(
    tg_fr: Harness,
) -> None:
    warning = await tg_fr.ask(SCAM)
    assert t("en", "contacts.fallback") in warning.text
    assert t("en", "contacts.local_police") in warning.text
    _, data = warning.buttons[2]  # continue anyway
    await tg_fr.answered(await tg_fr.press(warning, data))
    advice = (await tg_fr.reply()).text
    assert t("en", "outcome.after.continue").replace('"', "") in advice.replace('"', "")
    assert t("en", "contacts.local_police") in advice and not _suggests_a_small_transfer(advice)
    (share,) = tg_fr.store.reconsidered_share(period="all")
    assert (share.region, share.answered) == ("FR", 1)


async def test_the_bot_words_weak_signs_as_weak(tg_fr: Harness) -> None:
    reply = await tg_fr.ask("claim your prize")
    assert re.sub(r"</?b>", "", reply.text).splitlines()[0] == t("en", "risk.low.signs")
    assert "claim your prize" in reply.text and t("en", "risk.low") not in reply.text
    assert not reply.buttons


@pytest.mark.parametrize(
    "text",
    [
        "你有一筆交通罰款逾期未繳",
        "Hi!! U have WON!! ok",
        "Ｇｕａｒａｎｔｅｅｄ  daily, profit",  # fullwidth, two spaces, a comma inside
        "Please Don’t tell   anyone.",  # curly apostrophe folded away
        "Hi \u200bU have won",  # an invisible character before the match
        "Große Straße gewinn!",  # one character that folds to two
        "café: you have won",  # an accent before the match
    ],
)
def test_as_written_gives_the_slice_of_the_message_that_matched(text: str) -> None:
    idx = PhraseIndex.build(
        [
            ("交通罰款", "phishing", 0.4, "zh-HK"),
            ("you have won", "prize_lottery", 0.6, "en"),
            ("guaranteed daily profit", "investment", 0.6, "en"),
            ("dont tell anyone", "romance", 0.5, "en"),
            ("strasse gewinn", "prize_lottery", 0.5, "en"),
        ]
    )
    (m,) = idx.match(text)
    found = as_written(text, m.start, m.end)
    assert found is not None
    start, end, quoted = found
    assert text[start:end] == quoted and normalize(quoted) == normalize(m.matched)
    assert quoted[0] == text[start] != " " and not quoted[-1].isspace()
