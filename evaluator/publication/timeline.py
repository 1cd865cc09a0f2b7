"""An initiative's history across rounds, for admins: nominations, decisions, lighthouse periods."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from evaluator.core.clock import now_utc
from evaluator.nominations.models import Initiative, Nomination
from evaluator.orgunits.models import OrgUnit
from evaluator.publication.models import Award
from evaluator.publication.queries import current_lighthouse_ids
from evaluator.publication.status import Period, merged_periods
from evaluator.rounds.models import PUBLIC_PHASES, Round


@dataclass(frozen=True)
class TimelineEntry:
    nomination: Nomination
    award: Award | None


@dataclass(frozen=True)
class Timeline:
    entries: list[TimelineEntry]  # newest round first
    periods: list[Period]  # the stretches in which the initiative was a lighthouse
    current: bool


def initiative_timeline(session: Session, initiative: Initiative) -> Timeline:
    nominations = list(
        session.scalars(
            sa.select(Nomination)
            .join(Nomination.round)
            .where(Nomination.initiative_id == initiative.id)
            .options(
                joinedload(Nomination.round),
                joinedload(Nomination.category),
                joinedload(Nomination.decision),
            )
            .order_by(Round.year.desc())
        )
    )
    awards = list(
        session.scalars(
            sa.select(Award)
            .join(Award.round)
            .where(Award.initiative_id == initiative.id, Round.phase.in_(PUBLIC_PHASES))
            .order_by(Award.valid_from)
        )
    )
    by_nomination = {a.nomination_id: a for a in awards}
    periods = merged_periods(Period(a.valid_from, a.valid_until) for a in awards)
    now = now_utc()
    return Timeline(
        entries=[TimelineEntry(n, by_nomination.get(n.id)) for n in nominations],
        periods=periods,
        current=any(p.covers(now) for p in periods),
    )


@dataclass(frozen=True)
class InitiativeRow:
    initiative: Initiative
    nominations: int
    latest_year: int | None
    current: bool


def initiatives_overview(session: Session, search: str = "") -> list[InitiativeRow]:
    """Every initiative with its number of nominations and whether it is a lighthouse now."""
    counts = (
        sa.select(
            Nomination.initiative_id,
            sa.func.count(Nomination.id).label("n"),
            sa.func.max(Round.year).label("latest"),
        )
        .join(Round, Round.id == Nomination.round_id)
        .group_by(Nomination.initiative_id)
        .subquery()
    )
    query = (
        sa.select(Initiative, counts.c.n, counts.c.latest)
        .join(OrgUnit, OrgUnit.id == Initiative.org_unit_id)
        .outerjoin(counts, counts.c.initiative_id == Initiative.id)
        .options(joinedload(Initiative.org_unit))
        .order_by(Initiative.title)
    )
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(
            sa.or_(sa.func.lower(Initiative.title).like(pattern), sa.func.lower(OrgUnit.name).like(pattern))
        )
    current = current_lighthouse_ids(session, now_utc())
    return [
        InitiativeRow(initiative, n or 0, latest, initiative.id in current)
        for initiative, n, latest in session.execute(query)
    ]
