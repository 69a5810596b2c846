"""Whether the knowledge base can answer usefully, and what to tell an operator when not.

A store without categories or regions still returns verdicts, but replies carry no warning,
no tips and no police contacts: an install that lost its seed must not look healthy.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.store import Store


def knowledge_problems(store: Store, knowledge_dir: Path | None = None) -> list[str]:
    """Plain-words reasons the knowledge base is not fit to serve; empty when it is."""
    counts = store.core_counts()
    problems = [
        f"the knowledge base has no {what}: replies would carry no warnings, tips or contacts"
        for what in ("categories", "regions")
        if counts[what] == 0
    ]
    if problems:
        if knowledge_dir is not None and not knowledge_dir.is_dir():
            problems.append(f"the seed folder {knowledge_dir} does not exist")
        problems.append("load a seed: scamcheck kb load DIR (or set SCAMCHECK_KNOWLEDGE_DIR)")
    return problems


def warn_if_unfit(store: Store, knowledge_dir: Path, command: str) -> bool:
    """Says on stderr why the knowledge base is unfit; True when it is fit."""
    problems = knowledge_problems(store, knowledge_dir)
    for p in problems:
        print(f"scamcheck {command}: warning: {p}", file=sys.stderr)
    return not problems
