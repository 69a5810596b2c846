"""A police organisation is added on purpose: `/org` and `/token create` with a mistyped code
created a second, empty organisation (with its own API token) without a word."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakes.harness import KB_DIR, Harness, running_bot

from bot.checker import Checker
from bot.store import Store

ADMIN, COP = 1, 3


@pytest.fixture
async def tg(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    store.ensure_organisation("HKPF", "cli:ops", "HK")
    async with running_bot(store, checker, admins=[ADMIN]) as h:
        await h.ask(f"/grant {COP} police HKPF HK liaison", ADMIN)
        yield h


def codes(store: Store) -> list[str]:
    return [o.id for o in store.organisations()]


async def test_a_mistyped_code_is_refused_naming_the_near_one(tg: Harness) -> None:
    assert codes(tg.store) == ["HKPF"]
    for text in ("/org HKFP live trusted", "/token create HKFP", "/token create hkfp"):
        reply = await tg.ask(text, ADMIN)
        assert "unknown organisation" in reply.text and "did you mean HKPF?" in reply.text, text
        assert "/org new HKFP review" in reply.text.replace("hkfp", "HKFP")
    assert codes(tg.store) == ["HKPF"] and tg.store.tokens() == []
    assert tg.store.organisation("HKPF").publish_mode == "review"  # type: ignore[union-attr]
    # a code far from every known one lists them instead
    far = await tg.ask("/token create ZZZZZZ", ADMIN)
    assert "known: HKPF" in far.text and codes(tg.store) == ["HKPF"]
    # the known code, in any case, works as before
    assert "go live at once" in (await tg.ask("/org hkpf live trusted", ADMIN)).text
    assert "<code>scp_" in (await tg.ask("/token create HKPF", ADMIN)).text


async def test_a_new_organisation_is_added_with_new_and_audited(tg: Harness) -> None:
    reply = await tg.ask("/org new SPF live partner force from Singapore", ADMIN)
    assert "go live at once" in reply.text
    assert codes(tg.store) == ["HKPF", "SPF"]
    added = tg.store.history("organisations", "SPF")
    assert [(r["action"], r["actor"]) for r in added] == [
        ("add", f"telegram:{ADMIN}"),
        ("set", f"telegram:{ADMIN}"),
    ]
    assert added[0]["reason"] == "partner force from Singapore"
    assert "<code>scp_" in (await tg.ask("/token create SPF", ADMIN)).text
    # `new` on a known organisation only sets its mode
    await tg.ask("/org new HKPF live", ADMIN)
    assert codes(tg.store) == ["HKPF", "SPF"]
    assert "Usage" in (await tg.ask("/org new HKPF", ADMIN)).text


def test_the_command_line_refuses_a_mistyped_code_and_adds_with_new(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SCAMCHECK_DB_PATH": str(tmp_path / "admin.db"),
        "SCAMCHECK_KNOWLEDGE_DIR": str(KB_DIR),
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", "admin", *args],
            capture_output=True, env=env, text=True, timeout=60, check=False,
        )  # fmt: skip

    refused = run("token", "create", "HKPF")
    assert refused.returncode == 1 and refused.stdout == ""
    assert "unknown organisation 'HKPF' (none is known yet)" in refused.stderr
    assert "admin org HKPF review --new" in refused.stderr
    assert run("org", "HKPF", "review", "--new", "--reason", "first force").returncode == 0
    typo = run("org", "HKFP", "live")
    assert typo.returncode == 1 and "did you mean HKPF?" in typo.stderr
    assert run("token", "create", "HKPF").stdout.startswith("scp_")
    store = Store(tmp_path / "admin.db")
    try:
        assert codes(store) == ["HKPF"]
        assert store.history("organisations", "HKPF")[0]["reason"] == "first force"
    finally:
        store.close()
