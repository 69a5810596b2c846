"""The try-it page at /: the same reply as in Telegram, with or without JavaScript."""

from __future__ import annotations

import html
import re
import string
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web
from aiohttp.test_utils import TestClient
from browser import chromium, chromium_path
from web_server import SCAM, web_settings

from bot.checker import Checker
from bot.knowledge import LANGS
from bot.store import Store
from bot.web.app import build_web_app
from bot.web.models import MAX_TEXT_CHARS
from bot.web.page import HERE

Client = TestClient[web.Request, web.Application]
MakeClient = Callable[[web.Application], Awaitable[Client]]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
async def client(store: Store, checker: Checker, aiohttp_client: MakeClient) -> Client:
    return await aiohttp_client(build_web_app(web_settings(), checker, store))


def reply_of(page: str) -> str:
    """The reply as the page shows it (unescaped text of #reply)."""
    match = re.search(r'<div id="reply"[^>]*>(.*?)</div>', page, re.S)
    assert match, page
    return html.unescape(match.group(1))


async def api_reply(client: Client, **body: Any) -> str:
    resp = await client.post("/v1/check", json=body)
    return str((await resp.json())["reply"])


async def test_the_page_is_a_form_that_posts_to_itself(client: Client) -> None:
    resp = await client.get("/")
    page = await resp.text()
    assert resp.status == 200 and resp.content_type == "text/html"
    assert '<form id="check" method="post" action="/"' in page
    assert 'name="text"' in page and 'value="zh-HK"' in page and "繁體中文" in page
    assert '<option value="HK" selected>Hong Kong</option>' in page
    assert re.search(r'id="result"[^>]* hidden', page)  # nothing to show yet
    # Nothing is loaded from elsewhere, and the policy forbids it anyway.
    assert not re.search(r'(src|href)="(https?:)?//', page)
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp


@pytest.mark.parametrize(
    ("query", "headers", "title"),
    [
        ("", {}, "Is this a scam?"),
        ("?lang=zh-HK", {}, "這是騙局嗎？"),
        ("", {"Accept-Language": "zh-TW,zh;q=0.9,en;q=0.8"}, "這是騙局嗎？"),
        ("?lang=en", {"Accept-Language": "zh-HK"}, "Is this a scam?"),
    ],
)
async def test_the_page_speaks_english_or_traditional_chinese(
    client: Client, query: str, headers: dict[str, str], title: str
) -> None:
    page = await (await client.get("/" + query, headers=headers)).text()
    assert f"<title>{title}" in page


@pytest.mark.parametrize("lang", LANGS)
async def test_without_javascript_the_form_post_shows_the_same_reply_as_the_api(
    client: Client, lang: str
) -> None:
    resp = await client.post("/", data={"text": SCAM, "lang": lang, "region": "HK"})
    page = await resp.text()
    assert resp.status == 200
    assert reply_of(page) == await api_reply(client, text=SCAM, lang=lang, region="HK")
    assert 'data-risk="high"' in page
    assert html.escape(SCAM) in page  # the message stays in the box
    assert f'<html lang="{lang}">' in page


async def test_what_is_pasted_is_shown_escaped(client: Client) -> None:
    text = '<script>alert("x")</script> send 1 BTC'
    page = await (await client.post("/", data={"text": text})).text()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("form", "status", "says"),
    [
        ({"text": "   "}, 400, "Paste a message first."),
        ({"text": "x" * (MAX_TEXT_CHARS + 1)}, 400, f"at most {MAX_TEXT_CHARS} characters"),
        ({"text": "hi", "lang": "fr"}, 400, "Something went wrong"),
        ({"text": "hi", "region": "Atlantis"}, 400, "Something went wrong"),
    ],
)
async def test_bad_form_posts_are_explained_on_the_page(
    client: Client, form: dict[str, str], status: int, says: str
) -> None:
    resp = await client.post("/", data=form)
    page = await resp.text()
    assert resp.status == status
    assert says in page and re.search(r'id="result"[^>]* hidden', page)


async def test_a_form_post_over_the_body_limit_is_refused_on_the_page(client: Client) -> None:
    resp = await client.post("/", data=b"text=" + b"x" * 300_000, headers=FORM)
    assert resp.status == 413 and "too long" in await resp.text()


async def test_line_breaks_from_the_browser_count_once(client: Client) -> None:
    text = "a\r\n" * (MAX_TEXT_CHARS // 2)  # 20,000 characters once CRLF becomes LF
    resp = await client.post("/", data={"text": text})
    assert resp.status == 200


async def test_the_page_is_rate_limited_like_the_api(
    store: Store, checker: Checker, aiohttp_client: MakeClient
) -> None:
    settings = web_settings(api_rate_per_minute=60, api_burst=1)
    client = await aiohttp_client(build_web_app(settings, checker, store))
    assert (await client.post("/", data={"text": "hi"})).status == 200
    resp = await client.post("/", data={"text": "hi"})
    assert resp.status == 429
    assert "Try again in 1 seconds" in await resp.text()


@pytest.mark.parametrize(
    ("name", "ctype"), [("style.css", "text/css"), ("app.js", "text/javascript")]
)
async def test_the_static_files(client: Client, name: str, ctype: str) -> None:
    resp = await client.get(f"/static/{name}")
    assert resp.status == 200 and resp.content_type == ctype
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert (await client.get("/static/index.html")).status == 404
    assert (await client.get("/static/..%2Fcopy.yaml")).status == 404


def test_the_page_copy_has_the_same_keys_and_placeholders_in_every_language() -> None:
    copy = yaml.safe_load((HERE / "copy.yaml").read_text(encoding="utf-8"))
    assert set(copy) == set(LANGS)

    def shape(lang: str) -> dict[str, set[str]]:
        return {
            key: {f for _, f, _, _ in string.Formatter().parse(text) if f}
            for key, text in copy[lang].items()
        }

    assert shape("zh-HK") == shape("en")
    template = (HERE / "index.html").read_text(encoding="utf-8")
    assert set(copy["en"]) <= {m[1] for m in string.Template.pattern.findall(template)}


def test_the_script_uses_nothing_but_the_browser() -> None:
    script = (HERE / "app.js").read_text(encoding="utf-8")
    assert "import " not in script and "require(" not in script and "http" not in script


# --- in a real browser --------------------------------------------------------------------

HIDDEN = r'<section id="result"[^>]*\bhidden\b'
VISIBLE = r'<section id="result"(?![^>]*\bhidden\b)[^>]*>'
needs_chromium = pytest.mark.skipif(
    chromium_path() is None,
    reason="chromium is not installed (apt-get install chromium; .ci/run installs it)",
)


@needs_chromium
@pytest.mark.parametrize(("lang", "warning"), [("en", "High risk"), ("zh-HK", "高風險")])
async def test_in_chromium_a_pasted_scam_shows_the_warning_without_a_reload(
    client: Client, tmp_path: Path, lang: str, warning: str
) -> None:
    async with chromium(tmp_path / "profile") as browser:
        tab = await browser.new_tab()
        await tab.goto(str(client.make_url("/")))
        await tab.type("#text", SCAM)
        await tab.click(f'input[name="lang"][value="{lang}"]')
        assert re.match(HIDDEN, await tab.html("#result"))
        mark = tab.mark()
        await tab.click("#check button[type=submit]")
        shown = await tab.wait_for("#result", VISIBLE)
        assert warning in html.unescape(shown)
        assert tab.loads_since(mark) == 0  # answered in place by app.js through /v1/check
        assert 'data-risk="high"' in shown


@needs_chromium
async def test_in_chromium_without_javascript_the_form_post_shows_the_warning(
    client: Client, tmp_path: Path
) -> None:
    async with chromium(tmp_path / "profile") as browser:
        tab = await browser.new_tab(scripts=False)
        await tab.goto(str(client.make_url("/?lang=zh-HK")))
        await tab.type("#text", SCAM)
        mark = tab.mark()
        await tab.click("#check button[type=submit]")
        await tab.loaded(mark)  # the browser posted the form and loaded the answer
        shown = html.unescape(await tab.html("#reply"))
        assert "高風險" in shown and "18222" in shown
        assert SCAM in html.unescape(await tab.html("#text"))
