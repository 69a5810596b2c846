"""Pictures and e-mails through the faces: POST /v1/check as a form, and `scamcheck check`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import FormData, web
from aiohttp.test_utils import TestClient
from media_samples import LOOKALIKE, REPORTED, eml, huge_png, qr_png
from web_server import web_settings

from bot.checker import Checker
from bot.store import Store
from bot.verdict import Verdict
from bot.web.app import build_web_app
from bot.web.limits import MAX_ANY_BODY

Client = TestClient[web.Request, web.Application]
MakeClient = Callable[[web.Application], Awaitable[Client]]
KB_DIR = Path(__file__).parent / "data" / "knowledge"


@pytest.fixture
async def client(store: Store, checker: Checker, aiohttp_client: MakeClient) -> Client:
    return await aiohttp_client(build_web_app(web_settings(), checker, store))


def form(**fields: str | tuple[str, bytes, str]) -> FormData:
    data = FormData(default_to_multipart=True)
    for name, value in fields.items():
        if isinstance(value, tuple):
            filename, content, ctype = value
            data.add_field(name.rstrip("_"), content, filename=filename, content_type=ctype)
        else:
            data.add_field(name, value)
    return data


async def test_a_form_with_text_and_a_qr_picture_gets_one_verdict(client: Client) -> None:
    resp = await client.post(
        "/v1/check",
        data=form(text="scan this to claim", lang="zh-HK", region="HK",
                  image=("code.png", qr_png(LOOKALIKE), "image/png")),
    )  # fmt: skip
    assert resp.status == 200, await resp.text()
    v = Verdict.model_validate(await resp.json())
    assert v.risk == "high" and v.lang == "zh-HK"
    assert [o.kind for o in v.origins] == ["typed_text", "qr_code"]
    assert v.reply is not None and f"二維碼會開啟 {LOOKALIKE}" in v.reply


async def test_an_eml_file_in_the_form_is_read_as_an_e_mail(client: Client) -> None:
    resp = await client.post("/v1/check", data=form(file=("warning.eml", eml(), "message/rfc822")))
    assert resp.status == 200, await resp.text()
    v = Verdict.model_validate(await resp.json())
    assert any(f.type == "hidden_link" for f in v.findings)
    assert {o.kind for o in v.origins} == {"email_header", "email_body", "email_attachment"}


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"image": ("x.png", b"not a picture", "image/png")}, 422, "unreadable_image"),
        ({"image": ("bomb.png", huge_png(), "image/png")}, 413, "image_too_many_pixels"),
        ({"file": ("a.pdf", b"%PDF-1.4", "application/pdf")}, 415, "unsupported_media_type"),
        ({"file": ("a.eml", b"just words", "message/rfc822")}, 422, "not_an_email"),
        ({"text": "hi", "lang": "fr"}, 422, "invalid_request"),
        ({"lang": "en"}, 422, "invalid_request"),
        ({"pdf": "x"}, 422, "invalid_request"),
    ],
)
async def test_bad_forms_get_a_clear_error(
    client: Client, fields: dict[str, str | tuple[str, bytes, str]], status: int, code: str
) -> None:
    resp = await client.post("/v1/check", data=form(**fields))
    assert resp.status == status, await resp.text()
    body = await resp.json()
    assert body["code"] == code and body["error"]


async def test_a_body_over_the_limit_is_refused_before_reading(client: Client) -> None:
    big = form(image=("big.png", b"\0" * (MAX_ANY_BODY + 1), "image/png"))
    resp = await client.post("/v1/check", data=big)
    assert resp.status == 413


async def test_json_checks_are_unchanged_and_have_no_origins(client: Client) -> None:
    resp = await client.post("/v1/check", json={"text": f"send to {REPORTED}"})
    body = await resp.json()
    assert resp.status == 200 and body["origins"] == [] and body["risk"] == "high"


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "SCAMCHECK_DB_PATH": str(tmp_path / "t.db"),
        "SCAMCHECK_KNOWLEDGE_DIR": str(KB_DIR),
    }

    def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True,
                              env=env, timeout=60, check=False)  # fmt: skip

    return _run


def test_cli_checks_a_picture_and_an_e_mail(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pic, mail = tmp_path / "code.png", tmp_path / "mail.eml"
    pic.write_bytes(qr_png(f"tron:{REPORTED}?amount=500"))
    mail.write_bytes(eml())
    p = run("check", "--json", "--image", str(pic), "--eml", str(mail))
    assert p.returncode == 0, p.stderr
    v = Verdict.model_validate(json.loads(p.stdout))
    assert v.risk == "high"
    assert {o.kind for o in v.origins} >= {"qr_code", "email_header", "email_body"}
    assert v.reply is not None and f"asks you to pay 500 to {REPORTED}" in v.reply
    p = run("check", "--image", str(pic))
    assert p.returncode == 0 and b"asks you to pay 500" in p.stdout


def test_cli_refuses_a_corrupt_picture_clearly(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8\xff garbage")
    p = run("check", "--image", str(bad))
    assert (p.returncode == 2 and b"damaged" in p.stderr) or b"not a PNG" in p.stderr
    p = run("check", "--eml", str(tmp_path / "missing.eml"))
    assert p.returncode == 2 and b"No such file" in p.stderr
