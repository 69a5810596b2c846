"""What the detectors call Chinese: a text with a Han ideograph, whatever the script around it."""

from bot.han import has_han


def test_traditional_simplified_and_cantonese_texts_are_chinese() -> None:
    assert has_han("請立即轉賬到安全帳戶")
    assert has_han("请立即转账")
    assert has_han("你係咪想賺錢")


def test_a_compatibility_ideograph_from_a_paste_or_ocr_counts() -> None:
    # U+F9B5 is the compatibility form of 例; NFKC makes it the unified one, text may not be
    assert has_han("\uf9b5")


def test_latin_kana_hangul_and_fullwidth_latin_are_not() -> None:
    assert not has_han("Send 0.5 BTC to unlock your profit")
    assert not has_han("ひらがなとカタカナ")
    assert not has_han("비트코인을 보내세요")
    assert not has_han("ＵＳＤＴ　１００")
    assert not has_han("")
