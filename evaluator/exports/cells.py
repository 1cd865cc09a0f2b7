"""Making exported values safe and typed for spreadsheets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from evaluator.core.clock import utc_to_berlin_naive

# A spreadsheet treats text starting with these as a formula (or, for tab and carriage return,
# as the start of one after import); such text gets a leading apostrophe so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The value as it may safely go into a cell: text never runs as a formula, times in Berlin."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, datetime):
        return utc_to_berlin_naive(value)
    return value
