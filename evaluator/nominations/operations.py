"""Nomination operations: drafts, submission, withdrawal, renomination and eligibility.

Each takes the session and the acting person, checks the rules of SPEC §4 (round phase,
deadline, version), writes an audit event, flushes and never commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from evaluator.accounts.models import User
from evaluator.audit.operations import changed_fields, record
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import now_utc
from evaluator.core.errors import DomainError, NotAllowed
from evaluator.i18n import _
from evaluator.nominations.models import (
    Eligibility,
    Initiative,
    Nomination,
    NominationContact,
    NominationPartner,
    NominationState,
)
from evaluator.orgunits.models import OrgUnit
from evaluator.rounds.models import Category, Round, RoundPhase

KEY_FIGURES = (
    "exchanged_students",
    "exchanged_staff",
    "joint_degree_programmes",
    "joint_publications",
    "joint_events",
)


class StaleVersion(DomainError):
    """Someone else saved the nomination since this person opened it."""


class DeadlinePassed(NotAllowed):
    pass


class Incomplete(DomainError):
    """A submission lacks required parts; ``problems`` maps field names to messages."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(_("The nomination is not complete yet."))
        self.problems = problems


@dataclass
class NominationInput:
    """What the form delivers, as plain values (validated for shape by the form)."""

    title: str
    category_id: int
    org_unit_id: int
    summary: str = ""
    description: str = ""
    start_year: int | None = None
    website: str | None = None
    head_support_confirmed: bool = False
    partners: list[tuple[str, str]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    key_figures: dict[str, int | None] = field(default_factory=dict)


def deadline_open(round_: Round) -> bool:
    """Nominations can be changed: the round is nominating and its deadline has not passed."""
    return (
        round_.phase is RoundPhase.NOMINATING
        and round_.nomination_deadline is not None
        and now_utc() < round_.nomination_deadline
    )


def _require_nominating(round_: Round) -> None:
    if round_.phase is not RoundPhase.NOMINATING:
        raise NotAllowed(_("The %(name)s does not accept nominations now.", name=round_.name))


def _require_open(round_: Round) -> None:
    _require_nominating(round_)
    if not deadline_open(round_):
        raise DeadlinePassed(_("The nomination deadline has passed; nominations can no longer be changed."))


def require_writable(nomination: Nomination) -> None:
    """Drafts may still be written while the round is nominating, even after the deadline: what a
    person typed is kept as a draft, though it can no longer be submitted. Everything else
    (submitted or withdrawn nominations) is fixed once the deadline has passed."""
    if nomination.state is NominationState.DRAFT:
        _require_nominating(nomination.round)
    else:
        _require_open(nomination.round)


def _check_version(nomination: Nomination, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != nomination.version:
        raise StaleVersion(
            _(
                "Someone else saved this nomination while you were editing it. Your text is still in "
                "the form: open the nomination in a new tab, compare, and save again."
            )
        )


def _snapshot(nomination: Nomination) -> dict[str, Any]:
    return {
        "title": nomination.title,
        "category_id": nomination.category_id,
        "summary": nomination.summary,
        "description": nomination.description,
        "start_year": nomination.start_year,
        "website": nomination.website,
        "head_support_confirmed": nomination.head_support_confirmed,
        "partners": [[p.institution, p.country] for p in nomination.partners],
        "contacts": [[c.name, c.role, c.email, c.phone] for c in nomination.contacts],
        **{k: getattr(nomination, k) for k in KEY_FIGURES},
    }


def _apply(session: Session, nomination: Nomination, data: NominationInput) -> None:
    category = session.get(Category, data.category_id)
    round_id = nomination.round.id if nomination.round is not None else nomination.round_id
    if category is None or category.round_id != round_id:
        raise NotAllowed(_("Choose a category of this round."))
    nomination.category = category
    nomination.title = data.title.strip()
    nomination.summary = data.summary.strip()
    nomination.description = data.description
    nomination.start_year = data.start_year
    nomination.website = data.website or None
    nomination.head_support_confirmed = data.head_support_confirmed
    for key in KEY_FIGURES:
        setattr(nomination, key, data.key_figures.get(key))
    nomination.partners = [
        NominationPartner(position=i, institution=inst.strip(), country=country.strip())
        for i, (inst, country) in enumerate(data.partners)
    ]
    nomination.contacts = [
        NominationContact(
            position=i,
            name=c["name"].strip(),
            role=(c.get("role") or "").strip(),
            email=c["email"].strip(),
            phone=(c.get("phone") or None),
        )
        for i, c in enumerate(data.contacts)
    ]


def completeness_problems(nomination: Nomination) -> dict[str, str]:
    """What a nomination still lacks before it can be submitted (field name → message)."""
    problems: dict[str, str] = {}
    if not nomination.summary:
        problems["summary"] = _("Write a public summary.")
    if not nomination.description.strip():
        problems["description"] = _("Describe the initiative.")
    if not nomination.partners:
        problems["partners"] = _("Name at least one partner institution.")
    if not nomination.contacts:
        problems["contacts"] = _("Name at least one contact person.")
    if nomination.start_year is None:
        problems["start_year"] = _("Give the year the cooperation started.")
    if not nomination.head_support_confirmed:
        problems["head_support_confirmed"] = _("Confirm that the head of the unit supports the nomination.")
    return problems


def create_draft(
    session: Session,
    round_: Round,
    *,
    actor: User,
    data: NominationInput,
    initiative: Initiative | None = None,
    renomination_of: Nomination | None = None,
) -> Nomination:
    """A new draft, for a new initiative or (``initiative`` given) a renomination.

    Allowed while the round is nominating, even after the deadline (the text is kept as a draft).
    """
    _require_nominating(round_)
    unit = session.get(OrgUnit, data.org_unit_id)
    if unit is None or not any(u.id == unit.id for u in actor.coordinated_units):
        raise NotAllowed(_("You can only nominate initiatives of units you coordinate."))
    if initiative is None:
        initiative = Initiative(title=data.title.strip(), org_unit=unit, summary=data.summary.strip())
        session.add(initiative)
    elif session.scalar(
        sa.select(Nomination.id).where(
            Nomination.initiative_id == initiative.id, Nomination.round_id == round_.id
        )
    ):
        raise NotAllowed(_("This initiative is already nominated in the %(name)s.", name=round_.name))
    nomination = Nomination(
        round=round_,
        initiative=initiative,
        org_unit=unit,
        created_by=actor,
        state=NominationState.DRAFT,
        renomination_of=renomination_of,
        title="",
    )
    _apply(session, nomination, data)
    session.add(nomination)
    session.flush()
    record(
        session,
        actor=actor,
        action=AuditAction.NOMINATION_CREATE,
        object_type="nomination",
        object_id=nomination.id,
        round_id=round_.id,
        after=_snapshot(nomination),
    )
    return nomination


def update(
    session: Session,
    nomination: Nomination,
    *,
    actor: User,
    data: NominationInput,
    expected_version: int | None,
) -> Nomination:
    """Save changes. A submitted nomination stays submitted and must stay complete."""
    require_writable(nomination)
    _check_version(nomination, expected_version)
    if nomination.state is NominationState.WITHDRAWN:
        raise NotAllowed(_("Return the withdrawn nomination to draft before you edit it."))
    if data.org_unit_id != nomination.org_unit_id:
        raise NotAllowed(_("The nominating unit of a nomination cannot change."))
    before = _snapshot(nomination)
    _apply(session, nomination, data)
    # Partners and contacts live in tables of their own: touch the nomination's row on every save,
    # so the version counts up and a save based on an older version fails at flush.
    nomination.updated_at = now_utc()
    flag_modified(nomination, "updated_at")
    if nomination.state is NominationState.SUBMITTED:
        problems = completeness_problems(nomination)
        if problems:
            raise Incomplete(problems)
    session.flush()
    old, new = changed_fields(before, _snapshot(nomination))
    if new:
        record(
            session,
            actor=actor,
            action=AuditAction.NOMINATION_UPDATE,
            object_type="nomination",
            object_id=nomination.id,
            round_id=nomination.round_id,
            before=old,
            after=new,
        )
    return nomination


def _set_state(
    session: Session, nomination: Nomination, *, actor: User, to: NominationState, action: AuditAction
) -> Nomination:
    before = nomination.state
    nomination.state = to
    if to is NominationState.SUBMITTED:
        nomination.submitted_at = now_utc()
    session.flush()
    record(
        session,
        actor=actor,
        action=action,
        object_type="nomination",
        object_id=nomination.id,
        round_id=nomination.round_id,
        before={"state": str(before)},
        after={"state": str(to)},
    )
    return nomination


def submit(
    session: Session, nomination: Nomination, *, actor: User, expected_version: int | None = None
) -> Nomination:
    """draft → submitted, before the deadline and only when complete; a receipt is mailed."""
    _require_open(nomination.round)
    _check_version(nomination, expected_version)
    if nomination.state is not NominationState.DRAFT:
        raise NotAllowed(_("Only a draft can be submitted."))
    problems = completeness_problems(nomination)
    if problems:
        raise Incomplete(problems)
    _set_state(
        session, nomination, actor=actor, to=NominationState.SUBMITTED, action=AuditAction.NOMINATION_SUBMIT
    )
    from evaluator.mail.notifications import nomination_received

    nomination_received(session, nomination, actor=actor)  # the receipt, in the same transaction
    return nomination


def withdraw(session: Session, nomination: Nomination, *, actor: User) -> Nomination:
    """submitted → withdrawn, until the deadline."""
    _require_open(nomination.round)
    if nomination.state is not NominationState.SUBMITTED:
        raise NotAllowed(_("Only a submitted nomination can be withdrawn."))
    return _set_state(
        session, nomination, actor=actor, to=NominationState.WITHDRAWN, action=AuditAction.NOMINATION_WITHDRAW
    )


def return_to_draft(session: Session, nomination: Nomination, *, actor: User) -> Nomination:
    """withdrawn → draft, until the deadline."""
    _require_open(nomination.round)
    if nomination.state is not NominationState.WITHDRAWN:
        raise NotAllowed(_("Only a withdrawn nomination can return to draft."))
    return _set_state(
        session, nomination, actor=actor, to=NominationState.DRAFT, action=AuditAction.NOMINATION_REDRAFT
    )


def prefill_from(previous: Nomination, round_: Round) -> NominationInput:
    """The content of an earlier nomination as the start of a renomination in ``round_``."""
    category = next((c for c in round_.categories if c.key == previous.category.key), None)
    return NominationInput(
        title=previous.title,
        category_id=category.id if category else 0,
        org_unit_id=previous.org_unit_id,
        summary=previous.summary,
        description=previous.description,
        start_year=previous.start_year,
        website=previous.website,
        head_support_confirmed=False,
        partners=[(p.institution, p.country) for p in previous.partners],
        contacts=[
            {"name": c.name, "role": c.role, "email": c.email, "phone": c.phone} for c in previous.contacts
        ],
        key_figures={k: getattr(previous, k) for k in KEY_FIGURES},
    )


def latest_nomination(session: Session, initiative: Initiative) -> Nomination | None:
    return session.scalar(
        sa.select(Nomination)
        .join(Nomination.round)
        .where(Nomination.initiative_id == initiative.id)
        .order_by(Round.year.desc())
        .limit(1)
    )


def set_eligibility(
    session: Session, nomination: Nomination, *, actor: User, eligible: bool, reason: str
) -> Nomination:
    """Mark a submitted nomination eligible or not, once nominating has closed."""
    if nomination.round.phase is not RoundPhase.REVIEWING:
        raise NotAllowed(_("Eligibility is decided while the round is in review."))
    if nomination.state is not NominationState.SUBMITTED:
        raise NotAllowed(_("Only submitted nominations are checked for eligibility."))
    if not eligible and not reason.strip():
        raise NotAllowed(_("Give a reason why the nomination is not eligible."))
    before = {"eligibility": str(nomination.eligibility), "reason": nomination.eligibility_reason}
    nomination.eligibility = Eligibility.ELIGIBLE if eligible else Eligibility.INELIGIBLE
    nomination.eligibility_reason = reason.strip() or None
    session.flush()
    record(
        session,
        actor=actor,
        action=AuditAction.NOMINATION_ELIGIBILITY,
        object_type="nomination",
        object_id=nomination.id,
        round_id=nomination.round_id,
        before=before,
        after={"eligibility": str(nomination.eligibility), "reason": nomination.eligibility_reason},
    )
    return nomination
