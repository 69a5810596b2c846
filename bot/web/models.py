"""The HTTP API's wire formats: requests, errors and envelopes (the verdict is bot.verdict's).

These models are the single source of truth: the server validates with them and
/openapi.json is generated from them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from bot.message import MAX_DESTINATION_CHARS, MAX_DESTINATIONS, Entity, ForwardOrigin, Message
from bot.moderation import LineError
from bot.store.submissions import RowResult
from bot.verdict import HostVerdict, Verdict

MAX_TEXT_CHARS = 20_000  # the engine checks at most this much (bot.message.MAX_TEXT)
MAX_ENTITIES = 1_000
MAX_BATCH_ITEMS = 1_000
MAX_HOSTS = 10_000  # hosts in one POST /v1/check/hosts (about 5 s of one core's work)
REGION_PATTERN = r"^[A-Za-z]{2}$"

Lang = Literal["en", "zh-HK"]


def _whole(value: object) -> object:
    """JSON has one number type: 12.0 is the integer 12 (but `true` and "12" are refused)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


Whole = Annotated[int, BeforeValidator(_whole)]


def _null_allowed(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """The document says what Strict accepts: `null` for every optional field. A field keeps
    its keywords where they were (`maxItems`, `enum`); its `type` becomes [type, "null"]."""
    for name, prop in schema.get("properties", {}).items():
        field = model.model_fields.get(name)
        if field is None or field.is_required():
            continue
        if any(o.get("type") == "null" for o in prop.get("anyOf", [])):
            continue  # already `X | None`
        if isinstance(prop.get("type"), str):
            prop["type"] = [prop["type"], "null"]
            if "enum" in prop:
                prop["enum"] = [*prop["enum"], None]
        else:  # a $ref or a union: wrapped
            kept = {k: prop.pop(k) for k in ("default", "description", "examples", "title")
                    if k in prop}  # fmt: skip
            schema["properties"][name] = {"anyOf": [prop, {"type": "null"}], **kept}


class Strict(BaseModel):
    """Refuses unknown fields, and values of the wrong JSON type (no `true` for a number).

    `null` for an optional field means its default, as if the field were absent (so a batch's
    `lang` applies to an item sent with `"lang": null`); a required field is never null.
    """

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_null_allowed)

    @model_validator(mode="before")
    @classmethod
    def _null_is_default(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        return {
            k: v
            for k, v in data.items()
            if v is not None or k not in fields or fields[k].is_required()
        }


class ApiEntity(Strict):
    """A Telegram MessageEntity; `offset` and `length` count UTF-16 code units."""

    type: str = Field(max_length=32, examples=["text_link"])
    offset: Whole = Field(ge=0, le=2 * MAX_TEXT_CHARS)
    length: Whole = Field(ge=0, le=2 * MAX_TEXT_CHARS)
    url: str | None = Field(default=None, max_length=4096, description="For `text_link`.")
    user: dict[str, Any] | None = Field(default=None, description="For `text_mention`; ignored.")
    language: str | None = Field(default=None, max_length=64, description="For `pre`; ignored.")
    custom_emoji_id: str | None = Field(default=None, max_length=64, description="Ignored.")


class ApiForwardOrigin(Strict):
    """Who a forwarded message came from, as in Telegram's `forward_origin`, flattened."""

    type: Literal["user", "hidden_user", "chat", "channel"] = "user"
    username: str | None = Field(default=None, max_length=64, description="Without the @.")
    name: str | None = Field(default=None, max_length=256, description="Display name or title.")


class CheckRequest(Strict):
    """One message to check, as a person received it."""

    text: str = Field(
        max_length=MAX_TEXT_CHARS,
        description="The message text (or a photo's caption); may be a lone link or address.",
        examples=["Pay the withdrawal tax to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t to unlock"],
    )
    entities: list[ApiEntity] = Field(
        default_factory=list,
        max_length=MAX_ENTITIES,
        description="Telegram entities of the text, e.g. `text_link`s hiding a URL.",
    )
    lang: Lang = Field(default="en", description="Language of the rendered `reply`.")
    region: str | None = Field(
        default=None,
        pattern=REGION_PATTERN,
        description="Region (ISO 3166-1 alpha-2) for phone numbers and the contacts in `reply`; "
        "the service's default region when absent.",
        examples=["HK"],
    )
    forward_origin: ApiForwardOrigin | None = Field(
        default=None, description="For a forwarded message: its original sender."
    )

    destinations: list[Annotated[str, Field(min_length=1, max_length=MAX_DESTINATION_CHARS)]] = (
        Field(
            default_factory=list,
            max_length=MAX_DESTINATIONS,
            description="Addresses this user has sent to before (the exchange knows them), up to "
            f"{MAX_DESTINATIONS} of at most {MAX_DESTINATION_CHARS} characters. An address in "
            "`text` with the same chain and the same first and last characters as one of them, "
            "but not the same address, is address poisoning: `high`, with a finding of type "
            "`address_poisoning` naming the destination (shortened) in `params.destination`. "
            "Strings that are no address of a supported chain are ignored. Never stored or "
            "logged.",
            examples=[["0x28C6c06298d514Db089934071355E5743bf21d60"]],
        )
    )

    @field_validator("region")
    @classmethod
    def _upper(cls, v: str | None) -> str | None:
        return v.upper() if v else v

    def message(self, lang: str | None = None, region: str | None = None) -> Message:
        """The engine's input (batch-wide defaults fill what the item leaves out)."""
        return Message(
            text=self.text,
            entities=[
                Entity(type=e.type, offset=e.offset, length=e.length, url=e.url)
                for e in self.entities
            ],
            lang=lang or self.lang,
            region=self.region or region,
            forward_origin=ForwardOrigin(**self.forward_origin.model_dump())
            if self.forward_origin
            else None,
            destinations=list(self.destinations),
        )


class BatchRequest(Strict):
    """Up to 1,000 messages checked in one request; results come back in the same order."""

    items: list[CheckRequest] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)
    lang: Lang | None = Field(default=None, description="Default for items without `lang`.")
    region: str | None = Field(
        default=None, pattern=REGION_PATTERN, description="Default for items without `region`."
    )


class BatchEnvelope(Strict):
    """What the server parses first: items are validated one by one, so one bad item does
    not spoil the others (its result is an ItemError)."""

    items: list[Any] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)
    lang: Lang | None = None
    region: str | None = Field(default=None, pattern=REGION_PATTERN)


class HostsRequest(Strict):
    """Up to 10,000 hosts or links screened in one request (`scamcheck check --hosts`)."""

    hosts: list[str] = Field(
        min_length=1,
        max_length=MAX_HOSTS,
        description="Hosts or URLs, one each (`binance.com`, `https://x.top/login`); one that "
        "is no host gets a result with `error`, not a refusal of the request.",
        examples=[["binance.com", "binnance.com", "https://metamask-io.web.app/connect"]],
    )


class HostsResponse(BaseModel):
    results: list[HostVerdict] = Field(description="One per host, in order.")


class ItemError(BaseModel):
    """The result of a batch item that could not be checked."""

    index: int = Field(description="Position of the item in `items`, from 0.")
    error: str = Field(description="What is wrong with it.")


class BatchResponse(BaseModel):
    results: list[Verdict | ItemError] = Field(description="One per item, in order.")


class ErrorDetail(BaseModel):
    field: str = Field(description="Dotted path of the offending field; empty for the body.")
    message: str
    type: str


class ErrorBody(BaseModel):
    """Every error: a message for people, a stable code for programs."""

    error: str = Field(description="What went wrong, in plain English.")
    code: str = Field(
        description="invalid_json, invalid_request, body_too_large, unsupported_media_type, "
        "not_found, method_not_allowed, rate_limited, unauthorized, internal, ..."
    )
    details: list[ErrorDetail] | None = Field(default=None, description="For invalid_request.")
    id: str | None = Field(default=None, description="For internal errors: quote it to us.")


TelegramState = Literal["off", "starting", "running", "failed"]


class Health(BaseModel):
    status: Literal["ok", "unhealthy"] = "ok"
    problems: list[str] = Field(
        default_factory=list,
        description="Why the service is unhealthy (HTTP 503), e.g. a knowledge base without "
        "categories or regions; empty when healthy.",
    )
    knowledge_version: int
    telegram: TelegramState = Field(description="The bot in this process, if it has a token.")


# --- the police API (bot.web.police) -----------------------------------------------------------

PoliceKind = Literal["address", "domain", "url", "phone", "handle", "email", "phrase"]


class PoliceRow(BaseModel):
    """One reported indicator (or phrase); the CSV columns have the same names."""

    kind: PoliceKind
    value: str = Field(examples=["TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"])
    category: str = Field(
        description="A category id of the knowledge base.", examples=["investment"]
    )
    reference: str = Field(description="The case reference (required).", examples=["HK-2026-0101"])
    organisation: str | None = Field(
        default=None, description="The token's own organisation, or empty."
    )
    note: str | None = None
    lang: str | None = Field(default=None, description="For phrases; guessed when empty.")


class PoliceBulk(BaseModel):
    reported: list[PoliceRow]


class PoliceSubmitted(BaseModel):
    """What became of a submission: rows live or queued, and refused rows by line or item."""

    organisation: str
    mode: Literal["live", "review"] = Field(description="How the organisation publishes.")
    published: int
    queued: int
    results: list[RowResult] = Field(description="Accepted rows: status published or queued.")
    errors: list[LineError] = Field(description="Refused rows, by line (CSV) or item (JSON).")


class PoliceWithdrawal(BaseModel):
    """Which of the organisation's own entries to take down."""

    kind: PoliceKind
    value: str
    reason: str | None = Field(default=None, max_length=500)


class PoliceWithdrawn(BaseModel):
    disabled: Literal[True] = True
    kind: str
    key: str = Field(description="The entry as normalised for look-ups.")


class PoliceHistory(BaseModel):
    """An indicator's live entry and its audited changes; people's Telegram ids replaced."""

    kind: str
    key: str
    listed: dict[str, Any] | None = Field(description="The live entry, if it is listed.")
    history: list[dict[str, Any]] = Field(description="Audit records, oldest first.")


class PoliceErrorBody(BaseModel):
    """A police API error; a bulk file that cannot be read at all also lists `errors`."""

    error: str
    code: str = Field(
        description="unauthorized, forbidden, bad_request, not_found, body_too_large, "
        "unsupported_media_type"
    )
    errors: list[LineError] | None = None
