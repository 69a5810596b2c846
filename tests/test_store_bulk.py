"""Store.bulk_add_reported: many reported indicators in one transaction, one audit record."""

from __future__ import annotations

import pytest

from bot.knowledge import Reported
from bot.store import Store

EVM = "0x52908400098527886E0F7030069857D2E4169EE7"


def _rows() -> list[Reported]:
    return [
        Reported(kind="address", value=EVM, category="investment", source="police"),
        Reported(kind="domain", value="WWW.Claim-Bonus.top", category="phishing"),
        Reported(kind="domain", value="verify-wallet.xyz", category="phishing", reports=4),
    ]


def test_bulk_add_inserts_normalised_keys_with_one_audit_record() -> None:
    store = Store(":memory:")
    version = store.kb_version
    audit_before = len(store.audit_log(1000))
    assert store.bulk_add_reported(_rows(), actor="feed:test", reason="weekly feed") == 3
    assert store.kb_version == version + 1
    log = store.audit_log(1000)
    assert len(log) == audit_before + 1
    assert log[0]["action"] == "bulk_add" and log[0]["actor"] == "feed:test"
    assert '"added": 3' in log[0]["after"]
    assert store.find_reported("address", EVM.lower()) is not None
    assert store.find_reported("domain", "claim-bonus.top") is not None
    assert {k for k, *_ in store.iter_reported_rows()} == {"address", "domain"}


def test_bulk_add_leaves_known_indicators_as_they_are() -> None:
    store = Store(":memory:")
    store.bulk_add_reported(_rows(), actor="a", reason="first")
    version = store.kb_version
    assert store.bulk_add_reported(_rows(), actor="a", reason="again") == 0
    assert store.kb_version == version
    assert store.kb_stats()["reported"] == {"address": 1, "domain": 2}


def test_an_invalid_row_refuses_the_whole_batch() -> None:
    store = Store(":memory:")
    bad = Reported(kind="address", value="not an address at all", category="investment")
    with pytest.raises(ValueError, match="not a valid address"):
        store.bulk_add_reported([*_rows(), bad], actor="a", reason="bad feed")
    assert store.kb_stats()["reported"] == {}
    assert store.kb_version == 0
