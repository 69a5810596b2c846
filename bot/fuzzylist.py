"""A feed's fuzzylist, used as MetaMask's eth-phishing-detect uses it.

eth-phishing-detect's `config.json` names, beside its blacklist and whitelist, a `fuzzylist` of
sites whose users are often phished and a `tolerance`: its detector passes a host on the
whitelist (or under it), fails one on the blacklist, and otherwise fails a host whose name
is at most `tolerance` Levenshtein edits from a fuzzylist entry's. The synced list is stored
with its feed (bot/store/feeds.py) and read here into the engine's index.

Two differences, both only ever leaving a match out:
- the host's registrable name is compared (the `myetherwa11et` of login.myetherwa11et.co.uk),
  where upstream drops only the last label and keeps subdomains, which turns `.co.uk` into
  `.co` (upstream issue 5409) and lets a subdomain hide the name;
- short names take fewer edits (`_edits_for`): four letters are two edits from hundreds of
  words (aave: cave, dave, save), as the brand lookalike check knows (bot/domains.py `_typo`).
Never on a host that is official for a brand, on the feed's whitelist, refused by the poisoning
guard (bot/guard.py: police and anti-scam sites, whole platforms) or already reported; a low
note only when the learned host model reads the name as ordinary (the veto of the brand
lookalike check: plain edit distance takes weather.com for leather.io, line.me for linea.build).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.domains import reads_ordinary
from bot.guard import Protected, refusal
from bot.indicators import Link, parse_link

if TYPE_CHECKING:
    from bot.domains import BrandIndex

DEFAULT_TOLERANCE = 4.5  # upstream detector's, when a config names none


def name_of(link: Link) -> str:
    """The registrable name without its ending: `myetherwallet` of www.myetherwallet.com,
    of myetherwallet.co.uk, and of myetherwallet.pages.dev (a private suffix is an ending)."""
    return link.registrable.split(".", 1)[0]


def _edits_for(name: str, tolerance: float) -> int:
    """Edits allowed from a watched name: the feed's tolerance, fewer for short names."""
    allowed = math.floor(tolerance)
    if len(name) <= 4:
        return 0  # the name itself, on another ending (metamask.com for metamask.io)
    if len(name) <= 6:
        return min(allowed, 1)
    return allowed


@dataclass(frozen=True, slots=True)
class Watched:
    """One feed's fuzzylist, grouped by the edits each name allows."""

    feed: str
    organisation: str  # attribution: "MetaMask eth-phishing-detect"
    watcher: str  # in the finding: "... which MetaMask's list watches for impersonation"
    # host name length -> (edits allowed, the names within that many edits by length alone):
    # a host name is compared with a fifth of a list of 200, not all of it
    by_length: dict[int, tuple[tuple[int, tuple[str, ...]], ...]]
    entries: dict[str, str]  # name -> the fuzzylist entry it came from
    whitelist: frozenset[str]

    @classmethod
    def build(cls, row: dict[str, Any]) -> Watched | None:
        """From a stored fuzzylist (bot/store/feeds.py); None if it can match nothing."""
        tolerance = float(row["tolerance"])
        entries: dict[str, str] = {}
        for entry in row["fuzzylist"]:
            link = parse_link(entry)
            if link is not None and not link.is_ip:
                entries.setdefault(name_of(link), link.host)
        if tolerance <= 0 or not entries:
            return None  # upstream matches nothing fuzzily unless the tolerance is above 0
        allowed = {name: _edits_for(name, tolerance) for name in entries}
        by_length = {}
        for size in range(1, max(map(len, entries)) + math.floor(tolerance) + 1):
            groups: dict[int, list[str]] = {}
            for name, edits in allowed.items():
                if abs(len(name) - size) <= edits:
                    groups.setdefault(edits, []).append(name)
            by_length[size] = tuple((k, tuple(v)) for k, v in sorted(groups.items()))
        return cls(row["name"], row["organisation"], row["watcher"], by_length, entries,
                   frozenset(row["whitelist"]))

    def closest(self, name: str) -> tuple[str, int] | None:
        """(watched name, edits) of the nearest watched name within its allowance."""
        best: tuple[str, int] | None = None
        for edits, names in self.by_length.get(len(name), ()):
            found = process.extractOne(name, names, scorer=Levenshtein.distance,
                                       score_cutoff=edits)
            if found is not None and (best is None or found[1] < best[1]):
                best = found[0], int(found[1])
        return best

    def allows(self, host: str) -> bool:
        """On the feed's whitelist, or under an entry of it (upstream's subdomain rule)."""
        parts = host.split(".")
        return any(".".join(parts[i:]) in self.whitelist for i in range(len(parts)))


@dataclass(frozen=True, slots=True)
class FuzzyMatch:
    watched: Watched
    entry: str  # the fuzzylist entry the host looks like
    edits: int
    # The learned host model reads the name as ordinary (weather.com beside leather.io): a low
    # note then, as the brand lookalike check's own weak hits (bot/domains.py _with_learned).
    ordinary: bool = False


@dataclass(frozen=True, slots=True)
class FuzzyWatch:
    """Every feed's fuzzylist, with the guard that keeps official sites out of it."""

    lists: tuple[Watched, ...]
    protected: Protected

    @classmethod
    def build(cls, rows: Iterable[dict[str, Any]], protected: Protected) -> FuzzyWatch | None:
        """None when no feed gave a usable fuzzylist: the check then costs nothing."""
        lists = tuple(w for row in rows if (w := Watched.build(row)) is not None)
        return cls(lists, protected) if lists else None

    def match(self, link: Link, brands: BrandIndex) -> FuzzyMatch | None:
        """The watched entry this host looks like, if any, and if nothing vouches for it."""
        if link.is_ip:
            return None
        name = name_of(link)
        found = [(w, m) for w in self.lists if (m := w.closest(name)) is not None]
        if not found:
            return None  # the common case: the guards below are only asked about matches
        host = link.host.removeprefix("www.")
        if brands.official_for(host) is not None or \
                refusal("domain", host, host, self.protected) is not None:
            return None
        found = [(w, m) for w, m in found if not w.allows(host)]
        if not found:
            return None
        watched, (watched_name, edits) = min(found, key=lambda f: f[1][1])
        return FuzzyMatch(watched, watched.entries[watched_name], edits, reads_ordinary(link))
