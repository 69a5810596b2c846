"""English round 7 (branch hsoc7): social posts and SMS, and the crypto-withdrawal scams in new
wordings. The phone-mining pitch, cash for the first people who write, earning offers by the
week, more of the testimonial's stock words; the smish's "restore your access", "verify at
<host>", "authorise or cancel this request at <link>", income-tax refunds, a crypto balance to
claim, "bitcoin insider trading", the shopping-site lucky draw's "help center" number and "send
name address age", the refund smish's "complete your form via <host>"; and the withdrawal
scam's asks: money needed to unfreeze an account, a share of the profit paid before a
withdrawal, a recovery fee upfront, the OTC seller's "pay first and I release". Each new form
fires on a scam of its kind and leaves a genuine message that shares its words low; every scam
here was `low` before this round.
Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

from bot.engine import KnowledgeIndex, check
from bot.message import Message

FLAGGED = ("medium", "high")

# (tactic, scam, genuine message that shares its words)
PAIRS = [
    (
        "lure_mining_pitch",
        "forget pump and dump coins, i mine bitcoin using my phone and no farm servers are "
        "required. interested? send me a dm",
        "mining at home is not worth it any more, the power bill eats the profit. send me a dm "
        "if you want my old rig",
    ),
    (
        "lure_withdrawal_held",
        "Your withdrawal request was rejected. Please pay 12% of your profit as tax to release "
        "the withdrawal.",
        "Your withdrawal request was rejected because the address is invalid. Check it in the "
        "app and try again.",
    ),
    (
        "demand_fee",
        "darling the exchange froze our account, they need 2500 usdt to unfreeze it, please "
        "help me",
        "the exchange froze my account for a day, they needed my ID to unfreeze it, all fine now",
    ),
    (
        "demand_fee",
        "Our fund recovery team traced your stolen bitcoin. We only charge a small recovery fee "
        "upfront, contact us on whatsapp +1 202 555 0147",
        "Our solicitors charge no fee upfront for personal injury claims.",
    ),
    (
        "lure_otc",
        "selling usdt 4% below binance price, big volume ok, deal on telegram",
        "usdt traded 0.1% below the dollar on binance for an hour today, then recovered",
    ),
    (
        "demand_send",
        "cheap btc, better rate than binance, minimum 5k, pay first and i release the coins",
        "you pay first and i'll pay next time, deal?",
    ),
    (
        "lure_cash_handout",
        "$4000 for the first 8 people to hit me up with 'blessed' 💸",
        "$50 off for the first 20 people who sign up to the yoga class",
    ),
    (
        "lure_earn_claim",
        "stop depending on salary, you can be earning $6 000 weekly with bitcoin trading from "
        "your phone. ask me how",
        "our weekly meetup is about earning more at work without burning out, ask me how to join",
    ),
    (
        "demand_verify",
        "Wells: login suspended. Please restore your access http://bit.ly/wl-restore2",
        "IT: the VPN was down this morning; access is restored and no action is needed.",
    ),
    (
        "demand_verify",
        "New activity on your account from an unknown device. Please verify at "
        "www.acct-device-check.com",
        "New sign-in to your account from Chrome on Windows. If this was you, you don't need to "
        "do anything.",
    ),
    (
        "lure_prize",
        "Your incometax refund of Rs 12,400 is approved, submit the form at "
        "http://itr-refund-now.in",
        "The incometax return filing deadline is 31 July, file it on the official portal.",
    ),
    (
        "lure_allocation",
        "Your new account has been activated. Current balance 12,400 AUD. Claim your funds now "
        "www.vipfunds-au.com",
        "Your refund has been processed; the balance shows in your account within 3 days.",
    ),
    (
        "lure_stock",
        "You are invited to join a private club doing bitcoin insider trading with daily "
        "revenue of 50K",
        "The SEC charged three people with insider trading in tokens listed on an exchange.",
    ),
    (
        "demand_details",
        "YOUR NUMBER HAS WON 2 CRORE IN THE MOBILE LUCKY DRAW. TO CLAIM PRIZE SEND NAME "
        "ADDRESS AGE TO claimsdesk@mail.com",
        "For the school trip, send name, address and age of your child to the office by Friday.",
    ),
    (
        "demand_contact_number",
        "Congratulations you be second lucky winner of Tata Nexon car from Flipkart, contact for "
        "9876543210",
        "Congratulations on the new car! Contact me for the spare keys.",
    ),
    (
        "demand_click",
        "HMRC: you have a pending tax refund of 265.84GBP. To proceed please complete your form "
        "via hmrc-refund-claims.com",
        "To proceed with your order please complete the form in the app.",
    ),
    (
        "demand_link",
        "SBI: your account is locked. Go to https //s.id/sbi-kyc to unlock",
        "Your account is locked. Visit any branch with photo ID to unlock it.",
    ),
]

# (tactic, scam, genuine): more of the testimonial's words, beside a handle
SHILL_PAIRS = [
    (
        "lure_shill_words",
        "having known her for years i can highly recommend her for her market knowledge "
        "#lena__marsh__",
        "highly recommend her pottery class, so relaxing @clay_studio",
    ),
    (
        "lure_testimony",
        "i never believed it until i found it in my wallet @marco_vitali9",
        "i never believed it until i saw the eclipse myself @nasa",
    ),
    (
        "lure_shill_words",
        "meeting you was a miracle to my life, got my third withdrawal in 10 days @rita_moss__",
        "meeting you was a miracle to my life, happy anniversary @dan_k",
    ),
]


# the shill hooks and the held withdrawal are ordinary words alone (quiet)
QUIET_ALONE = {"lure_withdrawal_held", "lure_shill_words", "lure_testimony", "demand_details"}
CASES = [(t, scam, genuine, t in QUIET_ALONE) for t, scam, genuine in PAIRS + SHILL_PAIRS]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_form_fires_on_its_scam_and_leaves_its_genuine_look_alike_low(
    case: tuple[str, str, str, bool],
) -> None:
    tactic, scam, genuine, quiet = case
    assert_pair(tactic, scam, genuine, quiet=quiet)


@pytest.mark.parametrize(
    "text",
    [
        # the crypto-withdrawal scams the project exists for, in wordings earlier rounds missed
        "my dear, i miss you. the exchange froze our account, they need 3000 usdt to unfreeze it",
        "Your withdrawal failed because the income tax was not paid. Please pay 15% of the "
        "profit to complete the withdrawal.",
        "Kraken compliance: your account shows irregular trading. Withdrawals are suspended "
        "until you complete the security deposit of 1,000 USDT.",
        "Our asset recovery team can get your lost crypto back in 72 hours, we only charge a "
        "small service fee upfront.",
        "I have USDT for sale, 5% below binance price, large amounts ok, deal on telegram",
    ],
)
def test_crypto_withdrawal_scams_in_new_wordings_are_flagged(text: str) -> None:
    assert _level(text) in FLAGGED, sorted(_ids(text))


@pytest.mark.parametrize(
    "text",
    [
        "could you lend me 100 usdt till payday? i'll send it back on the 1st",
        "hi it's Dave, this is my new number, the old phone died. save it!",
        "123456 is your Binance verification code. Do not share it with anyone.",
        "honestly staking eth has been a nice passive way to earn, about 4% a year",
        "mining btc at home is not worth it unless your electricity is almost free",
        "Your withdrawal of 0.2 BTC is complete. If you did not make it, contact us in the app.",
        "anyone struggling with rent this month, the council has a hardship fund, dm me for "
        "the link",
    ],
)
def test_genuine_near_misses_stay_low(text: str) -> None:
    assert _level(text) == "low", sorted(_ids(text))


def test_the_number_on_your_card_is_the_genuine_alerts_advice(seed_index: KnowledgeIndex) -> None:
    text = (
        "Barclays: a new payee was added to your account. If this wasn't you, call us on the "
        "number on the back of your card."
    )
    assert "demand_call" not in _ids(text)
    assert check(Message(text=text), seed_index).risk in ("low", "official")
    # the smish gives its own number instead
    fake = text.replace("the number on the back of your card", "0800 555 0199 now")
    assert "demand_call" in _ids(fake)
