"""The poisoning guard: what may never be marked as a scam without an admin override.

Pure functions over the brands and regions of the knowledge base. The store applies them to
every path that can publish (police API, bulk files, the bot, review decisions) and
`kb load` to the files it loads:

- official channels of brands (domains and their subdomains, handles, e-mails, phones,
  addresses), and every region's police and anti-scam contacts (phones, sites, e-mails):
  "report it to Action Fraud on 0300 ..." must never come back `high`;
- whole platforms (user-content hosts, URL shorteners, t.me, github.com): one scam page on
  them is reported as its full URL or handle, never as the platform;
- phrases without substance: a phrase that is an official name or domain, or holds fewer
  than MIN_WORDS words (official names left out) with MIN_DISTINCTIVE of them not common
  words in English, or MIN_CJK Chinese characters, would flag ordinary messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot import compiled
from bot.chains import address_key
from bot.domains import USER_CONTENT
from bot.indicators import normalize_phone, parse_link, suffixes

if TYPE_CHECKING:  # the engine's index keeps a Protected: a one-shot check never loads pydantic
    from bot.knowledge import Brand, Region

MIN_WORDS = 2  # words a phrase in a spaced language needs, official names left out
MIN_DISTINCTIVE = 1  # of which not in COMMON_WORDS
MIN_CJK = 2  # Chinese characters a phrase needs, official names and common words left out
# Whole platforms besides the user-content hosts and shorteners of bot/data.
PLATFORMS = frozenset({"t.me", "telegram.me", "telegram.org", "github.com", "wa.me"})
# Words too common in ordinary messages to carry a phrase (besides the phrase matcher's gap
# words): greetings, courtesy, the names of the coins and of the web itself.
COMMON_WORDS = frozenset(
    """
    a an the and or but to of in on at by for from with as is are was were be been it its this
    that these those you your yours we our us i me my he she they them their his her do does
    did have has had will would can could should may might must shall not no yes ok okay hi
    hello hey dear thanks thank please sorry welcome good morning evening night day today now
    new here there what when where who why how all any some more most very just also only so
    if then than too up out get got go going come make take give send sent see let know
    bitcoin btc eth ether ethereum usdt usdc crypto cryptocurrency coin coins token tokens
    wallet wallets money cash http https www com net org io link site website app account
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_ZH = "你好 您好 謝謝 多謝 唔該 請問 早晨 晚安 比特幣 以太幣 加密貨幣 錢包 網站 連結 帳戶 賬戶"
COMMON_ZH = (*_ZH.split(), *"你您我的了是在有和嗎呢啊喇呀")  # and single characters
_WORD = compiled.compile(r"[^\W_]+")
_CJK = compiled.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Protected:
    """The indicators no one may mark as a scam, with whose they are."""

    hosts: dict[str, str] = field(default_factory=dict)  # host -> owner (subdomains too)
    exact: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> owner
    names: frozenset[str] = frozenset()  # official names, keywords and domains, lower case

    @classmethod
    def build(cls, brands: Iterable[Brand], regions: Iterable[Region]) -> Protected:
        hosts: dict[str, str] = {}
        exact: dict[tuple[str, str], str] = {}
        names: set[str] = set()
        for b in brands:
            for d in b.domains:
                hosts.setdefault(d.lower().removeprefix("www."), b.name)
                names.add(d.lower())
            names.update(w.lower() for w in (b.name, *b.keywords))
            for kind, values, key in (
                ("handle", b.handles, lambda v: v.lower().lstrip("@")),
                ("email", b.emails, str.lower),
                ("phone", b.phones, normalize_phone),
                ("address", b.addresses, address_key),
            ):
                for v in values:
                    if k := key(v):
                        exact.setdefault((kind, k), b.name)
        for r in regions:
            for c in r.contacts:
                owner = f"{c.name.en} ({r.code})"
                if c.phone and (k := normalize_phone(c.phone, r.phone_region)):
                    exact.setdefault(("phone", k), owner)
                if c.email:
                    exact.setdefault(("email", c.email.lower()), owner)
                    hosts.setdefault(c.email.lower().rsplit("@", 1)[-1], owner)
                if c.url and (link := parse_link(c.url)) is not None:
                    hosts.setdefault(link.host.removeprefix("www."), owner)
                    names.add(link.host.removeprefix("www."))
                names.add(c.name.en.lower())
        return cls(hosts, exact, frozenset(n for n in names if n))

    def owner(self, kind: str, key: str) -> str | None:
        """Whose official channel or contact (kind, key) is, if anyone's."""
        if (who := self.exact.get((kind, key))) is not None:
            return who
        if kind not in ("domain", "url", "email"):
            return None
        host = key.split("/")[0].rsplit("@", 1)[-1].removeprefix("www.")
        parts = host.split(".")
        for i in range(len(parts) - 1):
            if (who := self.hosts.get(".".join(parts[i:]))) is not None:
                return who
        return None


# Addresses no one holds the key to (the zero address, burn addresses, the native-token
# placeholder): token pages, explorers and burn notices quote them, so listing one would flag
# ordinary messages, and no scammer receives funds there. Keys as reported_key gives them.
NOBODYS_ADDRESSES = frozenset(
    {
        "0x0000000000000000000000000000000000000000",
        "0x000000000000000000000000000000000000dead",
        "0xdead000000000000000042069420694206942069",
        "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
        "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb",  # TRON's zero address
        "1BitcoinEaterAddressDontSendf59kuE",
    }
)


def refusal(kind: str, key: str, value: str, protected: Protected) -> str | None:
    """Why (kind, key) may not be marked as a scam without an admin override, or None."""
    if (who := protected.owner(kind, key)) is not None:
        return (
            f"{value} is on the official list of {who}: it cannot be marked as a scam"
            " without an admin override"
        )
    if kind == "domain" and is_platform(key):
        return (
            f"{value} is a whole platform where anyone can publish: report the full URL of the"
            " page or the handle instead"
        )
    if kind == "domain" and is_public_suffix(key):
        return (
            f"{value} is a public suffix: the sites under it belong to different owners"
            f" (report the one site, e.g. scam-shop.{value}, or its full URL)"
        )
    if kind == "address" and key in NOBODYS_ADDRESSES:
        return (
            f"{value} is no one's address (a zero or burn address that token pages and notices"
            " quote): report the address the victim paid to"
        )
    if kind == "phrase":
        return phrase_refusal(value, protected)
    return None


def is_public_suffix(host: str) -> bool:
    """Whether host is itself a public suffix (com.hk, co.uk, vercel.app): reported domains
    are looked up by every parent of a link's host, so listing one would flag every site
    under it."""
    host = host.lower().strip(".")
    return "." in host and suffixes(host).public == host


def is_platform(host: str) -> bool:
    """Whether host is a whole platform (not one user's part of it)."""
    host = host.lower().removeprefix("www.")
    return host in PLATFORMS or host in USER_CONTENT


def phrase_refusal(text: str, protected: Protected) -> str | None:
    """Why a phrase is too thin, or too official, to go live; None if it may."""
    lowered = text.casefold().strip()
    if lowered in protected.names or lowered.removeprefix("www.") in protected.hosts:
        return f"'{text}' is an official name or site: it cannot be a scam phrase"
    rest = lowered
    for name in sorted(protected.names, key=len, reverse=True):
        if len(name) >= 3 and name in rest:
            rest = rest.replace(name, " ")
    if _CJK.search(lowered):
        for word in sorted(COMMON_ZH, key=len, reverse=True):
            rest = rest.replace(word, " ")
        if len(_CJK.findall(rest)) >= MIN_CJK:
            return None
        return (
            f"'{text}' is too short to be a scam phrase: it needs {MIN_CJK} Chinese characters"
            " besides official names and common words"
        )
    words = _WORD.findall(rest)
    distinctive = {w for w in words if w not in COMMON_WORDS and not w.isdigit()}
    if len(words) >= MIN_WORDS and len(distinctive) >= MIN_DISTINCTIVE:
        return None
    return (
        f"'{text}' is too common to be a scam phrase: it needs {MIN_WORDS} words, of which"
        f" {MIN_DISTINCTIVE} not a common word, besides official names"
    )
