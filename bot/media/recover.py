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

from bot.chains import parse_address

# Which characters a recogniser may have read instead of the real one.
_CONFUSED: dict[str, str] = {
    "O": "0oQD",
    "o": "0O",
    "0": "oOD",
    "Q": "0O",
    "D": "0",
    "l": "1I",
    "I": "1l",
    "1": "lI",
    "i": "1l",
    "|": "1lI",
    "!": "1l",
    "S": "5s",
    "s": "5S",
    "5": "Ss",
    "B": "8",
    "8": "B",
    "Z": "2z",
    "z": "2Z",
    "2": "Zz",
    "G": "6",
    "é": "6",
    "g": "9q",
    "q": "9g",
}
for _lo in "cpuvwxkjy":  # letters whose capital looks the same, only bigger
    _CONFUSED[_lo] = _lo.upper()
    _CONFUSED[_lo.upper()] = _lo
_SPECKS = "é|!'`.,"  # marks a recogniser may insert between characters
MAX_READINGS = 4096  # readings tried per candidate: checksums are cheap, but bounded

# A candidate: something that starts like an address, possibly cut by spaces or line ends
# into up to five pieces. Lengths: EVM 42, Tron/BTC legacy 25-35, bech32 42 or 62.
_START = r"(?:0[xX]|[Tt]|[13]|[bB][cC]1)"
_PIECES = re.compile(
    rf"(?<![0-9A-Za-z]){_START}[0-9A-Za-z|!é]{{6,}}(?:[ \t]*\n?[ \t]*[0-9A-Za-z|!é]+){{0,4}}"
)
_TARGET_LENGTHS = {"0x": (42,), "T": (34,), "1": tuple(range(26, 35)), "3": (34,), "bc1": (42, 62)}


def recover_addresses(text: str) -> str:
    """The text with each noisy address replaced by its checksum-valid reading, if one exists."""
    out: list[str] = []
    last = 0
    for m in _PIECES.finditer(text):
        fixed = _recover(m.group(0))
        if fixed is None:
            continue
        reading, used = fixed
        out.append(text[last : m.start()])
        out.append(reading)
        last = m.start() + used
    out.append(text[last:])
    return "".join(out)


def _recover(run: str) -> tuple[str, int] | None:
    """(valid reading, characters of run it replaces), trying the longest join first."""
    pieces = list(re.finditer(r"\S+", run))
    for n in range(len(pieces), 0, -1):
        before = sum(len(p.group(0)) for p in pieces[: n - 1])
        joined = "".join(p.group(0) for p in pieces[:n])
        for length in _lengths(joined):
            # The reading must reach into the n-th piece: else a shorter join says the same.
            if not before < length <= len(joined):
                continue
            if (reading := _valid_reading(joined[:length])) is not None:
                return reading, pieces[n - 1].start() + (length - before)
            # A speck read as a character of its own ('é' before a 6): drop one and retry.
            for i, c in enumerate(joined[: length + 1]):
                if c in _SPECKS and length + 1 - before <= len(joined) - before:
                    shorter = joined[:i] + joined[i + 1 : length + 1]
                    if len(shorter) == length and (reading := _valid_reading(shorter)):
                        return reading, pieces[n - 1].start() + (length + 1 - before)
    return None


def _lengths(s: str) -> tuple[int, ...]:
    low = s.lower()
    if low.startswith("0x"):
        return _TARGET_LENGTHS["0x"]
    if low.startswith("bc1"):
        return _TARGET_LENGTHS["bc1"]
    return _TARGET_LENGTHS.get(s[:1].upper() if s[:1] in "Tt" else s[:1], ())


def _valid_reading(raw: str) -> str | None:
    """raw itself if valid, else the first confusable variant with a valid checksum."""
    if raw.lower().startswith("0x"):
        head, body = "0x", raw[2:]
    elif raw.lower().startswith("bc1"):
        head, body = "bc1", raw[3:].lower()
    else:
        head, body = raw[0].upper(), raw[1:]
    if _valid(head + body):
        return head + body
    positions = [i for i, c in enumerate(body) if c in _CONFUSED]
    options = [[body[i], *_CONFUSED[body[i]]] for i in positions]
    tried = 0
    # Fewer changes first: the reading closest to what was read is the likeliest.
    for changes in range(1, len(positions) + 1):
        for idx in itertools.combinations(range(len(positions)), changes):
            for choice in itertools.product(*(options[i][1:] for i in idx)):
                tried += 1
                if tried > MAX_READINGS:
                    return None
                chars = list(body)
                for i, c in zip(idx, choice, strict=True):
                    chars[positions[i]] = c
                candidate = head + "".join(chars)
                if _valid(candidate):
                    return candidate
    return None


def _valid(candidate: str) -> bool:
    if candidate.startswith("0x"):
        if not _HEX.fullmatch(candidate):
            return False
        if candidate[2:] in (candidate[2:].lower(), candidate[2:].upper()):
            return True  # EVM without a checksum: any hex reading is as good as another
    addr = parse_address(candidate)
    return addr is not None and addr.valid is True


_HEX = re.compile(r"0x[0-9a-fA-F]{40}")


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
