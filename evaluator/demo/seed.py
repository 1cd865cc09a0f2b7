"""Load the demo data: org units, demo users, the published 2021 round and a running round.

Idempotent: every object is looked up by its natural key first, and a round that exists is
left as it is, so a second run changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from evaluator.accounts.models import Role, User
from evaluator.accounts.operations import create_user, find_by_email
from evaluator.core.clock import BERLIN, now_utc
from evaluator.demo import data
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
from evaluator.reviewing.conflicts import related_units
from evaluator.reviewing.models import ConflictOfInterest, ConflictOrigin, Score, ScoreSheet, SheetState
from evaluator.rounds.models import Category, Criterion, Round, RoundPhase
from evaluator.rounds.operations import copy_categories
from evaluator.voting.models import Decision, Outcome, Vote, VoteChoice
from evaluator.voting.operations import close_tallies

PAST_YEAR = 2021
CURRENT_YEAR = 2026


def _berlin(year: int, month: int, day: int, hour: int = 23, minute: int = 59) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


PAST_DATES = {
    "nomination_deadline": _berlin(2021, 6, 30),
    "review_deadline": _berlin(2021, 9, 15),
    "voting_deadline": _berlin(2021, 10, 15),
    "published_at": _berlin(2021, 11, 15, 10, 0),
}


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, count: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + count

    def summary(self) -> str:
        if not self.created:
            return "Demo data already loaded; nothing changed."
        parts = ", ".join(f"{count} {kind}" for kind, count in sorted(self.created.items()))
        return f"Demo data loaded: {parts}."


def database_is_empty(session: Session) -> bool:
    return session.scalar(sa.select(sa.func.count(User.id))) == 0


def demo_login_lines(session: Session) -> list[str]:
    """The demo accounts present in the database; none when it holds other data."""
    present = set(
        session.scalars(sa.select(User.email).where(User.email.in_([u["email"] for u in data.DEMO_USERS])))
    )
    if not present:
        return ["No demo accounts in this database (it was not empty when the demo data was offered)."]
    lines = [f"Demo logins (password: {data.DEMO_PASSWORD}):"]
    for user in data.DEMO_USERS:
        if user["email"] in present:
            lines.append(f"  {', '.join(user['roles']):<14} {user['email']}")
    commission = [m["email"] for m in data.COMMISSION]
    members = session.scalars(
        sa.select(User.email).where(User.email.in_(commission)).order_by(User.email)
    ).all()
    if members:
        lines.append("  further commission members: " + ", ".join(members))
    return lines


def seed(session: Session) -> SeedReport:
    report = SeedReport()
    units = _seed_units(session, report)
    users = _seed_users(session, units, report)
    if _round(session, PAST_YEAR) is None:
        _seed_past_round(session, units, users, report)
    if _round(session, CURRENT_YEAR) is None:
        _seed_current_round(session, units, users, report)
    session.flush()
    return report


def _round(session: Session, year: int) -> Round | None:
    return session.scalar(sa.select(Round).where(Round.year == year))


def _seed_units(session: Session, report: SeedReport) -> dict[str, OrgUnit]:
    units = {u.name: u for u in session.scalars(sa.select(OrgUnit))}
    for spec in data.ORG_UNITS:
        if spec["name"] in units:
            continue
        unit = OrgUnit(
            name=spec["name"],
            short_name=spec["short_name"],
            kind=OrgUnitKind(spec["kind"]),
            parent=units[spec["parent"]] if spec["parent"] else None,
        )
        session.add(unit)
        units[unit.name] = unit
        report.add("org units")
    session.flush()
    return units


def _seed_users(session: Session, units: dict[str, OrgUnit], report: SeedReport) -> dict[str, User]:
    specs = list(data.DEMO_USERS) + [
        {
            "email": m["email"],
            "name": m["name"],
            "roles": ["member"],
            "coordinates": [],
            "affiliations": [m["affiliation"]],
        }
        for m in data.COMMISSION
    ]
    users: dict[str, User] = {}
    for spec in specs:
        user = find_by_email(session, spec["email"])
        if user is None:
            user = create_user(
                session,
                actor=None,
                email=spec["email"],
                display_name=spec["name"],
                password=data.DEMO_PASSWORD,
                roles={Role(r) for r in spec["roles"]},
                coordinated_units=[units[n] for n in spec["coordinates"]],
                affiliations=[units[n] for n in spec["affiliations"]],
            )
            report.add("users")
        users[spec["email"]] = user
    return users


def _categories_from_data(round_: Round) -> None:
    for position, spec in enumerate(data.CATEGORIES):
        category = Category(
            key=spec["key"], name=spec["name"], description=spec["description"], position=position
        )
        category.criteria = [
            Criterion(name=c["name"], guidance=c["guidance"], weight=c["weight"], position=i)
            for i, c in enumerate(spec["criteria"])
        ]
        round_.categories.append(category)


def _nomination(
    round_: Round,
    initiative: Initiative,
    category: Category,
    spec: dict[str, Any],
    *,
    state: NominationState,
    created_by: User | None,
) -> Nomination:
    figures = spec.get("key_figures") or {}
    nomination = Nomination(
        round=round_,
        initiative=initiative,
        category=category,
        org_unit=initiative.org_unit,
        state=state,
        title=spec["title"],
        summary=spec["summary"],
        description=spec["description"],
        start_year=spec.get("start_year"),
        website=spec.get("website"),
        head_support_confirmed=state == NominationState.SUBMITTED,
        created_by=created_by,
        **{
            k: figures.get(k)
            for k in (
                "exchanged_students",
                "exchanged_staff",
                "joint_degree_programmes",
                "joint_publications",
                "joint_events",
            )
        },
    )
    nomination.partners = [
        NominationPartner(position=i, institution=inst, country=country)
        for i, (inst, country) in enumerate(spec["partners"])
    ]
    nomination.contacts = [
        NominationContact(position=i, name=c["name"], role=c["role"], email=c["email"], phone=c.get("phone"))
        for i, c in enumerate(spec["contacts"])
    ]
    return nomination


def _commission(users: dict[str, User]) -> list[tuple[User, float]]:
    strictness = {m["email"]: m["strictness"] for m in data.COMMISSION}
    return [(u, strictness.get(email, 0.0)) for email, u in users.items() if u.is_member]


def _seed_past_round(
    session: Session, units: dict[str, OrgUnit], users: dict[str, User], report: SeedReport
) -> None:
    """The published 2021 round: nominations, scores, votes, decisions and awards."""
    round_ = Round(name=f"{PAST_YEAR} selection", year=PAST_YEAR, phase=RoundPhase.PUBLISHED, **PAST_DATES)
    _categories_from_data(round_)
    session.add(round_)
    session.flush()
    categories = {c.key: c for c in round_.categories}
    parent_of = {u.id: u.parent_id for u in units.values()}
    commission = _commission(users)
    published = PAST_DATES["published_at"]
    entries = [(spec, True) for spec in data.AWARDED_2021] + [(spec, False) for spec in data.NOT_AWARDED_2021]
    for spec, awarded in entries:
        initiative = Initiative(
            title=spec["title"],
            org_unit=units[spec["org_unit"]],
            summary=spec["summary"],
            website=spec.get("website"),
        )
        nomination = _nomination(
            round_,
            initiative,
            categories[spec["category"]],
            spec,
            state=NominationState.SUBMITTED,
            created_by=None,
        )
        nomination.submitted_at = PAST_DATES["nomination_deadline"] - timedelta(days=3)
        nomination.eligibility = Eligibility.ELIGIBLE
        session.add(nomination)
        session.flush()
        report.add("nominations")
        # Deterministic, so reloads agree.
        rng = random.Random(f"{spec['key']}:{PAST_YEAR}")  # nosec B311
        quality = rng.uniform(3.6, 4.6) if awarded else rng.uniform(1.8, 2.9)
        for member, strictness in commission:
            if nomination.org_unit_id in related_units([u.id for u in member.affiliations], parent_of):
                session.add(
                    ConflictOfInterest(
                        member=member,
                        nomination=nomination,
                        origin=ConflictOrigin.AUTOMATIC,
                        reason="Member of the nominating unit or a related unit.",
                    )
                )
                continue
            sheet = ScoreSheet(
                nomination=nomination,
                member=member,
                state=SheetState.SUBMITTED,
                submitted_at=PAST_DATES["review_deadline"] - timedelta(days=2),
                comment=_comment(rng, awarded),
            )
            for criterion in nomination.category.criteria:
                value = round(quality - 0.6 * strictness + rng.uniform(-0.9, 0.9))
                sheet.scores.append(Score(criterion=criterion, value=min(5, max(0, value))))
            session.add(sheet)
            leaning = VoteChoice.AWARD if awarded else VoteChoice.DO_NOT_AWARD
            choice = leaning if rng.random() < 0.85 else VoteChoice.ABSTAIN
            session.add(Vote(nomination=nomination, member=member, choice=choice))
        session.add(
            Decision(
                nomination=nomination,
                outcome=Outcome.AWARDED if awarded else Outcome.NOT_AWARDED,
                rationale="",
                decided_at=published - timedelta(days=7),
                decided_by=next((u for u in users.values() if u.is_chair), None),
                feedback=(
                    "The commission values the breadth and continuity of this cooperation."
                    if awarded
                    else "The commission encourages a renomination once joint activities have grown."
                ),
            )
        )
        if awarded:
            session.add(
                Award(
                    initiative=initiative,
                    round=round_,
                    category=nomination.category,
                    nomination=nomination,
                    valid_from=published,
                )
            )
            report.add("lighthouses")
    session.flush()
    close_tallies(session, round_, at=PAST_DATES["voting_deadline"])


def _comment(rng: random.Random, awarded: bool) -> str:
    good = [
        "Convincing and long-standing.",
        "Strong joint output and visible mobility.",
        "Clearly a flagship for the university.",
    ]
    weak = [
        "Promising, but still small.",
        "Little evidence of joint activities so far.",
        "Mostly the work of one person at the moment.",
    ]
    return rng.choice(good if awarded else weak)


def _seed_current_round(
    session: Session, units: dict[str, OrgUnit], users: dict[str, User], report: SeedReport
) -> None:
    """A round in nominating, with drafts, submissions and renominations."""
    past = _round(session, PAST_YEAR)
    deadline_day = (now_utc().astimezone(BERLIN) + timedelta(days=60)).date()
    round_ = Round(
        name=f"{CURRENT_YEAR} selection",
        year=CURRENT_YEAR,
        phase=RoundPhase.NOMINATING,
        nomination_deadline=datetime.combine(deadline_day, time(23, 59), tzinfo=BERLIN).astimezone(UTC),
    )
    if past is not None:
        copy_categories(past, round_)
    else:
        _categories_from_data(round_)
    session.add(round_)
    session.flush()
    categories = {c.key: c for c in round_.categories}
    coordinators = [u for u in users.values() if u.is_coordinator]
    past_by_title = {}
    if past is not None:
        past_by_title = {
            n.title: n for n in session.scalars(sa.select(Nomination).where(Nomination.round_id == past.id))
        }
    awarded_by_key = {spec["key"]: spec for spec in data.AWARDED_2021}
    for spec in data.CURRENT_ROUND_NOMINATIONS:
        state = NominationState(spec["state"])
        if spec["kind"] == "renomination":
            base = dict(awarded_by_key[spec["of"]])
            previous = past_by_title.get(base["title"])
            base["summary"] = spec["summary_update"]
            initiative = (
                previous.initiative
                if previous
                else Initiative(
                    title=base["title"], org_unit=units[base["org_unit"]], summary=base["summary"]
                )
            )
        else:
            base = spec
            previous = None
            initiative = Initiative(
                title=base["title"],
                org_unit=units[base["org_unit"]],
                summary=base["summary"],
                website=base.get("website"),
            )
        author = next((c for c in coordinators if initiative.org_unit in c.coordinated_units), None)
        nomination = _nomination(
            round_, initiative, categories[base["category"]], base, state=state, created_by=author
        )
        nomination.renomination_of = previous
        if state == NominationState.SUBMITTED:
            nomination.submitted_at = now_utc()
        session.add(nomination)
        report.add("nominations")
    session.flush()
