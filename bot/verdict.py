"""The verdict: the one model every caller gets (CLI JSON, HTTP API, bot replies).

This is a public contract that exchanges integrate with: add fields, never rename or drop one
without bumping `VERSION`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel, ConfigDict, Field

# The literal types and constants are shared with the verdict's plain twin (bot/plain.py).
from bot import plain
from bot.plain import RISK_ORDER as RISK_ORDER
from bot.plain import VERSION as VERSION
from bot.plain import FindingType as FindingType
from bot.plain import IndicatorKind as IndicatorKind
from bot.plain import OriginKind as OriginKind
from bot.plain import Risk as Risk
from bot.plain import Severity as Severity
from bot.plain import Source as Source

if TYPE_CHECKING:
    from bot.plain import Records


class Indicator(BaseModel):
    """Something extracted from the message that can be looked up."""

    model_config = ConfigDict(frozen=True)

    kind: IndicatorKind
    value: str = Field(description="Normalised form used for look-ups.")
    chain: str | None = Field(
        default=None,
        description="For addresses: btc, evm (Ethereum and the chains that share its addresses),"
        " trx, sol, xrp, ltc, doge, bch, ton, ...",
    )
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
    severity: Severity
    score: float = Field(default=1.0, ge=0, le=1)
    span: Span | None = Field(default=None, description="For phrases: where in the message.")
    organisation: str | None = None
    reports: int | None = None
    last_seen: str | None = None


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


# What `engine.check` builds its verdict from: these models, typed as their plain twins (the
# same fields in the same order; tests/test_plain_records.py), so one engine serves both.
MODELS: Records = plain.Records(
    cast("Any", Finding),
    cast("Any", Indicator),
    cast("Any", Span),
    cast("Any", CategoryScore),
    cast("Any", Verdict),
)
