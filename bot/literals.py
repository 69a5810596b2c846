"""Literal prefilters, all found in one pass over the text.

Most messages hold none of the words a cue or a tactic is made of, and a whole-text regular
expression costs far more than knowing that. Each cue names its literals (`any:` in cues.yaml);
each tactic's are read from its regular expression (`required_literals`): strings of which every
match holds at least one. The literals of every cue and tactic go into one Aho-Corasick
automaton (pyahocorasick, C), which reports every literal present, overlapping ones included, in
one pass; a regular expression then runs only if one of its literals is present. Before this,
about 170 substring tests and every tactic's two regular expressions ran on each message.

Cues look in the lower-cased text, tactics in the cleaned and folded one (NFKC, Chinese in
Simplified); for nearly every message the two are the same string, and `present` remembers its
last few answers, so the text is scanned once for both.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from typing import Any

from bot import compiled

try:
    import ahocorasick
except ImportError:  # pragma: no cover - a dependency; the plain substring tests still work
    ahocorasick = None

# A literal shorter than this is not worth knowing (a single Latin letter is in every message):
# a regular expression whose only necessary strings are that short is searched without a
# precheck. One Chinese character is rare enough to count.
MIN_LITERAL = 2


def required_literals(regex: str) -> frozenset[str] | None:
    """Strings of which every match of regex (compiled without flags) holds at least one; None
    when no such set is known (a pattern made of classes, or one with flags such as (?i)).

    Read from the parse tree of the standard library's engine (private, so any surprise gives
    None: the regular expression is then searched without a precheck, never skipped)."""
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]

        tree = _parser.parse(regex)
        if tree.state.flags & ~(c.SRE_FLAG_UNICODE):
            return None
        return _needed(tree.data, c)
    except Exception:
        return None


def required_literals_of(regexes: Sequence[str]) -> list[frozenset[str] | None]:
    """`required_literals` of each regex. Reading parse trees costs about 2 ms a pattern, the
    tactics' 67 patterns a tenth of a one-shot check: the answers are kept in the per-user
    cache (bot/prebuilt.py), keyed by the patterns themselves and this code."""
    from bot import prebuilt

    key = hashlib.sha256("\0".join(regexes).encode()).hexdigest()
    found = prebuilt.cached("literals", key, lambda: [required_literals(r) for r in regexes])
    if not isinstance(found, list) or len(found) != len(regexes):  # pragma: no cover - foreign
        return [required_literals(r) for r in regexes]
    return found


def start_literals_of(
    regexes: Sequence[str], name: str = "starts"
) -> list[tuple[frozenset[str] | None, frozenset[str] | None]]:
    """`start_literals` and `partial_starts` of each regex, kept in the per-user cache like
    required_literals_of. name: the cache file; each caller with its own set of regexes needs
    its own, or the two overwrite each other and every run parses both again."""
    from bot import prebuilt

    def build() -> list[tuple[frozenset[str] | None, frozenset[str] | None]]:
        out = []
        for r in regexes:
            whole = start_literals(r)
            out.append((whole, None if whole is not None else partial_starts(r)))
        return out

    key = hashlib.sha256("\0".join(regexes).encode()).hexdigest()
    found = prebuilt.cached(name, key, build)
    if not isinstance(found, list) or len(found) != len(regexes):  # pragma: no cover - foreign
        return build()
    return found


Need = tuple[frozenset[str], tuple[tuple[frozenset[str], ...], ...]]


def _top_level(regex: str) -> tuple[Any, Any, list[Any], int] | None:
    """sre's constants, the parsed pattern, its top-level items and the index of the first that
    is not zero width (anchors and lookarounds need nothing from the text, though they may still
    refuse a match); None for a flag other than Unicode. Raises what sre's parser raises."""
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    tree = _parser.parse(regex)
    if tree.state.flags & ~(c.SRE_FLAG_UNICODE):
        return None
    data = list(tree.data)
    k = 0
    while k < len(data) and data[k][0] in (c.AT, c.ASSERT, c.ASSERT_NOT):
        k += 1
    return c, tree, data, k


def alternatives_needed(regex: str) -> Need | None:
    """What a text must hold for regex (compiled without flags) to match anywhere in it, finer
    than `required_literals`: for each top-level alternative (with what follows the
    alternation), every set of strings of which each of its matches holds one (a literal run, a
    group's, an alternation's union, a repeated part's). Returned as (the strings of the
    alternatives that need one set only, the other alternatives' lists of sets): a text can hold
    a match only if it holds one of the first, or one string of each set of one of the others.
    None when some alternative needs nothing known (always possible), or on any surprise.

    `required_literals` gives one set for the whole pattern: a tactic of 30 alternatives runs
    whenever one of their first words is there ("your", "send"); this lets it run only when one
    alternative's words are all there (issue 13, sixth check pass)."""
    try:
        if (top := _top_level(regex)) is None:
            return None
        c, _tree, data, k = top
        if k < len(data) and data[k][0] is c.BRANCH:
            rest = data[k + 1 :]
            alternatives = [list(alt.data) + rest for alt in data[k][1][1]]
        else:
            alternatives = [data[k:]]
        single: set[str] = set()
        multi: dict[tuple[frozenset[str], ...], None] = {}
        for whole in alternatives:
            # the alternation inside an alternative taken apart too (issue 13, ninth pass)
            for seq in _distributed(whole, c) or [whole]:
                sets = tuple(sorted(set(_all_needed(seq, c)), key=sorted))
                if not sets:
                    return None
                if len(sets) == 1:
                    single.update(sets[0])
                else:
                    multi[sets] = None
        return frozenset(single), tuple(multi)
    except Exception:
        return None


# At most this many branches an alternation is taken apart into (`_distributed`).
MAX_DISTRIBUTED = 48


def _distributed(seq: list[Any], c: Any) -> list[list[Any]] | None:
    """The sequence as alternatives of its own: its widest alternation (a non-capturing group
    the parser inlined, `x(?:a|b|c)y`) replaced by each of its branches in turn (`xay`, `xby`,
    `xcy`): what every match of the sequence is a match of one of. A pattern whose top-level
    alternative is a group of 40 alternatives (lure_testimony: `(?:\b|(?=[@#]))(?:...)`)
    needed one of their 40 first words; now one of them whole. None when a branch would need
    nothing known (then the sequence is read whole, as before) or when it has more than
    MAX_DISTRIBUTED branches."""
    at, width = -1, 1
    for j, (op, av) in enumerate(seq):
        if op is c.BRANCH and len(av[1]) > width:
            at, width = j, len(av[1])
    if at < 0 or width > MAX_DISTRIBUTED:
        return None
    out: list[list[Any]] = []
    for branch in seq[at][1][1]:
        one = seq[:at] + list(branch.data) + seq[at + 1 :]
        if not _all_needed(one, c):
            return None  # this branch needs nothing known: the whole is read as before
        out.append(one)
    return out


def _all_needed(items: Any, c: Any) -> list[frozenset[str]]:
    """Every set of strings `_needed` can name in a sequence (each of them is necessary), not
    only its best: each literal run, and each part's best set."""
    out: list[frozenset[str]] = []
    run: list[str] = []

    def add(found: frozenset[str] | None) -> None:
        if found and all(map(_selective, found)):
            out.append(found)

    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            add(frozenset(["".join(run)]))
            run = []
        if op is c.SUBPATTERN:
            if not (av[1] or av[2]):  # (flags changed inside the group: nothing known)
                out.extend(_all_needed(av[3].data, c))
        elif op is c.BRANCH:
            alts = [_needed(alt.data, c) for alt in av[1]]
            if all(alts):
                add(frozenset().union(*alts))  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            out.extend(_all_needed(av[2].data, c))
        elif op is c.IN:
            chars = [chr(v) for o, v in av if o is c.LITERAL]
            if len(chars) == len(av):
                add(frozenset(chars))
        elif op is c.ATOMIC_GROUP:
            out.extend(_all_needed(av.data, c))
        # (anything else: a class, a lookaround, a back-reference, a conditional: passed over)
    if run:
        add(frozenset(["".join(run)]))
    return out


def _selective(literal: str) -> bool:
    """A string worth asking for: "th", "re" or 的 are in nearly every message of their
    language, refuse no pattern and would cost the scan an occurrence each time (bench
    messages: ~80 more a message with them, ~20 without)."""
    return len(literal) >= (3 if literal.isascii() else 2)


def alternatives_needed_of(regexes: Sequence[str], name: str) -> list[Need | None]:
    """`alternatives_needed` of each regex, kept in the per-user cache like
    required_literals_of (name: the cache file of one caller's set of regexes)."""
    from bot import prebuilt

    key = hashlib.sha256("\0".join(regexes).encode()).hexdigest()
    found = prebuilt.cached(name, key, lambda: [alternatives_needed(r) for r in regexes])
    if not isinstance(found, list) or len(found) != len(regexes):  # pragma: no cover - foreign
        return [alternatives_needed(r) for r in regexes]
    return found


def possible(need: Need, present: frozenset[str]) -> bool:
    """Whether a text whose literals found are `present` can hold a match (see
    alternatives_needed; every string of `need` must be among the literals looked for)."""
    single, multi = need
    if not present.isdisjoint(single):
        return True
    for sets in multi:
        for s in sets:
            if present.isdisjoint(s):
                break
        else:
            return True
    return False


# One alternative's sets, as `Able` keeps them: the strings that must all be there (its
# sets of one string), then its sets of several (one string of each must be there).
_Whole = tuple[frozenset[str], tuple[frozenset[str], ...]]


class Able:
    """`possible` for many needs at once, from the literals a text holds: the needs are kept
    under their strings, so that a text visits only the alternatives one of whose strings it
    holds (a pattern whose alternation was taken apart has dozens of alternatives, and
    `possible` walks them all when none is met; issue 13, ninth pass).
    `Able(needs).which(present)` is `{k for k, need in needs.items() if possible(need,
    present)}`."""

    def __init__(self, needs: dict[int, Need]) -> None:
        singles: dict[str, list[int]] = {}
        wholes: dict[str, list[tuple[int, _Whole]]] = {}
        for k, (single, multi) in needs.items():
            for s in single:
                singles.setdefault(s, []).append(k)
            for sets in multi:
                must = frozenset(next(iter(x)) for x in sets if len(x) == 1)
                rest = tuple(x for x in sets if len(x) > 1)
                # kept under the strings of its rarest-looking set: one it must hold, the
                # longest, else its set of fewest strings
                key = (
                    frozenset([max(sorted(must), key=len)]) if must
                    else min(rest, key=lambda x: (len(x), sorted(x)))
                )
                for s in key:
                    wholes.setdefault(s, []).append((k, (must, rest)))
        self.singles = {s: tuple(v) for s, v in singles.items()}
        self.wholes = {s: tuple(v) for s, v in wholes.items()}
        self.strings = frozenset(self.singles) | frozenset(self.wholes)

    def which(self, present: frozenset[str]) -> set[int]:
        """The keys of the needs a text whose literals found are `present` may meet."""
        out: set[int] = set()
        singles, wholes = self.singles, self.wholes
        for s in present & self.strings:
            if (ks := singles.get(s)) is not None:
                out.update(ks)
            for k, (must, rest) in wholes.get(s, ()):
                if k not in out and must <= present and all(
                    not present.isdisjoint(x) for x in rest
                ):
                    out.add(k)
        return out


def need_literals(need: Need | None) -> set[str]:
    """The strings `possible` asks about."""
    if need is None:
        return set()
    return set(need[0]).union(*(s for sets in need[1] for s in sets))


def _needed(items: Any, c: Any) -> frozenset[str] | None:
    """The best necessary set of a sequence: that of its literal runs and parts (each of them
    is necessary), the one whose shortest string is longest, then the one with fewest."""
    return _best_set(items, c, runs=True, better=_better_needed)


def _better_needed(found: frozenset[str], best: frozenset[str] | None) -> bool:
    return all(map(_useful, found)) and _better(found, best)


def _best_set(
    items: Any,
    c: Any,
    *,
    runs: bool,
    better: Callable[[frozenset[str], frozenset[str] | None], bool],
) -> frozenset[str] | None:
    """The best of the sets of which every match of the sequence holds one member, by
    `better`: each literal (with `runs`, each run of literal characters as one string), a class
    of literal characters, a group's or a repeated part's (at least once) best, an
    alternation's union of its alternatives' bests (when each has one)."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and better(found, best):
            best = found

    def inner(part: Any) -> frozenset[str] | None:
        return _best_set(part, c, runs=runs, better=better)

    for op, av in items:
        if op is c.LITERAL and runs:
            run.append(chr(av))
            continue
        if run:
            consider(frozenset(["".join(run)]))
            run = []
        if op is c.LITERAL:
            consider(frozenset([chr(av)]))
        elif op is c.SUBPATTERN:
            if av[1] or av[2]:  # flags added or removed inside the group
                return None
            consider(inner(av[3].data))
        elif op is c.BRANCH:
            alts = [inner(alt.data) for alt in av[1]]
            if all(alts):
                consider(frozenset().union(*alts))  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(inner(av[2].data))
        elif op is c.IN:  # the parser's form of a|b for single characters
            chars = [chr(v) for o, v in av if o is c.LITERAL]
            if len(chars) == len(av):
                consider(frozenset(chars))
        elif op is c.ATOMIC_GROUP:
            consider(inner(av.data))
        elif op is c.GROUPREF_EXISTS:
            return None  # a conditional: what it matches depends on an earlier group
        # (a back-reference, GROUPREF, matches what its group did, which is not in the pattern:
        # it adds no literal, and takes none of the others' away, so it is passed over; before
        # issue 13's fifth speed pass it gave None, and the two Chinese tactics that repeat a
        # name around 诈骗 were searched whole in every Chinese message; lookarounds too)
    if run:
        consider(frozenset(["".join(run)]))
    return best


def start_literals(regex: str) -> frozenset[str] | None:
    """Strings of which every match of regex (compiled without flags) starts with one, after
    zero-width assertions (\\b, lookarounds); None when no such set is known. A match then
    starts only where one of them is found, and `re.match` at those places, in order, finds
    what `re.search` would find (the assertions still see the text before the place), without
    the engine trying every position of the text.

    Read from the parse tree like `required_literals` (any surprise gives None)."""
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]

        tree = _parser.parse(regex)
        if tree.state.flags & ~(c.SRE_FLAG_UNICODE):
            return None
        found = _starts(list(tree.data), c)
    except Exception:
        return None
    if found is None or not all(map(_useful_start, found)):
        return None
    return found


def partial_starts(regex: str) -> frozenset[str] | None:
    """For a regex with no `start_literals` whose top-level alternatives (after zero-width
    assertions) partly have them: the start literals of those alternatives. The matches of the
    others are looked for with `other_alternatives` (one search of fewer alternatives); a match
    starts only at one of the two kinds of places. None when the regex is not of that shape."""
    split = _split(regex)
    return None if split is None else split[0]


def other_alternatives(regex: str) -> re.Pattern[str] | None:
    """The regex with only those top-level alternatives that `partial_starts` leaves out (built
    from the parse tree with the standard library's private compiler: None on any surprise)."""
    return _others(regex)[0]


def other_needed(regex: str) -> frozenset[str] | None:
    """Strings of which every match of `other_alternatives(regex)` holds one (as
    `required_literals`), None when none are known: a text holding none of them needs no
    search for those alternatives (a search tries them at every position)."""
    return _others(regex)[1]


def other_chars(regex: str) -> frozenset[str] | None:
    """Characters of which every match of `other_alternatives(regex)` holds one, when they
    are all rare ones (no letter, digit, white space or common punctuation: '%', '_', '@'),
    else None. Single characters are no literals worth the scan (`MIN_LITERAL`), but a
    substring test for one costs little next to a search that tries every position: the
    bare percentage of lure_returns, the handle of demand_social (issue 13, ninth pass)."""
    return _others(regex)[2]


@lru_cache(maxsize=256)
def _others(
    regex: str,
) -> tuple[re.Pattern[str] | None, frozenset[str] | None, frozenset[str] | None]:
    split = _split(regex)
    if split is None:
        return None, None, None
    try:
        from re import _compiler  # type: ignore[attr-defined]
        from re import _constants as c  # type: ignore[attr-defined]

        pattern: re.Pattern[str] = (
            compiled.told_first_chars(split[1]) or _compiler.compile(split[1], 0)
        )
    except Exception:
        return None, None, None
    try:
        needed = _needed(split[1].data, c)
    except Exception:
        needed = None
    try:
        chars = _rare_chars(split[1].data, c)
    except Exception:
        chars = None
    return pattern, needed, chars


# Characters too common in messages to be worth a test (`_rare_chars`).
_COMMON_CHARS = frozenset(".,;:!?'\"-/()&+*=")


def _rare_chars(items: Any, c: Any) -> frozenset[str] | None:
    """A set of rare characters of which every match of the sequence holds one (see
    other_chars): each literal character, a class of literal characters, a group's or a
    repeated part's (at least once) set, an alternation's union; the smallest, None if none."""
    return _best_set(items, c, runs=False, better=_better_rare)


def _better_rare(found: frozenset[str], best: frozenset[str] | None) -> bool:
    rare = not any(ch.isalnum() or ch.isspace() or ch in _COMMON_CHARS for ch in found)
    return rare and (best is None or len(found) < len(best))


def _split(regex: str) -> tuple[frozenset[str], Any] | None:
    if re.search(r"\\[1-9]|\(\?P=|\(\?\(", regex):
        return None  # back-references: an alternative alone may not mean the same
    try:
        from re import _parser  # type: ignore[attr-defined]

        if (top := _top_level(regex)) is None:
            return None
        c, tree, data, k = top
        if k == len(data) or data[k][0] is not c.BRANCH:
            return None
        rest = data[k + 1 :]
        good: list[frozenset[str]] = []
        others = []
        for alt in data[k][1][1]:
            found = _starts(list(alt.data) + rest, c)
            if found is not None and all(map(_useful_start, found)):
                good.append(found)
            else:
                others.append(alt)
        if not good or not others:
            return None
        branch = [(c.BRANCH, (None, others))] if len(others) > 1 else list(others[0].data)
        return frozenset().union(*good), _parser.SubPattern(tree.state, data[:k] + branch + rest)
    except Exception:
        return None


def _starts(seq: list[Any], c: Any) -> frozenset[str] | None:
    """Strings one of which every match of the sequence starts with; None if not known (or if
    the sequence can match the empty string)."""
    for k, (op, av) in enumerate(seq):
        if op is c.AT or op is c.ASSERT or op is c.ASSERT_NOT:
            continue  # zero width: the match starts with what follows
        rest = seq[k + 1 :]
        if op is c.LITERAL:
            run = []
            for op2, av2 in seq[k:]:
                if op2 is not c.LITERAL:
                    break
                run.append(chr(av2))
            return _then(["".join(run)], seq[k + len(run) :], c)
        if op is c.SUBPATTERN:
            if av[1] or av[2]:  # flags added or removed inside the group
                return None
            return _starts(list(av[3].data) + rest, c)
        if op is c.ATOMIC_GROUP:
            return _starts(list(av.data) + rest, c)
        if op is c.BRANCH:
            alts = [_starts(list(alt.data) + rest, c) for alt in av[1]]
            return None if None in alts else frozenset().union(*alts)  # type: ignore[arg-type]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, sub = av
            if high == 0:
                continue
            if sub.getwidth()[0] == 0:  # an empty first round leaves the start to what follows
                return None
            first = _starts(list(sub.data), c)
            if first is None or low >= 1:
                return first
            after = _starts(rest, c)
            return None if after is None else first | after
        if op is c.IN:  # a class of single characters, not ranges or categories
            chars = [chr(v) for o, v in av if o is c.LITERAL]
            return _then(chars, rest, c) if len(chars) == len(av) else None
        return None
    return None  # the sequence may match nothing here


def _then(heads: list[str], rest: list[Any], c: Any) -> frozenset[str]:
    """Short heads joined to what the rest of the sequence starts with ('h' of hi|hey|hello:
    hi, hey, hello), when that is known and few: fewer places to try."""
    if min(map(len, heads)) >= 4:
        return frozenset(heads)
    after = _starts(rest, c)
    if after is None or len(heads) * len(after) > 64:
        return frozenset(heads)
    return frozenset(h + a for h in heads for a in after)


def _useful_start(literal: str) -> bool:
    """A start worth finding: not one ASCII letter, digit or space (in every message)."""
    return len(literal) >= 2 or not (
        literal.isascii() and (literal.isalnum() or literal.isspace())
    )


def _useful(literal: str) -> bool:
    return len(literal) >= MIN_LITERAL or not literal.isascii()


def _better(a: frozenset[str], b: frozenset[str] | None) -> bool:
    if b is None:
        return True
    ka, kb = min(map(len, a)), min(map(len, b))
    return ka > kb or (ka == kb and len(a) < len(b))


# Speed: pyahocorasick finds a node's child by walking its list of children in the order they
# were added, and the root has one child per first character of a literal (about 570 with the
# Chinese literals). Every character of the text that no literal starts with (a space, a full
# stop) walked the whole list, 0.2-1 µs a character: the scan cost ~90 µs for a 500-character
# message. The root's children are therefore added in the order their characters are common in
# messages, and those common characters that start no literal get a child of their own first
# (a sentinel word: the character and one no text is scanned for, reported under "" and
# dropped), found at the front of the list. Which literals are found, and where, is unchanged.
_COMMON = (
    " etaoinsrhldcumwfgypbvk.,0123456789:/-'!?()\n@#$%&*+=_\"jxqz"
    "，。、：！？「」的是了我你不在有人這这個个們们到說说要就會会"
)
_NO_TEXT = "\uffff"  # a noncharacter: never in a message as sent (sentinels end with it)


def _rank(literal: str) -> tuple[int, str]:
    at = _COMMON.find(literal[0])
    return (at if at >= 0 else len(_COMMON), literal)


class LiteralScanner:
    """Which of a fixed set of literals a text holds, in one pass (Aho-Corasick)."""

    def __init__(self, literals: Iterable[str]) -> None:
        self.literals = frozenset(s for s in literals if s)
        self._automaton: Any = None
        if ahocorasick is not None and self.literals:
            a = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            words = [(s, (s, len(s) - 1)) for s in self.literals]
            if not any(_NO_TEXT in s for s in self.literals):
                firsts = {s[0] for s in self.literals}
                words += [(c + _NO_TEXT, ("", 0)) for c in _COMMON if c not in firsts]
            for s, value in sorted(words, key=lambda w: _rank(w[0])):
                a.add_word(s, value)
            a.make_automaton()
            self._automaton = a

    def find(self, text: str) -> frozenset[str]:
        """The literals that occur in text, exactly as `{s for s in literals if s in text}`."""
        if self._automaton is None:
            return self.plain(text)
        return frozenset(s for _, (s, _) in self._automaton.iter(text)) - _SENTINEL

    def plain(self, text: str) -> frozenset[str]:
        """The same by a substring test per literal: the reference `find` is tested against."""
        return substrings(self.literals, text)

    def occurrences(self, text: str) -> dict[str, list[int]]:
        """Where each literal that occurs in text starts (every place, overlapping ones too,
        in order): what `occurrences_of` finds, in one pass."""
        if self._automaton is None:
            return occurrences_of(self.literals, text)
        out: dict[str, list[int]] = {}
        get = out.get
        for end, (s, n) in self._automaton.iter(text):
            at = get(s)
            if at is None:
                out[s] = [end - n]
            else:
                at.append(end - n)
        out.pop("", None)  # a sentinel's character followed by _NO_TEXT: not a literal
        return out


_SENTINEL = frozenset([""])


def substrings(literals: Iterable[str], text: str) -> frozenset[str]:
    """The literals that occur in text, one substring test each (for a few ad hoc literals)."""
    return frozenset(s for s in literals if s in text)


def occurrences_of(literals: Iterable[str], text: str) -> dict[str, list[int]]:
    """Where each of the literals that occur in text starts, every place, in order (one
    substring search each: for a few ad hoc literals, and the reference for the scanner)."""
    out: dict[str, list[int]] = {}
    for s in literals:
        at = text.find(s)
        while at >= 0:
            out.setdefault(s, []).append(at)
            at = text.find(s, at + 1)
    return out


_sources: list[Callable[[], Iterable[str]]] = []


def register(literals: Callable[[], Iterable[str]]) -> None:
    """Adds a module's literals (a function, called when the automaton is first needed)."""
    _sources.append(literals)
    _scanner.cache_clear()
    present.cache_clear()
    occurrences.cache_clear()


@cache
def _scanner() -> LiteralScanner:
    return LiteralScanner(s for source in _sources for s in source())


@lru_cache(maxsize=4)
def present(text: str) -> frozenset[str]:
    """The registered literals text holds; the same text asked twice (the cues' and the
    tactics' view of a message usually agree) is scanned once."""
    return frozenset(occurrences(text))


@lru_cache(maxsize=4)
def occurrences(text: str) -> dict[str, list[int]]:
    """Where each registered literal that text holds starts (see LiteralScanner.occurrences);
    callers must not change the lists."""
    return _scanner().occurrences(text)


def candidates(
    starts: frozenset[str], found: dict[str, list[int]], present: frozenset[str]
) -> list[int]:
    """In order, once each, the places where one of `starts` (a regular expression's
    `start_literals`) occurs: the only places a match can start. found: the text's
    occurrences, present: their literals (the smaller set is walked)."""
    lists = [found[s] for s in starts & present]
    if len(lists) == 1:
        return lists[0]
    return sorted(set().union(*lists))
