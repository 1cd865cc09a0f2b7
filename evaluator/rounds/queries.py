from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from evaluator.rounds.models import PUBLIC_PHASES, Round, RoundPhase


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
