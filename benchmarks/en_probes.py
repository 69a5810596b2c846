"""English scam and genuine probes for issue 10, checked by the engine: flagged per label and kind.

    .venv/bin/python benchmarks/en_probes.py [--show] [--file PATH]

benchmarks/data/en_probes.jsonl holds messages written by us for this measurement (crypto
phishing e-mails with their subject line, SMS spam and phishing, scam posts on X, "account
manager" testimonials; and genuine exchange and wallet e-mails, bank and delivery texts, work
mail, crypto chat). It was written before the English tactics it measures and is not edited
after; nothing is trained on it. Written by us, so it is a weak measure: real held-back rows
(`eval_quality.py`) say more. Flagged means `medium` or `high`.

`--file` measures another set in the same format: benchmarks/data/en_probes_second.jsonl (pig
butchering, fake exchange support, recovery fees, task scams, fake police, new-number friends,
OTC, airdrops, wallet drainers, delivery fees, shared-document phishing, advance-fee letters; real
notices, one-time codes, friends' chat and warnings) was written and committed before the second
round of English tactics was checked against it, and is not edited after either.
benchmarks/data/benign_sms_probes.jsonl (genuine SMS only: shop promos and loyalty rewards with
links, bank and bill alerts, delivery updates with tracking links, appointment reminders) was
written and committed before the third round's story-plus-bare-link rule, and is not edited after.
benchmarks/data/en_crypto_email_probes.jsonl (crypto-themed phishing e-mails: wallet and exchange
notices, hardware-wallet "security incidents", airdrops, pending transactions, tax notices,
callback invoices; and genuine exchange and wallet e-mails: sign-in notices, deposits,
newsletters, security tips that warn of phishing, statements, KYC, price alerts) was written and
committed before the fourth round's rules, and is not edited after; so was
benchmarks/data/en_crypto_email_probes_second.jsonl (crypto-themed scam e-mails of other shapes:
bitcoin sextortion, cloud-mining balances, investment spam, wallet drainers, recovery offers,
fake support moving funds to a "vault", giveaways; and genuine ones on the same subjects).
benchmarks/data/en_social_probes.jsonl (social-media crypto posts and comments: account-manager
testimonials, recovery-hacker recommendations, "dm me for signals", send-to-get-back giveaways,
fake support replies under complaints, pump groups, WhatsApp offers; and genuine posts that share
their words: praise of real exchanges and support, warnings, market talk, "dm me" about other
things, merch giveaways, memes, recommended books and teachers) was written and committed before
the fourth round (social posts) and is not edited after.
benchmarks/data/en_email_probes_fifth.jsonl (fraud e-mails of the fifth round's kinds: advance-fee
and inheritance letters, lottery and prize claims, fake invoices, changed bank details and CEO
requests, account verification and suspension, job and money-mule offers, loans and grants with
upfront fees, stock and token pumps, pharmacy, charity, overpayment, tech support; and genuine
business, invoice, IT, HR, bank, legal, newsletter and shipping mail sharing their words) was
written and committed before the fifth round's rules, and is not edited after.
benchmarks/data/en_social_probes_fifth.jsonl (round 5, social posts and SMS: a comment that is
only a trader-named handle or "@x is legit", beggars asking for crypto, token pumps, SMS prize and
voucher claims, delivery fees, bank locks, loans approved against a fee, premium-rate callbacks,
some in SpamHunter's lemmatised forms; and genuine comments tagging friends, praising a real
exchange, asking for tips, and bank codes, alerts, deliveries, bills) was written and committed
before the fifth round's rules, and is not edited after.
benchmarks/data/en_email_probes_sixth.jsonl (round 6, e-mail: credential phishing in the shapes
that carry over between sources (verify your account, unusual sign-in, mailbox full, invoice or
payment notice with a link, shared document, delivery failure, account suspended) and the spam
kinds with a fraud lure (pills, loans, stock touts, adult, diplomas, pirated software); and
genuine sign-in and password notices, receipts, invoices, newsletters, shipping, business mail
sharing their words) was written and committed before the sixth round's rules, and is not edited
after.
benchmarks/data/en_social_probes_sixth.jsonl (round 6, hx6: token shill comments with price
promises, buy-and-hold calls, follow/join promos and hashtag clouds; missed-delivery, "not you?
review at <host>", winner and PAN-card smishes; shill testimonies; and genuine crypto chat,
project announcements, scam warnings, carriers' and banks' texts, real giveaways) was written
and committed before the sixth round's rules, and is not edited after.
benchmarks/data/en_social_probes_seventh.jsonl (round 7, hsoc7: earning offers and phone-mining
pitches ending in "dm me", cash for the first people, single-handle testimonials, invested-and-got
stories naming a trader without @; SMS account locks, bank alerts with a link, tax refunds, jobs
paying by the day, crypto balances waiting; and the crypto-withdrawal scams in several wordings: a
lover needing USDT, exchange support "verify or frozen", police and a safe account, tax before the
profit is released, a new number asking for USDT, recovery fees, cheap OTC, a mentor's daily-return
group; genuine delivery notices, one-time codes that say never share, honest crypto posts, brands'
giveaways, friends asking for money, real job and tax texts) was written and committed before the
seventh round's rules, and is not edited after.
benchmarks/data/en_email_probes_seventh.jsonl (round 7, hmail7, e-mail: "open the attached file"
lures, shipping and customs notices, purchase orders and quotation requests, button-only bank
and webmail notices, advance-fee letters, domain and directory invoices, credential forms, and
crypto wallet validation, airdrop claims and KYC updates; and genuine colleagues' attachments,
invoices, purchase orders, shipping notices, bank statements and notices, IT notices,
newsletters, exchange notices that say "we will never ask", and button-only genuine mail) was
written and committed before the seventh round's rules, and is not edited after.
benchmarks/data/en_sms_probes_eighth.jsonl (round 8, hsms8, SMS: bank and card holds, toll and
parking fines, parcel redelivery fees, tax refunds, prizes and text-to-win draws, loans, job
offers by text, crypto exchange login and withdrawal alerts, subscription renewals and refunds,
a child on a new number, wrong-number openers, premium-rate callbacks, benefit payments, casino
and adult spam, some lemmatised or with masked numbers; and genuine one-time codes, delivery
updates, appointment reminders, bank and exchange alerts that say "we will never ask", shops'
offers with an opt-out, family texts) was written and committed before the eighth round's rules,
and is not edited after.
benchmarks/data/en_email_probes_eighth.jsonl (round 8, hmail8, e-mail: mailbox verification,
password expiry, overdue invoices and failed payments, DocuSign and shared-file lures, bank
alerts, tax refunds, advance-fee letters, voicemail notices; and 21 crypto-themed ones: Ledger,
Trezor, MetaMask, Coinbase, Binance, Kraken and other exchanges' "security notices", wallet
validation and sync, airdrop claims, withdrawals on hold against a fee, crypto tax; written with
the footers, unsubscribe lines and legal text real mail carries; and genuine exchange sign-in and
withdrawal notices, KYC requests, hardware-wallet news, newsletters, invoices and receipts,
password resets asked for, shared documents, bank alerts, crypto tax reports, work mail) was
written and committed before the eighth round's rules, and is not edited after.
benchmarks/data/en_social_probes_eighth.jsonl (round 8, hsoc8, X and Instagram: account-manager
testimonials, earning pitches ending in "slide into my dms", giveaways and airdrops, send-x-get-2x,
fake support replies, recovery hackers, pump and paid-signal groups, MEV and arbitrage bots; and
genuine warnings, exchange announcements, help requests, banter and real giveaways) was written
and committed before the eighth round's rules, and is not edited after.
benchmarks/data/en_email_probes_enron.jsonl (round 9, hen9, old-style spam e-mail: penny stock
touts with "Symbol:" and "Target Price:" lines, pill spam with disguised drug names, a mortgage
offer, a prize claim, an advance-fee letter, cheap OEM software; and genuine investor-relations
mail, analyst notes, pharmacy receipts, mortgage statements, newsletters, work mail) was written
and committed before the ninth round's rules, and is not edited after.
benchmarks/data/en_social_probes_ninth.jsonl (round 9, hsoc9, X and Instagram: testimonials to
name-tags padded or written with accented and look-alike letters, recovery touts, work-from-your-
phone offers, giveaways, MEV and flash-loan bots, fake support replies, pumps; and genuine thanks
to @accounts, warnings, exchange news, real giveaways and crypto chat) was written and committed
before the ninth round's social rules, and is not edited after.
benchmarks/data/en_crypto_email_probes_third.jsonl (round 9, hmail9, crypto-themed phishing
e-mail: exchange "withdrawal request / new login, cancel here", wallet migration, upgrade and
validation, hardware-wallet breaches and "security patches" that ask for the seed, airdrop and
offer claims, 1099-DA, KYC and HMRC refunds, funds pending against a network fee, DocuSign and
WalletConnect; and genuine exchange notices that say "never share", withdrawal confirmations,
KYC welcomes, hardware-wallet news, newsletters, tax reports, shared documents) was written and
committed before the round's rules, and is not edited after.
benchmarks/data/en_sms_probes_ninth.jsonl (round 9, hsms9, SMS first contacts and the rest of
SpamHunter's kinds: a child or parent on a new number who then asks for a bill paid, a transfer
or a move to WhatsApp; wrong-number texts that turn into a chat; pig-butchering openers; prizes
and lotteries in SMS shorthand with a number or e-mail to claim by; premium-rate ringtones, chat
lines and quiz entries; lemmatised bank locks; carrier notices on other hosts; tolls, tax and
benefit payments; jobs, loans, crypto callbacks; and genuine one-time codes, card checks, carrier
texts that link to the carrier's own site, "new number, save it" family texts, genuine wrong
numbers and first texts, reminders, bills and shop offers) was written and committed before the
ninth SMS round's rules, and is not edited after.
benchmarks/data/exchange_notice_probes_second.jsonl (hnotice16: 30 genuine exchange and wallet
notices of the withdrawal moment, English and Chinese: codes that say never share, new-login
alerts, address-book holds, KYC reminders, reviews, limits, locks; and 20 scams imitating them)
was written and committed before the round's rule, and is not edited after.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import KnowledgeIndex, check  # noqa: E402
from bot.knowledge import load_dir  # noqa: E402
from bot.message import Message  # noqa: E402

PROBES = ROOT / "benchmarks" / "data" / "en_probes.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true",
                    help="print missed scams and flagged genuine ones")  # fmt: skip
    ap.add_argument("--file", type=Path, default=PROBES,
                    help="probe set to measure (JSON lines: text, label, kind)")  # fmt: skip
    args = ap.parse_args()
    path: Path = args.file
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    idx = KnowledgeIndex.build(load_dir(ROOT / "knowledge"))
    total: Counter[tuple[str, str]] = Counter()
    flagged: Counter[tuple[str, str]] = Counter()
    for row in rows:
        text, label, kind = str(row["text"]), str(row["label"]), str(row["kind"])
        risk = check(Message(text=text), idx).risk
        hit = risk in ("medium", "high")
        total[(label, kind)] += 1
        flagged[(label, kind)] += hit
        if args.show and hit != (label == "scam"):
            print(f"{'MISS' if label == 'scam' else 'FALSE'} {risk:6s} {kind}: "
                  f"{text[:110]!r}")  # fmt: skip
    for label in ("scam", "benign"):
        kinds = sorted(k for lab, k in total if lab == label)
        n = sum(total[(label, k)] for k in kinds)
        if not n:
            continue
        f = sum(flagged[(label, k)] for k in kinds)
        print(f"{label}: flagged {f}/{n} ({100.0 * f / n:.1f}%)")
        for k in kinds:
            print(f"  {k:20s} {flagged[(label, k)]}/{total[(label, k)]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
