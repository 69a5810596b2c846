"""PhraseIndex on a larger phrase list: which phrases reach rapidfuzz, and that typos survive."""

from __future__ import annotations

from bot.phrases import MAX_CANDIDATES, PhraseIndex, normalize

COINS = ["usdt", "btc", "eth", "tether", "bnb", "xrp", "trx", "solana"]
FEES = ["withdrawal tax", "unlock fee", "security deposit", "gas fee", "clearance fee"]
WHEN = ["today", "before midnight", "within 24 hours", "right now"]


def _index() -> PhraseIndex:
    """Many phrases sharing their common words, as a big knowledge base has."""
    items = [
        (f"pay the {fee} to withdraw your {coin} {when}", "fake_exchange", 0.8, "en")
        for coin in COINS
        for fee in FEES
        for when in WHEN
    ]
    items += [
        ("enter your seed phrase to restore the wallet", "seed_phrase", 0.9, "en"),
        ("guaranteed daily profit", "investment", 0.7, "en"),
        ("輸入助記詞以驗證錢包", "seed_phrase", 0.9, "zh-HK"),
    ]
    return PhraseIndex.build(items)


def _found(idx: PhraseIndex, text: str) -> set[str]:
    return {m.phrase.text for m in idx.match(text)}


def test_common_words_alone_do_not_make_candidates() -> None:
    idx = _index()
    # Every fee phrase holds "withdraw" and "pay"; one shared rare word is not enough.
    norm = normalize("I will pay you back today when I withdraw my salary")
    assert len(idx.candidates(norm)) < 10


def test_a_phrase_with_typos_in_two_words_is_still_found() -> None:
    idx = _index()
    text = "Hello dear, enter yuor seed phrase to restore the walet and you are done."
    assert "enter your seed phrase to restore the wallet" in _found(idx, text)


def test_a_chinese_phrase_with_one_character_changed_is_still_found() -> None:
    idx = _index()
    assert "輸入助記詞以驗證錢包" in _found(idx, "請立即輸入助記詞以驗証錢包，否則凍結")


def test_short_phrases_need_one_anchor() -> None:
    idx = _index()
    assert "guaranteed daily profit" in _found(idx, "Join us: guaranteed daily profit!")


def test_candidates_are_capped_and_in_index_order() -> None:
    idx = _index()
    text = " ".join(f"pay the {fee} {c} {w}" for c in COINS for fee in FEES for w in WHEN)
    cands = idx.candidates(normalize(text))
    assert len(cands) <= MAX_CANDIDATES
    assert cands == sorted(cands)


def test_the_index_finds_what_a_scan_of_every_phrase_finds() -> None:
    """naive_match compares every phrase with the whole message, then applies the same rules:
    what the index, which compares only the candidates its anchors point to, must agree with."""
    idx = _index()
    messages = [
        "Sir you must pay the unlock fee to withdraw your usdt today, no other way",
        "pay the clearence fee to withdraw you btc before midnight",  # two typos
        "PAY THE GAS FEE TO WITHDRAW YOUR ETH RIGHT NOW!!! then enter your seed phrase",
        "I did not pay the security deposit to withdraw your bnb within 24 hours",
        "guaranteed daily profit, and 請輸入助記詞以驗證錢包",
        "lunch at noon? bring the documents and your umbrella",
    ]
    total = 0
    for text in messages:
        naive = {m.phrase.text for m in idx.naive_match(text)}
        total += len(naive)
        assert _found(idx, text) == naive, text
    assert total >= 5  # the comparison is about matches that happen
