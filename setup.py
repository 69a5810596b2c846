"""Build hook only (the project is declared in pyproject.toml).

The seed knowledge base stays a top-level folder of reviewable files, `knowledge/`; every file
under it is copied into the built package as `bot/_knowledge/`, so an installed scamcheck
starts with it (bot/seed.py finds it). Editable installs read the checkout's `knowledge/`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

KNOWLEDGE = Path(__file__).resolve().parent / "knowledge"


class BuildWithKnowledge(build_py):
    """build_py, then a copy of knowledge/ (all of it: new kinds of files need no edit here)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode or not KNOWLEDGE.is_dir():
            return
        target = Path(self.build_lib) / "bot" / "_knowledge"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(
            KNOWLEDGE, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
        )


setup(cmdclass={"build_py": BuildWithKnowledge})
