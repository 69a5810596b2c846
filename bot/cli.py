"""scamcheck: check messages, manage the knowledge base, run the bot or the HTTP service."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

# Only what every command needs is imported here: each command imports its own modules, so
# `scamcheck check` starts without the store's, the bot's or the web service's dependencies.
if TYPE_CHECKING:
    from bot.oneshot import CheckSettings, OneShot
    from bot.settings import Settings
    from bot.verdict import Verdict

MAX_INPUT = 1_000_000  # bytes read for one message; more is cut, and the verdict says so


def _read_text(arg: str) -> str:
    if arg != "-":
        # Bytes of an argument that are no UTF-8 arrive as lone surrogates (surrogateescape),
        # which no verdict JSON can hold: replaced, as on stdin.
        return arg.encode("utf-8", "surrogateescape").decode("utf-8", errors="replace")
    data = sys.stdin.buffer.read(MAX_INPUT + 1)
    return data.decode("utf-8", errors="replace")


def _settings(args: argparse.Namespace, **options: object) -> Settings:
    """The settings: environment and .env, with the command's options (validated alike)."""
    from pydantic import ValidationError

    from bot.settings import Settings

    overrides = {name: value for name, value in options.items() if value is not None}
    if getattr(args, "db", None):
        overrides["db_path"] = Path(args.db)
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as e:  # one line a setting, never a traceback; status 2
        for err in e.errors(include_url=False, include_input=False):
            name = ".".join(str(p) for p in err["loc"])
            print(f"scamcheck: bad setting {name} (SCAMCHECK_{name.upper()} or its option):"
                  f" {err['msg']}", file=sys.stderr)  # fmt: skip
        raise SystemExit(2) from None


_PLUGIN_GROUP = re.compile(r"^\s*\[\s*pydantic\s*\]", re.MULTILINE)


def _no_pydantic_plugins() -> bool:
    """Whether no installed distribution offers a pydantic plugin (the `pydantic` entry-point
    group), read from the folders on sys.path as importlib.metadata would read them; False
    when that cannot be told cheaply (a zip on the path, another finder of distributions)."""
    from importlib.machinery import PathFinder

    if any(hasattr(f, "find_distributions") and f is not PathFinder for f in sys.meta_path):
        return False
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except OSError:  # not a folder: missing, a path hook's name, or a zip
            if os.path.isfile(folder):
                return False
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(folder, name, "entry_points.txt"), "rb") as f:
                        text = f.read().decode("utf-8", "replace")
                except OSError:
                    continue
                if _PLUGIN_GROUP.search(text):
                    return False
    return True


def _skip_pydantic_plugin_scan() -> None:
    """Pydantic looks for plugins when it builds its first model, by importing
    importlib.metadata (and email, zipfile, csv with it) and reading every installed
    distribution's entry points: ~20 ms of a one-shot check. When none is installed (or
    PYDANTIC_DISABLE_PLUGINS says to load none), its plugin loader is replaced by one that
    returns what the scan would have found: nothing."""
    name = "pydantic.plugin._loader"
    if name in sys.modules:
        return
    disabled = os.environ.get("PYDANTIC_DISABLE_PLUGINS") in ("__all__", "1", "true")
    if not (disabled or _no_pydantic_plugins()):
        return
    import types

    loader = types.ModuleType(name, "pydantic's plugin loader, with no plugins installed")
    loader.get_plugins = tuple  # type: ignore[attr-defined]
    sys.modules[name] = loader


def cmd_check(args: argparse.Namespace) -> int:
    """Check one message (or a JSON-lines file of them) and print the verdict or the reply."""
    _skip_pydantic_plugin_scan()
    from bot import cli_hosts, plain
    from bot.media import cli as media_cli
    from bot.oneshot import check_settings, open_oneshot
    from bot.plain import KnowledgeError
    from bot.render import render

    settings: Settings | CheckSettings
    if args.hosts or media_cli.wants_media(args):
        settings = _settings(args)
    else:  # the plain check: without pydantic-settings (bot/oneshot.py)
        settings = check_settings(args.db)
    try:
        checker = open_oneshot(settings)
    except KnowledgeError as e:
        print(f"scamcheck check: no knowledge base to check against: {e}", file=sys.stderr)
        return 2
    if args.db and not Path(args.db).is_file():
        print(f"scamcheck check: {args.db} does not exist: checking against the {checker.source}",
              file=sys.stderr)  # fmt: skip
    logging.getLogger(__name__).info("checking against the %s", checker.source)
    if args.jsonl or args.hosts or media_cli.wants_media(args):
        gc.enable()  # any number of lines, hosts or pictures: not a bounded one-shot
    if args.jsonl:
        return _check_jsonl(checker, args.jsonl, args.region, args.lang)
    if args.hosts:  # bulk screening of hosts and links: bot/cli_hosts.py
        return cli_hosts.check_hosts(args, checker, cast("Settings", settings))
    if media_cli.wants_media(args):  # pictures and e-mails: bot/media/cli.py
        text = _read_text(args.text) if args.text else ""
        return media_cli.check_files(args, checker, text, settings.default_region)
    if args.text is None:
        print(
            "scamcheck check: give the message text, or - to read it from stdin", file=sys.stderr
        )
        return 2
    text = _read_text(args.text)
    verdict: Verdict | plain.Verdict
    # One message: the plain records (bot/plain.py), which need no pydantic; a message they
    # cannot stand for goes to the models, to be refused or written as it always was.
    if (message := plain.make_message(text, args.region, args.lang)) is not None:
        verdict = checker.check_plain(message)
    else:
        from bot.message import Message

        verdict = checker.check(Message(text=text, region=args.region, lang=args.lang))
    if args.json:
        verdict.reply = render(
            verdict, checker.index, args.lang, args.region, default_region=settings.default_region
        )
        print(verdict.model_dump_json())
    else:
        print(
            render(
                verdict,
                checker.index,
                args.lang,
                args.region,
                default_region=settings.default_region,
            )
        )
    return 0


def _check_jsonl(checker: OneShot, path: str, region: str | None, lang: str) -> int:
    """One verdict per input line, in order; a bad line gets an error object, not a crash."""
    from pydantic import ValidationError

    from bot import jsonin
    from bot.message import Message
    from bot.oneshot import lines

    bad = 0
    out = sys.stdout
    for n, line in enumerate(lines(path), 1):
        if not line.strip():
            continue
        try:
            data = jsonin.loads(line)
            if not isinstance(data, dict):
                raise ValueError("each line must be a JSON object")
            data.setdefault("region", region)
            data.setdefault("lang", lang)
            verdict = checker.check(Message.model_validate(data))
            out.write(verdict.model_dump_json() + "\n")
        except (ValueError, ValidationError) as e:
            bad += 1
            msg = str(e).splitlines()[0][:200]
            if isinstance(e, jsonin.TooDeep):
                msg = f"not valid JSON: {e}"
            if isinstance(e, ValidationError):  # which field, not "1 validation error for ..."
                first = e.errors(include_url=False, include_input=False)[0]
                field = ".".join(str(p) for p in first["loc"])
                msg = f"{field}: {first['msg']}"[:200]
            out.write(json.dumps({"error": f"line {n}: {msg}", "line": n}) + "\n")
    return 1 if bad else 0


def cmd_kb(args: argparse.Namespace) -> int:
    """Knowledge base: validate, load, export, stats."""
    import sqlite3

    from bot.cli_admin import operator
    from bot.knowledge import (
        KNOWLEDGE_FILES,
        KnowledgeError,
        export_dir,
        has_knowledge_files,
        load_dir,
    )
    from bot.runtime import load_files, open_store

    settings = _settings(args)
    root = Path(args.dir) if getattr(args, "dir", None) else settings.knowledge_dir
    if args.kb_cmd in ("validate", "load") and root.is_dir() and not has_knowledge_files(root):
        # a mistyped or wrong directory "loaded" nothing and exited 0
        print(f"scamcheck kb {args.kb_cmd}: {root} holds no knowledge files (looked for "
              f"{', '.join(KNOWLEDGE_FILES)}); nothing loaded", file=sys.stderr)  # fmt: skip
        return 1
    try:
        if args.kb_cmd == "validate":
            kb = load_dir(root)
            print(
                f"{root}: valid: {len(kb.categories)} categories, {len(kb.regions)} regions, "
                f"{len(kb.brands)} brands, {sum(len(p.phrases) for p in kb.phrases)} phrases, "
                f"{len(kb.reported)} reported"
            )
            return 0
        store = open_store(settings)
        if args.kb_cmd == "load":
            stats = load_files(
                store,
                root,
                actor=args.actor or operator(),
                reason=args.reason,
                override=args.override,
            )
            print(json.dumps(stats.model_dump()))
        elif args.kb_cmd == "export":
            n = export_dir(store.knowledge(), Path(args.out))
            print(f"wrote {n} files to {args.out}")
        elif args.kb_cmd == "stats":
            print(json.dumps(store.kb_stats(), ensure_ascii=False, indent=2))
    except KnowledgeError as e:
        print(f"knowledge base refused, nothing loaded:\n{e}", file=sys.stderr)
        return 1
    except sqlite3.OperationalError as e:
        if "locked" not in str(e) and "busy" not in str(e):
            raise  # not the busy timeout: a database that cannot be used (main says so)
        print(f"scamcheck kb {args.kb_cmd}: the database is busy ({e}): nothing changed;"
              " try again when the upload in progress has finished", file=sys.stderr)  # fmt: skip
        return 1
    return 0


def cmd_bot(args: argparse.Namespace) -> int:
    """Run the Telegram bot with long polling."""
    from bot.telegram.app import run_polling

    return run_polling(_settings(args))


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the HTTP service (check API, webhook, try-it page)."""
    from bot.web.app import run

    settings = _settings(args, port=args.port, host=args.host, web_workers=args.workers)
    return run(settings)


DB_HELP = "SQLite file (default: $SCAMCHECK_DB_PATH or ./scamcheck.db)"


def _global_options(p: argparse.ArgumentParser, default: Any) -> None:
    p.add_argument("--db", help=DB_HELP, default=default)
    p.add_argument("-v", "--verbose", action="store_true", default=default)


def _accept_global_options_everywhere(p: argparse.ArgumentParser) -> None:
    """`scamcheck check --db x` as well as `scamcheck --db x check`, at every level.

    Sub-commands get the options with a suppressed default, so one given before the
    sub-command is not reset by the sub-command's parser; added after the tree is built, so
    sub-commands registered elsewhere (cli_admin) get them too."""
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                if "--db" not in sub._option_string_actions:
                    _global_options(sub, argparse.SUPPRESS)
                _accept_global_options_everywhere(sub)


def parser(check_only: bool = False) -> argparse.ArgumentParser:
    """The command line's parser; check_only: with the `check` command alone (a one-shot check
    then skips importing and building the others, ~15 ms)."""
    from bot import cli_hosts
    from bot.media import cli as media_cli

    p = argparse.ArgumentParser(prog="scamcheck", description=__doc__)
    _global_options(p, None)
    p.set_defaults(verbose=False)
    sub = p.add_subparsers(dest="cmd", required=True)

    c = sub.add_parser("check", help="check a message: prints the reply, or the verdict as JSON")
    c.add_argument("text", nargs="?", help="message text, or - for stdin")
    c.add_argument("--json", action="store_true", help="print the verdict as JSON")
    c.add_argument("--jsonl", metavar="FILE", help="check one JSON object per line (- = stdin)")
    c.add_argument("--region", default=None, help="region code for contacts, e.g. HK")
    c.add_argument("--lang", default="en", choices=["en", "zh-HK"])
    media_cli.add_arguments(c)
    cli_hosts.add_arguments(c)
    c.set_defaults(func=cmd_check)
    if check_only:
        _accept_global_options_everywhere(p)
        return p
    from bot import cli_admin, cli_backup, cli_feeds, cli_model

    kb = sub.add_parser("kb", help="knowledge base: validate, load, export, stats")
    kbs = kb.add_subparsers(dest="kb_cmd", required=True)
    v = kbs.add_parser("validate", help="validate knowledge files without loading them")
    v.add_argument("dir", nargs="?")
    ld = kbs.add_parser("load", help="load knowledge files into the store (idempotent)")
    ld.add_argument("dir", nargs="?")
    ld.add_argument(
        "--actor", help="who is loading (recorded in the audit log; cli:<login name> if not given)"
    )
    ld.add_argument("--reason", default="kb load", help="why (recorded in the audit log)")
    ld.add_argument(
        "--override",
        action="store_true",
        help="an admin's decision: load reported entries that name official channels too",
    )
    ex = kbs.add_parser("export", help="write the live knowledge base as files")
    ex.add_argument("out")
    kbs.add_parser("stats", help="counts of the live knowledge base")
    cli_backup.add_parsers(kbs, _settings)  # kb backup FILE, kb restore FILE
    kb.set_defaults(func=cmd_kb)

    b = sub.add_parser("bot", help="run the Telegram bot (long polling)")
    b.set_defaults(func=cmd_bot)
    s = sub.add_parser("serve", help="run the HTTP service")
    s.add_argument("--host")
    s.add_argument("--port", type=int)
    s.add_argument("--workers", type=int, help="processes sharing the port (one core each)")
    s.set_defaults(func=cmd_serve)
    cli_admin.add_parser(sub, _settings)  # scamcheck admin token|grant|revoke|org
    cli_feeds.add_parser(sub, _settings)  # scamcheck feeds sync|status
    cli_model.add_parser(sub)  # scamcheck model train|verify|add
    _accept_global_options_everywhere(p)
    return p


def _command(argv: list[str]) -> str | None:
    """The sub-command argv names, read past the global options as argparse would; None when
    anything there is less plain (an abbreviated option, -vv): the whole parser decides."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not (word.startswith("--db=") or word in ("-v", "--verbose")):
            return word
    return None


def _run(argv: list[str] | None) -> int:
    words = sys.argv[1:] if argv is None else argv
    check = _command(words) == "check"
    if check:
        # A one-shot check allocates what it keeps (modules, classes, the cached index) and
        # ends: the cycle collector's passes over that heap were ~4% of its instructions.
        # Bulk checks turn it back on once the checker is open (cmd_check).
        gc.disable()
    args = parser(check_only=check).parse_args(words)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return int(args.func(args) or 0)


def main(argv: list[str] | None = None) -> int:
    """Runs one command; failures a user can fix are one line on stderr, never a traceback."""
    collecting = gc.isenabled()
    try:
        return _run(argv)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130  # 128 + SIGINT, as shells report it
    except BrokenPipeError:
        # The reader went away (`scamcheck check ... | head`): nothing more to say, and Python
        # must not try to flush into the closed pipe again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE
    except (FileNotFoundError, IsADirectoryError, PermissionError, NotADirectoryError) as e:
        print(f"scamcheck: {e.filename}: {e.strerror}", file=sys.stderr)
        return 2
    except Exception as e:  # sqlite3 is imported by the commands that open a database
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is None or not isinstance(e, sqlite3.DatabaseError):
            raise
        print(f"scamcheck: the database cannot be used: {e} (--db or SCAMCHECK_DB_PATH)",
              file=sys.stderr)  # fmt: skip
        return 2
    finally:  # as it was, for a caller in the same process
        if collecting:
            gc.enable()
        else:
            gc.disable()


if __name__ == "__main__":
    sys.exit(main())
