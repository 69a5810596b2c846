"""/example: moderators label forwarded messages for the text model; `scamcheck model export`
writes them to a reviewable example file. The bot is the real Application against the fake
Bot API on 127.0.0.1; the command line runs as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from fakes.harness import Harness, running_bot

from bot import textmodel
from bot.checker import Checker
from bot.store import Store
from bot.store.examples import ExampleError

ROOT = Path(__file__).parent.parent
ADMIN, MOD, USER = 1, 2, 50
SCAM = "您的包裹因地址不全無法派送，請於24小時內點擊連結補繳運費"
HIDDEN = {"type": "hidden_user", "date": 1, "sender_user_name": "Courier"}


@pytest.fixture
async def tg(store: Store, checker: Checker) -> AsyncIterator[Harness]:
    async with running_bot(store, checker, admins=[ADMIN]) as h:
        yield h


async def forwarded(tg: Harness, user_id: int, text: str = SCAM) -> dict[str, Any]:
    """A message forwarded to the bot (it is checked and answered as any other)."""
    msg = tg.send(text, user_id, forward_origin=HIDDEN)
    await tg.reply(user_id)
    return msg


async def test_a_moderator_stores_a_forwarded_message_as_an_example(tg: Harness) -> None:
    await tg.ask(f"/grant {MOD} moderator examples", ADMIN)
    msg = await forwarded(tg, MOD)
    reply = await tg.ask("/example scam confirmed by report 42", MOD, reply_to_message=msg)
    assert "Stored as example #1 (scam)" in reply.text
    (stored,) = tg.store.model_examples()
    assert (stored.text, stored.label, stored.why, stored.created_by) == (
        SCAM, "scam", "confirmed by report 42", f"telegram:{MOD}",
    )  # fmt: skip
    assert stored.lang == "zh-Hant" and stored.created_at
    (audit,) = [r for r in tg.store.audit_log() if r["entity"] == "model_examples"]
    assert (audit["actor"], audit["reason"]) == (f"telegram:{MOD}", "confirmed by report 42")
    again = await tg.ask("/example scam seen again", MOD, reply_to_message=msg)
    assert "Already stored as example #1" in again.text
    other = await tg.ask("/example benign a bank notice", MOD, reply_to_message=msg)
    assert "already example #1, labelled scam" in other.text
    assert len(tg.store.model_examples()) == 1


async def test_the_reply_is_in_the_moderators_language(tg: Harness) -> None:
    await tg.ask(f"/grant {MOD} moderator examples", ADMIN)
    tg.user(MOD, language_code="zh-hant")
    msg = await forwarded(tg, MOD, "明天下午三點開會，記得帶報告")
    reply = await tg.ask("/example benign 正常工作訊息", MOD, reply_to_message=msg)
    assert "已儲存為例子 #1（正常）" in reply.text
    assert tg.store.model_examples()[0].label == "benign"


async def test_an_ordinary_user_is_refused_and_nothing_is_stored(tg: Harness) -> None:
    msg = await forwarded(tg, USER)
    reply = await tg.ask("/example scam trust me", USER, reply_to_message=msg)
    assert "for the bot's moderators" in reply.text
    assert tg.store.model_examples() == []
    assert [(r["actor"], r["entity_key"]) for r in tg.store.audit_log()
            if r["action"] == "refused"] == [(f"telegram:{USER}", "example")]  # fmt: skip


async def test_missing_reply_reason_or_label_get_clear_messages(tg: Harness) -> None:
    await tg.ask(f"/grant {MOD} moderator examples", ADMIN)
    no_reply = await tg.ask("/example scam confirmed", MOD)
    assert "Reply to the message you want to label" in no_reply.text
    msg = await forwarded(tg, MOD)
    no_reason = await tg.ask("/example scam", MOD, reply_to_message=msg)
    assert "Say why" in no_reason.text
    for text in ("/example", "/example spam because"):
        usage = await tg.ask(text, MOD, reply_to_message=msg)
        assert "Usage: reply to a forwarded message with /example scam &lt;why&gt;" in usage.text
    assert tg.store.model_examples() == []


def test_the_store_refuses_bad_examples_with_a_reason(store: Store) -> None:
    for text, label, why, key in (
        ("x", "spam", "why", "label"),
        ("  ", "scam", "why", "length"),
        ("y" * 5001, "scam", "why", "length"),
        ("hello", "benign", " ", "why"),
    ):
        with pytest.raises(ExampleError) as e:
            store.add_model_example(text, label, why, "test")
        assert e.value.key == key
    assert store.model_examples() == []


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip


def test_export_writes_the_moderated_examples_for_review_and_training(tmp_path: Path) -> None:
    db, folder = tmp_path / "bot.db", tmp_path / "examples"
    folder.mkdir()
    added = cli("model", "add", "benign", "see you at dinner tonight", "--who", "cli:alice",
                "--why", "false alarm", "--examples", str(folder))  # fmt: skip
    assert added.returncode == 0, added.stderr
    store = Store(db)
    store.add_model_example(SCAM, "scam", "report 42", "telegram:2", "zh-Hant")
    store.add_model_example("Lunch at 1?", "benign", "false alarm", "telegram:2", "en")
    store.close()

    for _ in range(2):  # exporting twice gives the same file
        out = cli("model", "export", "--db", str(db), "--examples", str(folder))
        assert out.returncode == 0, out.stderr
        assert "wrote 2 moderated example(s)" in out.stdout
    lines = [json.loads(x) for x in (folder / "moderated.jsonl").read_text("utf-8").splitlines()]
    meta = lines[0]["_meta"]
    assert meta["source"] and meta["licence"] == "Apache-2.0"
    assert [(r["text"], r["label"], r["who"]) for r in lines[1:]] == [
        ("see you at dinner tonight", "benign", "cli:alice"),  # `model add` lines are kept
        (SCAM, "scam", "telegram:2"),
        ("Lunch at 1?", "benign", "telegram:2"),
    ]
    assert lines[2]["why"] == "report 42" and lines[2]["lang"] == "zh-Hant" and lines[2]["when"]
    examples = textmodel.load_examples(folder)  # what `scamcheck model train` reads
    assert [e.text for e in examples] == [r["text"] for r in lines[1:]]

    missing = cli("model", "export", "--db", str(tmp_path / "none.db"), "--examples", str(folder))
    assert missing.returncode == 2 and "no database" in missing.stderr


async def test_a_moderator_withdraws_an_example_and_revert_puts_it_back(tg: Harness) -> None:
    await tg.ask(f"/grant {MOD} moderator examples", ADMIN)
    msg = await forwarded(tg, MOD)
    await tg.ask("/example benign looked like a courier notice", MOD, reply_to_message=msg)
    no_reason = await tg.ask("/example withdraw 1", MOD)
    assert "Say why" in no_reason.text
    unknown = await tg.ask("/example withdraw 9 typo", MOD)
    assert "There is no example #9" in unknown.text
    gone = await tg.ask("/example withdraw #1 wrong label, it is a parcel scam", MOD)
    assert "Example #1 (benign) is withdrawn" in gone.text
    assert tg.store.model_examples() == []
    (audit,) = [r for r in tg.store.audit_log() if r["action"] == "withdraw"]
    assert audit["actor"] == f"telegram:{MOD}"
    assert audit["reason"] == "wrong label, it is a parcel scam"

    # Relabelling is now possible: the text is free again.
    relabelled = await tg.ask("/example scam parcel fee scam", MOD, reply_to_message=msg)
    assert "Stored as example #" in relabelled.text
    with pytest.raises(ValueError, match="stored again already"):
        tg.store.revert(int(audit["id"]), f"telegram:{ADMIN}", "undo")
    assert [e.label for e in tg.store.model_examples()] == ["scam"]


def test_revert_of_a_withdrawal_restores_the_whole_example(store: Store) -> None:
    long_text = "Send 500 USDT to unlock your profit. " * 20  # longer than the audit's preview
    stored, _ = store.add_model_example(long_text, "scam", "report 7", "telegram:2", "en")
    store.withdraw_model_example(stored.id, "kept by mistake", "telegram:3")
    assert store.model_examples() == []
    withdraw = next(r for r in store.audit_log() if r["action"] == "withdraw")
    store.revert(int(withdraw["id"]), "telegram:1", "it was right")
    (back,) = store.model_examples()
    assert back == stored
    with pytest.raises(ExampleError) as e:
        store.withdraw_model_example(back.id, "", "telegram:3")
    assert e.value.key == "why"
    assert store.model_examples() == [stored]


def test_export_after_a_withdrawal_leaves_the_example_out(tmp_path: Path) -> None:
    db, folder = tmp_path / "bot.db", tmp_path / "examples"
    store = Store(db)
    first, _ = store.add_model_example(SCAM, "scam", "report 42", "telegram:2", "zh-Hant")
    store.add_model_example("Lunch at 1?", "benign", "false alarm", "telegram:2", "en")
    store.close()
    assert cli("model", "export", "--db", str(db), "--examples", str(folder)).returncode == 0
    store = Store(db)
    store.withdraw_model_example(first.id, "not a scam after all", "telegram:3")
    store.close()
    out = cli("model", "export", "--db", str(db), "--examples", str(folder))
    assert out.returncode == 0, out.stderr
    lines = (folder / "moderated.jsonl").read_text("utf-8").splitlines()[1:]
    assert [json.loads(x)["text"] for x in lines] == ["Lunch at 1?"]
