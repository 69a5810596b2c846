"""Public phishing blocklists as live feeds: fetched, parsed, guarded, then stored.

Each feed is fetched from a configurable URL with a conditional request (ETag /
If-Modified-Since) and a size limit, parsed from its upstream format, cleaned (hosts only,
the feed's own allowlist and every brand's official domains taken out) and then replaces that
feed's previous entries in one transaction (bot/store/feeds.py). A feed that fails, returns
garbage or is too big leaves what it gave last time in place, and the sync says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from bot import jsonin
from bot.fuzzylist import DEFAULT_TOLERANCE
from bot.guard import Protected, refusal
from bot.indicators import parse_link
from bot.store.feeds import Fuzzy

if TYPE_CHECKING:
    from bot.store import Store

FeedFormat = Literal["scamsniffer", "polkadot", "metamask", "cryptoscamdb"]
MAX_BYTES = 64 * 1024 * 1024
TIMEOUT = 60.0


class Feed(BaseModel):
    """One blocklist: where it is and how to read it."""

    name: str
    organisation: str  # named in every finding: "listed by ScamSniffer"
    format: FeedFormat
    url: str
    # Who watches the names of its fuzzylist, in a finding: "which MetaMask's list watches"
    watcher: str = ""


FEEDS = [
    Feed(name="scamsniffer", organisation="ScamSniffer", format="scamsniffer",
         url="https://raw.githubusercontent.com/scamsniffer/scam-database/main/blacklist/domains.json"),
    Feed(name="polkadot", organisation="polkadot-js/phishing", format="polkadot",
         url="https://raw.githubusercontent.com/polkadot-js/phishing/master/all.json"),
    Feed(name="metamask", organisation="MetaMask eth-phishing-detect", format="metamask",
         url="https://raw.githubusercontent.com/MetaMask/eth-phishing-detect/main/src/config.json",
         watcher="MetaMask's list"),
    Feed(name="cryptoscamdb", organisation="CryptoScamDB", format="cryptoscamdb",
         url="https://api.cryptoscamdb.org/v1/scams"),
]


class FeedError(ValueError):
    """A feed that could not be fetched or read: its previous entries stay."""


class FeedData(BaseModel):
    deny: list[str]
    allow: list[str] = []
    fuzzy: list[str] | None = None  # sites whose lookalikes MetaMask flags (bot/fuzzylist.py)
    tolerance: float = DEFAULT_TOLERANCE  # edits from a fuzzylist name that still count


def _strings(value: Any, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FeedError(f"{what} is not a list of strings")
    return value


def parse_feed(fmt: FeedFormat, body: bytes) -> FeedData:
    """The deny and allow entries of a feed body in its upstream format."""
    try:
        doc = jsonin.loads(body)
    except (ValueError, UnicodeDecodeError) as e:
        raise FeedError(f"not JSON: {e}") from None
    if fmt == "scamsniffer":
        return FeedData(deny=_strings(doc, "the domain list"))
    if not isinstance(doc, dict):
        raise FeedError("not a JSON object")
    if fmt == "polkadot":
        return FeedData(deny=_strings(doc.get("deny"), "deny"),
                        allow=_strings(doc.get("allow", []), "allow"))
    if fmt == "metamask":
        tolerance = doc.get("tolerance", DEFAULT_TOLERANCE)
        if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) \
                or not 0 <= tolerance <= 10:
            raise FeedError("tolerance is not a number of edits from 0 to 10")
        return FeedData(deny=_strings(doc.get("blacklist"), "blacklist"),
                        allow=_strings(doc.get("whitelist", []), "whitelist"),
                        fuzzy=_strings(doc.get("fuzzylist", []), "fuzzylist"),
                        tolerance=tolerance)
    rows = doc.get("result")
    if not isinstance(rows, list):
        raise FeedError("result is not a list")
    return FeedData(deny=[r["url"] for r in rows if isinstance(r, dict)
                          and isinstance(r.get("url"), str)])


def clean_host(entry: str) -> str | None:
    """The host of a feed entry (a domain, a URL, '*.domain'), or None if it has none."""
    entry = entry.strip().removeprefix("*.")
    link = parse_link(entry) if entry else None
    if link is None or link.is_ip:
        return None
    return link.host.removeprefix("www.")


def _under(host: str, domains: set[str]) -> bool:
    parts = host.split(".")
    return any(".".join(parts[i:]) in domains for i in range(len(parts) - 1))


@dataclass
class Cleaned:
    hosts: list[str]
    invalid: int
    allowed: int  # left out because the feed's own allowlist names them
    # left out because they are a brand's official site, or the poisoning guard refuses them
    # (a region's police or anti-scam site, a whole platform: bot/guard.py)
    official: list[str]


def clean(data: FeedData, official: Iterable[str], guard: Protected | None = None) -> Cleaned:
    """Hosts to store: valid, not allowed by the feed, not official, not refused by the
    poisoning guard; sorted, unique."""
    official_set = set(official)
    allow = {h for a in data.allow if (h := clean_host(a))}
    hosts: set[str] = set()
    invalid = allowed = 0
    guarded: set[str] = set()
    for entry in data.deny:
        host = clean_host(entry)
        if host is None:
            invalid += 1
        elif _under(host, allow) or host in allow:
            allowed += 1
        elif _under(host, official_set) or (
            guard is not None and refusal("domain", host, host, guard) is not None
        ):
            guarded.add(host)
        else:
            hosts.add(host)
    return Cleaned(sorted(hosts), invalid, allowed, sorted(guarded))


def fuzzy_of(data: FeedData, feed: Feed) -> Fuzzy | None:
    """The fuzzylist to store with the feed's entries: its hosts and the whitelist's, unique
    and sorted (the engine leaves out official and guarded hosts when it checks)."""
    if data.fuzzy is None:
        return None

    def hosts(entries: list[str]) -> list[str]:
        return sorted({h for e in entries if (h := clean_host(e))})

    return Fuzzy(hosts(data.fuzzy), hosts(data.allow), float(data.tolerance), feed.watcher)


@dataclass
class Fetched:
    status: int  # 200, or 304 when unchanged since the last sync
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


READ_CHUNK = 64 * 1024


def check_url(url: str) -> None:
    """FeedError unless url is an http(s) URL with a host (a mirror's typo, said at once)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number or too big
    except ValueError as e:
        raise FeedError(f"not a URL: {url!r} ({e})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(f"not an http(s) URL with a host: {url!r}")


def fetch(url: str, etag: str = "", last_modified: str = "", max_bytes: int = MAX_BYTES,
          timeout: float = TIMEOUT) -> Fetched:
    """GET with the validators of the last sync; refuses bodies over max_bytes, and gives up
    when the whole answer has not arrived within timeout seconds (the socket's own timeout is
    per read: a server sending a byte now and then would otherwise hold a sync for ever)."""
    import http.client
    import time
    import urllib.error  # here, not at the top: the command line's parser imports this module
    import urllib.request

    check_url(url)
    deadline = time.monotonic() + timeout
    req = urllib.request.Request(url, headers={"User-Agent": "scamcheck-feeds/1"})
    if etag:
        req.add_header("If-None-Match", etag)
    if last_modified:
        req.add_header("If-Modified-Since", last_modified)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            said = resp.headers.get("Content-Length", "")
            if said.isdigit() and int(said) > max_bytes:
                raise FeedError(f"larger than the {max_bytes:,}-byte limit ({int(said):,} said)")
            chunks: list[bytes] = []
            size = 0
            # read1: what has arrived (read(n) would wait for all n bytes)
            while size <= max_bytes and (chunk := resp.read1(READ_CHUNK)):
                chunks.append(chunk)
                size += len(chunk)
                if time.monotonic() > deadline:
                    raise FeedError(f"too slow: {size:,} bytes in {timeout:g} s")
            body = b"".join(chunks)
            if len(body) > max_bytes:
                raise FeedError(f"larger than the {max_bytes:,}-byte limit")
            if said.isdigit() and len(body) < int(said):  # the connection closed mid-body
                raise FeedError(f"cut short: {len(body):,} of {int(said):,} bytes")
            return Fetched(resp.status, body, resp.headers.get("ETag", ""),
                           resp.headers.get("Last-Modified", ""))
    except urllib.error.HTTPError as e:
        if e.code == 304:
            if not etag and not last_modified:  # nothing was asked conditionally
                raise FeedError("HTTP 304 (not modified) to a request without validators") \
                    from None
            return Fetched(304, etag=etag, last_modified=last_modified)
        raise FeedError(f"HTTP {e.code}") from None
    except (urllib.error.URLError, OSError) as e:
        raise FeedError(f"unreachable: {e}") from None
    except http.client.HTTPException as e:  # a garbled status line, a body cut short
        raise FeedError(f"broken HTTP answer: {type(e).__name__}") from None


class SyncResult(BaseModel):
    feed: str
    status: Literal["updated", "unchanged", "failed"]
    entries: int | None = None  # stored now (updated), or kept from before (otherwise)
    invalid: int = 0
    allowed: int = 0
    official: list[str] = []  # official sites the feed listed, left out
    fuzzylist: int | None = None  # names of its fuzzylist stored (updated; metamask only)
    error: str = ""


def sync(store: Store, feed: Feed, official: Iterable[str], max_bytes: int = MAX_BYTES,
         timeout: float = TIMEOUT) -> SyncResult:
    """Fetches one feed and, if it changed and reads well, replaces its entries."""
    state = store.feed_state(feed.name) or {}
    # Validators only hold for the URL they came from.
    same_url = state.get("url") == feed.url
    etag = (state.get("etag") or "") if same_url else ""
    modified = (state.get("last_modified") or "") if same_url else ""
    try:
        got = fetch(feed.url, etag, modified, max_bytes, timeout)
        if got.status == 304:
            store.note_feed(feed.name, feed.url, "unchanged")
            return SyncResult(feed=feed.name, status="unchanged", entries=state.get("entries"))
        # The same guard as every other way into the reported list (police uploads, bulk
        # files, the bot, kb load): no official contact or whole platform from a feed either.
        data = parse_feed(feed.format, got.body)
        cleaned = clean(data, official, store.protected())
        if not cleaned.hosts:
            raise FeedError("no usable host in it")
    except FeedError as e:
        store.note_feed(feed.name, feed.url, "failed", str(e))
        return SyncResult(feed=feed.name, status="failed", entries=state.get("entries"),
                          error=str(e))
    fuzzy = fuzzy_of(data, feed)
    stored = store.replace_feed(feed.name, feed.organisation, feed.url, cleaned.hosts,
                                (got.etag, got.last_modified), reason=f"feed sync {feed.url}",
                                fuzzy=fuzzy)
    return SyncResult(feed=feed.name, status="updated", entries=stored,
                      invalid=cleaned.invalid, allowed=cleaned.allowed,
                      official=cleaned.official,
                      fuzzylist=len(fuzzy.fuzzylist) if fuzzy else None)


def configured(urls: dict[str, str], only: Iterable[str] = ()) -> list[Feed]:
    """The feeds (all, or the named ones), each at its configured URL if one is given."""
    names = {f.name for f in FEEDS}
    unknown = set(urls) - names
    if unknown:
        raise FeedError(f"unknown feed(s): {', '.join(sorted(unknown))}")
    for url in urls.values():
        check_url(url)
    wanted = set(only)
    return [f.model_copy(update={"url": urls[f.name]}) if f.name in urls else f
            for f in FEEDS if not wanted or f.name in wanted]


def sync_all(store: Store, feeds: Iterable[Feed], max_bytes: int = MAX_BYTES,
             timeout: float = TIMEOUT) -> list[SyncResult]:
    """Syncs each feed in turn; one feed's failure does not stop the others."""
    official = {d for b in store.knowledge(with_reported=False).brands for d in b.domains}
    return [sync(store, feed, official, max_bytes, timeout) for feed in feeds]


def feed_metrics(states: list[dict[str, Any]]) -> str:
    """Each feed's freshness in Prometheus text format, for /metrics."""
    lines = [
        "# HELP scamcheck_feed_entries Hosts a feed currently contributes.",
        "# TYPE scamcheck_feed_entries gauge",
        *(f'scamcheck_feed_entries{{feed="{s["name"]}"}} {s.get("entries") or 0}'
          for s in states),
        "# HELP scamcheck_feed_updated_timestamp_seconds When a feed's entries were last"
        " replaced.",
        "# TYPE scamcheck_feed_updated_timestamp_seconds gauge",
        *(f'scamcheck_feed_updated_timestamp_seconds{{feed="{s["name"]}"}} {_epoch(s)}'
          for s in states),
        "# HELP scamcheck_feed_fuzzylist_names Names a feed's fuzzylist watches for"
        " lookalikes.",
        "# TYPE scamcheck_feed_fuzzylist_names gauge",
        *(f'scamcheck_feed_fuzzylist_names{{feed="{s["name"]}"}} {s.get("fuzzylist") or 0}'
          for s in states),
        "# HELP scamcheck_feed_last_sync_ok 1 if the last sync of a feed worked (updated or"
        " unchanged), 0 if it failed and older entries are in use.",
        "# TYPE scamcheck_feed_last_sync_ok gauge",
        *(f'scamcheck_feed_last_sync_ok{{feed="{s["name"]}"}} {int(s.get("status") != "failed")}'
          for s in states),
    ]
    return "\n".join(lines) + "\n"


def _epoch(state: dict[str, Any]) -> int:
    stamp = state.get("updated_at")
    if not stamp:
        return 0
    try:
        t = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return 0
    return int((t if t.tzinfo else t.replace(tzinfo=dt.UTC)).timestamp())
