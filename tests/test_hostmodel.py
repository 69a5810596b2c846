"""The learned host model: explains itself, leaves official sites alone, retrains the same."""

from __future__ import annotations

import functools
import math
import re
import time
from pathlib import Path
from typing import Any

import pytest
from train_data import TRAIN_DIR, full_retrain, needs_train_data

from bot.engine import KnowledgeIndex, check
from bot.hostmodel import ARTEFACT, HostModel, default_model, feature_names, features
from bot.knowledge import Knowledge
from bot.message import Message


@pytest.fixture(scope="module")
def model() -> HostModel:
    m = default_model()
    assert m is not None, "bot/data/hostmodel.tsv is shipped"
    return m


def test_the_shipped_artefact_has_calibrated_thresholds(model: HostModel) -> None:
    assert 0.5 < model.medium <= model.high < 1.0
    assert len(model.weights) > 10_000


@pytest.mark.parametrize("host", ["claim-airdrop-rewards.xyz", "www.app.x-y.vercel.app", "a.io"])
def test_spans_put_every_feature_back_on_the_name(host: str) -> None:
    assert sorted(feature_names(host)) == sorted(f for f, _, _ in features(host))


@pytest.mark.parametrize(
    "host",
    ["claim-eth-airdrop-rewards.xyz", "mint-free-nft-pass.vercel.app", "wallet-rectify-dapp.top"],
)
def test_a_phishing_shaped_host_is_rated_with_the_parts_that_weighed(
    model: HostModel, host: str
) -> None:
    rating = model.rate(host)
    assert rating.score >= model.medium
    assert rating.parts and all(p in host for p in rating.parts)


@pytest.mark.parametrize(
    "host",
    ["bbc.co.uk", "wikipedia.org", "python.org", "debian.org", "nytimes.com", "mozilla.org"],
)
def test_ordinary_sites_are_not_rated_as_phishing(model: HostModel, host: str) -> None:
    assert model.score(host) < model.medium


def test_check_reports_the_model_as_a_risky_host_finding(seed_index: KnowledgeIndex) -> None:
    # No brand, no bait word the rules know: only the model's weights see it.
    v = check(Message(text="Sign up: https://register.zentrixerc721.trading/"), seed_index)
    found = [f for f in v.findings if "model learnt from" in f.detail]
    assert v.risk in ("medium", "high") and found
    f = found[0]
    assert (f.type, f.category, f.source) == ("risky_host", "phishing", "automatic")
    assert f.params["host"] == "register.zentrixerc721.trading"
    assert "'register'" in f.detail and "weighed most" in f.detail


def test_no_official_domain_is_flagged(seed_kb: Knowledge, seed_index: KnowledgeIndex) -> None:
    domains = {d for b in seed_kb.brands for d in b.domains}
    flagged = [
        d for d in sorted(domains)
        if check(Message(text=f"https://{d}/"), seed_index).risk in ("medium", "high")
    ]
    assert len(domains) > 200 and flagged == []


def test_a_name_thousands_of_letters_long_still_gets_a_score(model: HostModel) -> None:
    rating = model.rate("claim-" * 1000 + "x.xyz")
    assert 0.0 <= rating.score <= 1.0 and rating.score == model.score("claim-" * 1000 + "x.xyz")


def test_scoring_takes_tens_of_microseconds(model: HostModel) -> None:
    hosts = [f"claim-{i}-rewards-{i * 7}.example{i % 5}.xyz" for i in range(2000)]
    # CPU time, not wall time: on a machine shared with other jobs wall time measures them.
    started = time.process_time()
    for h in hosts:
        model.score(h)
    per_host = (time.process_time() - started) / len(hosts)
    assert per_host < 200e-6  # ~25 us on the 2-core VM; loose for a loaded CI machine


@needs_train_data
def test_retraining_on_the_same_hosts_gives_the_same_artefact() -> None:
    pytest.importorskip("sklearn")
    from bot.hostmodel_train import load_legit, load_phishing, train

    phishing = [h for h, p in load_phishing(TRAIN_DIR) if p == "train"][::200]
    legit = [h for h, p, _ in load_legit() if p == "train"][::100]
    dev = [h for h, p, _ in load_legit() if p == "dev"][::50]
    first = train(phishing, legit, dev)
    assert first == train(phishing, legit, dev)
    assert f"hosts = {len(phishing)} phishing, {len(legit)} + 0" in first


@needs_train_data
@full_retrain("two minutes")
def test_the_retrain_command_reproduces_the_shipped_artefact(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from bot.hostmodel_train import main

    out = tmp_path / "hostmodel.tsv"
    assert main(["--train-dir", str(TRAIN_DIR), "--out", str(out)]) == 0
    assert out.read_bytes() == ARTEFACT.read_bytes()


@pytest.mark.parametrize(
    "host",
    ["claim-eth-airdrop-rewards.xyz", "mint-free-nft-pass.vercel.app", "a.io", "pages.dev",
     "www.app.x-y.vercel.app", "xn--bnance-3ua.com", "rpc.testnet.sophon.xyz",
     # every short length (rate() works out where an n-gram's middle is once per length)
     "ab.com", "abc.io", "a1.b2.xyz", "9.top", "wallet-connect-sync-" * 12 + "x.web.app"],
)
def test_rate_explains_the_same_sum_as_the_features_spell_out(
    model: HostModel, host: str
) -> None:
    # The reference: every feature's weight, put on the word its span's middle lies in.
    from bot.hostmodel import split_host

    name, suffix = split_host(host)
    word_at = [""] * (len(name) + 1)
    for w in re.finditer(r"[a-z0-9]+", name):
        word_at[w.start() : w.end()] = [w.group(0)] * (w.end() - w.start())
    weight_of: dict[str, float] = {}
    for f, start, end in features(host):
        key = (f".{suffix}" if f[:2] in ("s:", "t:") else "") if start < 0 else \
            word_at[(start + end - 1) // 2]
        if key and f in model.weights:
            weight_of[key] = weight_of.get(key, 0.0) + model.weights[f]
    parts = tuple(k for k, v in sorted(weight_of.items(), key=lambda kv: -kv[1]) if v > 0.5)
    rating = model.rate(host)
    assert rating.score == model.score(host)
    assert rating.parts == parts[:3]
    total = model.bias + sum(model.weights.get(f, 0.0) for f in feature_names(host))
    assert abs(rating.score - 1 / (1 + math.exp(-total))) < 1e-12


def test_a_word_weighs_by_the_ending_it_is_under() -> None:
    # A cross weight applies only under its own ending, in score() and rate() alike.
    m = HostModel({"w:claim": 1.0, "x:pages.dev|claim": 2.0, "x:com|mint": -3.0}, 0.0, 0.9, 0.9)
    assert "x:pages.dev|claim" in feature_names("claim-now.pages.dev")
    under, plain = m.score("claim-now.pages.dev"), m.score("claim-now.com")
    assert abs(under - 1 / (1 + math.exp(-3.0))) < 1e-12
    assert abs(plain - 1 / (1 + math.exp(-1.0))) < 1e-12
    assert m.rate("claim-now.pages.dev") == m.rate("claim-now.pages.dev")
    assert m.rate("claim-now.pages.dev").score == under
    assert m.rate("claim-now.pages.dev").parts == ("claim",)
    assert m.score("mint-claim.com") < plain


def test_the_thresholds_leave_out_official_sites_and_only_them() -> None:
    from bot.hostmodel_train import official

    is_official = official([("binance.com", "train", "knowledge"), ("a.org", "dev", "x")])
    assert is_official("binance.com") and is_official("accounts.binance.com")
    assert not is_official("binance.com.claim-bonus.xyz")
    assert not is_official("notbinance.com") and not is_official("a.org")


@needs_train_data
def test_retraining_with_hard_hosts_and_a_crypto_share_gives_the_same_artefact() -> None:
    # The path the shipped model takes: crypto hosts weighed HARD_WEIGHT times, and the
    # thresholds set over dev crypto hosts too.
    pytest.importorskip("sklearn")
    from bot.hostmodel_train import load_legit, load_phishing, train

    legit = load_legit()
    phishing = [h for h, p in load_phishing(TRAIN_DIR) if p == "train"][::300]
    plain = [h for h, p, s in legit if p == "train" and s == "hstspreload"][::150]
    hard = [h for h, p, s in legit if p == "train" and s != "hstspreload"][::10]
    dev = [h for h, p, _ in legit if p == "dev"][::50]
    crypto = [h for h, p, s in legit if p == "dev" and s != "hstspreload"]
    first = train(phishing, plain, dev, crypto, hard)
    assert first == train(phishing, plain, dev, crypto, hard)
    assert f"{len(plain)} + {len(hard)} legitimate" in first


# Crypto projects' and wallets' own sites from the sources added on 2026-12-06
# (benchmarks/gather_legit_hosts.py: erc20-token-list, wallet registries), all in the held-out
# 'test' part that nothing is trained or tuned on: names full of the words phishing uses.
NEW_SOURCES = ("npm-tokens", "npm-crypto2")


@functools.cache
def _held_out_new_crypto_hosts() -> tuple[str, ...]:
    from bot.hostmodel_train import load_legit

    return tuple(h for h, p, s in load_legit() if p == "test" and s in NEW_SOURCES)


def test_held_out_crypto_sites_from_the_new_sources_are_seldom_flagged(
    model: HostModel, seed_index: KnowledgeIndex
) -> None:
    hosts = _held_out_new_crypto_hosts()
    assert len(hosts) > 200
    by_model = [h for h in hosts if model.score(h) >= model.medium]
    by_check = [h for h in hosts
                if check(Message(text=f"https://{h}/"), seed_index).risk in ("medium", "high")]
    # Dev's share of them was 1-2% by the model and 2-3% through check(): a margin above.
    assert len(by_model) <= 0.03 * len(hosts), by_model
    assert len(by_check) <= 0.05 * len(hosts), by_check


@pytest.mark.parametrize(
    "host",
    ["golem.network", "augur.net", "kadena.io", "santiment.net", "request.network",
     "district0x.io", "xdefi.io", "moonbeam.foundation", "mstable.org", "bifrost.app"],
)
def test_well_known_held_out_crypto_projects_are_not_flagged(
    seed_index: KnowledgeIndex, host: str
) -> None:
    assert host in _held_out_new_crypto_hosts()  # held out: the model never saw them
    assert check(Message(text=f"https://{host}/"), seed_index).risk not in ("medium", "high")


# --- a brand's name only in a subdomain (bot/domains.py, SUBDOMAIN_BRAND_VETO) ---------------

def _risk_with_model(monkeypatch: pytest.MonkeyPatch, kb: Knowledge, bias: float,
                     host: str) -> tuple[str, list[str]]:
    """check()'s risk for a host when the host model scores every name sigmoid(bias), and the
    severities of the brand findings (a fresh index: hits are remembered per index)."""
    from bot import domains

    stub = HostModel({}, bias, 0.999, 0.9999)
    monkeypatch.setattr(domains, "default_model", lambda: stub)
    v = check(Message(text=f"https://{host}/"), KnowledgeIndex.build(kb))
    return v.risk, [f.severity for f in v.findings if f.type == "brand_in_host"]


@pytest.mark.parametrize("host", ["binance.quiet-garden-shop.com", "uniswap.rpc.nodehost.org",
                                  "rpc.metamask.acme-hosting.net"])
def test_a_brand_only_in_a_subdomain_of_an_ordinary_name_is_a_low_note(
    monkeypatch: pytest.MonkeyPatch, seed_kb: Knowledge, host: str
) -> None:
    low = math.log(0.05 / 0.95)  # a score of 0.05: under the veto
    risk, severities = _risk_with_model(monkeypatch, seed_kb, low, host)
    assert severities == ["low"] and risk not in ("medium", "high")
    high = math.log(0.8 / 0.2)  # 0.8: over it, and under the model's own medium
    risk, severities = _risk_with_model(monkeypatch, seed_kb, high, host)
    assert severities == ["high"] and risk == "high"


@pytest.mark.parametrize("host", ["binance-quiet-garden.com", "binance.com.quiet-garden.net",
                                  "binance.binance-garden.com"])
def test_a_brand_in_the_registered_name_is_never_vetoed(
    monkeypatch: pytest.MonkeyPatch, seed_kb: Knowledge, host: str
) -> None:
    # In the name the site's owner registered, or an official address written in front of
    # another site's: high whatever the model says.
    risk, severities = _risk_with_model(monkeypatch, seed_kb, math.log(0.001 / 0.999), host)
    assert risk == "high" and "high" in severities


# --- the gatherer's sources (benchmarks/gather_legit_hosts.py) -----------------------------

def _gatherer() -> Any:
    import importlib
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    return importlib.import_module("gather_legit_hosts")


@pytest.mark.parametrize(("expression", "allowed"), [
    ("MIT", True), ("Apache-2.0", True), ("CC0-1.0", True), ("CC-BY-4.0", True),
    ("PDDL-1.0", True), ("(MIT OR Apache-2.0)", True), ("ISC OR MIT", True),
    ("ISC", False), ("GPL-3.0", False), ("MPL-2.0", False), ("", False), ("Apache", False),
    ("MIT AND GPL-3.0", False), ("(ISC OR BSD-3-Clause)", False), ("MIT AND Apache-2.0", True),
])
def test_only_the_licences_the_training_readme_lists_are_gathered(
    expression: str, allowed: bool
) -> None:
    assert _gatherer().licence_allowed(expression) is allowed


def test_every_named_package_source_has_an_allowed_licence() -> None:
    g = _gatherer()
    assert len(g.LICENSED_PACKAGES) >= 5 and len(g.CHAIN_PACKAGES) >= 5
    for package in (*g.LICENSED_PACKAGES, *g.CHAIN_PACKAGES):
        assert g.licence_allowed(package.licence), package
        assert package.version[:1].isdigit() and package.folder.endswith(package.version)


def test_a_source_capped_against_the_list_adds_no_sixth_host_of_a_domain() -> None:
    g = _gatherer()
    new = {f"{i}.rpc.nodes-acme.io" for i in range(8)} | {"explorer.lone-chain.org"}
    assert len(g.capped(new)) == 6  # five of nodes-acme.io, and the other domain's host
    held = ["a.nodes-acme.io", "b.nodes-acme.io", "c.nodes-acme.io", "garden.com"]
    kept = g.capped(new, held)
    assert kept == {"0.rpc.nodes-acme.io", "1.rpc.nodes-acme.io", "explorer.lone-chain.org"}


def test_a_package_whose_licence_is_not_the_named_one_stops_the_gathering(
    tmp_path: Path
) -> None:
    import json

    g = _gatherer()
    named = g.Package("@acme/site-list", "1.2.3", "MIT")
    folder = tmp_path / named.folder
    folder.mkdir()
    (folder / "index.js").write_text('const site = "https://acme-project.example";\n')

    def meta(licence: str) -> None:
        (folder / "package.json").write_text(json.dumps(
            {"name": "@acme/site-list", "version": "1.2.3", "license": licence}))

    meta("MIT")
    assert g.licensed_hosts(tmp_path, [named]) == {"acme-project.example"}
    meta("ISC")  # relicensed, or the wrong archive unpacked
    with pytest.raises(SystemExit, match="ISC"):
        g.licensed_hosts(tmp_path, [named])
    isc = g.Package("@acme/site-list", "1.2.3", "ISC")  # named ISC: not allowed at all
    with pytest.raises(SystemExit, match="not one of"):
        g.licensed_hosts(tmp_path, [isc])


@pytest.mark.parametrize(("host", "suffix", "shape"), [
    ("claim-eth-2024.xyz", "xyz", "a-a-9"), ("app.x-y.vercel.app", "vercel.app", "a.a-a"),
    ("www.bbc.co.uk", "co.uk", "a"), ("a1b2c3d4e5f6g7h8.top", "top", "a9a9a9a9a9a9"),
])
def test_the_shape_of_a_name_is_its_runs_of_letters_and_digits_and_weighs_by_ending(
    host: str, suffix: str, shape: str
) -> None:
    found = [f for f in feature_names(host) if f[:3] in ("sh:", "xs:")]
    assert found == [f"sh:{shape}", f"xs:{suffix}|{shape}"]
    # Each is one weight of the sum, under its own ending only.
    m = HostModel({f"xs:{suffix}|{shape}": 2.0, f"sh:{shape}": 1.0}, 0.0, 0.9, 0.9)
    assert abs(m.score(host) - 1 / (1 + math.exp(-3.0))) < 1e-12
    from bot.hostmodel import split_host

    elsewhere = split_host(host)[0] + ".example"  # the same name under another ending
    assert abs(m.score(elsewhere) - 1 / (1 + math.exp(-1.0))) < 1e-12


def test_left_out_feature_groups_are_not_learnt() -> None:
    pytest.importorskip("sklearn")
    from bot.hostmodel_train import train

    phishing = [f"claim-{w}-{i}.xyz" for i in range(30) for w in ("eth", "nft", "drop")]
    phishing += [f"app.mint-{i}.pages.dev" for i in range(30)]
    legit = [f"{w}{i}.com" for i in range(40) for w in ("shop", "news", "blog")]
    dev = ["garden.com", "bakery.org"]
    kept = train(phishing, legit, dev)
    dropped = train(phishing, legit, dev, drop=("sh:", "xs:"))
    assert any(line.startswith(("sh:", "xs:")) for line in kept.splitlines())
    assert not any(line.startswith(("sh:", "xs:")) for line in dropped.splitlines())
    assert any(line.startswith("g:") for line in dropped.splitlines())
    assert train(phishing, legit, dev, drop=("sh:", "xs:")) == dropped


def _toy_hosts() -> tuple[list[str], list[str], list[str]]:
    phishing = [f"claim-{w}-{i}.xyz" for i in range(30) for w in ("eth", "nft", "drop")]
    legit = [f"{w}{i}.com" for i in range(40) for w in ("shop", "news", "blog")]
    hard = [f"{w}-{i}.finance" for i in range(20) for w in ("swap", "claimdao")]
    return phishing, legit, hard


def test_out_of_fold_scores_each_asked_training_host_once_by_a_model_that_never_saw_it(
) -> None:
    pytest.importorskip("sklearn")
    from bot.hostmodel_train import fold, out_of_fold

    phishing, legit, hard = _toy_hosts()
    asked = lambda h: not h.startswith("shop")  # noqa: E731  (as if official)
    every, crypto = out_of_fold(phishing, legit, hard, asked, folds=3)
    assert len(every) == sum(map(asked, legit + hard)) and len(crypto) == len(hard)
    caught: list[float] = []
    assert (every, crypto) == out_of_fold(phishing, legit, hard, asked, folds=3,
                                          phishing_scores=caught)
    assert len(caught) == len(phishing) and sum(s > 0.5 for s in caught) > len(phishing) / 2
    assert {fold(h, 3) for h in legit} == {0, 1, 2}
    assert fold("a.claim-1.xyz", 3) == fold("claim-1.xyz", 3)  # by registrable domain


def test_out_of_fold_scores_make_the_thresholds_only_stricter() -> None:
    pytest.importorskip("sklearn")
    from bot.hostmodel_train import train

    phishing, legit, hard = _toy_hosts()
    dev = ["garden.com", "bakery.org", "swap-99.finance"]

    def thresholds(text: str) -> tuple[float, float]:
        model = HostModel.parse(text)
        return model.medium, model.high

    plain = thresholds(train(phishing, legit, dev, dev[2:], hard))
    low = thresholds(train(phishing, legit, dev, dev[2:], hard, oof_legit=[0.0] * 99,
                           oof_crypto=[0.0] * 99))
    high = thresholds(train(phishing, legit, dev, dev[2:], hard, oof_legit=[0.0] * 99,
                            oof_crypto=[0.9990] * 99))
    assert low == plain
    assert high[0] >= 0.999 and high[1] >= high[0]


def test_a_left_out_source_is_neither_learnt_from_nor_calibrated_on(tmp_path: Path) -> None:
    import gzip

    from bot.hostmodel_train import LEAVE_OUT, load_legit

    path = tmp_path / "legit.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("garden.com\thstspreload\nrpc.some-chain.org\tnpm-crypto4\n"
                "explorer.other-chain.io\tnpm-crypto3\n")
    assert "npm-crypto4" in LEAVE_OUT  # gathered, held back for measuring only (docs/hosts.md)
    assert [h for h, _, _ in load_legit(path)] == ["garden.com", "explorer.other-chain.io"]
    assert len(load_legit(path, leave_out=())) == 3


# --- a threshold of its own for hyphen-joined names (issue 11, hhost6) ----------------------


@pytest.mark.parametrize(("host", "joined"), [
    ("claim-rewards.xyz", True), ("app.claim-rewards.xyz", True),
    ("claim-rewards.vercel.app", True), ("www.pay-now.co.uk", True),
    ("claimrewards.xyz", False), ("claim-app.rewards.xyz", False), ("my-bank.pages.dev", True),
])
def test_a_name_is_hyphenated_by_the_label_before_its_ending(host: str, joined: bool) -> None:
    from bot.hostmodel import hyphenated

    assert hyphenated(host) is joined


def test_a_hyphenated_name_gets_its_own_medium_and_only_below_the_plain_one() -> None:
    plain = HostModel({}, 0.0, 0.99, 0.999)
    assert plain.medium_for("claim-rewards.xyz") == (0.99, False)
    own = HostModel({}, 0.0, 0.99, 0.999, 0.97)
    assert own.medium_for("claim-rewards.xyz") == (0.97, True)
    assert own.medium_for("claimrewards.xyz") == (0.99, False)
    assert own.hyphen_floor == 0.97
    # a hyphen threshold above the plain one never makes a hyphenated name harder to flag
    assert HostModel({}, 0.0, 0.99, 0.999, 0.995).medium_for("claim-rewards.xyz") == (0.99, False)


def test_the_hyphen_threshold_survives_the_artefact_and_a_pickle(model: HostModel) -> None:
    import pickle

    text = "# bias = 0.5\n# medium = 0.99\n# high = 0.999\n# medium_hyphen = 0.97\nw:claim\t1.0\n"
    parsed = HostModel.parse(text)
    assert (parsed.medium, parsed.hyphen) == (0.99, 0.97)
    assert HostModel.parse(text.replace("# medium_hyphen = 0.97\n", "")).hyphen is None
    again = pickle.loads(pickle.dumps(model))
    assert (again.medium, again.high, again.hyphen) == (model.medium, model.high, model.hyphen)
    assert again.medium_for("claim-rewards.xyz") == model.medium_for("claim-rewards.xyz")


def _finding_at(monkeypatch: pytest.MonkeyPatch, kb: Knowledge, score: float, host: str,
                hyphen: float | None) -> list[str]:
    """The model's finding details for a host the stub model scores `score`."""
    from bot import domains

    stub = HostModel({}, math.log(score / (1 - score)), 0.99, 0.999, hyphen)
    monkeypatch.setattr(domains, "default_model", lambda: stub)
    # the logistic model's own thresholds decide only without a second stage (bot/hoststage.py)
    monkeypatch.setattr(domains, "default_stage", lambda: None)
    v = check(Message(text=f"https://{host}/"), KnowledgeIndex.build(kb))
    return [f.detail for f in v.findings if "model learnt from" in f.detail]


def test_check_flags_a_hyphenated_name_at_its_own_threshold_and_says_why(
    monkeypatch: pytest.MonkeyPatch, seed_kb: Knowledge
) -> None:
    # 0.98: under the plain medium (0.99), over the hyphenated names' (0.97)
    joined = _finding_at(monkeypatch, seed_kb, 0.98, "quiet-garden.com", 0.97)
    assert len(joined) == 1 and "joins words with a hyphen" in joined[0]
    assert not _finding_at(monkeypatch, seed_kb, 0.98, "quietgarden.com", 0.97)
    assert not _finding_at(monkeypatch, seed_kb, 0.98, "quiet-garden.com", None)
    # over the plain medium the hyphen is not given as the reason
    over = _finding_at(monkeypatch, seed_kb, 0.995, "quiet-garden.com", 0.97)
    assert len(over) == 1 and "hyphen" not in over[0]


def test_the_trainer_sets_the_hyphen_threshold_on_hyphenated_dev_hosts_only() -> None:
    pytest.importorskip("sklearn")
    from bot.hostmodel_train import HYPHEN_FLOOR, train

    phishing, legit, hard = _toy_hosts()
    plain_dev = [f"garden{i}.com" for i in range(50)]
    high = [0.999] * 99  # out-of-fold scores that hold `medium` up, out of the hyphen's way
    text = train(phishing, legit, plain_dev, [], hard, oof_legit=high, hyphen_fp=0.0005)
    model = HostModel.parse(text)
    # no hyphenated dev host: nothing holds it up but the floor
    assert model.medium >= 0.999 and model.hyphen == HYPHEN_FLOOR
    # off (the default): no threshold of its own, and the artefact does not mention one
    off = train(phishing, legit, plain_dev, [], hard, oof_legit=high)
    assert "medium_hyphen" not in off and HostModel.parse(off).hyphen is None
    assert [x for x in text.splitlines() if "medium_hyphen" not in x] == off.splitlines()
    joined_dev = [f"claim-eth-{i}.xyz" for i in range(50)]  # shaped like the phishing ones
    strict = train(phishing, legit, joined_dev, [], hard, hyphen_fp=0.0005)
    assert "medium_hyphen" not in strict  # held at `medium`: nothing of its own to say


def test_out_of_fold_hyphen_scores_only_make_the_hyphen_threshold_stricter() -> None:
    pytest.importorskip("sklearn")
    from bot.hostmodel import hyphenated
    from bot.hostmodel_train import HYPHEN_FLOOR, out_of_fold, train

    phishing, legit, hard = _toy_hosts()
    asked = lambda h: True  # noqa: E731
    joined: tuple[list[float], list[float]] = ([], [])
    every, crypto = out_of_fold(phishing, legit, hard, asked, folds=3, joined=joined)
    assert len(joined[0]) == len(every) and len(joined[1]) == len(crypto)
    # the toy's plain legitimate names have no hyphen, its crypto ones all have one
    assert sum(s > 0.0 for s in joined[0]) == sum(s > 0.0 for s in joined[1]) > 0
    assert all(hyphenated(h) for h in hard) and not any(hyphenated(h) for h in legit)
    dev = [f"garden{i}.com" for i in range(50)]
    high = [0.999] * 99  # out-of-fold scores that hold `medium` up, out of the hyphen's way
    plain = HostModel.parse(train(phishing, legit, dev, [], hard, oof_legit=high,
                                  hyphen_fp=0.0005))
    assert plain.medium >= 0.999 and plain.hyphen == HYPHEN_FLOOR
    stricter = HostModel.parse(train(phishing, legit, dev, [], hard, oof_legit=high,
                                     oof_hyphen=[0.0] * 99,
                                     oof_hyphen_crypto=[0.0] * 99 + [0.95123],
                                     hyphen_fp=0.0005))
    assert stricter.hyphen == 0.9513  # just above the one out-of-fold crypto hyphenated score
    assert (stricter.medium, stricter.high) == (plain.medium, plain.high)


def _made_up_hosts(n: int, seed: int = 16) -> list[str]:
    """Names of words, letters at random, digits and hyphens under several endings, each name
    often again under another ending or right after another (the kept weights' hard cases)."""
    import random

    rnd = random.Random(seed)
    words = ["claim", "wallet", "connect", "mint", "air", "drop", "eth", "secure", "app", "x"]
    endings = ["com", "xyz", "vercel.app", "pages.dev", "co.uk", "top", "io"]
    hosts: list[str] = []
    while len(hosts) < n:
        parts = [rnd.choice(words) if rnd.random() < 0.6 else
                 "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789")
                         for _ in range(rnd.randint(1, 9)))
                 for _ in range(rnd.randint(1, 4))]
        name = "".join(p + rnd.choice(["", "-", "."]) for p in parts[:-1]) + parts[-1]
        hosts.append(f"{name}.{rnd.choice(endings)}")
        if rnd.random() < 0.3:
            hosts.append(f"{name}.{rnd.choice(endings)}")  # the same name, another ending
    return hosts


def test_kept_n_gram_weights_give_the_sums_of_fresh_look_ups(model: HostModel) -> None:
    # parts_of(), rate() and score() share the last name's n-gram weights (branch hbulk16):
    # called in any order over many hosts, every sum is the one the weights spell out.
    import random

    from bot.hostmodel import _grams, split_host

    rnd = random.Random(5)
    for host in _made_up_hosts(3000):
        name, suffix = split_host(host)
        grams = sum(model.weights.get("g:" + g, 0.0) for g in _grams(name))
        total = model.bias + sum(model.weights.get(f, 0.0) for f in feature_names(host))
        score = 1 / (1 + math.exp(-max(-50.0, min(50.0, total))))
        for call in rnd.sample(("parts", "rate", "score"), 3):
            if call == "parts":
                assert model.parts_of(name, suffix)[4] == grams, host
            elif call == "rate":
                assert abs(model.rate(host).score - score) < 1e-12, host
            else:
                assert model.score(host) == model.rate(host).score, host


def test_an_n_gram_weighing_exactly_nothing_still_credits_its_word_first() -> None:
    # rate() credits each n-gram the model holds, even one of weight 0.0: it puts its word
    # first among words of equal weight, as the look-up that answered None for absent ones
    # did. 'bbb' (0.0) comes before '^aaa' (1.0), then 'bbb$' (1.0): bbb, aaa.
    m = HostModel({"g:bbb": 0.0, "g:^aaa": 1.0, "g:bbb$": 1.0}, 0.0, 0.9, 0.9)
    m.parts_of("aaa-bbb", "com")  # the kept weights of this very name
    assert m.rate("aaa-bbb.com").parts == ("bbb", "aaa")
    assert m.rate("aaa-bbb.com").score == m.score("aaa-bbb.com")
