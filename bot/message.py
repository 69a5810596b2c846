"""What the engine is asked to check: text plus Telegram-style entities and context."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT = 20_000  # characters checked; longer input is cut and the verdict says so
# The caller's own recent destinations (an exchange knows where a user has sent before): a few
# are enough to catch a lookalike of one, and each is one address, not a text to search.
MAX_DESTINATIONS = 20
MAX_DESTINATION_CHARS = 128
Destination = Annotated[str, Field(min_length=1, max_length=MAX_DESTINATION_CHARS)]


class Entity(BaseModel):
    """A Telegram MessageEntity; offsets are in UTF-16 code units, as Telegram sends them."""

    model_config = ConfigDict(extra="ignore")

    type: str = Field(max_length=32)
    offset: int = Field(ge=0)
    length: int = Field(ge=0)
    url: str | None = Field(default=None, max_length=4096)


class ForwardOrigin(BaseModel):
    """Who a forwarded message came from (user, hidden user, chat or channel)."""

    model_config = ConfigDict(extra="ignore")

    type: Literal["user", "hidden_user", "chat", "channel"] = "user"
    username: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, max_length=256)


class Message(BaseModel):
    """One message to check."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(default="", description="Message text or caption.")
    entities: list[Entity] = Field(default_factory=list, max_length=1000)
    lang: str | None = Field(default=None, max_length=16)
    region: str | None = Field(default=None, max_length=8)
    forward_origin: ForwardOrigin | None = None
    destinations: list[Destination] = Field(
        default_factory=list,
        max_length=MAX_DESTINATIONS,
        description="Addresses the user has sent to before: a lookalike of one in the text is "
        "address poisoning. Never stored.",
    )


def entity_text(text: str, entity: Entity) -> str:
    """The characters an entity covers, converting Telegram's UTF-16 offsets."""
    encoded = text.encode("utf-16-le")
    start, end = entity.offset * 2, (entity.offset + entity.length) * 2
    return encoded[start:end].decode("utf-16-le", errors="ignore")
