from __future__ import annotations

from datetime import date, datetime

from evaluator.core.clock import end_of_day_utc, now_utc

EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)


class BadDate(ValueError):
    pass


def status_moment(raw: str | None) -> tuple[datetime, date | None]:
    """The moment a public status page speaks of: now, or the end of ``?on=`` (Berlin time).

    Only YYYY-MM-DD within a plausible range is accepted, so odd input is a 400, never a 500.
    """
    if not raw:
        return now_utc(), None
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").date()  # noqa: DTZ007  (a calendar day, no time)
    except ValueError as error:
        raise BadDate(raw) from error
    if len(raw) != 10 or not EARLIEST <= day <= LATEST:
        raise BadDate(raw)
    return end_of_day_utc(day), day
