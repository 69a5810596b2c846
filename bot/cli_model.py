"""scamcheck model: retrain the text model from knowledge/examples, verify it, add examples.

Moderators add a confirmed scam from a report, or a benign message from a false alarm, with
`model add`, or in the bot with /example (stored in the database; `model export` writes them
out); the example lands in a reviewable file (with who, when and why), and `model train`
rebuilds the committed artefact from all example files, deterministically."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

MODERATED = "moderated.jsonl"
MAX_EXAMPLE = 5_000
MODERATED_META = {
    "source": "confirmed by this deployment's moderators (reports, false alarms)",
    "licence": "Apache-2.0",
}


def _folder(args: argparse.Namespace) -> Path:
    from bot import textmodel  # the model's modules load only when a model command runs

    return Path(args.examples) if args.examples else textmodel.EXAMPLES


def cmd_train(args: argparse.Namespace) -> int:
    from bot import textmodel

    folder = _folder(args)
    try:
        model = textmodel.retrain(folder, Path(args.out) if args.out else textmodel.MODEL_PATH)
    except (textmodel.ExampleError, OSError) as e:
        print(f"scamcheck model train: {e}", file=sys.stderr)
        return 2
    m = model.meta
    print(
        f"trained on {m['examples']} examples ({m['scam']} scam, {m['benign']} benign):"
        f" {m['features']} features, digest {str(m['digest'])[:12]}"
    )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Whether the committed artefact was trained on exactly the example files as they are."""
    from bot import textmodel

    try:
        examples = textmodel.load_examples(_folder(args))
    except (textmodel.ExampleError, OSError) as e:
        print(f"scamcheck model verify: {e}", file=sys.stderr)
        return 2
    model = textmodel.shipped()
    if model is None:
        print("scamcheck model verify: no model artefact; run 'scamcheck model train'")
        return 1
    if model.meta.get("digest") != textmodel.examples_digest(examples):
        print("the model is out of date with knowledge/examples: run 'scamcheck model train'")
        return 1
    print(f"the model matches {len(examples)} examples")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from bot import textmodel

    text = sys.stdin.read(MAX_EXAMPLE + 1) if args.text == "-" else args.text
    if not text.strip() or len(text) > MAX_EXAMPLE:
        print(f"scamcheck model add: the text must be 1-{MAX_EXAMPLE} characters", file=sys.stderr)
        return 2
    if not args.who.strip() or not args.why.strip():
        print("scamcheck model add: say who adds it (--who) and why (--why)", file=sys.stderr)
        return 2
    folder = _folder(args)
    try:
        known = (
            {e.text: e.label for e in textmodel.load_examples(folder)} if folder.is_dir() else {}
        )
    except (textmodel.ExampleError, OSError) as e:
        print(f"scamcheck model add: {e}", file=sys.stderr)
        return 2
    if text in known:
        print(
            f"scamcheck model add: this text is already an example ({known[text]})",
            file=sys.stderr,
        )
        return 2
    path = folder / MODERATED
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    if not path.exists():
        lines.append(json.dumps({"_meta": MODERATED_META}, ensure_ascii=False))
    row = {
        "text": text,
        "label": args.label,
        "lang": args.lang,
        "who": args.who,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "why": args.why,
    }
    lines.append(json.dumps(row, ensure_ascii=False))
    with path.open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"added a {args.label} example to {path}; run 'scamcheck model train' to use it")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Writes the examples moderators stored with /example to moderated.jsonl, for review.

    Lines already in the file that did not come from the database (`model add`) stay as they
    are; each stored example is written once, in the order it was stored, so exporting twice
    gives the same file."""
    from bot.cli import _settings
    from bot.store import Store

    path = _folder(args) / MODERATED
    db = _settings(args).db_path
    if not Path(db).is_file():  # opening would create an empty one: nothing to export
        print(f"scamcheck model export: no database at {db} (use --db)", file=sys.stderr)
        return 2
    store = Store(db)
    try:
        stored = store.model_examples()
    finally:
        store.close()
    texts = {e.text for e in stored}
    kept: list[dict[str, object]] = []
    meta: dict[str, object] = dict(MODERATED_META)
    if path.exists():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"scamcheck model export: {path}:{n}: not JSON ({e.msg})", file=sys.stderr)
                return 2
            if "_meta" in row:
                meta = row["_meta"]
            elif "example_id" not in row and row.get("text") not in texts:
                kept.append(row)
    rows = kept + [
        {"text": e.text, "label": e.label, "lang": e.lang or "en", "who": e.created_by,
         "when": e.created_at, "why": e.why, "example_id": e.id}
        for e in stored
    ]  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"_meta": meta}, ensure_ascii=False)]
    lines += [json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"wrote {len(stored)} moderated example(s) to {path} ({len(kept)} other line(s) kept);"
        " review them, then run 'scamcheck model train'"
    )
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    m = sub.add_parser("model", help="the text model: train, verify, add examples")
    ms = m.add_subparsers(dest="model_cmd", required=True)
    t = ms.add_parser("train", help="retrain the text model from the example files")
    t.add_argument("--examples", help="folder of example files (default: knowledge/examples)")
    t.add_argument("--out", help="where to write the model (default: the shipped artefact)")
    t.set_defaults(func=cmd_train)
    v = ms.add_parser("verify", help="check that the model was trained on the example files")
    v.add_argument("--examples")
    v.set_defaults(func=cmd_verify)
    a = ms.add_parser("add", help="add a confirmed scam or benign example (reviewable file)")
    a.add_argument("label", choices=["scam", "benign"])
    a.add_argument("text", help="the message, or - for stdin")
    a.add_argument("--lang", default="en", choices=["en", "zh-Hant", "zh-Hans", "yue"])
    a.add_argument("--who", required=True, help="who confirms it (recorded)")
    a.add_argument("--why", required=True, help="why: the report or false alarm (recorded)")
    a.add_argument("--examples")
    a.set_defaults(func=cmd_add)
    e = ms.add_parser(
        "export", help="write the examples moderators stored with /example to moderated.jsonl"
    )
    e.add_argument("--examples")
    e.set_defaults(func=cmd_export)
