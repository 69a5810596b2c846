"""Structural cues: the shape of a scam message (premium short codes, 'send 1 get 2') as
opposed to its words. Reviewed regular expressions shipped with the package."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

_PATH = Path(__file__).parent / "data" / "cues.yaml"
MAX_SCAN = 20_000  # characters; the engine already cuts longer text


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    category: str
    weight: float
    pattern: re.Pattern[str]
    explain: str
    explain_zh: str


@dataclass(frozen=True, slots=True)
class CueMatch:
    cue: Cue
    start: int
    end: int
    text: str


def load_cues(path: Path = _PATH) -> list[Cue]:
    """The shipped cue list, compiled once."""
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return [Cue(c["id"], c["category"], float(c["weight"]),
                re.compile(c["regex"], re.IGNORECASE), c["explain"], c["explain_zh"])
            for c in data["cues"]]


CUES = load_cues()


def find_cues(text: str, cues: list[Cue] = CUES) -> list[CueMatch]:
    """The first occurrence of each cue in text."""
    text = text[:MAX_SCAN]
    found = []
    for cue in cues:
        if m := cue.pattern.search(text):
            found.append(CueMatch(cue, m.start(), m.end(), m.group(0)))
    return found
