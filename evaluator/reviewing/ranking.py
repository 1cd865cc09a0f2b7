"""Assembling a category's ranking from aggregate figures. Pure: the queries deliver the numbers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar

from evaluator.reviewing.scoring import (
    SCALE,
    Baseline,
    disagreement,
    mean,
    spread,
    two_decimals,
    z_score,
)

T = TypeVar("T")


class SheetResult(NamedTuple):
    """One submitted sheet reduced to its weighted score (a tuple: a ranking may read thousands)."""

    nomination_id: int
    member_id: int
    score: float


@dataclass(frozen=True)
class NominationFigures:
    """A nomination's submitted sheets in aggregate, as one SQL query delivers them."""

    sheets: int
    mean: float  # of the sheets' weighted scores
    mean_of_squares: float
    distribution: tuple[int, ...]  # sheets per point of the scale, 0–5


@dataclass
class RankingRow(Generic[T]):
    item: T  # the nomination
    nomination_id: int
    sheets: int = 0
    weighted: float | None = None
    normalised: float | None = None
    spread: float | None = None
    distribution: list[int] = field(default_factory=lambda: [0] * len(SCALE))
    rank: int | None = None

    @property
    def disagreement(self) -> bool:
        return disagreement(self.spread)


def build_ranking(
    items: Sequence[tuple[int, T]],
    *,
    figures: Mapping[int, NominationFigures],
    sheet_results: Iterable[SheetResult] = (),
    baselines: Mapping[int, Baseline] | None = None,
    by_normalised: bool = False,
) -> list[RankingRow[T]]:
    """Rows for ``items`` (nomination id, object), best first; rank numbers shared on equal scores.

    A nomination's weighted score is the mean of its submitted sheets' weighted scores: every
    submitted sheet scores every criterion, so this is Σ(weight × mean of the criterion) / Σ weight.
    The normalised score (mean of the sheets' z-scores) needs each sheet and its author's
    ``baselines``; without baselines it is left out (None).
    """
    z_scores: dict[int, list[float]] = defaultdict(list)
    if baselines:
        for result in sheet_results:
            if result.member_id in baselines:
                z_scores[result.nomination_id].append(z_score(result.score, baselines[result.member_id]))

    rows: list[RankingRow[T]] = []
    for nomination_id, item in items:
        row = RankingRow(item=item, nomination_id=nomination_id)
        counted = figures.get(nomination_id)
        if counted is not None and counted.sheets:
            row.sheets = counted.sheets
            row.weighted = two_decimals(counted.mean)
            row.spread = two_decimals(spread(counted.sheets, counted.mean, counted.mean_of_squares))
            row.distribution = list(counted.distribution)
        row.normalised = two_decimals(mean(z_scores.get(nomination_id, ())))
        rows.append(row)

    return assign_ranks(rows, by_normalised=by_normalised)


def assign_ranks(rows: list[RankingRow[T]], *, by_normalised: bool = False) -> list[RankingRow[T]]:
    """Sort best first and number the rows; equal scores share a rank, rows without one get none.

    Called again on the rows a member may see, so that the numbers never hint at the position
    of a row hidden from them.
    """

    def key(row: RankingRow[T]) -> float | None:
        return row.normalised if by_normalised else row.weighted

    rows = sorted(rows, key=lambda r: (key(r) is None, -(key(r) or 0.0)))
    previous: float | None = None
    for position, row in enumerate(rows, start=1):
        value = key(row)
        row.rank = None
        if value is None:
            continue
        row.rank = rows[position - 2].rank if previous is not None and value == previous else position
        previous = value
    return rows
