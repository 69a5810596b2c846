"""English round 8 (branch hsoc8): social posts on X and Instagram. The testimonial's forms
that earlier rounds missed ("thanks to you @x", "flipped with @x", "got connected to @x", "i
thought that it was a scam until", "another massive payout", "$8 000 made in my first month",
"i just received my profits", "you'll not regret", a trader's name written without @), the
earning pitch that ends in "direct message for the procedure" or "slide into my dms", "i help
people invest", "let me trade for you", "earn 10% of your capital", a private investment group,
a paid signal channel's "subscribe for 0.05 btc", "earn exciting (amazing) profits", "dm now to
get paid", "invest $X with <name> and earn $Y", "register through my link", a trader's name "on
instagram", a coin that "will 50x guaranteed, buy before the listing", a recovery helper
("helped in the recovery"), the MEV bot's "fund it with 0.5 eth", a platform that "doubles your
deposit in 10 days", and "struggling due to financial issues? send me a dm". A sentence that
starts "be careful with those ..." (beware of, watch out for, stay away from) frames what it
names as a warning. Each new form fires on a scam of its kind and leaves a genuine message that
shares its words low; every scam here was `low` at the tactic level before this round.
Written for these tests (not copied from any data set)."""

from __future__ import annotations

import pytest
from test_tactics_en_kinds import _ids, _level, assert_pair

FLAGGED = ("medium", "high")

# (tactic, scam, genuine message that shares its words)
PAIRS = [
    (
        "demand_dm",
        "i can show anyone how to make $900 daily with forex, no stress. slide into my dms",
        "great thread on forex history, slide into my dms if you want the reading list",
    ),
    (
        "demand_dm",
        "you can be earning $7 000 in a week with bitcoin trading, direct message for the "
        "procedure",
        "we sell handmade soap, direct message for the price list",
    ),
    (
        "lure_managed",
        "i help beginners trade and earn weekly profits. direct message for the procedures",
        "i help my neighbours with their tax returns every spring, direct message for the price",
    ),
    (
        "lure_managed",
        "tired of losing money in the market? let me trade for you, 25% every week. message me",
        "let me know if you want me to buy you a coffee, message me",
    ),
    (
        "lure_signals",
        "only serious people dm me, two seats left in my private investment group",
        "our private investment club meets at the library on mondays, dm me to join",
    ),
    (
        "lure_growth",
        "with an investment of $400 i was able to withdraw $5,200 after one week, thanks to "
        "@leo.fx.master",
        "an investment of $400 in a good bike saves a lot on bus fares, thanks for the tips",
    ),
    (
        "claim_testimonial",
        "i paid off my car loan and i'm debt free now, thanks to you @grace.trades.daily",
        "what a lovely wedding, thanks to you all for coming",
    ),
    (
        "claim_testimonial",
        "everything changed for me since i flipped with @tony_wealth_ and earned more than "
        "enough already",
        "everything changed for me since i moved to berlin, flipped my first house there last "
        "year",
    ),
    (
        "lure_payout",
        "she is a real life changer, check out @nina_r_lowe page, $9 000 made in my first "
        "month with her",
        "the school fair raised $9 000 in its first month of planning, thank you all",
    ),
    (
        "lure_payout",
        "life pushed me to try trading, i met maria_kent and i just received my profits, you "
        "can make a second source of income with her",
        "i received my profits statement from the fund today, returns were flat this year",
    ),
    (
        "claim_recovery",
        "lost 2 btc to a fake exchange but @trace_chain_pro helped in the recovery",
        "the police helped with the recovery of my stolen bike last week, call 101 to report "
        "yours",
    ),
    (
        "demand_send",
        "front running bot guide: deploy the contract on remix and fund it with at least 0.5 "
        "eth, profits roll in daily",
        "remix is a nice ide for learning solidity, deploy on a testnet before spending eth",
    ),
    (
        "lure_earn_claim",
        "our platform doubles your deposit in 10 days, register through my link",
        "the casino promo doubles your first deposit up to $100, read the terms before you play",
    ),
    (
        "lure_earn_claim",
        "would you like to earn 8% of your usdt capital after a day? message me for details",
        "the bank lets you earn 4% on your savings, message me if you want the branch address",
    ),
    (
        "demand_send",
        "vip signal channel, 14 wins out of 15 this week. subscribe for 0.03 btc and copy my "
        "trades",
        "my newsletter is free, subscribe for weekly charts and copy nothing blindly",
    ),
    (
        "lure_pump",
        "this coin will 40x next month guaranteed, buy now before the binance listing",
        "will it 40x? nobody knows, and nothing is guaranteed in crypto",
    ),
    (
        "lure_earn_claim",
        "invest in forex platforms today to earn exciting profits after a few days. dm now",
        "we had an exciting day at the trading museum, dm now if you want the photos",
    ),
    (
        "lure_earn_claim",
        "DM NOW TO GET PAID @daisy_holt77",
        "get paid on time: send your invoices by friday, @accounts_team",
    ),
    (
        "demand_social",
        "invested $900 and got $7k back in a week 🙌 tony_reeds_fx on instagram",
        "invested in a new camera last week, photos soon on instagram",
    ),
    (
        "claim_trader_handle",
        "i invested $700 with sarah_jones_fx and got $6,100 back in a week, she is legit",
        "my old username was sarah_jones on the forum, message me there",
    ),
    (
        "demand_social",
        "earn up to $5,000 weekly with crypto mining, register through my link to start today",
        "my brother set up the campus wifi for us, register through the portal to start today",
    ),
    (
        "demand_pump_buy",
        "$PEPEX will 20x guaranteed, buy before binance listing friday and thank me later",
        "will it 20x after the listing? nobody can promise that, read the whitepaper first",
    ),
    (
        "lure_earn_claim",
        "join our vip team today and earn amazing profits within 24 hours, dm me",
        "we had amazing weather this week, dm me for the hiking photos",
    ),
    (
        "lure_cash_handout",
        "to anyone reading this, if you are struggling due to financial problems send me a dm "
        "right now",
        "struggling with bills this winter? the council hardship fund can help, send me a dm for "
        "the link",
    ),
]

# the shill hooks are ordinary words alone (quiet; a handle after "connected to" too): they may
# show on the genuine message, which stays low
SHILL_PAIRS = [
    (
        "lure_testimony",
        "i basically thought that it was a scam until i tried it with $300 and got $2,900 in "
        "5 days",
        "i thought that it was a scam until the bank confirmed the refund was real",
    ),
    (
        "lure_testimony",
        "so glad i met mr martin, this is another massive payout, my friends said it is all "
        "scam but i never listened",
        "another massive payout for the lottery winner in ohio, the news says",
    ),
    (
        "lure_testimony",
        "be wise and start with your little capital of $500 with helen and earn $6 000 a week",
        "went to the coast with helen and spent $60 on fish and chips",
    ),
    (
        "lure_shill_words",
        "i trade with blue ridge finance, they pay on time. contact @ellen_carter_1, you'll not "
        "regret working with them",
        "try the lasagne at @nonna_rosa_1, you'll not regret it",
    ),
    (
        "claim_testimonial",
        "got connected to @julia_wealth_desk last month and now i withdraw profits every week",
        "got connected to @citylibrary last month and my reading list is up to 30 books",
    ),
]
# a demand is ordinary alone: it may show on the genuine message, which stays low
DEMANDS = {"demand_dm", "demand_send", "demand_social", "demand_pump_buy"}
CASES = [(t, scam, genuine, t in DEMANDS) for t, scam, genuine in PAIRS] + [
    (t, scam, genuine, True) for t, scam, genuine in SHILL_PAIRS
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_form_fires_on_its_scam_and_leaves_its_genuine_look_alike_low(
    case: tuple[str, str, str, bool],
) -> None:
    tactic, scam, genuine, quiet = case
    assert_pair(tactic, scam, genuine, quiet=quiet)


@pytest.mark.parametrize(
    "text",
    [
        # social scam posts in wordings of our own, of the kinds the round is about
        "my family and i are finally debt free, thanks to you @kelly.trades.daily",
        "i help newbies earn from crypto every week, no experience needed. slide in my dms",
        "ever since i flipped with @brenda_crypto_desk my bills are paid, god bless her",
        "my wallet got drained last month and @recover_desk_247 helped in the recovery.",
    ],
)
def test_social_scam_posts_in_new_wordings_are_flagged(text: str) -> None:
    assert _level(text) in FLAGGED, sorted(_ids(text))


@pytest.mark.parametrize(
    "text",
    [
        # warnings, people asking for help, and crypto chat that share the scams' words
        "be careful with those 'send 1 eth get 2 eth back' giveaways, elon is not giving "
        "away anything",
        "stay away from these 'double your deposit in 10 days' platforms, register through "
        "an exchange you know",
        "i know someone who can help with your cv, she works in hr, dm me",
        "i thought that it was a scam until i checked the official site, the airdrop is real",
        "got my payout from the insurance today after the flood, took two months",
        "the police helped with the recovery of my stolen bike, call 101 to report yours",
        "anyone struggling with bills this month, the food bank on main street can help, dm me",
        "beware of these 'support' accounts replying to you, send your seed phrase to nobody",
        "watch out for any account that asks you to send 0.1 eth to verify your wallet",
        "i want to buy before binance listing but the launchpad is sold out, any tips?",
    ],
)
def test_genuine_near_misses_stay_low(text: str) -> None:
    assert _level(text) == "low", sorted(_ids(text))


def test_a_warning_sentence_does_not_hide_a_scam_in_the_next_one() -> None:
    """The frame reaches only to the end of its own sentence: the ask after it still counts."""
    text = (
        "beware of these fake accounts. send 0.5 eth to the address below and get 1 eth back "
        "from the real giveaway"
    )
    assert _level(text) in FLAGGED, sorted(_ids(text))
