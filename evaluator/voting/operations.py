"""Votes and decisions. Each operation takes the session and the acting person, checks the rules,
writes an audit event, flushes and never commits."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from evaluator.accounts.models import User
from evaluator.audit.operations import record
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import now_utc
from evaluator.core.errors import DomainError, NotAllowed
from evaluator.i18n import _
from evaluator.nominations.models import Eligibility, Nomination, NominationState
from evaluator.reviewing import permissions
from evaluator.reviewing.queries import is_conflicted, live_tallies
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import ClosedTally, Decision, Outcome, Vote, VoteChoice
from evaluator.voting.tally import Tally, needs_rationale


class RationaleRequired(DomainError):
    pass


def _require_eligible(nomination: Nomination) -> None:
    if (
        nomination.state is not NominationState.SUBMITTED
        or nomination.eligibility is not Eligibility.ELIGIBLE
    ):
        raise NotAllowed(_("Only eligible nominations are voted and decided on."))


def voting_deadline_open(round_: Round) -> bool:
    return round_.voting_deadline is None or now_utc() < round_.voting_deadline


def cast_vote(session: Session, nomination: Nomination, *, member: User, choice: VoteChoice) -> Vote:
    """Record or change a member's vote; one row per member and nomination, even under a double click."""
    _require_eligible(nomination)
    conflicted = is_conflicted(session, member, nomination)
    if not permissions.can_vote(member, nomination.round, conflicted=conflicted):
        if nomination.round.phase is not RoundPhase.VOTING:
            raise NotAllowed(_("Voting is closed."))
        raise NotAllowed(_("You cannot vote on this nomination."))
    if not voting_deadline_open(nomination.round):
        raise NotAllowed(_("The voting deadline has passed. An administrator can extend it."))
    choice = VoteChoice(choice)

    # Insert-if-absent in one statement: a parallel request of the same person (a double click)
    # cannot create a second row, and no savepoint is needed (SQLite's driver would commit one).
    table = Vote.__table__
    insert = (
        postgresql.insert(table) if session.get_bind().dialect.name == "postgresql" else sqlite.insert(table)
    )
    created = (
        session.execute(
            insert.values(nomination_id=nomination.id, member_id=member.id, choice=choice)
            .on_conflict_do_nothing(index_elements=["nomination_id", "member_id"])
            .returning(table.c.id)
        ).first()
        is not None
    )
    vote = session.scalar(
        sa.select(Vote)
        .where(Vote.member_id == member.id, Vote.nomination_id == nomination.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert vote is not None
    before = None if created else str(vote.choice)
    vote.choice = choice
    session.flush()
    if before != str(choice):
        record(
            session,
            actor=member,
            action=AuditAction.VOTE_CAST if before is None else AuditAction.VOTE_CHANGE,
            object_type="nomination",
            object_id=nomination.id,
            round_id=nomination.round_id,
            before={"choice": before} if before is not None else None,
            after={"choice": str(choice)},
        )
    return vote


def record_decision(
    session: Session,
    nomination: Nomination,
    *,
    actor: User,
    outcome: Outcome,
    rationale: str,
    feedback: str,
    result: Tally,
) -> Decision:
    """The chair's or an admin's decision. Against the vote, on a tie or without quorum it needs
    a rationale. It can be changed until the round is published."""
    _require_eligible(nomination)
    conflicted = is_conflicted(session, actor, nomination) if actor.is_member else False
    if not permissions.can_record_decision(actor, nomination.round, conflicted=conflicted):
        if nomination.round.phase is not RoundPhase.DECIDING:
            raise NotAllowed(_("Decisions are recorded while the round is in the phase “Deciding”."))
        raise NotAllowed(_("You cannot decide on this nomination."))
    outcome = Outcome(outcome)
    rationale, feedback = rationale.strip(), feedback.strip()
    if needs_rationale(result, outcome) and not rationale:
        raise RationaleRequired(rationale_prompt(result, outcome))
    decision = nomination.decision
    before = None
    if decision is None:
        # Through the relationship, so that ``nomination.decision`` (loaded as None above) knows
        # of it and a second call in the same session updates this row instead of adding one.
        decision = Decision(nomination=nomination, outcome=outcome, decided_at=now_utc())
        session.add(decision)
    else:
        before = {
            "outcome": str(decision.outcome),
            "rationale": decision.rationale,
            "feedback": decision.feedback,
        }
    decision.outcome, decision.rationale, decision.feedback = outcome, rationale, feedback
    decision.decided_by_id, decision.decided_at = actor.id, now_utc()
    session.flush()
    after = {"outcome": str(outcome), "rationale": rationale, "feedback": feedback}
    if before != after:
        record(
            session,
            actor=actor,
            action=AuditAction.DECISION_RECORD if before is None else AuditAction.DECISION_UPDATE,
            object_type="nomination",
            object_id=nomination.id,
            round_id=nomination.round_id,
            before=before,
            after={
                **after,
                "vote": {
                    "award": result.award,
                    "do_not_award": result.do_not_award,
                    "abstain": result.abstain,
                    "quorum": result.quorum,
                },
            },
        )
    return decision


def rationale_prompt(result: Tally, outcome: Outcome) -> str:
    if not result.quorum:
        return _("The vote missed its quorum: please explain the decision.")
    if result.tie:
        return _("The vote is tied: please explain the decision.")
    return _("This decision differs from the vote's outcome: please explain it.")


def close_tallies(session: Session, round_: Round, *, at: datetime | None = None) -> int:
    """Keep each eligible nomination's count as it stands when voting closes (safe to repeat)."""
    at = at or now_utc()
    counts = live_tallies(session, round_)
    session.execute(
        sa.delete(ClosedTally).where(
            ClosedTally.nomination_id.in_(sa.select(Nomination.id).where(Nomination.round_id == round_.id))
        )
    )
    for nomination_id, result in counts.items():
        session.add(
            ClosedTally(
                nomination_id=nomination_id,
                award=result.award,
                do_not_award=result.do_not_award,
                abstain=result.abstain,
                electorate=result.electorate,
                closed_at=at,
            )
        )
    session.flush()
    return len(counts)
