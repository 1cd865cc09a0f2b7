"""Read-side queries for lighthouse status. Only published rounds ever reach these results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from evaluator.nominations.models import Initiative, Nomination, NominationState
from evaluator.publication.models import Award
from evaluator.publication.status import Period, lighthouse_since, merged_periods
from evaluator.rounds.models import PUBLIC_PHASES, Category, Round


@dataclass(frozen=True)
class Lighthouse:
    award: Award
    since: datetime

    @property
    def initiative_id(self) -> int:
        return self.award.initiative_id

    @property
    def nomination(self) -> Nomination:
        return self.award.nomination

    @property
    def category(self) -> Category:
        return self.award.category


# What a public page shows of an award: the awarded nomination as it was published, with its
# unit and partners. Never the live Initiative row, which later drafts may change.
_AWARD_DISPLAY = (
    joinedload(Award.category),
    joinedload(Award.nomination).joinedload(Nomination.org_unit),
    joinedload(Award.nomination).selectinload(Nomination.partners),
    # The long description is not shown publicly: not loaded, and an error (not a query per row) if asked for.
    joinedload(Award.nomination).defer(Nomination.description, raiseload=True),
)


_Grouped = TypeVar("_Grouped", Lighthouse, Award)


def _public_awards():  # type: ignore[no-untyped-def]
    # Awards exist only through publication, but the phase check keeps that true by construction.
    return sa.select(Award).join(Award.round).where(Round.phase.in_(PUBLIC_PHASES))


def _periods_by_initiative(session: Session, initiative_ids: list[int]) -> dict[int, list[Period]]:
    rows = session.execute(
        _public_awards()
        .with_only_columns(Award.initiative_id, Award.valid_from, Award.valid_until)
        .where(Award.initiative_id.in_(initiative_ids))
    )
    periods: dict[int, list[Period]] = defaultdict(list)
    for initiative_id, valid_from, valid_until in rows:
        periods[initiative_id].append(Period(valid_from, valid_until))
    return periods


def lighthouses_at(session: Session, at: datetime) -> list[Lighthouse]:
    """Every lighthouse at the moment ``at``, ordered by category position and title.

    Three queries whatever the number of lighthouses: awards with their initiative, unit,
    category and nomination; the nominations' partners; all award periods of those initiatives.
    """
    awards = list(
        session.scalars(
            _public_awards()
            .where(Award.valid_from <= at, sa.or_(Award.valid_until.is_(None), Award.valid_until > at))
            .options(*_AWARD_DISPLAY)
        ).unique()
    )
    periods = _periods_by_initiative(session, [a.initiative_id for a in awards])
    result = []
    for award in awards:
        since = lighthouse_since(periods[award.initiative_id], at)
        result.append(Lighthouse(award=award, since=since or award.valid_from))
    result.sort(key=lambda lh: (lh.category.position, lh.nomination.title.lower()))
    return result


def current_lighthouse_ids(session: Session, at: datetime) -> set[int]:
    """Ids of the initiatives that are lighthouses at ``at``: one light query."""
    return set(
        session.scalars(
            _public_awards()
            .with_only_columns(Award.initiative_id)
            .where(Award.valid_from <= at, sa.or_(Award.valid_until.is_(None), Award.valid_until > at))
        )
    )


def group_by_category(items: Sequence[_Grouped]) -> list[tuple[Category, list[_Grouped]]]:
    """Lighthouses or awards grouped by category, categories in their order, titles A–Z."""
    groups: dict[int, tuple[Category, list[_Grouped]]] = {}
    for item in sorted(items, key=lambda i: (i.category.position, i.nomination.title.lower())):
        groups.setdefault(item.category.id, (item.category, []))[1].append(item)
    return list(groups.values())


def published_rounds(session: Session) -> list[Round]:
    return list(
        session.scalars(sa.select(Round).where(Round.phase.in_(PUBLIC_PHASES)).order_by(Round.year.desc()))
    )


def published_round(session: Session, year: int) -> Round | None:
    return session.scalar(sa.select(Round).where(Round.year == year, Round.phase.in_(PUBLIC_PHASES)))


def round_awards(session: Session, round_: Round) -> list[Award]:
    return list(
        session.scalars(_public_awards().where(Award.round_id == round_.id).options(*_AWARD_DISPLAY)).unique()
    )


def round_figures(session: Session, round_: Round) -> dict[str, int]:
    """Public counts of a published round: nominations considered and lighthouses awarded."""
    considered = session.scalar(
        sa.select(sa.func.count(Nomination.id)).where(
            Nomination.round_id == round_.id, Nomination.state == NominationState.SUBMITTED
        )
    )
    awarded = session.scalar(sa.select(sa.func.count(Award.id)).where(Award.round_id == round_.id))
    return {"nominations": considered or 0, "awarded": awarded or 0}


@dataclass(frozen=True)
class PublicProfile:
    initiative: Initiative
    awards: list[Award]
    periods: list[Period]
    latest: Nomination


def public_profile(session: Session, initiative_id: int) -> PublicProfile | None:
    """The public view of an initiative that has been awarded at least once, else None."""
    initiative = session.get(Initiative, initiative_id)
    if initiative is None:
        return None
    awards = list(
        session.scalars(
            _public_awards()
            .where(Award.initiative_id == initiative_id)
            .order_by(Award.valid_from)
            .options(joinedload(Award.round), *_AWARD_DISPLAY)
        ).unique()
    )
    if not awards:
        return None
    periods = merged_periods(Period(a.valid_from, a.valid_until) for a in awards)
    return PublicProfile(initiative=initiative, awards=awards, periods=periods, latest=awards[-1].nomination)


def renewed_initiative_ids(session: Session, round_: Round) -> set[int]:
    """Initiatives whose award in ``round_`` continued one that ended at its publication."""
    if round_.published_at is None:
        return set()
    continued = sa.select(Award.initiative_id).where(
        Award.round_id != round_.id, Award.valid_until == round_.published_at
    )
    return set(
        session.scalars(
            _public_awards()
            .with_only_columns(Award.initiative_id)
            .where(Award.round_id == round_.id, Award.initiative_id.in_(continued))
        )
    )
