"""Plain twins of the pydantic records a one-shot `scamcheck check` needs: the message, the
verdict, and the categories and regions the knowledge index keeps.

Importing pydantic and building its models was about a third of what a one-shot check had left
(issue 13): a check that reads its index from the per-user cache validates nothing, so it needs
none of it. The engine builds a verdict from whichever classes it is given (`engine.check`: the
pydantic models of bot/verdict.py, for the bot, the HTTP service and every other caller;
`engine.check_plain`: these, for the one-shot CLI), and the knowledge index holds read-only
twins of the validated categories and regions, so that its cached copy unpickles without
pydantic. Each twin has its model's fields, in its order, with its defaults; `to_json` writes
what pydantic's `model_dump_json` writes, byte for byte. tests/test_plain_records.py holds them
to that, field by field.

This module imports nothing heavy: the literal types and constants the models share live here.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Literal, NamedTuple, Self, TypeVar, dataclass_transform

# --- shared by the pydantic models (bot/message.py, bot/verdict.py, bot/knowledge.py) -----------

MAX_TEXT = 20_000  # characters checked; longer input is cut and the verdict says so
# The caller's own recent destinations (an exchange knows where a user has sent before): a few
# are enough to catch a lookalike of one, and each is one address, not a text to search.
MAX_DESTINATIONS = 20
MAX_DESTINATION_CHARS = 128
MAX_LANG = 16  # Message.lang's max_length
MAX_REGION = 8  # Message.region's max_length

VERSION = "1"
Risk = Literal["high", "medium", "low", "official"]
RISK_ORDER: dict[str, int] = {"official": 0, "low": 1, "medium": 2, "high": 3}
IndicatorKind = Literal["url", "domain", "address", "phone", "email", "handle"]
Source = Literal["police", "moderator", "community", "automatic", "official"]
Severity = Literal["high", "medium", "low", "info"]
FindingType = Literal[
    "reported",  # the indicator is in the knowledge base as used in a scam
    "official",  # the indicator is an official channel of a brand
    "lookalike",  # a domain or handle a few edits away from an official one
    "homograph",  # looks identical to an official name but uses other characters
    "brand_in_host",  # a brand's name inside a host that the brand does not own
    "risky_host",  # raw IP, URL shortener with a path, punycode, free hosting with crypto words
    "bad_checksum",  # looks like an address but fails its checksum: a typo or tampered
    "address_poisoning",  # same first and last characters as a known address, differs inside
    "phrase",  # scam text pattern
    "pattern",  # the shape of a scam message: premium short code, 'send 1 get 2 back'
    "premium_rate",  # a premium-rate phone number: the classic prize-claim trap
    "hidden_link",  # a link whose visible text shows another destination
    "impersonation",  # a forwarded sender or handle that imitates an official one
    "tactic",  # the parts of a scam joined: a claimed identity or lure, a demand, pressure
    "model",  # the statistical text model: the wording resembles labelled scam messages
]
OriginKind = Literal[
    "typed_text",  # what the person typed or forwarded as text (or a caption)
    "recognised_text",  # text recognised in a picture (a screenshot)
    "qr_code",  # what a QR code in a picture holds
    "email_header",  # From, Reply-To, Subject of an e-mail
    "email_body",  # an e-mail's body, each link's real target (href) kept
    "email_attachment",  # an e-mail attachment's name (never opened)
]
LANGS: tuple[str, ...] = ("en", "zh-HK")
Lang = Literal["en", "zh-HK"]


class KnowledgeError(ValueError):
    """A knowledge file that cannot be loaded; the message names file and line."""


# --- the record class ----------------------------------------------------------------------


T = TypeVar("T")


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A field whose default is made for each record, as dataclasses.field's."""
    return _Factory(default_factory)  # type: ignore[return-value]


@dataclass_transform(kw_only_default=True, field_specifiers=(field,))
class _Record:
    """What the twins need of a dataclass, without one: `@dataclass` generates and compiles
    each class's methods at import, ~0.6 ms a class, which for these was 9 ms of a one-shot
    check. Fields are the annotated names in order; a default is the class attribute, or made
    for each record by `field(default_factory=...)`; keyword arguments only; equal when of the
    same class with equal fields; `frozen=True`: read-only and hashable."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _field_set: ClassVar[frozenset[str]] = frozenset()
    _defaults: ClassVar[dict[str, Any]] = {}
    _frozen: ClassVar[bool] = False

    def __init_subclass__(cls, *, frozen: bool = False) -> None:
        super().__init_subclass__()
        names = tuple(inspect.get_annotations(cls))
        cls._fields = names
        cls._field_set = frozenset(names)
        cls._defaults = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
        cls._frozen = frozen
        cls.__hash__ = cls._hash if frozen else None  # type: ignore[assignment,method-assign]

    def __init__(self, **values: Any) -> None:
        cls = type(self)
        state = self.__dict__
        for name in cls._fields:
            if name in values:
                state[name] = values[name]
            elif name in cls._defaults:
                value = cls._defaults[name]
                state[name] = value.make() if isinstance(value, _Factory) else value
            else:
                raise TypeError(f"{cls.__name__}() missing keyword argument {name!r}")
        if not values.keys() <= cls._field_set:
            unknown = sorted(values.keys() - cls._field_set)
            raise TypeError(f"{cls.__name__}() got unexpected keyword arguments {unknown}")

    def __setattr__(self, name: str, value: Any) -> None:
        if self._frozen:
            raise AttributeError(f"{type(self).__name__} is frozen: cannot set {name}")
        object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def _hash(self) -> int:
        return hash(tuple(self.__dict__.values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={v!r}" for n, v in self.__dict__.items())
        return f"{type(self).__name__}({inner})"

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """As pydantic's: a shallow copy with `update`'s fields replaced, not validated."""
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        for name, value in (update or {}).items():
            if name not in self._fields:
                raise TypeError(f"{type(self).__name__} has no field {name!r}")
            new.__dict__[name] = value
        return new


# --- the message ---------------------------------------------------------------------------


class Entity(_Record):
    type: str
    offset: int
    length: int
    url: str | None = None


class ForwardOrigin(_Record):
    type: Literal["user", "hidden_user", "chat", "channel"] = "user"
    username: str | None = None
    name: str | None = None


class Message(_Record):
    text: str = ""
    entities: list[Entity] = field(default_factory=list)
    lang: str | None = None
    region: str | None = None
    forward_origin: ForwardOrigin | None = None
    destinations: list[str] = field(default_factory=list)


def entity_text(text: str, entity: Entity | Any) -> str:
    """The characters an entity covers, converting Telegram's UTF-16 offsets."""
    encoded = text.encode("utf-16-le")
    start, end = entity.offset * 2, (entity.offset + entity.length) * 2
    return encoded[start:end].decode("utf-16-le", errors="ignore")


def make_message(text: str, region: str | None, lang: str | None) -> Message | None:
    """The message `Message(text=..., region=..., lang=...)` would make, or None when pydantic
    would refuse it or could not write its verdict (a region or language over its length, text
    with lone surrogates): that message goes the pydantic way, to fail as it always has."""
    if (region is not None and len(region) > MAX_REGION) or (
        lang is not None and len(lang) > MAX_LANG
    ):
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return Message(text=text, region=region, lang=lang)


# --- the verdict ---------------------------------------------------------------------------


class Indicator(_Record, frozen=True):
    kind: IndicatorKind
    value: str
    chain: str | None = None
    valid: bool | None = None
    raw: str | None = None


class Span(_Record):
    start: int
    end: int
    text: str


class Finding(_Record):
    type: FindingType
    indicator: Indicator | None = None
    category: str | None = None
    detail: str
    params: dict[str, str] = field(default_factory=dict)
    source: Source
    severity: Severity
    score: float = 1.0
    span: Span | None = None
    organisation: str | None = None
    reports: int | None = None
    last_seen: str | None = None


class Origin(_Record):
    kind: OriginKind
    label: str | None = None
    start: int
    end: int
    content: str | None = None
    amount: str | None = None
    indicators: list[Indicator] = field(default_factory=list)


class CategoryScore(_Record):
    id: str
    score: float


class Verdict(_Record):
    version: str = VERSION
    risk: Risk
    categories: list[CategoryScore] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    truncated: bool = False
    lang: str = "en"
    region: str | None = None
    reply: str | None = None
    origins: list[Origin] = field(default_factory=list)
    score: float | None = None

    @property
    def top_category(self) -> str | None:
        return self.categories[0].id if self.categories else None

    def model_dump_json(self) -> str:
        """What the pydantic Verdict of the same fields writes, byte for byte."""
        return to_json(self)


class Records(NamedTuple):
    """The classes a check builds its verdict from: these twins, or the pydantic models
    (bot/verdict.py's MODELS, typed as the twins they equal field for field)."""

    Finding: type[Finding]
    Indicator: type[Indicator]
    Span: type[Span]
    CategoryScore: type[CategoryScore]
    Verdict: type[Verdict]


RECORDS = Records(Finding, Indicator, Span, CategoryScore, Verdict)


# --- the knowledge the index keeps ---------------------------------------------------------


class Localized(_Record, frozen=True):
    en: str
    zh_HK: str

    def get(self, lang: str) -> str:
        return self.zh_HK if lang == "zh-HK" else self.en


class LocalizedList(_Record, frozen=True):
    en: list[str]
    zh_HK: list[str]

    def get(self, lang: str) -> list[str]:
        return self.zh_HK if lang == "zh-HK" else self.en


class Category(_Record, frozen=True):
    id: str
    severity: Literal["high", "medium"] = "high"
    title: Localized
    explanation: Localized
    warning: Localized
    tips: LocalizedList
    example: Localized


class Contact(_Record, frozen=True):
    name: Localized
    kind: Literal["hotline", "emergency", "report", "check", "email"]
    phone: str | None = None
    url: str | None = None
    email: str | None = None
    notes: Localized | None = None
    source: str
    confidence: Literal["verified", "unverified"]
    last_verified: dt.date | None = None


class Region(_Record, frozen=True):
    code: str
    name: Localized
    default_lang: Lang = "en"
    phone_region: str
    top_categories: list[str]
    contacts: list[Contact]
    covers: list[str] = field(default_factory=list)


# The twin of each pydantic knowledge record, by the model's class name.
_TWINS: dict[str, type[_Record]] = {
    c.__name__: c for c in (Localized, LocalizedList, Category, Contact, Region)
}


def twin(record: Any) -> Any:
    """The plain twin of a validated pydantic record (nested records and lists of them too);
    anything else as it is. A field the twin lacks is an AttributeError here."""
    if isinstance(record, list):
        return [twin(x) for x in record]
    cls = _TWINS.get(type(record).__name__) if hasattr(type(record), "model_fields") else None
    if cls is None:
        return record
    return cls(**{name: twin(getattr(record, name)) for name in cls._fields})


# --- JSON as pydantic writes it ------------------------------------------------------------


class _NotPlain(Exception):
    """A value whose JSON Python's encoder writes otherwise than pydantic's."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, float):
        # Python and pydantic write the same digits for every float between these, and for 0;
        # outside them (1e-05 against 0.00001) and for inf or nan (null) they differ.
        if value != 0.0 and not 1e-4 <= abs(value) < 1e16:
            raise _NotPlain(value)
        return value
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, _Record):
        return {name: _jsonable(v) for name, v in value.__dict__.items()}
    return value


def to_json(verdict: Verdict) -> str:
    """The verdict as pydantic's `Verdict.model_dump_json()` writes it: fields in order, no
    spaces, characters unescaped but for quotes, backslashes and control characters. A float
    Python would write otherwise (none a check makes: its scores are rounded to 0.001) goes
    through the pydantic model itself."""
    try:
        data = _jsonable(verdict)
    except _NotPlain:
        from bot.verdict import Verdict as Model

        return Model.model_validate(verdict, from_attributes=True).model_dump_json()
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

