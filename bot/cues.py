"""Structural cues: the shape of a scam message (premium short codes, 'send 1 get 2') as
opposed to its words. Reviewed regular expressions shipped with the package.

Speed: a cue may name literal strings (`any`) of which the text must hold at least one before
its regular expression runs (a substring test costs far less than a search, and most messages
hold none of them), and cues are searched in the lower-cased text without the slower
case-insensitive matching, so their regular expressions are written in lower case. A cue that
must see the case (`(?-i:FREE)`, shouting) is searched in the text as written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

_PATH = Path(__file__).parent / "data" / "cues.yaml"
MAX_SCAN = 20_000  # characters; the engine already cuts longer text
NEGATION_REACH = 40  # characters before a negatable cue looked at for a negation
_NEGATION = re.compile(
    r"\b(?:never|not|nobody|no\s+one|cannot|can'?t|don'?t|doesn'?t|won'?t|shouldn'?t)\b"
)


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    category: str
    weight: float
    pattern: re.Pattern[str]  # case-insensitive, for the text as written
    explain: str
    explain_zh: str
    any: tuple[str, ...] = ()  # literal prefilter, lower case; empty: always searched
    lowered: re.Pattern[str] | None = None  # the same for lower-cased text; None: needs case
    negatable: bool = False  # a negation just before it makes it advice ("never send ...")
    # a quick regular expression the lower-cased text must also match (`\d{9}`): for cues
    # whose keywords are common but whose other half (a long number) is rare
    needs: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class CueMatch:
    cue: Cue
    start: int
    end: int
    text: str


def load_cues(path: Path = _PATH) -> list[Cue]:
    """The shipped cue list, compiled once."""
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return [
        Cue(
            c["id"],
            c["category"],
            float(c["weight"]),
            re.compile(c["regex"], re.IGNORECASE),
            c["explain"],
            c["explain_zh"],
            tuple(str(s).lower() for s in c.get("any", ())),
            None if "(?-i:" in c["regex"] else re.compile(c["regex"]),
            bool(c.get("negatable", False)),
            re.compile(c["needs"]) if "needs" in c else None,
        )
        for c in data["cues"]
    ]


CUES = load_cues()


def find_cues(text: str, cues: list[Cue] = CUES) -> list[CueMatch]:
    """The first occurrence of each cue in text."""
    text = text[:MAX_SCAN]
    lower = text.lower()
    same = len(lower) == len(text)  # lower-casing kept every position (it nearly always does)
    found = []
    for cue in cues:
        if cue.any and not any(s in lower for s in cue.any):
            continue
        if cue.needs is not None and cue.needs.search(lower) is None:
            continue
        if cue.lowered is not None and same:
            pattern, haystack = cue.lowered, lower
        else:
            pattern, haystack = cue.pattern, text
        m = pattern.search(haystack)
        while m and cue.negatable and _negated(lower, m.start()):
            m = pattern.search(haystack, m.end())
        if m:
            found.append(CueMatch(cue, m.start(), m.end(), text[m.start() : m.end()]))
    return found


def _negated(lower: str, start: int) -> bool:
    """Whether a negation stands before start in the same sentence, close by."""
    before = lower[max(start - NEGATION_REACH, 0) : start]
    before = before[max(before.rfind(c) for c in ".!?\n") + 1 :]
    return _NEGATION.search(before) is not None
