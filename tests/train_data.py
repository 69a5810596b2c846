"""Where the host models' tests find ../shared/train, and when they may retrain in full."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TRAIN_DIR = Path(__file__).resolve().parents[2] / "shared" / "train"
needs_train_data = pytest.mark.skipif(
    not (TRAIN_DIR / "domains" / "phishing_train.tsv").exists(),
    reason="the phishing training list (../shared/train) is not here",
)


def full_retrain(takes: str) -> pytest.MarkDecorator:
    """A retrain over every training host: minutes, so only where SCAMCHECK_FULL_RETRAIN is
    set (.ci/run sets it)."""
    return pytest.mark.skipif(
        not os.environ.get("SCAMCHECK_FULL_RETRAIN"),
        reason=f"{takes}: set SCAMCHECK_FULL_RETRAIN=1 (.ci/run does)",
    )
