from __future__ import annotations

from datetime import UTC, datetime

import pytest

from evaluator.exports.cells import neutralise


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+49 351 0", "'+49 351 0"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Plain title", "Plain title"),
        ("a=b", "a=b"),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_kept_as_text(value: str, expected: str) -> None:
    assert neutralise(value) == expected


def test_numbers_stay_numbers_even_when_negative() -> None:
    assert neutralise(-0.75) == -0.75
    assert neutralise(3) == 3


def test_times_are_given_in_berlin_time() -> None:
    # 15 November 2021, 09:00 UTC is 10:00 in Berlin (winter time).
    assert neutralise(datetime(2021, 11, 15, 9, 0, tzinfo=UTC)) == datetime(2021, 11, 15, 10, 0)
