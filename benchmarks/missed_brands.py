"""Which crypto projects the phishing hosts that check() lets through imitate: from the
`train` part of the phishing host list only (bot/hostmodel_train.py's hash split; never the
held-back `test` and `newer` parts, never ../shared/eval), to choose brands to add to
knowledge/brands.

    .venv/bin/python benchmarks/missed_brands.py [--part train] [--sample 60000] [--top 120]

Each drawn host goes through check() as `https://HOST/` with the shipped knowledge/ (as
benchmarks/eval_hosts.py does); the missed ones (not `medium` or `high`) are read for:
- candidate project names (CANDIDATES below, written by hand from general knowledge of crypto
  projects, plus `--legit-names`: the registered labels of the legitimate list's crypto hosts
  of the same part): how many missed registrable domains hold each in their registered label
  (as a whole word or run into other words), and whether knowledge/ already guards that name;
- the words of their registered labels (split at hyphens and digits), most frequent first.
Counts are of distinct registrable domains.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.domains import BrandIndex, skeleton  # noqa: E402
from bot.engine import KnowledgeIndex, check  # noqa: E402
from bot.hostmodel import split_host  # noqa: E402
from bot.hostmodel_train import load_legit, load_phishing  # noqa: E402
from bot.indicators import PSL  # noqa: E402
from bot.knowledge import load_dir  # noqa: E402
from bot.message import Message  # noqa: E402

FLAGGED = ("medium", "high")
# Crypto projects, chains, wallets, tools and airdrops that phishing names are made from,
# written from general knowledge (not drawn from any host list).
_NAMES = """
layeredge lombard blockdag zetachain illuvium manta rivalz xion verasity monad movement
berachain eigenlayer eigen symbiotic karak puffer renzo kelp etherfi swell mantle blast
scroll linea taiko zksync starknet starkware layerzero zora base arbitrum optimism polygon
celestia dymension altlayer saga initia berachain hyperlane wormhole stargate orbiter
debridge across synapse hop connext socket bungee jumper squid axelar rhino owlto
uniswap sushiswap pancakeswap curve balancer aerodrome velodrome traderjoe camelot gmx
dydx hyperliquid vertex aevo drift jupiter raydium orca meteora marinade jito kamino
marginfi solend tensor magiceden opensea blur looksrare rarible foundation superrare
pudgypenguins penguins azuki bayc boredape mutantape otherside yugalabs doodles moonbirds
milady pepe shiba floki bonk dogwifhat wif brett mog turbo popcat mew book ofmeme
notcoin hamster hamsterkombat dogs catizen tapswap blum yescoin tomarket xempire major
memefi pixelverse ton tonkeeper tonhub mytonwallet telegram wallet fragment getgems
trustwallet metamask phantom rabby backpack okx bitget coinbase binance kraken bybit
ledger trezor tangem safepal exodus atomic coinomi zerion rainbow argent braavos keplr
leap cosmostation solflare glow slope sollet xdefi ctrl tokenpocket imtoken mathwallet
bitkeep onekey keystone ellipal coldcard bitbox gnosis safe walletconnect web3modal
reown dappradar debank zapper nansen arkham etherscan solscan blockscout defillama
coingecko coinmarketcap dexscreener dextools birdeye geckoterminal revoke revokecash
lido rocketpool frax convex yearn aave compound maker sky spark morpho euler radiant
pendle ethena usde sui aptos sei injective osmosis cosmos atom celestia tia near
aurora avalanche fantom sonic harmony cronos kava klaytn kaia flow hedera algorand
cardano solana ripple xrp stellar tron tezos polkadot kusama moonbeam astar acala
chainlink link thegraph render akash arweave filecoin storj helium livepeer theta
worldcoin world friendtech farcaster warpcast lens galxe zealy layer3 questn taskon
intract dappbay cointelegraph bitcoin ethereum ether litecoin dogecoin shib usdt tether
usdc circle paxos paypal pyusd ondo mantra ocean fetch singularitynet sandbox decentraland
axie axieinfinity ronin gala immutable imx apecoin ape yuga pixels parallel illuvium
bigtime shrapnel gods unchained wax mobox stepn sweat hooked galaxy ordinals unisat
xverse runes rune magic treasure arbdoge nft mint airdrop claim staking stake bridge
swap defi dapp dex web3 finance protocol network labs token coin chain crypto
zkevm zklink zkfair zkswap syncswap mute velocore spacefi linea lxp polyhedra zkbridge
zeta zircuit mode kroma fuel fuelnetwork eclipse nillion grass getgrass nodepay dawn
gradient bless teneo hivemapper dimo io ionet aethir render nosana grass kaito
pumpfun pump moonshot sunpump fourmeme bonkbot photon bullx gmgn maestro banana
unibot trojan axiom sniper bloom
"""
CANDIDATES = _NAMES.split()
WORD = re.compile(r"[a-z]+")


def registered_label(host: str) -> str:
    """The label the owner chose: before the public suffix, private ones counted."""
    name = split_host(host)[0]
    return name.rpartition(".")[2]


def guarded(idx: BrandIndex, name: str) -> str:
    """Which brand of knowledge/ already guards this name (as keyword or official label)."""
    s = skeleton(name)
    hit = idx.keywords.get(s) or idx.labels.get(s)
    if hit:
        return hit[0]
    for d, brand in idx.official_domains.items():
        if d.split(".")[0] == name:
            return f"{brand} (official, not guarded)"
    return ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--train-dir", default=str(ROOT.parent / "shared" / "train"))
    ap.add_argument("--part", choices=("train", "dev"), default="train")
    ap.add_argument("--sample", type=int, default=60000, help="phishing hosts drawn (0: all)")
    ap.add_argument("--top", type=int, default=120)
    ap.add_argument("--legit-names", action="store_true",
                    help="also count the registered labels of the part's crypto legit hosts")
    ap.add_argument("--show", default="", help="print the missed hosts holding this name")
    ap.add_argument("--missed-out", default="", help="write the missed hosts to this file")
    args = ap.parse_args(argv)
    hosts = [h for h, p in load_phishing(Path(args.train_dir)) if p == args.part]
    if args.sample and len(hosts) > args.sample:
        hosts = sorted(random.Random(7).sample(hosts, args.sample))
    idx = KnowledgeIndex.build(load_dir(ROOT / "knowledge"))
    missed: dict[str, str] = {}  # registrable domain -> registered label
    flagged = 0
    missed_hosts = []
    for h in hosts:
        if check(Message(text=f"https://{h}/"), idx).risk in FLAGGED:
            flagged += 1
            continue
        missed_hosts.append(h)
        missed.setdefault(PSL.privatesuffix(h) or h, registered_label(h))
    if args.missed_out:
        Path(args.missed_out).write_text("".join(f"{h}\n" for h in missed_hosts))
    print(f"{args.part}: {len(hosts)} hosts drawn, {flagged} flagged "
          f"({flagged / max(len(hosts), 1):.2%}), {len(missed)} missed registrable domains")
    names = set(CANDIDATES)
    if args.legit_names:
        names |= {registered_label(h) for h, p, s in load_legit(leave_out=())
                  if p == args.part and s not in ("hstspreload", "knowledge")}
    names = {n for n in names if len(n) >= 4 and n.isalpha()}
    if args.show:
        for h in missed_hosts:
            if args.show in registered_label(h):
                print(h)
        return 0
    labels = list(missed.values())
    held = Counter({n: sum(n in label for label in labels) for n in names})
    print(f"\ncandidate names held by missed registered labels (top {args.top}):")
    for n, c in held.most_common(args.top):
        words = sum(n in WORD.findall(label) for label in labels)
        print(f"{c:6d} {words:6d}  {n:20s} {guarded(idx.brands, n)}")
    tokens = Counter(w for label in labels for w in set(WORD.findall(label)) if len(w) >= 4)
    print(f"\nwords of missed registered labels (top {args.top}):")
    for w, c in tokens.most_common(args.top):
        print(f"{c:6d}  {w:20s} {guarded(idx.brands, w)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
