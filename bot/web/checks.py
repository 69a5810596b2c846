"""One check as the web faces make it: the engine, the rendered reply, and what is counted."""

from __future__ import annotations

import time

from bot.checker import Checker
from bot.message import Message
from bot.render import render
from bot.verdict import Verdict
from bot.web.metrics import Metrics


class CheckService:
    """Checks a message and fills `reply` with the warning a person reads (plain text)."""

    def __init__(self, checker: Checker, metrics: Metrics, default_region: str) -> None:
        self.checker = checker
        self.metrics = metrics
        self.default_region = default_region

    def check(self, message: Message, face: str) -> Verdict:
        """The verdict with its reply; counted under face (api, batch, lookup, page)."""
        started = time.perf_counter()
        verdict = self.checker.check(message)
        verdict.reply = render(
            verdict,
            self.checker.index,
            message.lang or "en",
            message.region,
            default_region=self.default_region,
        )
        self.metrics.check_seconds.observe(time.perf_counter() - started)
        self.metrics.checks.inc(face)
        self.metrics.verdicts.inc(verdict.risk)
        return verdict

    def regions(self, lang: str) -> list[tuple[str, str]]:
        """(code, name) of every region the knowledge base has contacts for."""
        regions = self.checker.index.regions
        return sorted((code, r.name.get(lang)) for code, r in regions.items())
