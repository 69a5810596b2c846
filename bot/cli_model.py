"""scamcheck model: retrain the text model from knowledge/examples, verify it, add examples.

Moderators add a confirmed scam from a report, or a benign message from a false alarm, with
`model add`; the example lands in a reviewable file (with who, when and why), and `model train`
rebuilds the committed artefact from all example files, deterministically."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

MODERATED = "moderated.jsonl"
MAX_EXAMPLE = 5_000


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
        meta = {
            "source": "confirmed by this deployment's moderators (reports, false alarms)",
            "licence": "Apache-2.0",
        }
        lines.append(json.dumps({"_meta": meta}, ensure_ascii=False))
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
