"""Text recognition on rendered chat screenshots: accuracy and time per picture, per engine.

Draws N screenshots per language (English, Traditional, Simplified Chinese) with varied fonts,
sizes, light/dark themes, widths and PNG/JPEG, each holding a link and a crypto address with
a valid checksum, then reads them back with each engine. Reports per language and engine: the
share of characters read right (1 - edit distance / length, whitespace ignored), the share of
links and addresses recovered exactly (raw, and after bot.media.recover), and time per picture
(median, p95).

    .venv/bin/python benchmarks/bench_ocr.py --per-lang 50 --engines tesseract,rapidocr

With --texts FILE the recognised texts are saved there, and a later run with the same FILE
(same --per-lang) reads them back instead of recognising again: a change to bot.media.recover
is then measured on exactly the same readings, in seconds (times come from the first run).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import bech32m
from PIL import Image
from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).parent.parent))
sys.path.insert(0, str(Path(__file__).parent))

# The addresses are made with the libraries bot.chains checks them with (no bip_utils).
from generate_kb import _evm, _tron
from screenshots import available, jpeg, png, render_chat

from bot.indicators import extract
from bot.media import ocr
from bot.media.recover import recover
from bot.message import Message

EN = [
    "Hello, this is {brand} support. Your account has been frozen for suspicious activity.",
    "To unfreeze it, verify your wallet at {link} within 24 hours.",
    "Deposit {amount} USDT to {addr} and the funds will be released.",
    "Hi dear, my uncle works at {brand} and knows a trading signal with 30% daily profit.",
    "ok, what do I need to do?",
    "Are we still meeting for lunch on Friday?",
    "Your parcel is held at customs, pay the fee at {link}",
    "Thanks! See you at the station at 7.",
    "Send {amount} USDT to {addr} to pay the withdrawal tax.",
    "I sent the photos from the trip, check the album at {link}",
    "My address for the refund is {addr}, please confirm.",
]
ZH = [
    "您好，我是{brand}客服。您的帳戶因可疑活動已被凍結。",
    "請在24小時內到 {link} 驗證您的錢包。",
    "請轉 {amount} USDT 到 {addr}，資金就會解凍。",
    "親愛的，我叔叔在{brand}工作，有內幕交易訊號，每天收益30%。",
    "好的，我需要做什麼？",
    "星期五還一起吃午飯嗎？",
    "您的包裹被海關扣留，請到 {link} 繳付費用。",
    "謝謝！七點車站見。",
    "提現前需要先繳稅，請轉 {amount} USDT 到 {addr}",
    "旅行的照片在這裡 {link}",
    "退款地址是 {addr}，請確認。",
]
BRANDS = ["Binance", "OKX", "Coinbase", "Bybit", "MetaMask", "HashKey"]
HOSTS = ["verify-login.top", "support-desk.xyz", "secure-kyc.vip", "wallet-check.com", "help.io"]


def _btc(rng: random.Random) -> str:
    return bech32m.encode("bc", 0, rng.randbytes(20))  # bech32 P2WPKH


def make_case(rng: random.Random, lang: str) -> dict:
    """One screenshot: its picture, the text drawn, the link and address in it."""
    import opencc

    brand = rng.choice(BRANDS)
    link = f"https://{brand.lower()}-{rng.choice(HOSTS)}/{rng.choice(['kyc', 'login', 'v'])}"
    addr = rng.choice([_evm, _tron, _btc])(rng)
    templates = EN if lang == "en" else ZH
    lines = rng.sample(templates, 3)
    lines.append(rng.choice([t for t in templates if "{addr}" in t]))
    lines.append(rng.choice([t for t in templates if "{link}" in t]))
    rng.shuffle(lines)
    amount = str(rng.choice([200, 500, 1500, 3000]))
    texts = [t.format(brand=brand, link=link, addr=addr, amount=amount) for t in lines]
    if lang == "zh-Hans":
        conv = opencc.OpenCC("t2s")
        texts = [conv.convert(t) for t in texts]
    fonts = available(cjk=lang != "en")
    font = rng.choice(fonts)
    size = rng.choice([22, 26, 30, 34, 38])
    theme = rng.choice(["light", "dark"])
    width = rng.choice([720, 1080])
    img = render_chat([(t, rng.random() < 0.3) for t in texts], font, size, theme, width)
    data = jpeg(img, 80) if rng.random() < 0.5 else png(img)
    return {
        "data": data,
        "truth": "Support\n" + "\n".join(texts),
        "link": link,
        "addr": addr,
        "font": font.name,
        "size": size,
        "theme": theme,
    }


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _found(text: str, link: str, addr: str) -> tuple[bool, bool]:
    ex = extract(Message(text=text))
    want = link.split("://", 1)[1]
    link_ok = any(f"{li.host}{li.path}" == want for li in ex.links)
    addr_ok = any(a.raw == addr for a in ex.addresses)
    return link_ok, addr_ok


class Rapid:
    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self.engine = RapidOCR()

    def __call__(self, data: bytes) -> str:
        import numpy as np

        img = np.array(Image.open(io.BytesIO(data)).convert("RGB"))
        result, _ = self.engine(img)
        return "\n".join(r[1] for r in result or [])


def tesseract(data: bytes) -> str:
    # The service sends PNG to tesseract; a JPEG is converted the same way here.
    img = Image.open(io.BytesIO(data))
    # A generous time limit: on a busy machine a picture can pass the service's 20 s, and an
    # accuracy run should measure the reading, not the neighbours.
    return ocr.recognise(png(img.convert("RGB")), timeout=300)


def _timed(run: Callable[[bytes], str], data: bytes) -> tuple[str, float]:
    started = time.perf_counter()
    text = run(data)
    return text, time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-lang", type=int, default=50, help="screenshots per language")
    ap.add_argument("--engines", default="tesseract,rapidocr", help="comma-separated")
    ap.add_argument("--out", default="benchmarks/out/ocr.json", help="the report (JSON)")
    ap.add_argument(
        "--texts",
        type=Path,
        help="save the recognised texts and times here; reuse them when the file exists",
    )
    args = ap.parse_args()
    saved: dict[str, list[tuple[str, float]]] = {}
    if args.texts and args.texts.exists():
        saved = json.loads(args.texts.read_text(encoding="utf-8"))
    rng = random.Random(14)
    cases = {
        lang: [make_case(rng, lang) for _ in range(args.per_lang)]
        for lang in ("en", "zh-Hant", "zh-Hans")
    }
    engines = {"tesseract": tesseract}
    if "rapidocr" in args.engines and not saved:
        engines["rapidocr"] = Rapid()
    report = {"machine": f"{os.cpu_count()} cores", "per_lang": args.per_lang, "results": []}
    for name in args.engines.split(","):
        for lang, items in cases.items():
            times, accs, raw_l, raw_a, rec_l, rec_a = [], [], 0, 0, 0, 0
            key = f"{name}/{lang}"
            if key not in saved:
                saved[key] = [_timed(engines[name], c["data"]) for c in items]
            if len(saved[key]) != len(items):
                sys.exit(f"{args.texts} holds {len(saved[key])} texts for {key}, not {len(items)}")
            for c, (text, seconds) in zip(items, saved[key], strict=True):
                times.append(seconds)
                truth = _norm(c["truth"])
                accs.append(1 - Levenshtein.distance(truth, _norm(text)) / len(truth))
                lk, ad = _found(text, c["link"], c["addr"])
                raw_l += lk
                raw_a += ad
                lk, ad = _found(recover(text), c["link"], c["addr"])
                rec_l += lk
                rec_a += ad
            times.sort()
            row = {
                "engine": name,
                "lang": lang,
                "n": len(items),
                "chars": round(statistics.mean(accs), 4),
                "links_raw": raw_l,
                "addresses_raw": raw_a,
                "links": rec_l,
                "addresses": rec_a,
                "median_s": round(statistics.median(times), 3),
                "p95_s": round(times[int(0.95 * (len(times) - 1))], 3),
            }
            report["results"].append(row)
            print(json.dumps(row), flush=True)
            if args.texts:
                args.texts.parent.mkdir(parents=True, exist_ok=True)
                args.texts.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
