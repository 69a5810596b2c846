"""A police grant names an organisation someone added on purpose, in that organisation's region.

Before, `/grant <user> police HKFP HK` (a typo for HKPF) made a second, empty force without a
word, as `/org` and `/token create` once did; and an officer of HKPF could be granted SG, so
that the phones they reported were read as Singapore numbers while their force's API token read
the same phones as Hong Kong ones. The command line's side is in test_moderation_cli.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fakes.harness import Harness, running_bot

from bot.checker import Checker
from bot.store import Store

ADMIN, COP, OTHER = 1, 3, 4


@pytest.fixture
async def tg(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    async with running_bot(store, checker, admins=[ADMIN]) as h:
        yield h


def codes(store: Store) -> list[str]:
    return [o.id for o in store.organisations()]


async def test_a_grant_to_an_unknown_organisation_is_refused_naming_the_near_one(
    tg: Harness,
) -> None:
    refused = await tg.ask(f"/grant {COP} police HKPF HK liaison", ADMIN)
    assert "unknown organisation 'HKPF' (none is known yet)" in refused.text
    assert "/org new HKPF HK review" in refused.text  # the hint adds it where the officer is
    assert codes(tg.store) == [] and tg.store.role_of(COP) is None

    assert "review" in (await tg.ask("/org new HKPF HK review first force", ADMIN)).text
    typo = await tg.ask(f"/grant {COP} police HKFP HK liaison", ADMIN)
    assert "did you mean HKPF?" in typo.text
    assert codes(tg.store) == ["HKPF"] and tg.store.role_of(COP) is None

    granted = await tg.ask(f"/grant {COP} police hkpf HK liaison", ADMIN)
    assert "police (HKPF, HK)" in granted.text
    assert [r["action"] for r in tg.store.history("organisations", "HKPF")] == ["add", "set"]


async def test_an_officer_works_in_the_region_of_their_force(tg: Harness) -> None:
    await tg.ask("/org new HKPF HK review first force", ADMIN)
    org = tg.store.organisation("HKPF")
    assert org is not None and org.region == "HK"
    refused = await tg.ask(f"/grant {COP} police HKPF GB liaison", ADMIN)
    assert "HKPF works in HK" in refused.text and "GB" in refused.text
    assert tg.store.role_of(COP) is None
    assert "police (HKPF, HK)" in (await tg.ask(f"/grant {COP} police HKPF HK", ADMIN)).text

    # an organisation added without a region (an agency across regions) takes any
    await tg.ask("/org new INTERPOL review", ADMIN)
    assert tg.store.organisation("INTERPOL").region == ""  # type: ignore[union-attr]
    assert (
        "police (INTERPOL, GB)" in (await tg.ask(f"/grant {OTHER} police INTERPOL GB", ADMIN)).text
    )
    # an unknown region for a new organisation is refused, nothing added
    bad = await tg.ask("/org new SPF XX review", ADMIN)
    assert "unknown region 'XX'" in bad.text
    assert "SPF" not in codes(tg.store)
