"""The running engine: a knowledge index built from the store, rebuilt when it changes."""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
import time

from bot.engine import KnowledgeIndex, check
from bot.message import Message
from bot.store import Store
from bot.verdict import Verdict

log = logging.getLogger(__name__)


def build_index(store: Store) -> KnowledgeIndex:
    """Reads the live knowledge base into a fresh in-memory index.

    A million reported indicators make a million small tuples: the cycle collector is paused
    while they pile up (it would otherwise scan them again and again, a quarter of the build
    time) and run once at the end, which also stops it tracking them, so the first checks
    after a rebuild do not pay for a collection over the whole index.
    """
    started = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()
    try:
        version = store.kb_version
        kb = store.knowledge(with_reported=False, with_phrases=False)
        idx = KnowledgeIndex.build(kb, reported=[], phrases=store.iter_phrases(), version=version,
                                   fuzzy=store.feed_fuzzylists())
        add = idx.add_reported_key
        dates: dict[str, str] = {}  # one string per day, not one per indicator
        n = 0
        for kind, key, category, source, org, reports, last_seen in store.iter_reported_rows():
            add(kind, key, category, source, org, reports, dates.setdefault(last_seen, last_seen))
            n += 1
    finally:
        if collecting:
            gc.enable()
            gc.collect()
    log.info(
        "knowledge index v%s built: %d reported, %d phrases in %.2fs",
        version,
        n,
        len(idx.phrases.phrases),
        time.perf_counter() - started,
    )
    return idx


# Made up for the warm-up: a claim, a threat, a demand, a link, a phone and an address in each
# language, so that most patterns' literals are there.
WARM_UP = (
    "Binance support: your account will be frozen in 24 hours. Verify at "
    "https://binance-verify.top/login or call +852 2123 4567, then send 100 USDT to "
    "0x52908400098527886E0F7030069857D2E4169EE7 and share the code we sent you.",
    "幣安客服通知：你的帳戶涉嫌洗錢將被凍結，請加LINE客服並轉賬USDT到安全賬戶解凍，"
    "致電 +852 2123 4567，網址 https://binance-verify.top",
    "你好，我係警察，你涉嫌洗黑錢，要即刻轉錢去安全戶口，唔好同人講。老师带单稳赚，日收益5%。",
)


class Checker:
    """Checks messages; swaps in a new index whole when moderators or police change the store."""

    def __init__(self, store: Store, default_region: str = "HK") -> None:
        self.store = store
        self.default_region = default_region
        self._lock = threading.Lock()
        self._index = build_index(store)
        self._rebuilding: asyncio.Future[KnowledgeIndex] | None = None

    @property
    def index(self) -> KnowledgeIndex:
        """The current index, rebuilt first if the knowledge version moved on."""
        if self.store.kb_version != self._index.version:
            with self._lock:
                if self.store.kb_version != self._index.version:
                    self._index = build_index(self.store)
        return self._index

    async def index_soon(self) -> KnowledgeIndex:
        """The index for the HTTP service: when the knowledge changed, the previous index
        serves until the new one is built in a thread with a connection of its own (a file
        database; in memory, it is rebuilt at once). A 5,000-row upload made the first check
        after it wait for a rebuild of 150 ms on the event loop, and every request with it."""
        if self.store.path is None or self.store.kb_version == self._index.version:
            return self.index
        if self._rebuilding is None:
            self._rebuilding = asyncio.ensure_future(asyncio.to_thread(_build_from, self.store))
            self._rebuilding.add_done_callback(self._swap)
        return self._index

    def _swap(self, done: asyncio.Future[KnowledgeIndex]) -> None:
        self._rebuilding = None
        if done.cancelled() or done.exception() is not None:
            log.warning("knowledge index rebuild failed: %s", done.exception())
            return
        with self._lock:
            if done.result().version > self._index.version:
                self._index = done.result()

    def check(self, message: Message) -> Verdict:
        return check(message, self.index, self.default_region)

    def warm_up(self) -> float:
        """Checks a few made-up messages, in English and Chinese, so that what the first real
        checks would otherwise load (compiled patterns, phone metadata, model tables) is
        loaded before the service takes requests: short checks run on the HTTP event loop, and
        a first one in a fresh process took up to half a second. Nothing is stored; returns
        the seconds it took."""
        started = time.perf_counter()
        for text in WARM_UP:
            check(Message(text=text), self.index, self.default_region)
        return time.perf_counter() - started


def _build_from(store: Store) -> KnowledgeIndex:
    """build_index through a new connection to store's file (this thread cannot use its own)."""
    assert store.path is not None
    other = Store(store.path)
    try:
        return build_index(other)
    finally:
        other.close()
