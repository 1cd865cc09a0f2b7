from __future__ import annotations

import re
from datetime import date, datetime

from evaluator.core.clock import end_of_day_utc, now_utc

EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)
# strptime alone would also take "2021-01- 5", a space in place of the leading zero.
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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
    if not ISO_DAY.fullmatch(raw) or not EARLIEST <= day <= LATEST:
        raise BadDate(raw)
    return end_of_day_utc(day), day
