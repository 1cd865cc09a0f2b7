"""The one place the application reads the time from, so tests can pin it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")

_frozen: datetime | None = None


def now_utc() -> datetime:
    return _frozen if _frozen is not None else datetime.now(UTC)


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Pin now_utc() to ``moment`` (an aware datetime) inside the block."""
    global _frozen
    previous = _frozen
    _frozen = moment.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = previous


def to_berlin(moment: datetime) -> datetime:
    return moment.astimezone(BERLIN)


def end_of_day_utc(day: date) -> datetime:
    """The last instant of ``day`` in Berlin, in UTC: status "on" a date means at its end."""
    start_next = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=BERLIN)
    return (start_next - timedelta(microseconds=1)).astimezone(UTC)


def berlin_to_utc(local: datetime) -> datetime:
    """A wall-clock time typed in Berlin (naive) as an aware UTC datetime."""
    return local.replace(tzinfo=BERLIN).astimezone(UTC)


def utc_to_berlin_naive(moment: datetime | None) -> datetime | None:
    """An aware datetime as the naive Berlin wall-clock time a form field shows."""
    return moment.astimezone(BERLIN).replace(tzinfo=None) if moment else None
