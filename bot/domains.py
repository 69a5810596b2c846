"""Domains and handles: official, lookalike, homograph, brand words on hosts it does not own.

Pure functions over a `BrandIndex` built once from the knowledge base. Each result explains
itself in plain words ("imitates binance.com: one letter changed").
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import confusable_homoglyphs
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from bot.indicators import ICANN, Link
from bot.knowledge import Brand


def _confusable_map() -> dict[int, str]:
    path = os.path.join(os.path.dirname(confusable_homoglyphs.__file__), "confusables.json")
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    table: dict[int, str] = {}
    for ch, entries in data.items():
        if len(ch) != 1 or ch.isascii():
            continue
        for entry in entries:
            c = entry["c"]
            if len(c) == 1 and c.isascii() and c.isalnum():
                table[ord(ch)] = c.lower()
                break
    return table


_CONFUSABLE = _confusable_map()
# Digits and letter pairs that read as letters in a host name; applied to brand and host alike.
_LEET = str.maketrans({"0": "o", "1": "l", "3": "e", "5": "s", "@": "a", "$": "s", "|": "l"})
_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("nn", "m"))
_DATA = Path(__file__).parent / "data"


def _vocab(name: str) -> frozenset[str]:
    """A word list from bot/data/: whitespace-separated, # starts a comment."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return frozenset(w.lower() for line in text.splitlines()
                     for w in line.split("#", 1)[0].split())


SHORTENERS = _vocab("shorteners.txt")
BAIT_WORDS = _vocab("bait_words.txt")
STRONG_BAIT = _vocab("strong_bait_words.txt")
RISKY_TLDS = _vocab("risky_tlds.txt")
FREE_HOSTING = _vocab("free_hosting.txt")
HANDLE_BAIT = _vocab("handle_bait_words.txt")
_BAIT_BY_LENGTH = sorted((w for w in BAIT_WORDS if len(w) >= 3), key=len, reverse=True)
_NEUTRAL = sorted(_vocab("host_words.txt") - BAIT_WORDS, key=len, reverse=True)


def skeleton(label: str) -> str:
    """A lower-case ASCII skeleton under which lookalike spellings collapse together."""
    s = unicodedata.normalize("NFKC", label).lower().translate(_CONFUSABLE)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = s.translate(_LEET)
    for a, b in _PAIRS:
        s = s.replace(a, b)
    return s


def _scripts(label: str) -> set[str]:
    names = set()
    for c in label:
        if c.isalpha():
            name = unicodedata.name(c, "")
            names.add(name.split(" ")[0] if name else "?")
    return names


@dataclass(frozen=True, slots=True)
class Hit:
    """One thing noticed about a host or handle."""

    type: str
    severity: str
    detail: str
    params: dict[str, str] = field(default_factory=dict)
    brand: str | None = None


@dataclass
class BrandIndex:
    """Official domains and handles, and the skeletons of brand names, for fast checks."""

    official_domains: dict[str, str] = field(default_factory=dict)  # registrable -> brand name
    official_handles: dict[str, str] = field(default_factory=dict)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # skeleton -> (name, domain)
    keywords: dict[str, tuple[str, str]] = field(default_factory=dict)  # word -> (name, domain)

    @classmethod
    def build(cls, brands: list[Brand]) -> BrandIndex:
        idx = cls()
        for b in brands:
            main = b.domains[0]
            for d in b.domains:
                idx.official_domains[d] = b.name
                label = _label_of(d)
                if len(label) >= 3:
                    idx.labels.setdefault(skeleton(label), (b.name, d))
            for h in b.handles:
                idx.official_handles[h] = b.name
            for k in b.keywords:
                idx.keywords.setdefault(skeleton(k), (b.name, main))
        return idx

    def official_for(self, host: str) -> str | None:
        """The brand that owns this host, checking every parent domain."""
        parts = host.split(".")
        for i in range(len(parts) - 1):
            if (name := self.official_domains.get(".".join(parts[i:]))) is not None:
                return name
        return None


@lru_cache(maxsize=4096)
def _label_of(registrable: str) -> str:
    suffix = ICANN.publicsuffix(registrable) or ""
    return registrable[: -len(suffix) - 1] if suffix and registrable != suffix else registrable


def _edit_hit(label: str, skel: str, idx: BrandIndex) -> Hit | None:
    """A registrable name that is a brand's, respelt: look-alike characters or an edit or two."""
    if skel in idx.labels:
        name, domain = idx.labels[skel]
        if label == _label_of(domain):
            return Hit("brand_in_host", "high", f"uses the name {name} under another ending than"
                       f" its official site {domain}", {"brand": name, "domain": domain}, name)
        how = ("look-alike letters from another alphabet" if not label.isascii()
               else "letters swapped for look-alike characters")
        return Hit("homograph", "high", f"imitates {domain} with {how}", {"domain": domain},
                   name)
    for bskel, (name, domain) in idx.labels.items():
        if _near(skel, bskel):
            return Hit("lookalike", "high", f"imitates {domain}: one or two letters changed",
                       {"domain": domain, "edits": "1"}, name)
    return None


def _near(s: str, brand: str) -> bool:
    """s is brand with a typo: the longer the name, the more edits still read as the brand.

    Short names collide with ordinary words (bing/bingx, fandom/fantom), so five- and
    six-letter names count only swapped neighbours (1nich/1inch)."""
    n = len(brand)
    if n < 5 or abs(len(s) - n) > (2 if n >= 12 else 1):
        return False
    if n <= 6:
        return len(s) == n and sorted(s) == sorted(brand) and \
            OSA.distance(s, brand, score_cutoff=1) <= 1
    return OSA.distance(s, brand, score_cutoff=2 if n >= 12 else 1) <= (2 if n >= 12 else 1)


_SPLIT = re.compile(r"[.\-_]+")


def _keyword_hit(host_labels: str, idx: BrandIndex) -> Hit | None:
    """A brand's name, or a near-miss spelling of it, among the labels of a host."""
    tokens = [t for t in _SPLIT.split(skeleton(host_labels)) if t]
    for tok in tokens:
        for kw, (name, domain) in idx.keywords.items():
            if tok == kw or (len(kw) >= 5 and kw in tok and _only_bait(tok.replace(kw, " ", 1))):
                return Hit("brand_in_host", "high",
                           f"uses the name {name} on a site {name} does not own"
                           f" (official: {domain})", {"brand": name, "domain": domain}, name)
            if _misspells(tok, kw):
                return Hit("lookalike", "high", f"imitates {domain}: a misspelling of {name}",
                           {"domain": domain, "edits": "1"}, name)
    return None


def _misspells(tok: str, kw: str) -> bool:
    """tok is kw with a typo, alone or run together with bait words (metamsk-login)."""
    if len(kw) < 7 or len(tok) < 7 or tok == kw:
        return False
    if _near(tok, kw) or (len(kw) >= 10 and fuzz.ratio(tok, kw) >= 88):
        return True
    if len(kw) >= 8 and len(kw) + 3 <= len(tok) <= len(kw) + 14:
        al = fuzz.partial_ratio_alignment(kw, tok, score_cutoff=90)
        if al is not None and (rest := tok[: al.dest_start] + " " + tok[al.dest_end :]).strip():
            return _only_bait(rest, strict=True)
    return False


def _only_bait(rest: str, strict: bool = False) -> bool:
    """Whatever is left of a host label once the brand is taken out is only bait words."""
    words = [w for w in re.split(r"[\s\d]+", rest) if w]
    if strict:
        return bool(words) and all(w in BAIT_WORDS or _splits_into_bait(w) for w in words)
    return all(len(w) <= 1 or _splits_into_bait(w) for w in words)


@lru_cache(maxsize=8192)
def _splits_into_bait(word: str) -> bool:
    if not word or word in BAIT_WORDS:
        return True
    return any(word.startswith(b) and _splits_into_bait(word[len(b):]) for b in _BAIT_BY_LENGTH)


@lru_cache(maxsize=8192)
def bait_segments(label: str) -> tuple[str, ...]:
    """Bait words in a label, reading it as the words that cover the most letters.

    Ordinary host words compete for the letters, so an innocent compound reads as such
    ("cardapp" is card+app, not a "dapp"); only bait words are returned."""
    # best[i]: (letters covered, -words used, bait words) for label[i:]
    best: list[tuple[int, int, tuple[str, ...]]] = [(0, 0, ())] * (len(label) + 1)
    for i in range(len(label) - 1, -1, -1):
        options = [best[i + 1]]
        for vocab, is_bait in ((_BAIT_BY_LENGTH, True), (_NEUTRAL, False)):
            for w in vocab:
                if label.startswith(w, i):
                    cov, neg, words = best[i + len(w)]
                    options.append((cov + len(w), neg - 1, (w, *words) if is_bait else words))
        best[i] = max(options, key=lambda o: (o[0], o[1], len(o[2])))
    return best[0][2]


def check_link(link: Link, idx: BrandIndex) -> list[Hit]:
    """Everything a host and its path suggest, best evidence first."""
    if link.is_ip:
        return [Hit("risky_host", "medium", "links to a raw IP address instead of a named site",
                    {"host": link.host})]
    if link.userinfo:
        return [Hit("risky_host", "high", f"shows '{link.userinfo}' before an @ but really"
                    f" leads to {link.host}", {"shown": link.userinfo, "host": link.host})]
    if (name := idx.official_for(link.host)) is not None:
        return [Hit("official", "info", f"an official site of {name}", {"brand": name}, name)]
    hits: list[Hit] = []
    if link.icann_registrable in SHORTENERS and link.path.strip("/"):
        # Adverts use short links too: explained, but not enough to raise the risk alone.
        hits.append(Hit("risky_host", "low", f"a short link ({link.icann_registrable}) that"
                        " hides where it leads", {"host": link.icann_registrable}))
    uni_label = _label_of(_unicode_registrable(link))
    if (hit := _edit_hit(uni_label, skeleton(uni_label), idx)) is not None:
        return [hit, *hits]
    subdomain = link.host_unicode[: -len(_unicode_registrable(link))].strip(".")
    if hit := _keyword_hit(f"{subdomain}.{uni_label}" if subdomain else uni_label, idx):
        return [hit, *hits]
    scripts = _scripts(uni_label) - {"CJK", "HIRAGANA", "KATAKANA", "HANGUL"}
    if not uni_label.isascii() and len(scripts) > 1:
        hits.append(Hit("homograph", "medium", "mixes letters of different alphabets in one name",
                        {"host": link.host_unicode}))
    if not hits and (hit := _bait_hit(link, subdomain, uni_label)) is not None:
        hits.append(hit)
    return hits


def _bait_hit(link: Link, subdomain: str, label: str) -> Hit | None:
    """Bait words on hosting anyone can use, or run together: a throwaway phishing site."""
    words = [t for t in _SPLIT.split(skeleton(f"{subdomain}.{label}")) if t]
    segments = [seg for w in words for seg in bait_segments(w)]
    if not segments:
        return None
    strong = [w for w in segments if w in STRONG_BAIT]
    hosted = link.icann_registrable in FREE_HOSTING or link.registrable != link.icann_registrable
    tld = link.host.rsplit(".", 1)[-1]
    letters = sum(len(w) for w in words)
    coverage = sum(len(w) for w in segments) / max(letters, 1)
    if (hosted or tld in RISKY_TLDS) and (strong or coverage >= 0.8):
        where = f"free hosting ({link.icann_registrable})" if hosted else f"a .{tld} site"
    elif strong and len(set(segments)) >= 2 and coverage >= 0.6:
        where = "a site"
    else:
        return None
    word = (strong or segments)[0]
    return Hit("risky_host", "medium", f"{where} named for '{word}', a common phishing bait",
               {"host": link.host, "word": word})


def _unicode_registrable(link: Link) -> str:
    labels = link.registrable.count(".") + 1
    return ".".join(link.host_unicode.split(".")[-labels:])


def check_handle(handle: str, idx: BrandIndex) -> Hit | None:
    """An @handle that is official, or that poses as a brand's staff (binance_support_desk).

    A brand's name alone in a handle proves nothing (fans, founders, regional accounts);
    the brand next to a staff word (support, help, admin) is the impersonation pattern."""
    h = handle.lower().lstrip("@")
    if h in idx.official_handles:
        name = idx.official_handles[h]
        return Hit("official", "info", f"an official account of {name}", {"brand": name}, name)
    flat = skeleton(h).replace("_", "")
    for kw, (brand, _domain) in idx.keywords.items():
        pos = flat.find(kw)
        if pos < 0:
            continue
        rest = (flat[:pos] + " " + flat[pos + len(kw):]).strip()
        if rest and _staff_words(rest):
            return Hit("impersonation", "high", f"@{h} poses as {brand} staff but is not one of"
                       " its official accounts", {"brand": brand, "handle": h}, brand)
    return None


def _staff_words(rest: str) -> bool:
    words = [w for w in re.split(r"[\s\d]+", rest) if w]
    return bool(words) and all(_splits_into(w, HANDLE_BAIT) for w in words)


@lru_cache(maxsize=4096)
def _splits_into(word: str, vocab: frozenset[str]) -> bool:
    if not word:
        return True
    return any(word.startswith(v) and _splits_into(word[len(v):], vocab) for v in vocab)


def check_sender_name(name: str, idx: BrandIndex) -> Hit | None:
    """A forwarded sender's display name that claims a brand (e.g. 'Binance Support')."""
    words = [w for w in re.split(r"[\s\W_]+", skeleton(name)) if w]
    for kw, (brand, _domain) in idx.keywords.items():
        if kw in words or any(
            len(kw) >= 6 and OSA.distance(w, kw, score_cutoff=1) <= 1 for w in words
        ):
            return Hit(
                "impersonation",
                "high",
                f"the sender calls itself '{name}' but is not an official {brand} account",
                {"brand": brand, "name": name},
                brand,
            )
    return None
