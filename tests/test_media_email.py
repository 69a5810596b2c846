"""Forwarded e-mails: headers, links by their real target, attachments named but not opened."""

from __future__ import annotations

import pytest
from media_samples import LOOKALIKE, REPORTED, eml

from bot.checker import Checker
from bot.media.check import Upload, check_upload
from bot.media.email import html_to_text, looks_like_email, parse_email
from bot.media.images import MediaError
from bot.message import entity_text


def check(checker: Checker, data: bytes, text: str = ""):  # type: ignore[no-untyped-def]
    return check_upload(checker, text, [Upload("email", data, "mail.eml")], "en", "HK")


def test_the_link_is_checked_by_its_href_not_the_words_shown(checker: Checker) -> None:
    v = check(checker, eml())
    assert v.risk == "high"
    hidden = [f for f in v.findings if f.type == "hidden_link"]
    assert hidden and hidden[0].params == {
        "shown": "www.binance.com",
        "host": "binance-verify-login.top",
    }
    body = next(o for o in v.origins if o.kind == "email_body")
    assert any(i.value.startswith("binance-verify-login.top") for i in body.indicators)


def test_a_display_name_claiming_a_brand_from_another_domain_is_impersonation(
    checker: Checker,
) -> None:
    v = check(checker, eml())
    assert any(f.type == "impersonation" for f in v.findings)
    head = next(o for o in v.origins if o.kind == "email_header")
    assert head.label == "mail.eml"
    # The sender's domain is checked as a site: it carries the brand's name.
    assert any(i.value == "binance-account-verify.top" for i in head.indicators)


def test_the_brands_own_domain_is_neither_impersonation_nor_proof(checker: Checker) -> None:
    mail = eml(
        sender="Binance <do-not-reply@binance.com>",
        shown="https://www.binance.com/en/my/security",
        href="https://www.binance.com/en/my/security",
        attachment=None,
        reply_to=None,
    )
    v = check(checker, mail)
    assert not any(f.type in ("impersonation", "hidden_link") for f in v.findings)
    # A From header can be forged: it alone never makes an e-mail official.
    assert not any(f.type == "official" and f.indicator and f.indicator.value == "binance.com"
                   and f.indicator.raw and "@" in f.indicator.raw for f in v.findings)  # fmt: skip
    assert v.risk != "high"


def test_attachments_are_named_but_never_opened(checker: Checker) -> None:
    v = check(checker, eml())
    att = next(o for o in v.origins if o.kind == "email_attachment")
    assert att.indicators == []
    assert REPORTED not in {i.value for i in v.indicators}  # it is only inside the attachment
    assert parse_email(eml()).attachments == ["statement.pdf.exe"]


def test_pasted_headers_are_read_as_an_e_mail(checker: Checker) -> None:
    text = eml().decode()
    assert looks_like_email(text)
    v = check_upload(checker, text, [], "en", "HK")
    assert {o.kind for o in v.origins} >= {"email_header", "email_body"}
    assert any(f.type == "hidden_link" for f in v.findings)


@pytest.mark.parametrize(
    "text",
    ["From: my brother, who says hi", "Subject: lunch\nsee you", "hello\nFrom: x\nSubject: y"],
)
def test_ordinary_text_is_not_taken_for_an_e_mail(text: str) -> None:
    assert not looks_like_email(text)


def test_html_links_keep_their_target_over_the_shown_words() -> None:
    text, ents = html_to_text(
        f'<p>Log in: <a href="{LOOKALIKE}">binance.com</a></p><script>x</script>'
    )
    assert [e.url for e in ents] == [LOOKALIKE]
    assert entity_text(text, ents[0]) == "binance.com"
    assert "x" not in text.replace("binance", "")


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02 not mail", b"\n\n\n"])
def test_something_that_is_no_e_mail_gets_a_clear_error(checker: Checker, data: bytes) -> None:
    with pytest.raises(MediaError, match="not an e-mail") as e:
        check(checker, data)
    assert e.value.code == "not_an_email"
