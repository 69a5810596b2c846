"""`scamcheck check --hosts FILE`: bulk screening of hosts and links, one a line.

Each line (a host, or a URL whose host and path are checked) gets one line out, in order:
`host<TAB>risk<TAB>reason`, or the HostVerdict as JSON with `--json`. Blank lines and lines
starting with # are skipped; a line that is no host gets `invalid` and makes the exit status 1
(as a bad line of `--jsonl` does), never a traceback. `--workers N` spreads the lines over N
processes, each with the knowledge loaded once; the output keeps the input's order.
"""

from __future__ import annotations

import argparse
import io
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING

# The engine is imported when hosts are checked, not to build the parser; multiprocessing only
# with --workers (every `scamcheck check` builds this parser).
if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from bot.oneshot import OneShot
    from bot.settings import Settings

CHUNK = 500  # lines a worker checks per task: large enough that passing them costs little
INVALID = "invalid"


def add_arguments(c: argparse.ArgumentParser) -> None:
    """The check command's options for bulk host screening."""
    c.add_argument(
        "--hosts",
        metavar="FILE",
        help="screen hosts or URLs, one a line (- = stdin): prints host<TAB>risk<TAB>reason,"
        " or one JSON object a line with --json",
    )
    c.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="with --hosts: check in N processes (one core each; default 1)",
    )


def open_lines(path: str) -> Iterator[str]:
    """The lines of a file, or of stdin for '-'. The file is opened now, so a missing one is
    reported before any work starts (and by the caller's one-line error, not a traceback)."""
    if path == "-":
        # Bytes that are no UTF-8 become U+FFFD, as in a file: that line is then no host.
        return iter(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace"))
    f = open(path, encoding="utf-8", errors="replace")  # noqa: SIM115 - closed by _closing

    def _closing() -> Iterator[str]:
        with f:
            yield from f

    return _closing()


def screen(checker: OneShot, lines: Iterable[str], as_json: bool) -> tuple[str, int]:
    """The output for some input lines, and how many of them were no host."""
    from bot.engine import check_host

    out: list[str] = []
    bad = 0
    for line in lines:
        value = line.strip()
        if not value or value.startswith("#"):
            continue
        v = check_host(value, checker.index)
        bad += v.risk is None
        if as_json:
            out.append(v.model_dump_json())
        else:
            # The host as given may hold a tab (then it is no host): it must not add a column.
            host = v.host.replace("\t", " ")
            out.append(f"{host}\t{v.risk or INVALID}\t{v.reason}")
    return "".join(s + "\n" for s in out), bad


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def check_hosts(args: argparse.Namespace, checker: OneShot, settings: Settings) -> int:
    """Screens every line of args.hosts; 1 if any line was no host, 2 on bad options."""
    if args.workers < 1:
        print("scamcheck check: --workers must be at least 1", file=sys.stderr)
        return 2
    lines = open_lines(args.hosts)
    out = sys.stdout
    bad = 0
    if args.workers == 1:
        for chunk in _chunks(lines, 64):  # written as it goes: `| head` answers at once
            text, n = screen(checker, chunk, args.json)
            out.write(text)
            bad += n
    else:
        bad = _in_processes(lines, args.workers, args.json, checker, settings, out)
    out.flush()
    return 1 if bad else 0


# --- worker processes ------------------------------------------------------------------------

_WORKER: OneShot | None = None


def _start_worker(settings: Settings, inherited: OneShot | None) -> None:
    # Ctrl-C goes to the whole process group: the parent ends the pool and says nothing more;
    # a worker must not print a KeyboardInterrupt traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _WORKER
    if inherited is not None:
        _WORKER = inherited  # forked with the knowledge already in memory
    else:
        from bot.oneshot import open_oneshot

        _WORKER = open_oneshot(settings)  # its own database connection, or the shipped files


def _work(lines: list[str], as_json: bool) -> tuple[str, int]:
    assert _WORKER is not None, "the worker's initializer loads the knowledge"
    return screen(_WORKER, lines, as_json)


def _in_processes(
    lines: Iterable[str],
    workers: int,
    as_json: bool,
    checker: OneShot,
    settings: Settings,
    out: IO[str],
) -> int:
    """Chunks of lines checked in a pool, written in input order; at most two chunks per
    worker are in flight, so a file of millions of hosts is never held in memory whole."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    # A forked worker can share the index already built, but not a SQLite connection.
    inherited = checker if "fork" in methods and checker.store is None else None
    bad = 0
    with ctx.Pool(workers, initializer=_start_worker, initargs=(settings, inherited)) as pool:
        pending: deque[AsyncResult[tuple[str, int]]] = deque()
        for chunk in _chunks(lines, CHUNK):
            pending.append(pool.apply_async(_work, (chunk, as_json)))
            while len(pending) >= 2 * workers or (pending and pending[0].ready()):
                text, n = pending.popleft().get()
                out.write(text)
                bad += n
        while pending:
            text, n = pending.popleft().get()
            out.write(text)
            bad += n
    return bad
