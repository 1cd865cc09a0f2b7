"""Deadline reminders (``evaluator send-reminders``) and the admins' "remind the late ones".

Seven days and one day before a running phase's deadline, the people who still have something
to do are reminded: coordinators of units with unsubmitted drafts before the nomination
deadline, members with open score sheets before the review deadline, members with missing votes
before the voting deadline. Each reminder carries a key made of the person, the deadline and the
lead time, so the command can run every hour and queues each reminder once; a deadline that is
extended gets reminders of its own.

The 7-day reminder is queued from seven days before the deadline until one day before it; from
then until the deadline the 1-day reminder is. A run that finds more than seven days left, or a
deadline already passed, queues nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from evaluator.accounts.models import Role, User, UserRole, coordinator_units
from evaluator.audit.operations import record
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import now_utc
from evaluator.core.errors import NotAllowed
from evaluator.i18n import _
from evaluator.mail.notifications import absolute_url, queue_to
from evaluator.nominations.models import Nomination, NominationState
from evaluator.rounds.models import Round, RoundPhase

# Shortest first: the reminder due is the one with the shortest lead time not yet passed.
LEAD_TIMES = (timedelta(days=1), timedelta(days=7))

REMINDER_NOMINATIONS = "reminder_nominations"
REMINDER_REVIEWING = "reminder_reviewing"
REMINDER_VOTING = "reminder_voting"
REMINDER_LATE = "reminder_late"


@dataclass
class Due:
    """One person who still has work in the running phase, and what to tell them about it."""

    user: User
    context: dict[str, Any] = field(default_factory=dict)


def lead_time_due(deadline: datetime, now: datetime) -> timedelta | None:
    """The lead time whose reminder is due at ``now`` (1 or 7 days), None outside both windows."""
    remaining = deadline - now
    if remaining <= timedelta(0):
        return None
    for lead in LEAD_TIMES:
        if remaining <= lead:
            return lead
    return None


def coordinators_with_drafts(session: Session, round_: Round) -> list[Due]:
    """Active coordinators of units that have unsubmitted drafts in the round, with the drafts."""
    rows = session.execute(
        sa.select(User, Nomination.id, Nomination.title)
        .join(coordinator_units, coordinator_units.c.user_id == User.id)
        .join(Nomination, Nomination.org_unit_id == coordinator_units.c.org_unit_id)
        .where(
            Nomination.round_id == round_.id,
            Nomination.state == NominationState.DRAFT,
            User.active,
            User.id.in_(sa.select(UserRole.user_id).where(UserRole.role == Role.COORDINATOR)),
        )
        .order_by(User.id, Nomination.title, Nomination.id)
    ).all()
    by_user: dict[int, Due] = {}
    for user, nomination_id, title in rows:
        due = by_user.setdefault(user.id, Due(user, {"drafts": []}))
        if all(item["id"] != nomination_id for item in due.context["drafts"]):
            due.context["drafts"].append(
                {
                    "id": nomination_id,
                    "title": title,
                    "link": absolute_url("nominations.detail", nomination_id=nomination_id),
                }
            )
    return list(by_user.values())


def members_with_open_sheets(session: Session, round_: Round) -> list[Due]:
    """Active members with eligible, unconflicted nominations whose sheet is not submitted."""
    from evaluator.reviewing.queries import round_progress

    return [
        Due(row.member, {"open_sheets": row.not_started + row.drafted, "drafted": row.drafted})
        for row in round_progress(session, round_).members
        if row.not_started + row.drafted > 0
    ]


def members_with_missing_votes(session: Session, round_: Round) -> list[Due]:
    """Active members with eligible, unconflicted nominations they have not voted on."""
    from evaluator.reviewing.queries import round_progress

    return [
        Due(row.member, {"missing_votes": row.to_vote})
        for row in round_progress(session, round_).members
        if row.to_vote > 0
    ]


@dataclass(frozen=True)
class PhaseReminder:
    deadline_field: str
    template: str
    recipients: Callable[[Session, Round], list[Due]]
    link: Callable[[Round], str]


PHASE_REMINDERS = {
    RoundPhase.NOMINATING: PhaseReminder(
        "nomination_deadline",
        REMINDER_NOMINATIONS,
        coordinators_with_drafts,
        lambda round_: absolute_url("nominations.index"),
    ),
    RoundPhase.REVIEWING: PhaseReminder(
        "review_deadline",
        REMINDER_REVIEWING,
        members_with_open_sheets,
        lambda round_: absolute_url("review.index"),
    ),
    RoundPhase.VOTING: PhaseReminder(
        "voting_deadline",
        REMINDER_VOTING,
        members_with_missing_votes,
        lambda round_: absolute_url("voting.ballot", round_id=round_.id),
    ),
}


def reminder_key(round_: Round, deadline: datetime, lead: timedelta, user: User) -> str:
    """One reminder per person, deadline and lead time."""
    moment = deadline.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"reminder:round-{round_.id}:{round_.phase}:{moment}:{lead.days}d:user-{user.id}"


def queue_deadline_reminders(session: Session, *, now: datetime | None = None) -> int:
    """Queue the reminders due at ``now`` that are not queued yet; returns how many were queued.

    Adds rows and flushes; the caller commits.
    """
    now = now or now_utc()
    rounds = session.scalars(
        sa.select(Round).where(Round.phase.in_(list(PHASE_REMINDERS))).order_by(Round.year)
    ).all()
    queued = 0
    for round_ in rounds:
        spec = PHASE_REMINDERS[round_.phase]
        deadline: datetime | None = getattr(round_, spec.deadline_field)
        if deadline is None:
            continue
        lead = lead_time_due(deadline, now)
        if lead is None:
            continue
        link = spec.link(round_)
        for due in spec.recipients(session, round_):
            mail = queue_to(
                session,
                due.user,
                spec.template,
                kind=spec.template,
                round_id=round_.id,
                dedupe_key=reminder_key(round_, deadline, lead, due.user),
                round=round_,
                deadline=deadline,
                lead_days=lead.days,
                late=False,
                link=link,
                **due.context,
            )
            queued += mail is not None
    return queued


def late_members(session: Session, round_: Round) -> list[Due]:
    """The members behind in the running phase, as the progress page marks them."""
    if round_.phase is RoundPhase.REVIEWING:
        return members_with_open_sheets(session, round_)
    if round_.phase is RoundPhase.VOTING:
        return members_with_missing_votes(session, round_)
    return []


def remind_late(session: Session, round_: Round, *, actor: User) -> int:
    """Queue a reminder now to each member behind in reviewing or voting; audited.

    Returns the number of reminders queued (0 when no one is behind).
    """
    if round_.phase not in (RoundPhase.REVIEWING, RoundPhase.VOTING):
        raise NotAllowed(_("Reminders can be sent while the commission reviews or votes."))
    spec = PHASE_REMINDERS[round_.phase]
    deadline = getattr(round_, spec.deadline_field)
    link = spec.link(round_)
    dues = late_members(session, round_)
    for due in dues:
        queue_to(
            session,
            due.user,
            spec.template,
            kind=REMINDER_LATE,
            round_id=round_.id,
            round=round_,
            deadline=deadline,
            lead_days=None,
            late=True,
            link=link,
            **due.context,
        )
    session.flush()
    record(
        session,
        actor=actor,
        action=AuditAction.MAIL_REMIND_LATE,
        object_type="round",
        object_id=round_.id,
        round_id=round_.id,
        after={"phase": str(round_.phase), "count": len(dues), "recipients": [d.user.id for d in dues]},
    )
    return len(dues)
