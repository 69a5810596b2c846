"""Text and entities -> indicators: links, addresses, phones, e-mails, Telegram handles.

Scammers obfuscate links (`hxxps://`, `example[.]com`, `(dot)`, fullwidth and zero-width
characters) to get past filters; extraction undoes that before anything is matched.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, cast
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

from bot import compiled
from bot.chains import Address, find_addresses
from bot.plain import entity_text

if TYPE_CHECKING:  # a one-shot check's message is bot.plain's (no pydantic)
    from bot import message, plain

    Entity = message.Entity | plain.Entity
    AnyMessage = message.Message | plain.Message

MAX_LINKS = 200  # per message; more are counted, not checked (10,000 links must not hang us)
MAX_PHONES = 50
# Telegram sends at most 100 entities a message; an API client may send 1,000: the links of
# the first 100 are checked, the rest counted (the verdict says `truncated`).
MAX_LINK_ENTITIES = 100
MAX_SHOWN = 200  # characters of a text_link's visible text compared with where it leads
MAX_URL_ENTITY = 4096  # a `url` entity longer than any URL a browser opens is not one
MAX_HOST = 253  # DNS's limit; a longer "host" is no site, and costs time to take apart



class _ParsedOnFirstUse:
    """A PublicSuffixList built when first asked: each parse takes about 0.1 s (it IDN-encodes
    every rule), which a one-shot check of a message without links should not pay; the parsed
    list is kept in the per-user cache (bot/prebuilt.py) for the next process."""

    def __init__(self, only_icann: bool) -> None:
        self._only_icann = only_icann
        self._psl: PublicSuffixList | None = None

    def __getattr__(self, name: str) -> Any:
        if self._psl is None:  # two threads may both parse once: harmless, same result
            from bot import prebuilt

            self._psl = prebuilt.cached(
                "psl-icann" if self._only_icann else "psl",
                (),
                lambda: PublicSuffixList(only_icann=self._only_icann),
            )
        return getattr(self._psl, name)


# includes private suffixes: user.github.io is its own site
PSL = cast(PublicSuffixList, _ParsedOnFirstUse(only_icann=False))
# registry suffixes only: github.io is one site
ICANN = cast(PublicSuffixList, _ParsedOnFirstUse(only_icann=True))


class Suffixes(NamedTuple):
    """A host's public suffixes: the registry's ending and the one with private suffixes."""

    icann: str | None  # com, co.uk; None when the ending is no registry's (evil.zzz)
    public: str | None  # the same, or a private suffix anyone publishes under (github.io)


def _library_suffixes(host: str) -> Suffixes:
    """Both suffixes as the library answers them, one walk over its rules each."""
    return Suffixes(ICANN.publicsuffix(host, accept_unknown=False), PSL.publicsuffix(host))


_RULES: list[tuple[frozenset[str], int, frozenset[str], int] | None] = []


def _rules() -> tuple[frozenset[str], int, frozenset[str], int] | None:
    """The two lists' rule sets and longest rules (the library's own, parsed once), or None
    if this version of the library keeps them otherwise (then it is asked itself)."""
    if not _RULES:
        try:
            found = (ICANN._publicsuffix, ICANN._maxlabel, PSL._publicsuffix, PSL._maxlabel)
            ok = all(isinstance(x, frozenset) for x in found[::2]) and \
                all(isinstance(x, int) for x in found[1::2])
        except AttributeError:
            ok = False
        _RULES.append(found if ok else None)  # type: ignore[arg-type]
    return _RULES[0]


def _decided(rules: frozenset[str], s: str, exception: str, wildcard: str, depth: int,
             whole: bool) -> int:
    """How many labels the suffix has if a rule decides it at s (depth labels, the whole host
    or not), or -1: an exception, then a wildcard, then the rule itself."""
    if exception in rules:
        return depth - 1
    if wildcard in rules:
        return depth if whole else depth + 1
    return depth if s in rules else -1


# Each look-up once per host: parsing a link, reading its name and the learned model all ask
# for them.
@lru_cache(maxsize=65536)
def suffixes(host: str) -> Suffixes:
    """Both suffixes of a host, exactly as PublicSuffixList.publicsuffix answers them (the
    registry's list with unknown endings refused, the whole list with them accepted), from
    one walk over the host's labels: the library walks its rules once per list, in Python,
    about a tenth of a bulk host check for the two."""
    rules = _rules()
    if rules is None:
        return _library_suffixes(host)
    icann_rules, icann_max, all_rules, all_max = rules
    if host.endswith("."):
        host = host[:-1]
    labels = host.lower().split(".")
    if "" in labels:
        return Suffixes(None, None)
    n = len(labels)
    # How many labels each suffix has (-1: not decided yet), as the library's _countpublic:
    # longest first, and at each length an exception, then a wildcard, then the rule itself.
    icann = -1
    public = 1 if n == 1 else -1  # a lone label is its own suffix when unknown ones count
    icann_from, all_from = max(0, n - (icann_max + 1)), max(0, n - (all_max + 1))
    for i in range(min(icann_from, all_from), n):
        depth = n - i
        s = ".".join(labels[i:])
        exception, wildcard = "!" + s, "*." + s
        if icann < 0 and i >= icann_from:
            icann = _decided(icann_rules, s, exception, wildcard, depth, i == 0)
        if public < 0 and i >= all_from:
            public = _decided(all_rules, s, exception, wildcard, depth, i == 0)
        if icann >= 0 and public >= 0:
            break
    icann = max(icann, 0)  # an unknown ending: no registry's
    public = 1 if public < 0 else public  # an unknown ending: the last label
    return Suffixes(".".join(labels[-icann:]) if 0 < icann <= n else None,
                    ".".join(labels[-public:]) if 0 < public <= n else None)


@lru_cache(maxsize=65536)
def parent_domains(host: str) -> tuple[str, ...]:
    """The host and each domain it is under, longest first, down to two labels (a.b.c.com:
    a.b.c.com, b.c.com, c.com): what official, reported and platform lists are looked up by."""
    parts = host.split(".")
    return tuple(".".join(parts[i:]) for i in range(len(parts) - 1))


def public_suffix(host: str) -> str:
    """The suffix a site is published under (private ones count: vercel.app), or the last
    label for an ending no list knows."""
    return suffixes(host).public or host.rsplit(".", 1)[-1]


def registrable_under(host: str, suffix: str | None) -> str | None:
    """The suffix and the label before it (what PublicSuffixList.privatesuffix answers), or
    None when the host is the suffix itself."""
    if not suffix or not host.endswith("." + suffix):
        return None
    label = host[: -len(suffix) - 1].rsplit(".", 1)[-1]
    return f"{label}.{suffix}" if label else None

_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
        "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
        "\ufeff",
    ),
    None,
)
# Spaces around a defanged dot are bounded ({0,8}): with `\s*`, a long run of spaces was
# scanned again from every one of its positions (quadratic).
# Each with strings one of which (lower-cased) every match holds: a message without them is
# not searched for it (most messages that hold one hint hold few of the others).
_DEFANG = [
    (compiled.compile(r"\bh(?:xx|\*\*|tt)p(s?)(?:\[:\]|:)//", re.I), r"http\1://", ("//",)),
    (
        compiled.compile(
            r"\s{0,8}(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|<dot>)\s{0,8}", re.I
        ),
        ".",
        ("[", "(", "{", "<"),
    ),
    (
        compiled.compile(r"(?<=[a-z0-9])\s{1,8}(?:dot|點|点)\s{1,8}(?=[a-z0-9]{2,}\b)", re.I),
        ".",
        ("dot", "點", "点"),
    ),
    (compiled.compile(r"\[:\]|\(:\)"), ":", ("[:]", "(:)")),
    (compiled.compile(r"\[/\]"), "/", ("[/]",)),
    (compiled.compile(r"[。｡]"), ".", ("。", "｡")),
]
# Letters a bare domain may hold: Latin, Greek, Cyrillic... (homographs need them) but not
# CJK, kana, Hangul or fullwidth forms. Chinese text runs into links without a space
# ("請登入binance-verify.com查看"); taking the ideographs as part of the host would hide the
# link. A Chinese-script domain is still found when written with its scheme.
_IDN = r"\u00a1-\u2e7f\ua000-\uabff\ud7b0-\uf8ff\ufb00-\ufe2f\ufe50-\ufeff"
_HOST_CHARS = rf"[a-z0-9{_IDN}](?:[a-z0-9{_IDN}-]{{0,61}}[a-z0-9{_IDN}])?"
_CJK = r"\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_URL = compiled.compile(
    rf"(?:(?:https?|ftp)://|www\.)[^\s<>\"'`\]\[{{}}|\\^/?#,;!]+(?:[/?#][^\s<>\"'`{_CJK}]*)?"
    rf"|(?<![a-z0-9_@./{_IDN}-])(?:{_HOST_CHARS}\.)+(?:[a-z{_IDN}]{{2,63}}|xn--[a-z0-9-]{{2,59}})"
    rf"(?![a-z0-9_@{_IDN}-])(?:/[^\s<>\"'`{_CJK}]*)?",
    re.I,
)
# A link holds '://' or a dot before a letter: only the stretches between spaces that hold one
# are searched with _URL (no match crosses a space), four times faster on ordinary text.
_LINK_HINT = compiled.compile(r"\.[^\s.]|://")
_SPACE = compiled.compile(r"\s")
_EMAIL = compiled.compile(r"(?<![\w.+-])[\w.+-]{1,64}@(?:[\w-]{1,63}\.)+[a-z]{2,63}\b", re.I)
_HANDLE = compiled.compile(r"(?<![\w@./])@([A-Za-z][A-Za-z0-9_]{3,31})\b")
# A run that may be a phone number (phonenumbers is asked only then). `\+?\(?` in front
# changes no answer of search() and kept the engine from skipping to the digits.
_DIGITS = compiled.compile(r"\d[\d\s().-]{5,}\d")
_TRAILING = ".,;:!?)]}>'\"»”’。，"


@dataclass(frozen=True, slots=True)
class Link:
    """A URL or bare domain, with its host in both ASCII (punycode) and Unicode form."""

    url: str
    host: str  # ASCII, lower case, punycode for IDN
    host_unicode: str
    registrable: str  # eTLD+1 with private suffixes (user.github.io)
    icann_registrable: str  # eTLD+1 with registry suffixes only (github.io)
    path: str
    is_ip: bool
    shown_as: str | None = None  # the visible text of a text_link that hides this URL
    userinfo: str = ""  # "binance.com" in http://binance.com@evil.top/: a trick to mislead


@dataclass(slots=True)
class Extracted:
    links: list[Link] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (E.164, number type)
    emails: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    links_skipped: int = 0
    text: str = ""  # the cleaned text, for look-ups that scan it (official short codes)


@lru_cache(maxsize=32)  # extraction and phrase matching both clean the same message
def clean_text(text: str) -> str:
    """NFKC, invisible characters removed: what a reader sees, in the form we can match."""
    if text.isascii():
        return text  # NFKC leaves ASCII as it is, and every invisible character is not ASCII
    s = _nfkc(text)
    # translate looks every character up in a dict: about as long as NFKC on Chinese text,
    # for characters most messages do not hold
    return s.translate(_INVISIBLE) if _HAS_INVISIBLE.search(s) else s


def _nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), sooner on Chinese text: CJK unified ideographs are
    stable code points for NFKC (no decomposition, combining class 0, in no composition), so
    the text may be normalised piece by piece between them (UAX #15, section 9), and a
    message's fullwidth punctuation no longer sends all its characters through NFKC."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    parts = _IDEOGRAPHS.split(text)
    if len(parts) < 3:
        return unicodedata.normalize("NFKC", text)
    normalize = unicodedata.normalize
    parts[::2] = [normalize("NFKC", p) if p else p for p in parts[::2]]
    return "".join(parts)


# A message pasted as HTML (an e-mail's source, a web page) or with its character references
# left in (`&nbsp;`, `&#39;`): what a reader sees is the text between the tags, and a phrase
# or tactic written for that text does not match across `&nbsp;` or a style attribute.
# HTML's element names: "<<Report.doc>>", "<snip>" and "<user@host>" are no tags
_TAG_NAMES = (
    "a|abbr|area|article|aside|b|base|big|blockquote|body|br|button|caption|center|code|col|"
    "colgroup|dd|div|dl|dt|em|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|"
    "label|li|link|main|meta|nav|nobr|ol|option|p|pre|s|script|section|select|small|span|"
    "strike|strong|style|sub|sup|table|tbody|td|textarea|tfoot|th|thead|title|tr|tt|u|ul|wbr"
)
_HTML_HINT = re.compile(
    r"&(?:[a-z]{2,8}|#\d{2,6}|#x[0-9a-f]{2,5});|<(?:/?(?:" + _TAG_NAMES + r")(?=[\s/>])|!--)", re.I
)
_HTML_TAG = re.compile(
    r"<(/?)(" + _TAG_NAMES + r")(?=[\s/>])[^<>]{0,2000}>|<!doctype[^<>]{0,400}>", re.I
)
# what is never shown: found by its opening, then its end searched once from there (linear).
# Besides style, script and comments, an element styled not to show ("display:none",
# "font-size:0"): phishing mails hide unrelated text there so that filters read a newsletter.
_HTML_HIDDEN = re.compile(
    r"<(style|script|head|title)(?=[\s/>])|<!--|<("
    + _TAG_NAMES
    + r")\s[^<>]{0,1000}?\bstyle\s*=\s*"
    r"[\"'][^\"'<>]{0,1000}?(?<![\w-])(?:display\s*:\s*none|visibility\s*:\s*hidden|"
    r"(?:font-size|max-height|height|opacity)\s*:\s*0(?:px|pt|em|%)?\s*(?:!important\s*)?"
    r"[;\"'])",
    re.I,
)
_HTML_HIDDEN_END = {
    name: re.compile(rf"</{name}\s*>", re.I) for name in ("style", "script", "head", "title")
}
_HTML_VOID = frozenset({"img", "br", "hr", "input", "meta", "link", "area", "col", "wbr"})


@lru_cache(maxsize=64)
def _same_element(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^<>]{{0,2000}}>", re.I)


def _element_end(text: str, name: str, start: int) -> int:
    """Where the element `name` opened just before `start` closes (nested ones of its name
    counted), or -1."""
    depth = 1
    for m in _same_element(name).finditer(text, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return -1
_HTML_BLOCK = frozenset(
    {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr", "td",
     "th", "ul", "ol", "center", "blockquote", "section", "article", "header", "footer",
     "body", "html"}
)
_BLANK_LINES = re.compile(r"\n{2,}")
_SPACES = re.compile(r"[ \t]{2,}")
MIN_HTML_TAGS = 3  # fewer: "<3", "a <b> c" or a quoted tag in ordinary text


def _without_hidden(text: str) -> str:
    """HTML without its style, script, head and title elements and comments."""
    out, pos = [], 0
    for m in _HTML_HIDDEN.finditer(text):
        if m.start() < pos:
            continue
        name = (m.group(1) or "").lower()
        hidden = (m.group(2) or "").lower()
        if name:
            end_match = _HTML_HIDDEN_END[name].search(text, m.end())
            end = -1 if end_match is None else end_match.end()
        elif hidden:
            tag_end = text.find(">", m.end())
            if tag_end < 0:
                break
            end = tag_end + 1 if hidden in _HTML_VOID else _element_end(text, hidden, tag_end + 1)
        else:
            found = text.find("-->", m.end())
            end = -1 if found < 0 else found + 3
        if end < 0:
            break  # never closed: the rest is left as it is
        out.append(text[pos : m.start()])
        out.append(" ")
        pos = end
    out.append(text[pos:])
    return "".join(out)


# A Latin word with a Cyrillic or Greek letter in it ("MetaMаsk", "vеrify"): a look-alike
# spelling that keeps a filter from reading the word, never how a word of either script is written.
_WORD = re.compile(r"\w+")
_GREEK_OR_CYRILLIC = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
_ASCII_LETTER = re.compile(r"[a-zA-Z]")


def _unmix(m: re.Match[str]) -> str:
    word = m.group(0)
    if _ASCII_LETTER.search(word) is None or _GREEK_OR_CYRILLIC.search(word) is None:
        return word
    from bot.domains import fold  # the look-alike table, read on first use

    out = []
    for c in word:
        p = c if c.isascii() else fold(c)[:1]
        out.append(p if p.isascii() and p.isalpha() else c)  # (not "6" for б, nor ξ for Ξ)
    return "".join(out)


# A raw e-mail pasted whole ("show original", an .eml opened as text): header lines from the
# first, among them one only a raw message has (MIME-Version, Content-Type, Received...). Its
# body may be quoted-printable or base64, which no phrase or tactic can read as it stands.
MAX_RAW_EMAIL = 1_000_000  # characters of a raw e-mail decoded (base64 is a third longer)
_HEADER_NAME = re.compile(r"([A-Za-z][\w-]{0,40}):")
_RAW_ONLY = frozenset(
    {"mime-version", "content-type", "content-transfer-encoding", "received", "return-path",
     "dkim-signature", "x-mailer", "message-id"}
)  # fmt: skip


def _is_raw_email(text: str) -> bool:
    """Whether text starts with two or more e-mail header lines, one of them a raw message's
    own ("Received: $50 from Ann" is a sentence), and a blank line after them."""
    head = text.lstrip()
    if _HEADER_NAME.match(head) is None:
        return False  # the usual message: its first word is no header name
    names: list[str] = []
    for line in head[:20_000].split("\n", 80)[:80]:
        if line[:1] in (" ", "\t") and line.strip():
            continue  # a folded header line
        m = _HEADER_NAME.match(line)
        if m is None:
            # the headers end at a blank line: a line of another kind is a message quoting
            # headers (a forwarded mail, a log), not a raw e-mail
            return not line.strip() and len(names) >= 2 and not _RAW_ONLY.isdisjoint(names)
        names.append(m.group(1).lower())
    return False


def raw_email_text(text: str) -> str | None:
    """A raw e-mail's subject and body, decoded (quoted-printable, base64, its charset) but
    otherwise as sent: the HTML body with its tags and links, else the plain one. None when
    `text` is not a raw e-mail or has no body to read."""
    if not _is_raw_email(text):
        return None
    from email import policy
    from email.parser import Parser

    try:
        msg = Parser(policy=policy.default).parsestr(text.lstrip()[: MAX_RAW_EMAIL])
        subject = " ".join(str(msg.get("subject", "") or "").split())
        body = ""
        for subtype in ("html", "plain"):
            part = msg.get_body(preferencelist=(subtype,))  # type: ignore[attr-defined]
            content = None if part is None else part.get_content()
            if isinstance(content, str) and content.strip():
                body = content
                break
    except (KeyError, LookupError, ValueError, AssertionError, AttributeError, TypeError):
        return None  # broken charsets, bad MIME: read it as it is
    if not body.strip():
        return None
    return f"Subject: {subject}\n\n{body}" if subject else body


def readable_text(text: str) -> str:
    """The text a reader sees in a message pasted as HTML or with HTML character references:
    tags dropped (block tags end a line), style and script left out, `&nbsp;` and `&#39;` as
    the characters they stand for; and Latin words spelt with Cyrillic or Greek look-alike
    letters in plain Latin. Text with none of these is returned as it is."""
    if not text.isascii() and _GREEK_OR_CYRILLIC.search(text) is not None:
        text = _WORD.sub(_unmix, text)
    if _HTML_HINT.search(text) is None:
        return text
    import html

    tags = _HTML_TAG.findall(text, 0, 200_000)
    if len(tags) >= MIN_HTML_TAGS:
        text = _without_hidden(text)
        text = _HTML_TAG.sub(
            lambda m: "\n" if (m.group(2) or "").lower() in _HTML_BLOCK else " ", text
        )
        text = html.unescape(text).replace("\xa0", " ")
        text = "\n".join(line.strip() for line in text.split("\n"))
        return _SPACES.sub(" ", _BLANK_LINES.sub("\n", text)).strip()
    return html.unescape(text).replace("\xa0", " ")


_HAS_INVISIBLE = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")
# the ideographs between which a text can be normalised piece by piece (_nfkc); the
# group keeps them in what split() returns
_IDEOGRAPHS = re.compile("([\u3400-\u4dbf\u4e00-\u9fff]+)")

_DEFANG_HINT = compiled.compile(r"[\[\(\{<。｡]|dot|點|点|h(?:xx|\*\*)p", re.I)


def has_defang_hint(text: str) -> bool:
    """`_DEFANG_HINT.search(text) is not None`, by substring tests (the pattern, an
    alternation starting with a class, case-insensitive, was tried at every place of the text:
    a tenth of `extract`). The same answer for every text: a character matches d, o, t, h, x,
    p or * ignoring case exactly when its lower case holds that letter, and then it is that
    letter (tests/test_speed_equivalence.py checks every code point)."""
    for c in _DEFANG_CHARS:
        if c in text:
            return True
    low = text.lower()
    return "dot" in low or "hxxp" in low or "h**p" in low


_DEFANG_CHARS = "[({<。｡點点"


def defang(text: str) -> str:
    """Undoes the usual ways of hiding links from filters."""
    if not has_defang_hint(text):
        return text  # the usual message: nothing to undo, six substitutions saved
    low = text.lower()  # the strings looked for have no other case than their lower one
    for pattern, repl, needs in _DEFANG:
        if any(n in low for n in needs):
            text = pattern.sub(repl, text)
            low = text.lower()
    return text


@lru_cache(maxsize=65536)
def _to_ascii(host: str) -> str | None:
    if host.isascii():
        # The idna codec leaves ASCII labels as they are (and its fallback below lowers them
        # too): only its cost, a tenth of a bulk host check, would be left.
        return host.lower()
    try:
        return host.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError):
        try:
            return ".".join(
                lab if lab.isascii() else "xn--" + lab.encode("punycode").decode()
                for lab in host.split(".")
            ).lower()
        except UnicodeError:
            return None


@lru_cache(maxsize=65536)
def _to_unicode(host: str) -> str:
    if "xn--" not in host:
        return host  # no label to decode
    try:
        return ".".join(
            lab[4:].encode().decode("punycode") if lab.startswith("xn--") else lab
            for lab in host.split(".")
        )
    except (UnicodeError, ValueError):
        return host


_BARE_HOST = compiled.compile(r"[A-Za-z0-9._-]{1,253}")
_NUMERIC_IP = compiled.compile(r"(?:0x[0-9a-f]{1,8}|\d{8,10})")


@lru_cache(maxsize=8192)  # links recur (campaigns, forwards); the PSL look-ups are costly
def parse_link(candidate: str, shown_as: str | None = None) -> Link | None:
    """A Link from a URL or bare domain, or None if it has no real host."""
    candidate = candidate.rstrip(_TRAILING)
    if _BARE_HOST.fullmatch(candidate):
        # A bare name (what bulk screening mostly reads): urlsplit would find it the host.
        parts = None
        hostname = candidate
    else:
        url = candidate if "://" in candidate else "http://" + candidate
        try:
            parts = urlsplit(url)
            hostname = parts.hostname or ""
        except ValueError:
            return None
    if not hostname:
        return None
    hostname = hostname.strip(".").lower()
    if len(hostname) > MAX_HOST:
        return None
    is_ip = _is_ip(hostname)
    host = hostname if is_ip else _to_ascii(hostname)
    if not host:
        return None
    if is_ip:
        registrable = icann_reg = host
    else:
        icann, public = suffixes(host)
        if icann is None or "." not in host:
            return None
        registrable = registrable_under(host, public) or host
        icann_reg = registrable_under(host, icann) or host
    userinfo = parts.netloc.rsplit("@", 1)[0] if parts and "@" in parts.netloc else ""
    return Link(
        candidate,
        host,
        _to_unicode(host),
        registrable,
        icann_reg,
        parts.path if parts else "",
        is_ip,
        shown_as,
        userinfo,
    )


_CJK_RUN = compiled.compile(f"[{_CJK}]")


def _link_in(candidate: str) -> Link | None:
    """A link, or the one before Chinese text that runs into it ("https://a.top登入")."""
    link = parse_link(candidate)
    if link is None and (m := _CJK_RUN.search(candidate)) is not None:
        link = parse_link(candidate[: m.start()])
    return link


def _is_ip(host: str) -> bool:
    if not (host[-1:].isdigit() or ":" in host or host.startswith("0x")):
        return False  # a name: skip the exception ipaddress raises for it
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        # Decimal or hex IPv4 ("http://3232235777/") is a classic way to hide an address.
        return bool(_NUMERIC_IP.fullmatch(host))


def _hidden_links(text: str, entities: Sequence[Entity], out: Extracted) -> list[Link]:
    links = []
    linking = [e for e in entities if e.type in ("text_link", "url")]
    out.links_skipped += max(len(linking) - MAX_LINK_ENTITIES, 0)
    for ent in linking[:MAX_LINK_ENTITIES]:
        link = None
        if ent.type == "text_link" and ent.url:
            shown = entity_text(text, ent)[:MAX_SHOWN]
            link = parse_link(clean_text(ent.url), shown_as=shown)
        elif ent.type == "url" and ent.length <= MAX_URL_ENTITY:
            link = parse_link(defang(clean_text(entity_text(text, ent))))
        if link is not None:
            links.append(link)
    return links


def _phones(text: str, region: str) -> list[tuple[str, str]]:
    if not _DIGITS.search(text):
        return []
    phonenumbers = _phonenumbers()

    number_types = _number_types()
    found: dict[str, str] = {}
    try:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID, max_tries=200
        )
        for match in matcher:
            number = match.number
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            kind = phonenumbers.number_type(number)
            found[e164] = number_types.get(kind, "other")
            if len(found) >= MAX_PHONES:
                break
    except Exception:
        return list(found.items())
    return list(found.items())


def _phonenumbers() -> Any:
    """The phonenumbers module, imported when first needed (~95 M instructions: a one-shot
    check whose message holds no run of digits never needs it), its patterns compiled through
    the machine's cache (bot/compiled.py)."""
    return compiled.import_module("phonenumbers")


@cache
def _number_types() -> dict[int, str]:
    phonenumbers = _phonenumbers()

    return {
        phonenumbers.PhoneNumberType.PREMIUM_RATE: "premium_rate",
        phonenumbers.PhoneNumberType.MOBILE: "mobile",
        phonenumbers.PhoneNumberType.FIXED_LINE: "fixed_line",
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
        phonenumbers.PhoneNumberType.TOLL_FREE: "toll_free",
        phonenumbers.PhoneNumberType.SHARED_COST: "shared_cost",
        phonenumbers.PhoneNumberType.VOIP: "voip",
        phonenumbers.PhoneNumberType.PERSONAL_NUMBER: "personal",
        phonenumbers.PhoneNumberType.UAN: "uan",
    }


def normalize_phone(raw: str, region: str = "HK") -> str | None:
    """E.164 form of one phone number (a short code as its digits), or None if it is not a
    possible number."""
    if any(c.isalpha() for c in raw):
        # 1-877-FTC-HELP: hotlines advertise letters; read as digits, not dropped
        raw = _phonenumbers().convert_alpha_characters_in_number(raw)
    digits = re.sub(r"\D", "", raw)
    if 3 <= len(digits) <= 6 and not raw.strip().startswith("+"):
        return digits  # short codes such as 18222 or 999 have no international form
    phonenumbers = _phonenumbers()  # not before: a short code alone never needs the import
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    national = str(number.national_number)
    if len(national) <= 6 and not phonenumbers.is_valid_number(number):
        # +852 18222 is the short code 18222 with its country written before it (dialled so it
        # does not connect): one key for both, so the guard's hotline and a listing meet
        return national
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _find_urls(text: str) -> Iterator[re.Match[str]]:
    """_URL.finditer(text), searching only the space-free stretches that may hold a link."""
    end = 0
    for hint in _LINK_HINT.finditer(text):
        at = hint.start()
        if at < end:
            continue  # in the stretch just searched
        # after the last common space before it: a rarer space missed only widens the stretch
        start = max(end, *(text.rfind(c, end, at) + 1 for c in " \n\t\r"))
        space = _SPACE.search(text, at)
        end = space.start() if space else len(text)
        yield from _URL.finditer(text, start, end)


def extract(message: AnyMessage, default_region: str = "HK") -> Extracted:
    """Every indicator in a message's text and entities, de-obfuscated and normalised."""
    cleaned = clean_text(message.text)
    plain = defang(cleaned)
    out = Extracted(text=cleaned)
    seen: set[str] = set()
    candidates = _hidden_links(message.text, message.entities, out)
    for m in _find_urls(plain):
        if len(candidates) >= MAX_LINKS:
            out.links_skipped += 1
            continue
        if (link := _link_in(m.group(0))) is not None:
            candidates.append(link)
    for link in candidates:
        key = link.host + link.path + (link.shown_as or "")
        if key not in seen:
            seen.add(key)
            out.links.append(link)
    out.addresses = list(find_addresses(cleaned))
    region = (message.region or default_region).upper()
    out.phones = _phones(cleaned, region if len(region) == 2 else default_region)
    # both need an @: most messages have none, and both patterns try every position
    out.emails = sorted({e.lower() for e in _EMAIL.findall(plain)}) if "@" in plain else []
    handles = {h.lower() for h in _HANDLE.findall(cleaned)} if "@" in cleaned else set()
    handles |= {
        seg
        for link in out.links
        if link.registrable in ("t.me", "telegram.me")
        and (seg := link.path.strip("/").split("/")[0].lower())
        and re.fullmatch(r"[a-z]\w{3,31}", seg)
    }
    out.handles = sorted(handles)
    return out
