"""The try-it page with pictures and e-mails, in headless Chromium: a file is chosen or dropped,
sent with the text to POST /v1/check as a form, and the reply shows what came from where."""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from browser import Tab, chromium, chromium_path
from media_samples import EN_SCAM, LOOKALIKE, ORDINARY, REPORTED, ZH_SCAM, eml, huge_png, qr_png
from media_samples import screenshot as chat_png
from web_server import web_settings

from bot.checker import Checker
from bot.media import ocr
from bot.store import Store
from bot.web.app import build_web_app
from bot.web.page import MAX_FILE_BYTES

Client = TestClient[web.Request, web.Application]
MakeClient = Callable[[web.Application], Awaitable[Client]]

pytestmark = pytest.mark.skipif(
    chromium_path() is None,
    reason="chromium is not installed (apt-get install chromium; .ci/run installs it)",
)
needs_ocr = pytest.mark.skipif(
    not ocr.available(), reason="tesseract-ocr is not installed (.ci/run installs it)"
)
VISIBLE = r'<section id="result"(?![^>]*\bhidden\b)[^>]*>'
SHOWN_ERROR = r'<p id="error"(?![^>]*\bhidden\b)[^>]*>[^<]+'
# Tesseract on two busy cores: a screenshot may take many seconds.
OCR_WAIT = 90.0


@pytest.fixture
async def client(store: Store, checker: Checker, aiohttp_client: MakeClient) -> Client:
    return await aiohttp_client(build_web_app(web_settings(), checker, store))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


async def open_page(client: Client, tab: Tab, lang: str = "en") -> None:
    await tab.goto(str(client.make_url(f"/?lang={lang}")))
    # app.js shows the file chooser; without it the page has no use for one.
    assert not re.match(r"<div[^>]*\bhidden\b", await tab.html("#drop"))


async def submit(tab: Tab, timeout: float = 30) -> str:
    """Clicks Check and returns the result section once it is shown (reply and origins)."""
    mark = tab.mark()
    await tab.click("#check button[type=submit]")
    shown = await tab.wait_for("#result", VISIBLE, timeout)
    assert tab.loads_since(mark) == 0  # answered in place, through /v1/check
    return html.unescape(shown)


def origins(section: str) -> list[tuple[str, str]]:
    """(kind, text) of each listed origin."""
    items = re.findall(r'<li data-kind="([a-z_]+)">(.*?)</li>', section, re.S)
    return [(kind, re.sub(r"<[^>]+>", "", body)) for kind, body in items]


async def error_after(tab: Tab, timeout: float = 30) -> str:
    shown = await tab.wait_for("#error", SHOWN_ERROR, timeout)
    assert re.search(r'<section id="result"[^>]*\bhidden\b', await tab.html("#result"))
    return html.unescape(re.sub(r"<[^>]+>", "", shown))


@pytest.mark.parametrize(
    ("lang", "warning", "qr_name", "opens"),
    [
        ("en", "High risk", "QR code", f"The QR code in your picture opens {LOOKALIKE}"),
        ("zh-HK", "高風險", "二維碼", f"你圖片中的二維碼會開啟 {LOOKALIKE}"),
    ],
)
async def test_a_dropped_qr_code_of_a_lookalike_site_is_followed_to_its_target(
    client: Client, tmp_path: Path, lang: str, warning: str, qr_name: str, opens: str
) -> None:
    picture = write(tmp_path, "code.png", qr_png(LOOKALIKE))
    async with chromium(tmp_path / "profile") as browser:
        tab = await browser.new_tab()
        await open_page(client, tab, lang)
        await tab.drop_files("#drop", picture)
        assert "code.png" in await tab.wait_for("#chosen", r"(?s)(?!.*\bhidden\b)code\.png")
        shown = await submit(tab)
    assert 'data-risk="high"' in shown and warning in shown and opens in shown
    (qr,) = origins(shown)
    assert qr[0] == "qr_code"
    assert qr[1].startswith(qr_name) and LOOKALIKE in qr[1]
    assert "binance-verify-login.top/kyc" in qr[1].split("·", 1)[1]  # the indicator it holds


async def test_typed_text_and_a_payment_qr_code_are_listed_apart(
    client: Client, tmp_path: Path
) -> None:
    picture = write(tmp_path, "pay.png", qr_png(f"tron:{REPORTED}?amount=500"))
    async with chromium(tmp_path / "profile") as browser:
        tab = await browser.new_tab()
        await open_page(client, tab)
        await tab.type("#text", "scan this to get your refund")
        await tab.choose_files("#file", picture)
        shown = await submit(tab)
    assert 'data-risk="high"' in shown
    assert f"asks you to pay 500 to {REPORTED}" in shown
    (typed, qr) = origins(shown)
    assert typed[0] == "typed_text" and typed[1].startswith("Your text")
    assert "nothing to look up" in typed[1]
    assert qr[0] == "qr_code" and "amount 500" in qr[1] and REPORTED in qr[1]


@needs_ocr
@pytest.mark.parametrize(
    ("lang", "bubbles", "cjk", "read_name", "warning"),
    [
        ("en", EN_SCAM, False, "Text read in the picture", "High risk"),
        ("zh-HK", ZH_SCAM, True, "圖片中讀到的文字", "高風險"),
    ],
)
async def test_a_chat_screenshot_is_read_and_its_link_checked(
    client: Client,
    tmp_path: Path,
    lang: str,
    bubbles: list[tuple[str, bool]],
    cjk: bool,
    read_name: str,
    warning: str,
) -> None:
    picture = write(tmp_path, "chat.png", chat_png(bubbles, cjk=cjk))
    async with chromium(tmp_path / "profile") as browser:
        tab = await browser.new_tab()
        await open_page(client, tab, lang)
        await tab.choose_files("#file", picture)
        shown = await submit(tab, OCR_WAIT)
    assert 'data-risk="high"' in shown and warning in shown
    (read,) = origins(shown)
    assert read[0] == "recognised_text" and read[1].startswith(read_name)
    assert "binance-verify-login.top/kyc" in read[1]


@needs_ocr
async def test_an_ordinary_chat_screenshot_stays_low(client: Client, tmp_path: Path) -> None:
    picture = write(tmp_path, "lunch.jpg", chat_png(ORDINARY, theme="dark"))
    async with chromium(tmp_path / "profile") as browser:
        tab = await browser.new_tab()
        await open_page(client, tab)
        await tab.choose_files("#file", picture)
        shown = await submit(tab, OCR_WAIT)
    assert 'data-risk="low"' in shown and "High risk" not in shown
    assert [kind for kind, _ in origins(shown)] == ["recognised_text"]


async def test_an_eml_shows_its_header_body_and_unopened_attachment(
    client: Client, tmp_path: Path
) -> None:
    mail = write(tmp_path, "warning.eml", eml())
    async with chromium(tmp_path / "profile") as browser:
        tab = await browser.new_tab()
        await open_page(client, tab)
        await tab.choose_files("#file", mail)
        shown = await submit(tab)
    assert 'data-risk="high"' in shown
    assert "attachments (warning.eml) were not opened" in shown
    listed = dict(origins(shown))
    assert set(listed) == {"email_header", "email_body", "email_attachment"}
    assert listed["email_header"].startswith("E-mail sender and subject (warning.eml)")
    assert "binance-account-verify.top" in listed["email_header"]
    # The link's real target is listed beside the official address its text shows.
    assert "binance-verify-login.top/kyc" in listed["email_body"]


@pytest.mark.parametrize(
    ("lang", "name", "data", "says"),
    [
        ("en", "broken.png", b"\x89PNG\r\n\x1a\n not really", "That picture cannot be read"),
        ("zh-HK", "broken.jpg", b"\xff\xd8\xff\xe0 half a jpeg", "無法讀取這張圖片"),
        ("en", "bomb.png", huge_png(), "That file is too large: at most 4 MB"),
        ("zh-HK", "bomb.png", huge_png(), "檔案太大"),
        ("en", "notes.eml", b"just some words, no headers", "That file is not an e-mail"),
    ],
)
async def test_a_file_the_service_refuses_gets_a_clear_message(
    client: Client, tmp_path: Path, lang: str, name: str, data: bytes, says: str
) -> None:
    path = write(tmp_path, name, data)
    async with chromium(tmp_path / "profile") as browser:
        tab = await browser.new_tab()
        await open_page(client, tab, lang)
        await tab.choose_files("#file", path)
        await tab.click("#check button[type=submit]")
        assert says in await error_after(tab)


@pytest.mark.parametrize(
    ("lang", "name", "size", "says"),
    [
        ("en", "huge.png", MAX_FILE_BYTES + 1, "That file is too large: at most 4 MB"),
        ("zh-HK", "huge.jpg", MAX_FILE_BYTES + 1, "檔案太大：最多 4 MB"),
        ("en", "report.pdf", 1000, "Send a picture (PNG, JPEG, WebP) or an e-mail saved as .eml"),
    ],
)
async def test_a_file_too_large_or_of_another_kind_is_refused_before_it_is_sent(
    client: Client, tmp_path: Path, lang: str, name: str, size: int, says: str
) -> None:
    path = write(tmp_path, name, b"\0" * size)
    async with chromium(tmp_path / "profile") as browser:
        tab = await browser.new_tab()
        await open_page(client, tab, lang)
        await tab.drop_files("#drop", path)
        assert says in await error_after(tab, 10)
        assert re.search(r'<p id="chosen"[^>]*\bhidden\b', await tab.html("#chosen"))
        # Nothing was taken: Check now asks for a message, it sends no file.
        await tab.click("#check button[type=submit]")
        empty = "Paste a message first." if lang == "en" else "請先貼上訊息。"
        assert empty in await tab.wait_for("#error", re.escape(empty), 10)
