"""Crypto address formats and checksums, per chain.

Checksums are verified, so a string that looks like an address but fails its checksum is
reported as such (a typo, or an address tampered with). Normalised values make look-ups
independent of how an address was written (EVM case, TON bounceable/non-bounceable forms).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import base58
import bech32m

from bot import cashaddr, compiled

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_XRP = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"

# Version byte of a 21-byte Base58Check payload -> chain (bitcoin alphabet).
_B58_VERSIONS: dict[int, str] = {
    0x00: "btc",
    0x05: "btc",
    0x30: "ltc",
    0x32: "ltc",
    0x1E: "doge",
    0x16: "doge",
    0x41: "trx",
}
_SEGWIT_HRPS: dict[str, str] = {"bc": "btc", "ltc": "ltc", "tb": "btc-testnet"}

# One pattern per family; \b alone is not enough because base58 touches word characters.
CANDIDATE = compiled.compile(
    r"(?<![0-9A-Za-z_])(?:"
    r"0x[0-9a-fA-F]{40}"
    r"|(?:bitcoincash:)?[qp][02-9ac-hj-np-z]{41}"
    r"|(?:BITCOINCASH:)?[QP][02-9AC-HJ-NP-Z]{41}"
    r"|(?:bc|ltc|tb)1[02-9ac-hj-np-z]{8,87}"
    r"|(?:BC|LTC|TB)1[02-9AC-HJ-NP-Z]{8,87}"
    r"|-?[01]:[0-9a-fA-F]{64}"
    r"|[EUk0][Qf][A-Za-z0-9_\-+/]{46}"
    rf"|[{_B58}]{{25,44}}"
    r")(?![0-9A-Za-z_])"
)
# Every candidate lies inside a run of at least 11 of these characters ("bc1" and 8 more is the
# shortest). Finding the runs first and searching only them is about twice as fast on ordinary
# text, where the alternation above would otherwise be tried at every position.
_RUN = compiled.compile(r"(?<![0-9A-Za-z:_+/-])[0-9A-Za-z:_+/-]{11,}")


@dataclass(frozen=True, slots=True)
class Address:
    chain: str
    value: str  # normalised for look-ups
    raw: str
    valid: bool | None  # None: the format carries no checksum (Solana, lower-case EVM)


def _evm(raw: str) -> Address:
    body = raw[2:]
    lower = "0x" + body.lower()
    if body == body.lower() or body == body.upper():
        return Address("evm", lower, raw, None)
    from sha3 import keccak_256  # only mixed-case EVM addresses need it: not at start-up

    digest = keccak_256(body.lower().encode()).hexdigest()
    ok = all(
        (c.upper() if int(d, 16) >= 8 else c.lower()) == c
        for c, d in zip(body, digest, strict=False)
        if c.isalpha()
    )
    return Address("evm", lower, raw, ok)


def _base58check(raw: str) -> Address | None:
    alphabet = base58.XRP_ALPHABET if raw.startswith("r") else base58.BITCOIN_ALPHABET
    try:
        payload = base58.b58decode_check(raw, alphabet)
    except ValueError:
        # A valid checksum is proof enough; without one, only a random-looking string is
        # worth calling an address (a Solana key, or a tampered one), not a long word.
        return _base58_unchecked(raw) if _looks_random(raw) else None
    if len(payload) != 21:
        return None
    if alphabet is base58.XRP_ALPHABET:
        return Address("xrp", raw, raw, True) if payload[0] == 0 else None
    chain = _B58_VERSIONS.get(payload[0])
    return Address(chain, raw, raw, True) if chain else None


def _base58_unchecked(raw: str) -> Address | None:
    """Base58 that failed Base58Check: Solana if it holds 32 bytes, else a bad checksum."""
    alphabet = base58.XRP_ALPHABET if raw.startswith("r") else base58.BITCOIN_ALPHABET
    try:
        data = base58.b58decode(raw, alphabet)
    except ValueError:
        return None
    if len(data) == 32 and alphabet is base58.BITCOIN_ALPHABET and len(raw) >= 32:
        return Address("sol", raw, raw, None)
    if len(data) == 25:
        guess = {"r": "xrp", "T": "trx", "L": "ltc", "M": "ltc", "D": "doge"}.get(raw[0], "btc")
        if raw[0] in "13LMDTr9A":
            return Address(guess, raw, raw, False)
    return None


def _segwit(raw: str) -> Address:
    lower = raw.lower()
    hrp = lower.split("1", 1)[0]
    chain = _SEGWIT_HRPS[hrp]
    try:
        bech32m.decode(hrp, lower)  # bech32 for witness v0, bech32m (BIP-350) for v1+
        return Address(chain, lower, raw, True)
    except bech32m.DecodeError:
        return Address(chain, lower, raw, False)


def _cashaddr(raw: str) -> Address:
    full = raw.lower() if raw.lower().startswith("bitcoincash:") else "bitcoincash:" + raw.lower()
    try:
        cashaddr.decode("bitcoincash", full)
        return Address("bch", full, raw, True)
    except cashaddr.CashAddrError:
        return Address("bch", full, raw, False)


def _ton_friendly(raw: str) -> Address | None:
    try:
        data = base64.urlsafe_b64decode(raw.replace("+", "-").replace("/", "_"))
    except (binascii.Error, ValueError):
        return None
    if len(data) != 36:
        return None
    # TON's user-friendly form ends in CRC16-XMODEM, which is what binascii.crc_hqx computes.
    ok = binascii.crc_hqx(data[:34], 0) == int.from_bytes(data[34:], "big")
    workchain = data[1] - 256 if data[1] > 127 else data[1]
    return Address("ton", f"{workchain}:{data[2:34].hex()}", raw, ok)


@lru_cache(maxsize=4096)  # the same addresses recur across messages; decoding is costly
def parse_address(raw: str) -> Address | None:
    """Recognises one address candidate, verifying its checksum where the format has one."""
    low = raw.lower()
    if low.startswith("0x") and len(raw) == 42:
        return _evm(raw)
    # Wallets show cashaddr without its prefix, and QR codes carry it in upper case.
    if low.startswith("bitcoincash:") or (
        len(raw) == 42 and low[0] in "qp" and (raw.islower() or raw.isupper())
    ):
        return _cashaddr(raw)
    if low.split("1", 1)[0] in _SEGWIT_HRPS and "1" in low and (raw.islower() or raw.isupper()):
        return _segwit(raw)
    if re.fullmatch(r"-?[01]:[0-9a-fA-F]{64}", raw):
        return Address("ton", raw.lower(), raw, None)
    if len(raw) == 48 and raw[:2] in ("EQ", "UQ", "kQ", "0Q", "Ef", "Uf", "kf", "0f"):
        return _ton_friendly(raw)
    if all(c in _B58 for c in raw) or (raw.startswith("r") and all(c in _XRP for c in raw)):
        return _base58check(raw)
    return None


def _looks_random(raw: str) -> bool:
    """Skips long ordinary words: real base58 addresses mix digits with both cases."""
    return (
        sum(c.isdigit() for c in raw) >= 2
        and any(c.isupper() for c in raw[1:])
        and any(c.islower() for c in raw)
    )


def find_addresses(text: str) -> Iterator[Address]:
    """Every address-like string in text, each recognised once."""
    seen: set[str] = set()
    for run in _RUN.finditer(text):
        for m in CANDIDATE.finditer(text, run.start(), run.end()):
            raw = m.group(0)
            if raw in seen:
                continue
            seen.add(raw)
            if (addr := parse_address(raw)) is not None:
                yield addr


# Bitcoin Cash kept Bitcoin's legacy formats: a `1...`/`3...` address and a `bitcoincash:q...`/
# `p...` one can hold the same hash. Version bytes: legacy 0x00 (key) / 0x05 (script), cashaddr
# 0x00 / 0x08 for 160-bit hashes.
_LEGACY_TO_CASH = {0x00: 0x00, 0x05: 0x08}
_CASH_TO_LEGACY = {v: k for k, v in _LEGACY_TO_CASH.items()}


def lookup_keys(addr: Address) -> tuple[str, ...]:
    """The address's own look-up key, then the same address's key in its other form, so that a
    report of a BCH address in cashaddr form finds it pasted in legacy form, and back."""
    if addr.chain == "btc" and addr.value[:1] in ("1", "3"):
        try:
            payload = base58.b58decode_check(addr.value)
        except ValueError:
            return (addr.value,)
        if len(payload) == 21 and payload[0] in _LEGACY_TO_CASH:
            return (addr.value,
                    cashaddr.encode("bitcoincash", _LEGACY_TO_CASH[payload[0]], payload[1:]))
    elif addr.chain == "bch":
        try:
            version, payload = cashaddr.decode("bitcoincash", addr.value)
        except cashaddr.CashAddrError:
            return (addr.value,)
        if len(payload) == 20 and version in _CASH_TO_LEGACY:
            return (addr.value,
                    base58.b58encode_check(bytes([_CASH_TO_LEGACY[version]]) + payload).decode())
    return (addr.value,)


def address_key(addr: str) -> str | None:
    """The normalised look-up key of a single address, or None if it is not one."""
    parsed = parse_address(addr.strip())
    return parsed.value if parsed else None
