"""Scam phrases: normalisation and a fuzzy phrase index.

Scanning every phrase against every message is too slow for a large knowledge base, so the
index keeps, for each phrase, its rarest tokens as anchors (words, or character pairs in
Chinese). A message only pays rapidfuzz for the phrases whose anchors it contains: one anchor
for phrases of one or two tokens, two of the four rarest for longer ones, and those two close
enough together to belong to one occurrence of the phrase. Two of four still find a phrase with
a typo in two of its words, or in one Chinese character (which breaks the two character pairs it
belongs to), while common words alone (usdt, wallet, 平台) no longer send hundreds of phrases to
rapidfuzz on a large knowledge base. rapidfuzz then only compares the phrase with the stretch of
the message around its anchors, not the whole message.

Phrases and messages are compared in one folded form, so that the spellings of SMS and chat
match the knowledge base's plain English: text-speak words are spelt out (ur -> your,
2 -> to, txt -> text), leet digits read as letters (w0n -> won), cashtags lose their $ ($SOL ->
sol), and English words lose common endings (claims, claimed, claiming -> claim; verified ->
verify), so a phrase written once covers its inflections. A phrase directly after a negation
("never share your seed phrase", "we will not ask you to verify your account") is advice, not a
lure, and does not count; so is a Chinese phrase just after 不要, 唔好, 切勿, 請勿, 不會... or just
before a warning (都是詐騙, 是騙局). Chinese is folded to Simplified (and 帳/賬, 衞/衛 to one
character each), and a Latin word touching Chinese counts as a word of its own ('VIP群' is
'VIP 群'). A fuzzy match must cover (nearly) the whole phrase: a message that is only a piece of
a phrase ('助記詞' of '助記詞發給') is not the phrase.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, chain, combinations, compress, count, repeat
from operator import add, le
from typing import NamedTuple

import opencc
from rapidfuzz import fuzz
from rapidfuzz.process import extractOne

from bot import compiled
from bot.han import HAN, has_han
from bot.indicators import clean_text

_T2S = opencc.OpenCC("t2s")  # fold Traditional and Simplified to one form before matching
# What t2s leaves apart that readers do not: 帳戶 becomes 帐户 but Simplified writes 账户, and
# Hong Kong's 衞 stays as it is (衞生署, 卫生署).
_VARIANT_PAIRS = (("帐", "账"), ("衞", "卫"))
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_TOKEN = compiled.compile(rf"[a-z0-9@$]+|[{HAN}]+")
_PIECE = compiled.compile(rf"[a-z0-9@${HAN}£€¥%]+")  # what separators leave: the compared units
_WORD = compiled.compile(r"[a-z0-9@$]+")  # linear: every token once, then decided per token
# In text with Chinese, a Latin word against a Chinese character ('加入VIP群組', 'USDT搬磚') is a
# piece of its own, as if it were written 'USDT 搬磚', so that both spellings fold alike and the
# Latin word is a whole word.
_PIECE_ZH = compiled.compile(rf"[a-z0-9@$£€¥%]+|[{HAN}£€¥%]+")
# every ASCII character that is not in a _PIECE, as a space
_ASCII_SEPARATORS = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not _PIECE.fullmatch(c)}
)
_SIMPLE = compiled.compile(r"[a-z0-9@$ ]*")  # folded words that are each one Latin token
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
        "was",
    ]
)
MAX_CANDIDATES = 400  # a pathological message must not cost a scan of the whole phrase list
ANCHORS = 4  # rarest tokens kept per phrase
TYPO_RATIO = 75.0  # a misspelt word still counts as the phrase's word ('walet', 'verfy')
GAP_PENALTY = 5.0  # score lost per extra word inside a phrase ('your paytm kyc has expired')

# Text-speak and chat shorthand, spelt out before comparison (whole words only).
TEXT_SPEAK = {
    "u": "you",
    "ya": "you",
    "ur": "your",
    "r": "are",
    "b": "be",
    "2": "to",
    "4": "for",
    "b4": "before",
    "2u": "to you",
    "4u": "for you",
    "txt": "text",
    "txts": "texts",
    "txting": "texting",
    "msg": "message",
    "msgs": "messages",
    "pls": "please",
    "plz": "please",
    "plse": "please",
    "wk": "week",
    "wks": "weeks",
    "wkly": "weekly",
    "mob": "mobile",
    "nxt": "next",
    "gr8": "great",
    "2day": "today",
    "2nite": "tonight",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "tmrw": "tomorrow",
    "hav": "have",
    "hv": "have",
    "frnd": "friend",
    "frnds": "friends",
    "acc": "account",
    "acct": "account",
    "pwd": "password",
    "cust": "customer",
    "thx": "thanks",
    "thanx": "thanks",
    "abt": "about",
    "coz": "because",
    "cuz": "because",
    "bcoz": "because",
    "wat": "what",
    "luv": "love",
    "fone": "phone",
    "ph": "phone",
    "ppl": "people",
    "recd": "received",
    "rcvd": "received",
    "hrs": "hours",
    "addy": "address",
    "rt": "retweet",
    "pvt": "private",
    "govt": "government",
    "amt": "amount",
    "tg": "telegram",
}
# Words that turn the phrase after them into advice ("never share your seed phrase"), and the
# words that may stand between them and the phrase ("we will never ask you to ...").
_NEGATIONS = frozenset(
    [
        "not",
        "never",
        "nobody",
        "cannot",
        "nor",
        "dont",
        "doesnt",
        "didnt",
        "cant",
        "wont",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "shouldnt",
        "wouldnt",
        "couldnt",
        "havent",
        "hasnt",
        "mustnt",
    ]
)
_NT = compiled.compile(r"n['’]t\b")  # don't -> dont: one word, not 'don' and 't'

_NEGATION_GAP = 4  # words looked at before a phrase
# Chinese has no words to look at: a negation is the characters just before the phrase
# ('千萬不要輸入助記詞'), or a few small words after it ('請勿向他人提供助記詞'); a warning frame
# just after a phrase ('老師帶單保證獲利都是詐騙') makes it a warning too, unless the frame is
# itself denied ('保證獲利，我們不是詐騙').
_ZH_NEGATIONS_RAW = "不要 唔好 千祈唔好 千萬不要 切勿 請勿 勿 絕不會 不會 從不 永遠不會 唔會 絕不"
_ZH_GAP_RAW = (
    "將 把 向 給 俾 跟 同 對 與 和 在 喺 再 隨便 隨意 輕易 主動 任何人 他人 別人 陌生人 其他人 "
    "任何 你 您 你的 您的 自己的 要求 要 叫 讓 請 去 透露 告訴 話俾 網站 任何網站"
)
_ZH_WARNINGS_RAW = "都是詐騙 是騙局 是詐騙 都係詐騙 係騙局 係詐騙 都是騙局"
_ZH_DENIALS = ("不", "唔", "非", "没", "沒", "並非")
_ZH_LOOK = 10  # characters after a phrase searched for a warning frame
_GAP_WORDS_RAW = (
    "ask asks asked you to for ever request need share send give your any anyone will we us "
    "would should must be enter type reveal the a an it please do i they staff our"
)


def _unleet(token: str) -> str:
    """'s33d' -> 'seed', but leaves numbers ('24', '100%') alone."""
    if token.isalpha() or token.isdigit() or not any(c.isalpha() for c in token):
        return token
    return token.translate(_LEET)


def _undouble(w: str) -> str:
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "lsz" and w[-1] not in "aeiou":
        return w[:-1]
    return w


def _stem(w: str) -> str:
    """A light English stemmer: plural and verb endings off, British -ise as -ize. Both sides
    of a comparison go through it, so the stems need only be consistent, not words."""
    if len(w) < 4 or not w.isalpha():
        return w
    for ending in ("ising", "ised", "ises", "ise"):
        if w.endswith(ending) and len(w) > len(ending) + 2:
            w = w[: -len(ending)] + "iz" + ending[2:]
            break
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ing") and len(w) >= 6:
        w = _undouble(w[:-3])
    elif w.endswith("ed") and len(w) >= 5:
        w = _undouble(w[:-2])
    elif w.endswith("s") and not w.endswith(("ss", "us", "is", "os")):
        w = w[:-1]
    if len(w) >= 4 and w.endswith("e") and not w.endswith("ee"):
        w = w[:-1]
    return w


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """One word as compared: text-speak spelt out, leet read, cashtag '$' dropped, stemmed."""
    spelt = TEXT_SPEAK.get(word)
    if spelt is None:
        if word[0] == "$" and word[1:].isalpha():
            word = word[1:]
        word = _unleet(word)
        spelt = TEXT_SPEAK.get(word, word)
    return " ".join(_stem(w) for w in spelt.split(" "))


@lru_cache(maxsize=65536)
def _fold_piece(piece: str) -> str:
    if _WORD.fullmatch(piece):
        return _fold_word(piece)
    return _WORD.sub(lambda m: _fold_word(m.group(0)), piece)


_GAP_WORDS = frozenset(_fold_word(w) for w in _GAP_WORDS_RAW.split())


@lru_cache(maxsize=8192)
def _fold_cjk(text: str) -> str:
    text = _T2S.convert(text)
    for a, b in _VARIANT_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


@lru_cache(maxsize=16)  # matching and quoting the match as written both read the message
def _pieces(text: str) -> tuple[str, ...]:
    """The text's words (and Chinese runs) in matching form, before folding."""
    if text.isascii():  # NFKC and the invisible characters leave ASCII as it is
        s = text.lower()
        if "'" in s:
            s = _NT.sub("nt", s)
        # _PIECE.findall(s), sooner: what is no piece character becomes a space
        return tuple(s.translate(_ASCII_SEPARATORS).split())
    s = _NT.sub("nt", clean_text(text).casefold())
    if has_han(s):
        s = _T2S.convert(s)
        for a, b in _VARIANT_PAIRS:
            if a in s:
                s = s.replace(a, b)
        return tuple(_PIECE_ZH.findall(s))
    return tuple(_PIECE.findall(s))


_ZH_NEGATIONS = tuple(sorted({_fold_cjk(w) for w in _ZH_NEGATIONS_RAW.split()}, key=len))
_ZH_GAP = tuple(sorted({_fold_cjk(w) for w in _ZH_GAP_RAW.split()}, key=len, reverse=True))
_ZH_WARNINGS = tuple({_fold_cjk(w) for w in _ZH_WARNINGS_RAW.split()})
_ZH_DENIALS_F = tuple({_fold_cjk(w) for w in _ZH_DENIALS})


def normalize(text: str) -> str:
    """The form phrases and messages are compared in: NFKC, case, spacing, leet, script,
    text-speak and word endings."""
    return " ".join([_fold_piece(p) for p in _pieces(text)])


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


@lru_cache(maxsize=65536)
def _word_seq(word: str) -> tuple[tuple[str, int], ...]:
    """The tokens of one folded word (as tokens() gives them), with where each starts in it."""
    if _WORD.fullmatch(word):
        return () if word in STOPWORDS else ((word, 0),)
    return tuple(_sequence(word))


@lru_cache(maxsize=65536)
def _word_toks(word: str) -> tuple[str, ...]:
    return tuple(t for t, _ in _word_seq(word))


@lru_cache(maxsize=65536)
def _word_all(word: str) -> tuple[str, ...]:
    """Every token of one folded word, small words and whole Chinese runs too."""
    return tuple(_TOKEN.findall(word))


def _sequence(normalized: str) -> list[tuple[str, int]]:
    """The tokens of a normalised text (as tokens() gives them) in order, with where each
    starts."""
    out: list[tuple[str, int]] = []
    at = 0
    for word in normalized.split(" "):
        if _WORD.fullmatch(word):  # the usual case: one Latin word, one token
            if word not in STOPWORDS:
                out.append((word, at))
        else:
            for m in _TOKEN.finditer(word):
                tok, start = m.group(0), at + m.start()
                if tok[0] >= "\u3400":
                    if len(tok) == 1:
                        out.append((tok, start))
                    else:
                        out.extend((tok[i : i + 2], start + i) for i in range(len(tok) - 1))
                elif tok not in STOPWORDS:
                    out.append((tok, start))
        at += len(word) + 1
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
    start: int  # in the message's normalised words (as the reader wrote them, not folded)
    end: int
    matched: str


def _cutoff(norm: str) -> float:
    """Short phrases must match exactly; long ones may carry a typo or two."""
    cjk = has_han(norm)
    n = len(norm.replace(" ", "")) if cjk else len(norm)  # 'vip 群' is 'VIP群'
    if (cjk and n <= 4) or (not cjk and n < 12):
        return 100.0
    return 85.0 if cjk else (89.0 if n < 20 else 86.0)


class _Folded:
    """A message in compared form, and the way back to the words as written."""

    __slots__ = ("_all", "_by_len", "_denied", "_flat", "_inside", "_near", "_near_in",
                 "_near_len", "_spans", "_surface_starts", "norm", "pieces", "simple", "starts",
                 "words")  # fmt: skip

    def __init__(self, text: str) -> None:
        self.pieces = pieces = _pieces(text)
        self.words = words = list(map(_fold_piece, pieces))
        self.norm = norm = " ".join(words)
        # every word one Latin token (most English messages): each word is then its own token,
        # or none if it is a small word, and the message's tokens are read without a loop
        self.simple = norm.count(" ") == len(words) - 1 and _SIMPLE.fullmatch(norm) is not None
        self._flat: list[tuple[str, int]] | None = None
        self._surface_starts: list[int] | None = None
        self._all: set[str] | None = None  # every token, small words too
        self._by_len: tuple[list[int], list[str]] | None = None  # the same by length
        self._near_len: dict[int, list[str]] = {}  # _near_length, per length asked about
        self._near: dict[str, bool] | None = None  # close(), per word asked about
        # What the rules after rapidfuzz ask of a stretch, kept per stretch: the members of a
        # phrase family ('cash buyer trade of 500 usdt at 5% discount', '... of 1000 btc at
        # 10% ...') that rapidfuzz accepts mostly align on the same words, so their words,
        # negations, warnings and spans are read once (pure functions of the message); made
        # on first use, as most messages never get there
        self._inside: dict[tuple[int, int], tuple[set[str], str]] | None = None  # pieces i..j
        self._near_in: dict[tuple[str, int, int], bool] | None = None  # t misspelt in i..j
        self._spans: dict[tuple[int, int], tuple[int, int, str]] | None = None
        self._denied: dict[tuple[int, int, bool], bool] | None = None  # denied(), per stretch
        # where each word starts in norm: the lengths before it, and one space per word
        self.starts = list(map(add, accumulate(map(len, words), initial=0), count()))

    def present(self) -> set[str]:
        """The message's tokens, as tokens() gives them."""
        if self.simple:
            return set(self.words).difference(STOPWORDS)
        return set(chain.from_iterable(map(_word_toks, self.words)))

    def every_token(self) -> set[str]:
        """Every token of the message, small words and whole Chinese runs too."""
        if self._all is None:
            self._all = (set(self.words) if self.simple
                         else set(chain.from_iterable(map(_word_all, self.words))))  # fmt: skip
        return self._all

    def sequence(self, keep: frozenset[str] | set[str]) -> list[tuple[str, int]]:
        """The message's tokens that are in keep, in order, with where each starts."""
        starts = self.starts
        if self.simple:  # a word is its token (a small word is in no keep: it is no token)
            return [x for x in zip(self.words, starts, strict=False) if x[0] in keep]
        out: list[tuple[str, int]] = []
        for k, seq in enumerate(map(_word_seq, self.words)):
            for t, off in seq:
                if t in keep:
                    out.append((t, starts[k] + off))
        return out

    @property
    def surface(self) -> str:
        return " ".join(self.pieces)

    @property
    def surface_starts(self) -> list[int]:
        if self._surface_starts is None:
            self._surface_starts = list(
                map(add, accumulate(map(len, self.pieces), initial=0), count())
            )
        return self._surface_starts

    def piece_at(self, pos: int) -> int:
        k = bisect_right(self.starts, pos, 0, len(self.words)) - 1
        return k if k > 0 else 0  # max(k, 0), without the call (asked for every stretch)

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        """A stretch of the folded text as the words the reader sees: whole words, or the
        exact characters inside a word that folding left as it was (Chinese)."""
        memo = self._spans
        if memo is None:
            memo = self._spans = {}
        found = memo.get((start, end))
        if found is None:
            found = memo[start, end] = self._span(start, end)
        return found

    def _span(self, start: int, end: int) -> tuple[int, int, str]:
        i, j = self.piece_at(start), self.piece_at(max(end - 1, start))
        s = self.surface_starts[i]
        if self.words[i] == self.pieces[i]:
            s += min(max(start - self.starts[i], 0), len(self.pieces[i]))
        e = self.surface_starts[j] + len(self.pieces[j])
        if self.words[j] == self.pieces[j]:
            e = self.surface_starts[j] + min(max(end - self.starts[j], 0), len(self.pieces[j]))
        base = self.surface_starts[i]
        return s, e, " ".join(self.pieces[i : j + 1])[s - base : e - base]

    def gapped(self, phrase: str) -> tuple[float, int, int] | None:
        """The phrase's words in order with a word or two of the message between them ('your
        paytm kyc has expired' for 'your kyc has expired'), or a small word of the phrase left
        out, never across a negation: a score that drops with each word added or left out, and
        where it is."""
        want = phrase.split(" ")
        if len(want) < 2:
            return None
        if self._flat is None:
            flat: list[tuple[str, int]] = []
            at = 0
            for w in self.norm.split(" "):
                flat.append((w, at))
                at += len(w) + 1
            self._flat = flat
        flat = self._flat
        budget = 1 if len(want) <= 4 else 2
        for k, (w, _) in enumerate(flat):
            if w != want[0]:
                continue
            j, used = k, 0
            for t in want[1:]:
                nxt = -1
                for step in range(1, budget - used + 2):
                    if j + step >= len(flat) or flat[j + step][0] in _NEGATIONS:
                        break
                    if flat[j + step][0] == t:
                        nxt = j + step
                        break
                if nxt < 0 and t in STOPWORDS and used < budget and t != want[-1]:
                    used += 1  # a small word left out: 'connect wallet claim'
                    continue
                if nxt < 0:
                    break
                used += nxt - j - 1
                j = nxt
            else:
                return 100.0 - GAP_PENALTY * used, flat[k][1], flat[j][1] + len(flat[j][0])
        return None

    def holds_words(self, wanted: frozenset[str], start: int, end: int) -> bool:
        """Whether every word of a phrase is in the stretch that matched it, as written or
        misspelt ('walet', 'claimyour'); a stretch that only shares the phrase's frame ('your
        account has been verified' for 'your account has been suspended') does not count. A
        phrase of five words or more may have one short word mangled past recognition."""
        i, j = self.piece_at(start), self.piece_at(end - 1 if end > start else start)
        words = self._words_inside(i, j)[0]
        missing = wanted.difference(words)
        if not missing:
            return True
        spare = 1 if len(wanted) >= 5 else 0
        for t in missing:
            if t[0] >= "\u3400" or t.isdigit():  # amounts vary, Chinese is fuzzy
                continue
            if len(t) > 3 and self.close(t) and self._near_inside(t, i, j):
                continue  # 'claimyour', 'walet'
            if spare == 0:
                return False
            spare -= 1
        return True

    def _words_inside(self, i: int, j: int) -> tuple[set[str], str]:
        """Every token of pieces i..j (small words and whole Chinese runs too), and the
        pieces' folded words as one text."""
        memo = self._inside
        if memo is None:
            memo = self._inside = {}
        found = memo.get((i, j))
        if found is None:
            inside = self.words[i : j + 1]
            found = memo[i, j] = (
                set(chain.from_iterable(map(_word_all, inside))),
                " ".join(inside),
            )
        return found

    def _near_inside(self, t: str, i: int, j: int) -> bool:
        """Whether pieces i..j hold t inside a word or misspelt ('claimyour', 'walet')."""
        memo = self._near_in
        if memo is None:
            memo = self._near_in = {}
        found = memo.get((t, i, j))
        if found is None:
            words, text = self._words_inside(i, j)
            found = memo[t, i, j] = t in text or any(fuzz.ratio(t, w) >= TYPO_RATIO for w in words)
        return found

    def may_hold_words(self, wanted: frozenset[str], present: set[str]) -> bool:
        """holds_words for the whole message, quickly: False when the message lacks the
        phrase's words (none close enough either), so that no stretch of it can hold them."""
        return self.may_hold_missing(wanted.difference(present), wanted)

    def may_hold_missing(self, missing: frozenset[str], wanted: frozenset[str]) -> bool:
        """may_hold_words of a phrase's words `wanted`, of which the message lacks `missing`."""
        if not missing:
            return True
        spare = 1 if len(wanted) >= 5 else 0
        long = []
        for t in missing:
            if t[0] >= "\u3400" or t.isdigit():
                continue
            if len(t) > 3:
                long.append(t)
            elif spare == 0:
                return False
            else:
                spare -= 1
        if len(long) <= spare:
            return True
        for t in long:
            if not self.close(t):
                if spare == 0:
                    return False
                spare -= 1
        return True

    def too_far(self, missing: frozenset[str], spare: int) -> bool:
        """Whether more than `spare` of a phrase's long words the message lacks are not close
        either (the last step of may_hold_missing)."""
        for t in missing:
            if not self.close(t):
                if spare == 0:
                    return True
                spare -= 1
        return False

    def close(self, t: str) -> bool:
        """Whether a word of the message is t, holds t, or is t misspelt."""
        near = self._near
        if near is None:
            near = self._near = {}
        found = near.get(t)
        if found is None:
            if t in self.norm:
                found = True
            else:
                words = self._near_length(len(t))
                found = bool(words) and (
                    extractOne(t, words, scorer=fuzz.ratio, score_cutoff=TYPO_RATIO) is not None
                )
            near[t] = found
        return found

    def _near_length(self, n: int) -> list[str]:
        found = self._near_len.get(n)
        if found is None:
            found = self._near_len[n] = self._near_length_of(n)
        return found

    def _near_length_of(self, n: int) -> list[str]:
        """The message's tokens that can be as close as TYPO_RATIO to a word of n characters,
        by length: fuzz.ratio is at most 100 * (1 - |a - b| / (a + b)) for lengths a and b,
        below 75 when 4 * |a - b| > a + b. Only they are compared (the same answer, sooner)."""
        by_len = self._by_len
        if by_len is None:
            words = sorted(self.every_token(), key=len)
            by_len = self._by_len = (list(map(len, words)), words)
        sizes, words = by_len
        # 4 * |size - n| <= size + n: 5 * size >= 3 * n and 3 * size <= 5 * n
        return words[bisect_left(sizes, (3 * n + 4) // 5) : bisect_right(sizes, 5 * n // 3)]

    def denied(self, start: int, end: int, phrase: str) -> bool:
        """Whether the phrase that matched start..end is advice or a warning, not a lure: a
        negation just before it or inside it (one the phrase has not), or a Chinese warning
        frame after it. Kept per stretch, and whether the phrase holds a negation itself."""
        key = start, end, _has_negation(phrase)
        memo = self._denied
        if memo is None:
            memo = self._denied = {}
        found = memo.get(key)
        if found is None:
            found = memo[key] = (
                self.negated(start) or self.negates_inside(start, end, phrase) or self.warned(end)
            )
        return found

    def negates_inside(self, start: int, end: int, phrase: str) -> bool:
        """Whether the stretch that matched a phrase holds a negation the phrase has not ('your
        account has not been suspended')."""
        last = self.piece_at(end - 1 if end > start else start)
        inside = self.words[self.piece_at(start) : last + 1]
        return not _NEGATIONS.isdisjoint(inside) and not _has_negation(phrase)

    def negated(self, start: int) -> bool:
        """Whether a negation stands just before the phrase that starts at start."""
        i = self.piece_at(start)
        before = self.words[i][: max(start - self.starts[i], 0)]
        if not before and i > 0:
            before = self.words[i - 1]
        if before and before[-1] >= "\u3400":
            return _zh_negated(before)
        for k in range(i - 1, max(i - 1 - _NEGATION_GAP, -1), -1):
            w = self.words[k]
            if w in _NEGATIONS:
                return True
            if w not in _GAP_WORDS:
                return False
        return False

    def warned(self, end: int) -> bool:
        """Whether a Chinese warning frame follows the phrase that ends at end ('...都是詐騙')."""
        after = self.norm[end : end + _ZH_LOOK]
        if not after or (after[0] < "\u3400" and after[0] != " "):
            return False
        for frame in _ZH_WARNINGS:
            at = after.find(frame)
            if at >= 0 and not after[:at].endswith(_ZH_DENIALS_F):
                return True
        return False


@lru_cache(maxsize=65536)
def _has_negation(phrase: str) -> bool:
    """Whether a (folded) phrase holds a negation word of its own."""
    return not _NEGATIONS.isdisjoint(phrase.split(" "))


def _zh_negated(before: str) -> bool:
    """Whether Chinese text ends in a negation, maybe followed by a few small words."""
    for _ in range(4):
        if before.endswith(_ZH_NEGATIONS):
            return True
        gap = next((g for g in _ZH_GAP if before.endswith(g)), None)
        if gap is None:
            return False
        before = before[: -len(gap)]
    return False


@dataclass
class PhraseIndex:
    phrases: list[IndexedPhrase] = field(default_factory=list)
    # anchor token -> phrases found by that token alone (phrases of one or two tokens)
    anchors: dict[str, list[int]] = field(default_factory=dict)
    # two anchor tokens (in sorted order) -> phrases that hold both among their (up to four)
    # anchors: longer phrases need two of them in the message, close together
    paired: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    # every token that is one of a pair, and how far apart (characters) two anchors of one
    # phrase can be
    pair_tokens: frozenset[str] = frozenset()
    reach: int = 0
    reaches: list[int] = field(default_factory=list)
    plain: list[int] = field(default_factory=list)  # phrases of stopwords only
    # phrase -> its tokens, and how many of them a message must hold for rapidfuzz to be worth
    # asking: half (a phrase with more than half of its words misspelt is not a match anyway)
    token_sets: list[frozenset[str]] = field(default_factory=list)
    needed: list[int] = field(default_factory=list)
    anchor_keys: frozenset[str] = frozenset()  # every token that can point to a phrase
    # what match() asks of each phrase before rapidfuzz, computed once: how many of its words a
    # message may lack (len - needed), and how many of those may cost (_Misses) when the phrase
    # is fuzzy (-1: an exact phrase, found by its words only)
    slack: list[int] = field(default_factory=list)
    spare: list[int] = field(default_factory=list)
    # the phrases' words by what lacking one costs (may_hold_missing): a short word one spare
    # word, a long one a spare word unless the message holds it misspelt (Chinese and numbers
    # cost nothing)
    short_words: frozenset[str] = frozenset()
    long_words: frozenset[str] = frozenset()
    # paired, by either token of a pair: token -> the other token -> the phrases (no pair tuple
    # made per pair of message tokens looked at)
    partners: dict[str, dict[str, list[int]]] = field(default_factory=dict)

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
            t = tokens(norm)
            toks.append(t)
            df.update(t)
        single: dict[str, list[int]] = defaultdict(list)
        paired: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, t in enumerate(toks):
            if not t:  # small words only ('get in now'): no anchor, looked for in every message
                idx.plain.append(i)
                continue
            rarest = sorted(t, key=lambda x: (df[x], -len(x), x))[:ANCHORS]
            if len(rarest) <= 2:
                for anchor in rarest:
                    single[anchor].append(i)
            else:
                for pair in combinations(sorted(rarest), 2):
                    paired[pair].append(i)
                idx.reach = max(idx.reach, _reach(idx.phrases[i].norm))
        idx.reaches = [_reach(p.norm) for p in idx.phrases]
        idx.token_sets = [frozenset(t) for t in toks]
        idx.needed = [(len(t) + 1) // 2 for t in toks]
        idx.anchors = dict(single)
        idx.paired = dict(paired)
        idx.pair_tokens = frozenset(chain.from_iterable(paired))
        idx.anchor_keys = idx.pair_tokens | frozenset(single)
        idx.slack = [len(t) - n for t, n in zip(toks, idx.needed, strict=True)]
        idx.spare = [
            -1 if p.cutoff >= 100 else (1 if len(t) >= 5 else 0)
            for p, t in zip(idx.phrases, toks, strict=True)
        ]
        words = {t for t in chain.from_iterable(toks) if t[0] < "\u3400" and not t.isdigit()}
        idx.short_words = frozenset(t for t in words if len(t) <= 3)
        idx.long_words = frozenset(t for t in words if len(t) > 3)
        partners: dict[str, dict[str, list[int]]] = {}
        for (a, b), hits in idx.paired.items():
            partners.setdefault(a, {})[b] = hits
            partners.setdefault(b, {})[a] = hits
        idx.partners = partners
        return idx

    def _windows(
        self, normalized: str, seq: list[tuple[str, int]] | None = None
    ) -> dict[int, list[int]]:
        """Phrases worth a fuzzy comparison, each with the stretch of the message it may be in
        and how many anchor pairs (or single anchors) point there. seq: the message's anchor
        tokens in order, with where each starts (all its tokens will do)."""
        if seq is None:
            seq = _sequence(normalized)
        found: dict[int, list[int]] = {}
        single, reaches = self.anchors, self.reaches
        if single:
            for tok, at in seq:
                for i in single.get(tok, ()):
                    f = found.get(i)
                    if f is None:
                        found[i] = [at, at, 1]
                    else:
                        f[1] = at
                        f[2] += 1
        pair_tokens = self.pair_tokens
        pair_seq = [x for x in seq if x[0] in pair_tokens]
        reach = self.reach
        n = len(pair_seq)
        partners = self.partners
        for k in range(n - 1):
            a, at = pair_seq[k]
            with_a = partners[a]
            for m in range(k + 1, n):
                b, bt = pair_seq[m]
                if bt - at > reach:
                    break
                hits = with_a.get(b)  # never a itself: a pair is two tokens
                if hits is None:
                    continue
                gap = bt - at
                for i in hits:
                    if gap > reaches[i]:
                        continue
                    f = found.get(i)
                    if f is None:
                        found[i] = [at, bt, 1]
                    else:  # at never decreases: the first pair holds the lowest
                        if bt > f[1]:
                            f[1] = bt
                        f[2] += 1
        if len(found) > MAX_CANDIDATES:
            keep = sorted(found, key=lambda i: (-found[i][2], i))[:MAX_CANDIDATES]
            found = {i: found[i] for i in keep}
        for i in self.plain:
            found[i] = [0, len(normalized), 1]
        return found

    def candidates(self, normalized: str) -> list[int]:
        """Phrases worth a fuzzy comparison, in index order; at most MAX_CANDIDATES of them,
        those with the most anchors in the message first."""
        return sorted(self._windows(normalized))

    def match(self, text: str) -> list[PhraseMatch]:
        """Every phrase found in text, fuzzily, with where it matched (not those negated)."""
        msg = _Folded(text)
        norm = msg.norm
        if not norm:
            return []
        present = msg.present()
        keys = present & self.anchor_keys
        if not keys and not self.plain:
            return []
        windows = self._windows(norm, msg.sequence(keys))
        todo = self._wanted(msg, present, list(windows))
        found = []
        for i, held in sorted(todo):  # in index order, as _one_per_stretch breaks ties by it
            lo, hi, _ = windows[i]
            if (m := self._found(msg, i, lo, hi, present, held, checked=True)) is not None:
                found.append(m)
        return _one_per_stretch(found)

    def _wanted(self, msg: _Folded, present: set[str], cands: list[int]) -> list[tuple[int, int]]:
        """The candidates that hold enough of their words (or close ones) for _found, each
        with how many of its words the message holds."""
        token_sets = self.token_sets
        wanted = list(map(token_sets.__getitem__, cands))
        missing = list(map(frozenset.difference, wanted, repeat(present)))
        enough = map(le, map(len, missing), map(self.slack.__getitem__, cands))
        spare = self.spare
        short, long = self.short_words, self.long_words
        todo: list[tuple[int, int]] = []
        for i, have, lack in compress(zip(cands, wanted, missing, strict=True), enough):
            # what _found asks first (may_hold_missing), asked here: a fuzzy phrase whose
            # words the message lacks (nor close ones) is not found (nor by its words in
            # order: one of them lacks); the set operations first, close() only if needed
            if lack and (sp := spare[i]) >= 0:
                if (sp := sp - len(lack & short)) < 0:
                    continue
                far = lack & long
                if len(far) > sp and msg.too_far(far, sp):
                    continue
            todo.append((i, len(have) - len(lack)))
        return todo

    def _found(
        self,
        msg: _Folded,
        i: int,
        lo: int,
        hi: int,
        present: set[str],
        held: int,
        prefilter: bool = True,
        checked: bool = False,
    ) -> PhraseMatch | None:
        """Phrase i in the stretch lo..hi of the message (widened by the phrase's length), by
        the rules a match must pass: rapidfuzz at the phrase's cut-off, the whole phrase and
        its words in the stretch, or its words in order with a word or two between them; not
        negated nor a warning."""
        p = self.phrases[i]
        norm = msg.norm
        hit: tuple[float, int, int] | None = None
        if p.cutoff >= 100:
            start = _find_word(norm, p.norm)
            if start >= 0:
                hit = 100.0, start, start + len(p.norm)
        else:
            size = len(p.norm)
            lo = lo - size if lo > size else 0
            # the words first: a stretch too short of the phrase's words is not worth
            # rapidfuzz, and a stretch inside this one holds no more of them
            al = (
                fuzz.partial_ratio_alignment(
                    p.norm, norm[lo : hi + 2 * size], score_cutoff=p.cutoff
                )
                if not prefilter or checked or msg.may_hold_words(self.token_sets[i], present)
                else None
            )
            if al is not None:
                start, end = lo + al.dest_start, lo + al.dest_end
                if (
                    # the whole phrase in the message, not the message (a piece of the phrase:
                    # '助記詞' for '助記詞發給') inside the phrase
                    (end - start) * 100 >= size * p.cutoff
                    and (al.src_end - al.src_start) * 100 >= size * p.cutoff
                    and msg.holds_words(self.token_sets[i], start, end)
                ):
                    hit = al.score, start, end
        if hit is None and held == len(self.token_sets[i]):
            hit = msg.gapped(p.norm)
        if hit is None:
            return None
        score, start, end = hit
        # rapidfuzz may place an alignment of equal score a character off: on the space
        # before the phrase, or past its first characters ('入助記詞 以驗證錢包' for
        # '輸入助記詞以驗證錢包'). The negation is read from where the phrase itself starts,
        # so 'never 輸入助記詞' and '不要輸入助記詞' are negated however the stretch was cut
        # (the whole-message baseline and the windowed index disagreed on such a text)
        while start < end and norm[start] == " ":
            start += 1
        if p.norm[0] >= "\u3400":  # a Latin word is read whole before it, wherever cut
            start -= next((k for k in range(min(3, start), 0, -1)
                           if norm[start - k : start] == p.norm[:k]), 0)  # fmt: skip
        if msg.denied(start, end, p.norm):
            return None
        s, e, words = msg.span(start, end)
        return PhraseMatch(p, score, s, e, words)

    def naive_match(self, text: str) -> list[PhraseMatch]:
        """The baseline the index is measured against: every phrase compared with the whole
        message by rapidfuzz, no anchors, no candidates, no prefilter; then the same rules as
        match() on what rapidfuzz accepts. What match() finds should be what this finds, much
        sooner: the benchmark measures both, side by side."""
        msg = _Folded(text)
        if not msg.norm:
            return []
        present = msg.present()
        found = []
        for i, toks in enumerate(self.token_sets):
            m = self._found(msg, i, 0, len(msg.norm), present, len(toks & present), False)
            if m is not None:
                found.append(m)
        return _one_per_stretch(found)


def _one_per_stretch(found: list[PhraseMatch]) -> list[PhraseMatch]:
    """One stretch of a message counts once per category: of phrases of one category that
    matched (nearly) the same words ('your account has been blocked' and '... suspended' on a
    message that says neither exactly), the closest stays. A phrase inside a longer one
    still counts on its own."""
    if len(found) < 2:
        return found
    kept: list[PhraseMatch] = []
    for m in sorted(found, key=lambda m: (-m.score, -m.phrase.weight)):
        if not any(
            k.phrase.category == m.phrase.category
            and min(k.end, m.end) - max(k.start, m.start)
            >= 0.8 * max(k.end - k.start, m.end - m.start)
            for k in kept
        ):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _reach(norm: str) -> int:
    """How far apart two anchors of one occurrence of a phrase can start."""
    return len(norm) + 8


def _find_word(haystack: str, needle: str) -> int:
    """Exact occurrence on word boundaries (any position for Chinese: a Latin word ends at a
    space or a Chinese character)."""
    start = 0
    left_cjk, right_cjk = needle[0] >= "\u3400", needle[-1] >= "\u3400"
    while (pos := haystack.find(needle, start)) >= 0:
        end = pos + len(needle)
        left_ok = left_cjk or pos == 0 or haystack[pos - 1] == " " or haystack[pos - 1] >= "\u3400"
        right_ok = (
            right_cjk or end == len(haystack) or haystack[end] == " " or haystack[end] >= "\u3400"
        )
        if left_ok and right_ok:
            return pos
        start = pos + 1
    return -1


# --- quoting the message as written ------------------------------------------------------


class _Key(NamedTuple):
    """Key characters of a text and the way back: runs of key characters, each starting at
    `starts[r]` in the key and `at[r]` in the text, one text character per key character (or
    all on one, for a character that folds to several: 'ß' is 'ss')."""

    chars: str
    starts: list[int]
    at: list[int]
    linear: list[bool]

    def add(self, start: int, at: int, linear: bool) -> None:
        self.starts.append(start)
        self.at.append(at)
        self.linear.append(linear)

    def pos(self, i: int) -> int:
        """Where in the text key character i comes from."""
        r = bisect_right(self.starts, i) - 1
        return self.at[r] + (i - self.starts[r] if self.linear[r] else 0)


def _key_chars(text: str) -> _Key:
    """The characters phrases are compared on, folded one by one (case, NFKC, Simplified), with
    where each comes from; separators, punctuation and invisibles left out. ASCII stretches
    are read a word at a time, other characters one by one, and a stretch of characters that
    each fold to one character is one run (where a key character comes from is then counted,
    not stored: the same answers from fewer runs).

    Speed: every phrase finding is quoted from this, for the message and its matched form, so
    it runs twice per message with a phrase: the ASCII words are taken by one regular
    expression pass and the runs are built in local lists (about a quarter of the time of a
    call per character)."""
    starts: list[int] = []
    at: list[int] = []
    linear: list[bool] = []
    parts: list[str] = []
    if text.isascii():  # the usual English message: one pass, no character loop
        _ascii_runs(text.lower(), 0, 0, starts, at, parts)
        return _Key("".join(parts), starts, at, [True] * len(at))
    n = 0
    for m in _KEY_CHUNK.finditer(text):
        chunk = m.group()
        base = m.start()
        if chunk.isascii():
            n = _ascii_runs(chunk.lower(), base, n, starts, at, parts)
            linear.extend([True] * (len(at) - len(linear)))
            continue
        folded = list(map(_key_char, chunk))
        try:  # each character's folded length, as bytes: the runs are then found in C
            sizes = bytes(map(len, folded))
        except ValueError:  # pragma: no cover - no character folds to 256 or more
            sizes = bytes(min(len(f), 2) for f in folded)
        for r in _KEY_RUNS.finditer(sizes):
            a, b = r.span()
            piece = "".join(folded[a:b])
            starts.append(n)
            at.append(base + a)
            linear.append(sizes[a] == 1)
            parts.append(piece)
            n += len(piece)
    return _Key("".join(parts), starts, at, linear)


def _ascii_runs(
    low: str, base: int, n: int, starts: list[int], at: list[int], parts: list[str]
) -> int:
    """The key words of an ASCII stretch (lower case) that starts at base in the text and at
    n in the key, added to the runs; the key's length after them."""
    words = _KEY_ASCII.findall(low)
    if not words:
        return n
    at.extend(m.start() + base for m in _KEY_ASCII.finditer(low))
    ends = list(accumulate(map(len, words), initial=n))
    starts.extend(ends[:-1])
    parts.extend(words)
    return ends[-1]


_KEY_CHUNK = compiled.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")
_KEY_ASCII = compiled.compile(r"[a-z0-9@$%]+")
# in the folded lengths of a stretch of characters: one-for-one runs, and each character that
# folds to several (those folding to none are left out)
_KEY_RUNS = re.compile(rb"\x01+|[^\x00\x01]")


@lru_cache(maxsize=4096)
def _key_char(c: str) -> str:
    s = clean_text(c).casefold()
    if has_han(s):
        s = _fold_cjk(s)
    return "".join(_PIECE.findall(s))


@lru_cache(maxsize=16)
def _written(text: str) -> tuple[_Key, _Key]:
    """The key characters of the matched form of text (where PhraseMatch offsets count) and of
    text itself."""
    return _key_chars(" ".join(_pieces(text))), _key_chars(text)


def as_written(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Where a phrase match (start, end: PhraseMatch offsets) is in text, and the exact slice
    of text: the reader's own characters (Traditional stays Traditional, case and punctuation
    as typed), not the folded form matching sees. None if it cannot be found."""
    if text.isascii():
        return _as_written_ascii(text, start, end)
    return _as_written_folded(text, start, end)


def _as_written_folded(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """as_written for any text: the key characters of the matched form and of the text."""
    surface, key = _written(text)
    at, to = _key_index(surface, start), _key_index(surface, end)
    want = surface.chars[at:to]
    if not want:
        return None
    if key.chars[at : at + len(want)] != want:  # folding one character at a time differed
        hits = [m.start() for m in re.finditer(re.escape(want), key.chars)]
        if not hits:
            return None
        at = min(hits, key=lambda h: abs(h - at))
    s, e = key.pos(at), key.pos(at + len(want) - 1) + 1
    return s, e, text[s:e]


@lru_cache(maxsize=16)
def _written_ascii(text: str) -> tuple[str, _Key]:
    return " ".join(_pieces(text)), _key_chars(text)


def _as_written_ascii(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """as_written for ASCII text, whose matched form is its key words (lower case) joined by
    spaces: the matched form's key characters are then the text's own, in the same order, and
    those before a position are the characters before it that are no space."""
    surface, key = _written_ascii(text)
    size = len(key.chars)
    at = min(start - surface.count(" ", 0, start), size)
    to = min(end - surface.count(" ", 0, end), size)
    if to <= at:
        return None
    s, e = key.pos(at), key.pos(to - 1) + 1
    return s, e, text[s:e]


def _key_index(key: _Key, pos: int) -> int:
    """How many key characters come from text before pos."""
    r = bisect_left(key.at, pos)
    if r == 0:
        return 0
    prev = r - 1  # the run before pos: all of it, or the part before pos
    size = (key.starts[r] if r < len(key.starts) else len(key.chars)) - key.starts[prev]
    inside = pos - key.at[prev] if key.linear[prev] else size
    return key.starts[prev] + min(inside, size)
