"""Chinese rows of the `train` split of ../shared/train: which scams the engine misses and which
ordinary messages it flags, with the tactics seen, to write Chinese tactics from.

    .venv/bin/python benchmarks/zh_train_misses.py > /tmp/zh.txt

The same as `benchmarks/train_misses.py --lang zh` (see there).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_misses import main

if __name__ == "__main__":
    raise SystemExit(main(["--lang", "zh", *sys.argv[1:]]))
