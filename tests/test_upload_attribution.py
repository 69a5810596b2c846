"""A moderator's upload is filed as the moderators' own, never under a police force.

Before, a moderator's (or an admin's) CSV with `organisation` = HKPF published the entry under
HKPF: users were told it was reported "by our moderators (HKPF)", HKPF's officers could take it
down as their own, and nothing said that no officer of HKPF had filed it. The audit record
named the moderator, but the entry, the verdict and the police API's view said HKPF."""

from __future__ import annotations

import html
from collections.abc import AsyncIterator

import pytest
from fakes.harness import Harness, running_bot

from bot.checker import Checker
from bot.store import Store

ADMIN, MOD, COP, USER = 1, 2, 3, 50
UPLOAD = b"""kind,value,category,reference,organisation,note
domain,quick-profit-desk.com,phishing,HK-2026-0301,HKPF,from HKPF's e-mail
domain,fast-refund-desk.com,phishing,HK-2026-0302,,HKPF's case quoted
"""


@pytest.fixture
async def tg(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    store.ensure_organisation("HKPF", "cli:ops", "HK")
    async with running_bot(store, checker, admins=[ADMIN]) as h:
        await h.ask(f"/grant {MOD} moderator", ADMIN)
        await h.ask(f"/grant {COP} police HKPF HK liaison", ADMIN)
        yield h


@pytest.mark.parametrize("sender", [MOD, ADMIN])
async def test_a_moderators_row_naming_a_force_is_refused_by_line(
    tg: Harness, sender: int
) -> None:
    tg.api.document(tg.user(sender), "cases.csv", UPLOAD, "text/csv")
    shown = html.unescape((await tg.reply(sender)).text)  # as Telegram shows its HTML
    assert "cases.csv: 1 live, 0 waiting for review, 1 refused." in shown
    assert "line 2: organisation 'HKPF': only its officers and API tokens" in shown
    assert tg.store.find_reported("domain", "quick-profit-desk.com") is None
    kept = tg.store.find_reported("domain", "fast-refund-desk.com")
    assert kept is not None and (kept["source"], kept["organisation"]) == ("moderator", "")
    # the force cannot take down what the moderators filed
    refused = await tg.ask("/reported disable domain fast-refund-desk.com mistake", COP)
    assert "fast-refund-desk.com" in refused.text and "disabled" not in refused.text
    assert tg.store.find_reported("domain", "fast-refund-desk.com") is not None


async def test_an_officers_row_naming_their_own_force_is_filed_under_it(tg: Harness) -> None:
    await tg.ask("/org HKPF live trusted", ADMIN)
    tg.api.document(tg.user(COP), "cases.csv", UPLOAD, "text/csv")
    assert "cases.csv: 2 live" in (await tg.reply(COP)).text
    for domain in ("quick-profit-desk.com", "fast-refund-desk.com"):
        row = tg.store.find_reported("domain", domain)
        assert row is not None and (row["source"], row["organisation"]) == ("police", "HKPF")
