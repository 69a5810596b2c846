"""Bitcoin Cash CashAddr: the checksum of `bitcoincash:q...` addresses, encode and decode.

No maintained library implements CashAddr alone (the ones that do carry a wallet with them),
and the format is small: bech32's alphabet and bit packing with a 40-bit BCH checksum
(spec: github.com/bitcoincashorg/bitcoincash.org, spec/cashaddr.md).
"""

from __future__ import annotations

from bech32m.codecs import CHARSET, convertbits

_GENERATORS = (0x98F2BC8E61, 0x79B76D99E2, 0xF33E5FB3C4, 0xAE2EABE2A8, 0x1E4F43E470)
_CHECKSUM_LEN = 8  # characters, 40 bits


class CashAddrError(ValueError):
    """Not a CashAddr string, or its checksum is wrong."""


def _polymod(values: bytes) -> int:
    c = 1
    for d in values:
        c0 = c >> 35
        c = ((c & 0x07FFFFFFFF) << 5) ^ d
        for i, g in enumerate(_GENERATORS):
            if (c0 >> i) & 1:
                c ^= g
    return c ^ 1


def _prefix(prefix: str) -> bytes:
    return bytes(ord(ch) & 0x1F for ch in prefix) + b"\0"


def encode(prefix: str, version: int, payload: bytes) -> str:
    """`prefix:` followed by the version byte and payload with their checksum."""
    data = bytes(convertbits(bytes([version]) + payload, 8, 5))
    mod = _polymod(_prefix(prefix) + data + bytes(_CHECKSUM_LEN))
    checksum = bytes((mod >> 5 * (_CHECKSUM_LEN - 1 - i)) & 31 for i in range(_CHECKSUM_LEN))
    return prefix + ":" + "".join(CHARSET[d] for d in data + checksum)


def decode(prefix: str, address: str) -> tuple[int, bytes]:
    """(version byte, payload) of a CashAddr address, with or without its prefix."""
    text = address.lower()
    if ":" in text:
        given, text = text.split(":", 1)
        if given != prefix:
            raise CashAddrError(f"prefix {given!r}, expected {prefix!r}")
    if len(text) <= _CHECKSUM_LEN or any(ch not in CHARSET for ch in text):
        raise CashAddrError("not CashAddr characters")
    data = bytes(CHARSET.index(ch) for ch in text)
    if _polymod(_prefix(prefix) + data) != 0:
        raise CashAddrError("wrong checksum")
    try:
        raw = bytes(convertbits(data[:-_CHECKSUM_LEN], 5, 8, pad=False))
    except ValueError as e:
        raise CashAddrError("bad padding") from e
    return raw[0], raw[1:]
