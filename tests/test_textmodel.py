"""The text model: a second opinion learned from curated examples, retrained the same way every
time, shipped in step with its examples, explaining itself, and added to by moderators."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import engine, textmodel
from bot.engine import KnowledgeIndex, check
from bot.message import Message
from bot.textmodel import Example, TrainConfig, load_examples, train

ROOT = Path(__file__).parent.parent


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, capture_output=True, text=True,
        input=stdin, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def sample() -> list[Example]:
    """Every 15th shipped example: small enough to train in a second or two."""
    return load_examples(textmodel.EXAMPLES)[::15]


def test_retraining_on_the_same_examples_gives_the_same_artefact(sample: list[Example]) -> None:
    cfg = TrainConfig(epochs=2)
    first, second = train(sample, cfg), train(sample, cfg)
    assert first.to_json() == second.to_json()
    assert first.weights  # it learnt something
    other = train(sample[1:], cfg)  # and what it learns depends on the examples
    assert other.meta["digest"] != first.meta["digest"]


def test_the_shipped_artefact_was_trained_on_the_shipped_examples() -> None:
    model = textmodel.shipped()
    assert model is not None
    examples = load_examples(textmodel.EXAMPLES)
    assert model.meta["digest"] == textmodel.examples_digest(examples), (
        "knowledge/examples changed: run 'scamcheck model train' and commit the artefact"
    )
    assert model.meta["examples"] == len(examples)
    result = cli("model", "verify")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_example_file_names_its_source_and_licence() -> None:
    for path in sorted(textmodel.EXAMPLES.glob("*.jsonl")):
        meta = json.loads(path.read_text(encoding="utf-8").splitlines()[0])["_meta"]
        assert meta["source"] and meta["licence"], path.name


def test_the_model_explains_itself_with_words_from_the_message() -> None:
    model = textmodel.shipped()
    assert model is not None
    text = "Congratulations! You won a free iPhone, claim your prize now at the link"
    p, words = model.score(text)
    assert 0.0 <= p <= 1.0
    assert words and all(w.lower() in text.lower() for w, _ in words)
    assert all(weight > 0 for _, weight in words)


@pytest.mark.parametrize(
    ("text", "not_quoted"),
    [
        # a wallet address weighs like a word, but quoted back lowercased it is a wrong address
        (
            "Send 300 USDT to TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE now to unlock your profit",
            "tqn9y2khesljw1chvwfmsmerdow5kcblse",
        ),
        # a link and the word after it: the link has its own finding, not a place among the words
        ("verify at binance-secure.com now or account frozen", "binance-secure.com"),
    ],
)
def test_the_words_quoted_back_are_words_not_addresses_or_links(
    text: str, not_quoted: str
) -> None:
    model = textmodel.shipped()
    assert model is not None
    p, words = model.score(text)
    assert p > 0.5 and words
    assert not any(not_quoted in w.lower() for w, _ in words), words


def test_scam_wording_scores_above_ordinary_wording() -> None:
    model = textmodel.shipped()
    assert model is not None
    scam = model.score("Your account is suspended. Verify your identity now to avoid closure")[0]
    ordinary = model.score("Are we still on for lunch tomorrow? I can book the table")[0]
    assert scam > ordinary


def test_the_model_alone_never_makes_a_message_high(seed_index: KnowledgeIndex) -> None:
    text = "Dear winner, kindly claim your reward today, reply with your name and age"
    v = check(Message(text=text), seed_index)
    model_findings = [f for f in v.findings if f.type == "model"]
    assert model_findings and all(f.severity != "high" for f in model_findings)
    assert all(f.score is not None and f.score < 0.85 for f in model_findings)
    assert "words" in model_findings[0].params


def test_huge_and_garbage_input_is_scored_quickly() -> None:
    model = textmodel.shipped()
    assert model is not None
    for text in ("a" * 1_000_000, "\x00\ufffd" * 100_000, "騙" * 500_000, "http://x.co/" * 50_000):
        started = time.perf_counter()
        p, _ = model.score(text)
        assert 0.0 <= p <= 1.0
        assert time.perf_counter() - started < 0.5


def test_a_moderator_adds_a_confirmed_example_with_who_when_and_why(tmp_path: Path) -> None:
    folder = tmp_path / "examples"
    folder.mkdir()
    text = "Kindly pay the release fee of 300 USDT to unlock your winnings"
    added = cli("model", "add", "scam", text, "--who", "mod:alice", "--why", "report 4411",
                "--examples", str(folder))  # fmt: skip
    assert added.returncode == 0, added.stderr
    lines = (folder / "moderated.jsonl").read_text(encoding="utf-8").splitlines()
    assert "licence" in json.loads(lines[0])["_meta"]
    row = json.loads(lines[1])
    assert (row["text"], row["label"], row["who"], row["why"]) == (
        text,
        "scam",
        "mod:alice",
        "report 4411",
    )
    assert row["when"]
    again = cli("model", "add", "benign", text, "--who", "mod:bob", "--why", "x",
                "--examples", str(folder))  # fmt: skip
    assert again.returncode == 2 and "already an example" in again.stderr
    nobody = cli("model", "add", "benign", "hello", "--who", " ", "--why", "x",
                 "--examples", str(folder))  # fmt: skip
    assert nobody.returncode == 2
    assert len((folder / "moderated.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_training_from_a_folder_writes_a_model_that_verifies_against_it(tmp_path: Path) -> None:
    folder = tmp_path / "examples"
    folder.mkdir()
    rows: list[dict[str, object]] = [{"_meta": {"source": "tests", "licence": "CC0-1.0"}}]
    rows += [{"text": f"claim your prize number {i} now at the link", "label": "scam"}
             for i in range(8)]  # fmt: skip
    rows += [{"text": f"see you at dinner number {i} tonight", "label": "benign"}
             for i in range(8)]  # fmt: skip
    (folder / "t.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = tmp_path / "model.json"
    trained = cli("model", "train", "--examples", str(folder), "--out", str(out))
    assert trained.returncode == 0, trained.stderr
    model = textmodel.TextModel.from_json(out.read_text(encoding="utf-8"))
    assert model.score("claim your prize now")[0] > model.score("see you at dinner")[0]
    (folder / "bad.jsonl").write_text('{"text": "no meta line", "label": "scam"}\n')
    broken = cli("model", "train", "--examples", str(folder), "--out", str(out))
    assert broken.returncode == 2 and "_meta" in broken.stderr


def test_weak_wording_and_weak_signs_together_make_a_message_medium(
    seed_index: KnowledgeIndex,
) -> None:
    """The calibrated combiner: a model probability below MODEL_MEDIUM (a real model that
    gives just under it to every text) and a lure with a link that the rules leave `low` are
    `medium` together; with an unsure model they stay `low`."""
    text = (
        "Big airdrop this week for early holders of the token, see the details at"
        " https://example.com/drop and tell your friends about it."
    )

    def sure(p: float) -> textmodel.TextModel:
        return textmodel.TextModel({}, math.log(p / (1.0 - p)))

    assert check(Message(text=text), seed_index, model=None).risk == "low"
    assert check(Message(text=text), seed_index, model=sure(0.2)).risk == "low"
    weak, medium = engine.model_thresholds(text)
    below = medium - 0.05
    assert weak < below
    v = check(Message(text=text), seed_index, model=sure(below))
    assert v.risk == "medium"
    assert v.score is not None and v.score >= engine.MEDIUM_SCORE
    lifted = [f for f in v.findings if f.type == "model" and f.severity == "medium"]
    assert len(lifted) == 1 and "calibrated score" in lifted[0].detail
    assert float(lifted[0].params["calibrated"]) > float(lifted[0].params["threshold"])
    ordinary = "Hey, are we still meeting at the station at 6? Bring the tickets and some snacks"
    assert check(Message(text=ordinary + " for the long train ride."), seed_index).risk == "low"


def test_the_calibrated_score_never_falls_with_more_red_flags() -> None:
    parts = ["claim", "lure", "demand", "pressure"]
    for p in (None, 0.1, 0.5, 0.9):
        for evidence in (0.0, 0.3, 0.59):
            for i in range(len(parts)):
                fewer = set(parts[:i])
                more = set(parts[: i + 1])
                assert engine.calibrated_score(p, evidence, more) >= engine.calibrated_score(
                    p, evidence, fewer
                )
            assert engine.calibrated_score(p, evidence + 0.1, set()) > engine.calibrated_score(
                p, evidence, set()
            )
    assert engine.calibrated_score(0.9, 0.0, set()) > engine.calibrated_score(0.5, 0.0, set())
    assert all(w >= 0 for k, w in engine.CALIBRATED.items() if k not in ("bias", "few"))


def test_the_combiner_solver_recovers_a_known_logistic_model() -> None:
    """benchmarks/eval_quality.py fits the combiner; its Newton solver finds known weights."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import eval_quality

    xs: list[list[float]] = []
    ys: list[float] = []
    weights: list[float] = []
    for i in range(400):
        a, b = (i % 20) / 10.0 - 1.0, float(i % 3 == 0)
        p = 1.0 / (1.0 + math.exp(-(0.5 + 2.0 * a - 1.0 * b)))
        for y, w in ((1.0, p), (0.0, 1.0 - p)):  # both labels, weighted by their chance
            xs.append([1.0, a, b])
            ys.append(y)
            weights.append(w)
    beta = eval_quality._logistic(xs, ys, weights, 0.0)
    assert [round(b, 2) for b in beta] == [0.5, 2.0, -1.0]


def test_chinese_text_needs_a_surer_model_than_english(seed_index: KnowledgeIndex) -> None:
    """Out of source, ordinary Chinese scores higher than ordinary English, so the model alone
    makes a Chinese message `medium` only from its own, higher threshold."""
    p = (engine.MODEL_MEDIUM + engine.MODEL_MEDIUM_ZH) / 2
    assert engine.MODEL_MEDIUM < p < engine.MODEL_MEDIUM_ZH
    model = textmodel.TextModel({}, math.log(p / (1.0 - p)))
    english = "We meet at the station at six, bring the tickets and some snacks for the ride"
    chinese = "今天天氣很好，我們下午去公園散步，晚上一起去樓下那間餐廳吃飯吧"
    assert engine.model_thresholds(chinese) == (engine.MODEL_WEAK_ZH, engine.MODEL_MEDIUM_ZH)
    assert engine.model_thresholds(english) == (engine.MODEL_WEAK, engine.MODEL_MEDIUM)
    assert check(Message(text=english), seed_index, model=model).risk == "medium"
    assert check(Message(text=chinese), seed_index, model=model).risk == "low"


def test_every_source_weighs_the_same_but_a_tiny_one_is_capped() -> None:
    big = [Example(f"text {i}", "scam", source="a") for i in range(300)]
    big += [Example(f"text {i}", "scam", source="b") for i in range(100)]
    big += [Example(f"text {i}", "benign", source="c") for i in range(400)]
    weights = textmodel._example_weights(big)
    assert sum(weights[:300]) == pytest.approx(sum(weights[300:400]))  # a and b weigh the same
    assert sum(weights[:400]) == pytest.approx(sum(weights[400:]))  # and so do the labels
    tiny = [*big, *(Example(f"moderated {i}", "benign", source="m") for i in range(2))]
    capped = textmodel._example_weights(tiny)
    assert capped[-1] == textmodel.MAX_EXAMPLE_WEIGHT < sum(capped[400:800]) / 2


def test_a_chinese_example_weighs_more_than_an_english_one_of_a_source_the_same_size() -> None:
    rows = [Example(f"scam text {i}", "scam", source="en") for i in range(100)]
    rows += [Example(f"詐騙訊息{i}", "scam", source="zh") for i in range(100)]
    rows += [Example(f"ordinary {i}", "benign", source="b") for i in range(200)]
    even = textmodel._example_weights(rows)
    assert even[0] == pytest.approx(even[150])
    assert textmodel._example_weights(rows, 0.0, TrainConfig().zh_weight) == even  # shipped: 1
    k = 2.0
    weighted = textmodel._example_weights(rows, 0.0, k)
    assert weighted[150] == pytest.approx(k * weighted[0])
    assert weighted[0] == even[0] and weighted[250] == even[250]  # English is weighed as before


def test_the_fast_variant_trainer_learns_what_the_model_learns(sample: list[Example]) -> None:
    """benchmarks/textmodel_variants.py compares feature and training variants by a faster
    loop; with the shipped features it must give the shipped trainer's weights, or its
    figures would not compare with textmodel_cv.py's."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import textmodel_variants as variants

    model = train(sample, TrainConfig(epochs=2))
    docs = [variants.featurize(e.text, {}) for e in sample]
    weights, bias = variants.train(docs, sample, {"epochs": "2"})
    assert {f: round(v, 4) for f, v in weights.items()} == model.weights
    assert round(bias, 4) == model.bias
    text = "Your account is suspended. Verify your identity now to avoid closure"
    doc = variants.featurize(text, {})
    assert abs(variants.probability((weights, bias), doc, {}) - model.score(text)[0]) < 1e-3
    # and a variant's features are added to the shipped ones, not instead of them
    kinds = variants.featurize("pay $50 at https://x.example.com now", {"kinds": "1"})
    assert "k:url" in kinds and "k:cur+url" in kinds and "w:pay" in kinds


def test_the_first_line_counts_again_but_does_not_make_a_text_long_enough() -> None:
    """A subject line or an SMS's opening is read twice: as words among the others and as the
    first line's own features; those do not count towards MODEL_MIN_FEATURES."""
    text = "Final notice: claim your parcel\nThe courier tried to deliver it on Monday."
    feats = textmodel.features(text)
    head = {f for f in feats if f.startswith(textmodel.HEAD)}
    assert head and f"{textmodel.HEAD}claim" in head
    assert f"{textmodel.HEAD}courier" not in head and "w:courier" in feats
    assert feats[f"{textmodel.HEAD}claim"] == "claim"
    model = textmodel.TextModel({f"{textmodel.HEAD}claim": 2.0, "w:claim": 1.0}, 0.0)
    p, words, n = model.explain(text)
    assert n == len(feats) - len(head)
    assert words == [("claim", 2.0)]  # one word named once, at its larger weight
    moved = model.explain("The courier tried to deliver it on Monday.\nFinal notice: claim")[0]
    assert p > moved  # the same words weigh more in the first line


def test_the_model_thresholds_are_read_where_a_share_of_benign_out_of_source_scores_lie() -> None:
    """MODEL_WEAK / MODEL_MEDIUM (and the Chinese pair) are where 2.5% and 0.27% of that
    language's out-of-source benign training scores lie above (textmodel_cv.thresholds); rows
    of sources that may not ship and scams do not move them, and the weak one is the lower."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import textmodel_cv

    scored = [("a", "benign", i / 1000, False) for i in range(1000)]
    scored += [("b", "benign", 0.5 + i / 2000, True) for i in range(1000)]
    scored += [("a", "scam", 0.999, False)] * 500  # scams never move a threshold
    scored += [("SpamHunter_dataset", "benign", 0.999, False)] * 500  # nor unshippable rows
    got = textmodel_cv.thresholds(scored)
    assert got["en"]["2.50%"] == 0.975 and got["en"]["0.27%"] == 0.997
    assert got["zh"]["2.50%"] == round(0.5 + 975 / 2000, 3)
    assert engine.MODEL_WEAK < engine.MODEL_MEDIUM
    assert engine.MODEL_WEAK_ZH < engine.MODEL_MEDIUM_ZH


def _keys(text: str) -> set[str]:
    return set(textmodel.features(text))


def test_a_simplified_message_has_the_features_of_its_traditional_twin() -> None:
    traditional = "您的帳戶已被凍結，請聯繫客服完成驗證後才能提領資金"
    simplified = "您的账户已被冻结，请联系客服完成验证后才能提领资金"
    assert _keys(traditional) == _keys(simplified)
    assert _keys(traditional) != _keys("您的包裹已送達門市，請於七日內取件")


def test_cantonese_words_meet_the_written_chinese_they_stand_for() -> None:
    cantonese = _keys("佢哋唔會打電話嚟")
    written = _keys("他们不会打电话来")
    assert cantonese == written
    # 係 also writes 關係's 系: left alone, so 關係 is not read as 關是
    assert "c:关系" in _keys("我們的關係很好")


def test_a_contact_id_after_a_messaging_app_is_read_as_its_kind() -> None:
    ident = "w:" + textmodel.CONTACT_ID
    one = _keys("被騙免費諮詢賴：【w33994】高獲利穩賺不賠都是詐騙")
    other = _keys("被騙免費諮詢賴（chen7051）高獲利穩賺不賠都是詐騙")
    assert ident in one and one == other
    for text in ("加我微信 usdt_otc_sh 了解详情", "請加 LINE ID: kk52188 諮詢", "加vx dz8866"):
        assert ident in _keys(text), text
    # a word (加LINE好友), a phone number, or English text keep what they are
    assert ident not in _keys("請加LINE好友領取優惠")
    assert ident not in _keys("加我 0912345678 聯絡")
    assert "w:#nlong" in _keys("加我 0912345678 聯絡")
    assert ident not in _keys("add me on telegram king99 for signals")


def test_a_percentage_in_chinese_text_is_a_kind_of_its_own() -> None:
    pct = "w:" + textmodel.PERCENT
    assert pct in _keys("每天收益穩定3%，本金隨時可提")
    assert pct in _keys("每天收益穩定 12.5 %")
    assert pct not in _keys("daily return 3% guaranteed")  # English text is read as before


# Workplace and order e-mails written for this test (not among the examples): the model read
# such mail as phishing-like before workplace e-mails were added to the benign examples.
_WORKPLACE_MAIL = (
    "Subject: Your order has shipped\nDear Customer,\nThank you for your order with Lakeside"
    " Books. Order number 7731-2204 shipped today by parcel post and should reach you within 5"
    " business days.\nItems: 1 x Natural Gas Markets Handbook\nThe amount of $64.20 has been"
    " charged to your card. Please keep this e-mail for your records. If you have any questions"
    " about your order please reply to this message.\nLakeside Books Customer Service",
    "Subject: Please confirm your attendance\nHello everyone,\nThe quarterly review with the"
    " Denver office will be held on Wednesday at 2 pm in room 45B. Please send me a short reply"
    " by Monday to confirm whether you will attend, and send your updated project numbers to"
    " Carla by Tuesday noon.\nA conference line will be available for those who cannot be in"
    " the room.\nThanks,\nGreg",
    "Subject: New expense system goes live on Monday\nTo all employees:\nFrom Monday, expense"
    " reports will be entered in the new online system. You will receive your user name by"
    " e-mail on Friday; your password is the same as your network password. Reports entered in"
    " the old system before Friday will be paid as usual.\nTraining sessions are offered daily"
    " next week at 11 am in the training room on floor 5. If you have questions please contact"
    " the Help Desk.\nAccounts Payable",
)


@pytest.mark.parametrize("text", _WORKPLACE_MAIL, ids=("order", "meeting", "expenses"))
def test_ordinary_workplace_mail_is_not_even_a_weak_sign(text: str) -> None:
    model = textmodel.shipped()
    assert model is not None
    p, _, n = model.explain(text)
    assert n >= engine.MODEL_MIN_FEATURES  # long enough to be judged
    assert p < engine.model_thresholds(text)[0], p


def test_group_dro_weighs_the_worst_fit_cell_more_and_keeps_each_labels_total() -> None:
    q = {("a", "scam"): 1.0, ("b", "scam"): 1.0, ("c", "benign"): 1.0, ("d", "benign"): 1.0}
    loss = {("a", "scam"): [10.0, 100.0], ("b", "scam"): [60.0, 100.0],
            ("c", "benign"): [5.0, 50.0], ("d", "benign"): [5.0, 50.0]}  # fmt: skip
    textmodel.dro_update(q, loss, 3.0)
    assert q[("b", "scam")] > 1.0 > q[("a", "scam")]  # mean loss 0.6 against 0.1
    assert q[("a", "scam")] + q[("b", "scam")] == pytest.approx(2.0)  # the label's total kept
    assert q[("c", "benign")] == q[("d", "benign")] == pytest.approx(1.0)  # equal fit: as before


def _mean_loss(model: textmodel.TextModel, rows: list[Example]) -> float:
    total = 0.0
    for e in rows:
        p = min(max(model.score(e.text)[0], 1e-9), 1 - 1e-9)
        total -= math.log(p if e.label == "scam" else 1 - p)
    return total / len(rows)


def test_group_dro_fits_the_cell_the_plain_model_fits_worst_better(sample: list[Example]) -> None:
    """Worst-group training (TrainConfig.group_dro): the scam group the model fits worst (each
    label keeps its total weight, so the tilt is among a label's groups) is fitted better than
    without it, and the training stays deterministic."""
    plain = train(sample, dataclasses.replace(TrainConfig(), epochs=3, group_dro=0.0))
    cells: dict[tuple[str, str], list[Example]] = {}
    for e in sample:
        cells.setdefault((textmodel.source_group(e.source), e.label), []).append(e)
    worst = max((c for c in cells if c[1] == "scam"), key=lambda c: _mean_loss(plain, cells[c]))
    cfg = dataclasses.replace(TrainConfig(), epochs=3, group_dro=3.0)
    robust = train(sample, cfg)
    assert _mean_loss(robust, cells[worst]) < _mean_loss(plain, cells[worst])
    assert robust.to_json() == train(sample, cfg).to_json()
