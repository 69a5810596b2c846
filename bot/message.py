"""What the engine is asked to check: text plus Telegram-style entities and context."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

# Shared with the plain twins of these models (bot/plain.py), which the one-shot check uses.
from bot.plain import MAX_DESTINATION_CHARS as MAX_DESTINATION_CHARS
from bot.plain import MAX_DESTINATIONS as MAX_DESTINATIONS
from bot.plain import MAX_LANG, MAX_REGION
from bot.plain import MAX_TEXT as MAX_TEXT
from bot.plain import entity_text as entity_text

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
    lang: str | None = Field(default=None, max_length=MAX_LANG)
    region: str | None = Field(default=None, max_length=MAX_REGION)
    forward_origin: ForwardOrigin | None = None
    destinations: list[Destination] = Field(
        default_factory=list,
        max_length=MAX_DESTINATIONS,
        description="Addresses the user has sent to before: a lookalike of one in the text is "
        "address poisoning. Never stored.",
    )

