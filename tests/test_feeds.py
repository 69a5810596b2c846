"""Feed sync against a local HTTP server serving files in the upstream formats."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from web_server import web_settings

from bot.checker import Checker
from bot.engine import check_host
from bot.feeds import FEEDS, Feed, FeedError, clean, configured, parse_feed, sync, sync_all
from bot.message import Message
from bot.store import Store
from bot.web.app import build_web_app

KB_DIR = Path(__file__).parent / "data" / "knowledge"
OFFICIAL = {"binance.com", "binance.us", "okx.com", "metamask.io"}


class Upstream:
    """What the fake upstream serves per path: (status, body, etag); it honours If-None-Match."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[int, bytes, str]] = {}
        self.requests: list[tuple[str, str]] = []  # (path, If-None-Match)


@pytest.fixture
def upstream() -> Iterator[tuple[Upstream, str]]:
    state = Upstream()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            sent = self.headers.get("If-None-Match", "")
            state.requests.append((self.path, sent))
            status, body, etag = state.files.get(self.path, (404, b"not found", ""))
            if status == 200 and etag and sent == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(status)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def feed(name: str, base: str) -> Feed:
    f = next(f for f in FEEDS if f.name == name)
    return f.model_copy(update={"url": f"{base}/{name}.json"})


def hosts_of(store: Store, name: str) -> list[str]:
    rows = store.db.execute("select key from reported where created_by = ? order by key",
                            [f"feed:{name}"]).fetchall()
    return [r[0] for r in rows]


POLKADOT = {
    "allow": ["polkadot.network", "goodproject.io"],
    "deny": ["claim-dot.xyz", "polkadot-airdrop.top", "www.dot-rewards.app",
             "goodproject.io", "app.binance.com", "okx.com", "not a host"],
}


def test_fresh_sync_stores_the_deny_list_less_allowed_and_official_hosts(
    store: Store, upstream: tuple[Upstream, str]
) -> None:
    up, base = upstream
    up.files["/polkadot.json"] = (200, json.dumps(POLKADOT).encode(), '"v1"')
    r = sync(store, feed("polkadot", base), OFFICIAL)
    assert (r.status, r.entries, r.allowed, r.invalid) == ("updated", 3, 1, 1)
    assert r.official == ["app.binance.com", "okx.com"]
    assert hosts_of(store, "polkadot") == ["claim-dot.xyz", "dot-rewards.app",
                                           "polkadot-airdrop.top"]
    state = store.feed_state("polkadot")
    assert state and state["etag"] == '"v1"' and state["status"] == "updated"
    assert store.history("reported", "feed:polkadot")[-1]["actor"] == "feed:polkadot"


def test_the_poisoning_guard_keeps_contacts_and_platforms_out_of_a_feed(
    store: Store, upstream: tuple[Upstream, str]
) -> None:
    up, base = upstream
    listed = {"allow": [], "deny": ["claim-dot.xyz", "www.actionfraud.police.uk", "github.com",
                                    "t.me"]}  # fmt: skip
    up.files["/polkadot.json"] = (200, json.dumps(listed).encode(), '"v1"')
    r = sync(store, feed("polkadot", base), OFFICIAL)
    assert r.official == ["actionfraud.police.uk", "github.com", "t.me"]
    assert hosts_of(store, "polkadot") == ["claim-dot.xyz"]


def test_a_listed_host_is_attributed_to_its_feed_in_the_verdict(
    store: Store, upstream: tuple[Upstream, str]
) -> None:
    up, base = upstream
    up.files["/polkadot.json"] = (200, json.dumps(POLKADOT).encode(), '"v1"')
    sync(store, feed("polkadot", base), OFFICIAL)
    v = Checker(store).check(Message(text="claim at https://claim-dot.xyz/now"))
    (f,) = [f for f in v.findings if f.type == "reported"]
    assert v.risk == "high" and f.organisation == "polkadot-js/phishing"
    assert "polkadot-js/phishing" in f.detail and f.last_seen


def test_unchanged_feed_is_asked_conditionally_and_kept(
    store: Store, upstream: tuple[Upstream, str]
) -> None:
    up, base = upstream
    up.files["/polkadot.json"] = (200, json.dumps(POLKADOT).encode(), '"v1"')
    sync(store, feed("polkadot", base), OFFICIAL)
    version = store.kb_version
    r = sync(store, feed("polkadot", base), OFFICIAL)
    assert (r.status, r.entries) == ("unchanged", 3)
    assert up.requests[-1] == ("/polkadot.json", '"v1"')
    assert store.kb_version == version and len(hosts_of(store, "polkadot")) == 3


def test_a_new_version_replaces_the_feeds_previous_entries(
    store: Store, upstream: tuple[Upstream, str]
) -> None:
    up, base = upstream
    up.files["/scamsniffer.json"] = (200, b'["old-drain.xyz", "both.top"]', '"a"')
    sync(store, feed("scamsniffer", base), OFFICIAL)
    up.files["/scamsniffer.json"] = (200, b'["both.top", "new-drain.xyz"]', '"b"')
    r = sync(store, feed("scamsniffer", base), OFFICIAL)
    assert r.status == "updated"
    assert hosts_of(store, "scamsniffer") == ["both.top", "new-drain.xyz"]


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (500, b"upstream down", "HTTP 500"),
        (200, b"<html>not json</html>", "not JSON"),
        (200, b'{"deny": "claim.xyz"}', "not a list"),
        (200, b'{"allow": [], "deny": []}', "no usable host"),
        (200, json.dumps({"deny": [f"h{i}.xyz" for i in range(5000)]}).encode(), "limit"),
    ],
    ids=["failed", "malformed", "wrong-shape", "empty", "oversized"],
)
def test_a_bad_fetch_keeps_the_previous_entries_and_says_why(
    store: Store, upstream: tuple[Upstream, str], status: int, body: bytes, error: str
) -> None:
    up, base = upstream
    up.files["/polkadot.json"] = (200, json.dumps(POLKADOT).encode(), '"v1"')
    sync(store, feed("polkadot", base), OFFICIAL)
    up.files["/polkadot.json"] = (status, body, '"v2"')
    r = sync(store, feed("polkadot", base), OFFICIAL, max_bytes=20_000)
    assert r.status == "failed" and error in r.error and r.entries == 3
    assert len(hosts_of(store, "polkadot")) == 3
    state = store.feed_state("polkadot")
    assert state and state["status"] == "failed" and error in state["error"]


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (b"SPAM\r\n\r\n", "BadStatusLine"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n{\"deny\": [", "cut short"),
    ],
    ids=["garbled-status", "cut-short"],
)
def test_a_broken_http_answer_is_a_failed_feed_not_a_crash(
    store: Store, upstream: tuple[Upstream, str], answer: bytes, error: str
) -> None:
    """A mirror that answers something that is not HTTP, or closes mid-body (an overloaded
    proxy), is one more failed feed: said so, previous entries kept, no traceback."""
    up, base = upstream
    up.files["/polkadot.json"] = (200, json.dumps(POLKADOT).encode(), '"v1"')
    sync(store, feed("polkadot", base), OFFICIAL)
    with socket.create_server(("127.0.0.1", 0)) as srv:

        def answer_once() -> None:
            conn, _ = srv.accept()
            with conn:
                conn.recv(65536)
                conn.sendall(answer)

        t = threading.Thread(target=answer_once, daemon=True)
        t.start()
        broken = feed("polkadot", base).model_copy(
            update={"url": f"http://127.0.0.1:{srv.getsockname()[1]}/polkadot.json"})
        r = sync(store, broken, OFFICIAL, timeout=10)
        t.join(5)
    assert r.status == "failed" and error in r.error and r.entries == 3
    assert len(hosts_of(store, "polkadot")) == 3


@contextmanager
def answering(answer: Callable[[socket.socket], None]) -> Iterator[str]:
    """A server on 127.0.0.1 that answers every connection with answer(conn); yields its URL."""
    srv = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{srv.getsockname()[1]}/polkadot.json"
    finally:
        srv.close()


def _trickle(conn: socket.socket) -> None:
    """A whole answer promised, a byte every 0.2 s: never a socket timeout, never done."""
    with conn:
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        for _ in range(500):
            try:
                conn.sendall(b" ")
            except OSError:
                return
            time.sleep(0.2)


def _not_modified(conn: socket.socket) -> None:
    with conn:
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 304 Not Modified\r\nETag: \"v9\"\r\n\r\n")


def test_a_server_trickling_its_answer_is_given_up_at_the_timeout(
    store: Store, upstream: tuple[Upstream, str]
) -> None:
    """The socket timeout is per read: a byte now and then held a sync (and the scheduler's
    thread) for as long as the server liked; the timeout now bounds the whole answer."""
    up, base = upstream
    up.files["/polkadot.json"] = (200, json.dumps(POLKADOT).encode(), '"v1"')
    sync(store, feed("polkadot", base), OFFICIAL)
    with answering(_trickle) as url:
        started = time.monotonic()
        r = sync(store, feed("polkadot", base).model_copy(update={"url": url}), OFFICIAL,
                 timeout=1)
    assert time.monotonic() - started < 5
    assert r.status == "failed" and "too slow" in r.error and r.entries == 3
    assert len(hosts_of(store, "polkadot")) == 3


def test_a_304_to_a_request_without_validators_is_no_unchanged_feed(store: Store) -> None:
    """Never synced, nothing asked conditionally: a 304 cannot mean "as last time"."""
    with answering(_not_modified) as url:
        r = sync(store, feed("polkadot", "").model_copy(update={"url": url}), OFFICIAL)
    assert (r.status, r.entries) == ("failed", None) and "304" in r.error
    state = store.feed_state("polkadot")
    assert state and state["status"] == "failed" and not state.get("etag")


@pytest.mark.parametrize("url", ["http://[::1/feed.json", "http://127.0.0.1:99999/x",
                                 "ftp://example.org/x", "feed.json"])
def test_a_url_that_cannot_be_fetched_is_refused_not_a_crash(
    store: Store, upstream: tuple[Upstream, str], url: str
) -> None:
    up, base = upstream
    up.files["/scamsniffer.json"] = (200, b'["drain-one.xyz"]', '"a"')
    with pytest.raises(FeedError):
        configured({"polkadot": url})
    # sync_all: one feed's bad URL fails that feed only (a ValueError ended the whole round)
    feeds = [feed("polkadot", base).model_copy(update={"url": url}), feed("scamsniffer", base)]
    results = sync_all(store, feeds)
    assert [r.status for r in results] == ["failed", "updated"]
    assert "URL" in results[0].error


def test_feeds_sync_refuses_a_bad_url_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "SCAMCHECK_DB_PATH": str(tmp_path / "t.db"),
           "SCAMCHECK_KNOWLEDGE_DIR": str(KB_DIR)}
    out = subprocess.run([sys.executable, "-m", "bot.cli", "feeds", "sync", "--url",
                          "polkadot=http://[::1/all.json"], capture_output=True, text=True,
                         env=env, timeout=60, check=False)  # fmt: skip
    assert out.returncode != 0 and "Traceback" not in out.stderr, out.stderr
    assert "not a URL" in out.stderr


def test_upstream_formats_are_read() -> None:
    mm = parse_feed("metamask", json.dumps({
        "version": 2, "tolerance": 1, "fuzzylist": ["metamask.io"],
        "whitelist": ["metamask.io", "realproject.com"],
        "blacklist": ["metamask-verify.top", "realproject.com"]}).encode())
    assert clean(mm, set()).hosts == ["metamask-verify.top"] and mm.fuzzy == ["metamask.io"]
    csdb = parse_feed("cryptoscamdb", json.dumps({"success": True, "result": [
        {"url": "http://myetherwallet.verify-now.com/login", "category": "Phishing"},
        {"name": "no url"}]}).encode())
    assert clean(csdb, set()).hosts == ["myetherwallet.verify-now.com"]


def test_feeds_sync_command_with_a_configured_url(
    tmp_path: Path, upstream: tuple[Upstream, str]
) -> None:
    up, base = upstream
    up.files["/ss.json"] = (200, b'["cli-drain.xyz", "binance.com"]', '"x"')
    env = {**os.environ, "SCAMCHECK_DB_PATH": str(tmp_path / "t.db"),
           "SCAMCHECK_KNOWLEDGE_DIR": str(KB_DIR)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True,
                              text=True, env=env, timeout=60, check=False)

    out = run("feeds", "sync", "--feed", "scamsniffer", "--url", f"scamsniffer={base}/ss.json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert (result["status"], result["entries"], result["official"]) == (
        "updated", 1, ["binance.com"])
    status = json.loads(run("feeds", "status").stdout)
    assert [(s["name"], s["entries"]) for s in status] == [("scamsniffer", 1)]
    failed = run("feeds", "sync", "--feed", "polkadot", "--url", f"polkadot={base}/none.json")
    assert failed.returncode == 1 and '"failed"' in failed.stdout
    # the configured mirrors (SCAMCHECK_FEED_URLS) serve `feeds sync` too; --url beats them
    env["SCAMCHECK_FEED_URLS"] = json.dumps({"scamsniffer": f"{base}/none.json"})
    assert json.loads(run("feeds", "sync", "--feed", "scamsniffer").stdout)["status"] == "failed"
    out = run("feeds", "sync", "--feed", "scamsniffer", "--url", f"scamsniffer={base}/ss.json")
    # (fetched whole again: the last attempt's URL was the mirror's, whose validators differ)
    assert (json.loads(out.stdout)["status"], json.loads(out.stdout)["entries"]) == ("updated", 1)
    for bad in (["--url", "polkadot"], ["--url", "nofeed=http://x"]):
        refused = run("feeds", "sync", *bad)
        assert refused.returncode != 0 and "Traceback" not in refused.stderr
        assert "NAME=URL" in refused.stderr or "unknown feed" in refused.stderr


async def test_freshness_shows_in_kb_stats_and_metrics(
    store: Store, upstream: tuple[Upstream, str], aiohttp_client: Any
) -> None:
    up, base = upstream
    up.files["/scamsniffer.json"] = (200, b'["a-drain.xyz", "b-drain.xyz"]', '"a"')
    sync(store, feed("scamsniffer", base), OFFICIAL)
    sync(store, feed("polkadot", base), OFFICIAL)  # 404 upstream: failed, nothing before
    stats = store.kb_stats()["feeds"]
    assert stats["scamsniffer"]["entries"] == 2 and stats["scamsniffer"]["status"] == "updated"
    assert stats["polkadot"]["status"] == "failed" and "404" in stats["polkadot"]["error"]
    client = await aiohttp_client(build_web_app(web_settings(), Checker(store), store))
    text = await (await client.get("/metrics")).text()
    assert 'scamcheck_feed_entries{feed="scamsniffer"} 2' in text
    assert 'scamcheck_feed_last_sync_ok{feed="polkadot"} 0' in text
    updated = [ln for ln in text.splitlines()
               if ln.startswith('scamcheck_feed_updated_timestamp_seconds{feed="scamsniffer"}')]
    assert updated and int(updated[0].split()[-1]) > 1_700_000_000


def test_a_moderators_disabling_outlives_the_next_sync(
    store: Store, upstream: tuple[Upstream, str]
) -> None:
    up, base = upstream
    up.files["/scamsniffer.json"] = (200, b'["wrongly-listed.com", "drain.xyz"]', '"a"')
    sync(store, feed("scamsniffer", base), OFFICIAL)
    assert store.disable_reported("domain", "wrongly-listed.com", "mod", "a real shop")
    up.files["/scamsniffer.json"] = (200, b'["wrongly-listed.com", "drain.xyz", "x.top"]', '"b"')
    r = sync(store, feed("scamsniffer", base), OFFICIAL)
    assert r.entries == 2
    v = Checker(store).check(Message(text="https://wrongly-listed.com/"))
    assert not [f for f in v.findings if f.type == "reported"]


# --- MetaMask's fuzzylist (bot/fuzzylist.py) -----------------------------------------------

MM_ORG = "MetaMask eth-phishing-detect"


def metamask_config(fuzzylist: list[str], whitelist: list[str], tolerance: float = 2) -> bytes:
    return json.dumps({
        "version": 2, "tolerance": tolerance, "fuzzylist": fuzzylist, "whitelist": whitelist,
        "blacklist": ["myetherwallet-verify.top", "metamask-claim.xyz"]}).encode()


MM_FUZZY = ["myetherwallet.com", "metamask.io", "actionfraud.com", "githubb.com", "aave.com",
            "leather.io"]
MM_WHITE = ["myetherwallet.com", "myetherwallat.org"]


@pytest.fixture
def mm_synced(store: Store, upstream: tuple[Upstream, str]) -> tuple[Checker, Upstream, str]:
    """A store with MetaMask's feed synced from the local upstream, and its checker."""
    up, base = upstream
    up.files["/metamask.json"] = (200, metamask_config(MM_FUZZY, MM_WHITE), '"v1"')
    r = sync(store, feed("metamask", base), OFFICIAL)
    assert (r.status, r.fuzzylist) == ("updated", len(MM_FUZZY))
    return Checker(store), up, base


def fuzzy_findings(checker: Checker, host: str) -> list[Any]:
    return [f for f in check_host(host, checker.index).findings
            if f.type == "lookalike" and f.organisation == MM_ORG]


def test_a_synced_fuzzylist_flags_lookalikes_with_the_feed_named(
    mm_synced: tuple[Checker, Upstream, str]
) -> None:
    checker = mm_synced[0]
    for host, like in [("myetherwa11et.com", "myetherwallet.com"),
                       ("login.myetherwa11et.co.uk", "myetherwallet.com"),
                       ("metamask.xyz", "metamask.io"), ("metamsk.app", "metamask.io"),
                       ("aave.top", "aave.com")]:
        (f,) = fuzzy_findings(checker, host)
        assert (f.severity, f.category, f.source, f.params["like"]) == (
            "medium", "phishing", "automatic", like), host
        assert f"looks like {like}, which MetaMask's list watches for impersonation" in f.detail
        assert check_host(host, checker.index).risk in ("medium", "high"), host
    # and in a message, as every other link finding
    v = checker.check(Message(text="restore your wallet at https://myetherwa11et.com/restore"))
    assert [f.params["like"] for f in v.findings
            if f.organisation == MM_ORG and f.type == "lookalike"] == ["myetherwallet.com"]


def test_the_fuzzylist_spares_whitelisted_official_guarded_and_far_hosts(
    mm_synced: tuple[Checker, Upstream, str]
) -> None:
    checker = mm_synced[0]
    spared = [
        "myetherwallet.com", "www.myetherwallet.com",  # the watched site, on the whitelist
        "myetherwallat.org", "app.myetherwallat.org",  # on the whitelist, and under it
        "metamask.io", "portfolio.metamask.io",  # a brand's official site
        "www.actionfraud.police.uk",  # a region's anti-scam contact (the poisoning guard)
        "github.com",  # a whole platform (the guard)
        "cave.com", "aavex.io",  # short names allow no edit: another word
        "etherscan.io", "myetherwalletsupport.com",  # too many edits away
        "myetherwallet-verify.top",  # on the blacklist: reported, not also fuzzy
    ]
    assert {h: fuzzy_findings(checker, h) for h in spared} == {h: [] for h in spared}
    (reported,) = [f for f in check_host("myetherwallet-verify.top", checker.index).findings
                   if f.type == "reported"]
    assert reported.organisation == MM_ORG


@pytest.mark.parametrize("host", ["weather.com", "www.weather.com"])
def test_a_name_the_host_model_reads_as_ordinary_is_only_a_low_note(
    mm_synced: tuple[Checker, Upstream, str], host: str
) -> None:
    """One letter from leather.io, but an ordinary site's name: noted with the feed named,
    without raising the risk (the brand lookalike check's veto)."""
    (f,) = fuzzy_findings(mm_synced[0], host)
    assert (f.severity, f.params["like"]) == ("low", "leather.io") and "ordinary" in f.detail
    assert check_host(host, mm_synced[0].index).risk == "low"


def test_a_later_sync_replaces_the_fuzzylist_and_a_failed_one_keeps_it(
    store: Store, mm_synced: tuple[Checker, Upstream, str]
) -> None:
    checker, up, base = mm_synced
    assert fuzzy_findings(checker, "myetherwa11et.com")
    up.files["/metamask.json"] = (500, b"upstream down", "")
    assert sync(store, feed("metamask", base), OFFICIAL).status == "failed"
    up.files["/metamask.json"] = (200, b'{"fuzzylist": "not a list", "blacklist": []}', "")
    assert sync(store, feed("metamask", base), OFFICIAL).status == "failed"
    assert fuzzy_findings(checker, "myetherwa11et.com")  # the previous fuzzylist, still
    up.files["/metamask.json"] = (200, metamask_config(["metamask.io"], []), '"v2"')
    r = sync(store, feed("metamask", base), OFFICIAL)
    assert (r.status, r.fuzzylist) == ("updated", 1)
    assert not fuzzy_findings(checker, "myetherwa11et.com")  # dropped upstream: gone
    assert fuzzy_findings(checker, "metamask.xyz")
    audit = store.history("reported", "feed:metamask")
    assert audit[-1]["action"] == "replace_feed"
    assert json.loads(audit[-1]["after"])["fuzzylist"] == ["metamask.io"]
    assert json.loads(audit[-1]["before"])["fuzzylist"] == sorted(MM_FUZZY)
    # a tolerance of 0 turns the fuzzy matcher off, as upstream's detector does
    up.files["/metamask.json"] = (200, metamask_config(["metamask.io"], [], 0), '"v3"')
    sync(store, feed("metamask", base), OFFICIAL)
    assert not fuzzy_findings(checker, "metamask.xyz") and checker.index.fuzzy is None


def test_without_a_fuzzylist_nothing_is_matched_fuzzily(store: Store) -> None:
    checker = Checker(store)
    assert checker.index.fuzzy is None and store.feed_fuzzylists() == []
    assert not fuzzy_findings(checker, "myetherwa11et.com")


def test_a_feed_nested_too_deeply_is_refused_like_any_body_that_is_not_json() -> None:
    with pytest.raises(FeedError, match="not JSON"):
        parse_feed("metamask", b"[" * 100_000 + b"]" * 100_000)


@pytest.mark.parametrize("tolerance", [-1, "2", True, 99])
def test_a_tolerance_that_is_not_a_small_number_is_refused(tolerance: Any) -> None:
    with pytest.raises(FeedError, match="tolerance"):
        parse_feed("metamask", json.dumps({"tolerance": tolerance, "blacklist": ["a.xyz"]})
                   .encode())


async def test_a_fuzzylist_is_counted_in_feeds_status_kb_stats_and_metrics(
    store: Store, mm_synced: tuple[Checker, Upstream, str], aiohttp_client: Any
) -> None:
    checker, _, base = mm_synced
    sync(store, feed("polkadot", base), OFFICIAL)  # 404 upstream: a feed without a fuzzylist
    assert {s["name"]: s["fuzzylist"] for s in store.feed_states()} == {
        "metamask": len(MM_FUZZY), "polkadot": 0}
    assert store.kb_stats()["feeds"]["metamask"]["fuzzylist"] == len(MM_FUZZY)
    client = await aiohttp_client(build_web_app(web_settings(), checker, store))
    text = await (await client.get("/metrics")).text()
    assert f'scamcheck_feed_fuzzylist_names{{feed="metamask"}} {len(MM_FUZZY)}' in text
    assert 'scamcheck_feed_fuzzylist_names{feed="polkadot"} 0' in text
