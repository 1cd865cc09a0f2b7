"""The planted data of the route walk: people, rounds and the words only some of them may read.

The commission of tests/support/commission.py, with distinctive titles, comments, rationales and
feedback, and an earlier round (2025) published with one award and one nomination that was not
awarded. The round under test (2026) is taken through its phases; each phase is one "world"
that the walk visits. The nomination under test is "hydro": Conny is conflicted with it and Otto
coordinates another unit (that of "geo", a renomination of the initiative awarded in 2025).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from evaluator.accounts.models import Role, User
from evaluator.accounts.operations import invite_user
from evaluator.core.clock import now_utc
from evaluator.mail.models import OutboxMail
from evaluator.nominations.models import Attachment, Eligibility, Initiative, Nomination
from evaluator.nominations.storage import store_for
from evaluator.orgunits.models import OrgUnit
from evaluator.publication.operations import publish_round
from evaluator.reviewing.models import ConflictOfInterest
from evaluator.reviewing.operations import SheetInput, save_sheet, sync_automatic_conflicts
from evaluator.reviewing.queries import tallies
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import Outcome, VoteChoice
from evaluator.voting.operations import cast_vote, close_tallies, record_decision
from tests.support.commission import ADMIN, CHAIR, CONNY, MAX, MIA, OTTO, PDF, build_commission
from tests.support.factories import make_initiative, make_nomination, make_round

# Personas -----------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
OTHER_COORDINATOR = "other_coordinator"  # Otto: coordinates the unit of "geo", not of "hydro"
CONFLICTED = "conflicted_member"  # Conny: conflicted with "hydro" (she belongs to its unit)
MEMBER = "member"  # Mia: no conflict; has scored "geo" but not "hydro"
CHAIR_ = "chair"  # Chris: has scored "hydro" but not "geo"
ADMIN_ = "admin"  # Ada: an admin outside the commission
PERSONAS = (ANONYMOUS, OTHER_COORDINATOR, CONFLICTED, MEMBER, CHAIR_, ADMIN_)
EMAILS = {OTHER_COORDINATOR: OTTO, CONFLICTED: CONNY, MEMBER: MIA, CHAIR_: CHAIR, ADMIN_: ADMIN}

REVIEWING, VOTING, DECIDING, PUBLISHED = "reviewing", "voting", "deciding", "published"
PHASES = (REVIEWING, VOTING, DECIDING, PUBLISHED)
AFTER_REVIEWING = frozenset({VOTING, DECIDING, PUBLISHED})
AFTER_VOTING = frozenset({DECIDING, PUBLISHED})

# What is planted --------------------------------------------------------------------------------

HYDRO_TITLE = "Hydro Twin Lab XQTITLEHYDRO"  # awarded when 2026 is published
GEO_TITLE_2026 = "Geodesy Renewal XQTITLEGEO26"  # the renomination; never awarded
GEO_TITLE_2025 = "Geodesy Network"  # awarded in 2025: public all along
OLD_TITLE = "Karst Springs Study XQTITLEOLD"  # 2025, not awarded
GEO_PDF = PDF.replace(b"%%EOF", b"% geodesy\n%%EOF")  # other bytes: files are kept by their digest


@dataclass(frozen=True)
class Marker:
    """A text that only some personas may read, in some phases of the round under test."""

    text: str
    visible: Callable[[str, str], bool]  # (persona, phase) -> may this persona read it then?
    regex: bool = False

    def found_in(self, body: str) -> bool:
        return bool(re.search(self.text, body)) if self.regex else self.text in body


def _titles_of_others(persona: str, phase: str) -> bool:
    # Titles of unpublished nominations: the commission (a conflicted member sees the title in
    # the lists, marked as a conflict, and nothing more) and the admins.
    return persona in (CONFLICTED, MEMBER, CHAIR_, ADMIN_)


MARKERS: dict[str, Marker] = {
    "hydro title": Marker(HYDRO_TITLE, lambda p, ph: _titles_of_others(p, ph) or ph == PUBLISHED),
    "geo 2026 title": Marker(
        GEO_TITLE_2026, lambda p, ph: _titles_of_others(p, ph) or p == OTHER_COORDINATOR
    ),
    "2025 unawarded title": Marker(OLD_TITLE, _titles_of_others),
    # Sheets: others' comments only after one's own sheet or once reviewing is over; never to
    # the conflicted member, never to coordinators, not even of their own nomination.
    "hydro comment by max": Marker(
        "XQCOMMENTHYDROMAX",
        lambda p, ph: p in (ADMIN_, CHAIR_) or (p == MEMBER and ph in AFTER_REVIEWING),
    ),
    "hydro comment by chair": Marker(
        "XQCOMMENTHYDROCHAIR",
        lambda p, ph: p in (ADMIN_, CHAIR_) or (p == MEMBER and ph in AFTER_REVIEWING),
    ),
    "geo comment by max": Marker(
        "XQCOMMENTGEOMAX",
        lambda p, ph: p in (ADMIN_, MEMBER) or (p in (CHAIR_, CONFLICTED) and ph in AFTER_REVIEWING),
    ),
    "geo comment by mia": Marker(
        "XQCOMMENTGEOMIA",
        lambda p, ph: p in (ADMIN_, MEMBER) or (p in (CHAIR_, CONFLICTED) and ph in AFTER_REVIEWING),
    ),
    "2025 comment": Marker("XQCOMMENTOLD", lambda p, ph: p in (ADMIN_, CHAIR_, MEMBER)),
    # Decisions: the chair and admins; the feedback also the nomination's coordinators, once
    # the results are published.
    "hydro rationale": Marker("XQRATIONALEHYDRO", lambda p, ph: p in (ADMIN_, CHAIR_)),
    "hydro feedback": Marker("XQFEEDBACKHYDRO", lambda p, ph: p in (ADMIN_, CHAIR_)),
    "geo rationale": Marker("XQRATIONALEGEO", lambda p, ph: p in (ADMIN_, CHAIR_)),
    "geo feedback": Marker(
        "XQFEEDBACKGEO", lambda p, ph: p in (ADMIN_, CHAIR_) or (p == OTHER_COORDINATOR and ph == PUBLISHED)
    ),
    "2025 rationale": Marker("XQRATIONALEOLD", lambda p, ph: p in (ADMIN_, CHAIR_)),
    "2025 feedback": Marker("XQFEEDBACKOLD", lambda p, ph: p in (ADMIN_, CHAIR_)),
    # Votes: who voted how, admins and (once voting has closed) the chair; the counts, admins
    # from the start of voting and the members once it has closed.
    "individual votes": Marker(
        r"(Max Member|Chris Chair|Mia Member|Conny Conflicted): (Award|Do not award|Abstain)",
        lambda p, ph: (p == ADMIN_ and ph in AFTER_REVIEWING) or (p == CHAIR_ and ph in AFTER_VOTING),
        regex=True,
    ),
    "vote counts": Marker(
        r'class="[^"]*\btally\b|>Tally</th>',
        lambda p, ph: (
            (p == ADMIN_ and ph in AFTER_REVIEWING)
            or (p in (MEMBER, CHAIR_, CONFLICTED) and ph in AFTER_VOTING)
        ),
        regex=True,
    ),
}


@dataclass(frozen=True)
class Planted:
    """The ids the URL parameters are filled with."""

    round_id: int
    category_id: int
    criterion_id: int
    hydro_id: int
    hydro_attachment_id: int
    hydro_initiative_id: int
    geo_id: int
    geo_attachment_id: int
    geo_initiative_id: int
    bystander_id: int  # invited, no password yet: the target of the admins' user actions
    mail_id: int
    conflict_id: int  # Conny's automatic conflict with "hydro"


# Building -------------------------------------------------------------------------------------


def _user(session: Session, email: str) -> User:
    return session.scalars(sa.select(User).where(User.email == email)).one()


def _sheet(
    session: Session, nomination: Nomination, email: str, values: tuple[int, ...], comment: str
) -> None:
    criteria = [c.id for c in nomination.category.criteria]
    save_sheet(
        session,
        nomination,
        member=_user(session, email),
        data=SheetInput(scores=dict(zip(criteria, values, strict=True)), comment=comment, submit=True),
    )


def _vote(session: Session, nomination: Nomination, email: str, choice: VoteChoice) -> None:
    cast_vote(session, nomination, member=_user(session, email), choice=choice)


def _decide(
    session: Session, nomination: Nomination, outcome: Outcome, rationale: str, feedback: str
) -> None:
    record_decision(
        session,
        nomination,
        actor=_user(session, ADMIN),
        outcome=outcome,
        rationale=rationale,
        feedback=feedback,
        result=tallies(session, nomination.round)[nomination.id],
    )


def _published_2025(session: Session, geo_initiative: Initiative, hydrology_unit_id: int) -> None:
    """The earlier round, taken through its phases and published with the app's own operations."""
    round_ = make_round(session, 2025, phase=RoundPhase.REVIEWING)
    awarded = make_nomination(
        session, round_, geo_initiative, eligibility=Eligibility.ELIGIBLE, title=GEO_TITLE_2025
    )
    old = make_nomination(
        session,
        round_,
        make_initiative(session, session.get(OrgUnit, hydrology_unit_id), OLD_TITLE),
        eligibility=Eligibility.ELIGIBLE,
    )
    sync_automatic_conflicts(session, round_, actor=None)
    for email in (MIA, MAX):
        _sheet(session, awarded, email, (5, 5, 4, 4), "A fine network.")
        _sheet(session, old, email, (1, 2, 1, 2), "XQCOMMENTOLD")
    round_.phase = RoundPhase.VOTING
    for email in (MIA, MAX, CHAIR):
        _vote(session, awarded, email, VoteChoice.AWARD)
        _vote(session, old, email, VoteChoice.DO_NOT_AWARD)
    close_tallies(session, round_)
    round_.phase = RoundPhase.DECIDING
    _decide(session, awarded, Outcome.AWARDED, "", "Well done.")
    _decide(session, old, Outcome.NOT_AWARDED, "XQRATIONALEOLD", "XQFEEDBACKOLD")
    publish_round(session, round_, actor=_user(session, ADMIN))
    session.flush()


def build_reviewing(session: Session, app: Flask) -> Planted:
    """2025 published; 2026 in reviewing with sheets on both nominations; committed."""
    c = build_commission(session, app)
    hydro = session.get(Nomination, c.hydro_id)
    geo = session.get(Nomination, c.geo_id)
    hydro.title = hydro.initiative.title = HYDRO_TITLE
    geo.title = GEO_TITLE_2026
    key, digest = store_for(app).save(GEO_PDF)
    geo_attachment = Attachment(
        nomination=geo,
        filename="geodesy-figures.pdf",
        size_bytes=len(GEO_PDF),
        sha256=digest,
        storage_key=key,
        uploaded_by_id=c.users[OTTO],
        uploaded_at=now_utc(),
    )
    session.add(geo_attachment)
    current = session.get(Round, c.round_id)
    current.phase = RoundPhase.DRAFT  # one round at work at a time while 2025 runs its course
    _published_2025(session, geo.initiative, c.hydro_unit_id)
    current.phase = RoundPhase.REVIEWING
    session.flush()

    _sheet(session, hydro, MAX, (4, 4, 3, 3), "XQCOMMENTHYDROMAX")
    _sheet(session, hydro, CHAIR, (3, 3, 3, 3), "XQCOMMENTHYDROCHAIR")
    _sheet(session, geo, MIA, (2, 3, 2, 3), "XQCOMMENTGEOMIA")
    _sheet(session, geo, MAX, (2, 2, 2, 2), "XQCOMMENTGEOMAX")
    bystander = invite_user(
        session,
        actor=_user(session, ADMIN),
        email="bea@example.org",
        display_name="Bea Bystander",
        roles={Role.MEMBER},
        coordinated_units=[],
        affiliations=[],
    )
    session.flush()
    mail = session.scalars(sa.select(OutboxMail).order_by(OutboxMail.id)).first()
    conflict = session.scalars(
        sa.select(ConflictOfInterest).where(
            ConflictOfInterest.member_id == c.users[CONNY], ConflictOfInterest.nomination_id == c.hydro_id
        )
    ).one()
    assert mail is not None
    planted = Planted(
        round_id=c.round_id,
        category_id=c.category_id,
        criterion_id=c.criterion_ids[0],
        hydro_id=c.hydro_id,
        hydro_attachment_id=c.attachment_id,
        hydro_initiative_id=c.hydro_initiative_id,
        geo_id=c.geo_id,
        geo_attachment_id=geo_attachment.id,
        geo_initiative_id=c.geo_initiative_id,
        bystander_id=bystander.id,
        mail_id=mail.id,
        conflict_id=conflict.id,
    )
    session.commit()
    return planted


def advance_to_voting(session: Session, planted: Planted) -> None:
    session.get(Round, planted.round_id).phase = RoundPhase.VOTING
    hydro, geo = session.get(Nomination, planted.hydro_id), session.get(Nomination, planted.geo_id)
    for email in (MAX, CHAIR, MIA):
        _vote(session, hydro, email, VoteChoice.AWARD)
    _vote(session, geo, MIA, VoteChoice.ABSTAIN)
    _vote(session, geo, CONNY, VoteChoice.DO_NOT_AWARD)
    _vote(session, geo, MAX, VoteChoice.AWARD)
    session.commit()


def advance_to_deciding(session: Session, planted: Planted) -> None:
    round_ = session.get(Round, planted.round_id)
    close_tallies(session, round_)  # as closing the vote does
    round_.phase = RoundPhase.DECIDING
    hydro, geo = session.get(Nomination, planted.hydro_id), session.get(Nomination, planted.geo_id)
    _decide(session, hydro, Outcome.AWARDED, "XQRATIONALEHYDRO", "XQFEEDBACKHYDRO")
    _decide(session, geo, Outcome.NOT_AWARDED, "XQRATIONALEGEO", "XQFEEDBACKGEO")
    session.commit()


def advance_to_published(session: Session, planted: Planted) -> None:
    publish_round(session, session.get(Round, planted.round_id), actor=_user(session, ADMIN))
    session.commit()
