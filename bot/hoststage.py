"""The host model's second stage: small gradient-boosted trees over the logistic score.

The logistic model (bot/hostmodel.py) adds up weights of the name's pieces; it cannot say "a
high score from letter n-grams alone means less on a short name under .com than on a long one
on a hosting platform". A few shallow trees over the logistic score, split into its parts
(ending and shape, words, words beside their ending, letter n-grams), and plain measures of the
name (lengths, digits, hyphens, labels, vowel and consonant runs, letter entropy) can.
They were learnt on the logistic model's out-of-fold scores of the training hosts (scores of
hosts that model never saw, as at run time), by scikit-learn's HistGradientBoosting at
training time only (bot/hoststage_train.py); here they run as pure Python: generated once into
one function of nested conditions (`compiled`), which answers in less than half the walk's time
(bulk screening runs them for every other host: docs/hosts.md, branch hhost16).

The artefact, bot/data/hoststage.tsv, is text: a header (the measures' names, the starting
value, the thresholds), then per tree its nodes, one a line: feature index, threshold, left
and right child, value (a leaf: feature -1).
"""

from __future__ import annotations

import hashlib
import marshal
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from bot import compiled
from bot.hostmodel import _WORDS, HostModel, _sigmoid, split_host
from bot.indicators import ICANN

ARTEFACT = Path(__file__).parent / "data" / "hoststage.tsv"
# The trees are walked only for hosts the logistic model scores at least this high: of the
# 187,000 train and dev hosts the shipped trees flag, one scored under 0.8 and none under 0.7,
# so a host below it is not flagged, and most legitimate hosts cost no more than the logistic
# score (docs/hosts.md, branch hhost15).
GATE = 0.7
_GATE_Z = math.log(GATE / (1 - GATE))
VOWELS = frozenset("aeiouy")
# Every measure the trees may use, in this order; the artefact names the ones it uses.
MEASURES = (
    "z", "z_shape", "z_words", "z_cross", "z_grams", "len", "reg_len", "labels", "digits",
    "hyphens", "reg_hyphens", "reg_digits", "words", "max_cons", "max_vowel", "vowel_ratio",
    "entropy", "private", "suffix_len", "max_word_w", "min_word_w",
)
_EVERY = tuple(range(len(MEASURES)))
# How a finding names a measure that weighed.
SAID = {
    "z": "the name's pieces", "z_shape": "the ending and shape", "z_words": "the words",
    "z_cross": "the words beside the ending", "z_grams": "the letters", "len": "the length",
    "reg_len": "the registered name's length", "labels": "the number of labels",
    "digits": "the digits", "hyphens": "the hyphens", "reg_hyphens": "the hyphens",
    "reg_digits": "the digits", "words": "the number of words",
    "max_cons": "a run of consonants", "max_vowel": "a run of vowels",
    "vowel_ratio": "the share of vowels", "entropy": "the mix of letters",
    "private": "the hosting platform", "suffix_len": "the ending",
    "max_word_w": "its likeliest word", "min_word_w": "its most ordinary word",
}
SAID_ZH = {
    "the name's pieces": "名稱各部分", "the ending and shape": "結尾與形狀", "the words": "字詞",
    "the words beside the ending": "字詞與結尾的搭配", "the letters": "字母組合",
    "the length": "長度", "the registered name's length": "註冊名稱的長度",
    "the number of labels": "層數", "the digits": "數字", "the hyphens": "連字號",
    "the number of words": "字詞數", "a run of consonants": "連串子音",
    "a run of vowels": "連串母音", "the share of vowels": "母音比例",
    "the mix of letters": "字母的雜亂度", "the hosting platform": "託管平台",
    "the ending": "結尾", "its likeliest word": "最像釣魚的字詞",
    "its most ordinary word": "最普通的字詞",
}


_CONSONANT_RUNS = compiled.compile(r"[b-df-hj-np-tv-xz]+")  # a-z but VOWELS
_VOWEL_RUNS = compiled.compile(r"[aeiouy]+")


def _runs(name: str) -> tuple[int, int]:
    """The longest run of consonants and of vowels (a digit, dot or hyphen ends a run)."""
    return (max(map(len, _CONSONANT_RUNS.findall(name)), default=0),
            max(map(len, _VOWEL_RUNS.findall(name)), default=0))


@lru_cache(maxsize=4096)
def _private(suffix: str) -> bool:
    """A hosting platform's ending (vercel.app), not a registry's (co.uk)."""
    return "." in suffix and ICANN.publicsuffix(suffix, accept_unknown=False) != suffix


def measures(host: str, parts: Sequence[float]) -> list[float]:
    """MEASURES of a host, given the logistic model's parts of it (HostModel.parts)."""
    return measures_of(*split_host(host), parts)


def measures_of(name: str, suffix: str, parts: Sequence[float]) -> list[float]:
    """measures() of a host already split by split_host."""
    reg = name.rpartition(".")[2]
    size = len(name)
    counts = Counter(name)  # in the order of first appearance, as the entropy's sum was
    entropy = -sum([v / size * math.log2(v / size) for v in counts.values()]) if size else 0.0
    letters = vowels = digits = 0
    for c, v in counts.items():
        if "a" <= c <= "z":
            letters += v
            if c in VOWELS:
                vowels += v
        elif c.isdigit():
            digits += v
    cons, vow = _runs(name)
    return [
        parts[0], parts[1], parts[2], parts[3], parts[4], float(size), float(len(reg)),
        float(name.count(".") + 1 if name else 0), float(digits), float(counts.get("-", 0)),
        float(reg.count("-")), float(sum(c.isdigit() for c in reg)),
        float(len(_WORDS.findall(name))), float(cons), float(vow), vowels / max(letters, 1),
        entropy, float(_private(suffix)), float(len(suffix)), parts[5], parts[6],
    ]


@dataclass(frozen=True)
class Judgement:
    """The second stage's probability and the measures that pushed it up the most."""

    score: float
    weighed: tuple[str, ...]


@dataclass(frozen=True)
class Stage:
    used: tuple[int, ...]  # indices into MEASURES, in the trees' feature order
    base: float  # the trees' starting raw value (log-odds)
    medium: float
    high: float
    # per tree: (feature, threshold, left, right, value) per node; feature -1 for a leaf
    trees: tuple[tuple[tuple[int, float, int, int, float], ...], ...]
    # the artefact text's digest (parse): names the compiled code in the per-user cache
    digest: str = field(default="", compare=False, repr=False)

    @classmethod
    def load(cls, path: Path = ARTEFACT) -> Stage:
        return cls.parse(path.read_text(encoding="utf-8"))

    @classmethod
    def parse(cls, text: str) -> Stage:
        meta: dict[str, str] = {}
        trees: list[tuple[tuple[int, float, int, int, float], ...]] = []
        nodes: list[tuple[int, float, int, int, float]] = []
        for line in text.splitlines():
            if line.startswith("#"):
                key, eq, value = line[1:].partition("=")
                if eq:
                    meta[key.strip()] = value.strip()
            elif line.startswith("tree"):
                if nodes:
                    trees.append(tuple(nodes))
                nodes = []
            elif line.strip():
                f, t, left, right, v = line.split("\t")
                nodes.append((int(f), float(t), int(left), int(right), float(v)))
        if nodes:
            trees.append(tuple(nodes))
        used = tuple(MEASURES.index(m) for m in meta["measures"].split())
        return cls(used, float(meta["base"]), float(meta["medium"]), float(meta["high"]),
                   tuple(trees), hashlib.sha256(text.encode()).hexdigest())

    def walk(self, x: Sequence[float]) -> float:
        """The trees' sum (log-odds) over the used measures `x`, node by node: what `raw`
        compiles, kept as its reference."""
        z = self.base
        for nodes in self.trees:
            f, t, left, right, v = nodes[0]
            while f >= 0:
                f, t, left, right, v = nodes[left if x[f] <= t else right]
            z += v
        return z

    def raw(self, x: Sequence[float]) -> float:
        """walk(x), by the compiled function: the same sum, added in the same order."""
        return self.compiled[0](x)

    @cached_property
    def compiled(self) -> tuple[Callable[[Sequence[float]], float],
                               Callable[[Sequence[float]], tuple[float, ...]]]:
        """The trees as two generated functions: the sum (`walk`) and each used measure's
        gains along the path (`gains_walked`). Built when the stage first runs, not on load
        (a one-shot check of an ordinary host never needs them); compiling their source takes
        ~40 ms and writing it ~10 ms, so the code is kept in the per-user cache
        (bot/prebuilt.py) under the artefact's digest (and this module's version)."""
        from bot import prebuilt

        def build() -> bytes:
            return marshal.dumps(compile(compiled_source(self), "<hoststage trees>", "exec"))

        if self.digest:
            code = marshal.loads(prebuilt.cached("hoststage-code", self.digest, build))
        else:  # made in code, not parsed from an artefact: nothing to name it by
            code = marshal.loads(build())
        space: dict[str, object] = {}
        # our own source, generated from the artefact's numbers (compiled_source)
        exec(code, space)
        return space["raw"], space["gains"]  # type: ignore[return-value]

    def probability(self, x: Sequence[float]) -> float:
        return _sigmoid(self.raw(x))

    def score(self, model: HostModel, host: str) -> float:
        every = measures(host, model.parts(host))
        return _sigmoid(self.raw([every[i] for i in self.used]))

    def inputs(self, model: HostModel, host: str) -> list[float] | None:
        """The used measures of a host, or None when the logistic model scores it under
        GATE (the trees are not walked for it)."""
        name, suffix = split_host(host)
        parts = model.parts_of(name, suffix)
        if parts[0] < _GATE_Z:
            return None
        every = measures_of(name, suffix, parts)
        return every if self.used == _EVERY else [every[i] for i in self.used]

    def gated(self, model: HostModel, host: str) -> float:
        """score(), or 0.0 when the logistic model scores the host under GATE."""
        x = self.inputs(model, host)
        return 0.0 if x is None else _sigmoid(self.raw(x))

    def gains_walked(self, x: Sequence[float]) -> tuple[float, ...]:
        """Per used measure, what its splits on these inputs' path through the trees added
        (each split's change of the node's value goes to its measure), node by node: what
        the compiled `gains` does, kept as its reference."""
        gain = [0.0] * len(self.used)
        for nodes in self.trees:
            f, t, left, right, v = nodes[0]
            while f >= 0:
                nxt = nodes[left if x[f] <= t else right]
                gain[f] = gain[f] + nxt[4] - v
                f, t, left, right, v = nxt
        return tuple(gain)

    def weighed(self, x: Sequence[float]) -> tuple[str, ...]:
        """The measures whose splits raised the score the most on these inputs' path through
        the trees."""
        gains = self.compiled[1](x)
        said: list[str] = []
        for _, f in sorted((-g, f) for f, g in enumerate(gains) if g > 0.25):
            words = SAID[MEASURES[self.used[f]]]
            if words not in said:
                said.append(words)
        return tuple(said[:2])

    def judge(self, model: HostModel, host: str) -> Judgement:
        """The score (ungated) and what weighed."""
        every = measures(host, model.parts(host))
        x = [every[i] for i in self.used]
        return Judgement(_sigmoid(self.raw(x)), self.weighed(x))


def _number(v: float) -> str:
    """A float as source that reads back as the same float (repr does, when finite)."""
    return repr(v) if math.isfinite(v) else f"float('{v}')"


def compiled_source(stage: Stage) -> str:
    """Python source of two functions over the used measures `x`: `raw(x)`, the trees' sum as
    `Stage.walk` adds it (the base, then each tree's leaf in order: the same float), one
    nested conditional expression per tree; and `gains(x)`, `Stage.gains_walked`'s tuple, one
    nested if/else per tree."""
    names = [f"x{i}" for i in range(len(stage.used))]
    unpack = f"    {', '.join(names)}{',' if len(names) == 1 else ''} = x\n" if names else ""

    def expr(nodes: tuple[tuple[int, float, int, int, float], ...], i: int) -> str:
        f, t, left, right, v = nodes[i]
        if f < 0:
            return _number(v)
        return f"({expr(nodes, left)} if x{f} <= {_number(t)} else {expr(nodes, right)})"

    def steps(nodes: tuple[tuple[int, float, int, int, float], ...], i: int,
              pad: str) -> list[str]:
        f, t, left, right, v = nodes[i]
        if f < 0:
            return []
        out = [f"{pad}if x{f} <= {_number(t)}:"]
        for child, head in ((left, None), (right, f"{pad}else:")):
            if head:
                out.append(head)
            # as gains_walked adds: (gain + child's value) - node's value
            out.append(f"{pad}    g{f} = g{f} + {_number(nodes[child][4])} - {_number(v)}")
            out += steps(nodes, child, pad + "    ")
        return out

    lines = ["def raw(x):", unpack.rstrip("\n") or "    pass", f"    z = {_number(stage.base)}"]
    lines += [f"    z += {expr(nodes, 0)}" for nodes in stage.trees]
    lines.append("    return z")
    gs = [f"g{i}" for i in range(len(stage.used))]
    lines += ["", "def gains(x):", unpack.rstrip("\n") or "    pass"]
    lines += [f"    {g} = 0.0" for g in gs]
    for nodes in stage.trees:
        lines += steps(nodes, 0, "    ")
    lines.append(f"    return ({', '.join(gs)}{',' if len(gs) == 1 else ''})")
    return "\n".join(lines) + "\n"


def model_flags(model: HostModel, stage: Stage | None, host: str) -> bool:
    """Whether the learned model alone flags a host (`medium` or above): by the stage when
    there is one, else by the logistic model's own threshold."""
    if stage is None:
        return model.score(host) >= model.medium_for(host)[0]
    return stage.gated(model, host) >= stage.medium


@lru_cache(maxsize=1)
def default_stage() -> Stage | None:
    """The shipped second stage, loaded on first use; None if the artefact is missing."""
    return Stage.load() if ARTEFACT.exists() else None
