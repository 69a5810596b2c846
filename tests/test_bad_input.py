"""Hostile or broken input gets a clear result quickly, never a crash or a hang."""

from __future__ import annotations

import time

import pytest
from pydantic import ValidationError

from bot.engine import KnowledgeIndex, check
from bot.message import MAX_TEXT, Entity, Message


def timed(index: KnowledgeIndex, message: Message) -> tuple[float, object]:
    start = time.perf_counter()
    v = check(message, index)
    return time.perf_counter() - start, v


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t ",
        "\x00\x01\x02\x1b[2J\x7f",
        "🙂" * 4096,
        "\ud800 lone surrogate",
        "a" * 1_000_000,
        "https://" + "a." * 3000 + "com",
        "0x" + "f" * 10_000,
        "@" * 50_000,
        "ab" * 300_000 + " enter your recovery phrase",
    ],
)
def test_garbage_gets_a_verdict_quickly(index: KnowledgeIndex, text: str) -> None:
    seconds, v = timed(index, Message(text=text))
    assert v.risk in ("low", "medium", "high")  # type: ignore[attr-defined]
    assert seconds < 3


def test_ten_thousand_urls_are_bounded_and_say_so(index: KnowledgeIndex) -> None:
    text = " ".join(f"https://site{i}.example.com/p" for i in range(10_000))
    seconds, v = timed(index, Message(text=text))
    assert v.truncated is True  # type: ignore[attr-defined]
    assert seconds < 3


def test_oversized_text_is_cut_and_marked(index: KnowledgeIndex) -> None:
    v = check(Message(text="x" * (MAX_TEXT + 10)), index)
    assert v.truncated is True


def test_entities_pointing_outside_the_text_are_harmless(index: KnowledgeIndex) -> None:
    ents = [
        Entity(type="text_link", offset=10_000, length=5, url="https://binancce.com"),
        Entity(type="url", offset=3, length=10_000),
        Entity(type="text_link", offset=0, length=3, url="not a url at all"),
    ]
    v = check(Message(text="hey", entities=ents), index)
    assert v.risk == "high"  # the hidden lookalike is still found


def test_unknown_fields_are_refused_clearly() -> None:
    with pytest.raises(ValidationError) as e:
        Message.model_validate({"text": "x", "role": "admin"})
    assert "role" in str(e.value)
