"""The public try-it page at /: paste a message, read the same reply as in Telegram.

Plain HTML rendered here; app.js only saves the reload by asking /v1/check. Without
JavaScript the form posts to / and the reply is rendered into the page. A picture or an
e-mail file (chosen or dropped) needs app.js: it sends them to /v1/check as multipart form
data and lists the verdict's `origins` (what came from where) under the reply.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from string import Template
from typing import Literal
from urllib.parse import parse_qsl

import yaml
from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.knowledge import LANGS
from bot.message import Message
from bot.verdict import Verdict
from bot.web.checks import CheckService
from bot.web.clients import CLIENTS, RateLimited
from bot.web.errors import ApiError
from bot.web.limits import MAX_FORM_BODY, read_body
from bot.web.media import MAX_FIELD, MAX_MULTIPART_BODY
from bot.web.models import MAX_TEXT_CHARS, REGION_PATTERN
from bot.web.ratelimit import retry_after

HERE = Path(__file__).parent
STATIC = {"style.css": "text/css", "app.js": "text/javascript"}
LANG_NAMES = {"en": "English", "zh-HK": "繁體中文"}
# The page sends one file with the text in one form body: the body limit, less room for the
# text field, is what a file may weigh. app.js refuses a larger one before uploading it.
MAX_FILE_BYTES = MAX_MULTIPART_BODY - MAX_FIELD - 8 * 1024
FILE_MB = str(MAX_MULTIPART_BODY // 2**20)
# The page loads nothing from elsewhere and may be framed by nobody.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


@cache
def copy(lang: str) -> dict[str, str]:
    """The page's words in one language."""
    with open(HERE / "copy.yaml", encoding="utf-8") as f:
        return dict(yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))[lang])


@cache
def template() -> Template:
    return Template((HERE / "index.html").read_text(encoding="utf-8"))


class PageForm(BaseModel):
    """What the page's form posts."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(default="", max_length=MAX_TEXT_CHARS)
    lang: Literal["en", "zh-HK"] = "en"
    region: str | None = Field(default=None, pattern=REGION_PATTERN)


def page_lang(request: web.Request) -> str:
    """?lang=, else the browser's first Chinese or English preference, else English."""
    if (lang := request.query.get("lang")) in LANGS:
        return lang
    for part in request.headers.get("Accept-Language", "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh-HK"
        if tag.startswith("en"):
            return "en"
    return "en"


class Page:
    """GET / shows the form; POST / checks and shows the reply under it."""

    def __init__(self, service: CheckService) -> None:
        self.service = service

    async def show(self, request: web.Request) -> web.Response:
        """GET /: the empty form."""
        return self.render(page_lang(request))

    async def submit(self, request: web.Request) -> web.Response:
        """POST /: the form without JavaScript; the reply rendered into the page."""
        lang = page_lang(request)
        try:
            request.app[CLIENTS].admit(request)
        except RateLimited as e:
            error = copy(lang)["error_busy"].format(seconds=retry_after(e.seconds))
            return self.render(lang, error=error, status=429)
        form = await self._form(request, lang)
        if isinstance(form, web.Response):
            return form
        message = Message(text=form.text, lang=form.lang, region=form.region)
        verdict = await self.service.check_async(message, "page")
        return self.render(form.lang, text=form.text, region=form.region, verdict=verdict)

    async def _form(self, request: web.Request, lang: str) -> PageForm | web.Response:
        words = copy(lang)
        long = words["error_long"].format(max=MAX_TEXT_CHARS)
        try:
            body = await read_body(request, MAX_FORM_BODY)
        except ApiError:
            return self.render(lang, error=long, status=413)
        fields = dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
        fields["text"] = fields.get("text", "").replace("\r\n", "\n")
        fields = {k: v for k, v in fields.items() if v != "" or k == "text"}
        try:
            form = PageForm.model_validate(fields)
        except ValidationError as e:
            too_long = any(err["loc"] == ("text",) for err in e.errors())
            error = long if too_long else words["error_failed"]
            return self.render(lang, text=fields["text"][:MAX_TEXT_CHARS], error=error, status=400)
        if not form.text.strip():
            return self.render(form.lang, error=words["error_empty"], status=400)
        return form

    def render(
        self,
        lang: str,
        *,
        text: str = "",
        region: str | None = None,
        verdict: Verdict | None = None,
        error: str = "",
        status: int = 200,
    ) -> web.Response:
        """The page in lang, with the reply and the error if there are any."""
        words = copy(lang)
        esc = html.escape
        values = {key: esc(value) for key, value in words.items()}
        values["error_long"] = esc(words["error_long"].format(max=MAX_TEXT_CHARS))
        for key in ("file_hint", "error_file_large"):
            values[key] = esc(words[key].format(mb=FILE_MB))
        values.update(
            lang=lang,
            lang_links=self._lang_links(lang),
            max_chars=str(MAX_TEXT_CHARS),
            max_file_bytes=str(MAX_FILE_BYTES),
            text=esc(text),
            en_checked=" checked" if lang == "en" else "",
            zh_checked=" checked" if lang == "zh-HK" else "",
            region_options=self._regions(lang, region or self.service.default_region),
            error=esc(error),
            error_hidden="" if error else " hidden",
            result_hidden="" if verdict else " hidden",
            risk=verdict.risk if verdict else "",
            reply=esc(verdict.reply or "") if verdict else "",
        )
        body = template().substitute(values)
        return web.Response(
            text=body,
            status=status,
            content_type="text/html",
            charset="utf-8",
            headers=SECURITY_HEADERS,
        )

    def _lang_links(self, current: str) -> str:
        links = []
        for code, name in LANG_NAMES.items():
            mark = ' aria-current="page"' if code == current else ""
            links.append(f'<a href="/?lang={code}" lang="{code}"{mark}>{name}</a>')
        return "".join(links)

    def _regions(self, lang: str, chosen: str) -> str:
        options = []
        for code, name in self.service.regions(lang):
            selected = " selected" if code == chosen.upper() else ""
            options.append(
                f'<option value="{html.escape(code)}"{selected}>{html.escape(name)}</option>'
            )
        return "".join(options)

    async def static(self, request: web.Request) -> web.StreamResponse:
        """GET /static/{name}: the stylesheet and the script."""
        name = request.match_info["name"]
        if name not in STATIC:
            raise web.HTTPNotFound()
        return web.FileResponse(
            HERE / name,
            headers={
                "Content-Type": STATIC[name],
                "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff",
            },
        )


def add_page_routes(app: web.Application, page: Page) -> None:
    """Registers the page and its two static files."""
    app.router.add_get("/", page.show, name="page")
    app.router.add_post("/", page.submit, name="page.submit")
    app.router.add_get("/static/{name}", page.static, name="page.static")
