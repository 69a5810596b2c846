"""Scam phrases: normalisation and a fuzzy phrase index.

Scanning every phrase against every message is too slow for a large knowledge base, so the
index keeps, for each phrase, its rarest tokens as anchors (words, or character pairs in
Chinese). A message only pays rapidfuzz for the phrases whose anchors it contains: one anchor
for phrases of one or two tokens, two of the four rarest for longer ones. Two of four still
find a phrase with a typo in two of its words, or in one Chinese character (which breaks the
two character pairs it belongs to), while common words alone (usdt, wallet, 平台) no longer
send hundreds of phrases to rapidfuzz on a large knowledge base.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

import opencc
from rapidfuzz import fuzz

from bot.indicators import clean_text

_T2S = opencc.OpenCC("t2s")  # fold Traditional and Simplified to one form before matching
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[a-z0-9@$]+|[{_CJK}]+")
_SEPARATORS = re.compile(rf"[^a-z0-9@${_CJK}£€¥%]+")
_WORD = re.compile(r"[a-z0-9@$]+")  # linear: every token once, then decided per token
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "be",
        "you",
        "your",
        "we",
        "our",
        "i",
        "my",
        "me",
        "it",
        "this",
        "that",
        "with",
        "at",
        "by",
        "from",
        "as",
        "now",
        "just",
        "can",
        "will",
        "all",
        "not",
        "no",
        "yes",
        "do",
        "get",
        "has",
        "have",
        "has",
        "was",
    ]
)
MAX_CANDIDATES = 400  # a pathological message must not cost a scan of the whole phrase list
ANCHORS = 4  # rarest tokens kept per phrase


def _unleet(token: str) -> str:
    """'s33d' -> 'seed', but leaves numbers ('24', '100%') alone."""
    if token.isalpha() or token.isdigit() or not any(c.isalpha() for c in token):
        return token
    return token.translate(_LEET)


@lru_cache(maxsize=8192)
def _fold_cjk(text: str) -> str:
    return _T2S.convert(text)


def normalize(text: str) -> str:
    """The form phrases and messages are compared in: NFKC, case, spacing, leet, script."""
    s = clean_text(text).casefold()
    if re.search(f"[{_CJK}]", s):
        s = _T2S.convert(s)
    s = _WORD.sub(lambda m: _unleet(m.group(0)), s)
    return _SEPARATORS.sub(" ", s).strip()


def tokens(normalized: str) -> set[str]:
    """Words, and character pairs of Chinese runs, of a normalised text."""
    out: set[str] = set()
    for tok in _TOKEN.findall(normalized):
        if tok[0] >= "\u3400":
            out.update(tok[i : i + 2] for i in range(len(tok) - 1)) if len(tok) > 1 else out.add(
                tok
            )
        elif tok not in STOPWORDS:
            out.add(tok)
    return out


@dataclass(frozen=True, slots=True)
class IndexedPhrase:
    text: str  # as written in the knowledge base
    norm: str
    category: str
    weight: float
    lang: str
    cutoff: float


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    phrase: IndexedPhrase
    score: float  # 0-100 similarity
    start: int
    end: int
    matched: str


def _cutoff(norm: str) -> float:
    """Short phrases must match exactly; long ones may carry a typo or two."""
    cjk = bool(re.search(f"[{_CJK}]", norm))
    n = len(norm)
    if (cjk and n <= 4) or (not cjk and n < 10):
        return 100.0
    return 85.0 if cjk else (88.0 if n < 20 else 85.0)


@dataclass
class PhraseIndex:
    phrases: list[IndexedPhrase] = field(default_factory=list)
    # anchor token -> phrases found by that token alone (phrases of one or two tokens)
    anchors: dict[str, list[int]] = field(default_factory=dict)
    # anchor token -> phrases that need two of their (up to four) anchors in the message
    paired: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, items: list[tuple[str, str, float, str]]) -> PhraseIndex:
        """Builds the index from (text, category, weight, lang) tuples."""
        idx = cls()
        toks: list[set[str]] = []
        df: Counter[str] = Counter()
        for text, category, weight, lang in items:
            norm = normalize(text)
            if not norm:
                continue
            idx.phrases.append(IndexedPhrase(text, norm, category, weight, lang, _cutoff(norm)))
            t = tokens(norm) or {norm}
            toks.append(t)
            df.update(t)
        single: dict[str, list[int]] = defaultdict(list)
        paired: dict[str, list[int]] = defaultdict(list)
        for i, t in enumerate(toks):
            rarest = sorted(t, key=lambda x: (df[x], -len(x), x))[:ANCHORS]
            postings = single if len(rarest) <= 2 else paired
            for anchor in rarest:
                postings[anchor].append(i)
        idx.anchors = dict(single)
        idx.paired = dict(paired)
        return idx

    def candidates(self, normalized: str) -> list[int]:
        """Phrases worth a fuzzy comparison, in index order; at most MAX_CANDIDATES of them,
        those with the most anchors in the message first."""
        found: set[int] = set()
        pairs: list[list[int]] = []
        for tok in tokens(normalized):
            if (hits := self.anchors.get(tok)) is not None:
                found.update(hits)
            if (hits := self.paired.get(tok)) is not None:
                pairs.append(hits)
        if pairs:
            counts = Counter(chain.from_iterable(pairs))
            found.update(i for i, n in counts.items() if n >= 2)
            if len(found) > MAX_CANDIDATES:
                ranked = sorted(found, key=lambda i: (-counts.get(i, 2), i))
                return sorted(ranked[:MAX_CANDIDATES])
        elif len(found) > MAX_CANDIDATES:
            return sorted(found)[:MAX_CANDIDATES]
        return sorted(found)

    def match(self, text: str) -> list[PhraseMatch]:
        """Every phrase found in text, fuzzily, with where it matched."""
        norm = normalize(text)
        if not norm:
            return []
        found = []
        for i in self.candidates(norm):
            p = self.phrases[i]
            if p.cutoff >= 100:
                pos = _find_word(norm, p.norm)
                if pos >= 0:
                    found.append(PhraseMatch(p, 100.0, pos, pos + len(p.norm), p.norm))
                continue
            al = fuzz.partial_ratio_alignment(p.norm, norm, score_cutoff=p.cutoff)
            if al is not None:
                found.append(
                    PhraseMatch(
                        p, al.score, al.dest_start, al.dest_end, norm[al.dest_start : al.dest_end]
                    )
                )
        return found


def _find_word(haystack: str, needle: str) -> int:
    """Exact occurrence on word boundaries (any position for Chinese)."""
    start = 0
    while (pos := haystack.find(needle, start)) >= 0:
        end = pos + len(needle)
        cjk = needle[0] >= "\u3400"
        left_ok = cjk or pos == 0 or haystack[pos - 1] == " "
        right_ok = cjk or end == len(haystack) or haystack[end] == " "
        if left_ok and right_ok:
            return pos
        start = pos + 1
    return -1


def naive_match(phrases: list[IndexedPhrase], text: str) -> list[PhraseMatch]:
    """The baseline the index is measured against: rapidfuzz on every phrase."""
    norm = normalize(text)
    found = []
    for p in phrases:
        al = fuzz.partial_ratio_alignment(p.norm, norm, score_cutoff=min(p.cutoff, 99.9))
        if al is not None:
            found.append(
                PhraseMatch(
                    p, al.score, al.dest_start, al.dest_end, norm[al.dest_start : al.dest_end]
                )
            )
    return found
