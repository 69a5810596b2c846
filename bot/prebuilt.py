"""Indexes kept prebuilt between runs: a pickle in the per-user cache directory.

A one-shot `scamcheck check` is a new process each time, and it spent most of its time building
things that come out the same every run: the two Public Suffix List parses (every rule
IDN-encoded, ~0.1 s each) and the knowledge index (brands, phrases; ~0.1-0.3 s). Unpickling them
takes a few milliseconds.

Each file holds its key next to the object: what it was built from (the knowledge's version or
its files' sizes and times) and the code that built it (this package's files, Python, the Public
Suffix List data). A different key rebuilds and rewrites it. Everything here is safe to fail:
an unreadable, corrupt or unwritable cache means building as if it were not there, never an
error. The cache lives under platformdirs' user cache directory (e.g. ~/.cache/scamcheck/),
never in the current folder.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import logging
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Hashable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
APP_NAME = "scamcheck"
FORMAT = 1  # bump when the file layout below changes
PACKAGE = Path(__file__).parent


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


@cache
def code_version() -> str:
    """What the pickled objects' classes and contents depend on, besides the knowledge: every
    file of this package (size and time: an upgrade or an edit changes them), the Python
    version, and the Public Suffix List data shipped with publicsuffixlist."""
    h = hashlib.sha256(f"{FORMAT} {sys.version}".encode())
    kinds = (".py", ".yaml", ".txt", ".tsv", ".json")
    files = [p for p in PACKAGE.rglob("*") if p.suffix in kinds]
    try:
        import publicsuffixlist

        files += sorted(Path(publicsuffixlist.__file__).parent.glob("*.dat"))
    except ImportError:  # pragma: no cover - a dependency
        pass
    for path in sorted(files):
        st = path.stat()
        h.update(f"{path.name} {st.st_size} {st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def files_version(folder: Path) -> str:
    """The knowledge files' identity: their names, sizes and modification times."""
    h = hashlib.sha256(str(folder.resolve()).encode())
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st = path.stat()
            h.update(f"{path.relative_to(folder)} {st.st_size} {st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def cached(name: str, key: Hashable, build: Callable[[], T]) -> T:
    """build(), or what an earlier build under the same name, key and code left in the cache."""
    try:
        full_key = (key, code_version())
    except OSError:
        return build()
    path = cache_dir() / f"{name}.pickle"
    found = _read(path, full_key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = build()
    _write(path, full_key, value)
    return value


def load_cached(name: str, key: Hashable) -> Any:
    """What `cached` keeps under name and key, else None (not built for them yet)."""
    try:
        full_key = (key, code_version())
        path = cache_dir() / f"{name}.pickle"
    except Exception:  # no home to put a cache in, an unreadable package file
        return None
    return _read(path, full_key)


def from_file(name: str, path: Path, build: Callable[[], T]) -> T:
    """build() of what one data file holds (a model's JSON, a package's table), cached under the
    file's identity (path, size, time) and the code version: parsing them was a large part of a
    one-shot check, and unpickling the result takes a fraction of it."""
    try:
        st = path.stat()
    except OSError:
        return build()  # build says what is wrong with the file
    return cached(name, (str(path.resolve()), st.st_size, st.st_mtime_ns), build)


def from_files(name: str, paths: Sequence[Path], build: Callable[[], T]) -> T:
    """`from_file` of what several files make together (the tactics and their Chinese forms)."""
    try:
        key = tuple((str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in paths)
    except OSError:
        return build()
    return cached(name, key, build)


def load(name: str, key: Hashable) -> Any:
    """What `store` left under name with the same key (compared whole, with no code version:
    for contents that depend on nothing else), else None."""
    try:
        path = cache_dir() / f"{name}.pickle"
    except Exception:  # no home to put a cache in
        return None
    return _read(path, key)


def store(name: str, key: Hashable, value: Any) -> None:
    """Keeps value under name and key for `load` (quietly not, if the cache is unwritable)."""
    try:
        path = cache_dir() / f"{name}.pickle"
    except Exception:
        return
    _write(path, key, value)


def _pattern(pattern: re.Pattern[Any]) -> tuple[Any, ...]:
    if isinstance(pattern.pattern, str):
        from bot import compiled

        return (compiled.compile, (pattern.pattern, pattern.flags))
    return (re.compile, (pattern.pattern, pattern.flags))


# What dataclasses give a frozen dataclass with slots to unpickle with: it asks fields() for
# every object (10,000 phrases of a large base: ~50 ms).
_DATACLASS_SETSTATE = getattr(dataclasses, "_dataclass_setstate", None)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _set_fields(obj: Any, state: Sequence[Any]) -> None:
    """_dataclass_setstate's work, with the field names looked up once per class."""
    cls = type(obj)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    for name, value in zip(names, state, strict=True):
        object.__setattr__(obj, name, value)


class _Pickler(pickle.Pickler):
    """Regular expressions inside the cached objects come back through `compiled.compile`
    (the machine's cache of compiled patterns), not `re.compile`: a pickled pattern is only
    its source, and parsing and compiling them again was ~10 ms of every one-shot check.
    Frozen dataclasses with slots come back through `_set_fields`."""

    def __init__(self, file: BinaryIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = {**copyreg.dispatch_table, re.Pattern: _pattern}

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if _DATACLASS_SETSTATE is not None and getattr(cls, "__setstate__", None) is (
            _DATACLASS_SETSTATE
        ):
            # as object.__reduce_ex__ does (the object made first, so references back to it
            # pickle), with the faster setter
            return (copyreg.__newobj__, (cls,), obj.__getstate__(), None, None, _set_fields)  # type: ignore[attr-defined]
        return NotImplemented


def _read(path: Path, key: Any) -> Any:
    try:
        with path.open("rb") as f:
            stored_key, value = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as e:  # corrupt, truncated, from an older layout: rebuilt
        log.debug("prebuilt %s unreadable (%s): rebuilding", path, e)
        return None
    return value if stored_key == key else None


def _write(path: Path, key: Any, value: Any) -> None:
    """Written to a temporary file and renamed: a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".partial")
        try:
            with os.fdopen(fd, "wb") as f:
                _Pickler(f).dump((key, value))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception as e:  # read-only home, full disk, an object that cannot be pickled
        log.debug("prebuilt %s not written: %s", path, e)
