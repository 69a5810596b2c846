"""`scamcheck feeds sync|status`: the public blocklists as live feeds (bot/feeds.py)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

# bot.feeds (pydantic models, the guard, the domain code) and the store are imported when a
# feeds command runs, not to build the parser: every command builds it, `scamcheck check` too.
if TYPE_CHECKING:
    from bot.feeds import Feed
    from bot.settings import Settings


class _FeedNames:
    """The feeds' names as argparse `choices`, read from bot.feeds only when asked (an option
    given, or help shown)."""

    def _names(self) -> list[str]:
        from bot.feeds import FEEDS

        return [f.name for f in FEEDS]

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())


def _feeds(args: argparse.Namespace, configured_urls: dict[str, str]) -> list[Feed]:
    """The feeds to sync: --url beats SCAMCHECK_FEED_URLS, which beats the upstream address."""
    from bot.feeds import FeedError, configured

    given = [u.split("=", 1) for u in args.url or []]
    if bad := [u for u, pair in zip(args.url or [], given, strict=True) if len(pair) != 2]:
        raise SystemExit(f"--url wants NAME=URL, not {bad[0]!r}")
    try:
        return configured({**configured_urls, **dict(given)}, args.feed or ())
    except FeedError as e:
        raise SystemExit(str(e)) from None


def add_parser(sub: argparse._SubParsersAction, settings: Callable[[argparse.Namespace],
               Settings]) -> None:
    """Registers `scamcheck feeds ...`."""
    p = sub.add_parser("feeds", help="public phishing blocklists: sync, status")
    fs = p.add_subparsers(dest="feeds_cmd", required=True)
    s = fs.add_parser("sync", help="fetch the feeds and replace each one's entries if it changed")
    # a metavar of its own: argparse reads the choices to make one, and would import bot.feeds
    s.add_argument("--feed", action="append", choices=_FeedNames(), metavar="NAME",
                   help="only this feed, one of %(choices)s (repeatable; default: all)")
    s.add_argument("--url", action="append", metavar="NAME=URL",
                   help="fetch a feed from another URL (a mirror, a test server)")
    s.add_argument("--max-bytes", type=int, help="bytes a feed may have (default: 64 MiB)")
    fs.add_parser("status", help="each feed's last sync, entries and error")

    def run(args: argparse.Namespace) -> int:
        from bot.feeds import MAX_BYTES, sync_all
        from bot.runtime import open_store

        config = settings(args)
        store = open_store(config)
        if args.feeds_cmd == "status":
            print(json.dumps(store.feed_states(), indent=2))
            return 0
        limit = MAX_BYTES if args.max_bytes is None else args.max_bytes
        results = sync_all(store, _feeds(args, config.feed_urls), max_bytes=limit)
        for result in results:
            print(result.model_dump_json())
        return 1 if any(r.status == "failed" for r in results) else 0

    p.set_defaults(func=run)
