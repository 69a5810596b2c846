"""Moderators and police in the bot: the real Application against the fake Bot API on 127.0.0.1."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakes.harness import Harness, running_bot
from fakes.telegram_api import Call

from bot.checker import Checker
from bot.moderation import BulkRow
from bot.store import Store

ADMIN, MOD, COP, USER = 1, 2, 3, 50
ADDRESS = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
SCAM = f"my mentor says send the unlock fee to {ADDRESS}"
UPLOAD = b"""kind,value,category,reference,note
domain,quick-profit-desk.com,phishing,HK-2026-0301,cloned exchange
domain,binance.com,phishing,HK-2026-0302,
phone,6123 4567,no_such_category,HK-2026-0303,
address,TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6x,investment,HK-2026-0304,
handle,@fast_refund_agent,fake_support,,
"""


@pytest.fixture
async def tg(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    # a police grant names an organisation added before (and works in its region)
    store.ensure_organisation("HKPF", "cli:ops", "HK")
    store.ensure_organisation("MPS", "cli:ops", "GB")
    async with running_bot(store, checker, admins=[ADMIN]) as h:
        yield h


def send_document(tg: Harness, user_id: int, name: str, data: bytes, mime: str) -> None:
    """A file sent to the bot in a private chat (the fake serves getFile and the download)."""
    tg.api.document(tg.user(user_id), name, data, mime)


async def command(tg: Harness, text: str, user_id: int) -> Call:
    """A command and the bot's first reply to it."""
    return await tg.ask(text, user_id)


def refusals(store: Store) -> list[tuple[str, str]]:
    return [(r["actor"], r["entity_key"]) for r in store.audit_log() if r["action"] == "refused"]


async def test_an_ordinary_user_gets_a_refusal_and_an_audit_record(tg: Harness) -> None:
    for text in ("/grant 50 admin", "/queue", "/reported add domain x-example.com phishing"):
        reply = await command(tg, text, USER)
        assert "for the bot's moderators" in reply.text
    assert tg.store.role_of(USER) is None
    assert refusals(tg.store) == [
        ("telegram:50", "reported"),
        ("telegram:50", "queue"),
        ("telegram:50", "grant"),
    ]
    assert tg.store.find_reported("domain", "x-example.com") is None


async def test_a_forged_queue_button_is_refused_and_audited(tg: Harness) -> None:
    report = tg.store.submit_report("telegram:9", "address", ADDRESS, "investment")
    whoami = await command(tg, "/whoami", USER)
    assert "50" in whoami.text and "no moderation role" in whoami.text
    for data in (f"mq:a:{report}", "mq:o:1", "mq:zz"):
        answer = await tg.answered(await tg.press(whoami, data, USER))
        assert "for the bot's moderators" in answer.params["text"]
    assert tg.store.review_queue()[0].report_id == report  # still pending
    assert [key for _, key in refusals(tg.store)] == ["decide", "override", "decide"]
    assert not tg.api.pending("editMessageText")


async def test_a_user_report_approved_in_the_queue_then_reverted(tg: Harness) -> None:
    assert "moderator" in (await command(tg, f"/grant {MOD} moderator new team", ADMIN)).text
    # the wording alone looks suspicious; the address is not (yet) a known scam record
    before = (await command(tg, SCAM, USER)).text
    assert "High risk" not in before and "user reports" not in before
    category = await command(tg, f"/report {SCAM}", USER)
    await tg.answered(await tg.press(category, "r:investment", USER))
    await tg.reply(USER)  # thanks, it waits for review

    header = await command(tg, "/queue", MOD)
    assert "1 indicator(s) wait for review" in header.text
    item = await tg.reply(MOD)
    assert ADDRESS in item.text and "Reported by 1 user(s)" in item.text
    assert all(len(data.encode()) <= 64 for _, data in item.buttons)
    approve = next(data for label, data in item.buttons if "Approve" in label)
    answer = await tg.answered(await tg.press(item, approve, MOD))
    assert "Approved" in answer.params["text"]
    edited = await tg.api.next_call("editMessageText", MOD)
    assert (
        ADDRESS in edited.text and "/revert" in edited.text and "reply_markup" not in edited.params
    )

    warning = await command(tg, SCAM, USER)
    assert "High risk" in warning.text and "user reports, reviewed" in warning.text
    audit_id = edited.text.rsplit("/revert ", 1)[1].split()[0]
    assert "Reverted" in (await command(tg, f"/revert {audit_id} wrong address", MOD)).text
    after = (await command(tg, SCAM, USER)).text
    assert "High risk" not in after and "user reports" not in after
    assert tg.store.review_queue()[0].kind == "address"  # back in the queue


async def test_police_bulk_upload_reports_bad_rows_by_line(tg: Harness) -> None:
    await command(tg, f"/grant {COP} police HKPF HK liaison", ADMIN)
    assert "go live at once" in (await command(tg, "/org HKPF live trusted", ADMIN)).text
    send_document(tg, COP, "cases.csv", UPLOAD, "text/csv")
    reply = await tg.reply(COP)
    assert "cases.csv: 1 live, 0 waiting for review, 4 refused." in reply.text
    lines = reply.text.splitlines()[1:]
    assert [line.split(":")[0] for line in lines] == [
        "• line 3",
        "• line 4",
        "• line 5",
        "• line 6",
    ]
    assert "official list of Binance" in lines[0] and "unknown category" in lines[1]
    assert "checksum" in lines[2] or "not a recognised" in lines[2]
    assert "case reference is required" in lines[3]
    listed = tg.store.find_reported("domain", "quick-profit-desk.com")
    assert listed is not None and (listed["source"], listed["organisation"]) == ("police", "HKPF")
    warning = await command(tg, "is quick-profit-desk.com legit?", USER)
    assert "High risk" in warning.text


async def test_an_ordinary_users_csv_is_not_an_upload(tg: Harness) -> None:
    send_document(tg, USER, "cases.csv", UPLOAD, "text/csv")
    reply = await tg.reply(USER)
    assert (
        "refused" not in reply.text
        and tg.store.find_reported("domain", "quick-profit-desk.com") is None
    )


async def test_a_dry_run_catches_a_false_positive_before_it_goes_live(
    tg: Harness, checker: Checker
) -> None:
    await command(tg, f"/grant {MOD} moderator", ADMIN)
    reply = await command(tg, "/phrase add investment guaranteed returns", MOD)
    assert "would have been flagged" in reply.text and "[crypto-16]" in reply.text
    assert "Not live" in reply.text
    assert "No known scam record" in (await command(tg, "guaranteed returns every day", USER)).text
    item = tg.store.review_queue()[0]
    assert (item.kind, item.value) == ("phrase", "guaranteed returns")

    clean = await command(
        tg, "/phrase add investment pay the release fee to unlock your withdrawal", MOD
    )
    assert "is live for investment" in clean.text
    verdict = await command(
        tg, "You must pay the release fee to unlock your withdrawal today", USER
    )
    assert "No known scam record" not in verdict.text


async def test_roles_are_checked_on_every_privileged_action(tg: Harness) -> None:
    await command(tg, f"/grant {MOD} moderator", ADMIN)
    assert "for the bot's moderators" in (await command(tg, f"/grant {MOD} admin", MOD)).text
    role_change = max(r["id"] for r in tg.store.history("roles", str(MOD)))
    assert "for the bot's moderators" in (await command(tg, f"/revert {role_change}", MOD)).text
    assert "for the bot's moderators" in (await command(tg, "/token create HKPF", MOD)).text
    grant = tg.store.role_of(MOD)
    assert grant is not None and grant.role == "moderator"
    assert "configuration" in (await command(tg, f"/revoke {ADMIN}", ADMIN)).text


async def test_an_admin_creates_a_token_shown_once(tg: Harness) -> None:
    tg.store.ensure_organisation("HKPF", f"telegram:{ADMIN}")
    reply = await command(tg, "/token create HKPF reported:write case system", ADMIN)
    code = re.search(r"<code>(scp_[^<]+)</code>", reply.text)
    assert "shown only this once" in reply.text and code is not None
    token = code[1]
    issued = tg.store.verify_token(token)
    assert issued is not None and issued.scopes == ["reported:write"]
    assert "revoked" in (await command(tg, f"/token revoke {issued.id} leaked", ADMIN)).text
    assert tg.store.verify_token(token) is None


CATEGORY = (
    Path(__file__).parent / "data" / "knowledge" / "categories" / "investment.yaml"
).read_text()


async def test_a_moderator_edits_a_warning_by_sending_the_category_file(tg: Harness) -> None:
    await command(tg, f"/grant {MOD} moderator", ADMIN)
    new = CATEGORY.replace(
        "Stop. Guaranteed returns do not exist.", "Stop. Nobody can promise profit."
    )
    send_document(tg, MOD, "investment.yaml", new.encode(), "application/x-yaml")
    reply = await tg.reply(MOD)
    assert "investment.yaml: 0 added, 1 changed" in reply.text
    assert (
        tg.store.knowledge().categories["investment"].warning.en
        == "Stop. Nobody can promise profit."
    )
    audit_id = reply.text.rsplit("/revert ", 1)[1].strip()
    await command(tg, f"/revert {audit_id} keep the old wording", MOD)
    assert "Guaranteed returns" in tg.store.knowledge().categories["investment"].warning.en

    broken = CATEGORY.replace("tips:\n", "tips:\n  fr: [x]\n")
    send_document(tg, MOD, "investment.yaml", broken.encode(), "application/x-yaml")
    error = await tg.reply(MOD)
    assert "Not done: investment.yaml:" in error.text and "tmp" not in error.text
    # a second `warning:` pasted below the first would have replaced it without a word
    twice = new.replace("tips:\n", "warning: {en: Other, zh-HK: 其他}\ntips:\n", 1)
    send_document(tg, MOD, "investment.yaml", twice.encode(), "application/x-yaml")
    error = await tg.reply(MOD)
    assert "Not done: investment.yaml:" in error.text and "'warning' appears twice" in error.text
    assert "Guaranteed returns" in tg.store.knowledge().categories["investment"].warning.en
    brands = (
        b"brands:\n  - {id: evil, name: Evil, kind: exchange, domains: [quick-profit-desk.com],"
        b" source: https://x.example}\n"
    )
    send_document(tg, MOD, "brands.yaml", brands, "application/x-yaml")
    assert "for the bot's moderators" in (await tg.reply(MOD)).text
    assert not any(b.id == "evil" for b in tg.store.knowledge().brands)


async def test_police_see_history_without_telegram_ids(tg: Harness) -> None:
    await command(tg, f"/grant {COP} police HKPF HK", ADMIN)
    report = tg.store.submit_report("telegram:777", "domain", "quick-profit-desk.com", "phishing")
    tg.store.approve_report(report, f"telegram:{ADMIN}", "seen in a group")
    history = await command(tg, "/reported history domain quick-profit-desk.com", COP)
    assert "submit" in history.text and "approve" in history.text and "admin" in history.text
    assert "777" not in history.text and f"telegram:{ADMIN}" not in history.text
    mod_view = await command(tg, "/reported history domain quick-profit-desk.com", ADMIN)
    assert "telegram:777" in mod_view.text


async def test_only_an_admin_can_override_the_official_list(tg: Harness) -> None:
    await command(tg, f"/grant {MOD} moderator", ADMIN)
    tg.store.submit_report("telegram:9", "handle", "@binance", "fake_support", note="hacked?")
    await command(tg, "/queue", MOD)
    item = await tg.reply(MOD)
    assert "official list of Binance" in item.text
    assert [d.split(":")[1] for _, d in item.buttons] == ["r"]
    forged = item.buttons[0][1].replace(":r:", ":o:")
    answer = await tg.answered(await tg.press(item, forged, MOD))
    assert "for the bot's moderators" in answer.params["text"]
    assert tg.store.find_reported("handle", "binance") is None

    await command(tg, "/queue", ADMIN)
    item = await tg.reply(ADMIN)
    override = next(d for label, d in item.buttons if "Override" in label)
    await tg.answered(await tg.press(item, override, ADMIN))
    assert tg.store.find_reported("handle", "binance") is not None


@pytest.mark.parametrize(
    "text",
    [
        "/grant 99999999999999999999999 moderator",
        "/grant ² moderator",
        "/revoke ²",
        "/approve 99999999999999999999999",
        "/reject ²",
        "/merge 1 99999999999999999999999",
        "/revert 99999999999999999999999",
        "/example withdraw ² wrong label",
        "/token revoke 99999999999999999999999",
        "/stats ²",
    ],
)
async def test_ids_that_are_not_plain_numbers_get_the_usage_not_an_error(
    tg: Harness, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    reply = await command(tg, text, ADMIN)
    assert "something went wrong" not in reply.text
    assert "Usage" in reply.text or "Last 30 days" in reply.text
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_police_take_down_only_their_own_organisations_phrases(tg: Harness) -> None:
    other = 4
    await command(tg, f"/grant {COP} police HKPF HK liaison", ADMIN)
    await command(tg, f"/grant {other} police MPS GB liaison", ADMIN)  # the fixture: GB, HK
    await command(tg, "/org MPS live trusted", ADMIN)
    theirs = "send the unlock deposit to release your funds"
    assert "is live" in (await command(tg, f"/phrase add investment {theirs}", other)).text
    for phrase in (theirs, "pay the withdrawal tax first"):  # MPS's, and one of the seed
        refused = await command(tg, f"/phrase disable investment {phrase}", COP)
        assert "only they or a moderator can take it down" in refused.text
        assert "No known scam record" not in (await command(tg, f"{phrase} today", USER)).text
    assert "disabled" in (await command(tg, f"/phrase disable investment {theirs}", other)).text


async def test_a_json_file_nested_too_deep_is_refused_as_a_file(
    tg: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    await command(tg, f"/grant {COP} police HKPF HK liaison", ADMIN)
    send_document(tg, COP, "cases.json", b"[" * 100_000 + b"]" * 100_000, "application/json")
    reply = await tg.reply(COP)
    assert "cases.json: 0 live, 0 waiting for review, 1 refused." in reply.text
    assert "not valid JSON" in reply.text
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_the_same_file_sent_again_queues_nothing_new(tg: Harness) -> None:
    await command(tg, f"/grant {COP} police HKPF HK liaison", ADMIN)  # HKPF: through review
    cases = b"kind,value,category,reference\ndomain,quick-profit-desk.com,phishing,HK-1\n"
    send_document(tg, COP, "cases.csv", cases, "text/csv")
    assert "0 live, 1 waiting for review" in (await tg.reply(COP)).text
    audited = len(tg.store.audit_log())
    send_document(tg, COP, "cases.csv", cases, "text/csv")
    assert "0 live, 1 waiting for review" in (await tg.reply(COP)).text
    assert len(tg.store.audit_log()) == audited
    (item,) = tg.store.review_queue()
    assert (item.kind, item.value, item.reference) == ("domain", "quick-profit-desk.com", "HK-1")
async def test_a_police_grant_for_an_unknown_region_is_refused_with_the_known_ones(
    tg: Harness,
) -> None:
    reply = await command(tg, f"/grant {COP} police HKPF XX liaison", ADMIN)
    assert "no region XX" in reply.text and "Known regions: GB, HK." in reply.text
    assert tg.store.role_of(COP) is None
    assert "police (HKPF, HK)" in (await command(tg, f"/grant {COP} police HKPF HK", ADMIN)).text


async def test_a_message_edited_into_a_command_runs_nothing(tg: Harness) -> None:
    """Telegram sends an edit as an update of its own; an old message edited into
    '/grant 50 moderator' (or '/start') must not run as if it had just been sent."""
    original = tg.send("hello", ADMIN)
    await tg.reply(ADMIN)
    for text in (f"/grant {USER} moderator", "/start", "/whoami"):
        entity = {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
        tg.api.push({"edited_message": {**original, "text": text, "entities": [entity],
                                        "edit_date": original["date"] + 1}})  # fmt: skip
    await tg.settle()
    assert not tg.api.pending("sendMessage")
    assert tg.store.role_of(USER) is None
    # the same command sent as a new message still works
    reply = await command(tg, f"/grant {USER} moderator", ADMIN)
    assert tg.store.role_of(USER) is not None, reply.text


async def test_a_category_file_whose_aliases_explode_is_refused_at_once(tg: Harness) -> None:
    # Failed on main: the bot copied every alias out before validating, on its event loop;
    # this 371-byte file took 3 s and answered with missing fields, 46 bytes more took minutes.
    await command(tg, f"/grant {MOD} moderator", ADMIN)
    lines = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 7)]
    bomb = "\n".join([*lines, "id: investment\nextra: *l6\n"])
    started = time.monotonic()
    send_document(tg, MOD, "investment.yaml", bomb.encode(), "application/x-yaml")
    error = await tg.reply(MOD)
    assert "Not done: investment.yaml: its aliases expand" in error.text
    assert time.monotonic() - started < 2.0
    assert "Guaranteed returns" in tg.store.knowledge().categories["investment"].warning.en


async def test_police_knowledge_files_are_refused_unread_and_big_ones_unread_too(
    tg: Harness,
) -> None:
    # Failed on main: a police officer's .yaml was downloaded and parsed before the role was
    # checked (a broken file got the parser's errors, not a refusal), and a moderator's
    # knowledge file had no size limit (uploads of rows have 2 MB), parsed on the event loop.
    await command(tg, f"/grant {COP} police HKPF HK", ADMIN)
    await command(tg, f"/grant {MOD} moderator", ADMIN)
    send_document(tg, COP, "investment.yaml", b"id: [unclosed\n", "application/x-yaml")
    assert "for the bot's moderators" in (await tg.reply(COP)).text
    assert ("telegram:3", "knowledge") in refusals(tg.store)
    huge = CATEGORY.encode() + b"# padding\n" * 250_000
    send_document(tg, MOD, "investment.yaml", huge, "application/x-yaml")
    assert "too big" in (await tg.reply(MOD)).text
    assert not tg.api.pending("getFile")


async def test_only_admins_revert_a_change_to_the_official_lists(tg: Harness) -> None:
    # Failed on main: brands (the lists the poisoning guard trusts) are an admin's to change,
    # but a moderator's /revert of an admin's brands change went through, taking the new
    # official domain off the list, after which it could be listed as a scam.
    await command(tg, f"/grant {MOD} moderator", ADMIN)
    brands = (
        b"brands:\n  - {id: okx, name: OKX, kind: exchange, domains: [okx.com, okx-hk.com],"
        b" source: https://www.okx.com}\n"
    )
    send_document(tg, ADMIN, "brands.yaml", brands, "application/x-yaml")
    reply = await tg.reply(ADMIN)
    assert "0 added, 1 changed" in reply.text
    audit_id = reply.text.rsplit("/revert ", 1)[1].strip()
    refused = await command(tg, f"/revert {audit_id} not needed", MOD)
    assert "for the bot's moderators" in refused.text
    assert tg.store.official_owner("domain", "okx-hk.com") == "OKX"
    assert ("telegram:2", "brands") in refusals(tg.store)
    await command(tg, f"/revert {audit_id} wrong domain", ADMIN)  # an admin still can
    assert tg.store.official_owner("domain", "okx-hk.com") is None


async def test_police_history_in_the_bot_hides_other_forces_case_details(tg: Harness) -> None:
    # Failed on main: the API leaves out another organisation's case references, notes and
    # reasons, but /reported history in the bot showed an officer every record's reason,
    # which quotes the other force's case reference and note.
    await command(tg, f"/grant {COP} police HKPF HK", ADMIN)
    tg.store.set_publish_mode("SPF", "live", "cli:ops", "trusted", create=True)
    row = BulkRow(
        line=2,
        kind="domain",
        value="quick-profit-desk.com",
        key="quick-profit-desk.com",
        category="phishing",
        reference="SPF-2026-7731",
        organisation="SPF",
        note="informant Tan, Block 12",
    )
    tg.store.submit_rows([row], "api:SPF:7", source="police", organisation="SPF", live=True)
    history = await command(tg, "/reported history domain quick-profit-desk.com", COP)
    assert "add" in history.text and "api:SPF" in history.text
    assert "SPF-2026-7731" not in history.text and "informant" not in history.text
    mod_view = await command(tg, "/reported history domain quick-profit-desk.com", ADMIN)
    assert "SPF-2026-7731" in mod_view.text


async def test_a_knowledge_file_that_changes_nothing_names_no_revert(tg: Harness) -> None:
    # Failed on main: the reply named the newest audit record of the whole log as the change
    # to revert ("/revert N" of the /grant before it) when the file changed nothing.
    await command(tg, f"/grant {MOD} moderator", ADMIN)
    send_document(tg, MOD, "investment.yaml", CATEGORY.encode(), "application/x-yaml")
    reply = await tg.reply(MOD)
    assert "investment.yaml: nothing changed" in reply.text and "/revert" not in reply.text
    assert tg.store.audit_log(1)[0]["action"] == "grant"  # and nothing was written
