"""The arithmetic of the ranking (SPEC §5), with every expectation worked out by hand."""

from __future__ import annotations

import math

import pytest

from evaluator.reviewing.scoring import (
    Baseline,
    disagreement,
    scale_point,
    spread,
    two_decimals,
    weighted_score,
    z_score,
)

# sqrt(2/3): the population standard deviation of 1, 2, 3 (and of 3, 4, 5):
# mean 2, squared deviations 1 + 0 + 1 = 2, divided by 3 values -> 2/3.
SQRT_TWO_THIRDS = 0.816496580927726
# (1 - 2) / sqrt(2/3) = -sqrt(3/2)
ONE_BELOW = -1.224744871391589

# -- Weighted score ----------------------------------------------------------------------------


def test_weighted_score_with_unequal_weights_favours_the_heavier_criterion() -> None:
    # (3 × 4.0 + 1 × 2.0) / (3 + 1) = 14 / 4 = 3.5 (an unweighted mean would give 3.0)
    assert weighted_score({1: 4.0, 2: 2.0}, {1: 3.0, 2: 1.0}) == 3.5


def test_weighted_score_with_fractional_weights_and_means() -> None:
    # (0.5 × 5.0 + 1.5 × 1.0) / (0.5 + 1.5) = (2.5 + 1.5) / 2 = 2.0
    assert weighted_score({1: 5.0, 2: 1.0}, {1: 0.5, 2: 1.5}) == pytest.approx(2.0)


def test_weighted_score_leaves_a_criterion_nobody_scored_out_of_both_sums() -> None:
    # Criterion 3 (weight 2) has no mean: (3 × 4.0 + 1 × 2.0) / (3 + 1) = 3.5.
    # Counting it as 0 would give 14 / 6 = 2.33.
    assert weighted_score({1: 4.0, 2: 2.0}, {1: 3.0, 2: 1.0, 3: 2.0}) == 3.5


def test_weighted_score_ignores_a_mean_for_a_criterion_without_weight() -> None:
    # Criterion 9 belongs to no weight: 2 × 3.0 / 2 = 3.0
    assert weighted_score({1: 3.0, 9: 0.0}, {1: 2.0}) == 3.0


def test_weighted_score_is_none_when_no_criterion_was_scored() -> None:
    assert weighted_score({}, {1: 1.0, 2: 2.0}) is None


# -- Spread and disagreement -------------------------------------------------------------------


def spread_of(values: list[float]) -> float | None:
    """The spread of the values, from the moments an aggregate query would deliver."""
    if not values:
        return spread(0, 0.0, 0.0)
    return spread(len(values), sum(values) / len(values), sum(v * v for v in values) / len(values))


def test_spread_is_none_for_a_single_sheet() -> None:
    assert spread_of([4.0]) is None


def test_spread_is_none_without_sheets() -> None:
    assert spread_of([]) is None


def test_spread_is_zero_when_all_sheets_agree() -> None:
    assert spread_of([3.0, 3.0, 3.0]) == 0.0


def test_spread_is_the_population_standard_deviation() -> None:
    # mean 2; squared deviations 1 + 0 + 1 = 2; 2 / 3 values; sqrt(2/3) = 0.8165
    assert spread_of([1.0, 2.0, 3.0]) == pytest.approx(SQRT_TWO_THIRDS)


def test_spread_of_two_sheets_two_points_apart_is_one() -> None:
    # mean 3; squared deviations 1 + 1 = 2; 2 / 2 values = 1; sqrt(1) = 1
    assert spread_of([2.0, 4.0]) == 1.0


def test_spread_never_fails_on_rounding_below_zero() -> None:
    # Identical scores whose mean of squares comes out a hair below the squared mean.
    value = 10 / 3
    assert spread(40, value, value * value - 1e-15) == 0.0


def test_disagreement_is_flagged_from_a_spread_of_exactly_one() -> None:
    assert disagreement(1.0) is True


def test_disagreement_is_flagged_above_one() -> None:
    assert disagreement(1.6) is True


def test_disagreement_is_not_flagged_just_below_one() -> None:
    assert disagreement(0.99) is False


def test_disagreement_is_not_flagged_without_a_spread() -> None:
    assert disagreement(None) is False


# -- Normalisation (z-scores) ------------------------------------------------------------------


def test_baseline_of_a_strict_member() -> None:
    # 1, 2, 3: mean 2, standard deviation sqrt(2/3)
    baseline = Baseline.of([1.0, 2.0, 3.0])
    assert baseline.mean == 2.0
    assert baseline.std == pytest.approx(SQRT_TWO_THIRDS)


def test_baseline_from_moments_matches_the_sql_aggregates() -> None:
    # 3, 4, 5: count 3, mean 4, mean of squares (9 + 16 + 25) / 3 = 50/3;
    # variance 50/3 - 4² = 2/3
    baseline = Baseline.from_moments(3, 4.0, 50 / 3)
    assert baseline.mean == 4.0
    assert baseline.std == pytest.approx(SQRT_TWO_THIRDS)


def test_baseline_of_a_single_sheet_has_no_spread() -> None:
    assert Baseline.from_moments(1, 4.0, 16.0) == Baseline(mean=4.0, std=0.0)


def test_z_scores_of_a_strict_and_a_lenient_member_are_the_same() -> None:
    # Strict 1, 2, 3 (mean 2) and lenient 3, 4, 5 (mean 4), both with spread sqrt(2/3):
    # (1 - 2) / sqrt(2/3) = (3 - 4) / sqrt(2/3) = -1.2247, 0, +1.2247
    strict = Baseline(mean=2.0, std=SQRT_TWO_THIRDS)
    lenient = Baseline(mean=4.0, std=SQRT_TWO_THIRDS)
    assert z_score(1.0, strict) == pytest.approx(ONE_BELOW)
    assert z_score(3.0, lenient) == pytest.approx(ONE_BELOW)
    assert z_score(2.0, strict) == 0.0
    assert z_score(4.0, lenient) == 0.0
    assert z_score(3.0, strict) == pytest.approx(-ONE_BELOW)
    assert z_score(5.0, lenient) == pytest.approx(-ONE_BELOW)


def test_z_score_is_zero_for_a_member_who_always_gives_the_same_score() -> None:
    # No spread: the member tells us nothing about relative quality.
    flat = Baseline(mean=3.0, std=0.0)
    assert z_score(3.0, flat) == 0.0
    assert z_score(5.0, flat) == 0.0


# -- Distribution ------------------------------------------------------------------------------


def test_scale_points_round_half_up() -> None:
    # 0 -> 0, 0.49 -> 0, 0.5 -> 1, 2.5 -> 3, 3.2 -> 3, 4.5 -> 5, 5.0 -> 5
    assert [scale_point(v) for v in (0.0, 0.49, 0.5, 2.5, 3.2, 4.5, 5.0)] == [0, 0, 1, 3, 3, 5, 5]


def test_scale_point_of_a_half_point_rounds_up_despite_binary_float_noise() -> None:
    # A sheet scoring 1 and 3 on criteria weighted 0.1 and 0.3, as the sheet query evaluates it
    # (Σ weight × value / Σ weight): exactly (0.1 + 0.9) / 0.4 = 2.5, shown as "2.50", so it
    # belongs to point 3 — but in binary floats the expression is 2.4999999999999996.
    score = (0.1 * 1 + 0.3 * 3) / (0.1 + 0.3)
    assert two_decimals(score) == 2.5
    assert scale_point(score) == 3


# -- Two decimals ------------------------------------------------------------------------------


def test_two_decimals_rounds_half_up_where_round_would_not() -> None:
    # 2.675 is stored as 2.67499999...; round(2.675, 2) gives 2.67, half up must give 2.68.
    assert two_decimals(2.675) == 2.68


def test_two_decimals_rounds_down_below_the_half() -> None:
    assert two_decimals(2.674) == 2.67


def test_two_decimals_rounds_one_point_zero_zero_five_up() -> None:
    # 1.005 is stored as 1.00499999...; half up gives 1.01.
    assert two_decimals(1.005) == 1.01


def test_two_decimals_of_a_negative_z_score() -> None:
    # -1.2247 -> -1.22
    assert two_decimals(ONE_BELOW) == -1.22


def test_two_decimals_keeps_none() -> None:
    assert two_decimals(None) is None


def test_two_decimals_of_a_whole_number() -> None:
    assert two_decimals(3.0) == 3.0


def test_the_hand_computed_constants_are_right() -> None:
    # Guard for the constants above, checked against their definitions.
    assert math.sqrt(2 / 3) == pytest.approx(SQRT_TWO_THIRDS)
    assert -math.sqrt(3 / 2) == pytest.approx(ONE_BELOW)
