"""Out-of-fold scores of the host model's *training* hosts: a steadier place than dev to choose
features and training weights on, because dev holds only ~1,870 crypto legitimate hosts the
model is asked about (0.5% of them is 9 hosts) where train holds ~14,000.

    .venv/bin/python benchmarks/cv_hosts.py [--folds 3] [--hard-weight 10] [--drop sh: xs:]

The train part (bot/hostmodel_train.py: never dev, test or the newer phishing hosts, never
../shared/eval) is cut into folds by a second byte of the same hash of the registrable domain
(all hosts of one domain in one fold). For each fold a model is learnt from the other folds as
the trainer learns the shipped one, and scores the fold's hosts. Over the pooled out-of-fold
scores, of the hosts the model is asked about (not on or under a brand's official domain), it
prints the share of phishing hosts caught at the threshold the trainer's rule gives (at most
MEDIUM_FP of legitimate and MEDIUM_FP_CRYPTO of crypto legitimate hosts above it) and at other
crypto shares, and the legitimate shares there. The model alone; check()'s rules are not run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import hostmodel_train as ht  # noqa: E402
from bot.hostmodel import HostModel  # noqa: E402


def share_above(scores: list[float], t: float) -> float:
    return round(sum(s >= t for s in scores) / max(len(scores), 1), 4)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--train-dir", default=str(ROOT.parent / "shared" / "train"))
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--hard-weight", type=float, default=ht.HARD_WEIGHT)
    ap.add_argument("--drop", nargs="*", default=list(ht.DROP))
    ap.add_argument("--leave-out", nargs="*", default=list(ht.LEAVE_OUT),
                    help="sources of the legitimate list not to use (the trainer's default)")
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    phishing = [h for h, p in ht.load_phishing(Path(args.train_dir)) if p == "train"]
    legit = ht.load_legit(leave_out=args.leave_out)
    is_official = ht.official(legit)
    general = [h for h, p, s in legit if p == "train" and s == "hstspreload"]
    crypto = [h for h, p, s in legit if p == "train" and s != "hstspreload"]
    oof: dict[str, list[float]] = {"phishing": [], "legit": [], "crypto": []}
    started = time.process_time()
    for k in range(args.folds):
        def out(hosts: list[str], k: int = k) -> list[str]:
            return [h for h in hosts if ht.fold(h, args.folds) != k]

        def inside(hosts: list[str], k: int = k) -> list[str]:
            return [h for h in hosts if ht.fold(h, args.folds) == k]

        text = ht.train(out(phishing), out(general), [], [], out(crypto),
                        args.hard_weight, tuple(args.drop))
        model = HostModel.parse(text)
        oof["phishing"] += [model.score(h) for h in inside(phishing)]
        asked_general = [h for h in inside(general) if not is_official(h)]
        asked_crypto = [h for h in inside(crypto) if not is_official(h)]
        oof["legit"] += [model.score(h) for h in asked_general + asked_crypto]
        oof["crypto"] += [model.score(h) for h in asked_crypto]
    legit_sorted, crypto_sorted = sorted(oof["legit"]), sorted(oof["crypto"])
    rows = {}
    for legit_fp, crypto_fp in ((ht.MEDIUM_FP, ht.MEDIUM_FP_CRYPTO), (1.0, 0.0025),
                                (1.0, 0.005), (1.0, 0.01), (ht.MEDIUM_FP, 1.0)):
        t = max(ht._threshold(legit_sorted, legit_fp), ht._threshold(crypto_sorted, crypto_fp))
        rows[f"legit {legit_fp} / crypto {crypto_fp}"] = {
            "threshold": t, "phishing": share_above(oof["phishing"], t),
            "legit": share_above(oof["legit"], t), "crypto": share_above(oof["crypto"], t)}
    print(json.dumps({"label": args.label, "hard_weight": args.hard_weight,
                      "drop": args.drop, "n": {k: len(v) for k, v in oof.items()},
                      "cpu_s": round(time.process_time() - started), "at": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
