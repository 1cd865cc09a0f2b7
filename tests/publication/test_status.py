"""Lighthouse status over time, from award periods (pure functions, hand-computed cases)."""

from __future__ import annotations

from datetime import UTC, datetime

from evaluator.publication.status import Period, lighthouse_since, merged_periods

P2021 = datetime(2021, 11, 15, 9, 0, tzinfo=UTC)
P2024 = datetime(2024, 11, 20, 9, 0, tzinfo=UTC)
P2027 = datetime(2027, 11, 18, 9, 0, tzinfo=UTC)


def test_a_single_current_award_counts_from_its_publication() -> None:
    assert lighthouse_since([Period(P2021, None)], P2024) == P2021


def test_nothing_before_the_first_publication() -> None:
    assert lighthouse_since([Period(P2021, None)], datetime(2021, 11, 15, 8, 59, tzinfo=UTC)) is None


def test_status_starts_at_the_very_moment_of_publication() -> None:
    assert lighthouse_since([Period(P2021, None)], P2021) == P2021


def test_a_renewal_keeps_the_original_date() -> None:
    periods = [Period(P2021, P2024), Period(P2024, None)]
    assert lighthouse_since(periods, datetime(2025, 1, 1, tzinfo=UTC)) == P2021


def test_a_lapse_ends_the_status_at_the_next_publication() -> None:
    periods = [Period(P2021, P2024)]
    assert lighthouse_since(periods, datetime(2024, 11, 20, 8, 59, tzinfo=UTC)) == P2021
    assert lighthouse_since(periods, P2024) is None


def test_a_return_after_a_gap_starts_a_new_run() -> None:
    periods = [Period(P2021, P2024), Period(P2027, None)]
    assert lighthouse_since(periods, datetime(2028, 1, 1, tzinfo=UTC)) == P2027
    assert lighthouse_since(periods, datetime(2025, 6, 1, tzinfo=UTC)) is None


def test_the_order_of_the_periods_does_not_matter() -> None:
    periods = [Period(P2024, None), Period(P2021, P2024)]
    assert lighthouse_since(periods, P2027) == P2021


def test_adjoining_periods_merge_and_gaps_stay() -> None:
    periods = [Period(P2027, None), Period(P2021, P2024)]
    assert merged_periods(periods) == [Period(P2021, P2024), Period(P2027, None)]
    assert merged_periods([Period(P2021, P2024), Period(P2024, P2027)]) == [Period(P2021, P2027)]
    assert merged_periods([Period(P2021, P2024), Period(P2024, None)]) == [Period(P2021, None)]
