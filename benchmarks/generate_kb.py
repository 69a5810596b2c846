"""Generates a large knowledge base for the speed benchmark, deterministically (seeded).

    .venv/bin/python benchmarks/generate_kb.py [--db benchmarks/out/kb.db] [--seed 2]
        [--phrases 10000] [--addresses 1000000] [--domains 100000] [--brands 100]

Writes a fresh SQLite store through the Store class: categories, brands and phrases through
`load_knowledge` (audited one by one, as curated knowledge is), the reported addresses and
domains through `bulk_add_reported` (one transaction, one audit record). Addresses are valid
for their chain: EIP-55 checksummed EVM (keccak-256), Base58Check for BTC/LTC/DOGE/Tron/XRP,
bech32 and bech32m for bc1, cashaddr for BCH, plain base58 for Solana, raw TON. Phrases are
built from templates and word lists, in English and Traditional Chinese, in every category.
The same seed gives the same store.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import string
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import base58  # noqa: E402
import bech32m  # noqa: E402
from sha3 import keccak_256  # noqa: E402

from bot import cashaddr  # noqa: E402
from bot.chains import address_key  # noqa: E402
from bot.knowledge import (  # noqa: E402
    Brand,
    Category,
    Knowledge,
    Phrase,
    PhraseFile,
    Reported,
)
from bot.store import Store  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
ACTOR = "bench:generate"

# --- word lists ---------------------------------------------------------------------------


def _w(words: str) -> list[str]:
    """A word list written as one '|'-separated string."""
    return words.split("|")


EN_SLOTS: dict[str, list[str]] = {
    "coin": _w(
        "usdt|usdc|bitcoin|btc|eth|ethereum|tether|trx|bnb|solana|xrp|ton|crypto|stablecoins"
    ),
    "platform": _w(
        "platform|app|exchange|website|trading account|wallet|investment account"
        "|mining pool|vip account|staking pool"
    ),
    "chat": _w("whatsapp|telegram|line|wechat|signal|private chat|dm"),
    "pay": _w("pay|deposit|transfer|send|top up|remit"),
    "fee": _w(
        "withdrawal tax|unlock fee|verification deposit|security deposit|margin fee"
        "|service charge|activation fee|gas fee|clearance fee|anti money laundering fee"
        "|insurance fee|handling fee|credit score fee"
    ),
    "pct": _w("5|8|10|12|15|20|25|30|40|50"),
    "period": _w("daily|weekly|monthly|hourly"),
    "when": _w(
        "today|within 24 hours|before midnight|in 30 minutes|right now|this week"
        "|immediately|within 2 hours"
    ),
    "person": _w(
        "mentor|teacher|analyst|financial advisor|coach|trading expert|professor"
        "|account manager|senior trader|assistant"
    ),
    "group": _w(
        "vip group|signal group|private channel|trading club|insider group"
        "|whale community|profit team"
    ),
    "threat": _w(
        "your account will be frozen|your funds will be lost"
        "|your wallet will be suspended|your assets will be locked"
        "|your profit will be forfeited|you will face legal action"
        "|your account will be closed|your card will be blocked"
    ),
    "secret": _w(
        "seed phrase|recovery phrase|12 words|24 words|private key|mnemonic|secret phrase"
        "|wallet backup"
    ),
    "verify": _w(
        "verify|validate|synchronize|restore|reactivate|unlock|rectify|whitelist|migrate"
    ),
    "prize": _w("free|bonus|reward|giveaway|airdrop|lucky draw|cashback"),
    "n": _w("100|500|1000|2000|5000|10000"),
    "mult": _w("double|triple|2x|3x|10x"),
    "task": _w(
        "like videos|rate hotels|review products|boost orders|follow shops"
        "|complete missions|grab orders|rate movies"
    ),
    "official": _w(
        "police|customs|the court|immigration|interpol|the tax office"
        "|the securities commission|anti fraud centre"
    ),
    "agent": _w(
        "recovery agent|blockchain lawyer|asset recovery team|cyber investigator"
        "|fund recovery specialist|ethical hacker"
    ),
    "romance": _w("my dear|honey|sweetheart|my love|babe|darling"),
    "support": _w(
        "customer support|help desk|technical support|security team|compliance department"
        "|risk control department"
    ),
    "p2p": _w("otc|p2p|escrow|merchant|bulk buyer|cash buyer"),
}

EN_TEMPLATES: dict[str, list[str]] = {
    "investment": _w(
        "guaranteed {pct}% {period} profit|{period} returns of {pct}% with no risk"
        "|my {person} shares {coin} signals in our {group}"
        "|join our {group} for guaranteed {coin} profit"
        "|risk free {coin} investment with {pct}% return|{mult} your {coin} in a week"
        "|the {platform} pays {pct}% {period} interest|{person} says buy {coin} {when}"
    ),
    "fake_support": _w(
        "contact our {support} on {chat}|{support} here, {threat}"
        "|your {platform} has an issue, message {support} on {chat}"
        "|{support} needs you to {verify} your {platform}"
        "|reply to {support} {when} or {threat}"
        "|our {support} will call you to {verify} your {coin} withdrawal"
        "|please install the remote app so {support} can help"
        "|{support} detected unusual login on your {platform}"
    ),
    "phishing": _w(
        "click the link to {verify} your {platform} {when}"
        "|log in {when} to {verify} your {platform}|{threat} unless you {verify} {when}"
        "|your {platform} is restricted, {verify} at the link below"
        "|confirm your identity {when} or {threat}"
        "|security alert: {verify} your {coin} {platform}"
        "|connect your wallet to {verify} {when}"
        "|sign the transaction to {verify} your {coin}"
    ),
    "airdrop": _w(
        "claim your {prize} {n} {coin} {when}|{n} {coin} {prize} for the first 500 users"
        "|connect wallet to receive {n} {coin} {prize}"
        "|exclusive {coin} {prize} ends {when}|you are eligible for the {coin} {prize}"
        "|send {n} {coin} and receive {mult} back"
        "|{prize} event: {mult} every {coin} you send"
        "|official {coin} {prize}, connect your wallet {when}"
    ),
    "romance": _w(
        "{romance}, i can teach you to trade {coin}"
        "|{romance}, my uncle is a {person} on a {coin} {platform}"
        "|{romance}, let us build our future with {coin}"
        "|{romance}, i need {n} usdt to pay the {fee}|{romance}, move our chat to {chat}"
        "|{romance}, my {platform} made {pct}% {period}"
        "|{romance}, invest with me on this {platform}"
        "|{romance}, i am stuck at customs and need the {fee}"
    ),
    "job_task": _w(
        "earn {n} a day to {task}|part time job: {task} and earn {pct}% commission"
        "|{task} from home, paid in {coin}|{pay} {n} usdt to unlock the next set of tasks"
        "|your task account is negative, {pay} to continue"
        "|simple online job, {task} {period}"
        "|commission of {pct}% for every order you {task}"
        "|finish {n} tasks to withdraw your salary in {coin}"
        "|{task} on our {platform} for {pct}% commission"
    ),
    "impersonation": _w(
        "this is {official}, your {platform} is linked to money laundering"
        "|{official} case: {threat}|{official} requires you to {pay} a {fee}"
        "|a warrant from {official} has been issued in your name"
        "|{official} will freeze your {coin} unless you {pay} {when}"
        "|transfer your {coin} to a safe account held by {official}"
        "|do not tell anyone, this is a confidential {official} case"
        "|{official} needs your {secret} to investigate"
    ),
    "recovery": _w(
        "our {agent} can recover your lost {coin}"
        "|we recovered {pct}% of scam victims funds"
        "|{agent} will trace your stolen {coin} {when}"
        "|{pay} the {fee} to release your recovered {coin}"
        "|hire a {agent} to get your {coin} back|{agent} with a guaranteed refund"
        "|we hacked the scammer wallet, {pay} to receive your {coin}"
        "|recover funds from any {platform}, pay after success"
    ),
    "seed_phrase": _w(
        "enter your {secret} to {verify} your wallet|send us your {secret} to {verify}"
        "|{verify} your wallet by typing the {secret}|share your {secret} with {support}"
        "|your wallet needs the {secret} to {verify} {when}"
        "|import your {secret} on our {platform}"
        "|type your {secret} to claim the {coin} {prize}"
        "|{support} will never ask, but please give your {secret}"
    ),
    "fake_exchange": _w(
        "download our {platform} to trade {coin}"
        "|the {platform} is licensed, {pay} to start"
        "|your {platform} balance is {n} {coin}, {pay} the {fee} to withdraw"
        "|withdrawals need a {fee} of {pct}%"
        "|our {platform} offers {pct}% {period} on {coin}"
        "|upgrade to {platform} vip for {mult} profit"
        "|new {coin} {platform} with instant withdrawal"
        "|your credit score is low, {pay} the {fee}"
    ),
    "otc_p2p": _w(
        "{p2p} deal: buy {coin} below market|{p2p} seller needs you to {pay} first"
        "|release the {coin} now, i already paid via {p2p}"
        "|cheap {coin} from a {p2p}, meet in person"
        "|{p2p} trade of {n} {coin} at {pct}% discount"
        "|payment was sent, release {coin} {when}"
        "|{p2p} order cancelled, {pay} again to reactivate"
        "|the {p2p} will refund after you {pay} the {fee}"
    ),
    "address_poisoning": _w(
        "use this new {coin} address for your transfer"
        "|our deposit address has changed, send {coin} to the new one"
        "|copy the {coin} address from your transaction history"
        "|small test transfer of {coin} from a similar address"
        "|the old {coin} wallet is closed, {pay} to the new address"
        "|received {n} {coin} from an unknown address"
        "|please update the {coin} deposit address {when}"
        "|zero value {coin} transfer to your wallet"
        "|the {platform} {coin} address was updated, {pay} to the new one"
    ),
    "prize_lottery": _w(
        "you won {n} in our {prize}|congratulations, you are the {prize} winner"
        "|{pay} the {fee} to receive your {prize}"
        "|your parcel is held, {pay} the {fee} {when}|claim the {prize} of {n} {when}"
        "|your number was selected for the {prize}"
        "|winner of {n} {coin} {prize}, reply {when}|{prize} claim code expires {when}"
    ),
}

ZH_SLOTS: dict[str, list[str]] = {
    "coin": _w("USDT|泰達幣|比特幣|以太幣|虛擬貨幣|加密貨幣|穩定幣|波場幣"),
    "platform": _w("平台|交易所|應用程式|網站|投資帳戶|錢包|礦池|理財平台"),
    "chat": _w("WhatsApp|Telegram|LINE|微信|私訊|專線"),
    "pay": _w("繳交|支付|轉帳|存入|匯款|充值"),
    "fee": _w(
        "提款稅|解凍費|保證金|手續費|驗證金|清關費|稅款|服務費|激活費|洗錢審查費|信用分數費"
    ),
    "pct": _w("5|8|10|15|20|30|50"),
    "period": _w("每日|每週|每月"),
    "when": _w("今天內|24小時內|立即|馬上|30分鐘內|今晚之前"),
    "person": _w("老師|導師|分析師|理財顧問|助理|客戶經理|教授|投資專家"),
    "group": _w("VIP群組|投資群|內幕群|交易群|貴賓群"),
    "threat": _w(
        "帳戶將被凍結|資金將被沒收|錢包將被停用|資產將被鎖定|將被追究法律責任|帳戶將被註銷"
    ),
    "secret": _w("助記詞|私鑰|恢復短語|十二個單詞|錢包備份"),
    "verify": _w("驗證|同步|解凍|激活|升級|修復|認證"),
    "prize": _w("空投|獎金|紅包|抽獎|回贈|禮品"),
    "n": _w("100|500|1000|5000|10000"),
    "task": _w("點讚影片|刷單|評價酒店|關注商店|做任務|評分電影"),
    "official": _w("警方|海關|法院|入境處|國際刑警|稅務局|證監會|反詐騙中心"),
    "agent": _w("追回團隊|區塊鏈律師|黑客|資產追討專家|網絡偵探"),
    "romance": _w("親愛的|寶貝|老公|老婆|甜心"),
    "support": _w("客服|技術支援|安全團隊|風控部門|合規部門"),
    "p2p": _w("場外交易|OTC|P2P|擔保交易|收幣商"),
}

ZH_TEMPLATES: dict[str, list[str]] = {
    "investment": _w(
        "保證{period}收益{pct}%|{person}帶你投資{coin}|加入{group}穩賺不賠|{period}回報{pct}%零風險"
        "|跟{person}買{coin}{when}獲利|{platform}保證{pct}%回報"
    ),
    "fake_support": _w(
        "請聯絡{support}{chat}|{support}通知：{threat}|{support}協助{verify}{platform}"
        "|{when}回覆{support}否則{threat}|{support}發現你的{platform}異常登入"
    ),
    "phishing": _w(
        "{when}登入{verify}你的{platform}|{threat}，請{when}{verify}|點擊連結{verify}{platform}"
        "|連接錢包{verify}{coin}|安全提示：{verify}{coin}{platform}"
    ),
    "airdrop": _w(
        "領取{n}{coin}{prize}|{coin}{prize}{when}結束|連接錢包領取{coin}{prize}|轉{n}{coin}返還雙倍"
        "|首{n}名用戶可獲{coin}{prize}"
    ),
    "romance": _w(
        "{romance}我教你做{coin}|{romance}我們一起投資{platform}|{romance}我需要{n}元{fee}"
        "|{romance}轉去{chat}聊|{romance}我舅舅是{coin}{person}"
    ),
    "job_task": _w(
        "在家{task}日賺{n}|兼職{task}佣金{pct}%|{pay}{n}解鎖下一組任務|{task}以{coin}支付|完成{n}單才能提取薪金"
        "|在{platform}{task}以{coin}結算"
    ),
    "impersonation": _w(
        "{official}通知你的{platform}涉及洗黑錢|{official}要求你{pay}{fee}|{official}已對你發出通緝令"
        "|把{coin}轉到{official}的安全帳戶|{official}需要你的{secret}協助調查"
    ),
    "recovery": _w(
        "{agent}幫你追回{coin}|{pay}{fee}即可取回{coin}|{agent}{when}追蹤被騙資金|成功追回{pct}%受害人資金"
        "|{agent}保證退款"
    ),
    "seed_phrase": _w(
        "輸入{secret}{verify}錢包|把{secret}發給{support}|提供{secret}以{verify}"
        "|在{platform}導入{secret}|{when}提交{secret}否則{threat}"
    ),
    "fake_exchange": _w(
        "下載{platform}買賣{coin}|{platform}餘額{n}{coin}需{pay}{fee}|提款需先{pay}{pct}%{fee}"
        "|{platform}{period}派息{pct}%|信用分不足請{pay}{fee}"
    ),
    "otc_p2p": _w(
        "{p2p}低價出{coin}|{p2p}賣家要求你先{pay}|已經付款請{when}放幣|{p2p}{n}{coin}九折|{p2p}訂單取消需再{pay}"
    ),
    "address_poisoning": _w(
        "請用新的{coin}地址轉帳|充值地址已更改請轉{coin}到新地址|從交易記錄複製{coin}地址|收到陌生地址的{coin}小額轉帳"
        "|{when}更新{coin}充值地址|{platform}的{coin}地址已更新請{pay}到新地址"
    ),
    "prize_lottery": _w(
        "恭喜你抽中{n}元{prize}|{pay}{fee}領取{prize}|你的包裹被扣請{when}{pay}{fee}|{prize}領獎碼{when}失效"
        "|你的號碼被選中獲得{prize}"
    ),
}

CATEGORY_TITLES: dict[str, tuple[str, str]] = {
    "investment": ("Investment scam", "投資騙案"),
    "fake_support": ("Fake customer support", "假冒客服"),
    "phishing": ("Phishing link", "釣魚連結"),
    "airdrop": ("Fake airdrop or giveaway", "虛假空投"),
    "romance": ("Romance scam", "網上情緣騙案"),
    "job_task": ("Job or task scam", "求職及刷單騙案"),
    "impersonation": ("Impersonating police or officials", "冒充警察或官員"),
    "recovery": ("Recovery scam", "追討騙案"),
    "seed_phrase": ("Seed phrase request", "索取助記詞"),
    "fake_exchange": ("Fake exchange or platform", "虛假交易平台"),
    "otc_p2p": ("OTC or P2P fraud", "場外交易騙案"),
    "address_poisoning": ("Address poisoning", "地址投毒"),
    "prize_lottery": ("Prize or lottery scam", "中獎騙案"),
}

# Exchanges, wallets, services and police whose sites phishing imitates, as name|domain|kind.
# Domains are the brands' main sites as commonly known: benchmark data, not the curated list.
BRANDS: list[tuple[str, ...]] = [
    tuple(row.split("|"))
    for row in (
        "Binance|binance.com|exchange",
        "Coinbase|coinbase.com|exchange",
        "Kraken|kraken.com|exchange",
        "OKX|okx.com|exchange",
        "Bybit|bybit.com|exchange",
        "KuCoin|kucoin.com|exchange",
        "Gate.io|gate.io|exchange",
        "HTX|htx.com|exchange",
        "Bitget|bitget.com|exchange",
        "MEXC|mexc.com|exchange",
        "Crypto.com|crypto.com|exchange",
        "Bitfinex|bitfinex.com|exchange",
        "Bitstamp|bitstamp.net|exchange",
        "Gemini|gemini.com|exchange",
        "Upbit|upbit.com|exchange",
        "Bithumb|bithumb.com|exchange",
        "bitFlyer|bitflyer.com|exchange",
        "HashKey|hashkey.com|exchange",
        "OSL|osl.com|exchange",
        "Bitpanda|bitpanda.com|exchange",
        "Bitvavo|bitvavo.com|exchange",
        "Blockchain.com|blockchain.com|wallet",
        "MetaMask|metamask.io|wallet",
        "Trust Wallet|trustwallet.com|wallet",
        "Ledger|ledger.com|wallet",
        "Trezor|trezor.io|wallet",
        "Phantom|phantom.app|wallet",
        "Exodus|exodus.com|wallet",
        "Uniswap|uniswap.org|defi",
        "OpenSea|opensea.io|service",
        "PancakeSwap|pancakeswap.finance|defi",
        "1inch|1inch.io|defi",
        "Tonkeeper|tonkeeper.com|wallet",
        "TronLink|tronlink.org|wallet",
        "imToken|token.im|wallet",
        "TokenPocket|tokenpocket.pro|wallet",
        "SafePal|safepal.com|wallet",
        "BitPay|bitpay.com|service",
        "Bitkub|bitkub.com|exchange",
        "Coincheck|coincheck.com|exchange",
        "Luno|luno.com|exchange",
        "WazirX|wazirx.com|exchange",
        "CoinDCX|coindcx.com|exchange",
        "Indodax|indodax.com|exchange",
        "Bitso|bitso.com|exchange",
        "Mercado Bitcoin|mercadobitcoin.com.br|exchange",
        "Poloniex|poloniex.com|exchange",
        "Bittrex|bittrex.com|exchange",
        "LBank|lbank.com|exchange",
        "BingX|bingx.com|exchange",
        "Phemex|phemex.com|exchange",
        "WhiteBIT|whitebit.com|exchange",
        "CoinEx|coinex.com|exchange",
        "BitMart|bitmart.com|exchange",
        "Deribit|deribit.com|exchange",
        "Kraken Pro|pro.kraken.com|exchange",
        "Rabby|rabby.io|wallet",
        "Rainbow|rainbow.me|wallet",
        "Zerion|zerion.io|wallet",
        "Argent|argent.xyz|wallet",
        "Keplr|keplr.app|wallet",
        "Solflare|solflare.com|wallet",
        "Backpack|backpack.app|wallet",
        "Coinomi|coinomi.com|wallet",
        "Atomic Wallet|atomicwallet.io|wallet",
        "Electrum|electrum.org|wallet",
        "Sparrow|sparrowwallet.com|wallet",
        "BlueWallet|bluewallet.io|wallet",
        "Guarda|guarda.com|wallet",
        "Zengo|zengo.com|wallet",
        "WalletConnect|walletconnect.com|service",
        "Etherscan|etherscan.io|service",
        "Tronscan|tronscan.org|service",
        "BscScan|bscscan.com|service",
        "Solscan|solscan.io|service",
        "CoinMarketCap|coinmarketcap.com|service",
        "CoinGecko|coingecko.com|service",
        "Lido|lido.fi|defi",
        "Aave|aave.com|defi",
        "Curve|curve.fi|defi",
        "SushiSwap|sushi.com|defi",
        "dYdX|dydx.exchange|defi",
        "Raydium|raydium.io|defi",
        "Jupiter|jup.ag|defi",
        "Magic Eden|magiceden.io|service",
        "Blur|blur.io|service",
        "Arbitrum|arbitrum.io|defi",
        "Optimism|optimism.io|defi",
        "Polygon|polygon.technology|defi",
        "Tether|tether.to|service",
        "Circle|circle.com|service",
        "PayPal|paypal.com|service",
        "Revolut|revolut.com|service",
        "Wise|wise.com|service",
        "Hong Kong Police|police.gov.hk|police",
        "CyberDefender|cyberdefender.hk|police",
        "HKMA|hkma.gov.hk|government",
        "SFC|sfc.hk|government",
        "Action Fraud|actionfraud.police.uk|police",
        "IC3|ic3.gov|police",
        "Singapore Police|police.gov.sg|police",
        "ScamShield|scamshield.gov.sg|police",
    )
]
BAIT = _w(
    "verify|secure|support|wallet|claim|airdrop|login|connect|restore|sync|bonus|reward"
    "|help|service|update|account|unlock|auth|validate|gift|promo|app|web3|dapp|defi|earn"
    "|vip"
)
WORDS = _w(
    "global|crypto|coin|trade|invest|capital|asset|finance|smart|prime|alpha|meta|chain"
    "|block|token|profit|gold|star|fx|mining|yield|vault|bit|nova|apex|zen|lucky|royal"
    "|top|world|future|bridge|swap|stake|pool|fund|quant|ai|pro"
)
TLDS = _w(
    "com|net|org|top|xyz|vip|cc|io|app|site|online|live|shop|club|info|pro|co|me|icu|buzz"
    "|cyou|sbs|work|link"
)
FREE_HOSTS = _w(
    "pages.dev|netlify.app|vercel.app|web.app|github.io|glitch.me|firebaseapp.com"
    "|herokuapp.com|weebly.com|wixsite.com"
)
ORGS = _w("HKPF|ADCC|FBI IC3|Action Fraud|SPF|Chainabuse|ScamSniffer|CryptoScamDB|AFP|NPA|TPA|")
SOURCES = _w("police|police|moderator|community|automatic|automatic")
ADDRESS_CATEGORIES = _w(
    "investment|fake_exchange|address_poisoning|recovery|romance|job_task|airdrop|otc_p2p"
    "|impersonation"
)
DOMAIN_CATEGORIES = _w(
    "phishing|phishing|fake_exchange|airdrop|investment|fake_support|seed_phrase|job_task"
)
EPOCH = dt.date(2022, 1, 1)
# Names too ordinary to flag inside a host name (the curated brand list leaves them out too).
GENERIC = frozenset(
    _w(
        "arbitrum|argent|backpack|bittrex|blockchain|circle|crypto|curve|deribit|electrum"
        "|exodus|gemini|guarda|jupiter|kraken|ledger|optimism|phantom|police|polygon|rainbow"
        "|revolut|sparrow|token"
    )
)


# --- phrases ------------------------------------------------------------------------------


def _expand(template: str, slots: dict[str, list[str]]) -> list[str]:
    names = list(dict.fromkeys(n for _, n, _, _ in string.Formatter().parse(template) if n))
    return [
        template.format(**dict(zip(names, values, strict=True)))
        for values in itertools.product(*(slots[n] for n in names))
    ]


def generate_phrases(rng: random.Random, total: int) -> list[PhraseFile]:
    """total phrases, two thirds English, one third Chinese, spread over the categories."""
    files: list[PhraseFile] = []
    cats = list(EN_TEMPLATES)
    en_total = total * 2 // 3
    for lang, templates, slots, want in (
        ("en", EN_TEMPLATES, EN_SLOTS, en_total),
        ("zh-HK", ZH_TEMPLATES, ZH_SLOTS, total - en_total),
    ):
        for ci, cat in enumerate(cats):
            n = want // len(cats) + (1 if ci < want % len(cats) else 0)
            pool = sorted({text for t in templates[cat] for text in _expand(t, slots)})
            if len(pool) < n:
                raise SystemExit(f"only {len(pool)} {lang} phrases for {cat}, {n} wanted")
            chosen = rng.sample(pool, n)
            files.append(
                PhraseFile(
                    lang=lang,  # type: ignore[arg-type]
                    category=cat,
                    phrases=[
                        Phrase(text=t, weight=rng.choice([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]))
                        for t in chosen
                    ],
                )
            )
    return files


# --- categories and brands ----------------------------------------------------------------


def generate_categories() -> dict[str, Category]:
    out = {}
    for cid, (en, zh) in CATEGORY_TITLES.items():
        out[cid] = Category.model_validate(
            {
                "id": cid,
                "title": {"en": en, "zh-HK": zh},
                "explanation": {"en": f"{en}: benchmark text.", "zh-HK": f"{zh}：測試文字。"},
                "warning": {"en": f"This looks like a {en.lower()}.", "zh-HK": f"這似是{zh}。"},
                "tips": {
                    "en": ["Stop.", "Check.", "Ask someone."],
                    "zh-HK": ["停一停。", "查一查。", "問一問。"],
                },
                "example": {"en": f"An example of {en.lower()}.", "zh-HK": f"{zh}的例子。"},
            }
        )
    return out


def _label(domain: str) -> str:
    return domain.split(".")[0] if not domain.startswith("pro.") else domain.split(".")[1]


def generate_brands(rng: random.Random, n: int) -> list[Brand]:
    brands = []
    for name, domain, kind in BRANDS[:n]:
        label = _label(domain)
        bid = "b_" + "".join(c if c.isalnum() else "_" for c in name.lower())
        tld = domain.rsplit(".", 1)[-1]
        extra = [f"{label}.{t}" for t in ("net", "org", "app") if t != tld][: rng.randint(0, 2)]
        addresses = [_evm(rng), _tron(rng)] if kind == "exchange" else []
        brands.append(
            Brand(
                id=bid[:40],
                name=name,
                kind=kind,  # type: ignore[arg-type]
                domains=[domain, *extra],
                handles=[label, f"{label}_support"] if kind == "exchange" else [label],
                addresses=addresses,
                keywords=[label]
                if len(label) >= 5 and label.isalpha() and label not in GENERIC
                else [],
                source=f"https://{domain}",
            )
        )
    if len(brands) < n:
        raise SystemExit(f"only {len(brands)} brands known, {n} wanted")
    return brands


# --- addresses ----------------------------------------------------------------------------


def _evm(rng: random.Random) -> str:
    body = rng.randbytes(20).hex()
    digest = keccak_256(body.encode()).hexdigest()
    return "0x" + "".join(
        c.upper() if c.isalpha() and int(d, 16) >= 8 else c
        for c, d in zip(body, digest, strict=False)
    )


def _b58check(data: bytes, alphabet: bytes = base58.BITCOIN_ALPHABET) -> str:
    return base58.b58encode_check(data, alphabet).decode()


def _tron(rng: random.Random) -> str:
    return _b58check(b"\x41" + rng.randbytes(20))


def _btc_legacy(rng: random.Random) -> str:
    return _b58check(rng.choice([b"\x00", b"\x05"]) + rng.randbytes(20))


def _btc_segwit(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return bech32m.encode("bc", 0, rng.randbytes(20))  # bech32 P2WPKH
    return bech32m.encode("bc", 1, rng.randbytes(32))  # bech32m Taproot


def _ltc(rng: random.Random) -> str:
    return _b58check(rng.choice([b"\x30", b"\x32"]) + rng.randbytes(20))


def _doge(rng: random.Random) -> str:
    return _b58check(b"\x1e" + rng.randbytes(20))


def _xrp(rng: random.Random) -> str:
    return _b58check(b"\x00" + rng.randbytes(20), base58.XRP_ALPHABET)


def _sol(rng: random.Random) -> str:
    while True:
        s = base58.b58encode(rng.randbytes(32)).decode()
        if len(s) >= 43:
            return s


def _bch(rng: random.Random) -> str:
    return cashaddr.encode("bitcoincash", 0, rng.randbytes(20))


def _ton(rng: random.Random) -> str:
    return f"0:{rng.randbytes(32).hex()}"


# chain generator, share of reported addresses
CHAINS: list[tuple[Callable[[random.Random], str], float]] = [
    (_evm, 0.40),
    (_tron, 0.25),
    (_btc_legacy, 0.08),
    (_btc_segwit, 0.10),
    (_sol, 0.07),
    (_ltc, 0.02),
    (_doge, 0.02),
    (_xrp, 0.02),
    (_bch, 0.02),
    (_ton, 0.02),
]


def random_address(rng: random.Random) -> str:
    gens, weights = zip(*CHAINS, strict=True)
    return rng.choices(gens, weights)[0](rng)


def _dates(rng: random.Random) -> tuple[dt.date, dt.date]:
    first = EPOCH + dt.timedelta(days=rng.randrange(1400))
    return first, first + dt.timedelta(days=rng.randrange(120))


def _report(rng: random.Random, kind: str, value: str, cats: list[str]) -> Reported:
    first, last = _dates(rng)
    source = rng.choice(SOURCES)
    return Reported(
        kind=kind,  # type: ignore[arg-type]
        value=value,
        category=rng.choice(cats),
        source=source,  # type: ignore[arg-type]
        organisation=rng.choice(ORGS) if source == "police" else "",
        reference=f"CASE-{rng.randrange(10**6):06d}" if source == "police" else "",
        reports=min(int(rng.paretovariate(1.2)), 500),
        first_seen=first,
        last_seen=last,
    )


UNRECOGNISED: Counter[str] = Counter()  # valid addresses that bot.chains does not take


def reported_addresses(rng: random.Random, n: int) -> Iterator[Reported]:
    """n distinct valid addresses; those the engine cannot parse are counted and replaced."""
    seen: set[str] = set()
    while len(seen) < n:
        a = random_address(rng)
        if a in seen:
            continue
        if address_key(a) is None:
            UNRECOGNISED[a[0]] += 1
            continue
        seen.add(a)
        yield _report(rng, "address", a, ADDRESS_CATEGORIES)


def phishing_domain(rng: random.Random, brands: list[Brand]) -> str:
    """A host of the kinds phishing uses: brand and bait words, random words, free hosting."""
    r = rng.random()
    brand = _label(rng.choice(brands).domains[0])
    tld = rng.choice(TLDS)
    if r < 0.3:
        return f"{brand}-{rng.choice(BAIT)}.{tld}"
    if r < 0.45:
        return f"{rng.choice(BAIT)}-{brand}{rng.randrange(100)}.{tld}"
    if r < 0.6:
        return f"{brand}-{rng.choice(BAIT)}-{rng.randrange(1000)}.{rng.choice(FREE_HOSTS)}"
    if r < 0.85:
        suffix = rng.choice(["", str(rng.randrange(100))])
        return f"{rng.choice(WORDS)}{rng.choice(WORDS)}{suffix}.{tld}"
    return f"{rng.choice(BAIT)}.{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.randrange(1000)}.{tld}"


def reported_domains(rng: random.Random, n: int, brands: list[Brand]) -> Iterator[Reported]:
    """n distinct phishing-like hosts, none of them a brand's official domain."""
    official = {d for b in brands for d in b.domains}
    seen: set[str] = set()
    while len(seen) < n:
        d = phishing_domain(rng, brands)
        if d not in seen and d not in official:
            seen.add(d)
            yield _report(rng, "domain", d, DOMAIN_CATEGORIES)


# --- main ---------------------------------------------------------------------------------


def generate(
    db: Path, seed: int, phrases: int, addresses: int, domains: int, brands: int
) -> dict[str, float]:
    for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        p.unlink(missing_ok=True)
    rng = random.Random(seed)
    timings: dict[str, float] = {}
    store = Store(db)
    t = time.perf_counter()
    brand_list = generate_brands(rng, brands)
    kb = Knowledge(
        categories=generate_categories(),
        brands=brand_list,
        phrases=generate_phrases(rng, phrases),
    )
    store.load_knowledge(kb, actor=ACTOR, reason=f"benchmark knowledge base, seed {seed}")
    timings["categories, brands, phrases"] = time.perf_counter() - t
    t = time.perf_counter()
    n = store.bulk_add_reported(
        reported_addresses(rng, addresses), actor=ACTOR, reason=f"benchmark addresses, seed {seed}"
    )
    timings[f"{n:,} addresses"] = time.perf_counter() - t
    t = time.perf_counter()
    n = store.bulk_add_reported(
        reported_domains(rng, domains, brand_list),
        actor=ACTOR,
        reason=f"benchmark domains, seed {seed}",
    )
    timings[f"{n:,} domains"] = time.perf_counter() - t
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.set_meta("bench_seed", str(seed))
    store.close()
    return timings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("--db", type=Path, default=OUT / "kb.db")
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--phrases", type=int, default=10_000)
    ap.add_argument("--addresses", type=int, default=1_000_000)
    ap.add_argument("--domains", type=int, default=100_000)
    ap.add_argument("--brands", type=int, default=100)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    timings = generate(args.db, args.seed, args.phrases, args.addresses, args.domains, args.brands)
    for what, secs in timings.items():
        print(f"  {what:<30} {secs:8.1f} s")
    if UNRECOGNISED:
        print(
            f"  note: {UNRECOGNISED.total():,} valid generated addresses were not recognised by"
            f" bot.chains and were replaced (by first character: {dict(UNRECOGNISED)})"
        )
    print(
        f"generated {args.db} in {time.perf_counter() - started:.1f} s"
        f" ({args.db.stat().st_size / 2**20:.0f} MiB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
