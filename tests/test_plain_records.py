"""The plain twins of bot/plain.py against the pydantic models they stand in for (issue 13):
the same fields in the same order with the same types and defaults, the same values for the
shipped knowledge and for verdicts of many messages, the same JSON byte for byte and the same
replies; and a one-shot check that never imports pydantic."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from bot import knowledge, message, plain, verdict
from bot.engine import KnowledgeIndex, check, check_plain
from bot.knowledge import Knowledge
from bot.render import render

ROOT = Path(__file__).resolve().parent.parent

PAIRS: list[tuple[type[Any], type[BaseModel]]] = [
    (plain.Entity, message.Entity),
    (plain.ForwardOrigin, message.ForwardOrigin),
    (plain.Message, message.Message),
    (plain.Indicator, verdict.Indicator),
    (plain.Span, verdict.Span),
    (plain.Finding, verdict.Finding),
    (plain.Origin, verdict.Origin),
    (plain.CategoryScore, verdict.CategoryScore),
    (plain.Verdict, verdict.Verdict),
    (plain.Localized, knowledge.Localized),
    (plain.LocalizedList, knowledge.LocalizedList),
    (plain.Category, knowledge.Category),
    (plain.Contact, knowledge.Contact),
    (plain.Region, knowledge.Region),
]


def _shape(tp: Any) -> Any:
    """A type as comparable data: records by class name (a twin and its model are the same
    shape), Annotated's constraints dropped (validation is the models' job), unions as sets."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _shape(args[0])
    if origin is typing.Literal:
        return ("Literal", frozenset(args))
    if origin in (typing.Union, types.UnionType):
        return ("Union", frozenset(_shape(a) for a in args))
    if origin is not None:
        return (origin, tuple(_shape(a) for a in args))
    return tp.__name__ if isinstance(tp, type) and tp.__module__.startswith("bot.") else tp


def _plain_hints(cls: type[Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, vars(plain))
    return {name: hints[name] for name in cls._fields}


@pytest.mark.parametrize(("twin", "model"), PAIRS, ids=[m.__name__ for _, m in PAIRS])
def test_a_twin_has_its_models_fields_types_and_defaults(
    twin: type[Any], model: type[BaseModel]
) -> None:
    fields = model.model_fields
    assert twin._fields == tuple(fields)  # a field added to one and not the other fails here
    hints = _plain_hints(twin)
    for name, info in fields.items():
        assert _shape(hints[name]) == _shape(info.rebuild_annotation()), name
        if info.is_required():
            assert name not in twin._defaults, name
            continue
        default = twin._defaults[name]
        made = default.make() if isinstance(default, plain._Factory) else default
        want = info.get_default(call_default_factory=True)
        assert type(made) is type(want) and made == want, name


def test_a_twin_refuses_what_a_dataclass_refuses() -> None:
    with pytest.raises(TypeError, match="missing"):
        plain.Span(start=1, end=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected"):
        plain.Span(start=1, end=2, text="x", stop=3)  # type: ignore[call-arg]
    ind = plain.Indicator(kind="url", value="a.example")
    with pytest.raises(AttributeError):
        ind.value = "b.example"  # type: ignore[misc]
    assert hash(ind) == hash(plain.Indicator(kind="url", value="a.example"))
    first, second = plain.Message(text="a"), plain.Message(text="b")
    assert first.entities == [] and first.entities is not second.entities  # made per record
    with pytest.raises(TypeError):
        first.model_copy(update={"txt": "typo"})


def _same(twin: Any, model: Any, where: str = "") -> None:
    """Field by field: each record the twin of its model, each value of the same type."""
    if isinstance(model, BaseModel):
        assert type(twin).__name__ == type(model).__name__, where
        assert twin._fields == tuple(type(model).model_fields), where
        for name in twin._fields:
            _same(getattr(twin, name), getattr(model, name), f"{where}.{name}")
    elif isinstance(model, list):
        assert isinstance(twin, list) and len(twin) == len(model), where
        for n, (a, b) in enumerate(zip(twin, model, strict=True)):
            _same(a, b, f"{where}[{n}]")
    elif isinstance(model, dict):
        assert isinstance(twin, dict) and list(twin) == list(model), where
        for key in model:
            _same(twin[key], model[key], f"{where}[{key!r}]")
    else:
        assert type(twin) is type(model) and twin == model, f"{where}: {twin!r} != {model!r}"


def test_the_shipped_knowledge_has_the_same_values_in_its_twins(
    seed_kb: Knowledge, seed_index: KnowledgeIndex
) -> None:
    assert seed_kb.categories and seed_kb.regions
    for cat_id, cat in seed_kb.categories.items():
        _same(plain.twin(cat), cat, cat_id)
        _same(seed_index.categories[cat_id], cat, cat_id)
    for code, region in seed_kb.regions.items():
        _same(plain.twin(region), region, code)
        _same(seed_index.regions[code], region, code)
    assert list(seed_index.categories) == list(seed_kb.categories)
    assert list(seed_index.regions) == list(seed_kb.regions)


ORDINARY = [
    "see you at lunch tomorrow, bring the notes",
    "the meeting moved to 3pm, room 4 as usual",
    "聽日一齊食飯，七點喺舊地方等",
    "",
]


def _messages(kb: Knowledge, fixture: Knowledge, n: int, seed: int) -> list[dict[str, Any]]:
    """Messages made of the knowledge's own pieces, mixed at random (seeded): the categories'
    examples, reported and official indicators, poisoned copies of official addresses,
    contacts' numbers, hidden links, forwards, the caller's destinations, overlong text."""
    rng = random.Random(seed)
    texts = [getattr(c.example, lang) for c in kb.categories.values() for lang in ("en", "zh_HK")]
    pieces = [r.value for r in kb.reported]
    pieces += [d for b in kb.brands for d in b.domains]
    pieces += [f"https://{d.split('.')[0]}-verify.top/login" for b in kb.brands for d in b.domains]
    # the fixture's addresses too: the shipped knowledge lists none
    addresses = [a for k in (kb, fixture) for b in k.brands for a in b.addresses]
    addresses += [r.value for k in (kb, fixture) for r in k.reported if r.kind == "address"]
    pieces += addresses
    pieces += [c.phone for r in kb.regions.values() for c in r.contacts if c.phone]
    pieces += ["+44 909 879 0000", "@" + rng.choice([h for b in kb.brands for h in b.handles])]
    out: list[dict[str, Any]] = []
    for i in range(n):
        words = [rng.choice(texts if i % 3 else ORDINARY), *rng.sample(pieces, rng.randint(0, 2))]
        rng.shuffle(words)
        text = " ".join(words)
        data: dict[str, Any] = {"text": text, "lang": rng.choice([None, "en", "zh-HK"])}
        data["region"] = rng.choice([None, "HK", "GB", "FR", "zz"])
        if i % 7 == 0:
            data["text"] = text + " https://example.org/x"
            start = len(text) + 1
            data["entities"] = [
                {"type": "text_link", "offset": 0, "length": 4, "url": "http://okx-login.top/a"},
                {"type": "url", "offset": start, "length": len(data["text"]) - start},
            ]
        if i % 5 == 0:
            brand = rng.choice([h for k in (kb, fixture) for b in k.brands for h in b.handles])
            handle = rng.choice([None, brand, f"{brand}_support", f"{brand}helpdesk"])
            name = rng.choice(["Support", f"{kb.brands[0].name} Support"])
            data["forward_origin"] = {"type": "channel", "username": handle, "name": name}
        if i % 4 == 1:  # a poisoned copy: the same ends, another middle
            real = rng.choice(addresses)
            text = f"{text} {real[:8]}{'0' * (len(real) - 12)}{real[-4:]}".lower()
            data["text"] = text
            if i % 8 == 1:
                data["destinations"] = [real]
        if i % 11 == 0:
            data["text"] = text * (plain.MAX_TEXT // max(len(text), 1) + 2)
        out.append(data)
    return out


def _plain_message(data: dict[str, Any]) -> plain.Message:
    fields = dict(data)
    fields["entities"] = [plain.Entity(**e) for e in data.get("entities", [])]
    if data.get("forward_origin") is not None:
        fields["forward_origin"] = plain.ForwardOrigin(**data["forward_origin"])
    return plain.Message(**fields)


@pytest.mark.parametrize("which", ["shipped", "fixture"])
def test_verdicts_of_the_twins_equal_the_models_field_by_field_and_byte_by_byte(
    which: str,
    seed_kb: Knowledge,
    seed_index: KnowledgeIndex,
    kb: Knowledge,
    index: KnowledgeIndex,
) -> None:
    base, idx = (seed_kb, seed_index) if which == "shipped" else (kb, index)
    risks: set[str] = set()
    types_seen: set[str] = set()
    for data in _messages(base, kb, 120, seed=len(which)):
        model_message = message.Message.model_validate(data)
        twin_message = _plain_message(data)
        _same(twin_message, model_message)
        want = check(model_message, idx)
        got = check_plain(twin_message, idx)
        _same(got, want)
        assert got.model_dump_json() == want.model_dump_json()
        for lang in ("en", "zh-HK"):
            for region in (None, "HK", "FR"):
                assert render(got, idx, lang, region) == render(want, idx, lang, region)
        want.reply = got.reply = render(want, idx, "zh-HK", as_html=True)
        assert got.model_dump_json() == want.model_dump_json()
        risks.add(want.risk)
        types_seen.update(f.type for f in want.findings)
    # the messages reached the kinds of verdict and finding they were made for
    assert {"high", "medium", "low"} <= risks
    assert {"phrase", "tactic", "brand_in_host", "official", "address_poisoning"} <= types_seen
    if which == "fixture":
        assert {"reported", "hidden_link", "impersonation"} <= types_seen


def _random_text(rng: random.Random) -> str:
    alphabet = [chr(c) for c in range(0x20)] + ['"', "\\", "/", "\x7f", "\u2028", "é", "詐", "😀"]
    return "".join(rng.choice(alphabet + list("abc ")) for _ in range(rng.randint(0, 12)))


def test_any_float_and_string_is_written_as_pydantic_writes_it() -> None:
    rng = random.Random(13)
    # a verdict's scores are between 0 and 1; Python writes the smallest ones otherwise
    floats = [0.0, 1.0, 0.5, 1e-4, 9.999e-5, 1e-5, 5e-324, 0.1 + 0.2]
    floats += [rng.random() * 10 ** -rng.randint(0, 8) for _ in range(300)]
    floats += [round(rng.random(), 3) for _ in range(300)]
    for x in floats:
        text = _random_text(rng)
        twin = plain.Verdict(
            risk="low",
            score=x,
            categories=[plain.CategoryScore(id=text or "x", score=x)],
            findings=[
                plain.Finding(
                    type="model",
                    detail=text,
                    source="automatic",
                    severity="low",
                    score=x,
                    params={text: text},
                )
            ],
        )
        model = verdict.Verdict.model_validate(twin, from_attributes=True)
        assert twin.model_dump_json() == model.model_dump_json(), (x, text)


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "home"))
    return env


_PROBE = (
    "import json, sys, bot.cli\n"
    "status = bot.cli.main(sys.argv[1:])\n"
    "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in"
    " ('pydantic', 'pydantic_core', 'pydantic_settings'))), file=sys.stderr)\n"
    "raise SystemExit(status)\n"
)


def _modules_and_output(args: list[str], env: dict[str, str], cwd: Path) -> tuple[list[str], str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(done.stderr.strip().splitlines()[-1]), done.stdout


@pytest.mark.parametrize("where", ["files", "database", "database with a fuzzylist"])
def test_a_one_shot_check_does_not_import_pydantic(
    where: str,
    tmp_path: Path,
    file_store: Any,
    known_address: str,
    seed_index: KnowledgeIndex,
) -> None:
    """With the index in the per-user cache (one check to build it), a check of one message,
    as text or JSON, in either language, imports no pydantic, and answers what the models do."""
    from bot.message import Message
    from bot.oneshot import CheckSettings, OneShot, open_oneshot

    env = _env(tmp_path)
    (tmp_path / "home").mkdir()
    if where == "database with a fuzzylist":  # the index then holds the poisoning guard too
        from bot.store.feeds import Fuzzy

        file_store.replace_feed(
            "metamask", "MetaMask eth-phishing-detect", "http://upstream.test", ["drain.top"],
            ("", ""), reason="test",
            fuzzy=Fuzzy(["myetherwallet.com"], [], 2.0, "MetaMask's list"))
    if where.startswith("database"):
        env["SCAMCHECK_DB_PATH"] = str(tmp_path / "kb.db")
        settings = CheckSettings(tmp_path / "kb.db", ROOT / "knowledge", "HK")
        models = open_oneshot(settings)
    else:
        models = OneShot(seed_index, "HK", "the shipped knowledge")
    texts = [
        f"Binance support: send 0.5 BTC to {known_address} now, verify at http://binance-verify.top",
        "你好，我係HSBC客戶服務，請致電 +852 9123 4567 並轉賬到安全賬戶",
        "see you at lunch tomorrow",
        "restore your wallet at https://myetherwa11et.com/restore",
    ]
    _modules_and_output(["check", texts[0]], env, tmp_path)  # builds the cached index
    fuzzy = [f for f in models.check(Message(text=texts[-1])).findings
             if f.organisation == "MetaMask eth-phishing-detect"]
    assert len(fuzzy) == (where == "database with a fuzzylist")
    for text in texts:
        for lang in ("en", "zh-HK"):
            want = models.check(Message(text=text, lang=lang))
            reply = render(want, models.index, lang)
            for mode in (["--lang", lang], ["--json", "--lang", lang]):
                imported, out = _modules_and_output(["check", *mode, text], env, tmp_path)
                # at most pydantic's plugin loader stub, which bot.cli puts in place of its scan
                assert set(imported) <= {"pydantic.plugin._loader"}, imported
                if "--json" in mode:
                    want.reply = reply
                    assert out == want.model_dump_json() + "\n"
                else:
                    assert out == reply + "\n"


def test_a_message_the_twin_cannot_stand_for_goes_to_the_models(tmp_path: Path) -> None:
    """A region over Message's length is refused by pydantic, as before; lone surrogates
    (undecodable bytes in argv) are the models' to write."""
    assert plain.make_message("hi", "HK", "en") == plain.Message(text="hi", region="HK", lang="en")
    assert plain.make_message("hi", "x" * (plain.MAX_REGION + 1), "en") is None
    assert plain.make_message("hi", None, "x" * (plain.MAX_LANG + 1)) is None
    assert plain.make_message("bad \udcff byte", None, "en") is None
    env = _env(tmp_path)
    (tmp_path / "home").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "check", "--region", "x" * 9, "hello"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0 and "region" in done.stderr


def test_html_replies_escape_as_html_escape_does() -> None:
    """The reply escapes by hand (importing html cost the one-shot ~1%): the same output."""
    import html

    from bot.render import _Fmt

    rng = random.Random(5)
    fmt = _Fmt(as_html=True)
    for _ in range(2000):
        text = "".join(rng.choice("&<>\"'a詐 ;#") for _ in range(rng.randint(0, 20)))
        assert fmt.esc(text) == html.escape(text, quote=False)
    assert _Fmt(as_html=False).esc("<b>&</b>") == "<b>&</b>"


def test_phonenumbers_patterns_come_from_the_machines_cache(tmp_path: Path) -> None:
    """phonenumbers is imported with its patterns compiled through bot.compiled: the first
    process compiles them, the next compiles none of them; numbers read the same."""
    env = _env(tmp_path)
    probe = (
        "import sys, traceback\n"
        "from re import _compiler\n"
        "real = _compiler.compile\n"
        "count = [0]\n"
        "def counting(p, flags=0):\n"
        "    frames = traceback.extract_stack()\n"
        "    count[0] += any('phonenumbers' in f.filename for f in frames)\n"
        "    return real(p, flags)\n"
        "_compiler.compile = counting\n"
        "from bot import indicators\n"
        "found = indicators._phones(sys.argv[1], 'HK')\n"
        "print(count[0], found, indicators.normalize_phone('+44 20 7946 0000'))\n"
    )
    text = "call +852 9123 4567 or 2345 6789 now, or 0909 879 0000"
    runs = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", probe, text],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        runs.append(done.stdout.split(" ", 1))
    assert int(runs[0][0]) > 20 and int(runs[1][0]) == 0
    from bot import indicators

    assert runs[0][1] == runs[1][1]
    assert runs[1][1].strip() == f"{indicators._phones(text, 'HK')} +442079460000"
