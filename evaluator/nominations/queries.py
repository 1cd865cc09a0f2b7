from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from evaluator.nominations.models import Initiative, Nomination, NominationState
from evaluator.rounds.models import Round


def nominations_of_units(session: Session, unit_ids: list[int]) -> list[Nomination]:
    """Every nomination of these units, newest round first, with round and category loaded."""
    if not unit_ids:
        return []
    return list(
        session.scalars(
            sa.select(Nomination)
            .join(Nomination.round)
            .where(Nomination.org_unit_id.in_(unit_ids))
            .options(
                joinedload(Nomination.round),
                joinedload(Nomination.category),
                joinedload(Nomination.org_unit),
                joinedload(Nomination.decision),
            )
            .order_by(Round.year.desc(), Nomination.title)
        )
    )


def renomination_candidates(session: Session, unit_ids: list[int], round_: Round) -> list[Initiative]:
    """Initiatives of these units nominated in an earlier round and not yet in ``round_``."""
    if not unit_ids:
        return []
    earlier = sa.select(Nomination.initiative_id).join(Nomination.round).where(Round.year < round_.year)
    already = sa.select(Nomination.initiative_id).where(Nomination.round_id == round_.id)
    return list(
        session.scalars(
            sa.select(Initiative)
            .where(
                Initiative.org_unit_id.in_(unit_ids),
                Initiative.id.in_(earlier),
                Initiative.id.not_in(already),
            )
            .order_by(Initiative.title)
        )
    )


def nomination_for_page(session: Session, nomination_id: int) -> Nomination | None:
    return session.scalar(
        sa.select(Nomination)
        .where(Nomination.id == nomination_id)
        .options(
            joinedload(Nomination.round),
            joinedload(Nomination.category),
            joinedload(Nomination.org_unit),
            selectinload(Nomination.partners),
            selectinload(Nomination.contacts),
            selectinload(Nomination.attachments),
        )
    )


def submitted_in_round(session: Session, round_: Round) -> list[Nomination]:
    return list(
        session.scalars(
            sa.select(Nomination)
            .where(Nomination.round_id == round_.id, Nomination.state == NominationState.SUBMITTED)
            .options(joinedload(Nomination.category), joinedload(Nomination.org_unit))
            .order_by(Nomination.title)
        )
    )
