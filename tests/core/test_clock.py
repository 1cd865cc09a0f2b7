from datetime import UTC, date, datetime

from evaluator.core.clock import end_of_day_utc, frozen_at, now_utc


def test_the_end_of_a_winter_day_in_berlin_is_2259_utc() -> None:
    assert end_of_day_utc(date(2026, 1, 15)) == datetime(2026, 1, 15, 22, 59, 59, 999999, tzinfo=UTC)


def test_the_end_of_a_summer_day_in_berlin_is_2159_utc() -> None:
    assert end_of_day_utc(date(2026, 7, 15)) == datetime(2026, 7, 15, 21, 59, 59, 999999, tzinfo=UTC)


def test_the_clock_can_be_pinned_and_released() -> None:
    moment = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)
    with frozen_at(moment):
        assert now_utc() == moment
    assert now_utc() != moment
