"""A round in "deciding" with every decision recorded, ready to be published.

Four initiatives of one unit: two held lighthouse status from an earlier round (one is awarded
again, "renewed"; one is not, "lapsing"), one is new and awarded, one is new and not awarded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from evaluator.nominations.models import Eligibility
from evaluator.orgunits.models import OrgUnit
from evaluator.rounds.models import RoundPhase
from evaluator.voting.models import Decision, Outcome
from tests.support.factories import make_award, make_initiative, make_nomination, make_round


@dataclass(frozen=True)
class ReadyRound:
    round_id: int
    earlier_id: int
    renewed_id: int
    lapsing_id: int
    newcomer_id: int


def round_ready_to_publish(
    session: Session,
    unit: OrgUnit,
    *,
    year: int,
    decided_at: datetime,
    earlier_published_at: datetime | None = None,
) -> ReadyRound:
    earlier = make_round(session, 2024, phase=RoundPhase.PUBLISHED, published_at=earlier_published_at)
    round_ = make_round(session, year, phase=RoundPhase.DECIDING)
    renewed, lapsing, newcomer, rejected = (
        make_initiative(session, unit, title) for title in ("Renewed", "Lapsing", "Newcomer", "Rejected")
    )
    make_award(session, earlier, renewed)
    make_award(session, earlier, lapsing)
    for initiative, outcome in [
        (renewed, Outcome.AWARDED),
        (lapsing, Outcome.NOT_AWARDED),
        (newcomer, Outcome.AWARDED),
        (rejected, Outcome.NOT_AWARDED),
    ]:
        nomination = make_nomination(session, round_, initiative, eligibility=Eligibility.ELIGIBLE)
        session.add(Decision(nomination_id=nomination.id, outcome=outcome, decided_at=decided_at))
    session.flush()
    return ReadyRound(round_.id, earlier.id, renewed.id, lapsing.id, newcomer.id)
