"""How a phrase written once in plain English finds the ways scam texts actually spell it:
text-speak, leet, word endings, a word more or less; and what must not count (advice that
negates the phrase, a sentence that only shares the phrase's frame). The messages are invented
for these tests."""

from __future__ import annotations

import pytest

from bot.phrases import PhraseIndex, normalize

PHRASES = [
    ("you have won", "prize_lottery", 0.45),
    ("claim your prize", "prize_lottery", 0.55),
    ("text claim to", "prize_lottery", 0.5),
    ("share your recovery phrase", "seed_phrase", 0.95),
    ("seed phrase", "seed_phrase", 0.35),
    ("your account has been suspended", "fake_support", 0.55),
    ("your account has been blocked", "fake_support", 0.55),
    ("your kyc has expired", "fake_support", 0.8),
    ("airdrop is live", "airdrop_giveaway", 0.6),
    ("drop your sol address", "airdrop_giveaway", 0.65),
    ("eth giveaway", "airdrop_giveaway", 0.5),
    ("get in now", "investment", 0.35),
    ("enter your seed phrase to restore the wallet", "seed_phrase", 0.9),
    ("do not tell anyone about this call", "official_impersonation", 0.7),
]


@pytest.fixture(scope="module")
def idx() -> PhraseIndex:
    return PhraseIndex.build([(t, c, w, "en") for t, c, w in PHRASES])


def found(idx: PhraseIndex, text: str) -> set[str]:
    return {m.phrase.text for m in idx.match(text)}


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("U HAVE WON a holiday!!", "you have won"),  # text-speak and shouting
        ("Congratulations u hav won", "you have won"),
        ("2 claim ur prizes txt CLAIM 2 80000", "claim your prize"),  # 2, ur, plural
        ("2 claim ur prizes txt CLAIM 2 80000", "text claim to"),
        ("pls share ur recovery phrase 2 verify", "share your recovery phrase"),
        ("Claiming your prize is easy", "claim your prize"),  # verb ending
        ("Ur accounts have been suspended", "your account has been suspended"),
        ("your 5EED phrase please", "seed phrase"),  # leet
        ("Drop your $SOL address below", "drop your sol address"),  # cashtag
        ("The airdrop is officially live!", "airdrop is live"),  # one word more
        ("Dear customer, your Paytm KYC has expired", "your kyc has expired"),
        (
            "Hello dear, enter yuor seed phrase to restore the walet now",
            ("enter your seed phrase to restore the wallet"),
        ),  # typos in two words
        ("Get in NOW before it pumps", "get in now"),  # a phrase of small words only
        ("Officer: do not tell anyone about this call", "do not tell anyone about this call"),
    ],
)
def test_the_spellings_of_scam_texts_match_plain_phrases(
    idx: PhraseIndex, text: str, phrase: str
) -> None:
    assert phrase in found(idx, text)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("We will never ask you to share your recovery phrase.", "share your recovery phrase"),
        ("Never share your seed phrase with anyone", "seed phrase"),
        ("Don't share your recovery phrase, not even with support", "share your recovery phrase"),
        ("Good news: your account has not been suspended", "your account has been suspended"),
        ("The airdrop is not live yet", "airdrop is live"),
        # the phrase's frame without its point
        ("Your account has been verified to level 2", "your account has been suspended"),
        ("Your account has been upgraded", "your account has been blocked"),
        # short phrases are not fuzzy: 'the giveaway' is not 'eth giveaway'
        ("I sent ETH to the giveaway", "eth giveaway"),
        ("you have wonderful friends", "you have won"),  # whole words only
    ],
)
def test_advice_and_lookalike_sentences_do_not_match(
    idx: PhraseIndex, text: str, phrase: str
) -> None:
    assert phrase not in found(idx, text)


def test_a_negation_far_from_the_phrase_does_not_cancel_it(idx: PhraseIndex) -> None:
    text = "Don't miss out! Claim your prize today"
    assert "claim your prize" in found(idx, text)


def test_the_match_shows_the_words_as_written_not_the_folded_form(idx: PhraseIndex) -> None:
    (m,) = [m for m in idx.match("Hi!! U have WON!!") if m.phrase.text == "you have won"]
    assert m.matched == "u have won"
    assert normalize("U have WON") == "you hav won"  # the compared form, for contrast


def test_a_word_more_costs_a_little_score(idx: PhraseIndex) -> None:
    exact = {m.phrase.text: m.score for m in idx.match("the airdrop is live")}
    gapped = {m.phrase.text: m.score for m in idx.match("the airdrop is officially live")}
    assert exact["airdrop is live"] == 100.0
    assert 90.0 <= gapped["airdrop is live"] < 100.0


def test_near_duplicate_phrases_on_the_same_words_count_once(idx: PhraseIndex) -> None:
    # Both 'suspended' and 'blocked' phrases share the frame; only the one the text says counts,
    # and a stretch is never counted twice for one category.
    matches = idx.match("your account has been suspended")
    assert [m.phrase.text for m in matches] == ["your account has been suspended"]


def test_chinese_phrases_keep_their_exact_characters() -> None:
    idx = PhraseIndex.build(
        [("交通罰款", "phishing", 0.35, "zh-HK"), ("罰款逾期", "phishing", 0.4, "zh-HK")]
    )
    matches = idx.match("你有一筆交通罰款逾期未繳")
    # both count, they are different words (shown in Simplified, the form they are compared in)
    assert {m.matched for m in matches} == {"交通罚款", "罚款逾期"}
