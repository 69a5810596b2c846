"""The host model's second stage: trees walked in pure Python, retrained the same, and what
it decides in check() that the logistic model alone would not."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
from train_data import TRAIN_DIR, full_retrain, needs_train_data

from bot.engine import KnowledgeIndex, check
from bot.hostmodel import HostModel, default_model
from bot.hoststage import ARTEFACT, MEASURES, Stage, default_stage, measures
from bot.message import Message

# One tree on the logistic sum `z` and the name's digits: z <= 1 -> -2; else digits <= 2 ->
# +1, else +3.
TOY = """# measures = z digits
# base = -0.5
# medium = 0.7
# high = 0.9
tree 0
0\t1.0\t1\t2\t0.0
-1\t0\t0\t0\t-2.0
1\t2.0\t3\t4\t0.5
-1\t0\t0\t0\t1.0
-1\t0\t0\t0\t3.0
"""


def test_the_trees_are_walked_in_pure_python_and_say_what_raised_the_score() -> None:
    stage = Stage.parse(TOY)
    assert stage.used == (MEASURES.index("z"), MEASURES.index("digits"))
    assert (stage.base, stage.medium, stage.high) == (-0.5, 0.7, 0.9)
    assert stage.raw([0.5, 9.0]) == -2.5
    assert stage.raw([1.5, 1.0]) == 0.5
    assert stage.raw([1.5, 7.0]) == 2.5
    # a logistic model whose sum is 3.0 for every host: the digits decide
    flat = HostModel({}, 3.0, 0.99, 0.999)
    judged = stage.judge(flat, "claim-2024-77.xyz")
    assert abs(judged.score - 1 / (1 + math.exp(-2.5))) < 1e-12
    assert judged.score == stage.score(flat, "claim-2024-77.xyz")
    # +0.5 from z's split, +2.5 from the digits' split: the digits weighed most
    assert judged.weighed == ("the digits", "the name's pieces")
    assert stage.score(flat, "claim.xyz") < stage.medium


def test_the_trees_are_walked_only_for_hosts_the_logistic_model_scores_high_enough() -> None:
    always = Stage.parse("# measures = z\n# base = 0.0\n# medium = 0.9\n# high = 0.99\n"
                         "tree 0\n-1\t0\t0\t0\t5.0\n")
    low, high = HostModel({}, 0.5, 0.99, 0.999), HostModel({}, 3.0, 0.99, 0.999)
    assert always.score(low, "a.xyz") > 0.99  # the trees alone would flag it
    assert always.gated(low, "a.xyz") == 0.0  # sigmoid(0.5) = 0.62 < GATE
    assert always.gated(high, "a.xyz") == always.score(high, "a.xyz")


def test_the_stage_flags_a_name_the_logistic_model_alone_leaves_and_says_what_weighed(
    seed_index: KnowledgeIndex,
) -> None:
    # Two bait words run together on .net: the logistic sum is just under its own `medium`;
    # the trees, which read that sum beside the name's measures, put it over theirs.
    model, stage = default_model(), default_stage()
    assert model is not None and stage is not None
    host = "rewardpool.net"
    assert model.score(host) < model.medium
    assert stage.gated(model, host) >= stage.medium
    v = check(Message(text=f"https://{host}/"), seed_index)
    found = [f for f in v.findings if "model learnt from" in f.detail]
    assert v.risk == "medium" and found and found[0].severity == "medium"
    assert "'rewardpool' weighed most" in found[0].detail
    assert found[0].params["why_zh"]


def test_the_measures_of_a_name() -> None:
    flat = HostModel({}, 0.0, 0.99, 0.999)
    m = dict(zip(MEASURES, measures("app.claim-2024.vercel.app", flat.parts(
        "app.claim-2024.vercel.app")), strict=True))
    assert (m["len"], m["reg_len"], m["labels"], m["digits"], m["hyphens"]) == (14, 10, 2, 4, 1)
    assert (m["private"], m["suffix_len"], m["words"]) == (1.0, 10, 2)
    assert measures("bbc.co.uk", flat.parts("bbc.co.uk"))[MEASURES.index("private")] == 0.0


def test_the_shipped_stage_is_calibrated() -> None:
    stage = default_stage()
    assert stage is not None and ARTEFACT.exists()
    assert 0.5 < stage.medium <= stage.high < 1.0
    assert 50 <= len(stage.trees) <= 200


@needs_train_data
def test_retraining_the_stage_on_the_same_hosts_gives_the_same_artefact() -> None:
    pytest.importorskip("sklearn")
    from bot import hostmodel_train as ht
    from bot.hoststage_train import retrain

    legit = ht.load_legit()
    phishing = [h for h, p in ht.load_phishing(TRAIN_DIR) if p == "train"][::300]
    general = [h for h, p, s in legit if p == "train" and s == "hstspreload"][::150]
    hard = [h for h, p, s in legit if p == "train" and s != "hstspreload"][::30]
    dev = [h for h, p, _ in legit if p == "dev"][::50]
    logistic = default_model()
    assert logistic is not None
    first = retrain(phishing, general, hard, logistic, dev, dev[::4], trees=15)
    assert first == retrain(phishing, general, hard, logistic, dev, dev[::4], trees=15)
    assert len(Stage.parse(first).trees) == 15
    assert f"hosts = {len(phishing)} phishing" in first


@needs_train_data
@full_retrain("minutes")
def test_the_stage_retrain_command_reproduces_the_shipped_stage(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from bot.hoststage_train import main

    out = tmp_path / "hoststage.tsv"
    assert main(["--train-dir", str(TRAIN_DIR), "--out", str(out)]) == 0
    assert out.read_bytes() == ARTEFACT.read_bytes()


# Names made up here (not eval or training rows): bait words, brands' lookalike spellings,
# ordinary words, digits and hyphens, on cheap endings, registries' and hosting platforms'.
_PIECES = ("claim", "airdrop", "reward", "wallet", "connect", "secure", "login", "uniswap",
           "metamask", "binance", "pancake", "bakery", "garden", "news", "travel", "mint",
           "xyz", "qq", "v2", "2024", "app", "io", "dapp", "sync", "bridge", "strengths")
_ENDINGS = ("com", "xyz", "net", "org", "finance", "co.uk", "vercel.app", "pages.dev",
            "github.io", "web.app", "top", "site", "io")


def _made_up_hosts(n: int) -> list[str]:
    import random

    rng = random.Random(16)
    hosts = []
    for _ in range(n):
        words = rng.sample(_PIECES, rng.randint(1, 3))
        joint = rng.choice(("", "-", "."))
        name = joint.join(words)
        if rng.random() < 0.3:
            name = f"{rng.choice(('app', 'www', 'claim', 'x7'))}.{name}"
        hosts.append(f"{name}.{rng.choice(_ENDINGS)}")
    return hosts


def test_the_compiled_trees_give_the_walks_sums_and_gains_to_the_float() -> None:
    # The stage runs as generated code (Stage.compiled); the node-by-node walk is its
    # reference. Same float, not merely close: a verdict must not move by a rounding.
    model, stage = default_model(), default_stage()
    assert model is not None and stage is not None
    raw, gains = stage.compiled
    rows = [measures(h, model.parts(h)) for h in _made_up_hosts(3000)]
    xs = [[row[i] for i in stage.used] for row in rows]
    # ...and at every split's own threshold, just under and just over it (x <= t goes left)
    for nodes in stage.trees:
        for f, t, _, _, _ in nodes:
            if f >= 0:
                for v in (t, math.nextafter(t, -math.inf), math.nextafter(t, math.inf)):
                    x = list(xs[len(xs) % 97])
                    x[f] = v
                    xs.append(x)
    assert len(xs) > 3000 + 3 * 1000
    for x in xs:
        assert raw(x) == stage.walk(x) == stage.raw(x)
        assert gains(x) == stage.gains_walked(x)
    # the hosts both ways decide alike and say the same
    flagged = [h for h in _made_up_hosts(3000) if stage.gated(model, h) >= stage.medium]
    assert len(flagged) > 50
    for h in flagged[:200]:
        found = stage.inputs(model, h)
        assert found is not None
        assert stage.probability(found) == 1 / (1 + math.exp(-stage.walk(found)))


def test_the_compiled_trees_handle_any_artefact_and_are_built_only_when_the_stage_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    stage = Stage.parse(TOY)
    assert "compiled" not in vars(stage)  # parsing compiles nothing
    low = HostModel({}, 0.5, 0.99, 0.999)
    assert stage.gated(low, "a.xyz") == 0.0 and "compiled" not in vars(stage)  # under GATE
    assert [stage.raw(x) for x in ([0.5, 9.0], [1.5, 1.0], [1.5, 7.0], [1.0, 2.0])] == [
        -2.5, 0.5, 2.5, -2.5]
    assert stage.compiled[1]([1.5, 7.0]) == (0.5, 2.5) == stage.gains_walked([1.5, 7.0])
    # kept in the per-user cache under the artefact's digest: a second process reads it back
    kept = list((tmp_path / "cache").rglob("hoststage-code.pickle"))
    assert len(kept) == 1
    again = Stage.parse(TOY)
    assert again.raw([1.5, 7.0]) == 2.5 and again.digest == stage.digest
    # a leaf of infinity (what the trainer writes for one) and a lone-measure stage compile too
    lone = Stage.parse("# measures = digits\n# base = 0.0\n# medium = 0.9\n# high = 0.99\n"
                       "tree 0\n0\t2.0\t1\t2\t0.0\n-1\t0\t0\t0\t-1.0\n-1\t0\t0\t0\tinf\n")
    assert lone.raw([1.0]) == -1.0 and lone.raw([3.0]) == math.inf == lone.walk([3.0])
    # made in code (no artefact text): compiled, not cached
    made = Stage(stage.used, stage.base, stage.medium, stage.high, stage.trees)
    assert made.raw([1.5, 7.0]) == 2.5


def test_the_runs_of_letters_in_a_name() -> None:
    flat = HostModel({}, 0.0, 0.99, 0.999)
    m = dict(zip(MEASURES, measures("strengths-aeiou.b4rr.xyz",
                                    flat.parts("strengths-aeiou.b4rr.xyz")), strict=True))
    # 'ngths' (y counts as a vowel; a digit, dot or hyphen ends a run)
    assert (m["max_cons"], m["max_vowel"]) == (5, 5)
    m = dict(zip(MEASURES, measures("123.xyz", flat.parts("123.xyz")), strict=True))
    assert (m["max_cons"], m["max_vowel"]) == (0, 0)


def test_trees_fit_monotonic_in_the_logistic_sum_never_fall_as_it_rises() -> None:
    # The trainer's --monotonic (issue 11, tried in branch hhost16): made-up rows where a high
    # `z` with many digits reads as ordinary, which unconstrained trees learn as a dip.
    pytest.importorskip("sklearn")
    import random

    from bot.hoststage_train import fit

    rng = random.Random(3)
    xs, ys = [], []
    for _ in range(3000):
        row = [rng.uniform(-3, 3) if i < 5 else float(rng.randint(0, 9)) for i in
               range(len(MEASURES))]
        z, digits = row[0], row[MEASURES.index("digits")]
        ys.append(int(z > 0 and not (z > 2 and digits > 5)))
        xs.append(row)
    for monotonic, dips in ((False, True), (True, False)):
        base, lines = fit(xs, ys, [1.0] * len(xs), trees=10, monotonic=monotonic)
        stage = Stage.parse("\n".join([f"# measures = {' '.join(MEASURES)}", f"# base = {base}",
                                       "# medium = 0.5", "# high = 0.9", *lines]))
        fell = False
        for row in xs[:200]:
            sums = [stage.raw([z / 10, *row[1:]]) for z in range(-30, 31)]
            fell |= any(b < a for a, b in itertools.pairwise(sums))
        assert fell is dips
