"""Pictures opened safely: size and pixel limits checked from the header, before decoding.

Pillow is in the optional `media` extra and imported lazily, so the core install stays lean.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_IMAGE_BYTES = 10 * 1024 * 1024  # Telegram's photos are far smaller; a screenshot file too
MAX_PIXELS = 40_000_000  # a 12-megapixel phone photo fits; a decompression bomb does not
FORMATS = ("PNG", "JPEG", "WEBP")


class MediaError(ValueError):
    """A picture or file that cannot be checked; `code` names why, the text says it plainly."""

    def __init__(self, code: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def media_available() -> bool:
    """True when the `media` extra (Pillow, zxing-cpp) is installed."""
    try:
        import PIL  # noqa: F401
        import zxingcpp  # noqa: F401
    except ImportError:
        return False
    return True


def open_image(data: bytes) -> Image:
    """A decoded picture, or MediaError: too large, too many pixels, corrupt, another format."""
    if len(data) > MAX_IMAGE_BYTES:
        raise MediaError(
            "image_too_large", f"the picture is larger than {MAX_IMAGE_BYTES // 2**20} MB", 413
        )
    if not media_available():
        raise MediaError(
            "media_unavailable", "pictures cannot be checked here: the media extra is missing", 501
        )
    from PIL import Image, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data), formats=FORMATS)  # reads the header only
    except (UnidentifiedImageError, OSError, ValueError):
        raise MediaError("unreadable_image", "this is not a PNG, JPEG or WebP picture") from None
    w, h = img.size
    if w * h > MAX_PIXELS:
        raise MediaError(
            "image_too_many_pixels",
            f"the picture has {w}x{h} pixels, more than {MAX_PIXELS // 1_000_000} million",
            413,
        )
    try:
        img.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        raise MediaError("unreadable_image", "the picture is damaged and cannot be read") from None
    return img.convert("RGB")


def to_png(img: Image) -> bytes:
    """PNG bytes of a decoded picture (what the recogniser reads)."""
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)
    return buf.getvalue()
