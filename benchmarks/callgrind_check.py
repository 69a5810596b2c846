"""Instructions per check, for comparing two checkouts under valgrind (load-independent).

    valgrind --tool=callgrind --dump-instr=no --collect-atstart=no \\
        --toggle-collect=functools_reduce --callgrind-out-file=new.out \\
        .venv/bin/python benchmarks/callgrind_check.py --root . [--what check] [--n 100]

(then `--root /path/to/old/checkout`, the same way). The messages are bench_check.py's (seed 1,
made once from the large base and kept in benchmarks/out/callgrind_messages.pickle with the
base's knowledge and phrases, so both checkouts check the same ones): `--warm` of them first,
then `--n` in one `functools.reduce` call, the only place valgrind collects (so the build and
the warm-up are not counted). The index holds the large base's knowledge and its 10,000
phrases but no reported indicators (building the million entries under valgrind would take
an hour; a look-up in them is one dict access). Instructions per check: the total that
callgrind prints, divided by `--n`. Run it with PYTHONHASHSEED=0 for the same count each time.
"""

from __future__ import annotations

import argparse
import functools
import pickle
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
KEPT = HERE / "out" / "callgrind_messages.pickle"


def _make(db: Path, count: int) -> tuple[list[str], Any, list[tuple[str, str, float, str]]]:
    sys.path.insert(0, str(HERE))
    from bench_check import Corpus, make_messages

    from bot.store import Store

    store = Store(db)
    rng = random.Random(1)
    corpus = Corpus(store, rng)
    messages = [text for _, text in make_messages(rng, corpus, count)]
    kb = store.knowledge(with_reported=False, with_phrases=False)
    return messages, kb, list(store.iter_phrases())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("--root", type=Path, required=True, help="the checkout whose bot/ to run")
    ap.add_argument("--db", type=Path, default=HERE / "out" / "kb.db")
    ap.add_argument("--what", choices=("check", "phrases"), default="check")
    ap.add_argument("--warm", type=int, default=60)
    ap.add_argument("--n", type=int, default=100)
    args = ap.parse_args(argv)
    root = args.root.resolve()
    sys.path.insert(0, str(root))
    import bot

    if not Path(bot.__file__ or "").resolve().is_relative_to(root):
        print(f"bot imported from {bot.__file__}, not {root}", file=sys.stderr)
        return 2
    from bot.engine import KnowledgeIndex, check
    from bot.message import Message

    if not KEPT.is_file():
        KEPT.parent.mkdir(parents=True, exist_ok=True)
        KEPT.write_bytes(pickle.dumps(_make(args.db, 160)))
    messages, kb, phrases = pickle.loads(KEPT.read_bytes())
    idx = KnowledgeIndex.build(kb, reported=[], phrases=phrases)
    fn: Callable[[str], object] = (
        idx.phrases.match if args.what == "phrases" else lambda t: check(Message(text=t), idx)
    )
    for text in messages[: args.warm]:
        fn(text)
    timed = messages[args.warm : args.warm + args.n]
    functools.reduce(lambda _, text: fn(text), timed, None)  # collected: see the docstring
    print(f"{len(timed)} x {args.what} with {root}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
