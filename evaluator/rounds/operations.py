"""Round operations: create, edit while a draft, deadlines, phase changes. Each takes the session
and the acting admin, writes an audit event, flushes and never commits."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from evaluator.accounts.models import User
from evaluator.audit.operations import record
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import now_utc
from evaluator.core.errors import DomainError, NotAllowed
from evaluator.i18n import _
from evaluator.rounds.models import Category, Criterion, Round, RoundPhase
from evaluator.rounds.phases import TransitionCheck, check_transition
from evaluator.rounds.queries import round_facts

DEADLINE_FIELDS = ("nomination_deadline", "review_deadline", "voting_deadline")


class YearTaken(DomainError):
    pass


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def copy_categories(source: Round, target: Round) -> None:
    """Give ``target`` its own copies of ``source``'s categories and criteria.

    Copies, not shared rows: editing the new round's criteria never rewrites a past round.
    """
    for category in source.categories:
        copy = Category(
            key=category.key, name=category.name, description=category.description, position=category.position
        )
        copy.criteria = [
            Criterion(name=c.name, guidance=c.guidance, weight=c.weight, position=c.position)
            for c in category.criteria
        ]
        target.categories.append(copy)


def create_round(session: Session, *, actor: User, name: str, year: int) -> Round:
    """A new draft round with copies of the latest earlier round's categories and criteria."""
    if session.scalar(sa.select(Round.id).where(Round.year == year)) is not None:
        raise YearTaken(_("There is already a round for %(year)d.", year=year))
    previous = session.scalar(sa.select(Round).where(Round.year < year).order_by(Round.year.desc()).limit(1))
    round_ = Round(name=name.strip(), year=year, phase=RoundPhase.DRAFT)
    if previous is not None:
        copy_categories(previous, round_)
    session.add(round_)
    session.flush()
    record(
        session,
        actor=actor,
        action=AuditAction.ROUND_CREATE,
        object_type="round",
        object_id=round_.id,
        round_id=round_.id,
        after={"name": round_.name, "year": year, "copied_from": previous.year if previous else None},
    )
    return round_


def set_deadlines(session: Session, round_: Round, *, actor: User, **deadlines: datetime | None) -> Round:
    """Set deadlines while the round is a draft; later only extensions (extend_deadline)."""
    if round_.phase is not RoundPhase.DRAFT:
        raise NotAllowed(_("Deadlines of a running round can only be extended."))
    before = {k: _iso(getattr(round_, k)) for k in DEADLINE_FIELDS}
    for key, value in deadlines.items():
        if key not in DEADLINE_FIELDS:
            raise ValueError(key)
        setattr(round_, key, value)
    session.flush()
    after = {k: _iso(getattr(round_, k)) for k in DEADLINE_FIELDS}
    if before != after:
        record(
            session,
            actor=actor,
            action=AuditAction.ROUND_UPDATE,
            object_type="round",
            object_id=round_.id,
            round_id=round_.id,
            before=before,
            after=after,
        )
    return round_


PHASE_DEADLINE = {
    RoundPhase.NOMINATING: "nomination_deadline",
    RoundPhase.REVIEWING: "review_deadline",
    RoundPhase.VOTING: "voting_deadline",
}


def extend_deadline(session: Session, round_: Round, *, actor: User, new_deadline: datetime) -> Round:
    """Move the running phase's deadline later (never earlier, never into the past)."""
    field = PHASE_DEADLINE.get(round_.phase)
    if field is None:
        raise NotAllowed(_("This phase has no deadline to extend."))
    current = getattr(round_, field)
    if new_deadline <= now_utc():
        raise NotAllowed(_("The new deadline must lie in the future."))
    if current is not None and new_deadline <= current:
        raise NotAllowed(_("An extension must be later than the current deadline."))
    setattr(round_, field, new_deadline)
    session.flush()
    record(
        session,
        actor=actor,
        action=AuditAction.ROUND_DEADLINE_EXTEND,
        object_type="round",
        object_id=round_.id,
        round_id=round_.id,
        before={field: _iso(current)},
        after={field: _iso(new_deadline)},
    )
    return round_


def preview_transition(session: Session, round_: Round) -> TransitionCheck:
    return check_transition(round_facts(session, round_, now=now_utc()))


def advance_phase(session: Session, round_: Round, *, actor: User, confirmed_warnings: bool = False) -> Round:
    """Move the round to its next phase if the guards allow it.

    Effects: the phase changes, an audit event records before and after, and the people
    concerned get mail (nominating, reviewing and voting opened). Warnings (closing
    nominating early, nominations without a score sheet) need ``confirmed_warnings``.
    """
    check = preview_transition(session, round_)
    if not check.allowed:
        raise NotAllowed(" ".join(check.blockers))
    if check.warnings and not confirmed_warnings:
        raise NotAllowed(_("Please confirm: %(warnings)s", warnings=" ".join(check.warnings)))
    if check.target is RoundPhase.PUBLISHED:
        # Publication creates awards; it has its own operation and is not a bare phase change.
        raise NotAllowed(_("Publish the round with “Review and publish the results” on its page."))
    before = round_.phase
    round_.phase = check.target
    session.flush()
    if round_.phase is RoundPhase.REVIEWING:
        from evaluator.reviewing.operations import sync_automatic_conflicts

        sync_automatic_conflicts(session, round_, actor=actor)
    elif round_.phase is RoundPhase.DECIDING:
        from evaluator.voting.operations import close_tallies

        close_tallies(session, round_)
    record(
        session,
        actor=actor,
        action=AuditAction.ROUND_PHASE,
        object_type="round",
        object_id=round_.id,
        round_id=round_.id,
        before={"phase": str(before)},
        after={"phase": str(round_.phase)},
    )
    from evaluator.mail.notifications import phase_opened

    phase_opened(session, round_)  # the people concerned are told in the same transaction
    return round_
