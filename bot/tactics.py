"""Scam tactics: who they claim to be, what they dangle, what they demand, how they press.

Phrases know sentences; scammers reword them every day. The parts a scam is made of change far
less: a claimed identity (support, police, a friend on a new number, a mentor, a lover), a lure
(returns, prizes, airdrops, tasks, recovering lost funds, cheap OTC), a demand (send money, pay
a fee to release funds, move funds to a "safe" account, share a seed or code, install an app,
move to WhatsApp) and pressure (deadlines, freeze or arrest threats, secrecy, limited places).
Each part alone is ordinary ("send me 50 USDT" between friends, "your parcel is on its way");
their joining is what a scam looks like. `assess` turns the parts found into a level with the
reasons a person can read.

Speed: each pattern's literals (strings every match holds one of, read from the pattern) are
looked for with all others in one pass (bot/literals.py); a pattern runs only when one is there.
The list is read and compiled on first use, not at import.

Patterns live in `data/tactics.yaml`, in English and in Chinese (Simplified, with Cantonese
forms), and in `data/tactics_zh.yaml` (more Chinese forms of those tactics, and tactics of
Chinese scams of their own); Chinese text is folded to Simplified one character at a time, so
the characters quoted back are the user's own. Two kinds of Chinese hook need no demand: a
`pair` hook beside a second telling hook (a teacher and the profit made following them, a
victim's story and the money got back), and an `alone` hook that is a scam's whole pitch (a
recovery tout's offer, a shill vouching for a platform).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from bot import compiled, literals
from bot.han import HAN_CHAR, has_han
from bot.indicators import clean_text
from bot.phrases import _T2S

_PATH = Path(__file__).parent / "data" / "tactics.yaml"
# Chinese forms and Chinese-only tactics, kept apart so each language's list is reviewed (and
# changed) on its own
_PATH_ZH = Path(__file__).parent / "data" / "tactics_zh.yaml"
MAX_SCAN = 20_000
PARTS = ("claim", "lure", "demand", "pressure")
_NEGATION_EN = compiled.compile(
    r"\b(?:never|not|nobody|no\s+one|cannot|can'?t|don'?t|doesn'?t|won'?t|shouldn'?t|"
    r"will\s+not|do\s+not|beware\s+of|avoid|refuse\s+to)\b"
)
# (hsms8) "your card is blocked because you have not updated it, call ...", "we could not
# deliver your parcel due to an unpaid fee": the "not" tells what failed (the reader's update,
# the delivery), the story's reason for its ask, not that the ask is advice
_FAILED_EN = compiled.compile(
    r"(?:(?<=have\s)|(?<=has\s)|(?<=had\s))not\s+(?:yet\s+)?"
    r"(?:updat|verif|complet|submit|renew|activat|link)\w*"
    r"|(?:(?<=could\s)not|(?<=was\s)not|(?<=were\s)not|cannot|can'?t)\s+(?:be\s+)?"
    r"(?:deliver|sent\b|send\b|ship|dispatch|process|complet|collect)\w*"
)
# (not 要不要, "do you want to": a question, and the pitch's own; not "don't tell your family",
# 唔好話俾阿爸知, which is the secrecy a relative's emergency asks for, not a denial of its demand)
_NEGATION_ZH = compiled.compile(
    r"(?:(?<!要)不要|唔好|切勿|请勿|勿|绝不会|不会|从不|永远不会|唔会|绝不|千万不要|不得|咪|小心|提防|谨防|"
    # round 15 (hzh5): a fund's disclaimer (配息不代表保證收益)
    r"不代表|并不代表|"
    # round 16 (hzh6): "no need to" in the same clause, just before what it spares you (不需填寫
    # 任何申請資料); not across a comma (不需任何費用，只要轉賬500 still asks)
    r"(?:不需|无需|不须|毋须|毋需)(?:要)?(?=[^，,；;]{0,8}$))"
    r"(?!(?:告诉|告知|话俾|话|同|跟|对|讲俾|让)(?:我|你|您)?(?:的|嘅)?"
    r"(?:爸|妈|阿爸|阿妈|老豆|老母|家人|屋企人|家里人|老公|老婆|父母|亲戚|其他人))"
)
_CONDITION_EN = compiled.compile(
    r"\b(?:if|unless|when|once)(?:\s+(?:you|u|they|it))?(?:\s+(?:do|did|does))?\s+$"
)
# A third-person warning (诈骗集团会假冒银行客服, 警方提醒, 小心诈骗, 要求民众到ATM操作) tells
# of a scam rather than running one: what follows it in the same sentence is advice, not a
# request. It reaches further back than a plain negation because the warning names who does
# it first and what they do after a clause or two. Not 提醒 alone or 以免/避免: scams write
# 温馨提醒 and 以免账户被冻结 themselves.
_WARNING_ZH = compiled.compile(
    r"诈骗集团|诈团|诈骗份子|诈骗分子|歹徒|骗徒|骗子|不法分子|不法份子|假冒|冒充|(?<!被)冒用|佯称|谎称|"
    r"伪称|伪装成|小心|警惕|提防|慎防|谨防|当心|切勿|请勿|千万别|千万不要|勿信|不要相信|别相信|"
    r"以免受骗|以免上当|不要上当|别上当|防诈|反诈骗宣导|(?:警方|警察|警署|警政署|政府|银行)(?:提醒|提示|提提你)|有人(?:扮|假扮)|"
    # round 15 (hzh5): the anti-fraud line's and the police's own headings (165提醒：…,
    # 警方呼籲：…, 警務處提提你：…), which quote the touts' posts word for word
    r"(?:165|刑事局|警务处|反诈中心|金管会|警方|警察|警政署)(?:提醒|提示|提提你|呼吁)|"
    # (165反詐騙提醒：…, 反詐提示: the heading with the line's own words between)
    r"反诈(?:骗)?(?:提醒|提示)|"
    r"提醒(?:民众|大家|市民|各位)|呼吁(?:民众|大家|市民)|民众|市民|诈骗手法|"
    # (the case a fake officer accuses you of, 你涉及一宗詐騙案, is no warning; nor is 被冒用)
    # (nor 你涉嫌一起電信詐騙案, the same accusation with the kind of fraud named)
    # (a lookbehind's alternatives must share one width: the short forms, then the long ones)
    r"(?<!涉及|涉嫌|一宗|一起)(?<!涉嫌一起电信|涉嫌一宗电信|涉及一起电信|涉及一宗电信|涉嫌一起网络|涉及一宗网络)诈骗案|"
    # the anti-fraud centre's "all who… are scams" (凡是…都是诈骗), a stranger who asks, and
    # the news's third person (自称客服, 一女子, 嫌疑人)
    r"凡是|陌生(?:人|来电|电话|号码|链接|短信)|自称|"
    # a person telling what a message said (收到一条短信说…, 收到個WhatsApp話我中咗獎)
    r"(?:短信|信息|讯息|简讯|来电|whatsapp|微信|line)(?:里|上|度)?(?:我)?(?:说|话|讲|称|叫我|让我|要我)|"
    # round 15 (hzh5): ...or what "someone" said (有人在臉書留言說可以幫我追回, 網上有人說…)
    r"有人[^。！？\n，,]{0,8}(?:说|话|讲)|"
    # round 16 (hzh6): the "so-called" (所謂的追款團隊) and who "says they can" (說自己能追回): a
    # scam does not doubt its own offer
    r"所谓|(?:说|声称|号称|话)自己(?:能|可以|会|识|有能力)|"
    # ...or a role in quotation marks (“领导”加你微信): a scam does not doubt its own mask
    r"[“\"「『](?:领导|客服|公检法|警察|老师|熟人|亲友|老板|海外亲友|客服人员|官方)[”\"」』]|"
    r"(?:一|该|某)名?(?:女子|男子|事主|老人|妇人|女士|男士|大学生|市民)|嫌疑人|警方通报|"
    # round 18 (hzh8): who "credulously believed" a story (男子轻信“注销校园贷”, 误信假检察官):
    # the news's word for a victim; a scam never calls its own story one to be believed rashly
    r"轻信|误信|听信",
    told=True,
)
# A scam can wear a warning's words as its heading (【警方提醒】你涉嫌洗黑錢，請即轉賬到安全賬戶):
# after the last warning word, an order or an accusation spoken to the reader (請即, 立即, 你涉嫌)
# makes what follows a request again, unless it is reported (騙徒會要求你立即轉賬, 聲稱你涉嫌).
# The reporting verb stands right before it (with 你/您 between): 會 only when its subject is
# not the reader (騙徒會立即…, but 你會立即被拘捕 is the threat itself).
_DIRECT_ZH = compiled.compile(r"请即|请立即|请马上|请尽快|立即|马上|即刻|(?:你|您)(?:已)?涉嫌")
_REPORTED_ZH = compiled.compile(
    r"(?:要求|声称|称|叫|说|话|指|让|逼)(?:你|您)?(?:们|哋)?$|(?<![你您])(?:会|将)$",
    told=True,
)
# ...and a warning that follows in the same sentence (免審核貸款都是詐騙, 談到中獎一律掛掉); not
# when denied (不是詐騙: the scam's own reassurance).
_WARNED_AFTER_ZH = compiled.compile(
    r"(?<![不非没唔])(?:都是|都系|是|系)(?:诈骗|骗局)|一律(?:挂|删|不)|"
    # (…的多為二次詐騙: what such offers mostly are)
    r"(?:多|皆|均)(?:为|是|系)(?:二次)?(?:诈骗|骗局)|"
    # ...or a question about it (…还让我点链接，这是真的吗？)
    r"(?:这|呢个)?(?:是|系)(?:不是|唔系)?真的吗|(?:是|系)(?:咪|不是|唔系)?真(?:嘅|的)?(?:吗|㗎)",
    told=True,
)
WARNED_AFTER_ZH = 10
# A third-person warning in English ("scammers may say your account is suspended", "fake
# e-mails that ask you to verify your wallet", "they might ask you to click a link"): what
# follows in the same sentence tells what a scam says, not what this message asks. A scam does
# not hedge its own demand with "might", nor call itself a scammer or a fake.
_WARNING_EN = compiled.compile(
    r"\b(?:scammers?|fraudsters?|criminals?|crooks|impostors?|imposters?|hackers|attackers|"
    r"phishing\s+(?:e-?mails?|messages?|sites?|websites?|texts?|pages?|links?|calls?)|"
    r"fake\s+(?:e-?mails?|messages?|websites?|sites?|accounts?|apps?|pages?|support|agents?|"
    r"profiles?|texts?|calls?)|(?:e-?mails?|messages?|texts?|calls?|sites?|websites?|ads)\s+"
    r"(?:that|which)|they\s+(?:may|might|often|usually|sometimes|typically|will\s+often|"
    r"could|tend\s+to))\b[^.!?\n;:]{0,40}?\b(?:say|says|saying|claim|claims|claiming|tell|"
    r"tells|telling|pretend\w*|ask|asks|asking|promis\w+|threaten\w*|urg(?:e|es|ing)|"
    r"advertis\w+|offer(?:s|ing)?|direct(?:s|ing)?|instruct\w*|lur(?:e|es|ing)|trick\w*)\b"
    # (hmail9) a security tip's list of what to look out for: "watch for urgent deadlines,
    # requests for your recovery phrase, 'validate your wallet' links"
    r"|\b(?:watch\s+(?:out\s+)?for|look\s+out\s+for|be\s+(?:wary|suspicious)\s+of|beware\s+of|"
    r"red\s+flags?\s+(?:include|are|such\s+as|like))\b",
    told=True,
)
WARNING_REACH_EN = 160  # characters before a tactic looked at for a warning frame (English)
# English advice frames (round 4, social posts): what someone else tells you to do ("if someone
# tells you to send ETH", "no legit giveaway asks you to"), and a sentence that ends by calling
# it a scam ("send 0.1 ETH to get 0.2 back, it's a scam"; not "it's not a scam", nor the shill's
# "I thought it was a scam"). (hsoc8) A sentence that warns of a kind before naming it: "be
# careful with those 'send 1 eth get 2 back' giveaways", "stay away from these ...".
_REPORTED_EN = compiled.compile(
    r"\b(?:(?:someone|anyone|somebody|scammers?|strangers?|they)\s+(?:who\s+)?(?:tells?|asks?)"
    r"\s+you\s+to|no\s+(?:legit|legitimate|real|genuine)\s+\w+(?:\s+\w+)?\s+(?:will\s+)?"
    r"(?:asks?|tells?|needs?|wants?|requires?)|(?:be\s+careful|beware|watch\s+out|stay\s+away)"
    r"\s+(?:of|with|for|from)\s+(?:those|these|all|any))\b",
    told=True,
)
_WARNED_AFTER_EN = compiled.compile(
    r"(?:\bit'?s|\bit\s+is|\bthat'?s|\bthat\s+is|\bis|\bare|=)\s+(?:a\s+|an\s+|100%\s+|"
    r"definitely\s+|always\s+|all\s+|just\s+)?(?:scams?|scammers?|fraud|fake)\b",
    told=True,
)
WARNED_AFTER_EN = 60
_SENTENCE_END_EN = compiled.compile(r"[.!?](?!\S)|\n")
# A handle that is an exchange's or wallet's own bare name (@binance, @coinbase): thanking or
# tagging the real company is no shill for a trader.
_HANDLE = compiled.compile(r"(?<![\w@#])[@#]_{0,5}[a-z][a-z0-9_.]{0,40}[a-z0-9_]")
_BRAND_HANDLE = compiled.compile(
    r"[@#](?:binance|binanceus|coinbase|kraken|krakenfx|okx|bybit|kucoin|bitget|gemini|"
    r"metamask|trustwallet|ledger|trezor|phantom|exodus|cryptocom|bitfinex|bitstamp|robinhood|"
    r"revolut|paypal|cashapp|uniswap|opensea|etherscan|blockchain|bitcoin|ethereum|solana)$"
)
NEGATION_REACH = 60  # characters before a tactic looked at for a negation (English)
NEGATION_REACH_ZH = 12
WARNING_REACH_ZH = 40  # characters before a tactic looked at for a warning frame (Chinese)
NEAR = 300  # characters within which parts join into one request (English)
NEAR_ZH = 120
# "Update your payment details" is what a genuine billing notice asks, beside its own site; to
# verify, confirm, restore or unlock an account through a link is the phishing text's ask
# (train split: of the credential demands beside a bare link and no story, 60 of 63 "update"
# forms and 107 of 108 others were scams).
# (hsms8) but to update an identity document (PAN card, Aadhaar, KYC) through a text's link is
# the Indian bank smish, not a bill (train split: 325 scams with the words, 0 ordinary rows)
_UPDATE = compiled.compile(
    r"update\b(?!\s{1,3}(?:your\s{1,3}|ur\s{1,3}|the\s{1,3})?(?:pan\b|pan\s?card|aadhaar|kyc))"
)


class Rule(StrEnum):
    """Which of assess()'s rules decided the level: a stable code beside the human `why`, so
    the engine's special cases and the verdict JSON (`params.rule`) never depend on wording."""

    NONE = ""
    SECRET = "secret"
    HOOK_DEMAND_PRESSURE = "hook_demand_pressure"
    HOOK_DEMAND = "hook_demand"
    THREAT_DEMAND = "threat_demand"
    HOOK_ACT_ELSEWHERE = "hook_act_elsewhere"
    # a whole story of a scam and a request to act elsewhere (a link, a chat): when that request
    # is only links to official sites, engine._check_tactics leaves it low
    STORY_ELSEWHERE = "story_elsewhere"
    PITCH_ALONE = "pitch_alone"
    PAIRED = "paired"
    SHILLING = "shilling"
    TWO_STORIES = "two_stories"
    VERIFY_BY_LINK = "verify_by_link"
    THREAT_ACT_NOW = "threat_act_now"
    LETTER = "letter"
    # set by the engine, not assess(): a phishing story whose every link is the brand's own site
    OFFICIAL_LINKS_ONLY = "official_links_only"

# (hmail7) An advance-fee letter runs for pages: its fortune with no owner, its stranger's
# opener and its ask for a reply or your details stand further apart than NEAR. Two of its
# `letter` parts over different words within LETTER_REACH are one letter. (English train rows
# holding a `letter` lure: 0 ordinary ones with a second `letter` part; a parody of such a
# letter on a news site holds one.)
LETTER_REACH = 4000
# A code given in the message ("your verification code is 482913") is a notification, not a
# request for one; the request names the code without giving it.
_GIVEN_CODE = compiled.compile(r"\d{4,8}")


@dataclass(frozen=True, slots=True)
class Tactic:
    """A tactic as read from tactics.yaml; its regular expressions (`en`, `zh`) are compiled
    when first searched: a message holds the literals of only a few tactics."""

    id: str
    part: str
    category: str
    label: str
    label_zh: str
    en_regex: str | None
    zh_regex: str | None
    negatable: bool = True
    brand: bool = False  # a claim to be a brand or an authority
    money: bool = False  # a demand for money
    secret: bool = False  # a demand for a seed, key or code: always high
    credential: bool = False  # a demand to log in or verify: phishing
    soft: bool = False  # a demand that is ordinary alone (install, chat elsewhere, click)
    strong: bool = False  # a hook that is the scam's story alone: with any demand, medium
    link: bool = False  # a hook (or threat) that a bare link completes (prize, parcel)
    pair: bool = False  # a hook that with a second, different hook is medium (tactics_zh.yaml)
    alone: bool = False  # a hook that is a scam's whole pitch: medium by itself (Chinese, or
    # an English tactic with no zh)
    threat: bool = False  # pressure that threatens you (freeze, arrest): a demand completes it
    testimonial: bool = False  # a hook of a testimonial, which a bare @account completes
    shill: bool = False  # a testimonial hook of the shill's own: two different ones are medium
    # (hx6) a shill hook of a coin's campaign: it pairs only with another such hook, and the
    # testimonial's shill hooks only with each other (a coin's price promise beside a stock
    # tip's figures is market talk in e-mail)
    token: bool = False
    bare: str | None = None  # a soft demand that only a hook marked so completes (link, ...)
    # (hmail7) a part of the advance-fee letter (its fortune, its opener, its ask): two
    # different ones join across the letter (LETTER_REACH), not only within NEAR
    letter: bool = False
    leads: bool = False  # a demand that names the typology before the other demands
    # a sign that means something only beside a second one (a "Mr" someone, a testimonial's
    # praise): when the parts stay `low`, it is no scam part for the calibrated combiner
    quiet: bool = False
    # counts only with a handle (not a brand's own) on its line, within
    # NEAR_HANDLE characters: the shill's stock words say nothing in mail or chat
    near_handle: bool = False
    # (hsms8) counts only where the message opens with it (at most OPENS_WORDS words before
    # it): a carrier's name heading a text is the carrier speaking; further in, a shop names
    # the carrier that brings its order
    opens: bool = False
    # literal prechecks: a match of en (zh) holds one of these; None: no precheck, always run
    en_any: frozenset[str] | None = None
    zh_any: frozenset[str] | None = None
    # a match of en (zh) starts with one of these: tried only where they are; None: searched
    en_starts: frozenset[str] | None = None
    zh_starts: frozenset[str] | None = None
    # without those: the starts of some of its alternatives (literals.partial_starts)
    en_part: frozenset[str] | None = None
    zh_part: frozenset[str] | None = None

    @property
    def en(self) -> re.Pattern[str] | None:
        return None if self.en_regex is None else _compile(self.en_regex)

    @property
    def zh(self) -> re.Pattern[str] | None:
        return None if self.zh_regex is None else _compile(self.zh_regex)


@dataclass(frozen=True, slots=True)
class TacticMatch:
    tactic: Tactic
    start: int
    end: int
    text: str  # as the user wrote it


@cache
def _compile(regex: str) -> re.Pattern[str]:
    return compiled.compile(regex, told=True)  # searched whole in some texts


def _read(path: Path) -> dict[str, Any]:
    import yaml  # only when the parsed list is not in the per-user cache

    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


def _with_chinese(entries: list[dict[str, Any]], zh: dict[str, Any]) -> list[dict[str, Any]]:
    """The tactics with the Chinese list's forms added: `more` holds further Chinese forms of a
    tactic of the main list (joined to its zh pattern as alternatives), `tactics` tactics of
    their own (parts of Chinese scams with no English pattern yet)."""
    by_id = {t["id"]: dict(t) for t in entries}
    for extra in zh.get("more") or []:
        t = by_id.get(extra["id"])
        if t is None:
            raise ValueError(f"tactics_zh.yaml: no tactic {extra['id']!r} to add forms to")
        t["pair"] = t.get("pair", False) or extra.get("pair", False)
        if extra.get("zh"):
            keep = t.get("zh") and not extra.get("replace", False)
            t["zh"] = f"{t['zh']}|{extra['zh']}" if keep else extra["zh"]
    out = [by_id[t["id"]] for t in entries]
    for t in zh.get("tactics") or []:
        if t["id"] in by_id:
            raise ValueError(f"tactics_zh.yaml: tactic {t['id']!r} is already defined")
        out.append(t)
    return out


_BARE = ("link", "testimonial")  # the hook flags a bare demand can wait for


def _bare(t: dict[str, Any]) -> str | None:
    bare = t.get("bare")
    if bare is not None and bare not in _BARE:
        raise ValueError(f"tactic {t['id']}: bare must be one of {_BARE}")
    return None if bare is None else str(bare)


def load_tactics(path: Path = _PATH, zh_path: Path | None = _PATH_ZH) -> list[Tactic]:
    """The tactics of `path`, with the Chinese forms and tactics of `zh_path` when given."""
    entries: list[dict[str, Any]] = _read(path)["tactics"]
    if zh_path is not None:
        entries = _with_chinese(entries, _read(zh_path))
    for t in entries:
        if t["part"] not in PARTS:
            raise ValueError(f"tactic {t['id']}: part must be one of {PARTS}")
    # each pattern's literals, read from its parse tree (slow: kept in the per-user cache)
    sources = [t.get(lang) or None for t in entries for lang in ("en", "zh")]
    given = [s for s in sources if s]
    needed = iter(literals.required_literals_of(given))
    begins = iter(literals.start_literals_of(given, "starts-tactics"))
    lits = [next(needed) if s else None for s in sources]
    starts = [next(begins) if s else (None, None) for s in sources]
    return [
        Tactic(
            t["id"],
            t["part"],
            t["category"],
            t["label"],
            t["label_zh"],
            t.get("en") or None,
            t.get("zh") or None,
            bool(t.get("negatable", True)),
            bool(t.get("brand", False)),
            bool(t.get("money", False)),
            bool(t.get("secret", False)),
            bool(t.get("credential", False)),
            bool(t.get("soft", False)),
            bool(t.get("strong", False)),
            bool(t.get("link", False)),
            bool(t.get("pair", False)),
            bool(t.get("alone", False)),
            threat=bool(t.get("threat", False)),
            testimonial=bool(t.get("testimonial", False)),
            shill=bool(t.get("shill", False)),
            token=bool(t.get("token", False)),
            bare=_bare(t),
            letter=bool(t.get("letter", False)),
            leads=bool(t.get("leads", False)),
            quiet=bool(t.get("quiet", False)),
            near_handle=bool(t.get("near_handle", False)),
            opens=bool(t.get("opens", False)),
            en_any=lits[2 * i],
            zh_any=lits[2 * i + 1],
            en_starts=starts[2 * i][0],
            zh_starts=starts[2 * i + 1][0],
            en_part=starts[2 * i][1],
            zh_part=starts[2 * i + 1][1],
        )
        for i, t in enumerate(entries)
    ]


@cache
def shipped_tactics() -> list[Tactic]:
    """The shipped tactics, read on first use (their patterns compile when first searched). A
    one-shot check spent about 40 ms reading the YAML and importing its parser: the parsed list
    is kept in the per-user cache (bot/prebuilt.py) under the files' identity."""
    from bot import prebuilt

    return prebuilt.from_files("tactics", (_PATH, _PATH_ZH), load_tactics)


def _literals(tactics: list[Tactic]) -> set[str]:
    return {
        s
        for t in tactics
        for lits in (t.en_any, t.zh_any, t.en_starts, t.zh_starts, t.en_part, t.zh_part)
        if lits
        for s in lits
    }


literals.register(lambda: _literals(shipped_tactics()))


def __getattr__(name: str) -> list[Tactic]:
    if name == "TACTICS":  # `from bot.tactics import TACTICS`, as before it was loaded lazily
        return shipped_tactics()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Variants OpenCC leaves apart one character at a time: 帳 folds to 帐 but 賬 to 账, and
# Cantonese writes 畀 for 俾 (give). One form each, so a pattern written once matches both.
_EXTRA_FOLD = {"帐": "账", "畀": "俾"}


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    folded = _T2S.convert(ch)
    folded = folded if len(folded) == 1 else ch
    return _EXTRA_FOLD.get(folded, folded)


def _folded(text: str) -> str:
    """Lower case, Chinese in Simplified, one character for one, so offsets still hold."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if not has_han(low):
        return low
    return low.translate(_FOLD_TABLE)


class _FoldTable(dict[int, str]):
    """str.translate's table for _folded, filled as characters are first seen (one lookup in C
    per character instead of a Python call)."""

    def __missing__(self, key: int) -> str:
        c = chr(key)
        folded = self[key] = _fold_char(c) if "\u3400" <= c <= "\u9fff" else c
        return folded


_FOLD_TABLE = _FoldTable()


def find_tactics(text: str, tactics: list[Tactic] | None = None) -> list[TacticMatch]:
    """The first occurrence of each tactic (of the shipped ones unless given), in English and
    in Chinese."""
    text = clean_text(text[:MAX_SCAN])
    low = _folded(text)
    has_cjk = has_han(low)
    if tactics is None:
        return _find_shipped(text, low, has_cjk)
    where = literals.occurrences_of(_literals(tactics), low)
    present = frozenset(where)
    found = []
    for t in tactics:
        m = None
        for regex, lits, starts, part, zh in (
            (t.en_regex, t.en_any, t.en_starts, t.en_part, False),
            (t.zh_regex if has_cjk else None, t.zh_any, t.zh_starts, t.zh_part, True),
        ):
            if regex is None or (lits is not None and present.isdisjoint(lits)):
                continue
            if starts is not None:
                m = _first_at(_compile(regex), low, t, zh,
                              literals.candidates(starts, where, present))  # fmt: skip
            elif part is not None and (others := literals.other_alternatives(regex)) is not None:
                m = _first_either(_compile(regex), low, t, zh,
                                  literals.candidates(part, where, present), others,
                                  literals.other_needed(regex),
                                  literals.other_chars(regex))  # fmt: skip
            else:
                m = _first(_compile(regex), low, t, zh)
            if m is not None:
                break
        if m is not None:
            found.append(TacticMatch(t, m.start(), m.end(), text[m.start() : m.end()]))
    return found


class _Try(NamedTuple):
    """One of a tactic's patterns, as find_tactics tries it."""

    order: int  # the tactic's place in the list, times two; plus one for its Chinese pattern
    regex: str
    starts: frozenset[str] | None
    part: frozenset[str] | None
    # what a text must hold for one of its alternatives to match (literals.possible), None:
    # not known; a pattern one of whose literals is there may still have no alternative whose
    # words all are (about half of those visited, bench messages): it is not tried
    need: literals.Need | None = None


class _Plan(NamedTuple):
    tactics: list[Tactic]
    always: dict[int, _Try]  # patterns without a literal precheck, by order
    by_literal: dict[str, list[_Try]]  # the others, under each of their literals
    literals: frozenset[str]
    able: literals.Able  # the patterns' needs (_Try.need), by order


@cache
def _shipped_plan() -> _Plan:
    tactics = shipped_tactics()
    needs = _shipped_needs()
    always: dict[int, _Try] = {}
    by_literal: dict[str, list[_Try]] = {}
    for i, t in enumerate(tactics):
        for regex, lits, starts, part, zh in (
            (t.en_regex, t.en_any, t.en_starts, t.en_part, 0),
            (t.zh_regex, t.zh_any, t.zh_starts, t.zh_part, 1),
        ):
            if regex is None:
                continue
            x = _Try(2 * i + zh, regex, starts, part, needs.get(regex))
            if lits is None:
                always[x.order] = x
            for s in lits or ():
                by_literal.setdefault(s, []).append(x)
    every = [*always.values(), *(x for xs in by_literal.values() for x in xs)]
    able = literals.Able({x.order: x.need for x in every if x.need is not None})
    return _Plan(tactics, always, by_literal, frozenset(by_literal), able)


@cache
def _shipped_needs() -> dict[str, literals.Need | None]:
    """literals.alternatives_needed of each shipped pattern (kept in the per-user cache)."""
    regexes = sorted({r for t in shipped_tactics() for r in (t.en_regex, t.zh_regex) if r})
    return dict(zip(regexes, literals.alternatives_needed_of(regexes, "needs-tactics"),
                    strict=True))  # fmt: skip


literals.register(lambda: set().union(*map(literals.need_literals, _shipped_needs().values())))


def _find_shipped(text: str, low: str, has_cjk: bool) -> list[TacticMatch]:
    """find_tactics of the shipped tactics: the same patterns tried in the same order, but
    only those one of whose literals the text holds are visited (found from the literals
    present, not by a test per tactic: a message holds the literals of a few of the ~100
    patterns)."""
    plan = _shipped_plan()
    present = literals.present(low)
    where = literals.occurrences(low)
    able = plan.able.which(present)  # the patterns one of whose alternatives can match
    tries = dict(plan.always)
    by_literal = plan.by_literal
    for s in present & plan.literals:
        for x in by_literal[s]:
            tries[x.order] = x
    tactics = plan.tactics
    found = []
    done = -1  # the tactic whose English pattern matched: its Chinese one is not tried
    for order in sorted(tries):
        i, zh = divmod(order, 2)
        if i == done or (zh and not has_cjk):
            continue
        x = tries[order]
        if x.need is not None and order not in able:
            continue  # no alternative's words all there: it cannot match
        t = tactics[i]
        if x.starts is not None:
            m = _first_at(_compile(x.regex), low, t, bool(zh),
                          literals.candidates(x.starts, where, present))  # fmt: skip
        elif x.part is not None and (others := literals.other_alternatives(x.regex)) is not None:
            m = _first_either(_compile(x.regex), low, t, bool(zh),
                              literals.candidates(x.part, where, present), others,
                              literals.other_needed(x.regex),
                              literals.other_chars(x.regex))  # fmt: skip
        else:
            m = _first(_compile(x.regex), low, t, bool(zh))
        if m is not None:
            found.append(TacticMatch(t, m.start(), m.end(), text[m.start() : m.end()]))
            done = i
    return found


def _first(
    pattern: re.Pattern[str], low: str, t: Tactic, zh: bool, pos: int = 0
) -> re.Match[str] | None:
    """The first match from pos on that is no advice (negated or warned against) and no code
    given rather than asked for."""
    while (m := pattern.search(low, pos)) is not None:
        if _counts(m, low, t, zh):
            return m
        pos = m.end() if m.end() > m.start() else m.start() + 1
    return None


# Past this many places to try, one search from the first of them costs less.
MAX_TRIES = 48


def _first_at(
    pattern: re.Pattern[str], low: str, t: Tactic, zh: bool, places: list[int]
) -> re.Match[str] | None:
    """_first for a pattern whose matches start only at `places` (in order): a match tried at
    each of them finds what the search finds, without the engine trying every position."""
    if not places:
        return None
    if len(places) > MAX_TRIES:
        return _first(pattern, low, t, zh, places[0])
    pos = 0
    for at in places:
        if at < pos or (m := pattern.match(low, at)) is None:
            continue
        if _counts(m, low, t, zh):
            return m
        pos = m.end() if m.end() > m.start() else m.start() + 1
    return None


def _first_either(
    pattern: re.Pattern[str],
    low: str,
    t: Tactic,
    zh: bool,
    places: list[int],
    others: re.Pattern[str],
    needed: frozenset[str] | None = None,
    chars: frozenset[str] | None = None,
) -> re.Match[str] | None:
    """_first for a pattern some of whose alternatives start only at `places` (in order) and
    whose other alternatives are `others`: a match starts at one of the places or where
    `others` matches, and the pattern is tried there (its alternatives in their order).
    needed: strings every match of `others` holds one of; without them in the text, `others`
    is not searched (a search that tries every position: 45-60 µs on a 500-character message
    for some of the tactics). chars: characters of which every match of `others` holds one
    (literals.other_chars), the same way."""
    pos = i = 0
    n = len(places)
    other = None if (needed is not None and not any(s in low for s in needed)) or (
        chars is not None and not any(ch in low for ch in chars)) else others.search(low)
    while True:
        while i < n and places[i] < pos:
            i += 1
        if other is not None and other.start() < pos:
            other = others.search(low, pos)
        if i == n and other is None:
            return None
        at = places[i] if other is None or (i < n and places[i] <= other.start()) else (
            other.start())  # fmt: skip
        m = pattern.match(low, at)
        if m is None:
            pos = at + 1
            continue
        if _counts(m, low, t, zh):
            return m
        pos = m.end() if m.end() > m.start() else m.start() + 1


def _counts(m: re.Match[str], low: str, t: Tactic, zh: bool) -> bool:
    advice = t.negatable and (
        _negated(low, m.start(), zh, t.part == "pressure")
        or (_warned(low, m.end()) if zh else _called_scam_after_en(low, m.end()))
    )
    given = t.secret and _GIVEN_CODE.search(low, m.end(), m.end() + 24) is not None
    return not advice and not given and not (
        (t.testimonial or t.bare == "testimonial") and _brand_handles_only(m.group())
    ) and (not t.near_handle or _handle_near(low, m.start(), m.end())) and (
        not t.opens or m.start() <= _opening_end(low))


NEAR_HANDLE = 150
OPENS_WORDS = 2  # words a sender's tag may put before an `opens` tactic ("From", "FRM:...")
_OPENING = compiled.compile(rf"\A\s*(?:\S+\s+){{0,{OPENS_WORDS}}}")


def _opening_end(low: str) -> int:
    """Where a match may start and still open the message: after at most OPENS_WORDS words.
    Read from the text's start, not by splitting everything before each match (a long text
    that names a carrier many times would copy its whole prefix once a match)."""
    m = _OPENING.match(low)
    return m.end() if m is not None else 0
# looser than _HANDLE: a shill's handle may start with a digit (@1ntrader_) and end in a dot
_HANDLE_LOOSE = compiled.compile(r"(?<![\w@#])[@#]_{0,5}[a-z0-9][a-z0-9_.]{2,40}")


def _handle_near(low: str, start: int, end: int) -> bool:
    """Whether a handle that is not a company's own bare name stands on the same line within
    NEAR_HANDLE characters of start..end (`near_handle` tactics)."""
    lo = max(low.rfind("\n", max(start - NEAR_HANDLE, 0), start) + 1,
             start - NEAR_HANDLE, 0)  # fmt: skip
    hi = low.find("\n", end, end + NEAR_HANDLE)
    hi = end + NEAR_HANDLE if hi < 0 else hi
    return any(
        not _BRAND_HANDLE.match(h.rstrip("."))
        for h in _HANDLE_LOOSE.findall(low, lo, hi)
    )


def _brand_handles_only(matched: str) -> bool:
    """Whether every handle in a testimonial's match is a company's own bare name."""
    handles = _HANDLE.findall(matched)
    return bool(handles) and all(_BRAND_HANDLE.match(h) for h in handles)


def _called_scam_after_en(low: str, end: int) -> bool:
    """An English sentence that goes on to call what it names a scam is a warning."""
    after = low[end : end + WARNED_AFTER_EN]
    stop = _SENTENCE_END_EN.search(after)  # (not the point of "0.1 eth")
    after = after if stop is None else after[: stop.start()]
    m = _WARNED_AFTER_EN.search(after)
    return m is not None and "thought" not in after[: m.start()] and (
        "not" not in after[max(m.start() - 5, 0) : m.end()])  # fmt: skip


def _negated(low: str, start: int, zh: bool, threat: bool = False) -> bool:
    reach = WARNING_REACH_ZH if zh else NEGATION_REACH
    before = low[max(start - reach, 0) : start]
    cut = max(before.rfind(c) for c in ".!?\n。！？")
    before = before[cut + 1 :]
    if zh:
        return (
            _NEGATION_ZH.search(before[-NEGATION_REACH_ZH:]) is not None
            or _warning_frame(before)
        )
    if not threat and _REPORTED_EN.search(before) is not None:
        return True  # what someone else would tell you to do: advice
    # "If you do not verify, your account will be closed" is the threat, not a denial of it;
    # for a demand the same words are advice ("if you don't share your seed, you are safe").
    base = start - len(before)
    return any(not threat or _CONDITION_EN.search(low, max(base + m.start() - 16, 0),
                                                   base + m.start()) is None
               for m in _NEGATION_EN.finditer(before)
               if _FAILED_EN.match(low, base + m.start()) is None) or _warned_en(low, start)


def _warned_en(low: str, start: int) -> bool:
    """Whether a third-person warning (see _WARNING_EN) comes before `start` in its sentence."""
    before = low[max(start - WARNING_REACH_EN, 0) : start]
    cut = max(before.rfind(c) for c in ".!?\n;:")
    return _WARNING_EN.search(before, cut + 1) is not None


def _warning_frame(before: str) -> bool:
    """Whether a third-person warning frames what follows `before` (see _WARNING_ZH), and the
    reader is not addressed directly after it (see _DIRECT_ZH)."""
    ends = [m.end() for m in _WARNING_ZH.finditer(before)]
    if not ends:
        return False
    rest = before[ends[-1] :]
    return all(
        _REPORTED_ZH.search(rest, max(m.start() - 4, 0), m.start()) is not None
        for m in _DIRECT_ZH.finditer(rest)
    )


def _warned(low: str, end: int) -> bool:
    after = low[end : end + WARNED_AFTER_ZH]
    cut = min((i for i in (after.find(c) for c in ".!?\n。！？") if i >= 0), default=len(after))
    return _WARNED_AFTER_ZH.search(after[:cut]) is not None


def negated(text: str, start: int) -> bool:
    """Whether what starts at `start` in text is negated or warned against in its sentence
    ("we will never ask for your seed phrase", 切勿提供驗證碼, 詐騙集團會假冒客服): advice or a
    warning, not a request."""
    reach = max(NEGATION_REACH, WARNING_REACH_ZH, WARNING_REACH_EN)
    window = _folded(text[max(start - reach, 0) : start])
    near = max(len(window) - max(NEGATION_REACH, WARNING_REACH_ZH), 0)
    zh = HAN_CHAR.search(window, near) is not None
    return _negated(window, len(window), zh)


@dataclass(frozen=True)
class Assessment:
    level: str  # "high", "medium" or "low"
    matches: list[TacticMatch]
    category: str | None
    why: str  # the rule that decided the level, in words, for the finding's detail
    rule: Rule = Rule.NONE

    @property
    def parts(self) -> set[str]:
        return {m.tactic.part for m in self.matches}


def assess(matches: list[TacticMatch], brand_posing: bool = False) -> Assessment:
    """The level the joined parts reach.

    - asking for a recovery phrase, private key or one-time code: high, always;
    - a claimed identity or a lure joined to a demand for money or credentials: medium; with
      pressure, or posing as a brand or the police, high;
    - a claim or lure with a softer demand (install, chat elsewhere, open a link): medium when
      pressure or a second claim or lure joins them, or when the hook is a story by itself
      (posing as support or the police, recovery, cheap OTC, paid tasks);
    - a threat (freeze, arrest) with a demand for money or credentials: medium, high when it
      poses as a brand or the police; with a softer demand (open the link, install): medium.
    - two different shill hooks of a testimonial side by side: medium, with no demand;
    - two different strong hooks (two whole stories of a scam) side by side: medium.
    - a demand to verify or confirm an account or details beside a bare link: medium.
    `brand_posing`: the message poses as a brand by other evidence (an impersonating sender).
    """
    by_part: dict[str, list[TacticMatch]] = {p: [] for p in PARTS}
    for m in matches:
        by_part[m.tactic.part].append(m)
    claims, lures = by_part["claim"], by_part["lure"]
    demands, pressure = by_part["demand"], by_part["pressure"]
    hook = claims + lures
    # Parts count together only when they stand close: a long article or e-mail thread that
    # mentions the police in one paragraph and a payment in another is not one request.
    hard = [d for d in demands if not d.tactic.soft and (_near(d, hook) or d.tactic.secret)]
    # A bare link is a call to act only for the stories that live on one (a prize to claim, a
    # parcel to release, a profit bot to run): news and advice share links all the time.
    # Likewise a bare @account is a call to act only for a testimonial ("thanks to @x for my
    # payout"): brands, friends and news name accounts all the time.
    soft = [
        d
        for d in demands
        if d.tactic.soft
        and _near(d, [h for h in hook if _completes(h.tactic, d.tactic.bare)])
    ]
    threat = [
        p
        for p in pressure
        if p.tactic.threat and _near(p, demands)
    ]
    threat_any = threat
    if not hard:
        hard = [d for d in demands if not d.tactic.soft and _near(d, threat)]
    pressure = [p for p in pressure if _near(p, hard + soft)]
    posing = brand_posing or any(c.tactic.brand and _near(c, hard + soft) for c in claims)
    level, why, rule = "low", "", Rule.NONE
    if any(d.tactic.secret for d in demands):
        level, why = "high", "asks for a recovery phrase, private key or one-time code"
        rule = Rule.SECRET
    elif hook and hard:
        if pressure or posing:
            level, why = "high", "identity or lure, a demand for money or credentials, and"
            rule = Rule.HOOK_DEMAND_PRESSURE
            why += " pressure" if pressure else " posing as a brand or an authority"
        else:
            level, why = "medium", "identity or lure joined to a demand for money or credentials"
            rule = Rule.HOOK_DEMAND
    elif threat and hard:
        level = "high" if posing else "medium"
        why, rule = "a threat joined to a demand for money or credentials", Rule.THREAT_DEMAND
    elif hook and soft and (pressure or len({m.tactic.id for m in hook}) >= 2):
        level, why = "medium", "identity or lure, a request to act elsewhere, and pressure"
        rule = Rule.HOOK_ACT_ELSEWHERE
        if not pressure:
            why = "identity and lure with a request to act elsewhere"
    elif any(h.tactic.strong and _near(h, soft) for h in hook):
        level, why = "medium", "a scam's story joined to a request to act elsewhere"
        rule = Rule.STORY_ELSEWHERE
    elif any(h.tactic.alone and (HAN_CHAR.search(h.text) or h.tactic.zh_regex is None)
             for h in hook):  # fmt: skip
        # (hen16) an English tactic marked `alone` (no zh) is a whole pitch in English too
        level, why = "medium", "a pitch that is a scam by itself (a recovery tout, a shill)"
        rule = Rule.PITCH_ALONE
    elif _paired(hook):
        level, why = "medium", "a claimed identity and a lure that together tell a scam's story"
        rule = Rule.PAIRED
    elif _shilling(hook):
        level, why = "medium", "a testimonial's own parts that together sell someone's service"
        rule = Rule.SHILLING
    elif _two_strong_stories(hook):
        level, why = "medium", "two different stories of a scam side by side"
        rule = Rule.TWO_STORIES
    elif _letter(hook + demands):
        level, why = "medium", "an advance-fee letter's story and its ask (or a second story)"
        why += " in one letter"
        rule = Rule.LETTER
    elif any(d.tactic.credential and _UPDATE.match(d.text.lower()) is None
             and (_near(d, [b for b in demands if b.tactic.bare == "link"])
                  or (_near(d, [b for b in demands if _button(b, d)])
                      and _OWN_ADDRESS.match(d.text.lower()) is None))
             for d in demands):  # fmt: skip
        # The bank and account smish: a credential demand and the bare link it is done through,
        # no story needed. engine._check_tactics leaves it low when every link is official.
        # (hmail7) In e-mail the link is a button whose text is all that is left ("confirm my
        # account now", "click here"): a phishing ask to act through the message does as well.
        level, why = "medium", "asks you to verify your account or details through its link"
        rule = Rule.VERIFY_BY_LINK
    elif any(_near(p, [d for d in demands
                       if d.tactic.soft and _completes(p.tactic, d.tactic.bare)])
             for p in threat_any):  # fmt: skip
        # (A bare link beside "arrested" is news, not a threat to you: an asked-for act is. Beside
        # "your card has been locked" it is the smish's own link: pressure_your_account is `link`.)
        level, why = "medium", "a threat to your account joined to a request to act now"
        rule = Rule.THREAT_ACT_NOW
    return Assessment(level, matches, _lead_category(hook, demands, pressure), why, rule)


def _completes(hook: Tactic, bare: str | None) -> bool:
    """Whether a hook makes a soft demand a call to act: any hook does for an asked-for act; a
    bare link or @account waits for a hook of its own kind (`bare:` in tactics.yaml)."""
    if bare is None:
        return True
    return hook.link if bare == "link" else hook.testimonial


def _paired(hook: list[TacticMatch]) -> bool:
    """A `pair` hook beside a different hook, both in Chinese: who they claim to be and what they
    dangle, or a victim's story and a recovery offer, tell the whole story of the short posts
    that sell a scam (testimonials, shills, recovery touts) before any demand is made."""
    zh = [h for h in hook if HAN_CHAR.search(h.text)]
    # The other hook must be a `pair` hook too: a victim's story beside 老公 or 警察 is a
    # victim talking, and news of a scam names 追回 beside 中獎 or 貸款.
    telling = [h for h in zh if h.tactic.pair]
    return any(
        h.tactic.pair and _near(h, [o for o in telling if o.tactic.id != h.tactic.id])
        for h in zh
    )


def _shilling(hook: list[TacticMatch]) -> bool:
    """Two different `shill` hooks side by side ("thanks to @x_fx" and "I got $12,000"; a padded
    handle and "changed my life"): the comment under a post that sells a trader, demand or not.
    Each alone is what people say of their own gains or name a friend by."""
    shill = [h for h in hook if h.tactic.shill]
    return any(
        _near(h, [o for o in shill if o.tactic.id != h.tactic.id and _same_kin(o, h)])
        for h in shill
    )


def _same_kin(a: TacticMatch, b: TacticMatch) -> bool:
    """(hx6) Two shill hooks of the same kind: a coin campaign's (`token`) or a testimonial's."""
    return a.tactic.token == b.tactic.token


def _two_strong_stories(hook: list[TacticMatch]) -> bool:
    """Two different `strong` lures over different words side by side (a lottery win and an
    unclaimed fortune; an advance-fee opener and a next of kin; a mailbox notice and a deletion
    request): each is a scam's whole story, and ordinary mail tells neither, so together they
    need no demand. (Round 5 e-mail, hen5: English train rows at the tactic level with such a
    pair and nothing else making them medium: about 50 scams, 0 ordinary.)"""
    # (lures only, over different words: "Binance Team" beside "withdrawn 0.05 BTC" is a
    # genuine receipt, and "dormant accounts" is one phrase that two lists know)
    strong = [h for h in hook if h.tactic.strong and h.tactic.part == "lure"]
    return any(
        _near(h, [o for o in strong if o.tactic.id != h.tactic.id
                  and (o.end <= h.start or h.end <= o.start)])
        for h in strong
    )  # fmt: skip


# (hmail7) "Confirm your e-mail address" beside its button is how every sign-up mail reads
_OWN_ADDRESS = compiled.compile(
    r"(?:verify|confirm|validate)\s+(?:your\s+)?e-?mail(?:\s+address)?$"
)


def _button(b: TacticMatch, d: TacticMatch) -> bool:
    """(hmail7) A soft ask to act through the message itself, as a phishing e-mail's button
    reads ("click here", "confirm my account now", "open the attachment"), over other words than
    the demand `d` it would complete ("restore wallet" is both; one ask is not two)."""
    t = b.tactic
    apart = b.end <= d.start or d.end <= b.start
    return t.soft and t.bare is None and t.category == "phishing" and apart


def _letter(parts: list[TacticMatch]) -> bool:
    """(hmail7) Two different `letter` parts over different words within LETTER_REACH, one of
    them a lure: an advance-fee letter's fortune and its opener, or either and its ask for a
    reply, your help or your details, however far apart the letter sets them."""
    letter = [p for p in parts if p.tactic.letter]
    return any(
        abs(h.start - o.start) <= LETTER_REACH
        for h in letter if h.tactic.part == "lure"
        for o in letter
        if o.tactic.id != h.tactic.id and (o.end <= h.start or h.end <= o.start)
    )


def _near(m: TacticMatch, others: list[TacticMatch]) -> bool:
    reach = NEAR_ZH if HAN_CHAR.search(m.text) else NEAR
    return any(abs(m.start - o.start) <= reach for o in others if o is not m)


def _lead_category(
    hook: list[TacticMatch], demands: list[TacticMatch], pressure: list[TacticMatch]
) -> str | None:
    """The typology the parts point at: a secret demand first (it is the whole scam), then what
    they claim or dangle (it names the story), then the demand, then the pressure."""
    for m in demands:
        if m.tactic.secret:
            return m.tactic.category
    for group in (hook, [d for d in demands if d.tactic.leads], demands, pressure):
        if group:
            return group[0].tactic.category
    return None


def describe(matches: list[TacticMatch], lang: str = "en") -> str:
    """'claims to be customer support · asks you to move your funds · threatens to freeze'."""
    order = {p: i for i, p in enumerate(PARTS)}
    seen: list[str] = []
    # a general form over the same words as an `alone` one ("offers to recover money" within
    # "offers help to get scammed money back") says the same thing twice; of two `alone` ones
    # over the same words the first found is named
    shown = [m for i, m in enumerate(matches) if not any(
        o.tactic.alone and o is not m and o.tactic.part == m.tactic.part
        and o.start < m.end and m.start < o.end
        and (not m.tactic.alone or j < i) for j, o in enumerate(matches))]
    for m in sorted(shown, key=lambda m: order[m.tactic.part]):
        label = m.tactic.label_zh if lang.startswith("zh") else m.tactic.label
        label = label.replace("{text}", " ".join(m.text.split()))
        if label not in seen:
            seen.append(label)
    return " · ".join(seen)
