"""check(message) -> Verdict: examples of what the engine finds and how it explains it."""

from __future__ import annotations

import pytest

from bot.checker import Checker
from bot.engine import KnowledgeIndex, check
from bot.message import Entity, ForwardOrigin, Message
from bot.store import Store


def verdict(index: KnowledgeIndex, text: str, **kw: object):  # type: ignore[no-untyped-def]
    return check(Message(text=text, **kw), index)  # type: ignore[arg-type]


def types(v) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.type for f in v.findings}


def test_reported_address_is_high_risk_and_says_who_reported_it(index: KnowledgeIndex) -> None:
    v = verdict(index, "Send the USDT to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t today")
    assert v.risk == "high"
    f = next(f for f in v.findings if f.type == "reported")
    assert f.indicator is not None and f.indicator.chain == "trx"
    assert (f.source, f.organisation, f.reports, f.category) == ("police", "HKPF", 3, "investment")
    assert v.categories[0].id == "investment"


def test_official_link_alone_is_official(index: KnowledgeIndex) -> None:
    v = verdict(index, "Log in at https://www.binance.com/en/my/dashboard")
    assert v.risk == "official"
    assert types(v) == {"official"}


def test_nothing_known_is_low_never_safe(index: KnowledgeIndex) -> None:
    v = verdict(index, "See you at lunch tomorrow?")
    assert v.risk == "low" and v.findings == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("https://binance.com.verify-now.top/login", "brand_in_host"),
        ("https://binancce.com", "lookalike"),
        ("https://bіnance.com", "homograph"),  # Cyrillic і
        ("https://0kx.com/claim", "homograph"),
        ("hxxps://metamask-wallet[.]io", "brand_in_host"),
        ("https://" + "bіnance.com".encode("idna").decode() + "/", "homograph"),  # punycode
    ],
)
def test_lookalike_links_are_high_risk_and_explained(
    index: KnowledgeIndex, text: str, kind: str
) -> None:
    v = verdict(index, text)
    assert v.risk == "high", v.findings
    assert kind in types(v)
    assert any(
        "binance.com" in f.detail or "okx.com" in f.detail or "metamask" in f.detail.lower()
        for f in v.findings
    )


def test_hidden_link_behind_official_looking_text(index: KnowledgeIndex) -> None:
    text = "Verify now at binance.com"
    start = text.index("binance.com")
    ent = Entity(
        type="text_link",
        offset=start,
        length=len("binance.com"),
        url="https://secure-login.example.top/x",
    )
    v = verdict(index, text, entities=[ent])
    hidden = [f for f in v.findings if f.type == "hidden_link"]
    assert hidden and hidden[0].severity == "high"
    assert "secure-login.example.top" in hidden[0].detail
    assert v.risk == "high"


def test_reported_domain_matches_subdomains(index: KnowledgeIndex) -> None:
    v = verdict(index, "support at https://help.fake-exchange.top/ticket")
    assert v.risk == "high"
    assert any(f.type == "reported" and f.source == "moderator" for f in v.findings)


def test_address_poisoning_of_an_official_address(index: KnowledgeIndex) -> None:
    # Same first 4 and last 4 characters as Binance's address, different in the middle.
    fake = "0x28c6" + "0" * 32 + "1d60"
    v = verdict(index, f"new deposit address {fake}")
    assert "address_poisoning" in types(v)
    assert v.risk == "high"
    # It names the real one as a wallet shows it: the fixed 0x, four more, the last four.
    poisoning = next(f for f in v.findings if f.type == "address_poisoning")
    assert "starts and ends like 0x28c6…1d60" in poisoning.detail


def test_bad_checksum_is_reported_not_silently_accepted(index: KnowledgeIndex) -> None:
    v = verdict(index, "pay 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")
    f = next(f for f in v.findings if f.type == "bad_checksum")
    assert f.indicator is not None and f.indicator.valid is False
    assert v.risk == "medium"


def test_scam_phrases_in_english_and_chinese(index: KnowledgeIndex) -> None:
    en = verdict(index, "Hi dear, join my VIP group for GUARANTEED daily profit!!")
    assert en.risk in ("medium", "high") and en.categories[0].id == "investment"
    span = next(f.span for f in en.findings if f.type == "phrase")
    assert span is not None and "profit" in span.text
    zh = verdict(index, "老师带单，保证获利")  # Simplified: folded to the Traditional phrases
    assert zh.risk in ("medium", "high") and zh.categories[0].id == "investment"


def test_fuzzy_phrase_survives_typos_and_leetspeak(index: KnowledgeIndex) -> None:
    v = verdict(index, "please enter y0ur rec0very phrse to continue")
    assert v.risk == "high" and v.categories[0].id == "seed_phrase"


def test_reported_phone_and_handle(index: KnowledgeIndex) -> None:
    v = verdict(index, "WhatsApp me on +852 9123 4567 or DM @crypto_mentor_amy")
    reported = {f.indicator.kind for f in v.findings if f.type == "reported" and f.indicator}
    assert reported == {"phone", "handle"}


def test_forward_from_account_imitating_official(index: KnowledgeIndex) -> None:
    v = verdict(
        index,
        "Your account is limited.",
        forward_origin=ForwardOrigin(type="user", username="binance_support_desk"),
    )
    assert "impersonation" in types(v) and v.risk == "high"
    v2 = verdict(
        index,
        "Your account is limited.",
        forward_origin=ForwardOrigin(type="hidden_user", name="Binance Support"),
    )
    assert "impersonation" in types(v2)


def test_official_police_hotline_is_recognised(index: KnowledgeIndex) -> None:
    v = verdict(index, "call 18222 if in doubt", region="HK")
    assert any(f.type == "official" for f in v.findings)


def test_the_service_warm_up_exercises_the_scam_paths_and_stores_nothing(
    checker: Checker, store: Store
) -> None:
    # `scamcheck serve` checks these before its first request (short checks then run on the
    # event loop): they must reach the parts a scam report does, and leave no trace.
    from bot.checker import WARM_UP

    version = store.kb_version
    tables = {t: store.db[t].count for t in store.db.table_names()}
    assert checker.warm_up() > 0
    for text in WARM_UP:
        verdict = checker.check(Message(text=text))
        assert verdict.risk == "high", (text, verdict.risk)
        assert {f.type for f in verdict.findings} & {"tactic", "lookalike", "brand_in_host"}
    assert store.kb_version == version
    assert {t: store.db[t].count for t in store.db.table_names()} == tables


@pytest.mark.parametrize(
    "text",
    [
        "Hi Mum, I lost my phone, this is my new number. Can you send me 200 USDT for rent today?",
        "猜猜我是誰？我換咗電話號碼，今日急住要交錢，可唔可以借我5000蚊",
        "Hey it's me, I sent you a 6 digit code by mistake, can you send it back to me?",
    ],
)
def test_someone_you_know_on_a_new_number_gets_that_advice_not_romance(
    seed_index: KnowledgeIndex, text: str
) -> None:
    v = verdict(seed_index, text)
    assert v.risk in ("medium", "high")
    assert v.categories[0].id == "impersonating_contact"


@pytest.mark.parametrize(
    "text",
    [
        "Hi, this is my new number, please save it. See you at dinner on Friday!",
        "我換咗新號碼，記得save低，星期五食飯見",
    ],
)
def test_a_friend_sharing_a_new_number_is_not_a_scam(
    seed_index: KnowledgeIndex, text: str
) -> None:
    assert verdict(seed_index, text).risk == "low"


STORY = "Binance Security: unusual sign-in detected. Verify your account within 24 hours or it will be suspended: {link}"  # noqa: E501


@pytest.mark.parametrize(
    ("link", "extra", "risk"),
    [
        # the story's only demand is its link, and the link is the brand's own site
        ("https://www.binance.com/en/my/security", "", "medium"),
        ("https://binance-verify-account.top/login", "", "high"),
        ("https://www.binance.com/en/my/security", " Then send 0.5 BTC to a safe wallet", "high"),
        ("https://www.binance.com/en/my/security https://bit.ly/3xYz", "", "high"),
    ],
)
def test_a_phishing_story_is_high_unless_its_only_links_are_official(
    seed_index: KnowledgeIndex, link: str, extra: str, risk: str
) -> None:
    v = verdict(seed_index, STORY.format(link=link) + extra)
    assert v.risk == risk, [f.detail for f in v.findings]
