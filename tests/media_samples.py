"""Inputs for the picture and e-mail tests, made here: e-mails, QR codes, chat screenshots."""

from __future__ import annotations

import io

import segno
from PIL import Image
from screenshots import available, png, render_chat

LOOKALIKE = "https://binance-verify-login.top/kyc"
REPORTED = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"  # reported in tests/data/knowledge
VALID_ETH = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"  # EIP-55 example, valid
BROKEN_ETH = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"  # last letter's case changed

EN_SCAM = [
    ("Hello, this is Binance support. Your account has been frozen.", False),
    ("What should I do?", True),
    (f"Verify your wallet at {LOOKALIKE} and deposit 500 USDT to {REPORTED}", False),
]
ZH_SCAM = [
    ("您好，我是幣安客服。您的帳戶已被凍結。", False),
    ("我應該怎麼做？", True),
    (f"請到 {LOOKALIKE} 驗證錢包", False),
]
ORDINARY = [
    ("Are we still meeting for lunch on Friday?", False),
    ("Yes, see you at the station at noon.", True),
]


def qr_png(payload: str, scale: int = 6) -> bytes:
    buf = io.BytesIO()
    segno.make(payload, error="m").save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


def screenshot(bubbles: list[tuple[str, bool]], cjk: bool = False, theme: str = "light") -> bytes:
    return png(render_chat(bubbles, available(cjk=cjk)[0], 30, theme))


def huge_png() -> bytes:
    """A small file that claims 50 million pixels: it must be refused before decoding."""
    buf = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(buf, "PNG")
    return buf.getvalue()


def eml(
    sender: str = "Binance Security <no-reply@binance-account-verify.top>",
    shown: str = "https://www.binance.com/en/my/security",
    href: str = LOOKALIKE,
    attachment: str | None = "statement.pdf.exe",
    reply_to: str | None = "binance.help.desk@gmail.com",
) -> bytes:
    head = f"From: {sender}\n" + (f"Reply-To: {reply_to}\n" if reply_to else "")
    body = (
        f"<html><body><p>Dear user,</p><p>We noticed a login from a new device. "
        f'<a href="{href}">{shown}</a></p><style>p {{color: red}}</style></body></html>'
    )
    attach = (
        f"--B\nContent-Type: application/octet-stream\n"
        f'Content-Disposition: attachment; filename="{attachment}"\n\n'
        f"send to {REPORTED}\n"
        if attachment
        else ""
    )
    return (
        f"{head}To: you@example.com\nSubject: Unusual sign-in: verify your account\n"
        f'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n'
        f"--B\nContent-Type: text/html; charset=utf-8\n\n{body}\n{attach}--B--\n"
    ).encode()
