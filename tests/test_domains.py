"""Domain checks: what imitates a brand is caught; what merely resembles one is left alone."""

from __future__ import annotations

import pytest

from bot.domains import BrandIndex, Hit, bait_segments, check_link, skeleton
from bot.engine import KnowledgeIndex, check
from bot.indicators import parse_link
from bot.knowledge import Brand
from bot.message import Entity, Message

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
        Brand(
            id="metamask",
            name="MetaMask",
            kind="wallet",
            domains=["metamask.io"],
            keywords=["metamask"],
            source=SRC,
        ),
        # "Ledger" is also a word: no keyword, only the official domain's name.
        Brand(id="ledger", name="Ledger", kind="wallet", domains=["ledger.com"], source=SRC),
        Brand(
            id="solana",
            name="Solana",
            kind="defi",
            domains=["solana.com"],
            keywords=["solana"],
            source=SRC,
        ),
        Brand(
            id="imtoken",
            name="imToken",
            kind="wallet",
            domains=["token.im"],
            keywords=["imtoken"],
            source=SRC,
        ),
    ]
)


def hit_types(url: str) -> list[str]:
    link = parse_link(url)
    assert link is not None
    return [h.type for h in check_link(link, BRANDS)]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://binance.top", "brand_in_host"),  # the name under a throwaway ending
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
    # The rules' view: the learned model may still weigh a name (dappradar.com reads like the
    # dapp-named phishing hosts it learnt from); the shipped knowledge lists such real sites
    # as official, which is checked before the model is asked (test below).
    link = parse_link(url)
    assert link is not None
    rules = [h.type for h in check_link(link, BRANDS) if "model learnt from" not in h.detail]
    assert not ({"lookalike", "homograph", "brand_in_host", "risky_host"} & set(rules))


@pytest.mark.parametrize("host", ["dappradar.com", "layer3.xyz"])
def test_real_crypto_sites_the_model_would_weigh_are_official_in_the_shipped_knowledge(
    seed_index: KnowledgeIndex, host: str
) -> None:
    v = check(Message(text=f"https://{host}/"), seed_index)
    assert v.risk == "official" and [f.type for f in v.findings] == ["official"]


def test_skeleton_folds_lookalike_characters() -> None:
    assert skeleton("bіnаnсe") == "binance"  # Cyrillic і, а, с
    assert skeleton("0kx") == skeleton("okx")
    assert skeleton("rnetamask") == skeleton("metamask")


def test_bait_segmentation_reads_run_together_words() -> None:
    assert bait_segments("walletsdappsync") == ("wallets", "dapp", "sync")


FLAGS = {"lookalike", "homograph", "brand_in_host", "risky_host"}


def flagged(url: str, kinds: set[str] = FLAGS) -> list[Hit]:
    link = parse_link(url)
    assert link is not None
    return [h for h in check_link(link, BRANDS) if h.type in kinds and h.severity != "low"]


def flagged_by_rules(url: str) -> list[Hit]:
    """What the rules say, without the learned host model's second opinion."""
    return [h for h in flagged(url) if MODEL_SAYS not in h.detail]


MODEL_SAYS = "to a model learnt from"


@pytest.mark.parametrize(
    "url",
    [
        "https://metamsak.com",  # swapped neighbours
        "https://metemask.com",  # a look-alike letter (a/e)
        "https://metamassk.com",  # a doubled letter
        "https://metamak.com",  # a letter left out
        "https://metanask.com",  # the key next to it
        "https://ꝇedger.com",  # a Latin letter with a stroke that does not decompose
    ],
)
def test_typos_a_reader_skims_over_imitate_the_brand(url: str) -> None:
    assert [h.type for h in flagged(url)][:1] in (["lookalike"], ["homograph"])


@pytest.mark.parametrize(
    ("alone", "with_a_second_sign"),
    [
        ("https://metatask.io", "https://metatask.top"),  # another letter: another name
        ("https://metamasks.com", "https://metamasks.live"),  # a plural
        ("https://binance.net", "https://binance.top"),  # the name under another ending
        ("https://imtoken.io", "https://imtoken.com.cn"),  # ... that reads like a .com
        ("https://ledgerbook.com", "https://ledgersync.com"),  # a word-name next to bait words
    ],
)
def test_weak_resemblance_needs_a_second_sign(alone: str, with_a_second_sign: str) -> None:
    # The rules' property; the host model may still rate the name alone (metamasks.com).
    assert flagged_by_rules(alone) == []
    hits = flagged(with_a_second_sign)
    assert hits and hits[0].severity == "medium" and " and " in hits[0].detail


def test_an_official_address_written_in_front_of_another_site() -> None:
    for url in ("https://ledger.com.342-344.app/", "https://metamask.io.merge.example.ir/"):
        (hit,) = flagged(url)
        assert hit.type == "brand_in_host" and "in front of another site" in hit.detail


@pytest.mark.parametrize(
    "url",
    [
        "https://finance.yahoo.com",  # a word one letter from Binance is still the word
        "https://metamask.github.io",  # a project's own pages, named by its account
        "https://ledgerql.com",  # a word-name run into other letters
        "https://enledger.com",
        "https://telegra.ph",  # the last letter dropped makes another name
        "https://etherscat.io",  # another letter, not a look-alike nor the key next to it
        "https://binance.github.io",  # a project's own pages, its name's bait words aside
    ],
)
def test_names_that_only_resemble_a_brand(url: str) -> None:
    assert flagged(url) == []


WEAK_SIGN_NAMES = [
    "https://tokenconect.click",  # a misspelt bait word on a cheap ending
    "https://activatewallet.org",  # a pretext and a crypto word make up the whole name
    "https://dexlaunchpads.xyz",  # a crypto word on a cheap generic ending
    "https://claim-enso.shop",  # a strong bait word on a cheap ending
    "https://shop.com.verify-now.top",  # another address written in front of its own
    "https://www-gadgetz.top",  # a fake www
    "https://wvw-mybank.com.example.top",
    "https://qzrtvb.pages.dev",  # free hosting, a random name
    "https://10-20-30-40.plesk.page",  # an IP address as a name
    "https://bafybeiduschaqs6m3jl4qp2yi3dhrrrt5te7b5gjo4aj5ew7fxa7kkjr2y.ipfs.dweb.link",
    "https://metamask-io.web.app",
    "https://mint-it.pages.dev",  # one bait word on free hosting
    "https://theswift-syncs.xyz",  # a plural reads as its word
    "https://reauthenticate-wallet.com",
    "https://myetherwalle.net",  # a long name keeps its last letter's slip
    "https://metaamsk.com",  # a letter beside it doubled in place of another
    "https://defi-net.online",  # a hyphen joins a bait word to a cheap ending
    "https://syncc-collab.net",  # a bait word with its last letter doubled
    "https://coinresolvesonline.com",  # a pretext and a crypto word, nothing else
    "https://myetheeumwallet.com",  # a long name through three slips
]


@pytest.mark.parametrize("url", WEAK_SIGN_NAMES)
def test_two_weak_signs_make_a_suspicious_host(url: str) -> None:
    # The rules' property. The host model may still veto a weak-signs hit on a name it scores
    # below WEAK_SIGNS_VETO (docs/hosts.md): that hit stays, as a low note that says so.
    link = parse_link(url)
    assert link is not None
    hits = [h for h in check_link(link, BRANDS) if h.type in FLAGS]
    assert hits, url
    assert hits[0].severity in ("medium", "high") or "weak signs only" in hits[0].detail, hits


def test_the_model_vetoes_few_of_the_hand_picked_weak_sign_names() -> None:
    vetoed = [u for u in WEAK_SIGN_NAMES if not flagged(u)]
    assert len(vetoed) <= 2, vetoed  # 1 (activatewallet.org, 0.89) with the 2026-12-06 model


@pytest.mark.parametrize(
    "url",
    [
        "https://rpc.testnet.sophon.xyz",  # a chain's RPC host on a cheap ending
        "https://mainnet-acre-rpc.konsortech.xyz",  # a validator's node, hyphens and all
        "https://xrpl-testnet-evm.zstake.xyz",  # a node operator's host
    ],
)
def test_weak_signs_on_a_name_the_host_model_reads_as_ordinary_stay_a_note(url: str) -> None:
    # Infrastructure is named with the same words as phishing (rpc, mainnet, node, .xyz):
    # the rules see weak signs, the host model does not, so they stay low, still explained.
    link = parse_link(url)
    assert link is not None
    hits = check_link(link, BRANDS)
    assert hits and all(h.severity == "low" for h in hits), hits
    assert "reads the name as ordinary" in hits[0].detail


def test_the_model_never_vetoes_a_high_hit_or_a_name_it_finds_phishy() -> None:
    # A brand's name under a throwaway ending is high on the rules alone; a bait-word name the
    # model also finds phishy stays medium.
    for url in ("https://binance.com.verify-now.top", "https://metamask-io.web.app",
                "https://syncc-collab.net"):
        hits = flagged(url)
        assert hits and hits[0].severity in ("medium", "high"), url


@pytest.mark.parametrize(
    "url",
    [
        "https://secureserver.net",  # generic web words only
        "https://anyswap.network",  # a project's name on the ending projects use
        "https://mywebsite.web.app",  # free hosting, nothing else
        "https://this-is-not-sai.surge.sh",
        "https://bitshares.github.io",
        "https://accounts.google.com",
        "https://www.weebly.com",  # the platform's own site
        "https://dropbox.com",
        "https://crypto.help",  # a dictionary word under a cheap ending
        "https://project-docs.gitbook.io",  # 'project' is a word, not 'protect' misspelt
        "https://airdrops.io",  # one bait word, however strong
        "https://coindesk-email.com",  # a hyphen and a glued 'desk'
        "https://solano.com",  # in a short name a vowel for a vowel is another name (Solana)
    ],
)
def test_ordinary_hosts_stay_unflagged(url: str) -> None:
    assert flagged(url) == [], flagged(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://trcrypto.live",  # a crypto word glued to letters, a cheap ending
        "https://unlock-protocol.com",  # a real project: a bait word and an ordinary word
    ],
)
def test_names_only_the_model_may_rate(url: str) -> None:
    # The rules pass these names; the host model's threshold (docs/hosts.md, operating points)
    # lets it rate some real names like them as phishing-like. That is its stated cost, so
    # whatever is said of them is the model's, says so, and is as severe as its dev-calibrated
    # thresholds make it (the 2026-12-06 evening model puts trcrypto.live at 0.9948, over its
    # `high` of 0.9943: docs/hosts.md). With the second stage shipped (bot/hoststage.py), its
    # score and thresholds are the ones that decide.
    from bot.hostmodel import default_model
    from bot.hoststage import default_stage

    model, stage = default_model(), default_stage()
    assert model is not None
    host = url.removeprefix("https://")
    score, high = (model.score(host), model.high) if stage is None else (
        stage.gated(model, host), stage.high)
    assert flagged_by_rules(url) == []
    for hit in flagged(url):
        assert hit.type == "risky_host" and MODEL_SAYS in hit.detail, hit
        assert hit.severity == ("high" if score >= high else "medium"), hit


def test_a_name_only_phishing_hosts_use_is_left_to_the_learned_model() -> None:
    # The rules see no brand and one weak word; 'officialnft' names phishing hosts the model
    # learnt from, so it alone speaks, and says so.
    (hit,) = flagged("https://officialnft.site")
    assert hit.type == "risky_host" and "model learnt from" in hit.detail
    assert "'officialnft'" in hit.detail


def test_every_finding_explains_itself_in_both_languages() -> None:
    (hit,) = flagged("https://qzrtvb.pages.dev")
    assert "pages.dev" in hit.detail and "random" in hit.detail
    assert hit.params["why_zh"] and "pages.dev" in hit.params["why_zh"]
    (hit,) = flagged("https://dexlaunchpads.xyz")
    assert hit.params == {"host": "dexlaunchpads.xyz", "word": "launchpads"}


def test_skeleton_reads_marked_latin_letters_as_plain() -> None:
    assert skeleton("łedger") == skeleton("ꝇedger") == "ledger"
    assert skeleton("bitfiněx") == "bitfinex"


def test_a_host_seen_again_is_answered_the_same_from_the_index_cache() -> None:
    first = flagged("https://claim-enso.shop/a")
    assert flagged("https://claim-enso.shop/b") == first
    assert "claim-enso.shop" in BRANDS.host_cache
    assert check_link(parse_link("https://bit.ly/x1"), BRANDS)[0].severity == "low"  # type: ignore[arg-type]
    assert check_link(parse_link("https://bit.ly/"), BRANDS) == []  # type: ignore[arg-type]


APPLE = BrandIndex.build(
    [
        Brand(id="apple", name="Apple", kind="service", domains=["apple.com"], source=SRC),
        Brand(id="google", name="Google", kind="service", domains=["google.com"], source=SRC),
        Brand(
            id="telegram",
            name="Telegram",
            kind="service",
            domains=["telegram.org", "t.me"],
            keywords=["telegram"],
            source=SRC,
        ),
    ]
)


def apple_hits(url: str) -> list[Hit]:
    link = parse_link(url)
    assert link is not None
    return check_link(link, APPLE)


@pytest.mark.parametrize(
    "url",
    [
        "https://testflight.apple.com/join/abc",  # fake trading apps come through TestFlight
        "https://apps.apple.com/app/id123",  # an app page can be a scam app's
        "https://play.google.com/store/apps/details?id=x",
        "https://docs.google.com/forms/d/abc",
        "https://sites.google.com/view/anything",
        "https://t.me/some_channel",  # even when a brand lists the platform as its own
        "https://www.t.me/some_channel",
        "https://chat.whatsapp.com/AbCdEf",
        "https://medium.com/@someone/post",
        "https://linktr.ee/someone",
    ],
)
def test_user_content_hosts_are_neither_official_nor_lookalikes(url: str) -> None:
    types = [h.type for h in apple_hits(url)]
    assert "official" not in types
    assert not (FLAGS & {h.type for h in apple_hits(url) if h.severity != "low"})


def test_the_brand_own_site_stays_official_beside_its_user_content_hosts() -> None:
    assert [h.type for h in apple_hits("https://apple.com/iphone")] == ["official"]
    assert [h.type for h in apple_hits("https://support.apple.com/en-hk")] == ["official"]
    assert [h.type for h in apple_hits("https://telegram.org/faq")] == ["official"]


def test_a_short_link_is_still_explained_on_a_user_content_host() -> None:
    (hit,) = apple_hits("https://bit.ly/3xYz")
    assert hit.type == "risky_host" and hit.severity == "low"


def test_a_hidden_link_to_a_user_content_host_is_still_caught(seed_index: KnowledgeIndex) -> None:
    seed = seed_index
    text = "Install the trading app from binance.com"
    start = text.index("binance.com")
    url = "https://testflight.apple.com/join/AbC123"
    ent = Entity(type="text_link", offset=start, length=len("binance.com"), url=url)
    v = check(Message(text=text, entities=[ent]), seed)
    on_link = [f for f in v.findings if f.indicator and "testflight" in f.indicator.value]
    assert [(f.type, f.severity) for f in on_link] == [("hidden_link", "high")]
    assert v.risk == "high"


def test_a_name_picked_under_a_user_content_platform_is_still_read() -> None:
    assert flagged("https://binance-claim.github.io")  # the user chose this subdomain


WORDS = BrandIndex.build(
    [
        Brand(
            id="hkpolice",
            name="Hong Kong Police Force",
            kind="police",
            domains=["police.gov.hk"],
            keywords=["hkpolice"],
            source=SRC,
        ),
        Brand(id="spf", name="Singapore Police Force", kind="police", domains=["police.gov.sg"],
              source=SRC),
        Brand(id="ups", name="UPS", kind="service", domains=["ups.com"], source=SRC),
        Brand(id="octopus", name="Octopus Cards", kind="service", domains=["octopus.com.hk"],
              keywords=["octopuscard"], source=SRC),
        Brand(id="kraken", name="Kraken", kind="exchange", domains=["kraken.com"],
              keywords=["kraken"], source=SRC),
        Brand(id="solana", name="Solana", kind="defi", domains=["solana.com"],
              keywords=["solana"], source=SRC),
        Brand(id="phantom", name="Phantom", kind="wallet", domains=["phantom.com"], source=SRC),
    ]
)


def word_flags(url: str) -> list[Hit]:
    link = parse_link(url)
    assert link is not None
    return [h for h in check_link(link, WORDS) if h.type in FLAGS and h.severity != "low"]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.police.govt.nz",  # New Zealand's police, not Hong Kong's
        "https://police.uk",
        "https://e-services.police.govt.nz",  # a hyphen on a public body's site is no sign
        "https://my-account.ups.edu",
        "https://kraken.gc.ca",
        "https://solana.gouv.fr",
        "https://octopus.ac.uk",
        "https://kraken.mil",
        "https://octopus.energy",  # a brand's name that is an ordinary word, elsewhere
        "https://kraken.io",
        "https://solana.fm",
        "https://app.solana.fm",  # a subdomain of the same-name site says no more
        "https://octopus-energy.com",  # the word beside other words
        "https://kraken-tech.com",
        "https://met-police.uk",
        "https://phantom-fireworks.com",
    ],
)
def test_public_bodies_and_plain_words_are_not_a_brand_by_name_alone(url: str) -> None:
    assert word_flags(url) == [], word_flags(url)


def test_the_official_public_site_stays_official() -> None:
    link = parse_link("https://www.police.gov.sg/e-services")
    assert link is not None
    assert [h.type for h in check_link(link, WORDS)] == ["official"]


@pytest.mark.parametrize(
    "url",
    [
        "https://kraken-login.com",  # a plain-word name next to a bait word
        "https://krakenverify.com",
        "https://phantom.top",  # ... or on a throwaway ending
        "https://phantom-wallet.com",
        "https://vww-kraken.com",  # ... or with a fake www
        "https://hkpolice-report.com",  # a distinctive name is read as before
        "https://police.gov.hk.verify-case.top",  # an official address written in front
    ],
)
def test_plain_word_names_still_count_with_a_real_sign(url: str) -> None:
    assert word_flags(url), url


def seed_types(seed: KnowledgeIndex, url: str) -> list[str]:
    link = parse_link(url)
    assert link is not None
    return [h.type for h in check_link(link, seed.brands) if h.severity != "low"]


@pytest.mark.parametrize(
    "url",
    ["https://curve.finance", "https://app.hyperliquid.xyz", "https://wallet.polkadot.network",
     "https://ff.io", "https://pump.fun/board", "https://wallet.tg", "https://fragment.com"],
)
def test_crypto_projects_official_sites(seed_index: KnowledgeIndex, url: str) -> None:
    assert seed_types(seed_index, url) == ["official"]


@pytest.mark.parametrize(
    "url",
    # an exchange's API host on a second domain, a regional site, a documentation subdomain,
    # and exchanges known only through ccxt's site lists (knowledge/brands/exchanges-ccxt.yaml)
    ["https://api.gateio.ws/api/v4", "https://www.bybit.eu", "https://api.huobi.pro",
     "https://docs.bullish.com", "https://www.btcturk.com", "https://mercadobitcoin.com.br"],
)
def test_exchanges_second_and_regional_domains_are_official(
    seed_index: KnowledgeIndex, url: str
) -> None:
    assert seed_types(seed_index, url) == ["official"]


def test_a_distinctive_exchange_name_on_another_site_is_still_caught(
    seed_index: KnowledgeIndex,
) -> None:
    assert seed_types(seed_index, "https://btcturk-giris.xyz") == ["brand_in_host"]
    assert seed_types(seed_index, "https://zebpay-kyc.com") == ["brand_in_host"]


@pytest.mark.parametrize(
    "url",
    ["https://polkadot-claim.top", "https://hyperliquid-airdrop.com", "https://changelly-login.com",
     "https://curve-finance-claim.xyz", "https://bluewallet-sync.app"],
)
def test_crypto_projects_imitations(seed_index: KnowledgeIndex, url: str) -> None:
    assert set(seed_types(seed_index, url)) & {"brand_in_host", "lookalike", "risky_host"}, url


@pytest.mark.parametrize(
    "url",
    ["https://terra.com.br", "https://render.com", "https://rainbow.com", "https://edge.org",
     "https://bitcoin.org", "https://xfinity.com",
     "https://curve-fitting.com", "https://leather-goods.com", "https://foundation.org"],
)
def test_ordinary_sites_beside_crypto_project_names(seed_index: KnowledgeIndex, url: str) -> None:
    assert not set(seed_types(seed_index, url)) & FLAGS, url


def test_a_word_beside_a_projects_name_is_not_that_project(seed_index: KnowledgeIndex) -> None:
    # Fetch.ai's name in fetchrewards.com is no sign of an imitation. The learned model is
    # another matter: a bait word ('rewards') on .com has scored within 0.0005 of its medium
    # threshold in every retrain (main's 0.9913 against 0.9916; 2026-12-06 evening's 0.9927
    # against 0.9925, a model that catches more dev phishing at fewer dev false alarms), so
    # which side it lands on says nothing about the rules this test is for.
    assert not set(seed_types(seed_index, "https://fetchrewards.com")) & (FLAGS - {"risky_host"})


@pytest.mark.parametrize(
    ("word", "edge"),
    [("claimmetamsk", True), ("metamsklogin", True), ("12connectmetamsk", True),
     ("metamskwallet77", True), ("metamskxyzqq", False), ("qqmetamsk", False)],
)
def test_only_words_with_a_bait_word_at_an_edge_are_searched_for_a_misspelt_brand(
    word: str, edge: bool
) -> None:
    from bot.domains import _bait_at_an_edge, _misspelt_inside

    assert _bait_at_an_edge(word) is edge
    # What is left beside the misspelt name must be bait words: the edge test only skips
    # words that could never qualify.
    assert _misspelt_inside(word, BRANDS) == (["metamask"] if edge else [])


def _cover_by_prefixes(label: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The reading _cover gave before its Aho-Corasick pass: at each letter, every known word
    starting there (by its first three letters, longest first), then a two-letter one."""
    from bot.domains import _PLURAL, BAIT_WORDS, HOST_WORDS, _reading

    known = {*HOST_WORDS, *BAIT_WORDS, *_PLURAL}
    by_start: dict[str, list[str]] = {}
    for w in sorted(known, key=len, reverse=True):
        if len(w) >= 3:
            by_start.setdefault(w[:3], []).append(w)
    n = len(label)
    best: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    step = [""] * (n + 1)
    for i in range(n - 1, -1, -1):
        best[i], step[i] = best[i + 1], ""
        two = label[i:i + 2]
        for w in (*by_start.get(label[i:i + 3], ()), *((two,) if len(two) == 2 and two in known
                                                        else ())):
            if label.startswith(w, i):
                cov, neg = best[i + len(w)]
                if (cov + len(w), neg - 1) > best[i]:
                    best[i], step[i] = (cov + len(w), neg - 1), w
    return _reading(label, step)


def test_a_label_reads_as_the_same_words_as_by_a_look_up_at_each_letter() -> None:
    # Run-together words, overlapping ones, plurals, digits and unknown letters between.
    import random

    from bot.domains import _WORDS, _cover

    rng = random.Random(5)
    vocab = sorted(_WORDS)
    labels = ["walletsdappsync", "cardapp", "tokenconect", "claimrewardsnow", "x", "",
              "abc123wallet", "connectwalletconnect", "airdropsclaims", "zzzq"]
    for _ in range(400):
        parts = [rng.choice(vocab) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.5:
            parts.insert(rng.randint(0, len(parts)), rng.choice(["q", "zx", "7", "3e", "-"]))
        labels.append("".join(parts))
    for label in labels:
        assert _cover.__wrapped__(label) == _cover_by_prefixes(label), label


def test_keywords_left_out_of_the_misspelling_scan_could_not_reach_its_cutoff() -> None:
    # A brand name misspelt inside bait words is found from the few keywords the letter
    # filter keeps exactly as from all of them.
    import random

    from rapidfuzz import fuzz, process

    from bot.domains import _partial_reachable
    from bot.knowledge import load_dir
    from bot.seed import shipped_knowledge_dir

    brands = KnowledgeIndex.build(load_dir(shipped_knowledge_dir())).brands
    rng = random.Random(9)
    toks = []
    for kw in brands.long_keywords:
        for _ in range(4):
            chars = list(kw)
            for _ in range(rng.randint(0, 3)):  # a letter dropped, changed or added
                at = rng.randrange(len(chars))
                op = rng.choice(("drop", "change", "add"))
                if op == "drop":
                    del chars[at]
                else:
                    chars[at:at + (op == "change")] = [rng.choice("abcdefghijklmnopqrstuvwxyz")]
            toks.append(rng.choice(["", "claim", "login"]) + "".join(chars)
                        + rng.choice(["", "wallet", "connect", "app"]))
    kept_fewer = found = 0
    for tok in toks:
        if len(tok) < 11:
            continue
        everything = process.extractOne(tok, brands.long_keywords, scorer=fuzz.partial_ratio,
                                        score_cutoff=90)
        reachable = _partial_reachable(tok, brands)
        assert process.extractOne(tok, reachable, scorer=fuzz.partial_ratio,
                                  score_cutoff=90) == (
            None if everything is None else
            (everything[0], everything[1], reachable.index(everything[0]))), tok
        kept_fewer += len(reachable) < len(brands.long_keywords)
        found += everything is not None
    assert found > 100 and kept_fewer > len(toks) // 2
