"""English round 8, e-mail (issue 10, hmail8): the webmail notice's other stories (a mailbox
that lost its connection, returned or blocked incoming mail, an "instruction to terminate your
email", a mailbox infected) and its buttons ("use the link below to upgrade", "RECOVER
MESSAGES"), the voicemail and secure-message notices, "sign in to access the folder", the
advance-fee opener's other forms and the chain letter whose fortune and instructions stand far
apart. Each extended tactic fires on a fraud e-mail and not on a genuine one that shares its
words; the genuine ones stay `low`. Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

from bot.tactics import LETTER_REACH, NEAR

FLAGGED = ("medium", "high")

# (tactic, fraud e-mail, genuine e-mail that shares its words)
PAIRS = [
    (
        "lure_mailbox",
        "Subject: Connection error\n\nYour mailbox anna@example.org lost connection to the"
        " example.org mail server. Use the button below to fix connection error.",
        "Subject: Outage\n\nThe VPN lost connection to the office network last night; it is back"
        " up and nothing needs to be done.",
    ),
    (
        "lure_mailbox",
        "Subject: Sync failure\n\nWe received your instruction a few hours ago to terminate your"
        " email account on our server. Preview E-mails now.",
        "Subject: Contract\n\nWe received your instruction to renew the contract; the new terms"
        " start in January.",
    ),
    (
        "lure_mailbox",
        "Subject: Notification\n\nAt 9:12 your mailbox returned (4) incoming mails."
        " Synchronization was unsuccessful.\nRECOVER MESSAGES",
        "Subject: Returns\n\nThe warehouse returned 4 parcels this week; the list is in the shared"
        " sheet.",
    ),
    (
        "lure_mailbox",
        "Subject: Security alert\n\nOur scanner detected 5 trojans in your mailbox today. To stay"
        " secured, run an email scan now.",
        "Subject: Laptop\n\nThe scanner found nothing on your laptop; you can pick it up from IT"
        " this afternoon.",
    ),
    (
        "demand_button",
        "Subject: Storage almost full\n\nYour mailbox is almost full. Use the link below to"
        " upgrade your account today.",
        "Subject: Plan\n\nYour team plan renews next month. Contact sales if you want to change"
        " the number of seats.",
    ),
    (
        "lure_document",
        "Subject: New recording\n\nA caller in your directory just left you a message. Listen to"
        " the voice message here, it expires in 24 hours.",
        "Subject: Call\n\nI tried calling you this morning; give me a ring when you are back at"
        " your desk.",
    ),
    (
        "lure_document",
        "Subject: Outstanding invoice\n\nThe content of this message has been sent securely. To"
        " view the secure message, click on read message. It expires in 24 hours.",
        "Subject: Invoice\n\nThe invoice for November is attached; payment is due within 30 days."
        " Thanks!",
    ),
    (
        "lure_mailbox",
        "Subject: Desk password update\n\nClick Here To keep your e-mail password active."
        "\nIT Desk",
        "Subject: New phone\n\nAfter you change your password, remember to enter it on your phone"
        " too, or it will keep asking.",
    ),
    (
        "lure_document",
        "Subject: Inquiry notification\n\nTrade Center: Maria Lopez from Spain has replied you."
        " Reply Now Manage Your Orders. Hi, I need an urgent price for the products.",
        "Subject: Re: quote\n\nMaria from the Madrid office replied to your quote this morning;"
        " she needs a price for 400 units by Friday.",
    ),
    (
        "lure_document",
        "Subject: Swift transfer notification\n\nPayment notification from Example Bank. On"
        " request of your client, please download attached swift copy pdf with password"
        " protection for security reasons. The payment was effected today; confirm receipt"
        " within 24 hours.",
        "Subject: Remittance\n\nHi, as agreed the remittance advice for invoice 4471 is attached;"
        " the PDF password is the one we use for payroll.",
    ),
    (
        "demand_login",
        "Subject: Shared folder\n\nYou have been given secure access to the folder 'Orders 2026'."
        " This message requires that you sign in to access the folder and its files.",
        "Subject: Shared folder\n\nI moved the order files into the 'Orders 2026' folder on the"
        " shared drive; they are all there now.",
    ),
]


@pytest.mark.parametrize(("tactic", "scam", "genuine"), PAIRS, ids=[t for t, _, _ in PAIRS])
def test_round8_tactic_fires_on_fraud_and_not_on_genuine(
    tactic: str, scam: str, genuine: str
) -> None:
    assert_pair(tactic, scam, genuine)


_LINE = "My family has suffered much since the troubles began in our country last year."
_PAD = "\n".join(_LINE for _ in range(8))


# The advance-fee opener's other forms, with its fortune further on in the same letter.
@pytest.mark.parametrize(
    "opener",
    [
        "I got your contact information from your country's information directory.",
        "I need someone who can assist me secretly in this matter.",
        "URGENT AND NOBLE PROPOSAL",
    ],
)
def test_an_advance_fee_opener_joins_its_fortune_across_the_letter(opener: str) -> None:
    fortune = "I need your help in relocating and managing some family fortunes abroad."
    text = f"Subject: Greetings\n\nDear friend,\n{opener}\n{_PAD}\n{fortune}\nMr. Smith"
    assert "lure_419_opener" in _ids(text), sorted(_ids(text))
    assert NEAR < text.index(fortune) - text.index(opener) < LETTER_REACH
    assert _level(text) in FLAGGED, sorted(_ids(text))


def test_a_directory_or_a_family_business_alone_stays_low() -> None:
    text = (
        "Subject: Supplier\n\nWe found your company in the trade directory of the chamber of"
        f" commerce and would like a catalogue.\n{_PAD}\nOur family business has run for three"
        " generations. Best regards, Ms Lee"
    )
    assert _level(text) == "low", sorted(_ids(text))


_CHAIN_LINE = "I was sceptical at first, like you, but I gave it a try and I am glad I did."
_CHAIN_PAD = "\n".join(_CHAIN_LINE for _ in range(8))


def test_a_chain_letters_fortune_and_instructions_join_across_the_letter() -> None:
    fortune = "You can earn $50,000 in just 90 days working from home."
    rules = "READ THIS E-MAIL TO THE END and follow what it says to the letter."
    text = f"Subject: Work at home\n\nHello,\n{fortune}\n{_CHAIN_PAD}\n{rules}\nGood luck!"
    assert NEAR < text.index(rules) - text.index(fortune) < LETTER_REACH
    assert {"lure_earn_claim", "lure_chain_letter"} <= _ids(text), sorted(_ids(text))
    assert _level(text) in FLAGGED, sorted(_ids(text))


def test_reading_to_the_end_alone_stays_low() -> None:
    text = (
        "Subject: Newsletter\n\nPlease read this e-mail to the end: the office move has three"
        f" steps.\n{_CHAIN_PAD}\nThanks, Facilities"
    )
    assert _level(text) == "low", sorted(_ids(text))


@pytest.mark.parametrize(
    "text",
    [
        "Subject: Breach\n\nA site you used was breached. Please update your email password"
        " immediately and turn on two-step sign-in in the settings.",
        "Subject: New inquiry\n\nJohn Smith from United States has sent you an inquiry. Please"
        " sign in to your supplier account to view it and reply.",
        # a warning about sextortion e-mails (it reports the threat, it does not make it), and
        # a video sent among family
        "Subject: Beware of sextortion e-mails\n\nSome e-mails claim the sender recorded you"
        " and will send the video to your contacts unless you pay in bitcoin. They have no"
        " video: do not pay and do not reply.",
        "Subject: Wedding video\n\nThe photographer will send the video to you next week; you"
        " can forward it to your family then. Her fee of $300 is already paid.",
    ],
)
def test_genuine_advice_an_inquiry_and_a_sextortion_warning_stay_low(text: str) -> None:
    assert _level(text) == "low", sorted(_ids(text))


# Bitcoin sextortion: the threat to send a recording to the victim's contacts completes the
# demand for bitcoin (the warning and the family video above stay low).
SEXTORTION = [
    "Subject: I know your secret\n\nI installed a program on a site you visited and it recorded"
    " you through your camera. Send 900 USD in bitcoin to this address within 48 hours, or I"
    " will send the recording of you to all your contacts.",
    "Subject: Final notice\n\nI have access to your laptop and your camera. If you do not want"
    " your family and colleagues to see what I saw, transfer 0.04 BTC to my wallet: bc1qexample.",
    "Subject: Last chance\n\nI was watching you. That video would ruin your career. Pay $1200 in"
    " bitcoin to my address and I will delete it.",
]


@pytest.mark.parametrize("text", SEXTORTION)
def test_a_sextortion_threat_completes_the_bitcoin_demand(text: str) -> None:
    assert "pressure_expose" in _ids(text), sorted(_ids(text))
    assert _level(text) in FLAGGED, sorted(_ids(text))
