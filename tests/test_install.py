"""A normal install works anywhere (issue 13): the wheel carries the seed knowledge base.

Builds the wheel as a distribution would, installs it (with its dependencies, from the pip
cache or the registry) into a fresh virtual environment, and runs the installed command from a
folder that has no knowledge/ and no source tree near it. About a minute, most of it pip.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, f"{cmd}: {p.stdout[-2000:]}{p.stderr[-2000:]}"
    return p


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
         out, env)  # fmt: skip
    (built,) = out.glob("scamcheck-*.whl")
    return built


def test_the_wheel_holds_every_knowledge_file_and_all_of_bot_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    knowledge = {
        "bot/_knowledge/" + p.relative_to(ROOT / "knowledge").as_posix()
        for p in (ROOT / "knowledge").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
    }
    data = {p.relative_to(ROOT).as_posix() for p in (ROOT / "bot" / "data").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}  # fmt: skip
    assert knowledge and knowledge <= names, sorted(knowledge - names)[:5]
    assert data and data <= names, sorted(data - names)[:5]


def test_installed_wheel_checks_and_counts_from_another_folder(
    wheel: Path, tmp_path: Path
) -> None:
    venv, elsewhere = tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SCAMCHECK_", "PYTHON", "VIRTUAL_ENV"))}  # fmt: skip
    env.update(HOME=str(elsewhere), XDG_DATA_HOME=str(elsewhere / ".data"),
               PIP_DISABLE_PIP_VERSION_CHECK="1")  # fmt: skip
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    _run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], tmp_path, env)
    scamcheck = str(venv / "bin" / "scamcheck")

    where = _run([str(venv / "bin" / "python"), "-c", "import bot; print(bot.__file__)"],
                 elsewhere, env).stdout  # fmt: skip
    assert where.startswith(str(venv)), where  # the installed copy, not the checkout

    p = _run([scamcheck, "check", "--json", "--region", "HK",
              "Send 0.5 BTC to unlock your guaranteed daily profit"], elsewhere, env)  # fmt: skip
    verdict = json.loads(p.stdout)
    assert verdict["risk"] in ("medium", "high") and verdict["categories"]
    assert "18222" in verdict["reply"]  # the region's contacts came with the package
    assert not list(elsewhere.glob("*.db"))  # check wrote nothing here

    stats = json.loads(_run([scamcheck, "kb", "stats"], elsewhere, env).stdout)
    assert stats["categories"] >= 10 and stats["regions"] >= 10 and stats["brands"] > 0
