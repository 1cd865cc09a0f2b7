"""The arithmetic of the ranking (SPEC §5). Pure functions over plain numbers, no database.

Scores are integers 0–5 per criterion. A nomination's weighted score is
Σ(weight × mean score of the criterion) / Σ weight over the criteria somebody scored; a criterion
that nobody scored is left out of both sums instead of counting as 0.

A submitted sheet scores every criterion of its category, and criteria are fixed once a round has
left its draft; so that figure equals the mean of the submitted sheets' own weighted scores, which
is how the ranking computes it from the score stored on each sheet.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K")  # what identifies a criterion: its id, or the criterion itself

# A spread (standard deviation of the sheets' weighted scores) from one full point on the 0–5
# scale upwards means members judged the nomination quite differently: worth a discussion.
DISAGREEMENT_SPREAD = 1.0
SCALE = range(0, 6)
# Binary floats miss decimal halves by a hair (2.675 is 2.67499…); comparisons allow this much.
TOLERANCE = 1e-9


def weighted_score(criterion_means: Mapping[K, float], weights: Mapping[K, float]) -> float | None:
    """Σ(weight × mean) / Σ weight over the criteria that have a mean; None if none has."""
    scored = [c for c in weights if c in criterion_means]
    total_weight = sum(weights[c] for c in scored)
    if not scored or total_weight <= 0:
        return None
    return sum(weights[c] * criterion_means[c] for c in scored) / total_weight


def mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


def spread(count: int, mean_value: float, mean_of_squares: float) -> float | None:
    """Population standard deviation from the count, mean and mean of squares that one aggregate
    SQL query delivers; None below two values (one opinion has no spread)."""
    if count < 2:
        return None
    return math.sqrt(max(0.0, mean_of_squares - mean_value**2))


def disagreement(value: float | None) -> bool:
    return value is not None and value >= DISAGREEMENT_SPREAD - TOLERANCE


@dataclass(frozen=True)
class Baseline:
    """How one member scores in general: the mean and spread of all their sheets in the round."""

    mean: float
    std: float

    @classmethod
    def from_moments(cls, count: int, mean_value: float, mean_of_squares: float) -> Baseline:
        """From the count, mean and mean of squares that one aggregate SQL query can deliver."""
        variance = max(0.0, mean_of_squares - mean_value**2) if count > 1 else 0.0
        return cls(mean=mean_value, std=math.sqrt(variance))

    @classmethod
    def of(cls, values: Iterable[float]) -> Baseline:
        items = list(values)
        centre = sum(items) / len(items)
        return cls.from_moments(len(items), centre, sum(v * v for v in items) / len(items))


def z_score(value: float, baseline: Baseline) -> float:
    """How far a sheet lies above or below its author's usual score, in the author's own spread.

    A member who gives every nomination the same score (or has scored only one) tells us
    nothing about relative quality; their sheets count as exactly average (0).
    """
    if baseline.std < 1e-9:
        return 0.0
    return (value - baseline.mean) / baseline.std


def scale_point(value: float) -> int:
    """The point of the scale a weighted score falls on, rounded half up (for the distribution).

    The ranking query applies the same rule in SQL (queries.scale_point_sql).
    """
    # Same tolerance as two_decimals: a score that is x.5 in exact arithmetic but x.4999…
    # in binary floats (e.g. weights 0.1 and 0.3) is shown as x.50 and belongs to point x + 1.
    return min(SCALE[-1], max(SCALE[0], math.floor(value + 0.5 + TOLERANCE)))


def two_decimals(value: float | None) -> float | None:
    """Rounded half up for display (Python's round() would round 2.675 to 2.67 on binary floats)."""
    if value is None:
        return None
    return math.floor(value * 100 + 0.5 + TOLERANCE) / 100
