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
read) means plain `re.compile`. The cache is written when the process exits, merged with what
other processes wrote meanwhile, and only if this process compiled something new.
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


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(pattern, flags), from the machine's cache when an earlier process made it."""
    flags = int(flags)
    with _lock:
        args = _load().get((pattern, flags))
    if args is not None and _sre is not None:
        try:
            return _sre.compile(pattern, *args)  # type: ignore[no-any-return]
        except Exception:  # a foreign or damaged entry: compiled the usual way below
            pass
    compiled = re.compile(pattern, flags)
    args = _arguments(pattern, flags, compiled)
    if args is not None:
        _remember((pattern, flags), args)
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
