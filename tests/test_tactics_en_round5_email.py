"""English round 5, e-mail (docs/detection-en.md): fraud e-mails of issue 10's kinds that the
earlier rounds did not model (stock touting, illegal pharmacies, advance-fee loans, money mules,
business e-mail compromise, changed bank details, tech support, overpayment, gift-card bait,
webmail notices, advance-fee openers, chain letters). Each new tactic fires on a fraud e-mail
and not on a genuine one that shares its words; the genuine ones stay `low`. Written for these
tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

FLAGGED = ("medium", "high")

# (tactic, fraud e-mail, genuine e-mail that shares its words)
PAIRS = [
    (
        "claim_pump_ticker",
        "Subject: Investor alert\n\nNova Mining (OTCBB: NVMG) is set to explode after its drilling"
        " results. Current price $0.09.",
        "Subject: Research note\n\nNova Mining, listed on the OTC markets since 2019, reported"
        " drilling results today; we rate it hold.",
    ),
    (
        "lure_pump",
        "Subject: Hot stock\n\nPENX should skyrocket to $2.40 within days. Put PENX on your watch"
        " list and acquire a position today!",
        "Subject: Market wrap\n\nUtilities rose 2% today; our analysts expect moderate growth next"
        " year. See the full report on our website.",
    ),
    (
        "demand_pump_buy",
        "Subject: Watch this one\n\nOur last pick rallied 300%. Put QRTZ on your watch list before"
        " Monday.",
        "Subject: Watch list\n\nI put the new gas contracts on the desk's watch list; let's review"
        " them Monday.",
    ),
    (
        "lure_rx",
        "Subject: Meds 80% off\n\nValium, Xanax and Vicodin with no prescription required. Order"
        " now: http://rx-discount.example.ru/order",
        "Subject: Your refill\n\nYour prescription is ready for pickup at our pharmacy on Main"
        " Street; bring your insurance card. http://pharmacy.example.com/refill",
    ),
    (
        "lure_credit_offer",
        "Subject: Approved\n\nWe will approve you for a $20,000 loan, bad credit OK, no credit"
        " check. Just fill out the form here: http://fastloan.example.top and pay the $99"
        " processing fee to release the funds.",
        "Subject: Your application\n\nThank you for applying for a loan. We will review your"
        " credit report and contact you within five business days. There is no fee to apply.",
    ),
    (
        "lure_mule",
        "Subject: Part-time job\n\nYou will receive payments from our customers into your"
        " personal bank account, keep 10% as your commission and forward the rest to our partners"
        " by Western Union. Reply with your bank details to start.",
        "Subject: Accounts receivable\n\nPayments from customers go to the company's lockbox;"
        " please forward any cheques you receive to Treasury on the 3rd floor.",
    ),
    (
        "claim_boss_unreachable",
        "Subject: Quick task\n\nAre you at your desk? I'm in meetings all afternoon, email only,"
        " don't call. I need you to buy 5 Apple gift cards of $100 each and send me photos of the"
        " codes on the back.",
        "Subject: Re: desk move\n\nYour new desk is on 32, next to the meeting rooms; call me when"
        " you are settled.",
    ),
    (
        "demand_wire",
        "Subject: Confidential\n\nAre you at your desk? I need you to process an urgent wire"
        " transfer today for an acquisition. Keep it confidential.",
        "Subject: Wire confirmation\n\nTreasury confirms the wire transfer to the pipeline"
        " counterparty settled yesterday; the ticket is closed.",
    ),
    (
        "lure_new_bank",
        "Subject: Updated banking details\n\nPlease note we have changed our bank details. All"
        " future payments should be made to our new account below; our previous account is under"
        " audit. Kindly pay the pending invoice of $8,200 today.",
        "Subject: Invoice 2231\n\nPlease find attached invoice 2231 for March, payable within 30"
        " days to the account on file. Thank you for your business.",
    ),
    (
        "demand_personal",
        "Subject: Claim\n\nYou have been named beneficiary of a dormant account of $7.5 million."
        " Send me your full name, phone number and a copy of your passport.",
        "Subject: Lunch\n\nWe are booking the team lunch; the restaurant is on Fifth Street. Bring"
        " your appetite.",
    ),
    (
        "lure_infected",
        "Subject: Security warning\n\nYour computer has been infected with spyware. Call our"
        " certified technicians now on +1 844 555 0123 to remove it.",
        "Subject: Virus scan\n\nThe weekly virus scan ran on all servers last night and found"
        " nothing; no action is needed.",
    ),
    (
        "demand_call_tech",
        "Subject: Windows alert\n\nA virus was detected on your PC. Call Microsoft certified"
        " technicians immediately on +1 (844) 555-0123.",
        "Subject: Printer\n\nThe 5th floor printer is fixed. If it jams again, call the help desk"
        " on extension 4357.",
    ),
    (
        "lure_giftcard",
        "Subject: Your reward\n\nClaim your complimentary $500 gift card today:"
        " http://reward-center.example.top/claim",
        "Subject: Thank you\n\nThanks for your order. Gift cards can be bought in store or at"
        " http://shop.example.com/gift.",
    ),
    (
        "claim_remote_buyer",
        "Subject: Re: your car\n\nI accept your price. I am currently overseas, so my agent will"
        " send you a cashier's check for $9,800; wire the difference back to my shipper.",
        "Subject: Re: your car\n\nI accept your price and can come by on Saturday with the cash.",
    ),
    (
        "demand_refund_excess",
        "Subject: Re: rental\n\nMy agent will send you a cashier's check for $4,000, which is more"
        " than the deposit. Please send back the difference to my assistant.",
        "Subject: Re: rental\n\nThe deposit is $1,200; we will refund it when you move out.",
    ),
    (
        "lure_mailbox",
        "Subject: Mailbox notice\n\nYou submitted a request to shut down your email account. To"
        " cancel this request, click here: http://mail-desk.example.top/keep",
        "Subject: Mailbox size\n\nYour mailbox holds 2 GB; archive old mail when you have time."
        " See the IT page on the intranet.",
    ),
    (
        "lure_419_opener",
        "Subject: Urgent business proposal\n\nThis letter may come to you as a surprise. I seek"
        " your assistance to transfer the sum of $18.5 million. Kindly get back to me urgently.",
        "Subject: Business plan\n\nAttached is the business plan for the new storage project;"
        " please send comments by Friday.",
    ),
    (
        "demand_reply",
        "Subject: Inheritance\n\nAs next of kin of my late client you will receive $6 million."
        " Please reply only to my private email, barrister.k@example.net.",
        "Subject: Seminar\n\nPlease reply by Friday if you will join the seminar on risk models.",
    ),
    (
        "lure_chain_letter",
        "Subject: Make money fast\n\nThe last time you spent $25 did you make $100,000? Read this"
        " e-mail to the end, send $5 to each of the names below and add your name to the top.",
        "Subject: Fundraiser\n\nThe last bake sale raised $400 for the food bank; thanks to all"
        " who baked.",
    ),
]


@pytest.mark.parametrize(("tactic", "scam", "genuine"), PAIRS, ids=[t for t, _, _ in PAIRS])
def test_new_tactic_fires_on_fraud_and_not_on_genuine(
    tactic: str, scam: str, genuine: str
) -> None:
    assert_pair(tactic, scam, genuine)


def test_a_ticker_and_the_touts_promise_are_a_promotion_without_a_demand() -> None:
    text = (
        "Subject: News\n\nTrans Global Corp (OTCBB: TGLC). Target price $3.00, current price"
        " $0.40."
    )
    assert {"claim_pump_ticker", "lure_pump"} <= _ids(text)
    assert _level(text) in FLAGGED


def test_a_ticker_alone_is_not_a_promotion() -> None:
    text = "Subject: Filing\n\nThe company (OTCBB: TGLC) filed its quarterly report on Monday."
    assert "claim_pump_ticker" in _ids(text)
    assert _level(text) == "low"


@pytest.mark.parametrize("text", [
    "Subject: Welcome\n\nOur customer service team is available 24 hours a day, 7 days a week."
    " To manage your account, click here: http://www.example.com/account",
    "Subject: Help desk\n\nThe help desk answers 24 hours per day; call 713-555-0100 or visit"
    " http://helpdesk.example.com.",
])  # fmt: skip
def test_a_help_desks_hours_are_no_deadline(text: str) -> None:
    assert "pressure_deadline" not in _ids(text), sorted(_ids(text))
    assert _level(text) == "low"


def test_a_real_deadline_in_hours_still_rushes() -> None:
    text = "Your account will be closed. Verify your account within 24 hours: http://x.example.top"
    assert "pressure_deadline" in _ids(text)
    assert _level(text) in FLAGGED


def test_two_whole_stories_side_by_side_need_no_demand() -> None:
    text = (
        "Subject: Final notification\n\nYour e-mail address won the cash prize of the online"
        " lottery. The sum stands in a dormant account as unclaimed funds in your name."
    )
    assert assess_level_parts(text) >= 2
    assert _level(text) in FLAGGED


def test_one_story_and_ordinary_words_stay_low() -> None:
    text = "Subject: Raffle\n\nJanet won the cash prize of the office raffle; well done, Janet!"
    assert _level(text) == "low"


def assess_level_parts(text: str) -> int:
    """How many different strong hooks the text shows."""
    from bot.tactics import find_tactics

    return len({m.tactic.id for m in find_tactics(text) if m.tactic.strong})
