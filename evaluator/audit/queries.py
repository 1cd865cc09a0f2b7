"""Reading the audit log: filtered, newest first, one page at a time."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, load_only, raiseload

from evaluator.accounts.models import User
from evaluator.audit.models import AuditEvent
from evaluator.core.clock import BERLIN, end_of_day_utc
from evaluator.rounds.models import Round


@dataclass(frozen=True)
class AuditFilter:
    """What the admin narrowed the log to; ``None`` leaves that part open.

    ``action`` is an exact action ("round:phase") or, ending in a colon, a prefix ("round:"
    matches every round action). The dates are whole days in Berlin time, both inclusive.
    """

    round_id: int | None = None
    actor_id: int | None = None
    object_type: str | None = None
    object_id: int | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Page:
    items: list[AuditEvent]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass(frozen=True)
class FilterChoices:
    actions: list[str]
    object_types: list[str]
    actors: list[tuple[int, str]]
    rounds: list[tuple[int, str]]


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%"


def _start_of_day_utc(day: date) -> datetime | None:
    try:
        return datetime.combine(day, time(0, 0), tzinfo=BERLIN).astimezone(UTC)
    except OverflowError:  # date.min: no lower bound at all
        return None


def _end_of_day_utc(day: date) -> datetime | None:
    try:
        return end_of_day_utc(day)
    except OverflowError:  # date.max: no upper bound at all
        return None


def _conditions(flt: AuditFilter) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if flt.round_id is not None:
        conditions.append(AuditEvent.round_id == flt.round_id)
    if flt.actor_id is not None:
        conditions.append(AuditEvent.actor_id == flt.actor_id)
    if flt.object_type is not None:
        conditions.append(AuditEvent.object_type == flt.object_type)
    if flt.object_id is not None:
        conditions.append(AuditEvent.object_id == flt.object_id)
    if flt.action:
        if flt.action.endswith(":"):
            conditions.append(AuditEvent.action.like(_like_prefix(flt.action), escape="\\"))
        else:
            conditions.append(AuditEvent.action == flt.action)
    if flt.date_from is not None and (start := _start_of_day_utc(flt.date_from)) is not None:
        conditions.append(AuditEvent.occurred_at >= start)
    if flt.date_to is not None and (end := _end_of_day_utc(flt.date_to)) is not None:
        conditions.append(AuditEvent.occurred_at <= end)
    return conditions


def search_events(session: Session, flt: AuditFilter, *, page: int, per_page: int = 50) -> Page:
    """One page of the matching events, newest first, each with its actor's name loaded.

    Two queries whatever the page size: the count, then the rows joined to their actor. A page
    past the end shows the last page, one below 1 the first.
    """
    conditions = _conditions(flt)
    total = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(*conditions)) or 0
    pages = max(1, math.ceil(total / per_page))
    page = min(max(page, 1), pages)
    # Only the name is needed; raiseload makes any other access to the actor fail loudly in
    # tests instead of quietly costing one query per row.
    actor = joinedload(AuditEvent.actor).options(load_only(User.id, User.display_name), raiseload("*"))
    rows = session.scalars(
        sa.select(AuditEvent)
        .options(actor)
        .where(*conditions)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return Page(items=list(rows), page=page, per_page=per_page, total=total)


def latest_event_id(session: Session) -> int | None:
    """The id of the newest event written so far: an export reaches up to it and no further."""
    return session.scalar(sa.select(sa.func.max(AuditEvent.id)))


def export_rows(
    session: Session, flt: AuditFilter, *, upto_id: int | None, batch_size: int = 1000
) -> Iterator[Sequence[sa.Row[tuple]]]:
    """Every matching event up to ``upto_id``, newest first like the page, in batches.

    One query whatever the number of events: the actor's name and the round's name are joined
    in, and the rows are streamed from the database ``batch_size`` at a time, so neither the
    database driver nor the caller holds the whole log in memory. Each row has ``id``,
    ``occurred_at``, ``actor_id``, ``actor_name``, ``action``, ``object_type``, ``object_id``,
    ``round_id``, ``round_name`` and ``details``.
    """
    if upto_id is None:  # the log is empty
        return
    statement = (
        sa.select(
            AuditEvent.id,
            AuditEvent.occurred_at,
            AuditEvent.actor_id,
            User.display_name.label("actor_name"),
            AuditEvent.action,
            AuditEvent.object_type,
            AuditEvent.object_id,
            AuditEvent.round_id,
            Round.name.label("round_name"),
            AuditEvent.details,
        )
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .outerjoin(Round, Round.id == AuditEvent.round_id)
        .where(*_conditions(flt), AuditEvent.id <= upto_id)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .execution_options(yield_per=batch_size)
    )
    yield from session.execute(statement).partitions()


def filter_choices(session: Session) -> FilterChoices:
    """What the filter form offers: the actions, object types and people found in the log and
    every round, one query each."""
    actions = session.scalars(sa.select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    object_types = session.scalars(
        sa.select(AuditEvent.object_type).distinct().order_by(AuditEvent.object_type)
    )
    in_log = sa.select(AuditEvent.id).where(AuditEvent.actor_id == User.id).exists()
    actors = session.execute(
        sa.select(User.id, User.display_name)
        .where(in_log)
        .order_by(sa.func.lower(User.display_name), User.id)
    )
    rounds = session.execute(sa.select(Round.id, Round.name).order_by(Round.year.desc()))
    return FilterChoices(
        actions=list(actions),
        object_types=list(object_types),
        actors=[(row.id, row.display_name) for row in actors],
        rounds=[(row.id, row.name) for row in rounds],
    )
