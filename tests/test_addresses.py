"""Addresses per chain: recognised, checksum-verified, normalised for look-ups."""

from __future__ import annotations

import pytest

from bot.chains import find_addresses, parse_address
from bot.engine import KnowledgeIndex, check, poisoning_fingerprint
from bot.knowledge import Knowledge, Reported
from bot.message import Message

VALID = [
    ("btc", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
    ("btc", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
    ("btc", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
    ("btc", "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297"),  # taproot: bech32m
    ("evm", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
    ("trx", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
    ("xrp", "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh"),
    ("ltc", "LdP8Qox1VAhCzLJNqrr74YovaWYyNBUWvL"),
    ("ltc", "ltc1qg42tkwuuxefutzxezdkdel39gfstuap288mfea"),
    ("doge", "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L"),
    ("bch", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"),
    ("ton", "EQDtFpEwcFAEcRe5mLVh2N6C0x-_hJEM7W61_JLnSF74p4q2"),
]


@pytest.mark.parametrize(("chain", "addr"), VALID)
def test_valid_addresses_pass_their_checksum(chain: str, addr: str) -> None:
    parsed = parse_address(addr)
    assert parsed is not None and parsed.chain == chain and parsed.valid is True


@pytest.mark.parametrize(("chain", "addr"), VALID)
def test_one_changed_character_fails_the_checksum(chain: str, addr: str) -> None:
    i = len(addr) - 3
    swapped = "q" if addr[i] != "q" else "p"
    if chain == "evm":
        swapped = addr[i].swapcase() if addr[i].isalpha() else "a"
    if chain == "ton":
        swapped = "A" if addr[i] != "A" else "B"
    tampered = addr[:i] + swapped + addr[i + 1:]
    parsed = parse_address(tampered)
    assert parsed is None or parsed.valid is False, parsed


def test_formats_without_checksum_are_accepted_as_unchecked() -> None:
    sol = parse_address("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v")
    assert sol is not None and (sol.chain, sol.valid) == ("sol", None)
    lower = parse_address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
    assert lower is not None and lower.valid is None


def test_the_same_address_written_differently_has_one_key() -> None:
    mixed = parse_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
    upper = parse_address("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")
    assert mixed and upper and mixed.value == upper.value
    bounceable = parse_address("EQDtFpEwcFAEcRe5mLVh2N6C0x-_hJEM7W61_JLnSF74p4q2")
    assert bounceable and bounceable.value.startswith("0:ed1691")
    raw = parse_address(bounceable.value)
    assert raw and raw.value == bounceable.value


def test_ordinary_words_are_not_addresses() -> None:
    text = "Supercalifragilisticexpialidocious and antidisestablishmentarianism 1234567890"
    assert list(find_addresses(text)) == []


def test_checksum_valid_addresses_count_even_with_few_digits() -> None:
    # One digit only: a heuristic meant to skip long words must not drop a real address.
    parsed = parse_address("TRsttKaPwgvzuPapkMXVhXGLydWr4dPBzW")
    assert parsed is not None and (parsed.chain, parsed.valid) == ("trx", True)
    assert parse_address("TRsttKaPwgvzuPapkMXVhXGLydWr4dPBzx") is None  # nor is a word-like typo


def test_poisoning_compares_the_characters_after_the_fixed_prefix() -> None:
    a = poisoning_fingerprint("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
    b = poisoning_fingerprint("bc1qzzzzrrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
    assert a != b  # every segwit address starts bc1q: those four say nothing
    evm = poisoning_fingerprint("0x28c6c06298d514db089934071355e5743bf21d60")
    lookalike = poisoning_fingerprint("0x28c6" + "0" * 32 + "1d60")
    assert evm == lookalike


def test_cashaddr_round_trips_and_matches_the_spec_vector() -> None:
    from bot import cashaddr

    # spec/cashaddr.md: the P2PKH address of hash 76a04053bda0a88bda5177b86a15c3b29f559873
    payload = bytes.fromhex("76a04053bda0a88bda5177b86a15c3b29f559873")
    addr = cashaddr.encode("bitcoincash", 0, payload)
    assert addr == "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"
    assert cashaddr.decode("bitcoincash", addr) == (0, payload)
    assert cashaddr.decode("bitcoincash", addr.split(":")[1].upper()) == (0, payload)
    with pytest.raises(cashaddr.CashAddrError):
        cashaddr.decode("bitcoincash", addr[:-1] + "7")
    with pytest.raises(cashaddr.CashAddrError):
        cashaddr.decode("bchtest", addr)


def test_bech32_and_bech32m_are_not_interchangeable() -> None:
    # BIP-350: witness v1+ must use bech32m; the same program under the v0 checksum is refused.
    import bech32m

    v1_with_v0_checksum = bech32m.codecs.bech32_encode(
        "bc", bytes([1]) + bytes(bech32m.codecs.convertbits(bytes(32), 8, 5)),
        bech32m.codecs.Encoding.BECH32,
    )
    parsed = parse_address(v1_with_v0_checksum)
    assert parsed is not None and parsed.valid is False


CASHADDR = "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"


@pytest.mark.parametrize(
    "written",
    [
        CASHADDR,
        CASHADDR.removeprefix("bitcoincash:"),  # how wallets show it
        CASHADDR.upper(),  # how QR codes carry it
        CASHADDR.upper().removeprefix("BITCOINCASH:"),
    ],
)
def test_cashaddr_in_every_form_is_found_under_one_key(written: str) -> None:
    found = list(find_addresses(f"send the BCH to {written} today"))
    assert [(a.chain, a.value, a.valid) for a in found] == [("bch", CASHADDR, True)]


def test_cashaddr_in_mixed_case_is_not_taken_for_one() -> None:
    mixed = "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdX6A"
    assert not [a for a in find_addresses(mixed) if a.chain == "bch"]


@pytest.mark.parametrize(
    ("reported", "pasted"),
    [
        (CASHADDR, CASHADDR.upper().removeprefix("BITCOINCASH:")),
        (CASHADDR.removeprefix("bitcoincash:"), CASHADDR),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
         "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
        ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
         "BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ"),
        ("EQDtFpEwcFAEcRe5mLVh2N6C0x-_hJEM7W61_JLnSF74p4q2",
         "0:ed1691307050047117b998b561d8de82d31fbf84910ced6eb5fc92e7485ef8a7"),
        # Bitcoin Cash in legacy form and in cashaddr form hold the same hash (the CashAddr
        # spec's own example pairs), whichever form was reported
        (CASHADDR, "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu"),
        ("1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu", CASHADDR.removeprefix("bitcoincash:")),
        ("3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC",
         "bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq"),
    ],
)
def test_a_reported_address_is_found_however_it_is_pasted(
    kb: Knowledge, reported: str, pasted: str
) -> None:
    idx = KnowledgeIndex.build(
        kb, reported=[Reported(kind="address", value=reported, category="investment")]
    )
    v = check(Message(text=f"send it to {pasted}"), idx)
    assert [f.type for f in v.findings if f.type == "reported"] == ["reported"], v.findings


def test_a_legacy_address_and_a_different_cashaddr_stay_apart(kb: Knowledge) -> None:
    idx = KnowledgeIndex.build(
        kb, reported=[Reported(kind="address", value=CASHADDR, category="investment")]
    )
    # another key hash: a legacy address of someone else is not the reported one
    v = check(Message(text="send it to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"), idx)
    assert not [f for f in v.findings if f.type == "reported"], v.findings
