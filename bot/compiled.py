"""Regular expressions compiled once per machine and Python, not once per process.

Python's `re` parses and compiles a pattern in Python code and keeps the result for the life of
the process only: 0.1-20 ms a pattern (a large Unicode class, worse with IGNORECASE, is the
slowest), a few hundred milliseconds for the patterns a one-shot `scamcheck check` needs, every
run. What `re` finally hands its C engine (`_sre.compile`) is a list of integers that depends on
the pattern, the flags and the Python version only. That list is kept in the per-user cache
(bot/prebuilt.py, `regex.pickle`, keyed by the Python version and the engine's magic number), so
the next process builds the same `re.Pattern` in microseconds.

Safe by construction: a list is only ever stored after the pattern built from it compared equal
to `re.compile`'s own (`Pattern.__eq__` compares the pattern, the flags and the whole code), and
any surprise (a private interface that moved, a corrupt or foreign cache, a pattern it cannot
read) means plain `re.compile`. `compile(..., told=True)` (issue 13, tenth pass) stores re's
list with one change, checked the same way first: its opening block names the characters a
match can start with (`_told`), which re leaves out for a pattern opening with `\b` or a
lookaround, so a search skips the other places in C; what the pattern matches is unchanged.
The cache is written when the process exits, merged with what other processes wrote
meanwhile, and only if this process compiled something new.
"""

from __future__ import annotations

import atexit
import importlib
import re
import sys
import threading
import types
from typing import Any

try:
    import _sre
except ImportError:  # pragma: no cover - every CPython has it
    _sre = None

NAME = "regex"
# In a cache key's flags: compiled with `told` (a bit no re flag uses).
TOLD = 1 << 30
# A pattern whose matches can start with more characters than this is compiled as re does.
MAX_FIRST_CHARS = 64
MAX_ENTRIES = 4096  # patterns kept; a process compiling ever new ones stops adding past this
# (pattern, flags) -> the arguments of _sre.compile after the pattern
Codes = dict[tuple[str, int], tuple[Any, ...]]

_lock = threading.Lock()
_import_lock = threading.Lock()
_codes: Codes | None = None
_added: Codes = {}
_exit_hook = False


def _key() -> tuple[str, int, str]:
    return (sys.version, getattr(_sre, "MAGIC", 0), sys.implementation.cache_tag or "")


def _load() -> Codes:
    global _codes
    if _codes is None:
        from bot import prebuilt

        found = prebuilt.load(NAME, _key())
        _codes = found if isinstance(found, dict) else {}
    return _codes


def compile(pattern: str, flags: int = 0, *, told: bool = False) -> re.Pattern[str]:
    """re.compile(pattern, flags), from the machine's cache when an earlier process made it.

    told: the same matches, but the search told which characters a match can start with, when
    re did not find them itself (`_told`): for a pattern searched whole in long texts."""
    flags = int(flags)
    key = (pattern, flags | TOLD if told else flags)
    with _lock:
        args = _load().get(key)
    if args is not None and _sre is not None:
        try:
            return _sre.compile(pattern, *args)  # type: ignore[no-any-return]
        except Exception:  # a foreign or damaged entry: compiled the usual way below
            pass
    compiled = re.compile(pattern, flags)
    args = _arguments(pattern, flags, compiled)
    if args is not None and told:
        try:
            from re import _parser  # type: ignore[attr-defined]

            code = _told(_parser.parse(pattern, flags), args[1])
        except Exception:
            code = None
        if code is not None:
            args = (args[0], code, *args[2:])
            compiled = _sre.compile(pattern, *args)
    if args is not None:
        _remember(key, args)
    return compiled


def _arguments(pattern: str, flags: int, expected: re.Pattern[str]) -> tuple[Any, ...] | None:
    """What re's compiler hands _sre.compile for pattern (the steps of re._compiler.compile),
    or None when that cannot be had or does not give exactly `expected`."""
    if _sre is None or flags & re.DEBUG:
        return None
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, flags)
        # plain ints: the compiler's opcodes are int subclasses that do not pickle
        code = [int(c) for c in _compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        args = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex,
                tuple(indexgroup))  # fmt: skip
        if _sre.compile(pattern, *args) != expected:
            return None
    except Exception:  # the private modules changed: no caching, nothing else lost
        return None
    return args


def _remember(key: tuple[str, int], args: tuple[Any, ...]) -> None:
    global _exit_hook
    with _lock:
        codes = _load()
        if len(codes) >= MAX_ENTRIES:
            return
        codes[key] = args
        _added[key] = args
        if not _exit_hook:
            _exit_hook = True
            atexit.register(save)


def save() -> None:
    """Writes what this process compiled, added to what the cache holds now (another process
    may have written since this one read it). Nothing to do if nothing new was compiled."""
    from bot import prebuilt

    with _lock:
        if not _added:
            return
        found = prebuilt.load(NAME, _key())
        merged: Codes = found if isinstance(found, dict) else {}
        for key, args in _added.items():
            if len(merged) >= MAX_ENTRIES:
                break
            merged[key] = args
        prebuilt.store(NAME, _key(), merged)
        _added.clear()


def forget() -> None:
    """Drops what this process read from the cache (tests: another cache folder next)."""
    global _codes
    with _lock:
        _codes = None
        _added.clear()


def import_module(name: str) -> types.ModuleType:
    """importlib.import_module(name), for a library whose import compiles regular expressions
    with `re.compile` (phonenumbers: 31 patterns, over half of its ~95 M instructions import):
    while it is imported, `import re` gives its modules a copy of `re` whose `compile` is this
    module's, so they keep it for the patterns they compile later too. Only the first import
    does this; the patterns are the same, as `compile` guarantees."""
    if name in sys.modules:
        return sys.modules[name]
    real = re
    proxy = types.ModuleType("re", real.__doc__)
    proxy.__dict__.update(real.__dict__)

    def compile_(pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        if isinstance(pattern, str):
            return compile(pattern, flags)
        return real.compile(pattern, flags)

    proxy.compile = compile_  # type: ignore[attr-defined]
    with _import_lock:
        sys.modules["re"] = proxy
        try:
            return importlib.import_module(name)
        finally:
            sys.modules["re"] = real


def told_first_chars(tree: Any) -> re.Pattern[str] | None:
    """The parsed pattern (re._parser's tree) compiled as `re` would, but told the characters
    its matches can start with (`_told`); None when it cannot be."""
    if _sre is None:
        return None
    try:
        from re import _compiler  # type: ignore[attr-defined]

        code = _told(tree, _compiler._code(tree, 0))
        if code is None:
            return None
        groups = tree.state.groups
        indexgroup: list[str | None] = [None] * groups
        for k, i in tree.state.groupdict.items():
            indexgroup[i] = k
        pattern: re.Pattern[str] = _sre.compile(
            None, tree.state.flags, code, groups - 1, tree.state.groupdict, tuple(indexgroup)
        )
        return pattern
    except Exception:
        return None


def _told(tree: Any, code: list[int]) -> list[int] | None:
    """re's code for the parsed pattern with the characters its matches can start with
    (`first_chars`) in its opening block, when re found none to put there (a pattern opening
    with `\\b`, a lookaround or a repeated part): its search then tries the pattern only where
    one of them is, skipping the other places in C, instead of entering the pattern at every
    place (lure_rx_disguised, ~45 µs a message; issue 13, tenth pass). Which matches are found
    is unchanged: a search still tries every place a match could start (matches that start
    elsewhere do not exist), and the pattern's own code is the same. None on any surprise (the
    standard library's private compiler changed, re already put a prefix or characters there,
    start characters not known or too many, case folded)."""
    from re import _compiler  # type: ignore[attr-defined]
    from re import _constants as c  # type: ignore[attr-defined]

    flags = tree.state.flags
    if flags & (c.SRE_FLAG_IGNORECASE | c.SRE_FLAG_LOCALE):
        return None
    chars = first_chars(tree.data, c)
    if not chars or len(chars) > MAX_FIRST_CHARS:
        return None
    if code[0] != c.INFO or code[2] != 0 or code[3] == 0:
        return None  # re found a prefix or a character set of its own, or an empty match
    info: list[Any] = [c.INFO, 0, c.SRE_INFO_CHARSET, code[3], code[4]]
    charset, hascased = _compiler._optimize_charset([(c.LITERAL, ord(ch)) for ch in chars])
    if hascased:
        return None
    _compiler._compile_charset(charset, flags, info)
    info[1] = len(info) - 1
    return [int(x) for x in info + code[code[1] + 1 :]]


def first_chars(items: Any, c: Any) -> frozenset[str] | None:
    """The characters every match of the parsed sequence starts with one of; None if not
    known (a class by category or negated, any character, a back-reference, a flag changed
    inside, ...) or if the sequence can match the empty string."""
    found, empty = _firsts(items, c)
    return None if found is None or empty else found


def _firsts(items: Any, c: Any) -> tuple[frozenset[str] | None, bool]:
    """(the characters a match of the sequence can start with, whether it can be empty)."""
    out: set[str] = set()
    found: frozenset[str] | None
    for op, av in items:
        if op is c.AT or op is c.ASSERT or op is c.ASSERT_NOT:
            continue  # zero width: what follows starts the match
        if op is c.LITERAL:
            found, empty = frozenset([chr(av)]), False
        elif op is c.IN:
            chars: set[str] = set()
            for o, v in av:
                if o is c.LITERAL:
                    chars.add(chr(v))
                elif o is c.RANGE and v[1] - v[0] < MAX_FIRST_CHARS:
                    chars.update(map(chr, range(v[0], v[1] + 1)))
                else:
                    return None, True  # negated, by category, a big range
            found, empty = frozenset(chars), False
        elif op is c.BRANCH:
            parts = [_firsts(alt.data, c) for alt in av[1]]
            if any(f is None for f, _ in parts):
                return None, True
            found = frozenset().union(*(f for f, _ in parts if f is not None))
            empty = any(e for _, e in parts)
        elif op is c.SUBPATTERN:
            if av[1] or av[2]:
                return None, True
            found, empty = _firsts(av[3].data, c)
        elif op is c.ATOMIC_GROUP:
            found, empty = _firsts(av.data, c)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            found, empty = _firsts(av[2].data, c)
            empty = empty or av[0] == 0
        else:
            return None, True
        if found is None:
            return None, True
        out |= found
        if not empty:
            return frozenset(out), False
    return frozenset(out), True
