"""Where the shipped seed knowledge base is, in a source checkout and in an installed package.

The reviewable files live in the repository's top-level `knowledge/`; building a wheel copies
that folder into the package as `bot/_knowledge/` (setup.py), so `pip install .`, a wheel and
the Docker image carry it. A checkout or an editable install reads `knowledge/` itself.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
INSTALLED = _PACKAGE / "_knowledge"
CHECKOUT = _PACKAGE.parent / "knowledge"


def shipped_knowledge_dir() -> Path:
    """The seed knowledge folder: the installed copy if there is one, else the checkout's."""
    if INSTALLED.is_dir():
        return INSTALLED
    return CHECKOUT
