"""Moderation in the store: roles, the review queue, the poisoning guards, tokens, revert."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.checker import Checker
from bot.knowledge import Phrase, Reported
from bot.message import Message
from bot.moderation import BulkRow
from bot.store import Store
from bot.store.moderation import RevertError, ReviewError
from bot.store.submissions import REPORTS_PER_HOUR

ADDRESS = "0x52908400098527886e0f7030069857d2e4169ee7"
SCAM = f"please send the deposit to {ADDRESS}"
ADMIN, MOD, COP = "telegram:1", "telegram:2", "telegram:3"


def row(kind: str, value: str, key: str | None = None, **extra: str) -> BulkRow:
    fields = {"category": "investment", "reference": "CASE-9", "organisation": "HKPF", **extra}
    return BulkRow(line=2, kind=kind, value=value, key=key or value.lower(), **fields)


# --- roles -----------------------------------------------------------------------------------


def test_first_admins_come_from_settings_once(store: Store) -> None:
    assert store.bootstrap_admins([1, 5]) == [1, 5]
    assert store.bootstrap_admins([1, 5]) == []
    grant = store.role_of(5)
    assert grant is not None and grant.role == "admin" and grant.granted_by == "config"


def test_grants_and_revokes_are_audited(staff: Store) -> None:
    cop = staff.role_of(3)
    assert cop is not None and (cop.role, cop.organisation, cop.region) == ("police", "HKPF", "HK")
    assert staff.revoke_role(2, ADMIN, "left the team")
    assert staff.role_of(2) is None and not staff.revoke_role(2, ADMIN, "again")
    actions = [(r["action"], r["actor"], r["reason"]) for r in staff.history("roles", "2")]
    assert actions == [("grant", ADMIN, "new moderator"), ("revoke", ADMIN, "left the team")]


@pytest.mark.parametrize(
    ("role", "org", "error"),
    [
        ("superuser", "", "unknown role"),
        ("police", "", "needs an organisation"),
        ("police", "bad org!", "unknown organisation 'bad org!'"),  # not made up on the way
    ],
)
def test_grant_refuses_bad_roles(store: Store, role: str, org: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        store.grant_role(9, role, ADMIN, "x", organisation=org)


def test_grant_refuses_a_region_the_store_does_not_know(store: Store) -> None:
    store.ensure_organisation("HKPF", ADMIN, "HK")
    with pytest.raises(ValueError, match=r"unknown region 'XX' \(known regions: GB, HK\)"):
        store.grant_role(9, "police", ADMIN, "x", organisation="HKPF", region="XX")
    assert store.role_of(9) is None
    grant = store.grant_role(9, "police", ADMIN, "x", organisation="HKPF", region="hk")
    assert grant.region == "HK"


def test_only_admins_and_the_operator_count_as_admin_actors(staff: Store) -> None:
    assert staff.is_admin_actor(ADMIN) and staff.is_admin_actor("cli:ops")
    assert not staff.is_admin_actor(MOD) and not staff.is_admin_actor("telegram:999")
    assert not staff.is_admin_actor("api:HKPF:1")


# --- the review queue ------------------------------------------------------------------------


def test_reports_of_one_indicator_are_one_queue_item(staff: Store) -> None:
    for user in ("telegram:10", "telegram:11", "telegram:12"):
        staff.submit_report(
            user,
            "address",
            ADDRESS.upper().replace("0X", "0x"),
            "investment",
            note=f"{user} was asked to pay a fee",
        )
    staff.submit_report("telegram:13", "domain", "quick-profit-desk.com", "phishing")
    queue = staff.review_queue()
    assert [(i.kind, i.reporters) for i in queue] == [("address", 3), ("domain", 1)]
    assert queue[0].key == ADDRESS and len(queue[0].notes) == 3 and queue[0].listed is None


def test_a_users_repeat_report_counts_once(staff: Store) -> None:
    first = staff.submit_report("telegram:10", "address", ADDRESS, "investment")
    assert staff.submit_report("telegram:10", "address", ADDRESS, "investment") == first
    assert staff.review_queue()[0].reporters == 1


def test_approve_publishes_and_revert_takes_it_back(staff: Store, checker: Checker) -> None:
    assert checker.check(Message(text=SCAM)).risk == "low"
    rid = staff.submit_report("telegram:10", "address", ADDRESS, "investment")
    staff.submit_report("telegram:11", "address", ADDRESS, "investment")
    decision = staff.approve_report(rid, MOD, "two victims")
    verdict = checker.check(Message(text=SCAM))
    assert verdict.risk == "high"
    finding = verdict.findings[0]
    assert (finding.source, finding.reports, finding.category) == ("community", 2, "investment")
    assert staff.review_queue() == []

    staff.revert(decision.audit_id, MOD, "wrong address")
    assert checker.check(Message(text=SCAM)).risk == "low"
    assert [i.ids for i in staff.review_queue()] == [decision.ids]  # back in the queue


def test_a_revert_can_itself_be_reverted(staff: Store, checker: Checker) -> None:
    rid = staff.submit_report("telegram:10", "address", ADDRESS, "investment")
    decision = staff.approve_report(rid, MOD)
    undo = staff.revert(decision.audit_id, MOD, "oops")
    staff.revert(undo, MOD, "it was right after all")
    assert checker.check(Message(text=SCAM)).risk == "high"
    assert staff.review_queue() == []


def test_a_decided_report_cannot_be_decided_again(staff: Store) -> None:
    rid = staff.submit_report("telegram:10", "address", ADDRESS, "investment")
    staff.reject_report(rid, MOD, "not a scam")
    with pytest.raises(ReviewError, match=r"already rejected \(by telegram:2\)"):
        staff.approve_report(rid, ADMIN)
    with pytest.raises(ReviewError, match="no report #999"):
        staff.approve_report(999, ADMIN)


def test_a_report_of_a_listed_indicator_merges_into_it(staff: Store) -> None:
    police = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"  # listed by HKPF with 3 reports
    rid = staff.submit_report("telegram:10", "address", police, "fake_support")
    item = staff.review_queue()[0]
    assert item.listed is not None and item.listed["source"] == "police"
    decision = staff.merge_report(rid, MOD)
    listed = staff.find_reported("address", police)
    assert listed is not None and decision.status == "merged"
    assert (listed["reports"], listed["source"], listed["category"]) == (4, "police", "investment")
    staff.revert(decision.audit_id, MOD, "duplicate of nothing")
    listed = staff.find_reported("address", police)
    assert listed is not None and listed["reports"] == 3


def test_merge_into_another_queue_item_folds_the_reporters(staff: Store) -> None:
    first = staff.submit_report("telegram:10", "domain", "quick-profit-desk.com", "phishing")
    other = staff.submit_report(
        "telegram:11", "url", "https://quick-profit-desk.com/login", "phishing"
    )
    staff.merge_report(other, MOD, into=("domain", "quick-profit-desk.com"))
    queue = staff.review_queue()
    assert len(queue) == 1 and queue[0].report_id == first and queue[0].reporters == 2
    with pytest.raises(ReviewError, match="nothing to merge into"):
        staff.merge_report(first, MOD, into=("domain", "nowhere-at-all.com"))


# --- poisoning guards ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("domain", "binance.com"),
        ("domain", "accounts.binance.com"),
        ("url", "https://www.binance.com/en/login"),
        ("handle", "@binance"),
        ("address", "0x28C6c06298d514Db089934071355E5743bf21d60"),
    ],
)
def test_an_official_indicator_needs_an_admin_override(
    staff: Store, kind: str, value: str
) -> None:
    rid = staff.submit_report("telegram:10", kind, value, "phishing")
    assert staff.review_queue()[0].official == "Binance"
    with pytest.raises(ReviewError, match="official list of Binance"):
        staff.approve_report(rid, MOD)
    with pytest.raises(ReviewError, match="official list"):
        staff.approve_report(rid, MOD, override=True)  # a moderator cannot override
    assert staff.approve_report(rid, ADMIN, "hijacked account", override=True).status == "approved"


def test_official_rows_in_a_police_upload_are_refused_by_line(staff: Store) -> None:
    rows = [row("domain", "binance.com"), row("domain", "quick-profit-desk.com")]
    rows[1].line = 3
    out = staff.submit_rows(rows, COP, source="police", organisation="HKPF", live=True)
    assert [e.line for e in out.refused] == [2]
    assert "official list of Binance" in out.refused[0].error
    assert [r.line for r in out.results] == [3]
    assert staff.find_reported("domain", "binance.com") is None


def test_a_report_flood_is_held_and_flagged(staff: Store) -> None:
    for n in range(REPORTS_PER_HOUR):
        staff.submit_report("telegram:66", "domain", f"site{n}-example.com", "phishing")
    assert staff.report_allowed("telegram:66") is False
    held = staff.submit_report("telegram:66", "domain", "one-more-example.com", "phishing")
    assert staff.queue_size() == REPORTS_PER_HOUR
    flag = staff.flag_pseudonym("telegram:66")  # the flag keeps no Telegram id
    assert [f["reporter"] for f in staff.flagged_reporters()] == [flag]
    assert staff.history("reporter_flags", flag)[0]["action"] == "flag"
    assert staff.audit_record(staff.last_audit_id() - 1)["after"]["status"] == "held"  # type: ignore[index]
    assert held not in [i.report_id for i in staff.review_queue(limit=50)]


# --- police submissions ----------------------------------------------------------------------


def test_police_rows_go_live_or_wait_as_the_organisation_is_set(
    staff: Store, checker: Checker
) -> None:
    key = ADDRESS
    assert staff.publish_mode("HKPF") == "review"
    out = staff.submit_rows(
        [row("address", ADDRESS, key)], COP, source="police", organisation="HKPF", live=False
    )
    assert out.count("queued") == 1 and checker.check(Message(text=SCAM)).risk == "low"
    item = staff.review_queue()[0]
    assert (item.source, item.organisation, item.reference) == ("police", "HKPF", "CASE-9")
    staff.approve_report(item.report_id, MOD)
    finding = checker.check(Message(text=SCAM)).findings[0]
    assert (finding.source, finding.organisation) == ("police", "HKPF")

    staff.set_publish_mode("HKPF", "live", ADMIN, "trusted feed")
    live = staff.publish_mode("HKPF") == "live"
    rows = [row("domain", "quick-profit-desk.com")]
    out = staff.submit_rows(rows, COP, source="police", organisation="HKPF", live=live)
    assert out.count("published") == 1
    assert checker.check(Message(text="visit quick-profit-desk.com now")).risk == "high"


def test_a_police_phrase_goes_live_as_a_phrase(staff: Store, checker: Checker) -> None:
    phrase = row("phrase", "your parcel is held at customs", category="fake_support")
    staff.submit_rows([phrase], COP, source="police", organisation="HKPF", live=True)
    verdict = checker.check(Message(text="Hello, your parcel is held at customs until you pay"))
    assert any(f.type == "phrase" and f.category == "fake_support" for f in verdict.findings)


# --- revert ----------------------------------------------------------------------------------


def test_revert_refuses_a_change_that_was_changed_since(staff: Store) -> None:
    r = Reported(kind="domain", value="quick-profit-desk.com", category="phishing")
    staff.add_reported(r, MOD, "seen in a group")
    first = staff.last_audit_id()
    staff.add_reported(r.model_copy(update={"category": "investment"}), MOD, "recategorised")
    second = staff.last_audit_id()
    with pytest.raises(RevertError, match=f"latest change is #{second}"):
        staff.revert(first, MOD, "not a scam")
    staff.revert(second, MOD, "it was phishing")
    listed = staff.find_reported("domain", "quick-profit-desk.com")
    assert listed is not None and listed["category"] == "phishing"
    staff.revert(first, ADMIN, "not a scam after all", force=True)
    assert staff.find_reported("domain", "quick-profit-desk.com") is None


def test_revert_of_a_disable_and_of_a_phrase(staff: Store, checker: Checker) -> None:
    staff.disable_reported("domain", "fake-exchange.top", MOD, "domain seized")
    assert checker.check(Message(text="fake-exchange.top")).risk != "high"
    staff.revert(staff.last_audit_id(), MOD, "still active")
    assert checker.check(Message(text="fake-exchange.top")).risk == "high"

    text = "your parcel is held at customs"
    staff.add_phrase("en", "fake_support", Phrase(text=text), MOD, "new wave")
    staff.revert(staff.last_audit_id(), MOD, "too broad")
    assert not [f for f in checker.check(Message(text=text)).findings if f.type == "phrase"]


def test_revert_restores_a_previous_version_of_a_category(staff: Store) -> None:
    kb = staff.knowledge(with_reported=False)
    cat = kb.categories["investment"]
    new_title = cat.title.model_copy(update={"en": "Get-rich-quick schemes"})
    kb.categories = {"investment": cat.model_copy(update={"title": new_title})}
    staff.load_knowledge(
        kb.model_copy(update={"phrases": [], "brands": [], "regions": {}}), MOD, "retitle"
    )
    assert staff.knowledge().categories["investment"].title.en == "Get-rich-quick schemes"
    staff.revert(staff.last_audit_id(), MOD, "old title was clearer")
    assert staff.knowledge().categories["investment"].title == cat.title


def test_role_changes_revert_and_tokens_do_not(staff: Store) -> None:
    staff.revoke_role(2, ADMIN, "mistake")
    staff.revert(staff.last_audit_id(), ADMIN, "undo")
    grant = staff.role_of(2)
    assert grant is not None and grant.role == "moderator"
    issued = staff.create_token("HKPF", ["reported:write"], ADMIN, "feed")
    staff.revoke_token(issued.id, ADMIN, "leaked")
    with pytest.raises(RevertError, match="stays revoked"):
        staff.revert(staff.last_audit_id(), ADMIN, "undo")
    with pytest.raises(RevertError, match="no audit record"):
        staff.revert(10_000, ADMIN, "?")


def test_history_shows_reports_decisions_and_reverts(staff: Store) -> None:
    rid = staff.submit_report("telegram:10", "address", ADDRESS, "investment", note="fee scam")
    decision = staff.approve_report(rid, MOD, "confirmed")
    staff.revert(decision.audit_id, ADMIN, "appeal upheld")
    actions = [(r["entity"], r["action"]) for r in staff.indicator_history("address", ADDRESS)]
    assert actions == [
        ("user_reports", "submit"),
        ("reported", "add"),
        ("user_reports", "approve"),
        ("reported", "revert"),
        ("user_reports", "revert"),
    ]


# --- tokens ----------------------------------------------------------------------------------


def test_tokens_are_shown_once_stored_hashed_and_revocable(staff: Store) -> None:
    issued = staff.create_token("HKPF", ["reported:write", "reported:read"], ADMIN, "case system")
    secret = issued.token.split("_", 2)[2]
    stored = staff.db.execute("select salt, hash from api_tokens").fetchone()
    assert secret not in "".join(stored) and len(stored[1]) == 64
    token = staff.verify_token(issued.token)
    assert token is not None and token.organisation == "HKPF"
    assert token.scopes == ["reported:read", "reported:write"]
    for forged in (issued.token + "x", f"scp_{issued.id}_", "Bearer nothing", "", "scp_x_y"):
        assert staff.verify_token(forged) is None
    assert staff.revoke_token(issued.id, ADMIN, "officer left")
    assert staff.verify_token(issued.token) is None
    assert not staff.revoke_token(issued.id, ADMIN, "again")
    assert "sha" not in str(staff.history("api_tokens", str(issued.id)))


def test_a_token_with_an_unknown_scope_is_refused(staff: Store) -> None:
    with pytest.raises(ValueError, match="unknown scope"):
        staff.create_token("HKPF", ["everything"], ADMIN, "x")


# --- stats -----------------------------------------------------------------------------------


def test_stats_count_checks_categories_and_reconsideration(staff: Store) -> None:
    today = dt.date(2026, 11, 2)
    for risk, cat in (
        ("high", "investment"),
        ("high", "investment"),
        ("medium", "phishing"),
        ("low", ""),
    ):
        staff.record_check(region="HK", risk=risk, category=cat, day=today)
    staff.record_check(region="GB", risk="high", category="phishing", day=today)
    staff.record_outcome(
        "w1", region="HK", category="investment", risk="high", choice="stop", day=today
    )
    staff.record_outcome(
        "w2", region="HK", category="investment", risk="high", choice="continue", day=today
    )
    stats = staff.moderation_stats(since=today, until=today, region="HK")
    assert stats.checks_per_day == [("2026-11-02", 4)]
    assert stats.warned_by_category == [("investment", 2), ("phishing", 1)]
    assert stats.top_reported[0]["reports"] == 3
    assert stats.reconsidered is not None and stats.reconsidered[0]["share"] == 0.5


def test_a_report_without_indicator_or_category_is_not_published(staff: Store) -> None:
    text = staff.submit_report("telegram:10", "message", "they promised 30% a week", "unknown")
    with pytest.raises(ReviewError, match="names no address"):
        staff.approve_report(text, MOD)
    unsure = staff.submit_report("telegram:11", "domain", "quick-profit-desk.com", "unknown")
    with pytest.raises(ReviewError, match="pick a category"):
        staff.approve_report(unsure, MOD)
    assert staff.approve_report(unsure, MOD, category="phishing").status == "approved"


def test_refusals_and_lifted_flags_are_audited(staff: Store) -> None:
    staff.record_refusal("telegram:50", "grant", "/grant 50 admin")
    refused = staff.audit_log(1)[0]
    assert (refused["action"], refused["entity_key"], refused["actor"]) == (
        "refused",
        "grant",
        "telegram:50",
    )
    for n in range(REPORTS_PER_HOUR + 1):
        staff.submit_report("telegram:66", "domain", f"site{n}-example.com", "phishing")
    assert staff.clear_flag("telegram:66", ADMIN, "false alarm: a researcher")
    assert staff.flagged_reporters() == [] and not staff.clear_flag("telegram:66", ADMIN, "x")
