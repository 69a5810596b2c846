"""Structural cues: the shape of a scam message (premium short codes, 'send 1 get 2') as
opposed to its words. Reviewed regular expressions shipped with the package.

Speed: a cue may name literal strings (`any`) of which the text must hold at least one before
its regular expression runs (most messages hold none of them; all cues' literals are found in
one pass, see bot/literals.py); the list is read and compiled when first used, not at import;
and cues are searched in the lower-cased text without the slower case-insensitive matching,
so their regular expressions are written in lower case. A cue that must see the case
(`(?-i:FREE)`, shouting) is searched in the text as written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from bot import compiled, literals

_PATH = Path(__file__).parent / "data" / "cues.yaml"
MAX_SCAN = 20_000  # characters; the engine already cuts longer text
NEGATION_REACH = 40  # characters before a negatable cue looked at for a negation
_NEGATION = compiled.compile(
    r"\b(?:never|not|nobody|no\s+one|cannot|can'?t|don'?t|doesn'?t|won'?t|shouldn'?t)\b"
)


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue as read from cues.yaml. Its regular expressions are compiled when first searched
    (`pattern`, `lowered`, `needs`, `fast`): a message holds the literals of only a few cues,
    and a one-shot check should not compile the other fifty."""

    id: str
    category: str
    weight: float
    regex: str  # as written in cues.yaml
    explain: str
    explain_zh: str
    any: tuple[str, ...] = ()  # literal prefilter, lower case; empty: always searched
    negatable: bool = False  # a negation just before it makes it advice ("never send ...")
    # a quick regular expression the lower-cased text must also match (`\d{9}`): for cues
    # whose keywords are common but whose other half (a long number) is rare
    needs_regex: str | None = None
    # a match of `lowered` starts with one of these: tried only where they are (None: searched)
    starts: frozenset[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        """Case-insensitive, for the text as written."""
        return _compile(self.regex, re.IGNORECASE)

    @property
    def lowered(self) -> re.Pattern[str] | None:
        """The same for lower-cased text; None: the cue needs the case (`(?-i:FREE)`)."""
        return None if "(?-i:" in self.regex else _compile(self.regex, 0)

    @property
    def needs(self) -> re.Pattern[str] | None:
        return None if self.needs_regex is None else _compile(self.needs_regex, 0)

    @property
    def fast(self) -> re.Pattern[str] | None:
        """`lowered` without its leading \b: a pattern that starts with literal words lets the
        regular expression engine skip to the positions where one of their first letters
        stands, which it cannot do behind \b; each position it finds is then confirmed with
        lowered.match."""
        return _fast(self.regex)


@dataclass(frozen=True, slots=True)
class CueMatch:
    cue: Cue
    start: int
    end: int
    text: str


def load_cues(path: Path = _PATH) -> list[Cue]:
    """A cue list (the shipped one unless given); its patterns compile when first used."""
    import yaml  # only when the parsed list is not in the per-user cache

    with path.open(encoding="utf-8") as f:
        data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    starts = literals.start_literals_of([c["regex"] for c in data["cues"]], "starts-cues")
    return [
        Cue(
            c["id"],
            c["category"],
            float(c["weight"]),
            c["regex"],
            c["explain"],
            c["explain_zh"],
            tuple(str(s).lower() for s in c.get("any", ())),
            bool(c.get("negatable", False)),
            c.get("needs"),
            None if "(?-i:" in c["regex"] else starts[i][0],
        )
        for i, c in enumerate(data["cues"])
    ]


@cache
def _compile(regex: str, flags: int) -> re.Pattern[str]:
    return compiled.compile(regex, flags, told=True)  # most are searched in the whole text


@cache
def _fast(regex: str) -> re.Pattern[str] | None:
    """The regex without its leading \b, when it has one and is searched lower-cased. Wherever
    the regex matches, this matches too (it asks for less), so trying the regex only where this
    matches, in order, finds the regex's first match."""
    if not regex.startswith(r"\b") or "(?-i:" in regex:
        return None
    rest = regex[2:]
    return compiled.compile(rest) if _starts_with_letters(rest) else None


def _starts_with_letters(regex: str) -> bool:
    """Whether every match of regex starts with one of a few known characters (a literal, or
    alternatives that each start with one): only then can the engine skip ahead, and dropping
    \b pays. Reads the parse tree of the standard library's engine; if that is not available
    (it is private), the answer is no and cues are searched the plain way."""
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]

        first = _parser.parse(regex).data
        if not first:
            return False
        op, av = first[0]
        if op is c.LITERAL or op is c.IN:
            return True
        if op is c.BRANCH:
            return all(alt.data and alt.data[0][0] is c.LITERAL for alt in av[1])
    except Exception:  # a Python without these modules, or a pattern they read differently
        return False
    return False


# Past this many places to try, one search from the first of them costs less.
MAX_TRIES = 48


def _search(
    cue: Cue, lower: str, pos: int, places: list[int] | None = None
) -> re.Match[str] | None:
    """cue.lowered.search(lower, pos), sooner. places: where (in order) a match can start, if
    known (cue.starts): a match tried at each of them finds what the search finds."""
    fast, full = cue.fast, cue.lowered
    assert full is not None
    if places is not None and len(places) <= MAX_TRIES:
        for at in places:
            if at >= pos and (hit := full.match(lower, at)) is not None:
                return hit
        return None
    if places:
        pos = max(pos, places[0])
    if fast is None:
        return full.search(lower, pos)
    while (m := fast.search(lower, pos)) is not None:
        if (hit := full.match(lower, m.start())) is not None:
            return hit
        pos = m.start() + 1
    return None


@cache
def shipped_cues() -> list[Cue]:
    """The shipped cues, read and compiled on first use (a one-shot check that never gets to
    them, e.g. `--help`, does not pay for compiling them), and kept parsed in the per-user cache
    like the tactics."""
    from bot import prebuilt

    return prebuilt.from_file("cues", _PATH, load_cues)


def _literals(cues: list[Cue]) -> set[str]:
    return {s for c in cues for s in (*c.any, *(c.starts or ()))}


literals.register(lambda: _literals(shipped_cues()))


def __getattr__(name: str) -> list[Cue]:
    if name == "CUES":  # `from bot.cues import CUES`, as before the list was loaded lazily
        return shipped_cues()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def find_cues(text: str, cues: list[Cue] | None = None) -> list[CueMatch]:
    """The first occurrence of each cue (of the shipped ones unless given) in text."""
    text = text[:MAX_SCAN]
    lower = text.lower()
    same = len(lower) == len(text)  # lower-casing kept every position (it nearly always does)
    found = []
    # every prefilter literal looked for once (several cues share them), not cue by cue
    if cues is None:
        cues = shipped_cues()
        present = literals.present(lower)
        where = literals.occurrences(lower)
        # only the cues one of whose literals is there (the tests below still decide)
        plan = _shipped_plan()
        visit = set(plan.always)
        for s in present & plan.literals:
            visit.update(plan.by_literal[s])
        cues = [cues[i] for i in sorted(visit)]
    else:
        where = literals.occurrences_of(_literals(cues), lower)
        present = frozenset(where)
    for cue in cues:
        if cue.any and present.isdisjoint(cue.any):
            continue
        if cue.starts is not None and cue.starts.isdisjoint(present):
            continue  # no place a match could start
        if cue.needs is not None and cue.needs.search(lower) is None:
            continue
        if cue.lowered is not None and same:
            places = (
                None if cue.starts is None else literals.candidates(cue.starts, where, present)
            )
            m = _search(cue, lower, 0, places)
            while m and cue.negatable and _negated(lower, m.start()):
                m = _search(cue, lower, m.end(), places)
        else:
            m = cue.pattern.search(text)
            while m and cue.negatable and _negated(lower, m.start()):
                m = cue.pattern.search(text, m.end())
        if m:
            found.append(CueMatch(cue, m.start(), m.end(), text[m.start() : m.end()]))
    return found


class _Plan(NamedTuple):
    always: tuple[int, ...]  # cues with no literal to look for: always visited
    by_literal: dict[str, tuple[int, ...]]  # the others, under each of their literals
    literals: frozenset[str]


@cache
def _shipped_plan() -> _Plan:
    """Which shipped cues a literal can let through find_cues' tests: those of its `any` (or,
    for a cue without them, its `starts`)."""
    always: list[int] = []
    by_literal: dict[str, list[int]] = {}
    for i, cue in enumerate(shipped_cues()):
        lits = cue.any or cue.starts
        if not lits:
            always.append(i)
        for s in lits or ():
            by_literal.setdefault(s, []).append(i)
    return _Plan(
        tuple(always), {s: tuple(v) for s, v in by_literal.items()}, frozenset(by_literal)
    )


def _negated(lower: str, start: int) -> bool:
    """Whether a negation stands before start in the same sentence, close by."""
    before = lower[max(start - NEGATION_REACH, 0) : start]
    before = before[max(before.rfind(c) for c in ".!?\n") + 1 :]
    return _NEGATION.search(before) is not None
