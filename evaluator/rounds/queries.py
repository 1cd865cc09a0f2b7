from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from evaluator.rounds.models import PUBLIC_PHASES, Category, Criterion, Round, RoundPhase
from evaluator.rounds.phases import RoundFacts


def running_round(session: Session) -> Round | None:
    """The round past draft and not yet published (at most one runs at a time)."""
    return session.scalar(
        sa.select(Round)
        .where(Round.phase.not_in([*PUBLIC_PHASES, RoundPhase.DRAFT]))
        .order_by(Round.year.desc())
        .limit(1)
    )


def all_rounds(session: Session) -> list[Round]:
    return list(session.scalars(sa.select(Round).order_by(Round.year.desc())))


def round_facts(session: Session, round_: Round, *, now: datetime) -> RoundFacts:
    """Everything the phase guards look at, in a handful of aggregate queries."""
    from evaluator.nominations.models import Eligibility, Nomination, NominationState
    from evaluator.reviewing.models import ScoreSheet, SheetState
    from evaluator.voting.models import Decision

    category_rows = session.execute(
        sa.select(Category.name, sa.func.count(Criterion.id))
        .outerjoin(Criterion, Criterion.category_id == Category.id)
        .where(Category.round_id == round_.id)
        .group_by(Category.id, Category.name, Category.position)
        .order_by(Category.position)
    ).all()
    other = session.scalar(
        sa.select(Round.name)
        .where(Round.id != round_.id, Round.phase.not_in([*PUBLIC_PHASES, RoundPhase.DRAFT]))
        .limit(1)
    )
    submitted = sa.and_(Nomination.round_id == round_.id, Nomination.state == NominationState.SUBMITTED)
    from evaluator.reviewing.queries import member_ids_query, not_conflicted

    # Only sheets that the ranking counts: by active members without a conflict.
    has_sheet = (
        sa.select(ScoreSheet.id)
        .where(
            ScoreSheet.nomination_id == Nomination.id,
            ScoreSheet.state == SheetState.SUBMITTED,
            ScoreSheet.member_id.in_(member_ids_query()),
            not_conflicted(ScoreSheet.member_id, ScoreSheet.nomination_id),
        )
        .exists()
    )
    has_decision = sa.select(Decision.id).where(Decision.nomination_id == Nomination.id).exists()
    counts = session.execute(
        sa.select(
            sa.func.count().filter(Nomination.eligibility == Eligibility.PENDING),
            sa.func.count().filter(Nomination.eligibility == Eligibility.ELIGIBLE),
            sa.func.count().filter(sa.and_(Nomination.eligibility == Eligibility.ELIGIBLE, ~has_sheet)),
            sa.func.count().filter(sa.and_(Nomination.eligibility == Eligibility.ELIGIBLE, ~has_decision)),
        ).where(submitted)
    ).one()
    return RoundFacts(
        phase=round_.phase,
        now=now,
        nomination_deadline=round_.nomination_deadline,
        categories=len(category_rows),
        categories_without_criteria=tuple(name for name, n in category_rows if n == 0),
        other_running_round=other,
        submitted_without_eligibility=counts[0],
        eligible=counts[1],
        eligible_without_submitted_sheet=counts[2],
        eligible_without_decision=counts[3],
    )


def nomination_counts(session: Session, round_: Round) -> dict[str, list[tuple[str, dict[str, int]]]]:
    """Nominations of a round by category and by unit, each with counts per state."""
    from evaluator.nominations.models import Nomination
    from evaluator.orgunits.models import OrgUnit

    def grouped(label_column, order_column, join_target, join_on):  # type: ignore[no-untyped-def]
        rows = session.execute(
            sa.select(label_column, Nomination.state, sa.func.count(Nomination.id))
            .join(join_target, join_on)
            .where(Nomination.round_id == round_.id)
            .group_by(label_column, order_column, Nomination.state)
            .order_by(order_column)
        ).all()
        table: dict[str, dict[str, int]] = {}
        for label, state, count in rows:
            table.setdefault(label, {})[str(state)] = count
        return list(table.items())

    return {
        "category": grouped(
            Category.name, Category.position, Category, Category.id == Nomination.category_id
        ),
        "unit": grouped(OrgUnit.name, OrgUnit.name, OrgUnit, OrgUnit.id == Nomination.org_unit_id),
    }
