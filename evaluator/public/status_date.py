from __future__ import annotations

from datetime import date, datetime

from evaluator.core.clock import end_of_day_utc, now_utc


class BadDate(ValueError):
    pass


def status_moment(raw: str | None) -> tuple[datetime, date | None]:
    """The moment a public status page speaks of: now, or the end of ``?on=`` (Berlin time)."""
    if not raw:
        return now_utc(), None
    try:
        day = date.fromisoformat(raw)
    except ValueError as error:
        raise BadDate(raw) from error
    if len(raw) != 10:
        raise BadDate(raw)  # only YYYY-MM-DD, not the other forms fromisoformat accepts
    return end_of_day_utc(day), day
