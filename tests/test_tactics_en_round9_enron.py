"""English round 9, old-style spam e-mail (hen9): the penny stock tout's price table ("Symbol:
(KRVX)", "KRVX.OB", "Current Price: 0.08", "Short Term Target Price: 0.35") and the pill spam's
drug names spelt to slip past filters ("V i a g r a", "Xa.nax", "Valliuum"). Each form fires on
a fraud e-mail and not on a genuine one that shares its words; the genuine ones stay `low`.
Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

FLAGGED = ("medium", "high")

# (tactic, fraud e-mail, genuine e-mail that shares its words)
PAIRS = [
    (
        "claim_pump_ticker",
        "Subject: Small cap profile\n\nThis company is expected to do big things.\nSymbol: (KRVX)"
        "\nCurrent Price: 0.07\nShort Term Target Price: 0.40",
        "Subject: Stock plan\n\nYour units vest in March. The plan portal lists the symbol, the"
        " grant price and the number of units.",
    ),
    (
        "claim_pump_ticker",
        "Subject: Featured company\n\nBlue Ridge Mining (BRMX.OB) signed a new contract.\nCurrent"
        " Price: 0.12\nTarget Price: 0.90",
        "Subject: Q3 results\n\nBlue Ridge Mining reported revenue of $412 million; the release is"
        " on our investor relations page.",
    ),
    (
        "lure_pump",
        "Subject: Water leader\n\nShares Issued & Outstanding: 80,000,000\nCurrent Price: O.09"
        "\nShort Term Target Price: 0.35",
        "Subject: Analyst note\n\nWe keep our rating at hold.\nCurrent price: $44.20\n12-month"
        " target price: $48.00",
    ),
    (
        "lure_rx_disguised",
        "Subject: offers\n\nLook at these of-fers:\nV-codin - 179.00\nValliuum - 169.00\nVi graa -"
        " 199.00\nOrder: http://pharm.example.info/",
        "Subject: Reminder\n\nThe doctor said to take the Valium only at night; the pharmacy"
        " refilled it today, see http://clinic.example.org/hours",
    ),
    (
        "lure_rx_disguised",
        "Subject: hey\n\nBuy G.e.n.e.r.i.c V i a g r a - Fast Delivery!\nhttp://meds.example.biz/",
        "Subject: Benefits\n\nThe drug plan covers generic medications at a $10 copay; details at"
        " http://benefits.example.org/",
    ),
    (
        "lure_rx_disguised",
        "Subject: cheap\n\nGet Meds Cheap. X.a.n.a.x and V.a.l.i.u.m here:"
        " http://cheapmeds.example.info/",
        "Subject: Order receipt\n\nThank you for your order from CityCare Pharmacy: ibuprofen"
        " 200 mg, 50 tablets. Track it at http://citycare.example.org/",
    ),
]


@pytest.mark.parametrize(("tactic", "scam", "genuine"), PAIRS, ids=[t for t, _, _ in PAIRS])
def test_round9_enron_form_fires_on_fraud_and_not_on_genuine(
    tactic: str, scam: str, genuine: str
) -> None:
    assert_pair(tactic, scam, genuine)


@pytest.mark.parametrize("name", ["viagra", "cialis", "valium", "xanax", "vacation", "valuable"])
def test_a_drug_or_word_spelt_plainly_is_not_disguised(name: str) -> None:
    text = f"Subject: note\n\nAsk the pharmacist about {name} at http://clinic.example.org/"
    assert "lure_rx_disguised" not in _ids(text), sorted(_ids(text))


def test_an_analysts_target_price_over_a_dollar_stays_low() -> None:
    text = (
        "Subject: Research\n\nTarget price: 48.00 (was 45.00). Current price: 44.20. We rate the"
        " shares hold."
    )
    assert _level(text) == "low", sorted(_ids(text))
    assert _level(text) not in FLAGGED
