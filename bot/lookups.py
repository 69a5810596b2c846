"""Reported-indicator look-ups in SQL, shared by the store (bot/store/knowledge.py) and the
one-shot check's plain sqlite3 reader (bot/oneshot.py), which must ask the same questions.

`execute` is a connection's execute: sqlite3's or sqlite-utils' (which returns sqlite3's cursor).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Execute = Callable[..., Any]


def reported_ref_row(
    execute: Execute, kind: str, key: str
) -> tuple[str, str, str, int, str] | None:
    """(category, source, organisation, reports, last_seen) of one enabled indicator."""
    row = execute(
        "select category, source, coalesce(organisation, ''), reports,"
        " coalesce(last_seen, first_seen, '') from reported"
        " where kind=? and key=? and enabled=1",
        [kind, key],
    ).fetchone()
    return tuple(row) if row else None  # type: ignore[return-value]


def address_keys_starting(execute: Execute, prefix: str, length: int, limit: int) -> list[str]:
    """Enabled reported addresses of this length whose key starts with prefix (indexed)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else "\U0010ffff"
    rows = execute(
        "select key from reported where kind='address' and key >= ? and key < ?"
        " and length(key) = ? and enabled=1 limit ?",
        [prefix, upper, length, limit],
    )
    return [r[0] for r in rows]
