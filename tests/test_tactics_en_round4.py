"""English round 4 (docs/detection-en.md): crypto-themed phishing e-mails. Each new tactic fires on
a phishing example and not on a genuine counterpart that shares its words; a warning that tells
what scammers say is advice, not a request; an e-mail pasted as HTML, with `&nbsp;` left in or
with look-alike letters is read as a reader sees it. Written for these tests (not copied from any
data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

from bot.engine import KnowledgeIndex, check
from bot.indicators import readable_text
from bot.message import Message

FLAGGED = ("medium", "high")

# (tactic, phishing e-mail, genuine e-mail that shares its words)
PAIRS = [
    (
        "pressure_your_funds",
        "Subject: Kraken\n\nYour funds have been frozen. Unfreeze: https://kraken-help.example.top/u",
        "Kraken: your funds arrived and are available for trading. https://kraken.com/activity",
    ),
    (
        "lure_allocation",
        "Subject: UNI distribution\n\nYour allocation: 650 UNI. Click the button below to claim.",
        "Subject: Fund report\n\nOur allocation to bonds rose to 40% this quarter, see below.",
    ),
    (
        "demand_accept",
        "Subject: 0.8 BTC is waiting for you\n\nYour balance is waiting for you. Withdraw now",
        "Subject: Offer letter\n\nPlease accept the offer by Friday and sign the attached form.",
    ),
    (
        "pressure_lose_access",
        "Subject: Blockchain wallet outdated\n\nUpdate your wallet today, or you will no longer "
        "be able to access your wallet.",
        "Subject: Wallet upgrade\n\nYou will still be able to access your wallet during the "
        "upgrade; no action is needed.",
    ),
    (
        "demand_lift",
        "Your account has been limited. To lift the restriction, go to "
        "https://acct-review.example.top/lift",
        "Good news: the restriction on your account was lifted after our review, nothing to do.",
    ),
    (
        "demand_callback",
        "Subject: Invoice #4471\n\nBitcoin purchase. Amount charged: $1,249.99. If you did not "
        "authorise this, call +1 (808) 555-0147 to cancel.",
        "Subject: Your receipt\n\nAmount charged: $25.00. Questions? Visit help.example.com.",
    ),
]


@pytest.mark.parametrize(("tactic", "scam", "genuine"), PAIRS, ids=[t for t, _, _ in PAIRS])
def test_new_tactic_fires_on_phishing_and_not_on_genuine(
    tactic: str, scam: str, genuine: str
) -> None:
    assert_pair(tactic, scam, genuine)


def test_a_maintenance_notice_threatens_nothing_without_a_demand() -> None:
    text = "Maintenance: on Sunday 02:00-04:00 UTC you will not be able to withdraw or log in."
    assert "pressure_lose_access" in _ids(text)  # the words of the threat, but nothing asked
    assert _level(text) == "low"


def test_a_genuine_card_alert_with_a_number_is_no_callback() -> None:
    # a charge and a phone number, but no "call to cancel": how a genuine alert reads
    text = "A purchase of $42.17 was made on your card. Not you? Call 1-800-555-0100."
    assert "demand_callback" not in _ids(text)


def test_a_callback_invoice_posing_as_an_exchange_is_high() -> None:
    text = (
        "Coinbase Billing: your order of $899.00 for 0.45 ETH was processed. To cancel or get a "
        "refund, contact our support team at 1-888-555-0192."
    )
    assert {"lure_charge", "demand_callback"} <= _ids(text)
    assert _level(text) in FLAGGED


@pytest.mark.parametrize("text", [
    "Scammers might say your account is suspended, that you need to verify your wallet, or ask "
    "you to click a link.",
    "They may claim your wallet will be frozen and ask you to enter your recovery phrase.",
    "Fake emails that ask you to verify your account and restore access are phishing.",
])  # fmt: skip
def test_a_warning_of_what_scammers_say_is_advice(text: str) -> None:
    assert _level(text) == "low", sorted(_ids(text))


def test_a_warning_in_one_sentence_does_not_excuse_the_next() -> None:
    text = (
        "Scammers may pretend to be us. Your wallet will be suspended: verify your wallet now "
        "at https://wallet-check.example.top"
    )
    assert _level(text) in FLAGGED


def test_readable_text_drops_tags_and_references() -> None:
    html = (
        '<html><head><style>td{color:#333}</style></head><body><table><tr><td style="padding:'
        '20px">Your&nbsp;wallet will be suspended.</td></tr><tr><td><a href="https://x.example'
        '.top">Verify&nbsp;Now</a></td></tr></table></body></html>'
    )
    text = readable_text(html)
    assert "Your wallet will be suspended." in text
    assert "Verify Now" in text
    assert "<" not in text and "color" not in text
    assert readable_text("Tom &amp; Jerry") == "Tom & Jerry"
    assert readable_text("I <3 bitcoin, a < b") == "I <3 bitcoin, a < b"


def test_readable_text_leaves_out_what_is_styled_not_to_show() -> None:
    # hidden "salting" text: a newsletter for the filter between the story and its button
    html = (
        "<html><body><p>Your wallet will be suspended.</p>"
        '<div style="display:none">The council met on Tuesday <div>to discuss</div> parks.</div>'
        '<p style="font-size:0px">More weather news.</p><img style="display:none" src="x.png">'
        "<p>Verify Now</p></body></html>"
    )
    text = readable_text(html)
    assert "council" not in text and "weather" not in text
    assert "Your wallet will be suspended." in text and "Verify Now" in text


def test_readable_text_unmixes_look_alike_letters_only_in_latin_words() -> None:
    assert readable_text("Verify your MetaM\u0430sk w\u0430llet") == "Verify your MetaMask wallet"
    russian = "\u041f\u0440\u0438\u0432\u0435\u0442"  # a word of one script stays as it is
    assert readable_text(russian) == russian


PHISH = (
    "Subject: Action required\n\nDear MetaMask user,\n\nYour wallet will be suspended unless you "
    "complete KYC verification within 48 hours.\n\nVerify Now\n\nMetaMask Compliance"
)


def _as_html(text: str) -> str:
    cell = '<td style="font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:24px;">'
    rows = "".join(
        f'<tr>{cell}{p.replace(" ", "&nbsp;")}</td></tr>' for p in text.split("\n\n")
    )
    return f"<html><body><table>{rows}</table></body></html>"


def test_an_e_mail_pasted_as_html_is_read_like_its_text(seed_index: KnowledgeIndex) -> None:
    plain = check(Message(text=PHISH), seed_index, model=False).risk
    assert plain in FLAGGED
    assert check(Message(text=_as_html(PHISH)), seed_index, model=False).risk == plain


def _raw_email(subject: str, html: str, encoding: str) -> str:
    import base64
    import quopri

    body = (
        base64.encodebytes(html.encode()).decode()
        if encoding == "base64"
        else quopri.encodestring(html.encode()).decode()
    )
    return (
        "Received: from mx.example.net (unknown [192.0.2.7])\n"
        'From: "Wallet" <notice@wallet-mail.example>\nTo: you@example.com\n'
        f"Subject: {subject}\nMIME-Version: 1.0\n"
        'Content-Type: text/html; charset="utf-8"\n'
        f"Content-Transfer-Encoding: {encoding}\n\n{body}"
    )


@pytest.mark.parametrize("encoding", ["base64", "quoted-printable"])
def test_a_raw_e_mail_is_read_decoded(seed_index: KnowledgeIndex, encoding: str) -> None:
    subject, body = PHISH.split("\n\n", 1)
    html = "<html><body><p>" + body.replace("\n\n", "</p><p>") + "</p></body></html>"
    raw = _raw_email(subject.removeprefix("Subject: "), html, encoding)
    assert "suspended" not in raw or encoding != "base64"  # base64 hides every word
    verdict = check(Message(text=raw), seed_index, model=False)
    assert verdict.risk in FLAGGED, [f.detail for f in verdict.findings]
    assert any(f.type == "tactic" for f in verdict.findings)


def test_a_message_with_a_subject_line_is_no_raw_e_mail() -> None:
    from bot.indicators import raw_email_text

    assert raw_email_text("Subject: Hello\n\nSee you at 5") is None
    assert raw_email_text("From: Ann\nSubject: Hello\n\nSee you at 5") is None
    assert raw_email_text("Content-Type: is a header name; this is a sentence.") is None
    assert raw_email_text("Received: $50 from Ann\n\nThanks for dinner!") is None
