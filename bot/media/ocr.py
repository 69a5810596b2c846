"""Text recognition in screenshots: Tesseract (Debian's tesseract-ocr with chi-tra, chi-sim).

Measured against rapidocr-onnxruntime (README, "Pictures, QR codes and e-mails"): rapidocr read
more characters right (Traditional Chinese 95.8% against 88.9%) and recovered more addresses,
so it is the better reader; Tesseract is what runs for now because it is a Debian package
run as a separate process (a time limit kills it; it never holds the event loop or the GIL)
and adds no onnxruntime/opencv wheels to the install. Switching is a follow-up.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

# Every screenshot may hold any of the three: a Hong Kong user forwards English scams too.
LANGS = "eng+chi_tra+chi_sim"
TIMEOUT = 20.0  # seconds per picture; a 12-megapixel photo of text takes about 10
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
# Tesseract puts a space between Chinese characters; a reader sees none.
_CJK_SPACE = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")


class OcrUnavailable(RuntimeError):
    """Tesseract or its language data is not installed."""


class OcrTimeout(RuntimeError):
    """Recognition took longer than the limit."""


def available() -> bool:
    """True when the tesseract program is installed."""
    return shutil.which("tesseract") is not None


def recognise(image_png: bytes, langs: str = LANGS, timeout: float = TIMEOUT) -> str:
    """The text in a picture (PNG bytes), Chinese without the spaces Tesseract adds."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrUnavailable("text recognition needs the tesseract-ocr package")
    # One thread per process: with OpenMP's default, two pictures at once on two cores
    # fight over them and both get slower.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            [exe, "stdin", "stdout", "-l", langs, "--psm", "3"],
            input=image_png,
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OcrTimeout(f"text recognition took longer than {timeout:.0f} s") from None
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["failed"]
        raise OcrUnavailable(f"tesseract: {err[0][:200]}")
    return tidy(done.stdout.decode("utf-8", "replace"))


def tidy(text: str) -> str:
    """Recognised text as a reader sees it: no spaces inside Chinese, no blank runs."""
    text = _CJK_SPACE.sub("", text.replace("\f", ""))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
