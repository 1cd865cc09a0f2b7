"""Lighthouse status over time, computed from award periods. Pure functions, no database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Period:
    valid_from: datetime
    valid_until: datetime | None  # None: still current

    def covers(self, moment: datetime) -> bool:
        return self.valid_from <= moment and (self.valid_until is None or moment < self.valid_until)


def lighthouse_since(periods: Iterable[Period], at: datetime) -> datetime | None:
    """Start of the unbroken run of awards that covers ``at``, or None if none covers it.

    Publishing a round ends the previous round's awards at the very moment the new ones start,
    so a renewal continues the run and keeps the original date; any gap breaks it.
    """
    ordered: Sequence[Period] = sorted(periods, key=lambda p: p.valid_from)
    current_index = next((i for i, p in enumerate(ordered) if p.covers(at)), None)
    if current_index is None:
        return None
    since = ordered[current_index].valid_from
    for previous in reversed(ordered[:current_index]):
        if previous.valid_until is not None and previous.valid_until >= since:
            since = previous.valid_from
        else:
            break
    return since


def merged_periods(periods: Iterable[Period]) -> list[Period]:
    """Adjoining award periods joined into the stretches in which an initiative was a lighthouse."""
    merged: list[Period] = []
    for period in sorted(periods, key=lambda p: p.valid_from):
        last = merged[-1] if merged else None
        if last is not None and last.valid_until is not None and last.valid_until >= period.valid_from:
            end = (
                None
                if period.valid_until is None or last.valid_until is None
                else max(last.valid_until, period.valid_until)
            )
            merged[-1] = Period(last.valid_from, end)
        elif last is not None and last.valid_until is None:
            continue  # already open-ended
        else:
            merged.append(period)
    return merged


@dataclass(frozen=True)
class PublicationChanges:
    """What a publication does to each initiative's status."""

    renewed: frozenset[int]  # lighthouse before and awarded again: its run continues
    new: frozenset[int]  # awarded, not a lighthouse just before
    lapsed: frozenset[int]  # lighthouse before, not awarded again: its award ends

    def status_of(self, initiative_id: int) -> str | None:
        for name in ("renewed", "new", "lapsed"):
            if initiative_id in getattr(self, name):
                return name
        return None


def publication_changes(current_before: Iterable[int], awarded: Iterable[int]) -> PublicationChanges:
    before, now = frozenset(current_before), frozenset(awarded)
    return PublicationChanges(renewed=now & before, new=now - before, lapsed=before - now)
