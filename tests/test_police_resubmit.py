"""A force sending an entry again: what a moderator took down stays down until reviewed,
and one organisation's tokens share one queue entry per indicator."""

from __future__ import annotations

from bot.knowledge import Reported
from bot.moderation import BulkRow
from bot.store import Store
from bot.store.submissions import SubmitOutcome

ADMIN, MOD, COP = "telegram:1", "telegram:2", "telegram:3"
DOMAIN = "quick-profit-desk.com"


def row(kind: str, value: str, **extra: str) -> BulkRow:
    fields = {"category": "investment", "reference": "CASE-9", "organisation": "HKPF", **extra}
    return BulkRow(line=2, kind=kind, value=value, key=value.lower(), **fields)


def live_upload(store: Store, *rows: BulkRow, actor: str = COP) -> SubmitOutcome:
    return store.submit_rows(list(rows), actor, source="police", organisation="HKPF", live=True)


def test_an_entry_a_moderator_took_down_waits_for_review_when_a_force_sends_it_again(
    staff: Store,
) -> None:
    assert live_upload(staff, row("domain", DOMAIN)).count("published") == 1
    assert staff.disable_reported("domain", DOMAIN, MOD, "a florist's real shop, not a scam")

    again = live_upload(staff, row("domain", DOMAIN))

    assert [r.status for r in again.results] == ["queued"]
    assert "taken down" in again.results[0].note and "moderator" in again.results[0].note
    assert staff.find_reported("domain", DOMAIN) is None  # still down
    item = staff.review_queue()[0]
    assert (item.kind, item.organisation) == ("domain", "HKPF")
    staff.approve_report(item.report_id, MOD)  # a moderator decides, and it is live again
    assert staff.find_reported("domain", DOMAIN) is not None


def test_a_phrase_a_moderator_took_down_also_waits(staff: Store) -> None:
    phrase = row("phrase", "your parcel is held at customs", category="fake_support")
    live_upload(staff, phrase)
    assert staff.disable_phrase("en", "fake_support", "your parcel is held at customs", MOD, "fp")

    again = live_upload(staff, phrase)

    assert [r.status for r in again.results] == ["queued"]
    assert staff.phrase_creator("en", "fake_support", "your parcel is held at customs") is None


def test_a_force_may_bring_back_what_it_withdrew_itself(staff: Store) -> None:
    live_upload(staff, row("domain", DOMAIN))
    assert staff.disable_reported("domain", DOMAIN, COP, "withdrawn: wrong case")

    again = live_upload(staff, row("domain", DOMAIN))

    assert [r.status for r in again.results] == ["published"]
    assert staff.find_reported("domain", DOMAIN) is not None


def test_an_api_token_of_the_force_counts_as_the_force(staff: Store) -> None:
    live_upload(staff, row("domain", DOMAIN), actor="api:HKPF:7")
    staff.disable_reported("domain", DOMAIN, "api:HKPF:8", "withdrawn by another token")

    again = live_upload(staff, row("domain", DOMAIN), actor="api:HKPF:7")

    assert [r.status for r in again.results] == ["published"]


def test_a_moderator_may_put_back_what_a_moderator_took_down(staff: Store) -> None:
    staff.add_reported(Reported(kind="domain", value=DOMAIN, category="investment"), MOD, "seen")
    staff.disable_reported("domain", DOMAIN, MOD, "mistake")

    out = staff.submit_rows([row("domain", DOMAIN)], MOD, source="moderator", live=True)

    assert [r.status for r in out.results] == ["published"]


def test_two_tokens_of_one_force_queue_one_entry(staff: Store) -> None:
    for actor in ("api:HKPF:7", "api:HKPF:8", COP):
        out = staff.submit_rows(
            [row("domain", DOMAIN)], actor, source="police", organisation="HKPF", live=False
        )
        assert out.count("queued") == 1
    item = staff.review_queue()[0]
    # one force's case, however many of its tokens or officers sent it: one report, not three
    assert (len(item.ids), item.reporters) == (1, 1)


def test_two_forces_queue_an_entry_each(staff: Store) -> None:
    for org, actor in (("HKPF", "api:HKPF:7"), ("SPF", "api:SPF:1")):
        staff.submit_rows(
            [row("domain", DOMAIN, organisation=org)],
            actor,
            source="police",
            organisation=org,
            live=False,
        )
    item = staff.review_queue()[0]
    assert len(item.ids) == 2  # two forces, two reports of one indicator
