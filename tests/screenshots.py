"""Chat screenshots drawn with Pillow and Debian's fonts, for the media tests and the OCR bench.

The fonts come from Debian packages that .ci/run installs (fonts-dejavu-core, fonts-noto-cjk,
fonts-wqy-microhei, fonts-wqy-zenhei); a font that is missing is skipped, never downloaded.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont


@dataclass(frozen=True)
class Font:
    name: str
    path: str
    index: int = 0
    cjk: bool = False


FONTS = [
    Font("DejaVu Sans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Font("DejaVu Serif", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
    Font("Noto Sans CJK TC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 3, True),
    Font("Noto Sans CJK SC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, True),
    Font("Noto Serif CJK TC", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 3, True),
    Font("WenQuanYi Micro Hei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, True),
    Font("WenQuanYi Zen Hei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, True),
]


def available(cjk: bool = False) -> list[Font]:
    """Installed fonts; with cjk=True only those that draw Chinese."""
    return [f for f in FONTS if Path(f.path).exists() and (f.cjk or not cjk)]


THEMES = {
    # background, their bubble, my bubble, text
    "light": ((236, 229, 221), (255, 255, 255), (220, 248, 198), (17, 17, 17)),
    "dark": ((11, 20, 26), (32, 44, 51), (0, 92, 75), (233, 237, 239)),
}


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines that fit: Latin breaks between words, Chinese between any two characters."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        tokens: list[str] = []
        word = ""
        for ch in para:
            if _wide(ch) or ch == " ":
                if word:
                    tokens.append(word)
                    word = ""
                tokens.append(ch)
            else:
                word += ch
        if word:
            tokens.append(word)
        for tok in tokens:
            if font.getlength(line + tok) <= width or not line:
                line += tok
            else:
                lines.append(line.rstrip())
                line = tok.lstrip()
            while font.getlength(line) > width:  # one token wider than a line: cut it
                cut = len(line)
                while cut > 1 and font.getlength(line[:cut]) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines


def render_chat(
    bubbles: list[tuple[str, bool]],
    font: Font | None = None,
    size: int = 30,
    theme: str = "light",
    width: int = 1080,
) -> Image.Image:
    """A messenger screenshot: (text, mine) bubbles, theirs on the left, mine on the right."""
    font = font or available()[0]
    face = ImageFont.truetype(font.path, size, index=font.index)
    bg, theirs, mine, ink = THEMES[theme]
    pad, gap, inner = int(size * 0.8), int(size * 0.5), int(size * 0.55)
    max_text = int(width * 0.78) - 2 * inner
    line_h = int(size * 1.45)
    laid = [(_wrap(text, face, max_text), is_mine) for text, is_mine in bubbles]
    height = pad * 2 + 90 + sum(len(ls) * line_h + 2 * inner + gap for ls, _ in laid)
    img = Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, width, 90), fill=theirs)  # the title bar of the chat
    draw.text(
        (pad, 28), "Support", font=ImageFont.truetype(font.path, 32, index=font.index), fill=ink
    )
    y = 90 + pad
    for lines, is_mine in laid:
        w = max(int(face.getlength(ln)) for ln in lines) + 2 * inner
        h = len(lines) * line_h + 2 * inner
        x = width - pad - w if is_mine else pad
        draw.rounded_rectangle(
            (x, y, x + w, y + h), radius=int(size * 0.6), fill=mine if is_mine else theirs
        )
        for i, ln in enumerate(lines):
            draw.text((x + inner, y + inner + i * line_h), ln, font=face, fill=ink)
        y += h + gap
    return img


def png(img: Image.Image) -> bytes:
    """The image as PNG bytes."""
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def jpeg(img: Image.Image, quality: int = 85) -> bytes:
    """The image as JPEG bytes, as phones send photos."""
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue()
