"""Assembling a category's ranking from aggregate figures. Pure: the queries deliver the numbers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from evaluator.reviewing.scoring import (
    Baseline,
    disagreement,
    distribution,
    mean,
    spread,
    two_decimals,
    weighted_score,
    z_score,
)

T = TypeVar("T")


@dataclass(frozen=True)
class SheetResult:
    """One submitted sheet reduced to its weighted score."""

    nomination_id: int
    member_id: int
    score: float


@dataclass
class RankingRow(Generic[T]):
    item: T  # the nomination
    nomination_id: int
    sheets: int = 0
    weighted: float | None = None
    normalised: float | None = None
    spread: float | None = None
    distribution: list[int] = field(default_factory=lambda: [0] * 6)
    rank: int | None = None

    @property
    def disagreement(self) -> bool:
        return disagreement(self.spread)


def build_ranking(
    items: Sequence[tuple[int, T]],
    *,
    weights: Mapping[int, float],
    criterion_means: Mapping[tuple[int, int], float],
    sheet_results: Iterable[SheetResult],
    baselines: Mapping[int, Baseline],
    by_normalised: bool = False,
) -> list[RankingRow[T]]:
    """Rows for ``items`` (nomination id, object), best first; rank numbers shared on equal scores.

    ``criterion_means`` maps (nomination id, criterion id) to the mean of the submitted scores.
    """
    per_nomination: dict[int, list[SheetResult]] = defaultdict(list)
    for result in sheet_results:
        per_nomination[result.nomination_id].append(result)
    means_by_nomination: dict[int, dict[int, float]] = defaultdict(dict)
    for (nomination_id, criterion_id), value in criterion_means.items():
        means_by_nomination[nomination_id][criterion_id] = value

    rows: list[RankingRow[T]] = []
    for nomination_id, item in items:
        results = per_nomination.get(nomination_id, [])
        scores = [r.score for r in results]
        normalised = mean(
            z_score(r.score, baselines[r.member_id]) for r in results if r.member_id in baselines
        )
        rows.append(
            RankingRow(
                item=item,
                nomination_id=nomination_id,
                sheets=len(results),
                weighted=two_decimals(weighted_score(means_by_nomination.get(nomination_id, {}), weights)),
                normalised=two_decimals(normalised),
                spread=two_decimals(spread(scores)),
                distribution=distribution(scores),
            )
        )

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
