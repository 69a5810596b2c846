"""Pictures: QR codes and where they lead, screenshots read back, limits before decoding."""

from __future__ import annotations

import pytest
from media_samples import (
    BROKEN_ETH,
    EN_SCAM,
    LOOKALIKE,
    ORDINARY,
    REPORTED,
    VALID_ETH,
    ZH_SCAM,
    huge_png,
    qr_png,
    screenshot,
)

from bot.checker import Checker
from bot.media import ocr
from bot.media.check import Upload, check_upload, media_lines
from bot.media.images import MediaError
from bot.media.qr import parse_payment
from bot.media.recover import recover
from bot.verdict import Verdict

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="tesseract-ocr is not installed")


def check(checker: Checker, *images: bytes, text: str = "", lang: str = "en") -> Verdict:
    return check_upload(checker, text, [Upload("image", d) for d in images], lang, "HK")


def test_a_qr_code_of_a_lookalike_site_says_where_it_leads(checker: Checker) -> None:
    v = check(checker, qr_png(LOOKALIKE))
    assert v.risk == "high"
    qr = next(o for o in v.origins if o.kind == "qr_code")
    assert qr.content == LOOKALIKE
    assert [i.value for i in qr.indicators] == ["binance-verify-login.top/kyc"]
    assert any(f.type == "brand_in_host" for f in v.findings)
    assert f"The QR code in your picture opens {LOOKALIKE}" in media_lines(v, "en")


def test_a_payment_qr_code_checks_its_address_and_names_the_amount(checker: Checker) -> None:
    v = check(checker, qr_png(f"tron:{REPORTED}?amount=500"))
    assert v.risk == "high"  # the address is reported in the knowledge base
    qr = next(o for o in v.origins if o.kind == "qr_code")
    assert qr.amount == "500" and [i.value for i in qr.indicators] == [REPORTED]
    assert f"asks you to pay 500 to {REPORTED}" in media_lines(v, "en")[0]


def test_a_valid_and_a_checksum_broken_address_in_qr_codes(checker: Checker) -> None:
    ok = check(checker, qr_png(f"ethereum:{VALID_ETH}@1?value=1e18"))
    assert [(i.chain, i.valid) for i in ok.indicators] == [("evm", True)]
    assert not any(f.type == "bad_checksum" for f in ok.findings)
    bad = check(checker, qr_png(f"ethereum:{BROKEN_ETH}"))
    assert [(i.chain, i.valid) for i in bad.indicators] == [("evm", False)]
    assert any(f.type == "bad_checksum" for f in bad.findings)


BTC = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
USDT_CONTRACT = "0xdAC17F958D2ee523a2206206994597C13D831ec7"


@pytest.mark.parametrize(
    ("uri", "address", "amount"),
    [
        (f"bitcoin:{BTC}?amount=0.5", BTC, "0.5"),
        (f"ethereum:{USDT_CONTRACT}@1/transfer?address={VALID_ETH}&uint256=1e6", VALID_ETH, "1e6"),
        (f"TRON:{REPORTED}", REPORTED, None),
    ],
)
def test_payment_uris_are_taken_apart(uri: str, address: str, amount: str | None) -> None:
    pay = parse_payment(uri)
    assert pay is not None and (pay.address, pay.amount) == (address, amount)


def test_a_link_is_no_payment() -> None:
    assert parse_payment(LOOKALIKE) is None and parse_payment("mailto:a@b.c") is None


def test_a_decompression_bomb_is_refused_before_decoding(checker: Checker) -> None:
    data = huge_png()
    assert len(data) < 100_000  # small on disk, 50 million pixels once decoded
    with pytest.raises(MediaError, match="million") as e:
        check(checker, data)
    assert (e.value.code, e.value.status) == ("image_too_many_pixels", 413)


@pytest.mark.parametrize(
    "data", [b"not a picture", qr_png(LOOKALIKE)[:300], b"GIF89a" + b"\0" * 50]
)
def test_a_corrupt_or_unknown_file_gets_a_clear_error(checker: Checker, data: bytes) -> None:
    with pytest.raises(MediaError) as e:
        check(checker, data)
    assert e.value.code == "unreadable_image" and e.value.status == 422


@needs_ocr
def test_an_english_fake_support_screenshot_is_read_and_flagged(checker: Checker) -> None:
    v = check(checker, screenshot(EN_SCAM, theme="dark"))
    assert v.risk == "high"
    read = next(o for o in v.origins if o.kind == "recognised_text")
    assert {i.value for i in read.indicators} >= {REPORTED, "binance-verify-login.top/kyc"}


@needs_ocr
def test_a_traditional_chinese_fake_support_screenshot_is_flagged(checker: Checker) -> None:
    v = check(checker, screenshot(ZH_SCAM, cjk=True), lang="zh-HK")
    assert v.risk == "high"
    assert any(i.value == "binance-verify-login.top/kyc" for i in v.indicators)
    assert "客服" in "".join(media_lines(v, "zh-HK")) or v.origins[0].kind == "recognised_text"


@needs_ocr
def test_an_ordinary_conversation_stays_low(checker: Checker) -> None:
    v = check(checker, screenshot(ORDINARY), text="is this a scam?")
    assert v.risk == "low"
    assert [o.kind for o in v.origins] == ["typed_text", "recognised_text"]


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLjét now", f"to {REPORTED} now"),  # 6 read as é
        ("to TR7NHqjeKQxGTCi8q8 ZY4pL8otSzgjLj6t.", f"to {REPORTED}."),  # a space inside
        ("0x5aAeb6O53F3E94C9b9A09f33\n669435E7Ef1BeAed thanks", f"{VALID_ETH} thanks"),  # O, cut
        (
            "bc1qarOsrrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        ),
        ("see https: //binance-verify .top/kyc", "see https://binance-verify.top/kyc"),
        ("Thanks, me too", "Thanks, me too"),  # no link made out of ordinary words
        ("to TRANSFERTOTHEACCOUNTNOWPLEASE", "to TRANSFERTOTHEACCOUNTNOWPLEASE"),
    ],
)
def test_addresses_and_links_are_read_back_despite_noise(read: str, meant: str) -> None:
    assert recover(read) == meant


def test_a_broken_address_with_no_valid_reading_is_left_as_read() -> None:
    assert recover(f"to {BROKEN_ETH[:-6]}zzzzzz") == f"to {BROKEN_ETH[:-6]}zzzzzz"
