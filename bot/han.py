"""What "Chinese" means to the detectors: a Han ideograph (CJK Unified, Extension A, and the
compatibility forms a pasted or OCR'd text can hold). One definition, so that the engine, the
tactics, the phrase matcher, the text model and the bot agree on which texts are Chinese.

(bot/indicators.py keeps its own, narrower run of ideographs on purpose: it splits a text for
NFKC, which is exactly what turns compatibility forms into unified ones.)
"""

from __future__ import annotations

from bot import compiled

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # a character-class body, for patterns
HAN_CHAR = compiled.compile(f"[{HAN}]")


def has_han(text: str) -> bool:
    """Whether text holds a Han ideograph (ASCII text, told in constant time, holds none)."""
    return not text.isascii() and HAN_CHAR.search(text) is not None
