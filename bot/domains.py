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

import confusable_homoglyphs
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

SHORTENERS = frozenset(
    [
        "bit.ly",
        "tinyurl.com",
        "t.co",
        "goo.gl",
        "ow.ly",
        "is.gd",
        "buff.ly",
        "cutt.ly",
        "rebrand.ly",
        "shorturl.at",
        "tiny.cc",
        "rb.gy",
        "s.id",
        "t.ly",
        "v.gd",
        "lnkd.in",
        "bl.ink",
        "short.io",
        "shorturl.asia",
        "reurl.cc",
        "ppt.cc",
        "lihi.cc",
        "lihi1.com",
        "bit.do",
        "qr.io",
        "urlz.fr",
        "0rz.tw",
        "pse.is",
        "s.yam.com",
        "tinyurl.hu",
        "bitly.com",
        "soo.gd",
        "clck.ru",
        "u.to",
    ]
)
# Words that phishing hosts pair with a brand or with nothing at all: they name the bait.
BAIT_WORDS = frozenset(
    [
        "verify",
        "verification",
        "secure",
        "security",
        "support",
        "help",
        "helpdesk",
        "service",
        "services",
        "login",
        "signin",
        "auth",
        "account",
        "accounts",
        "wallet",
        "wallets",
        "claim",
        "claims",
        "airdrop",
        "airdrops",
        "drop",
        "bonus",
        "reward",
        "rewards",
        "giveaway",
        "gift",
        "connect",
        "connects",
        "sync",
        "validate",
        "validation",
        "restore",
        "recovery",
        "recover",
        "rectify",
        "unlock",
        "unblock",
        "migrate",
        "migration",
        "upgrade",
        "update",
        "kyc",
        "official",
        "app",
        "apps",
        "web",
        "online",
        "portal",
        "dapp",
        "dapps",
        "defi",
        "stake",
        "staking",
        "mint",
        "nft",
        "bridge",
        "swap",
        "presale",
        "whitelist",
        "event",
        "promo",
        "refund",
        "payout",
        "withdraw",
        "withdrawal",
        "node",
        "nodes",
        "protocol",
        "network",
        "fix",
        "fixes",
        "chat",
        "desk",
        "center",
        "centre",
        "live",
        "team",
        "assist",
        "ticket",
        "tickets",
        "case",
        "appeal",
        "verify-now",
    ]
)
CHEAP_TLDS = frozenset(
    [
        "top",
        "xyz",
        "icu",
        "cc",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
        "buzz",
        "monster",
        "cyou",
        "cfd",
        "sbs",
        "click",
        "link",
        "live",
        "online",
        "site",
        "website",
        "store",
        "shop",
        "fun",
        "space",
        "pw",
        "rest",
        "bond",
        "lat",
        "quest",
        "gay",
        "host",
        "fit",
        "work",
        "support",
        "help",
        "services",
        "network",
        "app",
        "digital",
        "finance",
        "claims",
        "gift",
        "bar",
    ]
)


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
    if skel in idx.labels:
        name, domain = idx.labels[skel]
        if not label.isascii():
            return Hit(
                "homograph",
                "high",
                f"imitates {domain} with look-alike letters from another alphabet",
                {"domain": domain},
                name,
            )
        return Hit(
            "homograph",
            "high",
            f"imitates {domain}: letters swapped for look-alike characters",
            {"domain": domain},
            name,
        )
    for bskel, (name, domain) in idx.labels.items():
        if abs(len(bskel) - len(skel)) > 2 or len(bskel) < 5:
            continue
        limit = 1 if len(bskel) < 9 else 2
        dist = OSA.distance(skel, bskel, score_cutoff=limit)
        if dist <= limit:
            how = "one letter changed" if dist == 1 else f"{dist} letters changed"
            return Hit(
                "lookalike",
                "high",
                f"imitates {domain}: {how}",
                {"domain": domain, "edits": str(dist)},
                name,
            )
    return None


_SPLIT = re.compile(r"[.\-_]+")


def _keyword_hit(host_labels: str, idx: BrandIndex) -> Hit | None:
    tokens = [t for t in _SPLIT.split(skeleton(host_labels)) if t]
    for tok in tokens:
        for kw, (name, domain) in idx.keywords.items():
            if tok == kw or (len(kw) >= 5 and kw in tok and _only_bait(tok.replace(kw, " ", 1))):
                return Hit(
                    "brand_in_host",
                    "high",
                    f"uses the name {name} on a site {name} does not own (official: {domain})",
                    {"brand": name, "domain": domain},
                    name,
                )
            if len(kw) >= 6 and len(tok) >= 6 and OSA.distance(tok, kw, score_cutoff=1) <= 1:
                return Hit(
                    "lookalike",
                    "high",
                    f"imitates {domain}: a misspelling of {name}",
                    {"domain": domain, "edits": "1"},
                    name,
                )
    return None


def _only_bait(rest: str) -> bool:
    words = [w for w in re.split(r"[\s\d]+", rest) if w]
    return all(w in BAIT_WORDS or _splits_into_bait(w) for w in words)


@lru_cache(maxsize=4096)
def _splits_into_bait(word: str) -> bool:
    if not word:
        return True
    return any(
        word.startswith(b) and _splits_into_bait(word[len(b) :]) for b in BAIT_WORDS if len(b) >= 2
    )


def check_link(link: Link, idx: BrandIndex) -> list[Hit]:
    """Everything a host and its path suggest, best evidence first."""
    if link.is_ip:
        return [
            Hit(
                "risky_host",
                "medium",
                "links to a raw IP address instead of a named site",
                {"host": link.host},
            )
        ]
    if link.userinfo:
        return [
            Hit(
                "risky_host",
                "high",
                f"shows '{link.userinfo}' before an @ but really leads to {link.host}",
                {"shown": link.userinfo, "host": link.host},
            )
        ]
    if (name := idx.official_for(link.host)) is not None:
        return [Hit("official", "info", f"an official site of {name}", {"brand": name}, name)]
    hits: list[Hit] = []
    if link.icann_registrable in SHORTENERS and link.path.strip("/"):
        hits.append(
            Hit(
                "risky_host",
                "medium",
                f"a short link ({link.icann_registrable}) that hides where it leads",
                {"host": link.icann_registrable},
            )
        )
    uni_label = _label_of(_unicode_registrable(link))
    skel = skeleton(uni_label)
    if (hit := _edit_hit(uni_label, skel, idx)) is not None:
        return [hit, *hits]
    subdomain = link.host_unicode[: -len(_unicode_registrable(link))].strip(".")
    if hit := _keyword_hit(f"{subdomain}.{uni_label}" if subdomain else uni_label, idx):
        return [hit, *hits]
    if (
        not uni_label.isascii()
        and len(_scripts(uni_label) - {"CJK", "HIRAGANA", "KATAKANA", "HANGUL"}) > 1
    ):
        hits.append(
            Hit(
                "homograph",
                "medium",
                "mixes letters of different alphabets in one name",
                {"host": link.host_unicode},
            )
        )
    if not hits and (hit := _bait_hit(link, subdomain, uni_label)) is not None:
        hits.append(hit)
    return hits


def _bait_hit(link: Link, subdomain: str, label: str) -> Hit | None:
    """Bait words on hosting anyone can use: the shape of a throwaway phishing site."""
    tokens = {t for t in _SPLIT.split(skeleton(f"{subdomain}.{label}")) if t}
    bait = sorted(t for t in tokens if t in BAIT_WORDS)
    free_hosting = link.registrable != link.icann_registrable
    tld = link.host.rsplit(".", 1)[-1]
    if bait and (free_hosting or tld in CHEAP_TLDS):
        where = f"free hosting ({link.icann_registrable})" if free_hosting else f"a .{tld} site"
        return Hit(
            "risky_host",
            "medium",
            f"{where} named for '{bait[0]}', a common phishing bait",
            {"host": link.host, "word": bait[0]},
        )
    return None


def _unicode_registrable(link: Link) -> str:
    labels = link.registrable.count(".") + 1
    return ".".join(link.host_unicode.split(".")[-labels:])


def check_handle(handle: str, idx: BrandIndex) -> Hit | None:
    """An @handle that is official, or that imitates a brand's (binance_support_bot)."""
    h = handle.lower().lstrip("@")
    if h in idx.official_handles:
        name = idx.official_handles[h]
        return Hit("official", "info", f"an official account of {name}", {"brand": name}, name)
    hit = _keyword_hit(h, idx)
    if hit is not None:
        return Hit(
            "impersonation",
            "high",
            f"@{h} uses the name {hit.brand} but is not one of its official accounts",
            {"brand": hit.brand or "", "handle": h},
            hit.brand,
        )
    return None


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
