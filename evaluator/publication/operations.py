"""Publishing a round: the one door through which awards come into being."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from evaluator.accounts.models import User
from evaluator.audit.operations import record
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import now_utc
from evaluator.core.errors import NotAllowed
from evaluator.i18n import _
from evaluator.nominations.models import Eligibility, Nomination, NominationState
from evaluator.publication.models import Award
from evaluator.publication.status import PublicationChanges, publication_changes
from evaluator.rounds.models import Round, RoundPhase
from evaluator.rounds.phases import check_transition
from evaluator.rounds.queries import round_facts
from evaluator.voting.models import Decision, Outcome


@dataclass(frozen=True)
class PublicationPlan:
    """What publishing would do (or did): the nominations to award and each status change."""

    awarded: list[Nomination]
    changes: PublicationChanges
    already_published: bool = False


def _awarded_nominations(session: Session, round_: Round) -> list[Nomination]:
    return list(
        session.scalars(
            sa.select(Nomination)
            .join(Decision, Decision.nomination_id == Nomination.id)
            .where(
                Nomination.round_id == round_.id,
                Nomination.state == NominationState.SUBMITTED,
                Nomination.eligibility == Eligibility.ELIGIBLE,
                Decision.outcome == Outcome.AWARDED,
            )
            .order_by(Nomination.title)
        )
    )


def _current_before(session: Session, round_: Round, at: datetime) -> set[int]:
    """Initiatives holding an award of an earlier round at ``at``."""
    return set(
        session.scalars(
            sa.select(Award.initiative_id).where(
                Award.round_id != round_.id,
                Award.valid_from <= at,
                sa.or_(Award.valid_until.is_(None), Award.valid_until > at),
            )
        )
    )


def plan_publication(session: Session, round_: Round) -> PublicationPlan:
    """The preview shown before publishing; after publication, what the publication did."""
    if round_.published_at is not None:
        awards = list(
            session.scalars(
                sa.select(Award).where(Award.round_id == round_.id).options(selectinload(Award.nomination))
            )
        )
        before = set(
            session.scalars(
                sa.select(Award.initiative_id).where(
                    Award.round_id != round_.id, Award.valid_until == round_.published_at
                )
            )
        )
        nominations = [a.nomination for a in awards]
        return PublicationPlan(
            sorted(nominations, key=lambda n: n.title),
            publication_changes(before, (a.initiative_id for a in awards)),
            already_published=True,
        )
    awarded = _awarded_nominations(session, round_)
    before = _current_before(session, round_, now_utc())
    return PublicationPlan(awarded, publication_changes(before, (n.initiative_id for n in awarded)))


def publish_round(session: Session, round_: Round, *, actor: User) -> PublicationPlan:
    """Publish in the caller's single transaction; safe to repeat.

    Effects: awarded nominations become awards valid from now; every award of an earlier round
    still current ends now (so a renewal continues without a gap); the round becomes published
    with its publication time; an audit event lists the new, renewed and lapsed initiatives.
    A second call, also one racing the first from another request, finds the round published
    and changes nothing.
    """
    # Lock the round row so that two admins publishing at once are served one after the other.
    session.execute(sa.select(Round.id).where(Round.id == round_.id).with_for_update())
    session.refresh(round_)
    if round_.phase in (RoundPhase.PUBLISHED, RoundPhase.ARCHIVED):
        return plan_publication(session, round_)
    at = now_utc()
    check = check_transition(round_facts(session, round_, now=at))
    if check.target is not RoundPhase.PUBLISHED:
        raise NotAllowed(_("Only a round in the phase “Deciding” can be published."))
    if check.blockers:
        raise NotAllowed(" ".join(check.blockers))

    awarded = _awarded_nominations(session, round_)
    before = _current_before(session, round_, at)
    # End the earlier awards first: an initiative may hold only one open-ended award.
    session.execute(
        sa.update(Award)
        .where(Award.round_id != round_.id, Award.valid_until.is_(None), Award.valid_from < at)
        .values(valid_until=at)
        .execution_options(synchronize_session="fetch")
    )
    for nomination in awarded:
        session.add(
            Award(
                initiative_id=nomination.initiative_id,
                round_id=round_.id,
                category_id=nomination.category_id,
                nomination_id=nomination.id,
                valid_from=at,
            )
        )
    round_.phase, round_.published_at = RoundPhase.PUBLISHED, at
    session.flush()
    changes = publication_changes(before, (n.initiative_id for n in awarded))
    record(
        session,
        actor=actor,
        action=AuditAction.ROUND_PUBLISH,
        object_type="round",
        object_id=round_.id,
        round_id=round_.id,
        before={"phase": str(RoundPhase.DECIDING)},
        after={
            "phase": str(RoundPhase.PUBLISHED),
            "published_at": at.isoformat(),
            "new": sorted(changes.new),
            "renewed": sorted(changes.renewed),
            "lapsed": sorted(changes.lapsed),
        },
    )
    from evaluator.mail.notifications import results_published

    results_published(session, round_)  # each nominating unit's coordinators get their links
    return PublicationPlan(awarded, changes)
