"""Structural cues and handles: the shape of a scam, and what is not one."""

from __future__ import annotations

import re
import time

import pytest

from bot.cues import CUES, find_cues
from bot.domains import BrandIndex, check_handle
from bot.engine import KnowledgeIndex, check
from bot.message import Message


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Congrats! To claim txt WIN to 87121 now", "premium_shortcode"),
        ("only 150p/msg, 18+", "per_message_charge"),
        ("call 09061701461 from a landline", "uk_premium_number"),
        ("Call 0906 170 1461 to claim", "uk_premium_number"),
        ("ring 08712400200 now", "uk_premium_number"),
        ("Call 0906 170 146 to claim", "premium_number_short"),  # shortened, in English
        ("you have won a £2,000 cash prize", "prize_amount"),
        ("Claim code: X49K2", "claim_code"),
        ("Send 0.5 ETH to the address and get 2x back instantly", "send_crypto_get_more"),
        ("Drop your SOL address below for the airdrop", "drop_your_address"),
        ("We help you recover your stolen crypto in 48h", "recovery_offer"),
        ("add me on WhatsApp for signals", "off_platform_contact"),
        ("有興趣請加LINE：abc123", "off_platform_contact"),  # no space before LINE
        ("老師每日帶單，聯絡我LINE：tina88", "off_platform_contact"),
        ("Win a prize! Call 07123456789 now", "offer_with_number"),
        ("Call 0800 123 4567 today", "freephone_call"),
        ("you have WON £5000!", "won_amount"),
        ("Your number has won 250,000 euros", "won_amount"),
        ("FreeMsg: your new tones are ready", "free_msg_header"),
        ("Get the new handset FREE", "free_offer"),
        ("Call our claims line to claim your reward", "call_to_claim"),
        ("Reply YES to get 100 bonus minutes", "reply_yes"),
        ("URGENT! Your entry has been chosen", "urgent_shout"),
        ("Upgrade to the latest camera phone with half price line rental", "upgrade_offer"),
        ("just 25p to receive each reply", "pence_price"),
        ("To find out who it is, visit www.example.com", "teaser_link"),
        ("Reply with your name & age to be matched", "reply_name_age"),
        ("Your account will be suspended unless you act", "account_threat"),
        ("your a/c has been BL0CKED", "account_threat"),
        ("Please complete your KYC or lose access", "kyc_request"),
        ("contact customer care for help 9876543210", "care_number"),
        ("confirm within 24 hrs", "short_deadline"),
        ("Install AnyDesk so our agent can fix it", "remote_access"),
        ("If this was not you, call our fraud team", "if_not_you_call"),
        ("Your card was just used for a payment of 900 GBP", "card_used"),
        ("Log in at http://203.0.113.9/secure to keep access", "ip_link"),
        ("Verify by sending your Apple ID and password by text", "credentials_request"),
        ("Tap the link below to verify your identity", "link_to_verify"),
        ("Click here http://example.net/x", "click_link"),
        ("Follow, RT and tag 3 friends to enter", "giveaway_steps"),
        ("Huge $5,000 giveaway for the community", "crypto_giveaway"),
        ("The airdrop is live, claim before Friday", "airdrop_claim"),
        ("Airdrop round two: example-drop.xyz", "airdrop_link"),
        ("Just connect your wallet and sign", "connect_wallet"),
        ("Your parcel is waiting, pay the redelivery fee", "parcel_action"),
        ("Been scammed? DM us and our team will handle the recovery", "recovery_contact"),
        ("They helped me get all my bitcoin back in a week", "recovery_testimonial"),
        ("#CryptoRecovery #Scam", "recovery_hashtag"),
        ("You are owed £48.20 after a recalculation", "refund_amount"),
        ("Daily stock picks in our group: wa.me/15550001111", "invest_chat_group"),
        ("Staking that pays 2% daily", "absurd_returns"),
        ("earn up to $300 per day from home", "amount_per_day"),
        ("Our bot has 98% accuracy", "accuracy_claim"),
        ("Part-time job, 1 hour a day, contact our HR on WhatsApp", "job_contact"),
        ("Our support team will help you on Telegram: t.me/example_help", "support_off_platform"),
        ("Lost money? DM me for help with stuck withdrawals", "recovery_contact"),
        ("Check your eligibility here: claim-page.xyz", "airdrop_link"),
        ("Your withdrawal is on hold. Pay 20% tax to release your funds.", "pay_to_withdraw"),
        ("To withdraw your profit you must first deposit the margin", "pay_to_withdraw"),
        ("Send 0.1 BTC to the address below and receive 0.2 BTC back", "send_crypto_get_more"),
        ("If this wasn't you, reply with the 6-digit code we sent", "credentials_request"),
        ("This message is free. Reply STOP to end", "free_msg_header"),
        ("You have a delivery waiting, call us to arrange a time", "parcel_action"),
    ],
)
def test_cue_is_found(text: str, cue: str) -> None:
    assert cue in {m.cue.id for m in find_cues(text)}


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Text STOP to 80010 to unsubscribe", "premium_shortcode"),  # opting out is no lure
        ("it's free, feel free to come", "free_offer"),  # lower-case 'free' in chat
        ("Don't connect your wallet to sites people post here", "connect_wallet"),
        ("We will never ask you to send your password", "credentials_request"),
        ("Market recovery looks slow this quarter", "recovery_contact"),
        ("I won 3 games of chess today", "won_amount"),
        ("we need to finish within 2 weeks", "short_deadline"),
        ("Never share the code we send you, not even with our staff", "credentials_request"),
        ("I'll pay the fee at the bank and withdraw cash tomorrow", "pay_to_withdraw"),
        ("deadline: friday, pipeline: green", "off_platform_contact"),
        ("I won the raffle, call me later", "offer_with_number"),  # no phone number at all
        # Taiwan's mobiles (09 and eight digits) are no UK premium line
        ("我到台北車站了，你到了打給我 0933123456。", "uk_premium_number"),
        ("媽，我換了新手機號碼 0912 345 678", "uk_premium_number"),
        ("媽，我換了新手機號碼 0912 345 678", "premium_number_short"),
        ("打給我 0933123456 就好", "premium_number_short"),
        ("09187150020千萬不要接", "uk_premium_number"),
    ],
)
def test_near_misses_do_not_trigger_the_cue(text: str, cue: str) -> None:
    assert cue not in {m.cue.id for m in find_cues(text)}


def test_every_cue_is_explained_in_both_languages_and_written_in_lower_case() -> None:
    for cue in CUES:
        assert cue.explain and cue.explain_zh, cue.id
        bare = re.sub(r"\\.|\(\?-i:[^)]*\)", "", cue.pattern.pattern)  # escapes, case-kept parts
        assert bare == bare.lower(), f"{cue.id}: searched lower-cased, must be written so"
        assert all(s == s.lower() for s in cue.any), cue.id


def test_the_prefilter_only_skips_texts_the_cue_cannot_match() -> None:
    """A text holding none of a cue's literals never matches its regex (checked on texts that
    do match when the prefilter is ignored)."""
    samples = [
        "Txt WIN to 80808 now, 150p/msg, T&Cs apply, call 09012345678 or 0800 111 2222",
        "URGENT: your KYC has expired, your account will be blocked within 24 hours, call "
        "customer care 9876543210. If not you call us. Your card was used for £900.",
        "Airdrop is live! connect your wallet at drop.xyz, follow + RT, $1,000 giveaway, "
        "send 1 ETH get 2x back, drop your SOL address",
        "DM for recovery, they helped me get my money back #CryptoRecovery, 300% APY, "
        "earn $500 per day, whatsapp +15550001111 stock signals, 98% accuracy",
    ]
    for cue in CUES:
        for text in samples:
            hit = cue.pattern.search(text) is not None
            passes = not cue.any or any(s in text.lower() for s in cue.any)
            assert passes or not hit, f"{cue.id}: prefilter would skip a match in {text!r}"


def test_cues_stay_fast_on_pathological_text() -> None:
    """No cue backtracks badly: each is linear (bounded gaps only), so long runs of the words
    and digits they look for cost milliseconds, not seconds."""
    nasty = [
        "send " * 4000,
        "1" * 20000,
        "call txt claim free win " * 800,
        "airdrop " + "x" * 19000,
        "£1 " * 6000,
        ("account " + "a" * 30 + " ") * 500,
    ]
    for text in nasty:
        started = time.perf_counter()
        find_cues(text)
        assert time.perf_counter() - started < 0.5, text[:30]


@pytest.mark.parametrize(
    "text",
    [
        "I'll call you at 9, bring 2 pizzas",
        "The meeting is at room 87121",
        "Price is up 150% this week",
        "We won the match yesterday!",
        "send me the file and I'll get it back to you",
    ],
)
def test_ordinary_messages_have_no_cues(text: str) -> None:
    assert find_cues(text) == []


def test_cues_combine_into_a_prize_scam_verdict(index: KnowledgeIndex) -> None:
    v = check(
        Message(
            text="URGENT! You have won a £1000 cash prize. Txt CLAIM to 81010, 150p/msg T&Cs apply"
        ),
        index,
    )
    assert v.risk in ("medium", "high") and v.categories[0].id == "prize_lottery"
    kinds = {f.type for f in v.findings}
    # text signs only: cues, phrases, the tactics they make up, the model's opinion
    assert "pattern" in kinds and kinds <= {"pattern", "phrase", "tactic", "model"}
    assert v.categories[0].score >= 0.85  # several cues together: near-certain


def test_a_single_weak_cue_does_not_raise_the_risk(index: KnowledgeIndex) -> None:
    assert check(Message(text="Reply STOP to opt out of our newsletter"), index).risk == "low"


@pytest.mark.parametrize(
    ("handle", "expected"),
    [
        ("binance", "official"),
        ("binance_support_desk", "impersonation"),
        ("BinanceHelpCenter", "impersonation"),
        ("cz_binance", None),  # a brand's name alone proves nothing
        ("binancewallet", None),
        ("pizza_lover", None),
    ],
)
def test_handles_posing_as_staff(index: KnowledgeIndex, handle: str, expected: str | None) -> None:
    brands: BrandIndex = index.brands
    hit = check_handle(handle, brands)
    assert (hit.type if hit else None) == expected


def test_the_quick_search_finds_what_the_plain_search_finds() -> None:
    """Cues that start with words are searched without their leading \\b and confirmed where
    they hit: the same first match as the plain regex, also when the words sit inside longer
    ones ('resend', 'unclaimed') or where only a later occurrence is a whole word."""
    from bot.cues import _search

    texts = [
        "resend 1 eth get 2x back, then send 1 eth get 2x back",
        "unclaimed prize: claim code 4821 now, call 09061701461 to claim your £900",
        "xcall now! and then call now to verify your account, it was blocked",
        "Follow + RT and tag 3 friends, drop your SOL address below",
        "myaccount was blocked; your account will be suspended within 24 hours",
        "click the link to verify your wallet: connect wallet at claim-drop.xyz",
        "",
        "no cue here at all, only the weather and lunch",
    ]
    fast = [c for c in CUES if c.fast is not None]
    assert len(fast) >= 10  # most cues start with words
    for cue in CUES:
        if cue.lowered is None:
            continue
        for text in texts:
            lower = text.lower()
            plain = cue.lowered.search(lower)
            quick = _search(cue, lower, 0)
            assert (plain and plain.span()) == (quick and quick.span()), (cue.id, text)
