"""A brand's keyword inside a longer ordinary word (revolution: revolut) is not that brand's name
on a site it does not own; beside bait words, or misspelt, it still is."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.domains import INSIDE_WORDS, check_link, skeleton
from bot.engine import KnowledgeIndex, check
from bot.indicators import parse_link
from bot.message import Message

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import brand_inside_words as gen  # noqa: E402

BRAND_TYPES = {"brand_in_host", "lookalike"}


def brand_severities(idx: KnowledgeIndex, url: str) -> list[str]:
    link = parse_link(url)
    assert link is not None
    return [h.severity for h in check_link(link, idx.brands) if h.type in BRAND_TYPES]


@pytest.mark.parametrize(
    "url",
    # made-up sites named with ordinary words that hold Revolut's, Celestia's, 1inch's, Rabby's
    # and Solana's keywords
    ["https://revolution-os.com/", "https://revolutionary-bakery.com/", "https://myrevolution.org/",
     "https://celestialchoir.org/", "https://unflinching-press.com/", "https://crabby-cakes.com/",
     "https://solanaceous-gardens.org/"],
)
def test_a_brand_keyword_inside_an_ordinary_word_is_not_high(
    seed_index: KnowledgeIndex, url: str
) -> None:
    assert "high" not in brand_severities(seed_index, url), url
    assert check(Message(text=f"see {url}"), seed_index).risk != "high", url


@pytest.mark.parametrize(
    "url",
    ["https://revolut-login.com/", "https://revolut.com.secure-x.top/", "https://revolutbonus.xyz/",
     "https://revoluut.com/", "https://revolutt-app.com/",  # misspelt
     "https://revolutionlogin.com/",  # the word beside a bait word, run together
     "https://solanalink.live/",  # solana-link reads better than solanal-ink
     "https://celestialabs.dev/"],
)
def test_the_brand_still_counts_beside_bait_misspelt_or_as_the_better_reading(
    seed_index: KnowledgeIndex, url: str
) -> None:
    assert check(Message(text=f"see {url}"), seed_index).risk == "high", url


def test_an_ordinary_word_beside_bait_in_another_word_is_still_flagged(
    seed_index: KnowledgeIndex,
) -> None:
    assert check(Message(text="see https://revolution-login.com/"), seed_index).risk in (
        "medium", "high")


def test_every_shipped_word_holds_a_shipped_keyword(seed_index: KnowledgeIndex) -> None:
    keywords = [k for k in seed_index.brands.keywords if len(k) >= 4]
    assert INSIDE_WORDS
    for word in INSIDE_WORDS:
        assert any(k in word and k != word for k in keywords), word


def test_the_generator_keeps_only_longer_words_holding_a_keyword() -> None:
    words = ["revolution", "revolut", "revolve", "celestial", "table", "linchpin"]
    # 'linch' is 1inch's keyword; 'clinch' reads as 'dinch' once 'cl' is taken for 'd'
    assert gen.words_holding(["revolut", "celestia", "linch"], [*words, "clinch"]) == [
        "celestial", "linchpin", "revolution"]
    assert skeleton("clinch") == "dinch"


def test_the_shipped_list_is_what_the_generator_writes() -> None:
    pytest.importorskip("english_words")
    assert gen.OUT.read_text(encoding="utf-8") == gen.expected()
