"""No pattern that sees user text may take more than linear time on the worst text we can build.

Python's `re` backtracks: a pattern such as `(?:[\\w-]+\\.)+[a-z]{2,}` searched in 20,000
dot-less letters tries every start and scans the rest from each, quadratic time (seconds). The
patterns are found generically, every compiled pattern reachable from the globals of the
modules below (in lists, tuples, dicts and dataclasses such as the cues), so a new detection
module joins the test with one line in DETECTION_MODULES. Each one is fed long runs of every
character class we could think of, their mixes, and the literal words of the pattern itself
in front (so that the expensive part after a keyword is reached).
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import time
from collections.abc import Iterator

import pytest

from bot.engine import KnowledgeIndex, check
from bot.message import MAX_TEXT, Entity, Message

DETECTION_MODULES = [
    "bot.indicators",
    "bot.chains",
    "bot.cues",
    "bot.domains",
    "bot.engine",
    "bot.tactics",
    "bot.textmodel",
    "bot.phrases",
    "bot.message",
    "bot.media.recover",
    "bot.media.email",
    "bot.media.qr",
    "bot.media.ocr",
]
# One search over MAX_TEXT characters: linear patterns take a few milliseconds; the quadratic
# ones this test was written for took 0.9-9 s. Timed in this thread's CPU time, not wall time:
# on a machine shared with other jobs wall time failed linear patterns, while a pattern that
# backtracks burns the CPU seconds whatever the load.
BOUND_SECONDS = 0.15
UNITS = [
    "a", "1", ".", " ", "-", "_", "@", "/", ":", ",", "$", "%", "#", "+", "(", "\n", "中", "é",
    "а", "a.", "1.", "1,", "a-", "a ", "1 ", "a_", "a@", "@a", ". ", "1-", "$1", "1.1 ",
    "a.b ", "dot ", " dot", "[.]", "(dot) ", "http://", "www.", "a1", "中.", "x-1.", "0x", "bc1",
    "Ox", "bce1.", "a\n", "a \n ", "€", "https: / /", "verify .",
]  # fmt: skip


def _patterns_in(obj: object, seen: set[int], depth: int = 0) -> Iterator[re.Pattern[str]]:
    if id(obj) in seen or depth > 3:
        return
    seen.add(id(obj))
    if isinstance(obj, re.Pattern):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _patterns_in(v, seen, depth + 1)
    elif isinstance(obj, list | tuple | set | frozenset):
        for v in obj:
            yield from _patterns_in(v, seen, depth + 1)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _patterns_in(getattr(obj, f.name), seen, depth + 1)
        # cues and tactics compile their patterns when first used, behind properties
        for name, attr in vars(type(obj)).items():
            if isinstance(attr, property):
                yield from _patterns_in(getattr(obj, name), seen, depth + 1)


def detection_patterns() -> list[re.Pattern[str]]:
    """Every distinct compiled pattern in the detection modules' globals."""
    seen: set[int] = set()
    found: dict[tuple[str, int], re.Pattern[str]] = {}
    for name in DETECTION_MODULES:
        module = importlib.import_module(name)
        # the cue and tactic lists are loaded on first use (a module __getattr__), not globals
        lazy = [getattr(module, n) for n in ("CUES", "TACTICS") if hasattr(module, n)]
        for value in [*vars(module).values(), *lazy]:
            for p in _patterns_in(value, seen):
                if isinstance(p.pattern, str):
                    found.setdefault((p.pattern, p.flags), p)
    return list(found.values())


def worst_inputs(pattern: re.Pattern[str]) -> Iterator[str]:
    """Long runs of each unit, alone and after the pattern's own words."""
    words = " ".join(dict.fromkeys(re.findall(r"[a-z]{2,}", pattern.pattern.lower())))[:400]
    for unit in UNITS:
        run = unit * (MAX_TEXT // len(unit))
        yield run[:MAX_TEXT]
        if words:
            yield (words + " " + run)[:MAX_TEXT]


PATTERNS = detection_patterns()


def test_the_patterns_are_found() -> None:
    """The discovery sees the module patterns and every cue (a cue holds up to four)."""
    from bot import cues, engine, indicators

    sources = {p.pattern for p in PATTERNS}
    assert engine._SHOWN_DOMAIN.pattern in sources
    assert indicators._URL.pattern in sources
    assert all(c.pattern.pattern in sources for c in cues.CUES)
    from bot.media import recover

    assert recover._PIECES.pattern in sources  # text read from pictures goes through these
    assert len(PATTERNS) > 60


def _best_of(runs: int, pattern: re.Pattern[str], text: str) -> float:
    """The quickest of a few searches: a busy machine slows some runs down, while a pattern that
    backtracks is slow on every one. A run under the bound is enough; the others are skipped."""
    best = float("inf")
    for _ in range(runs):
        started = time.thread_time()
        for _ in pattern.finditer(text):
            pass
        best = min(best, time.thread_time() - started)
        if best <= BOUND_SECONDS:
            break
    return best


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:40])
def test_pattern_is_linear_on_worst_text(pattern: re.Pattern[str]) -> None:
    slow = []
    for text in worst_inputs(pattern):
        took = _best_of(3, pattern, text)
        if took > BOUND_SECONDS:
            slow.append(f"{took:.2f}s on {text[:30]!r}... ({len(text)} chars)")
    assert not slow, slow


# --- the whole check, end to end -------------------------------------------------------------

CHECK_BOUND_SECONDS = 1.0
_CUE_WORDS = "giveaway airdrop claim send receive back withdraw tax recover dm whatsapp job "


@pytest.mark.parametrize(
    "text",
    [
        _CUE_WORDS + "1." * 9000,
        "giveaway " + "1." * 9990,
        "airdrop " + "." * 19990,
        "dot" + " " * 19990,
        ".".join("a" * 9999),
        "1 " * 10000,
        "+1 (" * 5000,
        _CUE_WORDS + "$1," * 6000,
        "a" * 20000,
        "@" + "a_" * 9999,
        "x@" + "a." * 9998,
    ],
    ids=lambda t: repr(t[:20]),
)
def test_check_is_bounded_on_worst_text(text: str, seed_index: KnowledgeIndex) -> None:
    started = time.thread_time()
    check(Message(text=text), seed_index)
    assert time.thread_time() - started < CHECK_BOUND_SECONDS


def test_hidden_links_with_long_dotless_text_are_bounded(seed_index: KnowledgeIndex) -> None:
    """The finding of the issue: 1,000 text_link entities whose visible text has no dot."""
    text = "a" * MAX_TEXT
    entities = [
        Entity(type="text_link", offset=0, length=MAX_TEXT, url=f"https://evil{i}.top/")
        for i in range(1000)
    ]
    started = time.thread_time()
    verdict = check(Message(text=text, entities=entities), seed_index)
    assert time.thread_time() - started < CHECK_BOUND_SECONDS
    assert any(f.type == "hidden_link" for f in verdict.findings)
    assert verdict.truncated  # only the first 100 were looked at, and the verdict says so


def test_a_host_of_ten_thousand_labels_is_no_host(seed_index: KnowledgeIndex) -> None:
    text = "https://" + ".".join("a" * 9990) + ".com/"
    started = time.thread_time()
    verdict = check(Message(text=text), seed_index)
    assert time.thread_time() - started < CHECK_BOUND_SECONDS
    assert not any(i.kind in ("url", "domain") for i in verdict.indicators)
