"""JSON from outside: uploads, feed bodies, webhook updates, `check --jsonl` lines.

json's decoder recurses once per level, so a 200 kB file of "[[[[..." raises RecursionError,
which no caller catches as bad input; here it is a ValueError like any other unreadable JSON.
"""

from __future__ import annotations

import json
from typing import Any


class TooDeep(ValueError):
    """JSON nested deeper than the decoder can follow."""


def loads(data: str | bytes) -> Any:
    """json.loads, with nesting too deep refused as TooDeep ("nested too deeply")."""
    try:
        return json.loads(data)
    except RecursionError:
        raise TooDeep("nested too deeply") from None
