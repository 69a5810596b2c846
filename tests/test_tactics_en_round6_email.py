"""English round 6, e-mail (issue 10, detection that carries over between sources): the shapes
of credential phishing and fraud spam that a rule written from one source's wording missed in
another (webmail notices and their buttons, files shared with your address, online pharmacies,
penny-stock touts, diploma mills, pirated software, adult lures). Each extended or new tactic
fires on a fraud e-mail and not on a genuine one that shares its words; the genuine ones stay
`low`. Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

FLAGGED = ("medium", "high")

# (tactic, fraud e-mail, genuine e-mail that shares its words)
PAIRS = [
    (
        "lure_fake_diploma",
        "Subject: Degrees for you\n\nEarn a master's degree based on your life experience. No"
        " tests, classes or interviews. Order at http://degrees-now.example.top",
        "Subject: Graduation\n\nThe master's degree ceremony is on June 5; your diploma will be"
        " mailed to you afterwards. Details at http://registrar.example.edu",
    ),
    (
        "lure_pirated_software",
        "Subject: Software sale\n\nWindows XP Professional $49, Adobe Photoshop $39, all full"
        " versions, instant download: http://soft-deals.example.top",
        "Subject: Licences\n\nWe renewed the Windows and Adobe licences for the design team;"
        " installers are on http://intranet.example.com/software",
    ),
    (
        "lure_adult_spam",
        "Subject: Tonight?\n\nHot singles in your area want to meet you. Sign up free:"
        " http://meetnow.example.top",
        "Subject: Team social\n\nAll singles and couples are welcome at Friday's team dinner;"
        " sign up at http://intranet.example.com/social",
    ),
    (
        "lure_rx",
        "Subject: Meds\n\nCheap Xanax and Valium, lowest prices on the net. Order here:"
        " http://meds.example.ru",
        "Subject: Your medication\n\nYour doctor prescribed Valium for two weeks; take it as"
        " directed and see http://pharmacy.example.com for opening hours.",
    ),
    (
        "lure_mailbox",
        "Subject: Incoming mail stopped\n\nYour incoming emails are now queued because your"
        " account has not been validated. Validate account: http://mail-fix.example.top",
        "Subject: Mail server move\n\nThe mail server moves on Saturday; mail sent during the move"
        " is delivered afterwards. No action is needed. http://it.example.com/status",
    ),
    (
        "demand_button",
        "Subject: Password expiry\n\nYour email password will expire today. Click here to keep"
        " your password active.",
        "Subject: Password policy\n\nPasswords now expire every 90 days; the help desk can explain"
        " the new rules.",
    ),
    (
        "lure_document",
        "Subject: Contract documents\n\nNew documents have been shared with you on SharePoint."
        " Please sign in to view the document before the link expires in 24 hours.",
        "Subject: Contract\n\nThe contract documents are in the legal folder on the S: drive;"
        " please review them before Friday.",
    ),
    (
        "lure_pump",
        "Subject: Profile\n\nNorth Star Mining (OTCBB: NSMX). Current price: $0.08. How will"
        " the stock react to Monday's news?",
        "Subject: Filing\n\nNorth Star Mining (OTCBB: NSMX) filed its annual report; the stock"
        " closed at $12.40.",
    ),
    (
        "demand_pump_buy",
        "Subject: Hot pick\n\nOur last pick doubled. Watch KLTX on Monday and buy now while it is"
        " cheap.",
        "Subject: Monday\n\nWe will watch the gas market on Monday and buy the usual volumes if"
        " prices hold.",
    ),
    (
        "lure_mailbox",
        "Subject: Storage capacity\n\nYour mailbox storage capacity is almost full, this can keep"
        " incoming emails from arriving. Use the link to get more free space: http://c.example.top",
        "Subject: Storage\n\nThe shared drive is almost full; please delete old exports from the"
        " projects folder. http://it.example.com/storage",
    ),
    (
        "demand_button",
        "Subject: 5 pending messages\n\nYou have 5 pending messages on the mail server. Download"
        " pending emails below.",
        "Subject: Pending orders\n\nWe have 5 pending orders on the supplier portal; I will chase"
        " them on Monday.",
    ),
]


@pytest.mark.parametrize(("tactic", "scam", "genuine"), PAIRS, ids=[t for t, _, _ in PAIRS])
def test_round6_tactic_fires_on_fraud_and_not_on_genuine(
    tactic: str, scam: str, genuine: str
) -> None:
    assert_pair(tactic, scam, genuine)


# Genuine mail that shares a round-6 tactic's words: the tactic stays silent and the level low.
NOT_THIS_TACTIC = [
    ("lure_rx", "Subject: Re: trip\n\nI took an Ambien on the flight and slept the whole way."),
    # lure_account_notice already knows "password will expire": a second strong lure over the
    # same words would make the IT reminder two stories side by side
    (
        "lure_mailbox",
        "Subject: Password expiry reminder\n\nYour network password will expire in 7 days. To"
        " change it, press Ctrl+Alt+Del and choose Change a password. IT will never ask for your"
        " password by email.",
    ),
    (
        "lure_pump",
        "Subject: Research\n\nWe reiterate our Strong Buy rating on Calpine after its new power"
        " sales agreements.",
    ),
]


@pytest.mark.parametrize(
    ("tactic", "genuine"), NOT_THIS_TACTIC, ids=["drug_in_talk", "it_reminder", "analyst_buy"]
)
def test_genuine_mail_sharing_a_tactics_words_stays_low(tactic: str, genuine: str) -> None:
    assert tactic not in _ids(genuine)
    assert _level(genuine) == "low"


def test_the_webmail_notice_and_its_button_are_flagged_without_a_link() -> None:
    text = (
        "Subject: Quarantine\n\nThe following messages have been blocked by your administrator."
        " You have 6 new messages in your email quarantine. Click on Release to receive them."
    )
    assert {"lure_mailbox", "demand_button"} <= _ids(text)
    assert _level(text) in FLAGGED
