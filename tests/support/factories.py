"""Small factories: each makes one valid object with sensible defaults, flushed, not committed."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from evaluator.accounts.models import Role, User
from evaluator.accounts.operations import create_user
from evaluator.nominations.models import (
    Eligibility,
    Initiative,
    Nomination,
    NominationContact,
    NominationPartner,
    NominationState,
)
from evaluator.orgunits.models import OrgUnit, OrgUnitKind
from evaluator.publication.models import Award
from evaluator.rounds.models import Category, Criterion, Round, RoundPhase

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_unit(
    session: Session,
    name: str | None = None,
    *,
    parent: OrgUnit | None = None,
    kind: OrgUnitKind = OrgUnitKind.INSTITUTE,
) -> OrgUnit:
    unit = OrgUnit(name=name or f"Institute {_n()}", kind=kind, parent=parent)
    session.add(unit)
    session.flush()
    return unit


def make_user(
    session: Session,
    *roles: Role,
    email: str | None = None,
    name: str | None = None,
    password: str = PASSWORD,
    units: list[OrgUnit] | None = None,
    affiliations: list[OrgUnit] | None = None,
    active: bool = True,
) -> User:
    number = _n()
    if Role.COORDINATOR in roles and not units:
        units = [make_unit(session)]  # a coordinator always coordinates some unit
    return create_user(
        session,
        actor=None,
        email=email or f"person{number}@example.org",
        display_name=name or f"Person {number}",
        password=password,
        roles=set(roles),
        coordinated_units=units or [],
        affiliations=affiliations or [],
        active=active,
    )


def make_round(
    session: Session,
    year: int,
    *,
    phase: RoundPhase = RoundPhase.DRAFT,
    published_at: datetime | None = None,
    categories: int = 1,
    **fields: Any,
) -> Round:
    if phase in (RoundPhase.PUBLISHED, RoundPhase.ARCHIVED) and published_at is None:
        published_at = datetime(year, 11, 15, 9, 0, tzinfo=UTC)
    round_ = Round(name=f"{year} selection", year=year, phase=phase, published_at=published_at, **fields)
    for position in range(categories):
        category = Category(
            key=f"category-{position + 1}", name=f"Category {position + 1}", position=position, description=""
        )
        category.criteria = [
            Criterion(name=f"Criterion {i + 1}", weight=1.0 + i, position=i) for i in range(4)
        ]
        round_.categories.append(category)
    session.add(round_)
    session.flush()
    return round_


def make_initiative(session: Session, unit: OrgUnit, title: str | None = None, **fields: Any) -> Initiative:
    initiative = Initiative(
        title=title or f"Initiative {_n()}",
        org_unit=unit,
        summary=fields.pop("summary", "A lasting international cooperation."),
        **fields,
    )
    session.add(initiative)
    session.flush()
    return initiative


def make_nomination(
    session: Session,
    round_: Round,
    initiative: Initiative,
    *,
    category: Category | None = None,
    state: NominationState = NominationState.SUBMITTED,
    eligibility: Eligibility = Eligibility.PENDING,
    partners: list[tuple[str, str]] | None = None,
    **fields: Any,
) -> Nomination:
    nomination = Nomination(
        round=round_,
        initiative=initiative,
        category=category or round_.categories[0],
        org_unit=initiative.org_unit,
        state=state,
        eligibility=eligibility,
        title=fields.pop("title", initiative.title),
        summary=fields.pop("summary", initiative.summary),
        description=fields.pop("description", "A description."),
        head_support_confirmed=True,
        **fields,
    )
    nomination.partners = [
        NominationPartner(position=i, institution=inst, country=country)
        for i, (inst, country) in enumerate(partners or [("Partner University", "Italy")])
    ]
    nomination.contacts = [
        NominationContact(position=0, name="Contact Person", role="Coordinator", email="contact@example.org")
    ]
    session.add(nomination)
    session.flush()
    return nomination


def make_award(
    session: Session,
    round_: Round,
    initiative: Initiative,
    *,
    valid_until: datetime | None = None,
    **nomination_fields: Any,
) -> Award:
    """A nomination of ``initiative`` in a published ``round_`` and the award it earned."""
    assert round_.published_at is not None, "awards come from published rounds"
    nomination = make_nomination(
        session, round_, initiative, eligibility=Eligibility.ELIGIBLE, **nomination_fields
    )
    award = Award(
        initiative=initiative,
        round=round_,
        category=nomination.category,
        nomination=nomination,
        valid_from=round_.published_at,
        valid_until=valid_until,
    )
    session.add(award)
    session.flush()
    return award
