"""A statistical text model: a second opinion on wording no phrase or tactic names.

A logistic regression over words, word pairs and Chinese characters and character pairs (and
the first line's words once more, as features of their own), trained on the labelled examples
in `knowledge/examples/` (each file names its source and licence). It is small and explains
itself: the words that weighed most go into the finding.

Why this shape: a linear model over sparse features is fast (a dict look-up per feature, a
few hundred microseconds for a long e-mail), deterministic to train in pure Python (no BLAS
whose summation order varies between machines, so a retrain gives the same artefact byte for
byte), and its weights can be read ("suspend" +1.8, "unsubscribe" -1.2) in review.

Text is folded before features are taken, the same way for training and checking: NFKC, case,
text-speak and word endings (the phrase matcher's folding), Traditional and Simplified Chinese
to one form, and the things scammers vary between messages (numbers, links, amounts, addresses)
to their kind, so that "call 0906 123 4567" and "call 0871 765 4321" are the same evidence.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from bot import compiled
from bot.han import HAN, has_han
from bot.indicators import clean_text
from bot.phrases import _T2S, _fold_word
from bot.seed import shipped_knowledge_dir

MODEL_PATH = Path(__file__).parent / "data" / "textmodel.json"
# The curated examples it is trained from (part of the knowledge base, reviewable files).
EXAMPLES = shipped_knowledge_dir() / "examples"
HEAD = "fw:"  # the first line's word features
MAX_CHARS = 2_000  # the opening of a long e-mail says what it wants; the rest costs time
FORMAT = 1

# One pass over the text: every alternative is a plain run, so the scan stays linear.
_TOKEN = compiled.compile(
    rf"(?P<url>(?:https?://|www\.)[^\s<>\"]{{1,200}})"
    rf"|(?P<email>[\w.+-]{{1,64}}@[\w-]{{1,63}}(?:\.[\w-]{{1,63}}){{1,4}})"
    rf"|(?P<domain>(?:[a-z0-9-]{{1,63}}\.){{1,4}}(?:com|net|org|io|co|uk|hk|tw|cn|top|xyz|"
    rf"app|info|biz|me|ly|cc|vip|site|online|link|club|shop|live|pro|finance|fi|in|us))\b"
    rf"|(?P<word>[a-z][a-z0-9'’]{{0,40}})"
    rf"|(?P<num>[0-9][0-9,.:/-]{{0,30}})"
    rf"|(?P<cur>[£$€¥₹])"
    rf"|(?P<cjk>[{HAN}]{{1,500}})"
)
_MASKED = compiled.compile(r"x{4,}")  # numbers masked as XXXX when people share a scam text
# In Chinese text, a contact ID handed out after a messaging app's name (賴：【w33994】, LINE ID
# chen7051, 微信：usdt_otc_sh, 加 vx dz8866) is read as its kind, not as itself: each campaign
# uses new IDs, and what scams share is "add this LINE ID", not the ID. An ID needs a digit or an
# underscore, so 加LINE好友 or "line 群組" keep their words. A percentage is a kind of its own too
# (日收益3%, 月息2%): the returns such schemes promise.
CONTACT_ID = "zzcontactid"
PERCENT = "zzpercent"
_CONTACT = compiled.compile(
    r"(賴|line|微信号?|微信號|vx|wx|v信|tg|telegram|whatsapp|加)(\s?id)?([\s:【「『（(\[<@]{0,4})"
    r"(?=[a-z0-9_.-]{0,29}[0-9_])(?=[a-z0-9_.-]{0,29}[a-z_])[a-z0-9][a-z0-9_.-]{3,29}"
)
_PERCENT = compiled.compile(r"([0-9][0-9.,]{0,8})\s?%")
# benchmarks/textmodel_variants.py turns it off (shapes=0) to compare
ZH_SHAPES = True


def _shapes(s: str) -> str:
    """Contact IDs and percentages in Chinese text as their kinds (see _CONTACT)."""
    if not ZH_SHAPES or not has_han(s):
        return s
    s = _CONTACT.sub(rf"\1\2\3 {CONTACT_ID} ", s)
    return _PERCENT.sub(rf"\1 {PERCENT} ", s) if "%" in s else s


def _addressy(word: str) -> bool:
    """A long run of letters and digits: a wallet address or a token, one feature for all."""
    return (
        len(word) >= 25
        and word.isalnum()
        and any(c.isdigit() for c in word)
        and any(c.isalpha() for c in word)
    )


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str  # "scam" or "benign"
    lang: str = "en"
    source: str = ""


# Cantonese written forms read as the standard written Chinese word they stand for, so that a
# Cantonese scam meets what Mandarin ones taught the model: only characters that mean one thing
# (係 is left alone: it is also 關係's 系).
_CANTONESE = str.maketrans(
    {"嘅": "的", "唔": "不", "咗": "了", "喺": "在", "冇": "没", "哋": "们", "佢": "他",
     "畀": "给", "俾": "给", "嚟": "来", "啲": "些", "睇": "看", "嗰": "那", "咩": "什",
     "搵": "找", "攞": "拿", "揾": "找"}
)  # fmt: skip
# benchmarks/textmodel_variants.py turns it off (canto=0) to compare
ZH_CANTONESE = True


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """One Chinese character in one script; char by char, so features keep positions."""
    folded = _T2S.convert(ch)
    if ZH_CANTONESE:
        folded = folded.translate(_CANTONESE)
    return "账" if folded == "帐" else folded


def _number_kind(tok: str) -> str:
    digits = sum(c.isdigit() for c in tok)
    if ":" in tok or "/" in tok:
        return "#time"
    if digits <= 2:
        return "#n2"
    if digits <= 5:
        return "#n5"
    if digits <= 8:
        return "#n8"
    return "#nlong"


@lru_cache(maxsize=65536)
def _word_token(surface: str) -> str:
    """A word's feature token; cached, as the same words come back in every message."""
    if _MASKED.fullmatch(surface):
        return "#nlong"
    if _addressy(surface):
        return "#addr"
    return _fold_word(surface.replace("’", "'").replace("'", ""))


@lru_cache(maxsize=8192)
def _fold_run(run: str) -> str:
    """A run of Chinese characters in one script, char by char (positions kept)."""
    return "".join(_fold_char(c) for c in run)


def features(text: str) -> dict[str, str]:
    """Feature -> the words of the text it came from (the first time it was seen)."""
    return _features(text)[0]


def _features(text: str) -> tuple[dict[str, str], int]:
    """features(text), and how many of them are not the first line's own (`HEAD`): those come
    last, and no other feature starts so."""
    s = _shapes(clean_text(text[:MAX_CHARS]).casefold())
    feats: dict[str, str] = {}
    add = feats.setdefault
    prev: str | None = None
    prev_surface = ""
    head = text.strip()
    # A message of one line is its own first line: its words, read once, are the first line's
    # too (the same chunks: stripping white space changes none of clean_text's or _shapes's
    # readings of the rest, see _one_line), so they are not read a second time.
    words: list[tuple[str, str]] | None = [] if _one_line(text, head) else None
    # No token spans white space (none of _TOKEN's alternatives holds it), so the text's tokens
    # are its white-space separated chunks' tokens one after the other; chunks come back in
    # every message, and each short one is read once (_chunk).
    for chunk in s.split():
        for tok, key, surface, run, head_key, left in (
            _chunk(chunk) if len(chunk) <= _CACHED_CHUNK else _read_chunk(chunk)
        ):
            if run is not None:
                for k, v in run:
                    add(k, v)
                prev = None
                continue
            add(key, surface)
            if words is not None:
                words.append((head_key, surface))
            if prev is not None:
                add(prev + tok, f"{prev_surface} {surface}")
            prev, prev_surface = left, surface
    # The first line's words again, as features of their own: a subject line, a video's title,
    # an SMS's opening say what the message is about (benchmarks/textmodel_variants.py first=1:
    # 0.373 -> 0.428 leave-one-source-out; docs/detection-en.md, "Text model experiments").
    body = len(feats)
    if words is not None:
        for head_key, surface in words:
            add(head_key, surface)
        return feats, body
    head = head.split("\n", 1)[0]
    for chunk in _shapes(clean_text(head[:MAX_CHARS]).casefold()).split():
        for _tok, _key, surface, run, head_key, _left in (
            _chunk(chunk) if len(chunk) <= _CACHED_CHUNK else _read_chunk(chunk)
        ):
            if run is None:
                add(head_key, surface)
    return feats, body


def _one_line(text: str, head: str) -> bool:
    """Whether the first line's features are the whole text's word features: the text (its
    first MAX_CHARS whole) is one line once stripped (`head`). The two readings then differ only
    by white space at the ends, which splitting drops: NFKC composes nothing with a white-space
    character, invisible characters are not white space (strip keeps them), and _shapes's
    patterns neither start nor end on white space."""
    return len(text) <= MAX_CHARS and "\n" not in head


# A link or an address weighs in the score like any word, but is not quoted among the words
# that weighed most, alone or in a pair: the link has its own finding (the reply names each
# indicator once), and an address quoted back casefolded is a different, wrong address.
_UNQUOTED = compiled.compile(r"#(?:url|domain|email|addr)\b")

_Item = tuple[str, str, str, "tuple[tuple[str, str], ...] | None", str, str]


# Chunks kept: words and short runs (a Chinese run costs about 200 bytes a character in the
# cache), so that a stream of unseen chunks holds the cache under about 50 MB.
_CACHED_CHUNK = 32


def _read_chunk(chunk: str) -> tuple[_Item, ...]:
    """The tokens of a chunk of text without white space, in order: (token, its word feature,
    surface, None, its first-line feature, the start of a pair it begins), or for a run of
    Chinese ('', '', '', its character and character-pair features with their surfaces, the
    first of each only, '', ''). What can be is made here, once a chunk, not for each message:
    a first-line feature's hash is then kept too, for the dict's insert and the weight's
    look-up."""
    out: list[_Item] = []
    for m in _TOKEN.finditer(chunk):
        kind = m.lastgroup
        surface = m.group(0)
        if kind == "cjk":
            folded = _fold_run(surface)
            run: dict[str, str] = {}
            add = run.setdefault
            for i, c in enumerate(folded):
                add("c:" + c, surface[i])
                if i:
                    add("c:" + folded[i - 1 : i + 1], surface[i - 1 : i + 1])
            out.append(("", "", "", tuple(run.items()), "", ""))
            continue
        if kind == "word":
            tok = _word_token(surface)
        elif kind == "num":
            tok = _number_kind(surface)
        elif kind == "cur":
            tok = "#cur"
        else:
            tok = "#" + str(kind)
        out.append((tok, "w:" + tok, surface, None, HEAD + tok, f"b:{tok} "))
    return tuple(out)


_chunk = lru_cache(maxsize=8192)(_read_chunk)


@dataclass
class TextModel:
    weights: Mapping[str, float] = field(default_factory=dict)
    bias: float = 0.0
    meta: dict[str, object] = field(default_factory=dict)

    def score(self, text: str) -> tuple[float, list[tuple[str, float]]]:
        """Probability of a scam, and the words that pushed it up most (surface, weight)."""
        p, top, _ = self.explain(text)
        return p, top

    def explain(self, text: str) -> tuple[float, list[tuple[str, float]], int]:
        """As `score`, with the number of features the text has (a few words say little)."""
        feats, body = _features(text)
        if not feats:
            return 0.0, [], 0
        scale = 1.0 / math.sqrt(len(feats))
        z = self.bias
        pushed: list[tuple[float, str]] = []
        push = pushed.append
        weight = self.weights.get
        for f, surface in feats.items():
            if (wf := weight(f)) is not None:
                z += wf * scale
                if wf > 0 and ("#" not in f or _UNQUOTED.search(f) is None):
                    push((wf, surface))
        # heaviest first, equal weights in the text's order (a reversed sort stays stable)
        pushed.sort(key=itemgetter(0), reverse=True)
        top: list[tuple[str, float]] = []
        shown: list[str] = []  # the surfaces in top: a word inside one of them says nothing new
        for wf, surface in pushed:
            for s in shown:
                if surface in s:
                    break
            else:
                shown.append(surface)
                top.append((surface, round(wf, 2)))
                if len(top) == 5:
                    break
        # the first line's own features do not make a text long enough to judge
        return _sigmoid(z), top, body

    def to_json(self) -> str:
        body = {
            "format": FORMAT,
            "meta": self.meta,
            "bias": round(self.bias, 4),
            "weights": dict(sorted(self.weights.items())),
        }
        return json.dumps(body, ensure_ascii=False, sort_keys=False, indent=0) + "\n"

    @classmethod
    def from_json(cls, text: str) -> TextModel:
        body = json.loads(text)
        if body.get("format") != FORMAT:
            raise ValueError(f"text model format {body.get('format')!r}, expected {FORMAT}")
        return cls(dict(body["weights"]), float(body["bias"]), dict(body.get("meta", {})))


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    if z > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def shipped() -> TextModel | None:
    """The committed model, or None when it is missing (the engine then goes without)."""
    from bot import prebuilt
    from bot.packed import PackedWeights

    def parse() -> TextModel:
        model = TextModel.from_json(MODEL_PATH.read_text(encoding="utf-8"))
        # packed: unpickled from the cache in ~1 ms instead of ~35 ms (bot/packed.py)
        model.weights = PackedWeights.pack(model.weights)
        return model

    try:
        return prebuilt.from_file("textmodel", MODEL_PATH, parse)
    except (OSError, ValueError, KeyError):
        return None


# --- examples and training ---------------------------------------------------------------


class ExampleError(ValueError):
    pass


def load_examples(folder: Path) -> list[Example]:
    """Every `*.jsonl` in folder: a `_meta` line naming source and licence, then examples."""
    out: list[Example] = []
    for path in sorted(folder.glob("*.jsonl")):
        source = ""
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    raise ExampleError(f"{path.name}:{n}: not JSON ({e.msg})") from None
                if "_meta" in row:
                    meta = row["_meta"]
                    if not meta.get("source") or not meta.get("licence"):
                        raise ExampleError(f"{path.name}:{n}: _meta needs source and licence")
                    source = str(meta["source"])
                    continue
                if not source:
                    raise ExampleError(f"{path.name}:{n}: the first line must be the _meta line")
                text, label = row.get("text"), row.get("label")
                if (
                    not isinstance(text, str)
                    or not text.strip()
                    or label
                    not in (
                        "scam",
                        "benign",
                    )
                ):
                    raise ExampleError(f"{path.name}:{n}: needs text and label scam|benign")
                out.append(Example(text, label, str(row.get("lang", "en")), path.stem))
    return out


def examples_digest(examples: Sequence[Example]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(f"{e.label}\t{e.source}\t{e.text}\n".encode())
    return h.hexdigest()


def source_group(stem: str) -> str:
    """The example files that come from one source: our own written files (scam and benign,
    every language) are one source, as their scam and benign sides share a writing style."""
    return stem.split("-")[0] if stem.startswith("written") else stem


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 4
    rate: float = 0.5
    l2: float = 1e-2
    min_df: int = 3
    keep: float = 0.05  # weights smaller than this are dropped from the artefact
    # A feature must occur in this many example files: words only one source uses (a mailing
    # list's name, one site's boilerplate) teach the model that source, not what scams share.
    min_sources: int = 1
    # How a source's weight grows with its size (within a label): 0 = every source weighs the
    # same, 1 = every example does. 0 was best leave-one-source-out (benchmarks/textmodel_cv.py).
    source_power: float = 0.0
    # Chinese examples weigh this many times more than English ones of the same source size.
    # 2 raised every Chinese source leave-one-source-out on the train split, but the engine
    # then lost English scams and added English false alarms held back and left out, so it is
    # left at 1 (benchmarks/textmodel_variants.py zhw=2; docs/detection-zh.md, "Text model,
    # Chinese side").
    zh_weight: float = 1.0
    # Group DRO (worst-group training): after each epoch, each (example group, label) cell's
    # weight is multiplied by exp(group_dro * its mean training loss that epoch), each label
    # keeping the same total, so the cells the model fits worst (Instagram testimonials, the
    # written scams of kinds no licensed source has) weigh more and no one source's wording
    # carries the model. 0 = off (docs/detection-en.md, "Source-robust training").
    group_dro: float = 3.0
    seed: int = 20261205


Cell = tuple[str, str]  # (example group, label): the unit group DRO weighs


def _cell(e: Example) -> Cell:
    return (source_group(e.source), e.label)


def dro_update(q: dict[Cell, float], loss: Mapping[Cell, Sequence[float]], eta: float) -> None:
    """Group DRO's exponentiated update (Sagawa et al. 2020): each cell's weight grows with its
    mean training loss of the epoch ((total, count) in `loss`); the cells of each label are
    then scaled to a mean weight of 1, so each label keeps the same total and the cells' own
    balance (`_example_weights`) is what the update tilts."""
    for cell in sorted(q):
        total, n = loss[cell]
        q[cell] *= math.exp(eta * total / max(n, 1.0))
    for label in ("scam", "benign"):
        mine = sorted(c for c in q if c[1] == label)
        mean = sum(q[c] for c in mine) / max(len(mine), 1)
        for c in mine:
            q[c] /= mean


def train(examples: Sequence[Example], config: TrainConfig | None = None) -> TextModel:
    """Logistic regression by AdaGrad in pure Python: the same examples give the same model."""
    cfg = config or TrainConfig()
    docs = [features(e.text) for e in examples]
    df: Counter[str] = Counter()
    sources: dict[str, set[str]] = {}
    for e, d in zip(examples, docs, strict=True):
        df.update(d.keys())
        if cfg.min_sources > 1:
            for f in d:
                sources.setdefault(f, set()).add(source_group(e.source))
    vocab = {
        f
        for f, n in df.items()
        if n >= cfg.min_df and (cfg.min_sources <= 1 or len(sources[f]) >= cfg.min_sources)
    }
    rows: list[tuple[list[str], float, float, Cell]] = []
    weight = _example_weights(examples, cfg.source_power, cfg.zh_weight)
    for e, d, sw in zip(examples, docs, weight, strict=True):
        fs = sorted(f for f in d if f in vocab)
        if fs:
            rows.append((fs, 1.0 if e.label == "scam" else 0.0, sw, _cell(e)))
    w: dict[str, float] = {}
    g2: dict[str, float] = {}
    bias, bias_g2 = 0.0, 1e-8
    rng = random.Random(cfg.seed)
    order = list(range(len(rows)))
    cells = sorted({r[3] for r in rows})  # sorted: the update's sums in one order, every run
    q = dict.fromkeys(cells, 1.0)
    for _ in range(cfg.epochs):
        rng.shuffle(order)
        loss = {c: [0.0, 0.0] for c in cells}
        for i in order:
            fs, y, sw, cell = rows[i]
            scale = 1.0 / math.sqrt(len(fs))
            z = bias + scale * sum(w.get(f, 0.0) for f in fs)
            p = _sigmoid(z)
            if cfg.group_dro:
                acc_loss = loss[cell]
                acc_loss[0] -= math.log(max(p if y else 1.0 - p, 1e-12))
                acc_loss[1] += 1.0
                sw *= q[cell]
            grad = (p - y) * sw
            bias_g2 += grad * grad
            bias -= cfg.rate * grad / math.sqrt(bias_g2)
            for f in fs:
                wf = w.get(f, 0.0)
                gf = grad * scale + cfg.l2 * wf
                acc = g2.get(f, 1e-8) + gf * gf
                g2[f] = acc
                w[f] = wf - cfg.rate * gf / math.sqrt(acc)
        if cfg.group_dro:
            dro_update(q, loss, cfg.group_dro)
    kept = {f: round(v, 4) for f, v in w.items() if abs(v) >= cfg.keep}
    meta: dict[str, object] = {
        "examples": len(examples),
        "scam": sum(e.label == "scam" for e in examples),
        "benign": sum(e.label == "benign" for e in examples),
        "digest": examples_digest(examples),
        "config": cfg.__dict__,
        "features": len(kept),
    }
    return TextModel(kept, round(bias, 4), meta)


# A source of a handful of examples (a deployment's first moderated ones) would otherwise weigh
# as much as one of thousands: each of its examples counts as at most this many average ones.
# The shipped example files stay below it (at most about 6), so it changes nothing there.
MAX_EXAMPLE_WEIGHT = 20.0


def _example_weights(
    examples: Sequence[Example], power: float = 0.0, zh_weight: float = 1.0
) -> list[float]:
    """Each label weighs the same in total, and within a label a source weighs its size to
    `power` (0: every source the same), so that a large source does not drown the others and
    the model learns what scams share rather than what one source sounds like. A text with a
    Chinese character then weighs `zh_weight` times as much (TrainConfig.zh_weight)."""
    groups: Counter[tuple[str, str]] = Counter((e.label, e.source) for e in examples)
    label_mass: dict[str, float] = {}
    for (label, _), n in groups.items():
        label_mass[label] = label_mass.get(label, 0.0) + n**power
    total = len(examples)
    out = []
    for e in examples:
        n = groups[(e.label, e.source)]
        share = n**power / label_mass[e.label] / 2.0  # this source's share of all weight
        w = min(share * total / n, MAX_EXAMPLE_WEIGHT)
        out.append(w * zh_weight if zh_weight != 1.0 and has_han(e.text) else w)
    return out


def retrain(folder: Path, out: Path = MODEL_PATH, config: TrainConfig | None = None) -> TextModel:
    model = train(load_examples(folder), config)
    out.write_text(model.to_json(), encoding="utf-8")
    shipped.cache_clear()
    return model


def scores(model: TextModel, texts: Iterable[str]) -> list[float]:
    return [model.score(t)[0] for t in texts]
