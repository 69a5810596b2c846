"""Addresses read back from noisy recognised text: misread starts, only readings a chain's
alphabet allows, and a bounded search whatever the picture holds."""

from __future__ import annotations

import time

import bech32m
import pytest
from media_samples import REPORTED, VALID_ETH

from bot.chains import parse_address
from bot.media.recover import (
    MAX_READINGS_PER_ADDRESS,
    MAX_READINGS_PER_TEXT,
    Budget,
    recover,
    recover_addresses,
)

BECH32 = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"  # BIP-173's example, valid
TAPROOT = bech32m.encode("bc", 1, bytes(range(32)))  # a 62-character bech32m address


def test_the_samples_are_valid() -> None:
    for address in (BECH32, TAPROOT, REPORTED, VALID_ETH):
        parsed = parse_address(address)
        assert parsed is not None and parsed.valid is True, address


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        # Misread starts.
        (f"send to bcl{BECH32[3:]} now", f"send to {BECH32} now"),
        (f"send to be1{BECH32[3:]} now", f"send to {BECH32} now"),
        (f"send to bel{BECH32[3:]}", f"send to {BECH32}"),
        (f"to BCI{BECH32[3:].upper()}", f"to {BECH32}"),
        (f"to Ox{VALID_ETH[2:]}", f"to {VALID_ETH}"),
        (f"to ox{VALID_ETH[2:]}.", f"to {VALID_ETH}."),
        # Characters outside the alphabet are misread for certain: bech32 has no o, i or b.
        (f"to {BECH32.replace('0', 'o')}", f"to {BECH32}"),
        (f"to {TAPROOT[:20]}\n{TAPROOT[20:].replace('l', '1')}", f"to {TAPROOT}"),
        # base58 has no 0 or l: 'otSz' read as '0tSz', 'GTCi8' as 'GTCl8', both at once.
        (f"pay {REPORTED.replace('ot', '0t').replace('Ci', 'Cl')} today",
         f"pay {REPORTED} today"),
        # hex has no O, l, S or g.
        (f"{VALID_ETH.replace('0', 'O').replace('1', 'l')} ok", f"{VALID_ETH} ok"),
        # A start misread and the address cut in two at a line end.
        (f"Ox{VALID_ETH[2:20]}\n{VALID_ETH[20:]} thanks", f"{VALID_ETH} thanks"),
    ],
)  # fmt: skip
def test_noisy_addresses_are_read_back(read: str, meant: str) -> None:
    assert recover(read) == meant


@pytest.mark.parametrize(
    "text",
    [
        "Oxford is lovely in spring",  # a word that starts like a misread 0x
        "I believe the bellwether beckoned",  # words that start like a misread bc1
        "Thanks, talk tomorrow 1234567 ok",
        f"0x{'h' * 40}",  # nothing it could be: h is no hex and looks like none
    ],
)
def test_words_and_hopeless_strings_are_left_as_read(text: str) -> None:
    assert recover(text) == text


def test_one_address_costs_at_most_its_share() -> None:
    # Every O may be 0 or D and every c either case: 2**40 readings; the mixed case needs an
    # EIP-55 checksum over 20 or more letters to hold, about one reading in a million.
    budget = Budget()
    hostile = "0x" + "O" * 20 + "cCcCcCcCcCcCcCcCcCcC"
    assert recover_addresses(hostile, budget) == hostile
    assert 0 < budget.most_on_one <= MAX_READINGS_PER_ADDRESS


def test_a_picture_full_of_address_like_noise_costs_a_bounded_amount() -> None:
    noise = " ".join(f"Ox{'O' * 18}{i:04d}cCcCcCcCcCcCcCcCcC" for i in range(1000))
    noise += " " + " ".join(f"bcl{'o' * 36}{i:03d}" for i in range(300))
    budget = Budget()
    started = time.perf_counter()
    out = recover_addresses(noise + f" pay Ox{VALID_ETH[2:]}", budget)
    took = time.perf_counter() - started
    assert budget.spent <= MAX_READINGS_PER_TEXT
    assert budget.most_on_one <= MAX_READINGS_PER_ADDRESS
    assert took < 2.0, took
    # The budget ran out before the real address at the end: it is left as read, not lost.
    assert out.endswith(f" pay Ox{VALID_ETH[2:]}")
