"""Police bulk files, row by row; the phrase dry run against the stored benign sample; roles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.moderation import (
    MAX_BULK_ROWS,
    PERMISSIONS,
    RowRules,
    bulk_format,
    can,
    dry_run,
    hold_false_positives,
    indicator_key,
    load_benign,
    parse_bulk,
)

SAMPLE = Path(__file__).parent.parent / "knowledge" / "benign" / "sample.yaml"
CATEGORIES = frozenset({"investment", "phishing", "fake_support", "seed_phrase"})
POLICE = RowRules(categories=CATEGORIES, organisation="HKPF", region="HK", require_reference=True)

UPLOAD = """kind,value,category,reference,organisation,note
address,TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t,investment,HK-2026-0101,HKPF,pig butchering
domain,quick-profit-desk.com,phishing,HK-2026-0102,,
phone,6123 4567,fake_support,HK-2026-0103,,caller says he is from the exchange
address,0x28C6c06298d514Db089934071355E5743bf21d61,investment,HK-2026-0104,,
domain,quick-profit-desk.com,phishing,HK-2026-0105,,
handle,@fast_refund_agent,lottery,HK-2026-0106,,
url,https://quick-profit-desk.com/login,phishing,,,
email,refunds@quick-profit-desk.com,phishing,HK-2026-0108,ADCC,
phrase,"pay the release fee to unlock your withdrawal",investment,HK-2026-0109,,
"""


def test_bad_rows_are_reported_by_line_and_good_rows_kept() -> None:
    result = parse_bulk(UPLOAD.encode(), "csv", POLICE)
    assert [(r.line, r.kind, r.key) for r in result.rows] == [
        (2, "address", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
        (3, "domain", "quick-profit-desk.com"),
        (4, "phone", "+85261234567"),
        (10, "phrase", "pay the release fee to unlock your withdrawal"),
    ]
    errors = {e.line: e.error for e in result.errors}
    assert set(errors) == {5, 6, 7, 8, 9}
    assert "checksum is wrong" in errors[5]
    assert errors[6] == "duplicate of line 3"
    assert "unknown category 'lottery'" in errors[7]
    assert "case reference is required" in errors[8]
    assert "'ADCC' is not yours (HKPF)" in errors[9]
    assert all(r.organisation == "HKPF" for r in result.rows)
    assert result.rows[-1].lang == "en"


def test_json_uploads_name_the_item() -> None:
    items = [
        {
            "kind": "domain",
            "value": "quick-profit-desk.com",
            "category": "phishing",
            "reference": "R1",
        },
        "not an object",
        {"kind": "spaceship", "value": "x-wing", "category": "phishing", "reference": "R3"},
        {
            "kind": "phrase",
            "value": "保證獲利，老師帶單",
            "category": "investment",
            "reference": "R4",
        },
    ]
    result = parse_bulk(json.dumps({"reported": items}).encode(), "json", POLICE)
    assert [r.line for r in result.rows] == [1, 4] and result.rows[1].lang == "zh-HK"
    assert [(e.label(), e.error[:20]) for e in result.errors] == [
        ("item 2", "not an object"),
        ("item 3", "unknown kind 'spaces"),
    ]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfe\x00k", "not UTF-8"),
        (b"kind,value,categry,reference\n", "unknown column 'categry'"),
        (b"kind,value,reference\n", "missing column 'category'"),
        (b"kind,value,category\n", "missing column 'reference'"),
    ],
)
def test_a_broken_file_says_what_is_wrong(data: bytes, error: str) -> None:
    result = parse_bulk(data, "csv", POLICE)
    assert result.rows == [] and error in result.errors[0].error


def test_semicolons_bom_comments_and_quoted_commas() -> None:
    data = (
        "\ufeffkind;value;category;reference;note\n"
        "# exported from the case system\n"
        'domain;quick-profit-desk.com;phishing;R1;"fake, cloned site"\n'
    ).encode()
    result = parse_bulk(data, "csv", POLICE)
    assert result.errors == [] and result.rows[0].note == "fake, cloned site"


def test_an_unquoted_comma_is_an_error_not_a_silent_cut() -> None:
    data = b"kind,value,category,reference\ndomain,quick-profit-desk.com,phishing,R1,extra\n"
    assert "more fields than columns" in parse_bulk(data, "csv", POLICE).errors[0].error


def test_too_many_rows_stop_at_the_limit() -> None:
    lines = ["kind,value,category,reference"] + [
        f"domain,site{n}-example.com,phishing,R{n}" for n in range(MAX_BULK_ROWS + 3)
    ]
    result = parse_bulk("\n".join(lines).encode(), "csv", POLICE)
    assert len(result.rows) == MAX_BULK_ROWS and "the rest was not read" in result.errors[0].error


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("domain", "WWW.Quick-Profit-Desk.com", "quick-profit-desk.com"),
        ("domain", "bïnance.com", "xn--bnance-iwa.com"),
        ("phone", "+44 20 7946 0958", "+442079460958"),
        ("handle", "@Fast_Refund_Agent", "@Fast_Refund_Agent"),
    ],
)
def test_indicators_are_stored_as_the_engine_looks_them_up(
    kind: str, value: str, stored: str
) -> None:
    assert indicator_key(kind, value)[0] == stored


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("domain", "https://x-example.com/login"),
        ("domain", "not a domain"),
        ("phone", "12"),
        ("email", "nobody"),
        ("handle", "a b c"),
        ("address", "hello-world-address"),
        ("url", "javascript"),
        ("phrase", "x" * 301),
    ],
)
def test_bad_indicators_are_refused(kind: str, value: str) -> None:
    with pytest.raises(ValueError):
        indicator_key(kind, value)


@pytest.mark.parametrize(
    ("name", "ctype", "fmt"),
    [
        ("cases.csv", "", "csv"),
        ("x.JSON", "", "json"),
        ("upload", "application/json", "json"),
        ("upload", "text/csv; charset=utf-8", "csv"),
        ("photo.jpg", "image/jpeg", None),
    ],
)
def test_bulk_format_from_name_or_type(name: str, ctype: str, fmt: str | None) -> None:
    assert bulk_format(name, ctype) == fmt


# --- dry run ---------------------------------------------------------------------------------


def test_the_benign_sample_is_big_and_varied() -> None:
    sample = load_benign(SAMPLE)
    assert len(sample) >= 200 and len({m.id for m in sample}) == len(sample)
    assert {m.lang for m in sample} == {"en", "zh-HK"}
    assert {"chat", "notification", "otp", "advert", "crypto"} <= {m.kind for m in sample}


@pytest.mark.parametrize(
    ("phrase", "lang", "flagged"),
    [
        ("guaranteed returns", "en", ["crypto-16"]),  # people warning each other use it too
        ("verification code", "en", ["otp-01", "otp-05"]),
        ("穩賺唔蝕", "zh-HK", ["crypto-32"]),
        ("pay the release fee to unlock your withdrawal", "en", []),
        ("老師帶單", "zh-HK", []),
    ],
)
def test_a_dry_run_shows_the_false_positives(phrase: str, lang: str, flagged: list[str]) -> None:
    hits = dry_run(phrase, "investment", lang, load_benign(SAMPLE))
    assert [h.message.id for h in hits] == flagged


def test_a_phrase_of_punctuation_is_refused() -> None:
    with pytest.raises(ValueError, match="no words"):
        dry_run("!!! ???", "investment", "en", load_benign(SAMPLE))


# --- who may do what -------------------------------------------------------------------------


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
def test_an_ordinary_user_may_do_nothing(action: str) -> None:
    assert not can(None, action) and not can("user", action)
    assert can("admin", action)


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        ("moderator", "decide", True),
        ("moderator", "grant", False),
        ("police", "bulk", True),
        ("police", "queue", False),
        ("police", "revert", False),
        ("moderator", "nonsense", False),
    ],
)
def test_roles_allow_their_own_actions(role: str, action: str, allowed: bool) -> None:
    assert can(role, action) is allowed


def test_phrase_rows_that_flag_benign_messages_are_held_for_review() -> None:
    rows = parse_bulk(
        b"kind,value,category,reference\n"
        b"phrase,guaranteed returns,investment,R1\n"
        b"phrase,pay the release fee to unlock your withdrawal,investment,R2\n"
        b"domain,quick-profit-desk.com,phishing,R3\n",
        "csv",
        POLICE,
    ).rows
    ok, held = hold_false_positives(rows, load_benign(SAMPLE))
    assert [r.line for r in ok] == [3, 4] and [r.line for r in held] == [2]
    assert "flags 1 benign message(s) (crypto-16)" in held[0].note
