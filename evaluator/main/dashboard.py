"""What each person sees first after logging in, by role."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from evaluator.accounts.models import User
from evaluator.core.clock import now_utc
from evaluator.nominations.models import Initiative, Nomination
from evaluator.orgunits.models import OrgUnit
from evaluator.publication.queries import current_lighthouse_ids
from evaluator.rounds.models import Round
from evaluator.rounds.queries import all_rounds, running_round


@dataclass
class UnitOverview:
    unit: OrgUnit
    initiatives: list[Initiative] = field(default_factory=list)
    lighthouse_ids: set[int] = field(default_factory=set)
    nominations: list[Nomination] = field(default_factory=list)


@dataclass
class Dashboard:
    user: User
    running: Round | None
    units: list[UnitOverview] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    user_count: int = 0
    lighthouse_count: int = 0


def _unit_overviews(session: Session, units: list[OrgUnit]) -> list[UnitOverview]:
    """A coordinator's units with their initiatives and nominations, in a fixed number of queries."""
    unit_ids = [u.id for u in units]
    if not unit_ids:
        return []
    overviews = {u.id: UnitOverview(unit=u) for u in units}
    initiatives = session.scalars(
        sa.select(Initiative).where(Initiative.org_unit_id.in_(unit_ids)).order_by(Initiative.title)
    )
    for initiative in initiatives:
        overviews[initiative.org_unit_id].initiatives.append(initiative)
    nominations = session.scalars(
        sa.select(Nomination)
        .where(Nomination.org_unit_id.in_(unit_ids))
        .options(joinedload(Nomination.round), joinedload(Nomination.category))
        .join(Nomination.round)
        .order_by(Round.year.desc(), Nomination.title)
    )
    for nomination in nominations:
        overviews[nomination.org_unit_id].nominations.append(nomination)
    current = current_lighthouse_ids(session, now_utc())
    for overview in overviews.values():
        overview.lighthouse_ids = {i.id for i in overview.initiatives} & current
    return [overviews[u.id] for u in units]


def dashboard_for(session: Session, user: User) -> Dashboard:
    dash = Dashboard(user=user, running=running_round(session))
    if user.is_coordinator:
        dash.units = _unit_overviews(session, list(user.coordinated_units))
    if user.is_admin or user.is_member:
        dash.rounds = all_rounds(session)
    if user.is_admin:
        dash.user_count = session.scalar(sa.select(sa.func.count(User.id)).where(User.active)) or 0
        dash.lighthouse_count = len(current_lighthouse_ids(session, now_utc()))
    return dash
