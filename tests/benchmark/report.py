"""Figures of one benchmark block from its recorded requests, and the Markdown table of a run.

Each endpoint is measured twice: *paced*, where every simulated person pauses between requests,
for the latency at the target load; and *flat out*, without pauses, for the requests per second
the server can answer (its capacity; the latency then only tells how long the queue was).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

# The targets: every page at p95 under this many milliseconds at 20 concurrent clients...
P95_TARGET_MS = 100.0
# ...except the ranking of a large round, which may take a little longer.
P95_TARGET_MS_BY_BLOCK = {"ranking": 150.0}
BASELINES = frozenset({"static", "healthz"})


@dataclass(frozen=True)
class Sample:
    started: float  # seconds since the epoch
    milliseconds: float
    failed: bool
    queries: int | None
    db_milliseconds: float | None


@dataclass(frozen=True)
class Row:
    block: str
    label: str
    requests: int  # paced requests counted (after the warm-up)
    paced_rps: float
    p50: float
    p95: float
    errors: int  # in both passes, warm-up included
    queries: tuple[int, int] | None  # fewest and most per request
    db_ms: float | None
    capacity_rps: float | None = None
    successes: int = 0  # requests answered as successful, both passes, warm-up included

    @property
    def target_ms(self) -> float | None:
        if self.block in BASELINES:
            return None
        return P95_TARGET_MS_BY_BLOCK.get(self.block, P95_TARGET_MS)

    @property
    def meets_target(self) -> bool | None:
        if self.target_ms is None:
            return None
        return self.errors == 0 and self.p95 < self.target_ms


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``fraction`` of all at or below it."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _window(samples: Sequence[Sample], warmup: float) -> tuple[list[Sample], float]:
    """The requests started after the warm-up, and the seconds from the first start to the last end."""
    start = min(s.started for s in samples) + warmup
    counted = [s for s in samples if s.started >= start] or list(samples)
    end = max(s.started + s.milliseconds / 1000 for s in counted)
    return counted, max(end - min(s.started for s in counted), 1e-9)


def summarise(block: str, label: str, samples: Sequence[Sample], *, warmup: float) -> Row:
    """The paced pass: latency, statements and errors (these over the whole pass)."""
    if not samples:
        return Row(block, label, 0, 0.0, math.nan, math.nan, 0, None, None)
    counted, seconds = _window(samples, warmup)
    times = [s.milliseconds for s in counted]
    queries = [s.queries for s in counted if s.queries is not None]
    db_times = [s.db_milliseconds for s in counted if s.db_milliseconds is not None]
    errors = sum(1 for s in samples if s.failed)
    return Row(
        block=block,
        label=label,
        requests=len(counted),
        paced_rps=len(counted) / seconds,
        p50=percentile(times, 0.50),
        p95=percentile(times, 0.95),
        errors=errors,
        queries=(min(queries), max(queries)) if queries else None,
        db_ms=sum(db_times) / len(db_times) if db_times else None,
        successes=len(samples) - errors,
    )


def with_capacity(row: Row, samples: Sequence[Sample], *, warmup: float) -> Row:
    """Add the flat-out pass: requests per second, and its errors to the row's."""
    if not samples:
        return row
    counted, seconds = _window(samples, warmup)
    errors = sum(1 for s in samples if s.failed)
    return replace(
        row,
        capacity_rps=len(counted) / seconds,
        errors=row.errors + errors,
        successes=row.successes + len(samples) - errors,
    )


def _ms(value: float) -> str:
    return "–" if math.isnan(value) else (f"{value:.1f}" if value < 10 else f"{value:.0f}")


def _queries(row: Row) -> str:
    if row.queries is None:
        return "–"
    low, high = row.queries
    return str(low) if low == high else f"{low}–{high}"


def _target(row: Row) -> str:
    if row.meets_target is None:
        return "(baseline)"
    mark = "✓" if row.meets_target else "✗"
    return f"{mark} p95 < {row.target_ms:.0f}"


def markdown_table(rows: Sequence[Row], *, baseline: str) -> str:
    """The table of a run; every p50 is also given as a multiple of the ``baseline`` block's."""
    reference = next((r.p50 for r in rows if r.block == baseline), math.nan)
    lines = [
        "| Endpoint | Requests/s flat out | Requests/s paced | p50 (ms) | p95 (ms) | Errors "
        "| Queries/request | DB ms/request | p50 ÷ trivial p50 | Target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        ratio = row.p50 / reference if reference and not math.isnan(reference) else math.nan
        capacity = "–" if row.capacity_rps is None else f"{row.capacity_rps:.0f}"
        lines.append(
            f"| {row.label} | {capacity} | {row.paced_rps:.1f} | {_ms(row.p50)} | {_ms(row.p95)} "
            f"| {row.errors} | {_queries(row)} | {'–' if row.db_ms is None else f'{row.db_ms:.1f}'} "
            f"| {'–' if math.isnan(ratio) else f'{ratio:.1f}×'} | {_target(row)} |"
        )
    return "\n".join(lines)
