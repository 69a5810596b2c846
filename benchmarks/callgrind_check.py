"""Instructions per check, for comparing two checkouts under valgrind (load-independent).

    valgrind --tool=callgrind --dump-instr=no --collect-atstart=no \\
        --toggle-collect=functools_reduce --callgrind-out-file=new.out \\
        .venv/bin/python benchmarks/callgrind_check.py --root . [--what check] [--n 100]

(then `--root /path/to/old/checkout`, the same way). `--what request-pydantic` counts POST
/v1/check's whole work in process (validation, check, reply, JSON) as the service does it, and
`--what request` the same with bot/plain.py's verdict instead of pydantic's.

The messages are bench_check.py's (seed 1, made once from the large base and kept in
benchmarks/out/callgrind_messages.pickle with the base's knowledge and phrases, so both
checkouts check the same ones): `--warm` of them first,
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


def _request(idx: Any, plain: bool) -> Callable[[str], object]:
    """POST /v1/check's work on a message, in process: the body validated, the message, the
    check, the reply and the JSON answer, as the service does it (the pydantic verdict); with
    `plain`, the verdict of bot/plain.py's twins instead (what the one-shot check builds):
    branch hspeed tried it for the service and measured it dearer."""
    import json

    from bot.engine import check, check_plain
    from bot.plain import Message as PlainMessage
    from bot.plain import to_json
    from bot.render import render
    from bot.web.models import CheckRequest

    def request(text: str) -> bytes:
        item = CheckRequest.model_validate_json(json.dumps({"text": text, "lang": "en"}))
        if plain:
            m = PlainMessage(text=item.text, lang=item.lang, region=item.region)
            v = check_plain(m, idx, "HK")
            v.reply = render(v, idx, m.lang or "en", m.region, default_region="HK")
            return to_json(v).encode()
        message = item.message()
        verdict = check(message, idx, "HK")
        verdict.reply = render(verdict, idx, message.lang or "en", message.region,
                               default_region="HK")  # fmt: skip
        return verdict.model_dump_json().encode()

    return request


def use_checkout(root: Path) -> bool:
    """The checkout at root first on the import path; False, said on stderr, when `bot` still
    comes from elsewhere (an installed copy). callgrind_stages.py and callgrind_hosts.py too."""
    sys.path.insert(0, str(root))
    import bot

    if not Path(bot.__file__ or "").resolve().is_relative_to(root):
        print(f"bot imported from {bot.__file__}, not {root}", file=sys.stderr)
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("--root", type=Path, required=True, help="the checkout whose bot/ to run")
    ap.add_argument("--db", type=Path, default=HERE / "out" / "kb.db")
    ap.add_argument("--what", choices=("check", "phrases", "request", "request-pydantic"),
                    default="check")
    ap.add_argument("--warm", type=int, default=60)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--split", action="store_true",
                    help="benign, then scam-like messages, in two reduce calls: with valgrind's"
                    " --dump-after=functools_reduce, one count each")
    args = ap.parse_args(argv)
    root = args.root.resolve()
    if not use_checkout(root):
        return 2
    sys.path.insert(1, str(HERE))
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
    if args.what.startswith("request"):
        fn = _request(idx, plain=args.what == "request")
    for text in messages[: args.warm]:
        fn(text)
    timed = messages[args.warm : args.warm + args.n]
    if args.split:  # bench_check.py's kinds go round KINDS: message i is KINDS[i % 4]
        from bench_check import KINDS

        for name, benign in (("benign", True), ("scam-like", False)):
            some = [t for i, t in enumerate(timed, args.warm)
                    if (KINDS[i % len(KINDS)] == "benign") == benign]  # fmt: skip
            functools.reduce(lambda _, text: fn(text), some, None)
            print(f"{len(some)} x {args.what} ({name}) with {root}", file=sys.stderr)
        return 0
    functools.reduce(lambda _, text: fn(text), timed, None)  # collected: see the docstring
    print(f"{len(timed)} x {args.what} with {root}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
