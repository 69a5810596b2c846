"""Extraction: links however they are disguised, phones, e-mails, handles."""

from __future__ import annotations

import pytest

from bot.indicators import extract, normalize_phone
from bot.message import Entity, Message


def hosts(text: str, **kw: object) -> list[str]:
    return [link.host for link in extract(Message(text=text, **kw)).links]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "go to hxxps://evil-site.top/login",
        "go to evil-site[.]top",
        "go to evil-site(dot)top",
        "go to evil-site dot top",
        "go to ｅｖｉｌ－ｓｉｔｅ．ｔｏｐ",  # fullwidth
        "go to evil\u200b-site.top",  # zero-width space
        "go to evil-site。top",  # ideographic full stop
        "go to https://EVIL-SITE.TOP/",
    ],
)
def test_obfuscated_links_are_found(text: str) -> None:
    assert hosts(text) == ["evil-site.top"]


def test_idn_hosts_are_kept_in_both_forms() -> None:
    (link,) = extract(Message(text="https://bücher.example.com/x")).links
    assert link.host == "xn--bcher-kva.example.com"
    assert link.host_unicode == "bücher.example.com"
    (back,) = extract(Message(text="https://xn--bcher-kva.example.com")).links
    assert back.host_unicode == "bücher.example.com"


def test_not_everything_with_a_dot_is_a_link() -> None:
    assert hosts("see file.tar or node.js or e.g. 3.14, version 2.0.1") == []


def test_registrable_domain_uses_the_public_suffix_list() -> None:
    (a, b) = extract(Message(text="https://a.b.example.co.uk and https://me.github.io/x")).links
    assert a.registrable == "example.co.uk"
    assert (b.registrable, b.icann_registrable) == ("me.github.io", "github.io")


def test_suffixes_answer_as_the_library_does() -> None:
    # suffixes() walks the library's own rules once for both lists: every rule of the list
    # (exceptions and wildcards included), written as a host at, under and beside the rule,
    # gets the library's answers.
    from bot.indicators import PSL, _library_suffixes, suffixes

    rules = sorted(PSL._publicsuffix)
    assert len(rules) > 5000 and any(r.startswith("!") for r in rules)
    assert any(r.startswith("*.") for r in rules)
    for rule in rules:
        name = rule.lstrip("!").replace("*.", "any.")
        for host in (name, f"a.{name}", f"b.a.{name}", f"a.{name}.", f"A.{name.upper()}",
                     f"a..{name}", f"{name}.unknown-ending"):
            assert suffixes(host) == _library_suffixes(host), host
    for host in ("com", "zz", "a.zz", "a.b.c.d.e.f.zz", "", ".", "x."):
        assert suffixes(host) == _library_suffixes(host), host


def test_text_link_entity_reveals_the_hidden_url() -> None:
    text = "👉 Click here to claim"  # the emoji is two UTF-16 code units
    ent = Entity(type="text_link", offset=3, length=10, url="https://claim-now.top/a")
    (link,) = extract(Message(text=text, entities=[ent])).links
    assert (link.host, link.shown_as) == ("claim-now.top", "Click here")


def test_phones_emails_and_handles() -> None:
    ex = extract(Message(text="Call +44 20 7946 0958, mail help@exa.mple.com, DM @Support_Desk1 "
                              "or t.me/another_handle", region="GB"))
    assert ex.phones and ex.phones[0][0] == "+442079460958"
    assert ex.emails == ["help@exa.mple.com"]
    assert ex.handles == ["another_handle", "support_desk1"]


@pytest.mark.parametrize(
    ("raw", "region", "key"),
    [
        ("18222", "HK", "18222"),
        # a short code has no international form: its country code written before it changes
        # nothing, so an official hotline and its listing are one key however it is written
        ("+852 18222", "HK", "18222"),
        ("+852-18222", "GB", "18222"),
        # a full number stays in E.164, even a small country's short one (Niue: 4 digits)
        ("+852 2860 2000", "GB", "+85228602000"),
        ("+683 4002", "HK", "+6834002"),
        # letters on the keypad, as hotlines advertise themselves
        ("1-877-FTC-HELP", "US", "+18773824357"),
    ],
)
def test_a_phone_number_has_one_key_however_it_is_written(raw: str, region: str, key: str) -> None:
    assert normalize_phone(raw, region) == key


def test_premium_rate_numbers_are_typed() -> None:
    ex = extract(Message(text="call 09061701461 now", region="GB"))
    assert ex.phones == [("+449061701461", "premium_rate")]


@pytest.mark.parametrize(
    ("text", "host", "path"),
    [
        ("請登入binance-verify.com查看", "binance-verify.com", ""),
        ("登入https://binance-verify.top/login，完成驗證", "binance-verify.top", "/login"),
        ("即刻去https://binance-verify.top完成驗證", "binance-verify.top", ""),
        ("請到binance.com.verify-now.top/claim領取", "binance.com.verify-now.top", "/claim"),
    ],
)
def test_links_inside_chinese_text_without_spaces(text: str, host: str, path: str) -> None:
    links = extract(Message(text=text)).links
    assert [(link.host, link.path) for link in links] == [(host, path)]


def test_chinese_script_domains_are_found_with_their_scheme() -> None:
    (link,) = extract(Message(text="官方網址 http://中國.com/x 請查閱")).links
    assert link.host == "xn--fiqz9s.com" and link.host_unicode == "中國.com"
