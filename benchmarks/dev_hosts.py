"""check() on the host model's dev split: where settings of the host rules and the model are
chosen (never on the test split, the newer phishing hosts or ../shared/eval).

    .venv/bin/python benchmarks/dev_hosts.py [--model PATH] [--subdomain-veto 0.1 0.05 0]
        [--sample 10000]

For each artefact (default: the shipped one) and each value of SUBDOMAIN_BRAND_VETO (a brand's
name only in a subdomain, bot/domains.py), the share of dev phishing hosts, dev legitimate hosts
and dev crypto legitimate hosts that check() flags (medium or high), each host checked as
`https://HOST/` with the shipped knowledge/, plus the model alone at its own `medium`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import domains  # noqa: E402
from bot.engine import KnowledgeIndex, check  # noqa: E402
from bot.hostmodel import ARTEFACT, HostModel  # noqa: E402
from bot.hostmodel_train import load_legit, load_phishing, official  # noqa: E402
from bot.hoststage import Stage, default_stage, model_flags  # noqa: E402
from bot.knowledge import load_dir  # noqa: E402
from bot.message import Message  # noqa: E402

FLAGGED = ("medium", "high")


def rates(model: HostModel, veto: float, sets: dict[str, list[str]], stage: Stage | None = None
          ) -> dict[str, object]:
    """check()'s flagged share of each set with this model, stage and veto, and the model's
    alone."""
    # what check() consults, for this run only
    domains.default_model = lambda: model  # type: ignore[assignment]
    domains.default_stage = lambda: stage  # type: ignore[assignment]
    domains.SUBDOMAIN_BRAND_VETO = veto
    idx = KnowledgeIndex.build(load_dir(ROOT / "knowledge"))  # a fresh host cache
    out: dict[str, object] = {}
    for name, hosts in sets.items():
        n = max(len(hosts), 1)
        flagged = sum(check(Message(text=f"https://{h}/"), idx).risk in FLAGGED for h in hosts)
        alone = sum(model_flags(model, stage, h) for h in hosts)
        out[name] = {"n": len(hosts), "check": round(flagged / n, 4),
                     "model": round(alone / n, 4)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--train-dir", default=str(ROOT.parent / "shared" / "train"))
    ap.add_argument("--model", nargs="+", default=[str(ARTEFACT)])
    ap.add_argument("--stage", nargs="+", default=["shipped"],
                    help="second-stage artefacts to try with each model ('none': without one,"
                         " 'shipped': bot/data/hoststage.tsv)")
    ap.add_argument("--subdomain-veto", nargs="+", type=float,
                    default=[domains.SUBDOMAIN_BRAND_VETO])
    ap.add_argument("--sample", type=int, default=10000, help="dev phishing hosts drawn")
    args = ap.parse_args()
    phishing = [h for h, p in load_phishing(Path(args.train_dir)) if p == "dev"]
    legit = load_legit()
    is_official = official(legit)
    asked = [(h, s) for h, p, s in legit if p == "dev" and not is_official(h)]
    rng = random.Random(7)
    sets = {
        "dev phishing": sorted(rng.sample(phishing, min(args.sample, len(phishing)))),
        "dev legit (not official)": [h for h, _ in asked],
        "dev legit crypto (not official)": [h for h, s in asked if s != "hstspreload"],
    }
    def stage_of(name: str) -> Stage | None:
        return (default_stage() if name == "shipped" else None if name == "none"
                else Stage.load(Path(name)))

    report = {f"{path} stage {st} veto {veto}": rates(HostModel.load(Path(path)), veto, sets,
                                                      stage_of(st))
              for path in args.model for st in args.stage for veto in args.subdomain_veto}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
