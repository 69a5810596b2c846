"""Staff-side QA (2026-12-07, hqa14): moderators' and police officers' paths into the knowledge
base that let through what the poisoning guard and the ownership rules are meant to stop."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.checker import Checker
from bot.knowledge import KnowledgeError, Phrase
from bot.message import Message
from bot.moderation import BulkRow, RowRules, check_row, read_knowledge_file
from bot.runtime import load_files
from bot.store import Store
from bot.store.moderation import RevertError, ReviewError

ADMIN, MOD, COP = "telegram:1", "telegram:2", "telegram:3"
CATEGORY = Path(__file__).parent / "data" / "knowledge" / "categories" / "investment.yaml"


def police_row(store: Store, org: str, kind: str, value: str, category: str) -> BulkRow:
    rules = RowRules(categories=store.category_ids(), organisation=org, require_reference=True)
    data = {"kind": kind, "value": value, "category": category, "reference": f"{org}-1"}
    return check_row(data, 2, rules)


# --- review decisions apply the whole guard ----------------------------------------------------


@pytest.mark.parametrize("value", ["t.me", "github.com", "bit.ly"])
def test_approving_a_users_report_of_a_whole_platform_is_refused(
    staff: Store, checker: Checker, value: str
) -> None:
    # Failed on main: approve_report checked only the official lists, so a moderator's
    # Approve listed all of t.me (every Telegram link came back high risk).
    rid = staff.submit_report("telegram:10", "domain", value, "phishing")
    with pytest.raises(ReviewError, match="whole platform"):
        staff.approve_report(rid, MOD, "looks bad")
    assert staff.find_reported("domain", value) is None
    assert staff.queue_item(rid) is not None  # still waiting, for a reject
    verdict = checker.check(Message(text=f"join us at https://{value}/somegroup"))
    assert not any(f.type == "reported" for f in verdict.findings)
    # what the guard's doc promises: an admin's override still can
    assert staff.approve_report(rid, ADMIN, "hijacked", override=True).status == "approved"


def test_approving_a_thin_phrase_waiting_in_the_queue_is_refused(staff: Store) -> None:
    # Failed on main: a phrase report ("hello there") went live on Approve.
    rid = staff.submit_report("telegram:10", "phrase", "hello there", "phishing")
    with pytest.raises(ReviewError, match=r"too short|common"):
        staff.approve_report(rid, MOD)
    assert staff.phrase_creator("en", "phishing", "hello there") is None


# --- a public suffix is no one's domain --------------------------------------------------------


@pytest.mark.parametrize("suffix", ["co.uk", "com.hk", "gov.hk", "vercel.app"])
def test_a_public_suffix_cannot_be_listed_as_a_scam_domain(
    staff: Store, checker: Checker, suffix: str
) -> None:
    # Failed on main: a police upload (or /reported add) of "com.hk" went live, and the engine
    # looks reported domains up by every parent of a link's host: every .com.hk site was high.
    rows = [police_row(staff, "HKPF", "domain", suffix, "phishing")]
    out = staff.submit_rows(rows, COP, source="police", organisation="HKPF", live=True)
    assert not out.results
    assert "public suffix" in out.refused[0].error
    assert staff.find_reported("domain", suffix) is None
    verdict = checker.check(Message(text=f"our new shop: https://flowers.{suffix}/spring"))
    assert not any(f.type == "reported" for f in verdict.findings)
    # a site under the suffix is still someone's, and can be reported
    site = [police_row(staff, "HKPF", "domain", f"quick-profit-desk.{suffix}", "phishing")]
    done = staff.submit_rows(site, COP, source="police", organisation="HKPF", live=True)
    assert [r.status for r in done.results] == ["published"]


# --- knowledge files whose aliases explode -------------------------------------------------------


def alias_bomb(levels: int) -> str:
    """A category file of a few hundred bytes whose aliases expand to 9**levels values."""
    lines = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join([*lines, f"id: investment\nextra: *l{levels - 1}\n"])


def test_a_knowledge_file_whose_aliases_explode_is_refused_at_once(tmp_path: Path) -> None:
    # Failed on main: 371 bytes took 3 s to refuse (for a missing field), 417 bytes 4.5 min,
    # on the bot's event loop when a moderator sent it: every value was copied out of the
    # aliases before validation.
    path = tmp_path / "investment.yaml"
    path.write_text(alias_bomb(7), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(KnowledgeError, match="aliases"):
        read_knowledge_file(path, frozenset({"investment"}))
    assert time.monotonic() - started < 1.0


def test_merge_keys_repeating_a_few_values_still_load(tmp_path: Path) -> None:
    path = tmp_path / "investment.yaml"
    base = CATEGORY.read_text(encoding="utf-8")
    path.write_text(base.replace("tips:", "x-base: &b {en: a, zh-HK: b}\ntips:", 1))
    with pytest.raises(KnowledgeError, match="x-base"):  # an unknown field, not the aliases
        read_knowledge_file(path, frozenset({"investment"}))
    path.write_text(base, encoding="utf-8")
    assert "investment" in read_knowledge_file(path, frozenset()).categories


# --- a force confirming an entry, and taking over only a feed's ----------------------------------


def test_a_force_confirming_a_feeds_entry_makes_it_its_own(staff: Store) -> None:
    # A feed's entries are the feed's to replace at the next sync: a force that confirms one
    # takes it over (so it outlives the sync), unlike another force's or the moderators'.
    staff.replace_feed(
        "openphish", "OpenPhish", "http://upstream.test", ["drain-wallet.top"], ("", ""),
        reason="sync",
    )  # fmt: skip
    row = police_row(staff, "HKPF", "domain", "drain-wallet.top", "phishing")
    staff.submit_rows([row], COP, source="police", organisation="HKPF", live=True)
    listed = staff.find_reported("domain", "drain-wallet.top")
    assert listed is not None and (listed["source"], listed["organisation"]) == ("police", "HKPF")
    staff.replace_feed("openphish", "OpenPhish", "http://upstream.test", [], ("", ""), "sync")
    assert staff.find_reported("domain", "drain-wallet.top") is not None


# --- one phrase, whatever its case --------------------------------------------------------------


def test_a_phrase_sent_again_in_other_case_is_the_same_phrase(staff: Store) -> None:
    # Failed on main: the matcher folds case, but the store keyed phrases by their exact text,
    # so "Pay The Unlock Deposit" was a second live row, and /phrase disable of the first
    # left the second flagging messages: the moderator's takedown did not take.
    rules = RowRules(categories=staff.category_ids())
    versions = []
    for text in ("pay the unlock deposit", "Pay The Unlock Deposit", "PAY THE UNLOCK DEPOSIT"):
        row = check_row({"kind": "phrase", "value": text, "category": "investment"}, 2, rules)
        staff.submit_rows([row], MOD, source="moderator", live=True)
        versions.append(staff.kb_version)
    assert versions[0] == versions[1] == versions[2]  # sending it again changed nothing
    assert staff.disable_phrase("en", "investment", "Pay the unlock deposit", MOD, "too broad")
    live = staff.db.execute(
        "select count(*) from phrases where lower(text) = 'pay the unlock deposit' and enabled = 1"
    ).fetchone()[0]
    assert live == 0
    fresh = Checker(staff, default_region="HK")
    verdict = fresh.check(Message(text="to withdraw you must pay the unlock deposit today"))
    assert not any(f.type == "phrase" for f in verdict.findings)


# --- a moderator's takedown outlives the next kb load ---------------------------------------


def test_a_takedown_of_a_shipped_phrase_or_entry_outlives_the_next_kb_load(
    staff: Store,
) -> None:
    # Failed on main: `kb load` of the same files (every deploy) wrote enabled = 1 over a
    # moderator's /phrase disable and /reported disable, undoing the takedown without a word
    # (a feed's next sync already keeps them).
    kb_dir = Path(__file__).parent / "data" / "knowledge"
    assert staff.disable_phrase("en", "investment", "join my vip group", MOD, "flags chat")
    assert staff.disable_reported("domain", "fake-exchange.top", MOD, "site is gone")
    version = staff.kb_version
    stats = load_files(staff, kb_dir, actor="cli:ops", reason="deploy")
    assert staff.phrase_creator("en", "investment", "join my vip group") is None
    assert staff.find_reported("domain", "fake-exchange.top") is None
    assert staff.kb_version == version
    assert (stats.changed, stats.kept_disabled) == (0, 2)
    # re-adding it on purpose still works: a moderator's /phrase add
    staff.add_phrase("en", "investment", Phrase(text="join my vip group", weight=0.5), MOD, "ok")
    assert staff.phrase_creator("en", "investment", "join my vip group") is not None


# --- the audit id a publication names is its own ------------------------------------------------


def test_a_publication_that_changed_nothing_names_no_one_elses_change(staff: Store) -> None:
    # Failed on main: a row that changed nothing (sent again, or a queued phrase already live
    # when approved) returned the newest audit id of the whole log as its own: the bot's
    # "undo with /revert N" named another moderator's change, and reverting the approval
    # took down an unrelated indicator.
    rules = RowRules(categories=staff.category_ids())

    def publish(value: str, who: str) -> int:
        row = check_row({"kind": "domain", "value": value, "category": "investment"}, 2, rules)
        return staff.submit_rows([row], who, source="moderator", live=True).results[0].ref

    first = publish("first-scam.top", MOD)
    publish("other-scam.top", "telegram:5")
    assert publish("first-scam.top", MOD) == first  # the change that made it what it is

    text = "pay the unlock deposit now"
    staff.add_phrase("en", "investment", Phrase(text=text), MOD, "seen")
    report = staff.submit_report("telegram:9", "phrase", text, "investment")
    publish("third-scam.top", "telegram:5")
    decision = staff.approve_report(report, MOD, "agreed")
    assert decision.knowledge_audit is None  # the approval published nothing new
    staff.revert(decision.audit_id, MOD, "undo the approval")
    assert staff.queue_item(report) is not None
    assert staff.find_reported("domain", "third-scam.top") is not None
    assert staff.phrase_creator("en", "investment", "pay the unlock deposit now") is not None


# --- a feed's sync is not a change a revert can undo ---------------------------------------------


def test_reverting_a_feed_sync_says_what_to_do_instead(staff: Store) -> None:
    staff.replace_feed(
        "openphish", "OpenPhish", "http://upstream.test", ["drain-wallet.top"], ("", ""),
        reason="sync",
    )  # fmt: skip
    sync = staff.last_audit_id()

    with pytest.raises(RevertError) as refused:
        staff.revert(sync, MOD, "undo the feed")

    message = str(refused.value)
    assert "feed" in message and "next sync" in message and "/reported disable" in message
    assert "not in the knowledge base" not in message  # what it said: a feed name read as a key
    assert staff.find_reported("domain", "drain-wallet.top") is not None
