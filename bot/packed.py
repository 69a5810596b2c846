"""A large str -> float table that unpickles in a millisecond: the text model's weights.

A one-shot `scamcheck check` looks up a hundred or so of the text model's 80,000 weights, but
unpickling them as a dict made 80,000 strings and floats (~35 ms, a tenth of the command).
Packed, they are one string of keys and one array of values, grouped in buckets by a hash that
is the same in every process (CRC-32; Python's own str hash changes per process): a look-up
reads one bucket of about eight keys. A long-running process (the HTTP service, the bot, a
benchmark) does thousands of look-ups, and after `MATERIALISE_AFTER` of them the table turns
itself into a plain dict, so the per-message cost there is what it always was.

Values are the same doubles as the dict's (array 'd'), so every score is unchanged.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterator, Mapping
from typing import Any

SEP = "\x00"  # between keys in a bucket; a table with a key holding it stays a dict
PER_BUCKET = 8
MATERIALISE_AFTER = 4096  # look-ups; ~30 one-shot checks' worth


def _bucket(key: str, buckets: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % buckets


_MISSING: Any = object()


class ByGet(Mapping[str, float]):
    """A read-only mapping whose `get` does the work (PackedWeights, the host model's view)."""

    def get(self, key: str, default: Any = None) -> Any:
        raise NotImplementedError

    def __getitem__(self, key: str) -> float:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return float(value)


class PackedWeights(ByGet):
    """A read-only mapping with the look-ups of a dict (see the module's docstring)."""

    def __init__(
        self, buckets: int, keys: str, starts: array[int], firsts: array[int], values: array[float]
    ) -> None:
        # keys: every bucket's keys, each followed by SEP; starts[b]: where bucket b's keys
        # begin in `keys`; firsts[b]: how many keys come before bucket b; the n-th key has
        # values[n].
        self._buckets = buckets
        self._keys = keys
        self._starts = starts
        self._firsts = firsts
        self._values = values
        self._dict: dict[str, float] | None = None
        self._lookups = 0

    @classmethod
    def pack(cls, table: Mapping[str, float]) -> Mapping[str, float]:
        """table packed, or table itself when it cannot be (a key holding SEP)."""
        if any(SEP in k for k in table):
            return table
        buckets = max(1, len(table) // PER_BUCKET)
        groups: list[list[str]] = [[] for _ in range(buckets)]
        for key in table:
            groups[_bucket(key, buckets)].append(key)
        starts = array("Q", [0])
        firsts = array("Q", [0])
        values = array("d")
        parts: list[str] = []
        at = 0
        for group in groups:
            for key in group:
                parts.append(key + SEP)
                at += len(key) + 1
                values.append(table[key])
            starts.append(at)
            firsts.append(len(values))
        return cls(buckets, "".join(parts), starts, firsts, values)

    def __reduce__(self) -> tuple[Any, ...]:
        # arrays as bytes: unpickled as one buffer each, not one object per weight
        return (
            _unpack,
            (
                self._buckets,
                self._keys,
                self._starts.tobytes(),
                self._firsts.tobytes(),
                self._values.tobytes(),
            ),
        )

    def get(self, key: str, default: Any = None) -> Any:
        self._lookups += 1
        if self._lookups > MATERIALISE_AFTER:
            return self._materialise().get(key, default)
        b = _bucket(key, self._buckets)
        starts = self._starts
        names = self._keys[starts[b] : starts[b + 1]].split(SEP)
        try:
            i = names.index(key)
        except ValueError:
            return default
        if i == len(names) - 1:  # the empty string after the last SEP, asked for ""
            return default
        return self._values[self._firsts[b] + i]

    def _materialise(self) -> dict[str, float]:
        """The plain dict, which from now on answers `get` itself (no counting)."""
        if self._dict is None:
            self._dict = dict(self._items())
            self.get = self._dict.get  # type: ignore[method-assign, assignment]
        return self._dict

    def _items(self) -> Iterator[tuple[str, float]]:
        names = self._keys.split(SEP)
        names.pop()  # after the last SEP
        return zip(names, self._values, strict=True)

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self._items())

    def __len__(self) -> int:
        return len(self._values)


def _unpack(buckets: int, keys: str, starts: bytes, firsts: bytes, values: bytes) -> PackedWeights:
    s, f, v = array("Q"), array("Q"), array("d")
    s.frombytes(starts)
    f.frombytes(firsts)
    v.frombytes(values)
    return PackedWeights(buckets, keys, s, f, v)
