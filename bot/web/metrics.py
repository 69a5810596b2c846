"""Counters and histograms in the Prometheus text format (0.0.4), without a client library.

Per process: each replica exposes its own, and Prometheus adds them up.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable

Labels = tuple[str, ...]
# Seconds: the engine answers in about a millisecond; a long message or a batch takes longer.
LATENCY_BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


def _escape(value: str) -> str:
    return value.replace("\\", r"\\").replace("\n", r"\n").replace('"', r"\"")


def _labels(names: Labels, values: Labels, extra: str = "") -> str:
    pairs = [f'{n}="{_escape(v)}"' for n, v in zip(names, values, strict=True)]
    if extra:
        pairs.append(extra)
    return "{" + ",".join(pairs) + "}" if pairs else ""


def _number(x: float) -> str:
    if math.isinf(x):
        return "+Inf" if x > 0 else "-Inf"
    return repr(float(x)) if not float(x).is_integer() else str(int(x))


class Counter:
    """A monotonically increasing count, per combination of label values."""

    kind = "counter"

    def __init__(self, name: str, help: str, labels: Labels = ()) -> None:
        self.name, self.help, self.label_names = name, help, labels
        self.values: dict[Labels, float] = {}

    def inc(self, *labels: str, by: float = 1.0) -> None:
        self.values[labels] = self.values.get(labels, 0.0) + by

    def get(self, *labels: str) -> float:
        return self.values.get(labels, 0.0)

    def samples(self) -> Iterable[str]:
        for values, count in sorted(self.values.items()):
            yield f"{self.name}{_labels(self.label_names, values)} {_number(count)}"


class Gauge:
    """A value read when scraped."""

    kind = "gauge"

    def __init__(self, name: str, help: str, read: Callable[[], float]) -> None:
        self.name, self.help, self.read = name, help, read

    def samples(self) -> Iterable[str]:
        yield f"{self.name} {_number(self.read())}"


class Histogram:
    """Observations counted in cumulative buckets, with their sum and count."""

    kind = "histogram"

    def __init__(
        self,
        name: str,
        help: str,
        labels: Labels = (),
        buckets: tuple[float, ...] = LATENCY_BUCKETS,
    ) -> None:
        self.name, self.help, self.label_names = name, help, labels
        self.bounds = tuple(sorted(buckets))
        self.series: dict[Labels, list[float]] = {}  # per-bucket counts (+Inf last), sum

    def observe(self, value: float, *labels: str) -> None:
        row = self.series.get(labels)
        if row is None:
            row = self.series[labels] = [0.0] * (len(self.bounds) + 2)
        row[bisect.bisect_left(self.bounds, value)] += 1
        row[-1] += value

    def count(self, *labels: str) -> int:
        row = self.series.get(labels)
        return int(sum(row[:-1])) if row else 0

    def samples(self) -> Iterable[str]:
        for values, row in sorted(self.series.items()):
            running = 0.0
            for bound, n in zip((*self.bounds, math.inf), row[:-1], strict=True):
                running += n
                labels = _labels(self.label_names, values, f'le="{_number(bound)}"')
                yield f"{self.name}_bucket{labels} {_number(running)}"
            yield f"{self.name}_sum{_labels(self.label_names, values)} {_number(row[-1])}"
            yield f"{self.name}_count{_labels(self.label_names, values)} {_number(running)}"


Metric = Counter | Gauge | Histogram


class Metrics:
    """What the service counts; rendered as one Prometheus text page at /metrics."""

    def __init__(self) -> None:
        self.checks = Counter(
            "scamcheck_checks_total", "Messages checked, by where they came from.", ("face",)
        )
        self.verdicts = Counter(
            "scamcheck_verdicts_total", "Verdicts given, by risk level.", ("risk",)
        )
        self.check_seconds = Histogram(
            "scamcheck_check_duration_seconds", "Time the engine took for one check."
        )
        self.requests = Counter(
            "scamcheck_http_requests_total",
            "HTTP requests answered, by route and status.",
            ("method", "route", "status"),
        )
        self.request_seconds = Histogram(
            "scamcheck_http_request_duration_seconds",
            "Time from receiving a request to answering it, by route.",
            ("route",),
        )
        self.rate_limited = Counter(
            "scamcheck_rate_limited_total", "Requests refused with 429, by client kind.", ("by",)
        )
        self.webhook_updates = Counter(
            "scamcheck_webhook_updates_total",
            "Telegram updates received on the webhook, by outcome.",
            ("outcome",),
        )
        self.gauges: list[Gauge] = []

    def gauge(self, name: str, help: str, read: Callable[[], float]) -> None:
        """Adds a value read at scrape time (the knowledge version, for instance)."""
        self.gauges.append(Gauge(name, help, read))

    def all(self) -> list[Metric]:
        return [
            self.checks,
            self.verdicts,
            self.check_seconds,
            self.requests,
            self.request_seconds,
            self.rate_limited,
            self.webhook_updates,
            *self.gauges,
        ]

    def render(self) -> str:
        """The Prometheus text exposition of every metric."""
        lines: list[str] = []
        for m in self.all():
            lines.append(f"# HELP {m.name} {m.help}")
            lines.append(f"# TYPE {m.name} {m.kind}")
            lines.extend(m.samples())
        return "\n".join(lines) + "\n"
