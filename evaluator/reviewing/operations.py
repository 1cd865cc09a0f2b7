"""Conflicts of interest and score sheets. Each operation takes the session and the acting
person, checks the rules, writes an audit event, flushes and never commits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from evaluator.accounts.models import User
from evaluator.audit.operations import record
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import now_utc
from evaluator.core.errors import DomainError, NotAllowed
from evaluator.i18n import _
from evaluator.nominations.models import Eligibility, Nomination, NominationState
from evaluator.orgunits.models import OrgUnit
from evaluator.reviewing import permissions
from evaluator.reviewing.conflicts import related_units
from evaluator.reviewing.models import ConflictOfInterest, ConflictOrigin, Score, ScoreSheet, SheetState
from evaluator.reviewing.queries import commission_members, is_conflicted
from evaluator.rounds.models import Criterion, Round, RoundPhase

AUTOMATIC_REASON = "Member of the nominating unit or of a unit above or below it."


class Incomplete(DomainError):
    """A sheet cannot be submitted: ``problems`` maps criterion ids to messages."""

    def __init__(self, message: str, problems: dict[int, str]) -> None:
        super().__init__(message)
        self.problems = problems


class StaleSheet(DomainError):
    pass


# -- Conflicts of interest ---------------------------------------------------------------------


def _member_units(member: User) -> list[int]:
    # Coordinating a unit ties a person to it as much as belonging to it.
    return [u.id for u in member.affiliations] + [u.id for u in member.coordinated_units]


def sync_automatic_conflicts(session: Session, round_: Round, *, actor: User | None) -> int:
    """Record a conflict for every member and submitted nomination of a related unit.

    Safe to run again: pairs that already have a row (active, declared or cleared by an admin)
    are left alone, so a cleared conflict does not come back.
    """
    parent_of = dict(session.execute(sa.select(OrgUnit.id, OrgUnit.parent_id)).all())
    nominations = session.execute(
        sa.select(Nomination.id, Nomination.org_unit_id).where(
            Nomination.round_id == round_.id, Nomination.state == NominationState.SUBMITTED
        )
    ).all()
    existing = {
        (member_id, nomination_id)
        for member_id, nomination_id in session.execute(
            sa.select(ConflictOfInterest.member_id, ConflictOfInterest.nomination_id)
            .join(Nomination, Nomination.id == ConflictOfInterest.nomination_id)
            .where(Nomination.round_id == round_.id)
        )
    }
    created: list[list[int]] = []
    for member in commission_members(session):
        related = related_units(_member_units(member), parent_of)
        for nomination_id, unit_id in nominations:
            if unit_id in related and (member.id, nomination_id) not in existing:
                session.add(
                    ConflictOfInterest(
                        member_id=member.id,
                        nomination_id=nomination_id,
                        origin=ConflictOrigin.AUTOMATIC,
                        reason=AUTOMATIC_REASON,
                        created_by_id=actor.id if actor else None,
                    )
                )
                created.append([member.id, nomination_id])
    session.flush()
    if created:
        record(
            session,
            actor=actor,
            action=AuditAction.CONFLICT_AUTOMATIC,
            object_type="round",
            object_id=round_.id,
            round_id=round_.id,
            after={"conflicts": created},  # [member id, nomination id] pairs
        )
    return len(created)


def _conflict_row(session: Session, member: User, nomination: Nomination) -> ConflictOfInterest | None:
    return session.scalar(
        sa.select(ConflictOfInterest).where(
            ConflictOfInterest.member_id == member.id, ConflictOfInterest.nomination_id == nomination.id
        )
    )


def _open_conflict(
    session: Session,
    nomination: Nomination,
    *,
    member: User,
    actor: User,
    origin: ConflictOrigin,
    reason: str,
    action: AuditAction,
) -> ConflictOfInterest:
    if not permissions.conflicts_open(nomination.round):
        raise NotAllowed(_("Conflicts of interest are settled while the commission reviews and votes."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Please give a reason."))
    if not member.is_member:
        raise DomainError(_("Only commission members can have conflicts of interest."))
    row = _conflict_row(session, member, nomination)
    before = None
    if row is None:
        row = ConflictOfInterest(member_id=member.id, nomination_id=nomination.id)
        session.add(row)
    elif row.cleared_at is None:
        raise DomainError(_("This conflict of interest is already recorded."))
    else:
        before = {"origin": str(row.origin), "cleared_reason": row.cleared_reason}
    row.origin, row.reason, row.created_by_id, row.created_at = origin, reason, actor.id, now_utc()
    row.cleared_at, row.cleared_by_id, row.cleared_reason = None, None, ""
    session.flush()
    record(
        session,
        actor=actor,
        action=action,
        object_type="nomination",
        object_id=nomination.id,
        round_id=nomination.round_id,
        before=before,
        after={"member_id": member.id, "origin": str(origin), "reason": reason},
    )
    return row


def declare_conflict(
    session: Session, nomination: Nomination, *, member: User, reason: str
) -> ConflictOfInterest:
    """A member declares a conflict with a nomination; from then on it is closed to them."""
    if not permissions.can_declare_conflict(member, nomination.round):
        raise NotAllowed(_("Conflicts of interest are settled while the commission reviews and votes."))
    return _open_conflict(
        session,
        nomination,
        member=member,
        actor=member,
        origin=ConflictOrigin.DECLARED,
        reason=reason,
        action=AuditAction.CONFLICT_DECLARE,
    )


def set_conflict(
    session: Session, nomination: Nomination, *, member: User, actor: User, reason: str
) -> ConflictOfInterest:
    if not permissions.can_manage_conflicts(actor):
        raise NotAllowed(_("Only administrators can set conflicts of interest."))
    return _open_conflict(
        session,
        nomination,
        member=member,
        actor=actor,
        origin=ConflictOrigin.ADMIN,
        reason=reason,
        action=AuditAction.CONFLICT_SET,
    )


def clear_conflict(session: Session, conflict: ConflictOfInterest, *, actor: User, reason: str) -> None:
    """An admin lifts a conflict; the row stays as the record and automatic ones stay cleared."""
    if not permissions.can_manage_conflicts(actor):
        raise NotAllowed(_("Only administrators can clear conflicts of interest."))
    if not permissions.conflicts_open(conflict.nomination.round):
        raise NotAllowed(_("Conflicts of interest are settled while the commission reviews and votes."))
    if conflict.cleared_at is not None:
        raise DomainError(_("This conflict of interest has already been cleared."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Please give a reason."))
    conflict.cleared_at, conflict.cleared_by_id, conflict.cleared_reason = now_utc(), actor.id, reason
    session.flush()
    record(
        session,
        actor=actor,
        action=AuditAction.CONFLICT_CLEAR,
        object_type="nomination",
        object_id=conflict.nomination_id,
        round_id=conflict.nomination.round_id,
        before={"member_id": conflict.member_id, "origin": str(conflict.origin), "reason": conflict.reason},
        after={"cleared_reason": reason},
    )


# -- Score sheets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetInput:
    scores: Mapping[int, int | None]  # criterion id → 0–5, or None when not yet scored
    comment: str = ""
    submit: bool = False


def review_deadline_open(round_: Round) -> bool:
    return round_.review_deadline is None or now_utc() < round_.review_deadline


def require_scorable(session: Session, nomination: Nomination, member: User) -> None:
    round_ = nomination.round
    if (
        nomination.state is not NominationState.SUBMITTED
        or nomination.eligibility is not Eligibility.ELIGIBLE
    ):
        raise NotAllowed(_("Only eligible nominations are scored."))
    conflicted = is_conflicted(session, member, nomination)
    if not permissions.can_score(member, round_, conflicted=conflicted):
        if round_.phase is not RoundPhase.REVIEWING:
            raise NotAllowed(_("Reviewing is closed: score sheets can no longer be changed."))
        raise NotAllowed(_("You cannot score this nomination."))
    if not review_deadline_open(round_):
        raise NotAllowed(
            _(
                "The reviewing deadline has passed: score sheets can no longer be changed. "
                "An administrator can extend it."
            )
        )


def _snapshot(sheet: ScoreSheet) -> dict[str, object]:
    return {
        "state": str(sheet.state),
        "scores": {str(s.criterion_id): s.value for s in sorted(sheet.scores, key=lambda s: s.criterion_id)},
        "comment": sheet.comment,
    }


def save_sheet(
    session: Session,
    nomination: Nomination,
    *,
    member: User,
    data: SheetInput,
    expected_version: int | None = None,
) -> ScoreSheet:
    """Save a member's sheet: a draft may be partial; submitting (and amending a submitted
    sheet) needs every criterion scored. A save based on an older version is refused."""
    require_scorable(session, nomination, member)
    criteria = list(
        session.scalars(
            sa.select(Criterion)
            .where(Criterion.category_id == nomination.category_id)
            .order_by(Criterion.position)
        )
    )
    sheet = session.scalar(
        sa.select(ScoreSheet).where(
            ScoreSheet.member_id == member.id, ScoreSheet.nomination_id == nomination.id
        )
    )
    if sheet is not None and expected_version is not None and sheet.version != expected_version:
        raise StaleSheet(
            _(
                "This sheet was saved elsewhere (another tab?) in the meantime. "
                "Your entries are still in the form; check them and save again."
            )
        )
    if sheet is None and expected_version not in (None, 0):
        raise StaleSheet(_("This sheet has changed in the meantime. Check your entries and save again."))

    values: dict[int, int] = {}
    problems: dict[int, str] = {}
    for criterion in criteria:
        value = data.scores.get(criterion.id)
        if value is None:
            continue
        if not Criterion.SCALE_MIN <= value <= Criterion.SCALE_MAX:
            problems[criterion.id] = _("Choose a score from 0 to 5.")
        else:
            values[criterion.id] = value
    if problems:
        raise Incomplete(_("Some scores are not on the scale."), problems)
    wants_submitted = data.submit or (sheet is not None and sheet.state is SheetState.SUBMITTED)
    if wants_submitted:
        missing = {
            c.id: _("Score this criterion to submit the sheet.") for c in criteria if c.id not in values
        }
        if missing:
            raise Incomplete(_("Score every criterion to submit the sheet."), missing)

    before = _snapshot(sheet) if sheet is not None else None
    was_submitted = sheet is not None and sheet.state is SheetState.SUBMITTED
    if sheet is None:
        sheet = ScoreSheet(
            nomination_id=nomination.id, member_id=member.id, state=SheetState.DRAFT, comment=""
        )
        session.add(sheet)
    by_criterion = {s.criterion_id: s for s in sheet.scores}
    for criterion in criteria:
        if criterion.id in values:
            if criterion.id in by_criterion:
                by_criterion[criterion.id].value = values[criterion.id]
            else:
                sheet.scores.append(Score(criterion_id=criterion.id, value=values[criterion.id]))
        elif criterion.id in by_criterion:
            sheet.scores.remove(by_criterion[criterion.id])
    sheet.comment = data.comment.strip()
    if wants_submitted and not was_submitted:
        sheet.state, sheet.submitted_at = SheetState.SUBMITTED, now_utc()
    if sheet.id is not None:
        # A change to the scores alone must also raise the version that concurrent saves check.
        flag_modified(sheet, "comment")
    session.flush()
    after = _snapshot(sheet)
    if before != after:
        action = (
            AuditAction.SHEET_AMEND
            if was_submitted
            else AuditAction.SHEET_SUBMIT
            if wants_submitted
            else AuditAction.SHEET_SAVE
        )
        record(
            session,
            actor=member,
            action=action,
            object_type="nomination",
            object_id=nomination.id,
            round_id=nomination.round_id,
            before=before,
            after=after,
        )
    return sheet


def sync_running_round(session: Session, *, actor: User | None) -> int:
    """After a change to members or their units: record the conflicts the change brings about."""
    from evaluator.rounds.queries import running_round

    round_ = running_round(session)
    if round_ is None or round_.phase not in permissions.COMMISSION_PHASES:
        return 0
    return sync_automatic_conflicts(session, round_, actor=actor)
