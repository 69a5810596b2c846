"""What a one-shot `scamcheck check` keeps between processes and what it leaves unimported
(issue 13, start-up): regular expressions compiled once per machine (bot/compiled.py), the
tactics' literal sets (bot/literals.py), and a parser that imports no command's modules."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import compiled, literals, prebuilt

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = [
    (r"(?:(?:https?|ftp)://|www\.)[^\s<>]{1,200}", re.I),
    (r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", 0),
    (r"(?P<amount>\d+)\s*(?P<coin>usdt|btc)?", 0),
    (r"(?<![\w@])@([a-z]\w{3,31})\b", re.I | re.M),
    (r"转账|汇款|(?:被|遭)(?:盗|黑)", 0),
]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    compiled.forget()
    yield tmp_path / "cache" / "scamcheck"
    compiled.forget()


def test_patterns_from_the_cache_equal_those_of_re_compile(cache_home: Path) -> None:
    first = [compiled.compile(p, f) for p, f in PATTERNS]
    compiled.save()
    assert (cache_home / "regex.pickle").is_file()
    compiled.forget()
    again = [compiled.compile(p, f) for p, f in PATTERNS]
    assert compiled._added == {}  # all read back, nothing compiled anew
    for (p, f), a, b in zip(PATTERNS, first, again, strict=True):
        assert a == b == re.compile(p, f)  # Pattern == compares pattern, flags and code
        assert b.groupindex == re.compile(p, f).groupindex
    m = again[2].match("12 usdt")
    assert m is not None and m.group("coin") == "usdt"
    m = again[0].search("see WWW.example.com")
    assert m is not None and m.group(0) == "WWW.example.com"


@pytest.mark.parametrize(
    "content",
    [b"", b"garbage", pickle.dumps(("wrong key", {})), pickle.dumps((1, 2, 3))[:-2]],
    ids=["empty", "garbage", "stale-key", "truncated"],
)
def test_a_corrupt_or_stale_cache_is_ignored(cache_home: Path, content: bytes) -> None:
    cache_home.mkdir(parents=True)
    (cache_home / "regex.pickle").write_bytes(content)
    p, f = PATTERNS[0]
    assert compiled.compile(p, f) == re.compile(p, f)
    compiled.save()  # and replaced by a good one
    compiled.forget()
    assert compiled.compile(p, f) == re.compile(p, f)
    assert compiled._added == {}


def test_a_damaged_entry_falls_back_to_re_compile(cache_home: Path) -> None:
    p, f = PATTERNS[1]
    bogus: compiled.Codes = {(p, f): (f, [999999, 1, 2], 0, {}, (None,))}  # refused by _sre
    prebuilt.store(compiled.NAME, compiled._key(), bogus)
    assert compiled.compile(p, f) == re.compile(p, f)


def test_an_unwritable_cache_still_compiles(unwritable_cache: Path) -> None:
    compiled.forget()
    try:
        p, f = PATTERNS[3]
        assert compiled.compile(p, f) == re.compile(p, f)
        compiled.save()  # quietly not written
    finally:
        compiled.forget()


def test_tactic_literals_come_back_the_same_from_the_cache(cache_home: Path) -> None:
    regexes = [r"\bseed\s+phrase\b", r"转账|汇款|借.{0,4}钱", r"[a-z]+\d{4}"]
    want = [literals.required_literals(r) for r in regexes]
    assert literals.required_literals_of(regexes) == want
    assert (cache_home / "literals.pickle").is_file()
    assert literals.required_literals_of(regexes) == want  # read back
    assert literals.required_literals_of(regexes[:1]) == want[:1]  # other patterns: rebuilt


def _imported_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sorted(sys.modules)))"],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return set(out.stdout.split())


def test_building_the_parser_imports_no_command_modules() -> None:
    mods = _imported_after("from bot import cli; cli.parser()")
    heavy = {"bot.feeds", "bot.guard", "bot.engine", "bot.domains", "bot.store", "bot.textmodel",
             "bot.telegram", "bot.web", "multiprocessing", "pydantic", "aiohttp"}  # fmt: skip
    assert not heavy & mods, heavy & mods


def test_a_feeds_name_is_still_checked_and_listed(capsys: pytest.CaptureFixture[str]) -> None:
    from bot import cli

    with pytest.raises(SystemExit):
        cli.parser().parse_args(["feeds", "sync", "--feed", "no-such-feed"])
    assert "invalid choice: 'no-such-feed'" in capsys.readouterr().err
    args = cli.parser().parse_args(["feeds", "sync", "--feed", "metamask"])
    assert args.feed == ["metamask"] and args.max_bytes is None
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["feeds", "sync", "--help"])
    assert "metamask" in capsys.readouterr().out


TOLD = [
    r"\b(?!viagra\b)(?:v{1,2}[\s.]{0,2}[i1l]{1,2}[\s.]{0,2}a+gra|c[i1]al[i1]s)\b",  # \b, lookahead
    r"(?:\b|(?=[@#]))(?:since\s+you|[@#]\w+\s+paid)",
    r"(?<![不非])(?:都是|是)(?:诈骗|骗局)|(?<!被)冒用",  # lookbehinds: re finds no start
]


def test_told_patterns_find_what_re_finds_and_come_back_from_the_cache(cache_home: Path) -> None:
    # (issue 13, tenth pass) told which characters a match starts with, the search skips the
    # other places; the matches, the pattern's text, its groups and flags stay re's
    texts = ["buy v.i.a.g.r.a or viagra or cialis", "thanks @trader paid since you", "",
             "这都是诈骗，不是骗局，被冒用，冒用", "vv i agra  c1al1s."]  # fmt: skip
    first = [compiled.compile(p, told=True) for p in TOLD]
    compiled.save()
    compiled.forget()
    again = [compiled.compile(p, told=True) for p in TOLD]
    assert compiled._added == {}  # read back
    assert compiled.compile(TOLD[0]) == re.compile(TOLD[0])  # kept apart from the plain one
    for p, a, b in zip(TOLD, first, again, strict=True):
        plain = re.compile(p)
        assert a == b != plain and b.pattern == p and b.flags == plain.flags
        for text in texts:
            for pos in range(len(text) + 1):
                x, y = plain.search(text, pos), b.search(text, pos)
                assert (x and x.span()) == (y and y.span()), (p, text, pos)
            assert [m.span() for m in plain.finditer(text)] == [m.span() for m in b.finditer(text)]
    # a pattern re already knows the start of, or one that can match nothing, is re's own
    assert compiled.compile("abc|abd", told=True) == re.compile("abc|abd")
    assert compiled.compile(r"\b(?:a|b)?", told=True) == re.compile(r"\b(?:a|b)?")
