"""The verdict: the one model every caller gets (CLI JSON, HTTP API, bot replies).

This is a public contract that exchanges integrate with: add fields, never rename or drop one
without bumping `VERSION`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

VERSION = "1"

Risk = Literal["high", "medium", "low", "official"]
RISK_ORDER: dict[str, int] = {"official": 0, "low": 1, "medium": 2, "high": 3}
IndicatorKind = Literal["url", "domain", "address", "phone", "email", "handle"]
Source = Literal["police", "moderator", "community", "automatic", "official"]
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


class Indicator(BaseModel):
    """Something extracted from the message that can be looked up."""

    model_config = ConfigDict(frozen=True)

    kind: IndicatorKind
    value: str = Field(description="Normalised form used for look-ups.")
    chain: str | None = Field(default=None, description="For addresses: btc, eth, trx, ...")
    valid: bool | None = Field(
        default=None, description="For addresses: checksum verified (None: format has none)."
    )
    raw: str | None = Field(default=None, description="As written, when it differs.")


class Span(BaseModel):
    start: int
    end: int
    text: str


class Finding(BaseModel):
    """One reason for the verdict, saying what matched, why, and who vouches for it."""

    type: FindingType
    indicator: Indicator | None = None
    category: str | None = None
    detail: str = Field(description="Plain English explanation.")
    params: dict[str, str] = Field(
        default_factory=dict,
        description="Values behind `detail`, for rendering in other languages.",
    )
    source: Source
    severity: Literal["high", "medium", "low", "info"]
    score: float = Field(default=1.0, ge=0, le=1)
    span: Span | None = Field(default=None, description="For phrases: where in the message.")
    organisation: str | None = None
    reports: int | None = None
    last_seen: str | None = None


OriginKind = Literal[
    "typed_text",  # what the person typed or forwarded as text (or a caption)
    "recognised_text",  # text recognised in a picture (a screenshot)
    "qr_code",  # what a QR code in a picture holds
    "email_header",  # From, Reply-To, Subject of an e-mail
    "email_body",  # an e-mail's body, each link's real target (href) kept
    "email_attachment",  # an e-mail attachment's name (never opened)
]


class Origin(BaseModel):
    """Where one piece of the checked text came from, when it was not only typed text."""

    kind: OriginKind
    label: str | None = Field(
        default=None, description="Which picture, file or header: 'picture 1', 'From', ..."
    )
    start: int = Field(ge=0, description="First character of the piece in the checked text.")
    end: int = Field(ge=0, description="Character after the piece in the checked text.")
    content: str | None = Field(
        default=None, description="For QR codes: what the code holds (a link, an address, a URI)."
    )
    amount: str | None = Field(default=None, description="For payment QR codes: the amount.")
    indicators: list[Indicator] = Field(
        default_factory=list, description="The verdict's indicators found in this piece."
    )


class CategoryScore(BaseModel):
    id: str
    score: float = Field(ge=0, le=1)


class Verdict(BaseModel):
    """The answer to one check."""

    version: str = VERSION
    risk: Risk = Field(description="`low` means no known scam record, never 'safe'.")
    categories: list[CategoryScore] = Field(
        default_factory=list, description="Ranked, best first."
    )
    findings: list[Finding] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    truncated: bool = Field(default=False, description="The input was cut to the size limit.")
    lang: str = "en"
    region: str | None = None
    reply: str | None = Field(default=None, description="Rendered warning, when asked for.")
    origins: list[Origin] = Field(
        default_factory=list,
        description="What came from where (pictures, QR codes, e-mails); empty for typed text.",
    )
    score: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="All scam evidence combined (0-1); `medium` from 0.6, `high` from 0.85.",
    )

    @property
    def top_category(self) -> str | None:
        return self.categories[0].id if self.categories else None


class HostVerdict(BaseModel):
    """What is known of one host or link, for bulk screening (`scamcheck check --hosts`,
    `POST /v1/check/hosts`): the same findings a message holding only that link gets."""

    version: str = VERSION
    host: str = Field(description="The host or URL as given (surrounding spaces removed).")
    risk: Risk | None = Field(
        description="As in the verdict (`low`: no known scam record, never 'safe'); null when "
        "`error` says the input is no host."
    )
    score: float | None = Field(default=None, ge=0, le=1, description="As in the verdict.")
    category: str | None = Field(default=None, description="Of the strongest finding.")
    reason: str = Field(description="The strongest finding's `detail`, or why there is none.")
    findings: list[Finding] = Field(default_factory=list)
    indicator: Indicator | None = Field(default=None, description="The host or URL as read.")
    error: str | None = Field(default=None, description="Why the input was not checked.")
