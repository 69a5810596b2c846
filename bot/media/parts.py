"""Pieces of one check from different places (typed text, pictures, QR codes, e-mails) joined
into the single Message the engine checks, and the verdict told which piece held what."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.message import MAX_TEXT, Entity, ForwardOrigin, Message
from bot.verdict import Indicator, Origin, OriginKind, Verdict

# Pieces are joined by a blank line so that a phrase never runs from one piece into the next.
SEPARATOR = "\n\n"


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Part:
    """One piece of text to check and where it came from; entity offsets are the piece's own."""

    kind: OriginKind
    text: str
    label: str | None = None
    entities: list[Entity] = field(default_factory=list)
    content: str | None = None  # QR codes: the decoded payload as it was
    amount: str | None = None  # payment QR codes


@dataclass
class Combined:
    """The Message to check and, per piece, where it sits in the message text."""

    message: Message
    origins: list[Origin]


def combine(
    parts: list[Part],
    lang: str | None = None,
    region: str | None = None,
    forward_origin: ForwardOrigin | None = None,
) -> Combined:
    """Joins the pieces into one Message, shifting each piece's entities to its place."""
    text = ""
    entities: list[Entity] = []
    origins: list[Origin] = []
    for part in parts:
        if not part.text.strip() and part.content is None:
            continue
        if text:
            text += SEPARATOR
        start, shift = len(text), utf16_len(text)
        text += part.text
        entities += [e.model_copy(update={"offset": e.offset + shift}) for e in part.entities]
        origins.append(
            Origin(
                kind=part.kind,
                label=part.label,
                start=start,
                end=len(text),
                content=part.content,
                amount=part.amount,
            )
        )
    message = Message(
        text=text,
        entities=entities[:1000],
        lang=lang,
        region=region,
        forward_origin=forward_origin,
    )
    return Combined(message, origins)


def attribute(verdict: Verdict, combined: Combined) -> Verdict:
    """The verdict with its origins, each listing the indicators found in that piece.

    An indicator is placed where its written form (or a hidden link's target) occurs; one
    found in no piece (the engine normalised it beyond recognition) is left unplaced.
    """
    if not combined.origins:
        return verdict
    text = combined.message.text[:MAX_TEXT].lower()
    targets = _entity_targets(combined)
    origins = []
    for origin in combined.origins:
        piece = text[origin.start : origin.end]
        found = [
            ind
            for ind in verdict.indicators
            if _occurs(ind, piece)
            or any(_occurs(ind, url) for url in targets.get(origin.start, []))
        ]
        origins.append(origin.model_copy(update={"indicators": _unique(found)}))
    return verdict.model_copy(update={"origins": origins})


def _entity_targets(combined: Combined) -> dict[int, list[str]]:
    """Hidden link targets per piece (keyed by the piece's start), lower-cased."""
    out: dict[int, list[str]] = {}
    text = combined.message.text
    for e in combined.message.entities:
        if not e.url:
            continue
        # Entity offsets are UTF-16; the piece holding it is the last one starting before it.
        at = len(text.encode("utf-16-le")[: e.offset * 2].decode("utf-16-le", errors="ignore"))
        owner = max((o.start for o in combined.origins if o.start <= at), default=0)
        out.setdefault(owner, []).append(e.url.lower())
    return out


def _occurs(ind: Indicator, haystack: str) -> bool:
    forms = {ind.value.lower(), (ind.raw or "").lower()} - {""}
    if ind.kind == "url":
        forms.add(ind.value.lower().split("/", 1)[0])
    return any(f in haystack for f in forms)


def _unique(items: list[Indicator]) -> list[Indicator]:
    seen: list[Indicator] = []
    for i in items:
        if i not in seen:
            seen.append(i)
    return seen
