"""The states of the application in which the forms are used, built with the factories, and
who uses which form in which of them.

Each stage is one moment of the selection: a draft round being prepared, a round open for
nominations, the commission reviewing, voting and deciding. Every stage also has a published
2021 round with one lighthouse, so that the public pages have something to show; the draft and
nominating stages have a nomination whose title must never appear on a public page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask import Flask

from evaluator.accounts.models import Role, User
from evaluator.accounts.operations import invite_user
from evaluator.accounts.tokens import LinkPurpose, make_token
from evaluator.core.clock import now_utc
from evaluator.mail.models import MailState
from evaluator.mail.outbox import queue_mail
from evaluator.nominations.models import Attachment, Eligibility, NominationState
from evaluator.nominations.storage import store_for
from evaluator.rounds.models import RoundPhase
from evaluator.voting.models import Outcome, VoteChoice
from tests.support import commission as commission_support
from tests.support.factories import (
    make_award,
    make_initiative,
    make_nomination,
    make_round,
    make_unit,
    make_user,
)

ADMIN = "ada@example.org"
CHAIR = "chris@example.org"
MEMBER = "mia@example.org"
COORDINATOR = "cora@example.org"
INVITED = "ivy@example.org"
PERSONAS = {
    "admin": ADMIN,
    "chair": CHAIR,
    "member": MEMBER,
    "coordinator": COORDINATOR,
    "anonymous": None,
}
SECRET = "Unpublished Secret Initiative"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    stage: str
    # Pages that no link leads to (the links of invitation and reset mails), per persona.
    entry_pages: dict[str, list[str]] = field(default_factory=dict)


def _public_history(session, unit):  # type: ignore[no-untyped-def]
    """The published 2021 round with one lighthouse of ``unit``."""
    published = make_round(session, 2021, phase=RoundPhase.PUBLISHED)
    make_award(session, published, make_initiative(session, unit, "Dresden–Kraków Exchange"))
    return published


def _attach(session, app: Flask, nomination, uploader: User) -> None:  # type: ignore[no-untyped-def]
    key, digest = store_for(app).save(PDF)
    session.add(
        Attachment(
            nomination=nomination,
            filename="budget.pdf",
            size_bytes=len(PDF),
            sha256=digest,
            storage_key=key,
            uploaded_by_id=uploader.id,
            uploaded_at=now_utc(),
        )
    )
    session.flush()


def _people(session):  # type: ignore[no-untyped-def]
    unit = make_unit(session, "Institute of Hydrology")
    other = make_unit(session, "Institute of Geodesy")
    people = {
        ADMIN: make_user(session, Role.ADMIN, email=ADMIN, name="Ada Admin"),
        CHAIR: make_user(session, Role.CHAIR, email=CHAIR, name="Chris Chair"),
        MEMBER: make_user(session, Role.MEMBER, email=MEMBER, name="Mia Member"),
        COORDINATOR: make_user(session, Role.COORDINATOR, email=COORDINATOR, name="Cora", units=[unit]),
    }
    return unit, other, people


def _links(app: Flask, people: dict[str, User], invited: User) -> dict[str, list[str]]:
    with app.test_request_context():
        return {
            "anonymous": [
                f"/accept/{make_token(invited, LinkPurpose.INVITATION)}",
                f"/reset/{make_token(people[MEMBER], LinkPurpose.RESET)}",
            ]
        }


def draft_stage(session, app: Flask) -> World:  # type: ignore[no-untyped-def]
    """A draft round being prepared, accounts to manage, an invitation pending, a failed mail."""
    unit, other, people = _people(session)
    published = _public_history(session, unit)
    # Nominated in the published round, but not awarded: its title was never made public.
    make_nomination(
        session, published, make_initiative(session, other, SECRET), eligibility=Eligibility.ELIGIBLE
    )
    draft = make_round(session, 2027, categories=2)
    invited = invite_user(
        session,
        actor=people[ADMIN],
        email=INVITED,
        display_name="Ivy Invited",
        roles={Role.MEMBER},
        coordinated_units=[],
        affiliations=[],
    )
    failed = queue_mail(
        session, kind="round_opened", to="gone@example.org", subject="Round opened", body_text="Hello"
    )
    assert failed is not None
    failed.state, failed.attempts, failed.last_error = MailState.FAILED, 7, "ConnectionRefusedError"
    failed.round_id = draft.id
    session.commit()
    return World("draft", entry_pages=_links(app, people, invited))


def nominating_stage(session, app: Flask) -> World:  # type: ignore[no-untyped-def]
    """A round open for nominations: a draft, a submitted and a withdrawn nomination of Cora's
    unit, and a lighthouse of that unit to renominate."""
    unit, other, people = _people(session)
    _public_history(session, unit)
    round_ = make_round(
        session,
        2026,
        phase=RoundPhase.NOMINATING,
        nomination_deadline=datetime.now(UTC) + timedelta(days=30),
        categories=2,
    )
    draft = make_nomination(session, round_, make_initiative(session, unit), state=NominationState.DRAFT)
    _attach(session, app, draft, people[COORDINATOR])
    make_nomination(session, round_, make_initiative(session, unit), state=NominationState.SUBMITTED)
    make_nomination(session, round_, make_initiative(session, unit), state=NominationState.WITHDRAWN)
    make_nomination(session, round_, make_initiative(session, other, SECRET))
    session.commit()
    return World("nominating")


def _commission(session, app: Flask) -> commission_support.Commission:  # type: ignore[no-untyped-def]
    """tests/support/commission.py's round in reviewing, with the public history beside it."""
    commission = commission_support.build_commission(session, app)
    history_unit = make_unit(session, "Institute of Transport")
    _public_history(session, history_unit)
    session.commit()
    return commission


def reviewing_stage(session, app: Flask) -> World:  # type: ignore[no-untyped-def]
    _commission(session, app)
    return World("reviewing")


def voting_stage(session, app: Flask) -> World:  # type: ignore[no-untyped-def]
    c = _commission(session, app)
    commission_support.score(session, c, commission_support.MIA, c.geo_id, 4, 3, 5, 2)
    commission_support.set_phase(session, c, RoundPhase.VOTING)
    return World("voting")


def deciding_stage(session, app: Flask) -> World:  # type: ignore[no-untyped-def]
    c = _commission(session, app)
    for email in (commission_support.MIA, commission_support.MAX, commission_support.CHAIR):
        commission_support.score(session, c, email, c.geo_id, 4, 3, 5, 2)
        commission_support.score(session, c, email, c.hydro_id, 2, 3, 1, 2)
    commission_support.set_phase(session, c, RoundPhase.VOTING)
    for email in (commission_support.MIA, commission_support.MAX, commission_support.CHAIR):
        commission_support.vote(session, c, email, c.geo_id, VoteChoice.AWARD)
        commission_support.vote(session, c, email, c.hydro_id, VoteChoice.DO_NOT_AWARD)
    commission_support.set_phase(session, c, RoundPhase.DECIDING)
    # Decided, so that the round can be published (and the decisions changed before that).
    commission_support.decide(session, c, c.geo_id, Outcome.AWARDED)
    commission_support.decide(session, c, c.hydro_id, Outcome.NOT_AWARDED)
    return World("deciding")


STAGES: dict[str, Callable[..., World]] = {
    "draft": draft_stage,
    "nominating": nominating_stage,
    "reviewing": reviewing_stage,
    "voting": voting_stage,
    "deciding": deciding_stage,
}

# Who uses each form, and at which moment of the selection. A route may appear more than once
# when its form differs between moments (deadlines: set while a draft, extended later).
FORM_USERS: list[tuple[str, str, str]] = [
    ("accounts.login", "draft", "anonymous"),
    ("accounts.forgot_password", "draft", "anonymous"),
    ("accounts.accept_invitation", "draft", "anonymous"),
    ("accounts.reset_password", "draft", "anonymous"),
    ("main.language", "draft", "anonymous"),
    ("main.language", "reviewing", "member"),
    ("accounts.change_password", "reviewing", "member"),
    ("accounts.logout", "reviewing", "member"),
    ("admin_users.create", "draft", "admin"),
    ("admin_users.invite", "draft", "admin"),
    ("admin_users.edit", "draft", "admin"),
    ("admin_users.set_password", "draft", "admin"),
    ("admin_users.set_active", "draft", "admin"),
    ("admin_users.resend_invitation", "draft", "admin"),
    ("admin_outbox.requeue", "draft", "admin"),
    ("admin_rounds.create", "draft", "admin"),
    ("admin_rounds.deadlines", "draft", "admin"),
    ("admin_rounds.deadlines", "nominating", "admin"),
    ("admin_rounds.advance", "reviewing", "admin"),
    ("round_catalogue.create_category", "draft", "admin"),
    ("round_catalogue.edit_category", "draft", "admin"),
    ("round_catalogue.move_category", "draft", "admin"),
    ("round_catalogue.delete_category", "draft", "admin"),
    ("round_catalogue.create_criterion", "draft", "admin"),
    ("round_catalogue.edit_criterion", "draft", "admin"),
    ("round_catalogue.move_criterion", "draft", "admin"),
    ("round_catalogue.delete_criterion", "draft", "admin"),
    ("nominations.create", "nominating", "coordinator"),
    ("nominations.edit", "nominating", "coordinator"),
    ("nominations.submit", "nominating", "coordinator"),
    ("nominations.withdraw", "nominating", "coordinator"),
    ("nominations.redraft", "nominating", "coordinator"),
    ("nominations.delete_attachment", "nominating", "coordinator"),
    ("admin_nominations.eligibility", "reviewing", "admin"),
    ("review.nomination", "reviewing", "member"),
    ("review.declare_conflict", "reviewing", "member"),
    ("review.conflicts", "reviewing", "admin"),
    ("review.clear_conflict", "reviewing", "admin"),
    ("review.remind_late", "reviewing", "admin"),
    ("voting.vote", "voting", "member"),
    ("voting.ballot", "voting", "member"),
    ("voting.decide", "deciding", "chair"),
    ("admin_publication.publish", "deciding", "admin"),
]
