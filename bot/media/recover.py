"""Links and crypto addresses read back from recognised text despite recognition noise.

Text recognition splits long strings at line ends or inside (a space in an address), reads
0 as O, 1 as l or I, and guesses the case of look-alike letters (c/C, s/S, x/X). An address
carries a checksum, so among the readings such confusions allow, the one whose checksum holds
is almost surely what the picture shows; no valid reading leaves the text as it was read.
Pure functions: text in, text out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.chains import parse_address

# Which characters a recogniser may have read instead of the real one.
_CONFUSED: dict[str, str] = {
    "O": "0oQD9",
    "o": "0O",
    "0": "oOD",
    "Q": "0O",
    "D": "0O",
    "l": "1Ii",
    "I": "1li",
    "1": "lI",
    "i": "1l",
    "|": "1lI",
    "!": "1l",
    "S": "5s",
    "s": "5S",
    "5": "Ss",
    "B": "8",
    "8": "B",
    "b": "68",
    "6": "bG",
    "Z": "2z",
    "z": "2Z",
    "2": "Zz",
    "G": "6",
    "é": "6",
    "€": "e",
    "¢": "c",
    ")": "J",
    "]": "Jj",
    "g": "9q",
    "q": "9g",
    "9": "gq",
}
for _lo in "cpuvwxkjy":  # letters whose capital looks the same, only bigger
    _CONFUSED[_lo] = _CONFUSED.get(_lo, "") + _lo.upper()
    _CONFUSED[_lo.upper()] = _CONFUSED.get(_lo.upper(), "") + _lo
_SPECKS = "é|!'`.,€¢"  # marks a recogniser may insert between characters
_DROP_PENALTY = 2  # a character too many weighs as much as two confused ones

# What each kind of address may contain after its start: a character outside it was misread
# for certain, so only readings inside it are tried (a base58 address has no 0, O, I or l; a
# bech32 one no 1, b, i or o after "bc1"; an EVM one is hex).
_HEX = "0123456789abcdefABCDEF"
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


@dataclass(frozen=True)
class _Kind:
    head: str  # the start as it must be written
    alphabet: str  # what the rest may hold
    lengths: tuple[int, ...]  # whole lengths, start included
    fold: bool = False  # case-insensitive (bech32): read in lower case


_KINDS = {
    "0x": _Kind("0x", _HEX, (42,)),
    "T": _Kind("T", _BASE58, (34,)),
    "1": _Kind("1", _BASE58, tuple(range(26, 35))),
    "3": _Kind("3", _BASE58, (34,)),
    "bc1": _Kind("bc1", _BECH32, (42, 62), fold=True),
}
# Misread starts: 'Ox' or 'ox' for 0x; 'bcl', 'be1', 'bel', 'bcI', 'bce1', 'be1.' for bc1.
_BC1 = r"[bB][cCeE]{1,2}[1lIL|!][.,]?"
_HEADS = [
    (re.compile(r"[0Oo][xX]"), "0x"),
    (re.compile(_BC1), "bc1"),
    (re.compile(r"[Tt]"), "T"),
    (re.compile(r"[13]"), ""),  # the digit itself
]

# Checksums are cheap, but a picture full of address-like noise must not cost much: readings
# tried per address candidate, and per recognised text (one picture) in all.
MAX_READINGS_PER_ADDRESS = 512
MAX_READINGS_PER_TEXT = 4096

# A candidate: something that starts like an address (or like a misread start), possibly cut
# by spaces or line ends into up to five pieces. Lengths: EVM 42, Tron/BTC legacy 25-35,
# bech32 42 or 62.
_START = rf"(?:[0Oo][xX]|[Tt]|[13]|{_BC1})"
_CHAR = r"[0-9A-Za-z|!é€¢)\]]"  # what an address's characters may be read as
_PIECES = re.compile(rf"(?<![0-9A-Za-z]){_START}{_CHAR}{{6,}}(?:[ \t]*\n?[ \t]*{_CHAR}+){{0,4}}")


class Budget:
    """Readings left for the whole text and for the address being read; `spent` counts them."""

    def __init__(
        self, total: int = MAX_READINGS_PER_TEXT, per_address: int = MAX_READINGS_PER_ADDRESS
    ) -> None:
        self.total = total
        self.per_address = per_address
        self.address = 0
        self.spent = 0
        self.most_on_one = 0
        self._at_start = 0

    def start_address(self) -> None:
        self.address = min(self.per_address, self.total)
        self._at_start = self.spent

    def spend(self) -> bool:
        """False when nothing is left: stop trying."""
        if self.address <= 0:
            return False
        self.address -= 1
        self.total -= 1
        self.spent += 1
        self.most_on_one = max(self.most_on_one, self.spent - self._at_start)
        return True


def recover_addresses(text: str, budget: Budget | None = None) -> str:
    """The text with each noisy address replaced by its checksum-valid reading, if one exists."""
    budget = budget or Budget()
    out: list[str] = []
    last = 0
    for m in _PIECES.finditer(text):
        if budget.total <= 0:
            break
        budget.start_address()
        fixed = _recover(m.group(0), budget)
        if fixed is None:
            continue
        reading, used = fixed
        out.append(text[last : m.start()])
        out.append(reading)
        last = m.start() + used
    out.append(text[last:])
    return "".join(out)


def _kind_of(raw: str) -> tuple[_Kind, int] | None:
    """The kind of address raw starts like, and how many characters its start takes."""
    for pattern, head in _HEADS:
        if m := pattern.match(raw):
            return _KINDS[head or raw[0]], m.end()
    return None


def _variants(run: str, kind: _Kind, head_len: int) -> Iterator[tuple[str, int, int]]:
    """(what was read after the start, characters of run it takes, penalty) for one address:
    the longest join of the run's pieces first, each length the kind allows; then the same
    with one character too many dropped: a speck ('é' before a 6) costs nothing, another
    character (a stray 'l' or 'Z' the recogniser added) as much as two changes."""
    pieces = list(re.finditer(r"\S+", run))
    for n in range(len(pieces), 0, -1):
        before = sum(len(p.group(0)) for p in pieces[: n - 1])
        joined = "".join(p.group(0) for p in pieces[:n])
        end = pieces[n - 1].start() - before  # run offset = joined offset + end
        for length in kind.lengths:
            take = head_len + length - len(kind.head)
            # The reading must reach into the n-th piece: else a shorter join says the same.
            if before < take <= len(joined):
                yield joined[head_len:take], end + take, 0
            # Not for legacy bitcoin addresses: their 9 lengths already cover a character more.
            if before < take + 1 <= len(joined) and len(kind.lengths) <= 2:
                read = joined[head_len : take + 1]
                for i, c in enumerate(read):
                    penalty = 0 if c in _SPECKS else _DROP_PENALTY
                    yield read[:i] + read[i + 1 :], end + take + 1, penalty


def _recover(run: str, budget: Budget) -> tuple[str, int] | None:
    """(valid reading, characters of run it replaces), or None.

    Every way of cutting the run is tried with as few changes as possible before any is tried
    with more: a wrong cut must not use up the budget before the right one is reached.
    """
    found = _kind_of(run)
    if found is None:
        return None
    kind, head_len = found
    cuts: dict[tuple[str, int], int] = {}
    for body, used, penalty in _variants(run, kind, head_len):
        cuts[body, used] = min(penalty, cuts.get((body, used), penalty))
    # Highest penalty first within a round: its level there is the lowest, the cheapest.
    searches = sorted(
        ((penalty, _readings(kind, body, used)) for (body, used), penalty in cuts.items()),
        key=lambda s: -s[0],
    )
    for round_ in itertools.count():
        if not searches or budget.address <= 0:
            return None
        alive = []
        for penalty, search in searches:
            if penalty > round_:
                alive.append((penalty, search))
                continue
            try:
                level = next(search)
            except StopIteration:
                continue
            for candidate, used in level:
                if not budget.spend():
                    return None
                if _valid(candidate):
                    return candidate, used
            alive.append((penalty, search))
        searches = alive
    return None


def _readings(kind: _Kind, body: str, used: int) -> Iterator[Iterator[tuple[str, int]]]:
    """Readings of one cut, in groups by the number of changes beyond the forced ones:
    characters outside the kind's alphabet are always replaced (by what they are confused
    with, within it); others are changed one more at a time, nearest to what was read first."""
    forced: list[tuple[int, list[str]]] = []
    optional: list[tuple[int, list[str]]] = []
    for i, c in enumerate(body):
        seen = _CONFUSED.get(c, "")
        if kind.fold:  # bech32: what the character was confused with, as read and in lower case
            seen = (seen + _CONFUSED.get(c.lower(), "")).lower().replace(c.lower(), "")
            c = c.lower()
        others = [o for o in dict.fromkeys(seen) if o in kind.alphabet]
        if c not in kind.alphabet:
            if not others:
                return  # nothing it could have been: no reading of this cut
            forced.append((i, others))
        elif others:
            optional.append((i, others))
    read = body.lower() if kind.fold else body
    for changes in range(len(optional) + 1):
        yield _level(kind.head, read, used, forced, optional, changes)


def _level(
    head: str,
    body: str,
    used: int,
    forced: list[tuple[int, list[str]]],
    optional: list[tuple[int, list[str]]],
    changes: int,
) -> Iterator[tuple[str, int]]:
    """The readings with exactly `changes` optional changes (lazily: the budget stops it)."""
    for picked in itertools.combinations(optional, changes):
        slots = forced + list(picked)
        for choice in itertools.product(*(options for _, options in slots)):
            chars = list(body)
            for (i, _), c in zip(slots, choice, strict=True):
                chars[i] = c
            yield head + "".join(chars), used


def _valid(candidate: str) -> bool:
    body = candidate[2:]
    if candidate.startswith("0x") and body in (body.lower(), body.upper()):
        return True  # EVM without a checksum: any hex reading is as good as another
    addr = parse_address(candidate)
    return addr is not None and addr.valid is True


_SPLIT_SCHEME = re.compile(r"\b(https?)\s*:\s*/\s*/\s*", re.I)
_TLDS = "com|net|org|io|top|xyz|app|cc|vip|info|co|me|site|online|link|live|pro|club|shop"
_SPLIT_DOT = re.compile(
    rf"(?<=[a-z0-9-])(?: ?\. ?|,)(?=(?:{_TLDS})\b)",  # a comma only when nothing follows it
    re.I,
)


def recover_links(text: str) -> str:
    """Rejoins links the recogniser split: 'https: //', 'verify .top', a comma for a dot."""
    text = _SPLIT_SCHEME.sub(lambda m: m.group(1).lower() + "://", text)
    return _SPLIT_DOT.sub(".", text)


def recover(text: str) -> str:
    """Recognised text with its links and addresses read back as well as they can be."""
    return recover_addresses(recover_links(text))
