"""`scamcheck check --image FILE` / `--eml FILE`: pictures and e-mails from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

# Only the options are needed to build the parser: the picture and e-mail code (Pillow,
# zxing-cpp, the engine) is imported when a picture or an e-mail is checked.
if TYPE_CHECKING:
    from bot.media.check import Checks, Upload, UploadKind


def add_arguments(c: argparse.ArgumentParser) -> None:
    """The check command's options for pictures and e-mails."""
    c.add_argument(
        "--image",
        action="append",
        default=[],
        metavar="FILE",
        help="a screenshot or photo (PNG, JPEG, WebP): its text and QR codes",
    )
    c.add_argument(
        "--eml",
        action="append",
        default=[],
        metavar="FILE",
        help="a forwarded e-mail (.eml): headers, body links, attachment names",
    )


def wants_media(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "image", None) or getattr(args, "eml", None))


def check_files(args: argparse.Namespace, checker: Checks, text: str, default_region: str) -> int:
    """Checks files (and text); prints the reply or the verdict JSON; 2 on bad input."""
    from bot.media.check import check_upload, reply_with_media
    from bot.media.images import MediaError
    from bot.render import render

    try:
        uploads = [_read(p, "image") for p in args.image] + [_read(p, "email") for p in args.eml]
        verdict = check_upload(checker, text, uploads, args.lang, args.region)
    except (MediaError, OSError) as e:
        print(f"scamcheck check: {e}", file=sys.stderr)
        return 2
    reply = render(verdict, checker.index, args.lang, args.region, default_region=default_region)
    reply = reply_with_media(verdict, reply, args.lang)
    if args.json:
        verdict.reply = reply
        print(verdict.model_dump_json())
    else:
        print(reply)
    return 0


def _read(path: str, kind: UploadKind) -> Upload:
    from bot.media.check import Upload
    from bot.media.images import MAX_IMAGE_BYTES

    p = Path(path)
    with p.open("rb") as f:
        data = f.read(MAX_IMAGE_BYTES + 1)  # more than any limit is refused, never all read
    return Upload(kind, data, p.name)
