"""`scamcheck feeds sync|status`: the public blocklists as live feeds (bot/feeds.py)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.feeds import FEEDS, MAX_BYTES, Feed, sync

if TYPE_CHECKING:  # the store is imported when a feeds command runs, not to build the parser
    from bot.settings import Settings


def _feeds(args: argparse.Namespace) -> list[Feed]:
    urls = dict(u.split("=", 1) for u in args.url or [])
    chosen = [f for f in FEEDS if not args.feed or f.name in args.feed]
    unknown = set(urls) - {f.name for f in FEEDS}
    if unknown:
        raise SystemExit(f"unknown feed(s): {', '.join(sorted(unknown))}")
    return [f.model_copy(update={"url": urls[f.name]}) if f.name in urls else f for f in chosen]


def add_parser(sub: argparse._SubParsersAction, settings: Callable[[argparse.Namespace],
               Settings]) -> None:
    """Registers `scamcheck feeds ...`."""
    p = sub.add_parser("feeds", help="public phishing blocklists: sync, status")
    fs = p.add_subparsers(dest="feeds_cmd", required=True)
    s = fs.add_parser("sync", help="fetch the feeds and replace each one's entries if it changed")
    s.add_argument("--feed", action="append", choices=[f.name for f in FEEDS],
                   help="only this feed (repeatable; default: all)")
    s.add_argument("--url", action="append", metavar="NAME=URL",
                   help="fetch a feed from another URL (a mirror, a test server)")
    s.add_argument("--max-bytes", type=int, default=MAX_BYTES)
    fs.add_parser("status", help="each feed's last sync, entries and error")

    def run(args: argparse.Namespace) -> int:
        from bot.runtime import open_store

        store = open_store(settings(args))
        if args.feeds_cmd == "status":
            print(json.dumps(store.feed_states(), indent=2))
            return 0
        official = {d for b in store.knowledge(with_reported=False).brands for d in b.domains}
        failed = 0
        for feed in _feeds(args):
            result = sync(store, feed, official, max_bytes=args.max_bytes)
            failed += result.status == "failed"
            print(result.model_dump_json())
        return 1 if failed else 0

    p.set_defaults(func=run)
