"""English round 7, e-mail (issue 10, hmail7): phishing that carries its page as an attached
file (open it "to complete the process", "log into the file"), more webmail notices and their
buttons, the work-at-home fortune, the cracked download that asks you to switch off your
antivirus, and the advance-fee letter whose story and ask stand pages apart. Each extended or new
tactic fires on a fraud e-mail and not on a genuine one that shares its words; the genuine ones
stay `low`. Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

from bot.tactics import LETTER_REACH, NEAR, assess, find_tactics

FLAGGED = ("medium", "high")

# (tactic, fraud e-mail, genuine e-mail that shares its words)
PAIRS = [
    (
        "lure_attachment_task",
        "Subject: Your savings account alert\n\nOpen the attached file to complete the process.",
        "Subject: Minutes\n\nThe minutes are in the attached file; open it before Friday's"
        " meeting and add anything I missed.",
    ),
    (
        "lure_attachment_task",
        "Subject: Account update\n\nPlease download the attached form and log into the file to"
        " verify your email address.",
        "Subject: Expenses\n\nPlease download the attached form, fill in your expenses and send"
        " it back to finance.",
    ),
    (
        "lure_shipping_documents",
        "Subject: BL / packing list\n\nDear customer, please find your unclaimed shipping"
        " documents. Retrieve them by clicking the link below.",
        "Subject: Order 3321\n\nThe bill of lading and packing list for order 3321 are attached;"
        " our forwarder will contact you about customs.",
    ),
    (
        "lure_mailbox",
        "Subject: Account closure\n\nYou submitted a request to shut down and delete your email"
        " and its folders. To keep your account, cancel the request below.\nCANCEL REQUEST",
        "Subject: Leaving the company\n\nWhen you leave, IT will shut down your email after 30"
        " days; ask your manager if you need the folders archived.",
    ),
    (
        "lure_mailbox",
        "Subject: Held messages\n\nOur email policy has caused some messages addressed to you to"
        " be stopped by the system. Deliver these messages now.",
        "Subject: Spam filter\n\nThe new spam filter may hold some messages for a day; they are"
        " delivered once checked. No action is needed.",
    ),
    (
        "demand_button",
        "Subject: Pending emails\n\nWe have stopped processing incoming emails for your"
        " address.\nUpdate anna@example.org Here",
        "Subject: Directory\n\nWe have stopped printing the staff directory; your entry is"
        " anna@example.org on the intranet.",
    ),
    (
        "lure_earn_claim",
        "Subject: Opportunity\n\nYou may have seen this business before and ignored it. Earn six"
        " figures from your own home, step by step. Click here for the details.",
        "Subject: Remote work policy\n\nStaff may work from home two days a week; click here for"
        " the form.",
    ),
    (
        "lure_pirated_software",
        "Subject: Trading bot\n\nFree download of the cracked sniper bot below. Turn off Windows"
        " Defender before you run it: http://files.example.top/bot.rar",
        "Subject: Security\n\nNever turn off Windows Defender on a work laptop; install software"
        " only from http://software.example.com",
    ),
    (
        "lure_419_opener",
        "Subject: Greetings\n\nThis very confidential request should come as a surprise to you. I"
        " am a bank auditor and I need a foreign partner to receive an abandoned sum.",
        "Subject: Party\n\nThe party is a surprise for Helen, so keep the request for gifts to"
        " the team channel.",
    ),
    (
        "demand_reply",
        "Subject: Please kindly get back to me\n\nI am the next of kin agent of a late client who"
        " left an unclaimed deposit. Please kindly get back to me.",
        "Subject: Quote\n\nThanks for the quote. Could you get back to me by Friday with the"
        " delivery date?",
    ),
]


@pytest.mark.parametrize(("tactic", "scam", "genuine"), PAIRS, ids=[t for t, _, _ in PAIRS])
def test_round7_tactic_fires_on_fraud_and_not_on_genuine(
    tactic: str, scam: str, genuine: str
) -> None:
    assert_pair(tactic, scam, genuine)


# The ask to open an attachment: ordinary alone, a call to act beside a notice's story.
@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Subject: Draft\n\nHi, please open the attached draft and tell me what you think", False),
        ("Subject: Photos\n\nCheck the attached photos from the trip!", False),
        (
            "Subject: Pending messages\n\nYou have 3 pending incoming emails stuck on the mail"
            " server. Open the attachment to see them.",
            True,
        ),
    ],
)
def test_opening_an_attachment_is_a_call_to_act_only_beside_a_story(
    text: str, flagged: bool
) -> None:
    assert "demand_open_attachment" in _ids(text)
    assert (_level(text) in FLAGGED) is flagged


_LINE = "We were business partners for many years and he trusted me with his affairs."
_PAD = "\n".join(_LINE for _ in range(8))


# An advance-fee letter's parts, further apart than NEAR: one letter all the same.
@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "I am the lawyer of my late client, who left $9.5 million in a bank here.",
            "Reply to my private email address so we can begin.",
        ),
        (
            "Your contact was availed to me by a business directory.",
            "I want you to stand as the next of kin to the funds of my late client.",
        ),
        (
            "I seek your assistance in a matter that needs trust.",
            "Kindly send me your full name and telephone number.",
        ),
    ],
)
def test_an_advance_fee_letters_parts_join_across_the_letter(first: str, second: str) -> None:
    text = f"Subject: Proposal\n\nDear friend,\n{first}\n{_PAD}\n{second}\nYours, Mr. Smith"
    assert NEAR < text.index(second) - text.index(first) < LETTER_REACH
    assert _level(text) in FLAGGED, sorted(_ids(text))


def test_the_letter_rule_is_named_as_such() -> None:
    text = (
        "Subject: Proposal\n\nI am the lawyer of my late client, who left $9.5 million in a bank"
        f" here.\n{_PAD}\nReply to my private email address so we can begin."
    )
    assert assess(find_tactics(text)).rule == "letter"  # params.rule in the verdict JSON


def test_one_letter_part_alone_stays_low_however_long_the_letter() -> None:
    text = (
        "Subject: Estate\n\nDear Ms Green,\nWe act as executors for your late father's estate."
        f"\n{_PAD}\nThe house sale completes next month; there is nothing you need to pay.\n"
        "Yours sincerely, Clark & Co"
    )
    assert _level(text) == "low", sorted(_ids(text))


def test_letter_parts_too_far_apart_are_two_letters() -> None:
    pad = "\n".join([_PAD] * 12)
    text = (
        "Subject: Archive\n\nI am the lawyer of my late client, who left a large estate."
        f"\n{pad}\nPlease reply to my private email address."
    )
    assert len(pad) > LETTER_REACH
    assert _level(text) == "low", sorted(_ids(text))


# The credential ask beside the message's own button, no link left in the text (tactics.assess:
# a phishing-category soft ask over other words completes it, as a bare link does).
@pytest.mark.parametrize(
    "text",
    [
        "Subject: Sync issues\n\nTo continue sending messages, please sign in and validate your"
        " account. Click here.",
        "Subject: Account limited\n\nWe will ask you to confirm your information to access your"
        " account again. Please click the button below.\nCONFIRM MY ACCOUNT NOW",
        "Subject: New document\n\nKindly view the document I shared. Login with your email and"
        " password.\nVIEW DOCUMENT",
    ],
)
def test_a_credential_ask_beside_its_button_is_flagged_without_a_link(text: str) -> None:
    assert _level(text) in FLAGGED, sorted(_ids(text))


@pytest.mark.parametrize(
    "text",
    [
        # a sign-up mail confirms your address through its button
        "Subject: Welcome\n\nThanks for signing up! Please confirm your email address by clicking"
        " the button below.\nCONFIRM",
        # one ask read twice ("restore wallet" is a credential ask and a button's words)
        "Subject: Re: new phone\n\nInstall the app and choose the option to restore wallet from"
        " your backup file.",
    ],
)
def test_an_address_confirmation_or_one_ask_read_twice_stays_low(text: str) -> None:
    assert _level(text) == "low", sorted(_ids(text))
