"""A commission at work, for the web tests of reviewing, voting and publication.

One round (2026) with one category (criteria weighted 1, 2, 3, 4) and two eligible nominations:
"Hydrology Exchange" of the Institute of Hydrology, with a PDF attached, and "Geodesy Network"
of the Institute of Geodesy. Conny belongs to the Institute of Hydrology and so is conflicted
with its nomination (an automatic conflict); Cora coordinates that institute, Otto the other.
Sheets, votes and decisions are written through the operations, as the app writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask

from evaluator.accounts.models import Role, User
from evaluator.core.clock import now_utc
from evaluator.nominations.models import Attachment, Eligibility, Nomination
from evaluator.nominations.storage import store_for
from evaluator.reviewing.operations import SheetInput, save_sheet, sync_automatic_conflicts
from evaluator.reviewing.queries import tallies
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import Outcome, VoteChoice
from evaluator.voting.operations import cast_vote, record_decision
from tests.support.factories import (
    PASSWORD,
    make_initiative,
    make_nomination,
    make_round,
    make_unit,
    make_user,
)
from tests.support.web import WebClient

ADMIN = "ada@example.org"
CHAIR = "chris@example.org"
MIA = "mia@example.org"
MAX = "max@example.org"
CONNY = "conny@example.org"  # belongs to the Institute of Hydrology: conflicted with its nomination
CORA = "cora@example.org"  # coordinates the Institute of Hydrology
OTTO = "otto@example.org"  # coordinates the Institute of Geodesy
MEMBERS = (CHAIR, MIA, MAX, CONNY)

HYDRO_TITLE = "Hydrology Exchange"
GEO_TITLE = "Geodesy Network"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PDF_NAME = "hydrology-budget.pdf"


@dataclass(frozen=True)
class Commission:
    """Ids only, so that the tests read fresh objects after each request."""

    round_id: int
    category_id: int
    criterion_ids: tuple[int, ...]
    hydro_id: int
    hydro_initiative_id: int
    geo_id: int
    geo_initiative_id: int
    attachment_id: int
    hydro_unit_id: int
    users: dict[str, int]

    def user(self, session, email: str) -> User:  # type: ignore[no-untyped-def]
        return session.get(User, self.users[email])


def build_commission(session, app: Flask) -> Commission:  # type: ignore[no-untyped-def]
    """The people, the round in ``reviewing`` and its two eligible nominations, committed."""
    hydrology = make_unit(session, "Institute of Hydrology")
    geodesy = make_unit(session, "Institute of Geodesy")
    people = {
        ADMIN: make_user(session, Role.ADMIN, email=ADMIN, name="Ada Admin"),
        CHAIR: make_user(session, Role.CHAIR, email=CHAIR, name="Chris Chair"),
        MIA: make_user(session, Role.MEMBER, email=MIA, name="Mia Member"),
        MAX: make_user(session, Role.MEMBER, email=MAX, name="Max Member"),
        CONNY: make_user(
            session, Role.MEMBER, email=CONNY, name="Conny Conflicted", affiliations=[hydrology]
        ),
        CORA: make_user(session, Role.COORDINATOR, email=CORA, name="Cora Coordinator", units=[hydrology]),
        OTTO: make_user(session, Role.COORDINATOR, email=OTTO, name="Otto Other", units=[geodesy]),
    }
    round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING)
    category = round_.categories[0]
    hydro_initiative = make_initiative(session, hydrology, HYDRO_TITLE)
    geo_initiative = make_initiative(session, geodesy, GEO_TITLE)
    hydro = make_nomination(session, round_, hydro_initiative, eligibility=Eligibility.ELIGIBLE)
    geo = make_nomination(session, round_, geo_initiative, eligibility=Eligibility.ELIGIBLE)
    key, digest = store_for(app).save(PDF)
    attachment = Attachment(
        nomination=hydro,
        filename=PDF_NAME,
        size_bytes=len(PDF),
        sha256=digest,
        storage_key=key,
        uploaded_by_id=people[CORA].id,
        uploaded_at=now_utc(),
    )
    session.add(attachment)
    session.flush()
    sync_automatic_conflicts(session, round_, actor=None)
    commission = Commission(
        round_id=round_.id,
        category_id=category.id,
        criterion_ids=tuple(c.id for c in category.criteria),
        hydro_id=hydro.id,
        hydro_initiative_id=hydro_initiative.id,
        geo_id=geo.id,
        geo_initiative_id=geo_initiative.id,
        attachment_id=attachment.id,
        hydro_unit_id=hydrology.id,
        users={email: user.id for email, user in people.items()},
    )
    session.commit()
    return commission


def set_phase(session, commission: Commission, phase: RoundPhase) -> None:  # type: ignore[no-untyped-def]
    """Move the round directly (the phase guards are tested elsewhere), committed."""
    round_ = session.get(Round, commission.round_id)
    round_.phase = phase
    session.commit()


def score(  # type: ignore[no-untyped-def]
    session,
    commission: Commission,
    email: str,
    nomination_id: int,
    *values: int,
    comment: str = "",
    draft: bool = False,
) -> None:
    """A member's sheet (the round must be in ``reviewing``), committed."""
    save_sheet(
        session,
        session.get(Nomination, nomination_id),
        member=commission.user(session, email),
        data=SheetInput(
            scores=dict(zip(commission.criterion_ids, values, strict=False)),
            comment=comment,
            submit=not draft,
        ),
    )
    session.commit()


def vote(session, commission: Commission, email: str, nomination_id: int, choice: VoteChoice) -> None:  # type: ignore[no-untyped-def]
    cast_vote(
        session, session.get(Nomination, nomination_id), member=commission.user(session, email), choice=choice
    )
    session.commit()


def decide(  # type: ignore[no-untyped-def]
    session,
    commission: Commission,
    nomination_id: int,
    outcome: Outcome,
    *,
    rationale: str = "",
    feedback: str = "",
    by: str = ADMIN,
) -> None:
    round_ = session.get(Round, commission.round_id)
    record_decision(
        session,
        session.get(Nomination, nomination_id),
        actor=commission.user(session, by),
        outcome=outcome,
        rationale=rationale,
        feedback=feedback,
        result=tallies(session, round_)[nomination_id],
    )
    session.commit()


def logged_in(client: WebClient, email: str) -> WebClient:
    response = client.login(email, PASSWORD)
    assert response.status_code == 302, f"{email} could not log in"
    return client


def row_of(html: str, nomination_id: int) -> str | None:
    """The table row of a nomination (``data-nomination``), or None when the page has none."""
    match = re.search(rf'<tr[^>]*data-nomination="{nomination_id}"[^>]*>.*?</tr>', html, re.DOTALL)
    return match.group(0) if match else None


def inputs_named(html: str, name: str) -> list[str]:
    return re.findall(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', html)


def checked_value(html: str, name: str) -> str | None:
    """The value of the checked radio button called ``name``, or None when none is checked."""
    for tag in inputs_named(html, name):
        if re.search(r"\bchecked\b", tag):
            match = re.search(r'\bvalue="([^"]*)"', tag)
            return match.group(1) if match else None
    return None


def hidden_value(html: str, name: str) -> str:
    tags = inputs_named(html, name)
    assert tags, f"no {name} on the page"
    match = re.search(r'\bvalue="([^"]*)"', tags[0])
    return match.group(1) if match else ""


def count(session, model, *where) -> int:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0
