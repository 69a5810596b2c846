"""QR codes in a picture (zxing-cpp) and what they hold: a link, an address, a payment request.

A payment URI (`ethereum:`, `bitcoin:`, `tron:`, ... with an amount) is taken apart here so
that the engine checks the address and the reply can say where the code would send money.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from bot.media.parts import Part

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_CODES = 10  # per picture
MAX_PAYLOAD = 2000  # characters of one code that are checked
_PAY_SCHEMES = {
    "bitcoin",
    "ethereum",
    "tron",
    "litecoin",
    "dogecoin",
    "bitcoincash",
    "solana",
    "ton",
    "ripple",
    "xrp",
}
# EIP-681: ethereum:<address>[@chain][/function]?params; BIP-21: bitcoin:<address>?amount=
_TARGET = re.compile(r"^(?://)?(?:transfer/)?(?:pay-)?([0-9A-Za-z:_\-+]+?)(?:@\d+)?(?=[/?]|$)")


@dataclass(frozen=True)
class Payment:
    """A payment request: to whom, how much, in which coin or token."""

    scheme: str
    address: str
    amount: str | None = None
    token: str | None = None  # EIP-681 transfer: the token contract the address param pays


def read_codes(img: Image) -> list[str]:
    """The text of every QR code found in the picture (at most MAX_CODES)."""
    import zxingcpp

    formats = zxingcpp.BarcodeFormats(
        [zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.MicroQRCode]
    )
    found = zxingcpp.read_barcodes(img, formats=formats)
    return [b.text[:MAX_PAYLOAD] for b in found if b.valid and b.text][:MAX_CODES]


def parse_payment(payload: str) -> Payment | None:
    """The payment a URI asks for, or None if it is not a payment URI."""
    scheme, sep, rest = payload.strip().partition(":")
    scheme = scheme.lower()
    if not sep or scheme not in _PAY_SCHEMES:
        return None
    m = _TARGET.match(rest)
    if m is None:
        return None
    target = m.group(1)
    if scheme == "bitcoincash":
        target = "bitcoincash:" + target
    query = parse_qs(urlsplit("x:?" + rest.partition("?")[2]).query)

    def first(*names: str) -> str | None:
        for n in names:
            if n in query:
                return unquote(query[n][0])[:64]
        return None

    recipient = first("address")  # ERC-20 transfer: the target is the token contract
    amount = first("amount", "value", "uint256")
    if recipient:
        return Payment(scheme, recipient, amount, token=target)
    return Payment(scheme, target, amount)


def qr_part(payload: str, label: str) -> Part:
    """The piece the engine checks for one code: the payment's address, else the payload."""
    pay = parse_payment(payload)
    if pay is None:
        return Part("qr_code", payload, label=label, content=payload)
    text = pay.address if pay.token is None else f"{pay.address} {pay.token}"
    return Part("qr_code", text, label=label, content=payload, amount=pay.amount)
