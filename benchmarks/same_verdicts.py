"""Do two checkouts give byte-identical verdicts? For speed work, which must change none.

    .venv/bin/python benchmarks/same_verdicts.py --base /path/to/other/checkout \\
        [--db benchmarks/out/kb.db] [--generated 4000] [--limit N] [--eval]
    .venv/bin/python benchmarks/same_verdicts.py --base /path/to/other/checkout --hosts 50000

The messages: every row of ../shared/train/messages/*.jsonl (any split: nothing is learned or
tuned here, verdicts are only compared), with --eval every row of ../shared/eval/messages too
(compared only), and `--generated` messages made like bench_check.py's
(reported and lookalike links and addresses, known phrases with typos, benign text; English
and Chinese) from the database. Each checkout runs in a process of its own (its `bot` package
first on PYTHONPATH) and writes one verdict JSON a line, checked against the shipped knowledge
files and, with --db, against that database's whole index (`build_index`); the two outputs
are compared line by line. Prints the counts compared and every difference (exit status 1 if
there is one).

`--hosts N`: instead of messages, N host lines through `engine.check_host` (bulk screening),
each HostVerdict's JSON compared: every host of ../shared/eval/domains/, then a seeded sample of
../shared/train/domains/phishing_train.txt and benchmarks/data/legit_hosts.tsv.gz, a tenth of
them written as a user might paste them (a URL with a path, defanged, upper case, a trailing
dot, user info before an @, spaces around), so that the parsing path is compared too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "train" / "messages"
EVAL = ROOT.parent / "shared" / "eval" / "messages"


def _worker(messages: Path, out: Path, db: str | None, hosts: bool = False) -> None:
    """Runs in the checkout on PYTHONPATH: every message's verdict, one JSON a line (with
    `hosts`: every line's HostVerdict)."""
    from bot.engine import KnowledgeIndex, check, check_host
    from bot.message import Message

    if db:
        from bot.checker import build_index
        from bot.store import Store

        idx = build_index(Store(Path(db)))
    else:
        from bot.knowledge import load_dir
        from bot.seed import shipped_knowledge_dir

        idx = KnowledgeIndex.build(load_dir(shipped_knowledge_dir()))
    import bot

    print(f"  {bot.__file__}: checking", file=sys.stderr)
    with messages.open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as w:
        if hosts:
            for line in f:
                w.write(check_host(json.loads(line), idx).model_dump_json() + "\n")
            return
        for line in f:
            text = json.loads(line)
            w.write(check(Message(text=text), idx).model_dump_json() + "\n")


def _messages(
    db: Path | None, generated: int, limit: int | None, with_eval: bool = False
) -> list[str]:
    texts: list[str] = []
    folders = (TRAIN, EVAL) if with_eval else (TRAIN,)
    for path in (folder / name for folder in folders for name in ("scam.jsonl", "benign.jsonl")):
        if path.is_file():
            with path.open(encoding="utf-8") as f:
                texts += [json.loads(line)["text"] for line in f if line.strip()]
    if limit is not None:
        texts = texts[:limit]
    if db is not None and generated:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        sys.path.insert(0, str(ROOT))
        from bench_check import Corpus, make_messages

        from bot.store import Store

        rng = random.Random(7)
        texts += [t for _, t in make_messages(rng, Corpus(Store(db), rng), generated)]
    return texts


def _pasted(host: str, rng: random.Random) -> str:
    """A host as a user might paste it into a list."""
    forms = (f"https://{host}/login?next=/claim", f"hxxps://{host.replace('.', '[.]')}/",
             host.upper(), f"{host}.", f"http://user@{host}:8080/x", f"  {host}\t",
             f"{host}/wallet/connect", f"www.{host}")
    return rng.choice(forms)


def _hosts(n: int) -> list[str]:
    """Eval hosts, then a seeded sample of training phishing and legitimate hosts."""
    import gzip

    eval_dir = ROOT.parent / "shared" / "eval" / "domains"
    hosts: list[str] = []
    for name in ("phishing.txt", "legit.txt"):
        if (eval_dir / name).is_file():
            hosts += (eval_dir / name).read_text(encoding="utf-8").split()
    rng = random.Random(11)
    train = ROOT.parent / "shared" / "train" / "domains" / "phishing_train.txt"
    phishing = train.read_text(encoding="utf-8").split() if train.is_file() else []
    with gzip.open(ROOT / "benchmarks" / "data" / "legit_hosts.tsv.gz", "rt") as f:
        legit = [line.split("\t", 1)[0].strip() for line in f if line.strip()]
    rest = max(n - len(hosts), 0)
    hosts += rng.sample(phishing, min(rest * 3 // 5, len(phishing)))
    hosts += rng.sample(legit, min(n - len(hosts), len(legit)))
    return [_pasted(h, rng) if rng.random() < 0.1 else h for h in hosts[:n]]


def _run_side(checkout: Path, messages: Path, out: Path, db: Path | None,
              hosts: bool = False) -> float:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    cmd = [sys.executable, __file__, "--worker", str(messages), str(out)]
    if db is not None:
        cmd += ["--db", str(db)]
    if hosts:
        cmd += ["--hosts", "1"]
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, cwd=tempfile.gettempdir())
    return time.perf_counter() - started


def _kept(folder: Path | None, messages: Path, label: str) -> Path | None:
    """Where the base's verdicts on these messages and this knowledge are kept between runs."""
    if folder is None:
        return None
    h = hashlib.sha256(messages.read_bytes() + label.encode()).hexdigest()[:16]
    return folder / f"base-{h}.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("--base", type=Path, help="the other checkout (its folder holding bot/)")
    ap.add_argument("--db", type=Path, help="also compare on this database's whole index")
    ap.add_argument("--generated", type=int, default=4000, help="generated messages (with --db)")
    ap.add_argument("--limit", type=int, help="only the first N training messages")
    ap.add_argument("--eval", action="store_true",
                    help="also every row of ../shared/eval/messages (compared, never tuned on)")
    ap.add_argument("--keep-base", type=Path, metavar="DIR",
                    help="keep the base's verdicts here and reuse them (the base must not change)")
    ap.add_argument("--hosts", type=int, metavar="N",
                    help="compare check_host on N host lines instead of messages")
    ap.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        _worker(args.worker[0], args.worker[1], str(args.db) if args.db else None,
                hosts=bool(args.hosts))
        return 0
    if args.base is None:
        ap.error("--base is required")
    db = args.db.resolve() if args.db else None
    texts = (_hosts(args.hosts) if args.hosts
             else _messages(db, args.generated, args.limit, args.eval))
    diffs = 0
    with tempfile.TemporaryDirectory() as tmp:
        messages = Path(tmp) / "messages.jsonl"
        messages.write_text("".join(json.dumps(t) + "\n" for t in texts), encoding="utf-8")
        for label, base_db in (("shipped knowledge", None), (f"database {db}", db)):
            if label != "shipped knowledge" and db is None:
                continue
            outs: list[list[str]] = []
            for side in (args.base.resolve(), ROOT):
                out = Path(tmp) / f"{len(outs)}.jsonl"
                kept = _kept(args.keep_base, messages, label) if side != ROOT else None
                if kept is not None and kept.is_file():  # the base's verdicts of an earlier run
                    out = kept
                else:
                    took = _run_side(side, messages, out, base_db, bool(args.hosts))
                    print(f"{label}: {side}: {took:.1f} s", file=sys.stderr)
                    if kept is not None:
                        kept.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(out, kept)
                outs.append(out.read_text(encoding="utf-8").splitlines())
            differ = [i for i, (a, b) in enumerate(zip(*outs, strict=True)) if a != b]
            diffs += len(differ)
            print(f"{label}: {len(outs[0])} verdicts compared, {len(differ)} differ")
            for i in differ[:20]:
                print(f"  message {i}: {texts[i][:100]!r}\n    base: {outs[0][i][:400]}\n"
                      f"    this: {outs[1][i][:400]}")  # fmt: skip
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
