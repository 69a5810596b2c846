"""Instructions per check, stage by stage, under valgrind (load-independent), on
callgrind_check.py's messages and index:

    PYTHONHASHSEED=0 valgrind --tool=callgrind --dump-instr=no --collect-atstart=no \\
        --toggle-collect=functools_reduce --dump-after=functools_reduce \\
        --callgrind-out-file=/tmp/st.%p .venv/bin/python benchmarks/callgrind_stages.py --root .

Each stage runs on the same `--n` messages (after the whole check has warmed every cache on
`--warm` others) in one `functools.reduce` call of its own, so callgrind writes one file a stage,
in the order printed on stderr; `callgrind_annotate FILE | head` shows each total. Without
valgrind (`--time`), each stage's CPU time (best of `--rounds`) is printed instead.

The stages are the engine's own steps, each given what the check gives it (computed once,
before): `extract`; the links, addresses, contacts and forward look-ups; `readable_text`;
`PhraseIndex.match` and `find_cues` (the two searches inside `_check_phrases`) and
`_check_phrases` whole (their findings built and scored); `_quote_as_written`; `find_tactics`
and `_check_tactics` whole; the text model's `explain` and `_check_model` whole; the whole
check; and the reply (`render`).
"""

from __future__ import annotations

import argparse
import functools
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
KEPT = HERE / "out" / "callgrind_messages.pickle"


def _stages(idx: Any, texts: list[str]) -> list[tuple[str, Callable[[int], object]]]:
    from bot import engine
    from bot.cues import find_cues
    from bot.indicators import extract, readable_text
    from bot.message import Message
    from bot.render import render
    from bot.tactics import find_tactics
    from bot.textmodel import shipped
    from bot.verdict import MODELS

    messages = [Message(text=t) for t in texts]
    exs = [extract(m, "HK") for m in messages]
    readings = [readable_text(m.text) for m in messages]
    verdicts = [engine.check(m, idx) for m in messages]
    tm = shipped()
    assert tm is not None

    def looked_up(i: int) -> Any:
        acc = engine._Acc(MODELS)
        engine._check_links(exs[i].links, idx, acc)
        engine._check_addresses(exs[i].addresses, idx, acc, messages[i].destinations)
        engine._check_contacts(exs[i], idx, acc)
        engine._check_forward(messages[i], idx, acc)
        return acc

    accs = [looked_up(i) for i in range(len(texts))]

    def phrases_whole(i: int) -> Any:
        acc = engine._Acc(MODELS)
        engine._check_phrases(readings[i], idx, acc)
        return acc

    phrased = [phrases_whole(i) for i in range(len(texts))]

    def quote(i: int) -> object:
        acc = engine._Acc(MODELS, findings=list(phrased[i].findings))
        engine._quote_as_written(readings[i], acc)
        return acc

    def tactics_whole(i: int) -> object:
        acc = engine._Acc(MODELS, findings=list(accs[i].findings))
        engine._check_tactics(readings[i], acc, len(exs[i].links))
        return acc

    def model_whole(i: int) -> object:
        return engine._check_model(readings[i], tm, engine._Acc(MODELS))

    return [
        ("extract", lambda i: extract(messages[i], "HK")),
        ("look-ups (links, addresses, contacts, forward)", looked_up),
        ("readable_text", lambda i: readable_text(messages[i].text)),
        ("PhraseIndex.match", lambda i: idx.phrases.match(readings[i])),
        ("find_cues", lambda i: find_cues(readings[i])),
        ("_check_phrases whole", phrases_whole),
        ("_quote_as_written", quote),
        ("find_tactics", lambda i: find_tactics(readings[i])),
        ("_check_tactics whole", tactics_whole),
        ("TextModel.explain", lambda i: tm.explain(readings[i])),
        ("_check_model whole", model_whole),
        ("check whole", lambda i: engine.check(messages[i], idx)),
        ("render (the reply)", lambda i: render(verdicts[i], idx, "en", None,
                                                default_region="HK")),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("--root", type=Path, required=True, help="the checkout whose bot/ to run")
    ap.add_argument("--warm", type=int, default=60)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--time", action="store_true", help="CPU time a stage instead")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    root = args.root.resolve()
    from callgrind_check import use_checkout

    if not use_checkout(root):
        return 2
    from bot.engine import KnowledgeIndex, check
    from bot.message import Message

    if not KEPT.is_file():
        print(f"{KEPT} missing: run callgrind_check.py once first", file=sys.stderr)
        return 2
    messages, kb, phrases = pickle.loads(KEPT.read_bytes())
    idx = KnowledgeIndex.build(kb, reported=[], phrases=phrases)
    for text in messages[: args.warm]:
        check(Message(text=text), idx)
    timed = messages[args.warm : args.warm + args.n]
    stages = _stages(idx, timed)
    order = range(len(timed))
    for _, fn in stages:
        for i in order:  # each stage's own caches warm, as in a running service
            fn(i)
    for name, fn in stages:
        if args.time:
            best = min(_cpu(fn, order) for _ in range(args.rounds))
            print(f"{name:50s} {best / len(timed) * 1e6:9.1f} µs")
        else:
            functools.reduce(lambda _, i: fn(i), order, None)  # collected: one dump a stage
            print(name, file=sys.stderr)
    return 0


def _cpu(fn: Callable[[int], object], order: range) -> float:
    t = time.thread_time()
    for i in order:
        fn(i)
    return time.thread_time() - t


if __name__ == "__main__":
    raise SystemExit(main())
