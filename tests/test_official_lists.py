"""Official lists: a brand's second domains are its own, a real project whose name is near a
brand's is not a lookalike, and a brand's word on a host it does not own is still caught."""

from __future__ import annotations

import pytest

from bot.domains import BrandIndex, check_link
from bot.engine import KnowledgeIndex
from bot.indicators import parse_link
from bot.knowledge import Brand, Knowledge

SRC = "https://example.org/source"
FLAGS = {"brand_in_host", "lookalike", "homograph", "risky_host"}

BRANDS = BrandIndex.build([
    Brand(id="tronscan", name="TRONSCAN", kind="service", domains=["tronscan.org"],
          keywords=["tronscan"], source=SRC),
    Brand(id="binance", name="Binance", kind="exchange",
          domains=["binance.com", "binance-docs.github.io"], keywords=["binance"], source=SRC),
    Brand(id="tonscan", name="Tonscan", kind="service", domains=["tonscan.org"],
          protected=False, source=SRC),
])


def findings(url: str, idx: BrandIndex = BRANDS) -> list[tuple[str, str]]:
    link = parse_link(url)
    assert link is not None
    return [(h.type, h.severity) for h in check_link(link, idx)]


def flagged(url: str, idx: BrandIndex = BRANDS) -> set[str]:
    return {t for t, sev in findings(url, idx) if sev in ("medium", "high")} & FLAGS


def test_a_near_named_project_listed_as_such_is_official_not_a_lookalike() -> None:
    assert findings("https://testnet.tonscan.org/tx/1") == [("official", "info")]
    # Without the project in the list, the same host is a one-letter lookalike of TRONSCAN.
    alone = BrandIndex.build([Brand(id="tronscan", name="TRONSCAN", kind="service",
                                    domains=["tronscan.org"], keywords=["tronscan"], source=SRC)])
    assert "lookalike" in flagged("https://testnet.tonscan.org/tx/1", alone)


def test_an_unprotected_projects_name_is_no_lookalike_target() -> None:
    # tonscan.org is listed only so that it reads as its own: a host one letter from it is
    # judged as it would be without it (still TRONSCAN's lookalike), never as Tonscan's.
    index = BrandIndex.build([Brand(id="tonscan", name="Tonscan", kind="service",
                                    domains=["tonscan.org"], protected=False, source=SRC)])
    assert "tonscan" not in index.labels and not index.keywords and not index.names
    assert not flagged("https://tonscann.org", index)


def test_a_brands_site_on_a_publishing_platform_is_official_only_where_listed() -> None:
    assert findings("https://binance-docs.github.io/apidocs/") == [("official", "info")]
    assert findings("https://api.binance-docs.github.io/") == [("official", "info")]
    assert "brand_in_host" in flagged("https://binance-login.github.io")
    assert "brand_in_host" in flagged("https://binance-docs-login.github.io")


@pytest.mark.parametrize(
    "url",
    # A brand's RPC, explorer, docs, help and deep-link hosts, and an old domain, from the
    # shipped knowledge (knowledge/brands*.yaml, each with its source).
    ["https://kusama-people-rpc.polkadot.io", "https://polkadot.js.org/apps/",
     "https://block-explorer.zksync-era-testnet.zksync.dev", "https://rpc.celestia-arabica-11.com",
     "https://metamask.app.link/dapp/x", "https://binance-docs.github.io/apidocs/",
     "https://spookyswap.finance", "https://etc.mytokenpocket.vip",
     "https://tonkeeper.helpscoutdocs.com", "https://faucet.bitkubchain.com"],
)
def test_a_brands_second_domain_is_official(seed_index: KnowledgeIndex, url: str) -> None:
    link = parse_link(url)
    assert link is not None
    assert [h.type for h in check_link(link, seed_index.brands)] == ["official"], url


@pytest.mark.parametrize(
    "url",
    # real projects one or two letters from a brand, or holding its name (knowledge/brands/
    # near-named-projects.yaml)
    ["https://tonscan.org", "https://rpc.laos.laosfoundation.io", "https://etherlink.com",
     "https://bsc-dataseed2.defibit.io", "https://qiblockchain.online"],
)
def test_a_near_named_real_project_is_not_a_lookalike(seed_index: KnowledgeIndex,
                                                       url: str) -> None:
    link = parse_link(url)
    assert link is not None
    assert [h.type for h in check_link(link, seed_index.brands)] == ["official"], url


@pytest.mark.parametrize(
    "url",
    # a brand's word on a host it does not own stays flagged, beside the second domains above
    ["https://polkadot-claim.js.org", "https://metamask-restore.app.link",
     "https://tronscan-verify.top", "https://tonscan-wallet-connect.xyz",
     "https://etherlink-claim.xyz", "https://zksync-airdrop.dev", "https://kusama-rewards.io"],
)
def test_a_brand_word_on_a_host_it_does_not_own_stays_flagged(seed_index: KnowledgeIndex,
                                                               url: str) -> None:
    link = parse_link(url)
    assert link is not None
    hits = check_link(link, seed_index.brands)
    assert {h.type for h in hits if h.severity in ("medium", "high")} & FLAGS, url


# More brands (issue 11, branch hbrand7): knowledge/brands/crypto-projects-more.yaml.


@pytest.mark.parametrize(
    "url",
    ["https://app.renzoprotocol.com/restake", "https://bridge.zircuit.com",
     "https://explorer.sophon.xyz/tx/0x1", "https://taikoscan.io/block/1",
     "https://docs.altlayer.io", "https://yaps.kaito.ai", "https://shibaswap.com",
     "https://heroesofmavia.com", "https://rpc.soneium.org", "https://app.karak.network"],
)
def test_an_added_projects_own_site_is_official(seed_index: KnowledgeIndex, url: str) -> None:
    assert findings(url, seed_index.brands) == [("official", "info")], url


@pytest.mark.parametrize(
    "url",
    # an added project's name run into other words, beside bait, or under another ending
    ["https://altlayerhub.com", "https://zircuitbridge.com", "https://illuviumland.com",
     "https://realionetwork.com", "https://app-zircuit.com", "https://karak-restake.com",
     "https://paxos-gold.org", "https://altlayer.live", "https://puffer-airdrop.com"],
)
def test_an_added_projects_name_on_a_host_it_does_not_own_is_flagged(
        seed_index: KnowledgeIndex, url: str) -> None:
    assert "brand_in_host" in flagged(url, seed_index.brands), url


def test_a_real_project_near_an_added_name_is_not_its_lookalike(
        seed_kb: Knowledge, seed_index: KnowledgeIndex) -> None:
    # Lorenzo Protocol (lorenzo-protocol.xyz) is two letters from Renzo's renzoprotocol.com:
    # listed as a near-named project, its hosts are its own ...
    host = "https://rpc.lorenzo-protocol.xyz"
    assert findings(host, seed_index.brands) == [("official", "info")]
    # ... and without that entry the same host would be called Renzo's lookalike.
    brands = [b for b in seed_kb.brands if b.id != "lorenzo-protocol"]
    assert "lookalike" in flagged(host, BrandIndex.build(brands))


def test_an_added_name_that_is_an_ordinary_word_needs_another_sign(
        seed_index: KnowledgeIndex) -> None:
    # Puffer (puffer.fi) is a fish and a jacket, Taiko a drum, Manta a ray: beside ordinary
    # words they flag nothing (each of the hyphenated ones is flagged if the name is left
    # out of bot/data/word_names.txt) ...
    for url in ("https://pufferjackets.co.uk", "https://mantaraydivers.com",
                "https://puffer-fish.com", "https://taiko-drums.com", "https://manta-diving.com",
                "https://lombard-street.com", "https://metis-consulting.com",
                "https://velodrome-london.co.uk", "https://doodlesart.com"):
        assert not flagged(url, seed_index.brands), url
    # ... but beside bait or on a throwaway ending they still count as the project's name.
    for url in ("https://manta-airdrop.com", "https://taiko-airdrop.xyz", "https://manta.top",
                "https://doodles-claim.com"):
        assert "brand_in_host" in flagged(url, seed_index.brands), url
