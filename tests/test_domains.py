"""Domain checks: what imitates a brand is caught; what merely resembles one is left alone."""

from __future__ import annotations

import pytest

from bot.domains import BrandIndex, bait_segments, check_link, skeleton
from bot.indicators import parse_link
from bot.knowledge import Brand

SRC = "https://example.org/source"
BRANDS = BrandIndex.build(
    [
        Brand(
            id="binance",
            name="Binance",
            kind="exchange",
            domains=["binance.com"],
            keywords=["binance"],
            source=SRC,
        ),
        Brand(
            id="etherscan",
            name="Etherscan",
            kind="service",
            domains=["etherscan.io"],
            keywords=["etherscan"],
            source=SRC,
        ),
        Brand(
            id="myetherwallet",
            name="MyEtherWallet",
            kind="wallet",
            domains=["myetherwallet.com"],
            keywords=["myetherwallet"],
            source=SRC,
        ),
        Brand(
            id="1inch",
            name="1inch",
            kind="defi",
            domains=["1inch.io"],
            keywords=["1inch"],
            source=SRC,
        ),
        Brand(
            id="bingx",
            name="BingX",
            kind="exchange",
            domains=["bingx.com"],
            keywords=["bingx"],
            source=SRC,
        ),
        Brand(id="fantom", name="Fantom", kind="defi", domains=["fantom.foundation"], source=SRC),
    ]
)


def hit_types(url: str) -> list[str]:
    link = parse_link(url)
    assert link is not None
    return [h.type for h in check_link(link, BRANDS)]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://binance.cash", "brand_in_host"),  # the brand under another ending
        ("https://binance.com13867347.ml", "brand_in_host"),  # the brand as a subdomain
        ("https://binance-dev.online", "brand_in_host"),
        ("https://binancce.com", "lookalike"),
        ("https://1nich.com", "lookalike"),  # swapped neighbours
        ("https://mmyetherumwallet.com", "lookalike"),  # misspelt long name
        ("https://myetherwallet-sync.space", "brand_in_host"),
        ("https://walletsdappsync.in", "risky_host"),  # bait words run together
        ("https://fix-dappsconnect.online", "risky_host"),
        ("https://claim-rewards.pages.dev", "risky_host"),  # free hosting named for the bait
        ("https://bit.ly/3xYz", "risky_host"),
        ("http://192.168.1.20/login", "risky_host"),
    ],
)
def test_imitations_are_caught(url: str, expected: str) -> None:
    assert expected in hit_types(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://bing.com",  # one letter from BingX, but a famous site of its own
        "https://fandom.com",  # one letter from Fantom
        "https://etherstat.io",  # two letters from a nine-letter name is another name
        "https://definity.network",  # 'defi' inside an ordinary word
        "https://dappradar.com",  # one bait word on an ordinary .com
        "https://github.io",  # the hosting platform itself
        "https://bit.ly/",  # a shortener's home page hides nothing
        "https://accounts.binance.com/en/login",  # official, with subdomain
    ],
)
def test_resemblance_is_not_imitation(url: str) -> None:
    assert not ({"lookalike", "homograph", "brand_in_host", "risky_host"} & set(hit_types(url)))


def test_skeleton_folds_lookalike_characters() -> None:
    assert skeleton("bіnаnсe") == "binance"  # Cyrillic і, а, с
    assert skeleton("0kx") == skeleton("okx")
    assert skeleton("rnetamask") == skeleton("metamask")


def test_bait_segmentation_reads_run_together_words() -> None:
    assert bait_segments("walletsdappsync") == ("wallets", "dapp", "sync")
