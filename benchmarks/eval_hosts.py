"""Host detection on the parts of the training hosts nothing was trained or tuned on, and on
../shared/eval/domains: rules alone, the learned model alone, and check() with both.

    .venv/bin/python benchmarks/eval_hosts.py [--sample 5000] [--no-eval] [--model A.tsv B.tsv]

Each host goes through check() as `https://HOST/` with the shipped knowledge/ (like
eval_quality.py); flagged means medium or high. Held back (bot/hostmodel_train.py): phishing
'test' (a hash of the registrable domain), phishing 'newer' (first seen from 2026-02-01),
legitimate 'test', and its crypto part (chains' sites, hosts in crypto chat), also split into
the sources gathered before 2026-12-06 and the ones added then (NEW_SOURCES), so that a model
trained with the new sources is compared with one trained without them on the same hosts.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import domains  # noqa: E402
from bot.engine import KnowledgeIndex, check  # noqa: E402
from bot.hostmodel import HostModel, default_model  # noqa: E402
from bot.hostmodel_train import load_legit, load_phishing  # noqa: E402
from bot.hoststage import Stage, default_stage, model_flags  # noqa: E402
from bot.knowledge import load_dir  # noqa: E402
from bot.message import Message  # noqa: E402

FLAGGED = ("medium", "high")
MODEL_MARK = "model learnt from"
NEW_SOURCES = ("npm-tokens", "npm-crypto2")  # benchmarks/gather_legit_hosts.py, 2026-12-06
EVENING_SOURCES = ("npm-crypto3",)  # added that evening (licence-checked npm packages)
NIGHT_SOURCES = ("npm-crypto4",)  # chain lists, added 2026-12-06 at night


def measure(idx: KnowledgeIndex, hosts: list[str], model: HostModel, stage: Stage | None,
            rows: list[str] | None = None) -> dict[str, object]:
    both = rules = alone = 0
    started = time.perf_counter()
    for h in hosts:
        v = check(Message(text=f"https://{h}/"), idx)
        flagged = [f for f in v.findings if f.severity in FLAGGED]
        both += v.risk in FLAGGED
        rules += any(MODEL_MARK not in f.detail for f in flagged)
        if rows is not None:  # --rows: every host's risk, findings and stage score, exactly
            score = stage.gated(model, h) if stage is not None else model.score(h)
            found = json.dumps([[f.severity, f.detail] for f in v.findings], ensure_ascii=False)
            rows.append(f"{h}\t{v.risk}\t{score!r}\t{found}")
    ms = (time.perf_counter() - started) / max(len(hosts), 1) * 1000
    started = time.perf_counter()
    for h in hosts:
        alone += model_flags(model, stage, h)
    us = (time.perf_counter() - started) / max(len(hosts), 1) * 1e6
    n = max(len(hosts), 1)
    return {"n": len(hosts), "check": round(both / n, 4), "rules": round(rules / n, 4),
            "model": round(alone / n, 4), "check_ms": round(ms, 3), "model_us": round(us, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--train-dir", default=str(ROOT.parent / "shared" / "train"))
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--sample", type=int, default=5000, help="hosts per held-back set")
    ap.add_argument("--no-eval", action="store_true", help="held-back hosts only")
    ap.add_argument("--rows", type=Path,
                    help="also write each host's risk, findings and model score there, one a"
                         " line (to compare two checkouts row by row)")
    ap.add_argument("--model", nargs="*", default=[],
                    help="artefacts to measure, one after another (default: the shipped one)")
    ap.add_argument("--stage", nargs="*", default=None,
                    help="second-stage artefacts (bot/hoststage.py), one per --model or one for"
                         " the shipped model; 'none' for the logistic model alone (default: the"
                         " shipped stage)")
    args = ap.parse_args()
    phishing = load_phishing(Path(args.train_dir))
    legit = load_legit(leave_out=())  # every source's held-back hosts, learnt from or not
    rng = random.Random(11)

    def sample(hosts: list[str]) -> list[str]:
        return sorted(rng.sample(hosts, args.sample)) if len(hosts) > args.sample else hosts

    eval_dir = Path(args.eval_dir) / "domains"
    sets = {
        "phishing test (held back)": sample([h for h, p in phishing if p == "test"]),
        "phishing newer (held back)": sample([h for h, p in phishing if p == "newer"]),
        "legit test (held back)": sample([h for h, p, _ in legit if p == "test"]),
        "legit test, crypto": [h for h, p, s in legit if p == "test" and s != "hstspreload"],
        "legit test, crypto, before the night": [
            h for h, p, s in legit
            if p == "test" and s != "hstspreload" and s not in NIGHT_SOURCES],
        "legit test, crypto, old sources": [
            h for h, p, s in legit
            if p == "test" and s != "hstspreload"
            and s not in (*NEW_SOURCES, *EVENING_SOURCES, *NIGHT_SOURCES)],
        "legit test, crypto, new sources": [
            h for h, p, s in legit if p == "test" and s in NEW_SOURCES],
        "legit test, crypto, evening sources": [
            h for h, p, s in legit if p == "test" and s in EVENING_SOURCES],
        "legit test, crypto, night sources": [
            h for h, p, s in legit if p == "test" and s in NIGHT_SOURCES],
    }
    if not args.no_eval:
        sets["eval phishing"] = (eval_dir / "phishing.txt").read_text().split()
        sets["eval legit"] = (eval_dir / "legit.txt").read_text().split()
    report = {}
    every: list[str] = []
    paths: list[str | None] = list(args.model) or [None]
    stages: list[str | None] = (list(args.stage) if args.stage is not None
                                else [None] * len(paths))
    for path, stage_path in zip(paths, stages, strict=True):
        model = HostModel.load(Path(path)) if path else default_model()
        assert model is not None
        stage = (default_stage() if stage_path is None else None if stage_path == "none"
                 else Stage.load(Path(stage_path)))
        domains.default_model = lambda m=model: m  # type: ignore[assignment]
        domains.default_stage = lambda s=stage: s  # type: ignore[assignment]
        idx = KnowledgeIndex.build(load_dir(ROOT / "knowledge"))  # a fresh host cache
        label = f"{path or 'shipped'} + stage {stage_path or 'shipped'}"
        rows: list[str] | None = [] if args.rows else None
        report[label] = {name: measure(idx, hosts, model, stage, rows)
                         for name, hosts in sets.items()}
        every += [f"{label}\t{r}\n" for r in rows or []]
    if args.rows:
        args.rows.write_text("".join(every), encoding="utf-8")
    print(json.dumps(report if len(report) > 1 or args.model else next(iter(report.values())),
                     indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
