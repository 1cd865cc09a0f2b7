"""Assembling a category's ranking from aggregate figures (pure, hand-computed cases)."""

from __future__ import annotations

from evaluator.reviewing.ranking import NominationFigures, RankingRow, SheetResult, build_ranking
from evaluator.reviewing.scoring import SCALE, Baseline, scale_point

# Two criteria: 10 weighs twice as much as 11; each sheet's weighted score is worked out below.
STRICT, LENIENT = 100, 101
# Strict member scores 1, 2, 3 over the round, lenient 3, 4, 5: means 2 and 4, both with
# population standard deviation sqrt(2/3) = 0.8165.
SQRT_TWO_THIRDS = 0.816496580927726
BASELINES = {
    STRICT: Baseline(mean=2.0, std=SQRT_TWO_THIRDS),
    LENIENT: Baseline(mean=4.0, std=SQRT_TWO_THIRDS),
}


def figures_of(sheets: list[SheetResult]) -> dict[int, NominationFigures]:
    """What the ranking's aggregate query delivers for these sheets."""
    scores: dict[int, list[float]] = {}
    for sheet in sheets:
        scores.setdefault(sheet.nomination_id, []).append(sheet.score)
    figures = {}
    for nomination_id, values in scores.items():
        counts = [0] * len(SCALE)
        for value in values:
            counts[scale_point(value)] += 1
        figures[nomination_id] = NominationFigures(
            len(values), sum(values) / len(values), sum(v * v for v in values) / len(values), tuple(counts)
        )
    return figures


def rank(
    items: list[tuple[int, str]],
    *,
    sheet_results: list[SheetResult],
    baselines: dict[int, Baseline],
    by_normalised: bool = False,
) -> list[RankingRow[str]]:
    return build_ranking(
        items,
        figures=figures_of(sheet_results),
        sheet_results=sheet_results,
        baselines=baselines,
        by_normalised=by_normalised,
    )


def ids(rows: list[RankingRow[str]]) -> list[int]:
    return [row.nomination_id for row in rows]


def ranks(rows: list[RankingRow[str]]) -> list[int | None]:
    return [row.rank for row in rows]


def four_nominations_and_one_without_sheets() -> list[RankingRow[str]]:
    """Sheets as (criterion 10, criterion 11) -> sheet score (2 × c10 + c11) / 3. The weighted
    score is the mean of the sheet scores, equal to Σ(weight × criterion mean) / Σ weight:

    nomination 1: strict (3, 3) -> 3.0, lenient (3, 3) -> 3.0; means 3, 3 -> (6 + 3) / 3 = 3.00
    nomination 2: strict (5, 0) -> 3.33, lenient (3, 2) -> 2.67; means 4, 1 -> (8 + 1) / 3 = 3.00
    nomination 3: strict (5, 2) -> 4.0;                means 5, 2 -> (10 + 2) / 3 = 4.00
    nomination 4: strict (0, 5) -> 1.67, lenient (2, 3) -> 2.33; means 1, 4 -> (2 + 4) / 3 = 2.00
    nomination 5: no sheets
    """
    return rank(
        [(5, "E"), (1, "A"), (4, "D"), (2, "B"), (3, "C")],
        sheet_results=[
            SheetResult(1, STRICT, 3.0),
            SheetResult(1, LENIENT, 3.0),
            SheetResult(2, STRICT, 10 / 3),
            SheetResult(2, LENIENT, 8 / 3),
            SheetResult(3, STRICT, 4.0),
            SheetResult(4, STRICT, 5 / 3),
            SheetResult(4, LENIENT, 7 / 3),
        ],
        baselines=BASELINES,
    )


def test_ranking_orders_by_weighted_score_best_first_and_no_sheets_last() -> None:
    rows = four_nominations_and_one_without_sheets()
    assert ids(rows) == [3, 1, 2, 4, 5]
    assert [row.weighted for row in rows] == [4.0, 3.0, 3.0, 2.0, None]


def test_ranking_shares_a_rank_on_equal_scores_and_skips_the_next() -> None:
    # 4.00 -> 1; 3.00 and 3.00 -> 2 and 2; 2.00 -> 4 (competition ranking); no sheets -> None
    assert ranks(four_nominations_and_one_without_sheets()) == [1, 2, 2, 4, None]


def test_ranking_keeps_the_given_order_among_equal_scores() -> None:
    # Nomination 1 was listed before nomination 2 and both score 3.00.
    rows = four_nominations_and_one_without_sheets()
    assert [row.item for row in rows] == ["C", "A", "B", "D", "E"]


def test_ranking_row_without_sheets_has_empty_figures() -> None:
    row = four_nominations_and_one_without_sheets()[-1]
    assert row.nomination_id == 5
    assert row.sheets == 0
    assert row.weighted is None
    assert row.normalised is None
    assert row.spread is None
    assert row.disagreement is False
    assert row.distribution == [0, 0, 0, 0, 0, 0]
    assert row.rank is None


def test_ranking_row_counts_sheets_and_gives_spread_and_distribution() -> None:
    # Nomination 2: sheets 3.33 and 2.67, mean 3, deviations ±1/3 -> spread 0.33;
    # bins: 3.33 -> 3, 2.67 -> 3.
    rows = {row.nomination_id: row for row in four_nominations_and_one_without_sheets()}
    row = rows[2]
    assert row.sheets == 2
    assert row.spread == 0.33
    assert row.disagreement is False
    assert row.distribution == [0, 0, 0, 2, 0, 0]


def test_ranking_row_of_a_single_sheet_has_no_spread() -> None:
    rows = {row.nomination_id: row for row in four_nominations_and_one_without_sheets()}
    assert rows[3].sheets == 1
    assert rows[3].spread is None
    assert rows[3].disagreement is False
    assert rows[3].distribution == [0, 0, 0, 0, 1, 0]


def test_ranking_row_flags_disagreement_from_a_spread_of_one() -> None:
    # One criterion. Sheets 1.0 and 3.0: mean 2, deviations ±1 -> spread 1.00, flagged;
    # weighted = mean of the criterion = 2.0; bins 1 and 3.
    rows = rank(
        [(1, "A")],
        sheet_results=[SheetResult(1, STRICT, 1.0), SheetResult(1, LENIENT, 3.0)],
        baselines={},
    )
    assert rows[0].weighted == 2.0
    assert rows[0].spread == 1.0
    assert rows[0].disagreement is True
    assert rows[0].distribution == [0, 1, 0, 1, 0, 0]


def test_ranking_treats_scores_equal_to_two_decimals_as_equal() -> None:
    # 3.334 and 3.331 both show as 3.33, so they share rank 1.
    rows = rank(
        [(1, "A"), (2, "B")],
        sheet_results=[SheetResult(1, STRICT, 3.331), SheetResult(2, STRICT, 3.334)],
        baselines={},
    )
    assert [row.weighted for row in rows] == [3.33, 3.33]
    assert ranks(rows) == [1, 1]


def strict_and_lenient_on_three_nominations(*, by_normalised: bool) -> list[RankingRow[str]]:
    """One criterion. Strict scores 1, 2, 3 and lenient 3, 4, 5 on nominations 1, 2, 3.

    z-scores: (1 - 2) / 0.8165 = (3 - 4) / 0.8165 = -1.2247; 0 and 0; +1.2247 and +1.2247.
    Normalised = mean of the sheets' z-scores: -1.22, 0.00, 1.22.
    Weighted = mean score: (1 + 3) / 2 = 2.0, (2 + 4) / 2 = 3.0, (3 + 5) / 2 = 4.0.
    """
    return rank(
        [(1, "A"), (2, "B"), (3, "C")],
        sheet_results=[
            SheetResult(1, STRICT, 1.0),
            SheetResult(2, STRICT, 2.0),
            SheetResult(3, STRICT, 3.0),
            SheetResult(1, LENIENT, 3.0),
            SheetResult(2, LENIENT, 4.0),
            SheetResult(3, LENIENT, 5.0),
        ],
        baselines=BASELINES,
        by_normalised=by_normalised,
    )


def test_normalised_score_is_the_mean_of_the_sheets_z_scores() -> None:
    rows = strict_and_lenient_on_three_nominations(by_normalised=True)
    assert ids(rows) == [3, 2, 1]
    assert [row.normalised for row in rows] == [1.22, 0.0, -1.22]
    assert [row.weighted for row in rows] == [4.0, 3.0, 2.0]
    assert ranks(rows) == [1, 2, 3]


def one_nomination_per_member(*, by_normalised: bool) -> list[RankingRow[str]]:
    """One criterion. Nomination 1: only the lenient member, score 4 (her average).
    Nomination 2: only the strict member, score 3 (his best). Nomination 3: no sheets.

    Weighted: 4.0 and 3.0. Normalised: (4 - 4) / 0.8165 = 0.00 and (3 - 2) / 0.8165 = 1.22.
    """
    return rank(
        [(1, "A"), (2, "B"), (3, "C")],
        sheet_results=[SheetResult(1, LENIENT, 4.0), SheetResult(2, STRICT, 3.0)],
        baselines=BASELINES,
        by_normalised=by_normalised,
    )


def test_ranking_by_weighted_score_favours_the_lenient_members_nomination() -> None:
    rows = one_nomination_per_member(by_normalised=False)
    assert ids(rows) == [1, 2, 3]
    assert [row.weighted for row in rows] == [4.0, 3.0, None]
    assert ranks(rows) == [1, 2, None]


def test_ranking_by_normalised_score_corrects_for_lenient_and_strict_members() -> None:
    rows = one_nomination_per_member(by_normalised=True)
    assert ids(rows) == [2, 1, 3]
    assert [row.normalised for row in rows] == [1.22, 0.0, None]
    assert ranks(rows) == [1, 2, None]
