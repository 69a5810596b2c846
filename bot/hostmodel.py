"""A learned host model: how much a host name looks like the phishing hosts it learnt from.

The rules in bot/domains.py catch hosts that imitate a known brand or carry known bait words.
Most phishing hosts do neither (claim-mint-pass.xyz, app-rewards-eth.vercel.app): this model
weighs every piece of the name instead, learnt by logistic regression from 388,145 real
phishing hosts against legitimate ones (bot/hostmodel_train.py retrains it, deterministically).

Features are readable strings so a finding can say which parts weighed: the words of the name,
each word beside the ending it is under ('claim' weighs more under pages.dev than under .com),
its letter trigrams to fivegrams, the ending (.xyz, vercel.app) and the shape (labels,
length, digits, hyphens, the runs of letters and digits alone and beside the ending).
Scoring is a sum of weights from one dict: pure and fast.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot import compiled
from bot.indicators import public_suffix
from bot.packed import ByGet, PackedWeights

_ZEROS = itertools.repeat(0.0)
# What _gram_weights puts for an n-gram the model lacks: 0.0 to the sums (as _ZEROS), but its
# own object, so that rate() can tell "absent" from a weight of exactly 0.0 by identity and
# credit the words exactly as a look-up returning None did (made at run time: never a shared
# constant; floats read from the artefact or unpickled are other objects).
_ABSENT = float("0")
ARTEFACT = Path(__file__).parent / "data" / "hostmodel.tsv"
_WORDS = compiled.compile(r"[a-z]{2,}")
_ALNUM = compiled.compile(r"[a-z0-9]+")
_LETTER_RUNS = compiled.compile(r"[a-z]+")
_DIGIT_RUNS = compiled.compile(r"[0-9]+")


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def split_host(host: str) -> tuple[str, str]:
    """(name, suffix): the labels before the public suffix (private ones count: vercel.app)."""
    host = host.lower().strip(".").removeprefix("www.")
    suffix = public_suffix(host)
    name = host[: -len(suffix) - 1] if host != suffix else ""
    return name, suffix


def hyphenated(host: str) -> bool:
    """The label just before the ending (private ones count: the user's own label on
    vercel.app) joins words with a hyphen: claim-rewards.xyz, app.claim-rewards.xyz."""
    name = split_host(host)[0]
    return "-" in name.rpartition(".")[2]


def _shape(name: str, suffix: str) -> list[str]:
    out = [f"s:{suffix}"]
    if "." in suffix:
        out.append(f"t:{suffix.rsplit('.', 1)[-1]}")
    out.append(f"nl:{min(name.count('.') + 1, 4) if name else 0}")
    out.append(f"len:{_bucket(len(name), (4, 6, 8, 11, 15, 20, 30))}")
    out.append(f"dig:{_bucket(sum(map(str.isdigit, name)), (0, 1, 3))}")
    out.append(f"hy:{_bucket(name.count('-'), (0, 1, 2))}")
    if "xn--" in name:
        out.append("puny")
    # The name's shape: each run of letters an 'a', of digits a '9' (claim-eth-2024 -> a-a-9),
    # alone and beside the ending: two words and a hyphen read otherwise under .xyz than .com.
    # Chosen on dev (docs/hosts.md, 2026-12-06 evening): more phishing caught at the false
    # alarms of the model without them.
    shape = _DIGIT_RUNS.sub("9", _LETTER_RUNS.sub("a", name))[:12]
    out.append(f"sh:{shape}")
    out.append(f"xs:{suffix}|{shape}")
    return out


def feature_names(host: str) -> list[str]:
    """The features of a host: its ending, its shape, its words, each word beside the ending
    (`x:pages.dev|claim`) and its letter 3- to 5-grams."""
    name, suffix = split_host(host)
    out = _shape(name, suffix)
    words = _WORDS.findall(name)
    out += ["w:" + w for w in words]
    out += [f"x:{suffix}|{w}" for w in words]
    p = f"^{name}$"
    out += ["g:" + p[i:i + 3] for i in range(len(p) - 2)]
    out += ["g:" + p[i:i + 4] for i in range(len(p) - 3)]
    out += ["g:" + p[i:i + 5] for i in range(len(p) - 4)]
    return out


def features(host: str) -> list[tuple[str, int, int]]:
    """feature_names with where in the name each comes from ((-1, -1) for the ending and
    the shape), so that weights can be put back on the words of the name."""
    name, suffix = split_host(host)
    out = [(f, -1, -1) for f in _shape(name, suffix)]
    found = list(_WORDS.finditer(name))
    out += [(f"w:{m.group(0)}", m.start(), m.end()) for m in found]
    out += [(f"x:{suffix}|{m.group(0)}", m.start(), m.end()) for m in found]
    p = f"^{name}$"
    for n in (3, 4, 5):
        for i in range(len(p) - n + 1):
            out.append((f"g:{p[i:i + n]}", max(i - 1, 0), min(i - 1 + n, len(name))))
    return out


def _grams(name: str) -> list[str]:
    """The name's letter 3- to 5-grams with start and end marks, as they are keyed."""
    p = f"^{name}$"
    n = len(p)
    grams = [p[i : i + 3] for i in range(n - 2)]
    grams += [p[i : i + 4] for i in range(n - 3)]
    grams += [p[i : i + 5] for i in range(n - 4)]
    return grams


@lru_cache(maxsize=256)
def _gram_middles(size: int) -> tuple[int, ...]:
    """For each of _grams()'s n-grams of a name of this size, in its order, the name's letter
    in the middle of what the n-gram covers (the marks left out): rate() credits its weight
    to the word there. Worked out once per length, not at every n-gram (branch hhost16)."""
    return tuple((max(i - 1, 0) + min(i - 1 + n, size) - 1) // 2
                 for n in (3, 4, 5) for i in range(size + 3 - n))


@dataclass(frozen=True)
class Rating:
    """The model's probability that a host is phishing, and the parts that weighed most."""

    score: float
    parts: tuple[str, ...]  # words of the name and the ending, heaviest first


@dataclass(frozen=True)
class HostModel:
    weights: dict[str, float]
    bias: float
    medium: float  # calibrated thresholds on the probability (see the artefact's header)
    high: float
    # `medium` for names whose registered label joins words with a hyphen (claim-rewards.xyz):
    # calibrated apart on dev, as such names are a third of the phishing hosts and few real
    # projects' (see the artefact's header and docs/hosts.md, issue 11 hhost6). None: `medium`.
    hyphen: float | None = None
    # The weights of letter n-grams and words keyed without their 'g:' / 'w:' mark: scoring
    # a host then looks its slices up as they are, without building ~60 strings per host.
    _grams: Mapping[str, float] = field(init=False, repr=False, compare=False)
    _words: dict[str, float] = field(init=False, repr=False, compare=False)
    # suffix -> word -> weight of the `x:suffix|word` crosses, for the same reason.
    _crosses: dict[str, dict[str, float]] = field(init=False, repr=False, compare=False)
    # The rest (the ending and the shape: no 'g:', 'w:' or 'x:' mark) as a plain dict: a model
    # read back from the cache has `weights` as a view whose `get` is Python code, and the
    # shape's look-ups through it were a tenth of bulk screening's host model (branch hhost16).
    _shapes: dict[str, float] = field(init=False, repr=False, compare=False)
    # The last name's n-gram weights (_gram_weights): a flagged host's explanation (rate)
    # follows its score (parts_of) and looked the same ~60 n-grams up again; those look-ups,
    # memory-bound reads of a 147,000-key dict, are most of the host model's cost (issue 11).
    _last: tuple[str, tuple[float, ...]] = field(init=False, repr=False, compare=False,
                                                 default=("", ()))

    def __post_init__(self) -> None:
        w = self.weights
        object.__setattr__(self, "_shapes", {f: v for f, v in w.items()
                                             if f[:2] not in ("g:", "w:", "x:")})
        object.__setattr__(self, "_grams", {f[2:]: v for f, v in w.items() if f[:2] == "g:"})
        object.__setattr__(self, "_words", {f[2:]: v for f, v in w.items() if f[:2] == "w:"})
        crosses: dict[str, dict[str, float]] = {}
        for f, v in w.items():
            if f[:2] == "x:":
                suffix, _, word = f[2:].rpartition("|")
                crosses.setdefault(suffix, {})[word] = v
        object.__setattr__(self, "_crosses", crosses)

    @classmethod
    def load(cls, path: Path = ARTEFACT) -> HostModel:
        return cls.parse(path.read_text(encoding="utf-8"))

    @classmethod
    def parse(cls, text: str) -> HostModel:
        """A model from the artefact's text."""
        weights: dict[str, float] = {}
        meta: dict[str, float] = {}
        for line in text.splitlines():
            if line.startswith("#"):
                key, _, value = line[1:].strip().partition("=")
                if key.strip() in ("bias", "medium", "high", "medium_hyphen"):
                    meta[key.strip()] = float(value)
                continue
            feat, _, w = line.rpartition("\t")
            weights[feat] = float(w)
        return cls(weights, meta["bias"], meta["medium"], meta["high"], meta.get("medium_hyphen"))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as the marks' own dicts only (bot/prebuilt.py keeps the model so): unpickling
        every weight a second time, as `weights`, was ~50 ms of a one-shot check with a link."""
        other = {f: v for f, v in self.weights.items() if f[:2] not in ("g:", "w:", "x:")}
        view = _Weights(other, self._grams, self._words, self._crosses)
        same = len(view) == len(self.weights)
        if not (same and all(view.get(f, _MISSING) == v for f, v in self.weights.items())):
            return (HostModel, (dict(self.weights), self.bias, self.medium, self.high,
                                self.hyphen))
        # the n-grams, most of the weights, packed: unpickled in ~2 ms (bot/packed.py)
        parts = (other, PackedWeights.pack(self._grams), self._words, self._crosses)
        return (_from_parts, (*parts, self.bias, self.medium, self.high, self.hyphen))

    @property
    def hyphen_floor(self) -> float:
        """The lowest `medium` any host can have: below it nothing is flagged."""
        return self.medium if self.hyphen is None else min(self.medium, self.hyphen)

    def medium_for(self, host: str) -> tuple[float, bool]:
        """The `medium` threshold for this host, and whether it is the hyphenated names' own
        (its registered label, the one before the ending, holds a hyphen)."""
        if self.hyphen is not None and self.hyphen < self.medium and hyphenated(host):
            return self.hyphen, True
        return self.medium, False

    def _gram_weights(self, name: str) -> tuple[float, ...]:
        """The weights of the name's letter n-grams in _grams()'s order, _ABSENT for those the
        model lacks; the last name's kept (one entry: the tuple is swapped whole, so a reader
        in another thread sees a name with its own weights)."""
        last = self._last
        if last[0] == name:
            return last[1]
        weights = tuple(map(self._grams.get, _grams(name), itertools.repeat(_ABSENT)))
        object.__setattr__(self, "_last", (name, weights))
        return weights

    def score(self, host: str) -> float:
        """The same sum as over feature_names(host), by the marks' own dicts (faster)."""
        name, suffix = split_host(host)
        words = _WORDS.findall(name)
        z = self.bias + sum(map(self._shapes.get, _shape(name, suffix), _ZEROS))
        z += sum(map(self._words.get, words, _ZEROS))
        if (crosses := self._crosses.get(suffix)) is not None:
            z += sum(map(crosses.get, words, _ZEROS))
        z += sum(self._gram_weights(name))
        return _sigmoid(z)

    def parts(self, host: str) -> tuple[float, float, float, float, float, float, float]:
        """score()'s sum before the sigmoid, then its parts: the bias with the ending and
        shape, the words, the words beside their ending, the letter n-grams; then the
        heaviest and the lightest word weight (0.0 without words): the second stage's
        inputs (bot/hoststage.py)."""
        return self.parts_of(*split_host(host))

    def parts_of(self, name: str, suffix: str) -> tuple[float, float, float, float, float,
                                                         float, float]:
        """parts() of a host already split by split_host (the second stage splits it once)."""
        words = _WORDS.findall(name)
        zs = self.bias + sum(map(self._shapes.get, _shape(name, suffix), _ZEROS))
        ww = list(map(self._words.get, words, _ZEROS))
        zw = sum(ww)
        crosses = self._crosses.get(suffix)
        zx = sum(map(crosses.get, words, _ZEROS)) if crosses is not None else 0.0
        zg = sum(self._gram_weights(name))
        return (zs + zw + zx + zg, zs, zw, zx, zg, max(ww, default=0.0), min(ww, default=0.0))

    def rate(self, host: str) -> Rating:
        """The score, and the words and ending that pushed it up the most: every n-gram's
        weight goes to the word of the name its middle letter lies in (as features() spans
        say). Sums in score()'s order, so both give the same number."""
        name, suffix = split_host(host)
        word_at = [""] * (len(name) + 1)  # the word each letter of the name belongs to
        for m in _ALNUM.finditer(name):
            word_at[m.start() : m.end()] = [m.group(0)] * (m.end() - m.start())
        weight_of: dict[str, float] = {}
        ending = f".{suffix}"
        z = self.bias + sum(map(self._shapes.get, _shape(name, suffix), _ZEROS))
        for f in ("s:" + suffix, "t:" + suffix.rsplit(".", 1)[-1] if "." in suffix else ""):
            if (wt := self._shapes.get(f)) is not None:
                weight_of[ending] = weight_of.get(ending, 0.0) + wt
        zw = zx = 0.0
        found = list(_WORDS.finditer(name))
        for m in found:
            if (wt := self._words.get(m.group(0))) is not None:
                zw += wt
                key = word_at[(m.start() + m.end() - 1) // 2]
                weight_of[key] = weight_of.get(key, 0.0) + wt
        crosses = self._crosses.get(suffix, {})
        for m in found:
            if (wt := crosses.get(m.group(0))) is not None:
                zx += wt
                key = word_at[(m.start() + m.end() - 1) // 2]
                weight_of[key] = weight_of.get(key, 0.0) + wt
        zg = 0.0
        for wt, at in zip(self._gram_weights(name), _gram_middles(len(name)), strict=True):
            if wt is not _ABSENT:
                zg += wt
                if key := word_at[at]:
                    weight_of[key] = weight_of.get(key, 0.0) + wt
        z = z + zw + zx + zg
        parts = tuple(k for k, v in sorted(weight_of.items(), key=lambda kv: -kv[1]) if v > 0.5)
        return Rating(_sigmoid(z), parts[:3])


_MISSING: Any = object()


class _Weights(ByGet):
    """`HostModel.weights` over the marks' own dicts, for a model read back from a pickle."""

    __slots__ = ("_crosses", "_grams", "_other", "_words")

    def __init__(
        self,
        other: dict[str, float],
        grams: Mapping[str, float],
        words: dict[str, float],
        crosses: dict[str, dict[str, float]],
    ) -> None:
        self._other, self._grams, self._words, self._crosses = other, grams, words, crosses

    def get(self, key: str, default: Any = None) -> Any:
        mark = key[:2]
        if mark == "g:":
            return self._grams.get(key[2:], default)
        if mark == "w:":
            return self._words.get(key[2:], default)
        if mark == "x:":
            suffix, bar, word = key[2:].rpartition("|")
            crosses = self._crosses.get(suffix) if bar else None
            return default if crosses is None else crosses.get(word, default)
        return self._other.get(key, default)

    def __iter__(self) -> Iterator[str]:
        yield from self._other
        yield from (f"g:{k}" for k in self._grams)
        yield from (f"w:{k}" for k in self._words)
        for suffix, words in self._crosses.items():
            yield from (f"x:{suffix}|{w}" for w in words)

    def __len__(self) -> int:
        n = len(self._other) + len(self._grams) + len(self._words)
        return n + sum(map(len, self._crosses.values()))


def _from_parts(
    other: dict[str, float],
    grams: Mapping[str, float],
    words: dict[str, float],
    crosses: dict[str, dict[str, float]],
    bias: float,
    medium: float,
    high: float,
    hyphen: float | None = None,
) -> HostModel:
    model = object.__new__(HostModel)
    for name, value in (
        ("weights", _Weights(other, grams, words, crosses)),
        ("bias", bias),
        ("medium", medium),
        ("high", high),
        ("hyphen", hyphen),
        ("_grams", grams),
        ("_words", words),
        ("_crosses", crosses),
        ("_shapes", other),
        ("_last", ("", ())),
    ):
        object.__setattr__(model, name, value)
    return model


def _sigmoid(z: float) -> float:
    # Clamped: a name thousands of letters long sums to more than exp() can hold.
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@lru_cache(maxsize=1)
def default_model() -> HostModel | None:
    """The shipped model, loaded on first use; None if the artefact is missing."""
    from bot import prebuilt

    if not ARTEFACT.exists():
        return None
    return prebuilt.from_file("hostmodel", ARTEFACT, HostModel.load)
