"""A large synthetic selection for the load benchmark, written in bulk.

One round in ``reviewing`` with its nominations in every category, a commission (one chair) in
which every member has submitted a sheet for every nomination and cast a vote on it, an admin,
coordinators of the units, and earlier published rounds whose awards make the public pages'
history (renewals included, so "lighthouse since" reaches back several rounds).

Rows go in with SQLAlchemy Core ``insert()`` and lists of parameter sets (a few statements per
table, whatever the scale), never through the ORM row by row; on PostgreSQL the sheets, scores and
votes go with COPY. The generator is written for any database the application runs on, so its
small scale is tested on SQLite and PostgreSQL alike.
The score sheets are bulk-inserted as ``submitted`` in a round in ``reviewing``: the ranking, the
member's overview and the amendment of a sheet all work; the benchmark moves the round to
``voting`` (``set_phase``) before it measures votes.
"""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher

from evaluator.accounts.models import Role, User, UserRole, coordinator_units, new_session_token
from evaluator.demo import data as demo
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
from evaluator.reviewing.models import Score, ScoreSheet, SheetState, recompute_weighted_scores
from evaluator.rounds.models import Category, Criterion, Round, RoundPhase
from evaluator.voting.models import Decision, Outcome, Vote, VoteChoice

PASSWORD = "benchmark-password-not-secret"  # noqa: S105  (throwaway accounts of a throwaway database)
DOMAIN = "bench.example.org"
COUNTRIES = (
    "Poland", "Czechia", "France", "Italy", "Spain", "Sweden", "Japan", "China", "India", "Brazil",
    "Chile", "Canada", "United States", "South Africa", "Australia", "Vietnam", "Egypt", "Georgia",
)  # fmt: skip
TOPICS = (
    "Water Research", "Materials Science", "Urban Mobility", "Microelectronics", "Public Health",
    "Energy Systems", "Digital Humanities", "Biodiversity", "Robotics", "Climate Adaptation",
    "Quantum Physics", "Forest Sciences", "Medical Imaging", "Teacher Education", "Transport Logistics",
)  # fmt: skip
KINDS = ("Partnership", "Network", "Exchange", "Programme", "Alliance", "Summer School", "Graduate School")


@dataclass(frozen=True)
class Scale:
    categories: int = 5
    nominations: int = 500
    members: int = 40  # the chair included
    coordinators: int = 10
    earlier_rounds: int = 10
    nominations_per_earlier_round: int = 60
    awards_per_earlier_round: int = 25
    seed: int = 2021


# The smallest data set that still has every kind of row, for the generator's own test.
SMALL = Scale(
    categories=2,
    nominations=10,
    members=4,
    coordinators=2,
    earlier_rounds=2,
    nominations_per_earlier_round=6,
    awards_per_earlier_round=3,
)


@dataclass
class Dataset:
    """What the load test needs to know of the data: ids, accounts and a few counts."""

    round_id: int
    round_year: int
    category_ids: list[int]
    criteria: dict[int, list[int]]  # category id → its criterion ids
    nominations: list[tuple[int, int]]  # (nomination id, category id)
    members: list[str]  # e-mail addresses, the chair first
    admin: str
    coordinators: list[str]
    password: str
    published_years: list[int]
    current_lighthouses: int
    rows: dict[str, int] = field(default_factory=dict)  # rows written per table


def cheap_password_hash(password: str = PASSWORD) -> str:
    """An argon2id hash of minimal cost. Login verifies it with the cost written in the hash and
    then stores a hash of the configured cost, so each account pays the real cost once."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(password)


def set_phase(connection: sa.Connection, round_id: int, phase: RoundPhase) -> None:
    connection.execute(sa.update(Round).where(Round.id == round_id).values(phase=phase))


class _Writer:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.rows: dict[str, int] = {}
        self.postgresql = connection.dialect.name == "postgresql"

    def insert(
        self, model: Any, rows: list[dict[str, Any]], *, ids: bool = False, copy: bool = False
    ) -> list[int]:
        """Insert the rows in bulk; with ``ids``, return their new ids in the order given.

        ``copy``: on PostgreSQL, send them with COPY, several times faster than INSERT for the
        100,000 scores (every column must then be given, as COPY applies no Python defaults).
        """
        table = model if isinstance(model, sa.Table) else model.__table__
        self.rows[table.name] = self.rows.get(table.name, 0) + len(rows)
        if not rows:
            return []
        if copy and self.postgresql:
            return self._copy(table, rows, ids=ids)
        if not ids:
            self.connection.execute(sa.insert(table), rows)
            return []
        result = self.connection.execute(
            sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        )
        return [row[0] for row in result]

    def _copy(self, table: sa.Table, rows: list[dict[str, Any]], *, ids: bool) -> list[int]:
        columns = list(rows[0])
        new_ids: list[int] = []
        if ids:  # COPY returns nothing: take the ids from the table's sequence first
            sequence = self.connection.scalar(
                sa.text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
            )
            new_ids = list(
                self.connection.scalars(
                    sa.text("SELECT nextval(:sequence) FROM generate_series(1, :n)"),
                    {"sequence": sequence, "n": len(rows)},
                )
            )
        names = ", ".join((["id"] if ids else []) + columns)
        driver = self.connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for position, row in enumerate(rows):
                values = [_plain(row[c]) for c in columns]
                copy.write_row([new_ids[position], *values] if ids else values)
        return new_ids


def _plain(value: Any) -> Any:
    # What the column types would send: enums by their value, timestamps in UTC.
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return value


def build(connection: sa.Connection, scale: Scale = Scale(), *, now: datetime | None = None) -> Dataset:  # noqa: B008
    """Write the whole data set on ``connection`` (inside the caller's transaction)."""
    now = now or datetime.now(UTC)
    rng = random.Random(scale.seed)
    out = _Writer(connection)

    unit_ids = _units(out)
    people = _people(out, scale, unit_ids, now)

    # Earlier rounds, one a year, each published in November; the running round this year.
    first_year = now.year - scale.earlier_rounds
    published = [datetime(first_year + k, 11, 15, 9, 0, tzinfo=UTC) for k in range(scale.earlier_rounds)]
    round_ids, categories = [], []
    for k, moment in enumerate(published):
        round_id = _round(out, first_year + k, RoundPhase.PUBLISHED, now, published_at=moment)
        round_ids.append(round_id)
        categories.append(_categories(out, round_id, scale.categories))
    current_round = _round(
        out,
        now.year,
        RoundPhase.REVIEWING,
        now,
        nomination_deadline=now - timedelta(days=30),
        review_deadline=now + timedelta(days=30),
        voting_deadline=now + timedelta(days=60),
    )
    current_categories = _categories(out, current_round, scale.categories)

    pool = scale.nominations + scale.nominations_per_earlier_round * 2
    initiative_units = [rng.choice(unit_ids) for _ in range(pool)]
    titles = [_title(rng, i) for i in range(pool)]
    initiative_ids = out.insert(
        Initiative,
        [
            {
                "title": titles[i],
                "org_unit_id": initiative_units[i],
                "summary": _summary(rng, titles[i]),
                "website": f"https://example.org/initiatives/{i + 1}",
                "created_at": now,
                "updated_at": now,
            }
            for i in range(pool)
        ],
        ids=True,
    )
    unit_of = dict(zip(initiative_ids, initiative_units, strict=True))
    title_of = dict(zip(initiative_ids, titles, strict=True))

    awarded_before: list[int] = []
    latest_awards: dict[int, int] = {}  # initiative id → its nomination in the latest published round
    for k, round_id in enumerate(round_ids):
        # About two thirds of last round's lighthouses are nominated again; the rest are new.
        renominated = [i for i in awarded_before if rng.random() < 0.7]
        others = [i for i in rng.sample(initiative_ids, len(initiative_ids)) if i not in renominated]
        chosen = (renominated + others)[: scale.nominations_per_earlier_round]
        submitted_at = published[k] - timedelta(days=150)
        nomination_ids = _nominations(
            out, rng, round_id, categories[k], chosen, unit_of, title_of, people["coordinators"], submitted_at
        )
        winners = set(chosen[: scale.awards_per_earlier_round])
        decided_at = published[k] - timedelta(days=7)
        out.insert(
            Decision,
            [
                {
                    "nomination_id": nomination_id,
                    "outcome": Outcome.AWARDED if initiative_id in winners else Outcome.NOT_AWARDED,
                    "rationale": "",
                    "feedback": "Thank you for the nomination.",
                    "decided_by_id": people["chair_id"],
                    "decided_at": decided_at,
                }
                for initiative_id, nomination_id in zip(chosen, nomination_ids, strict=True)
            ],
        )
        until = published[k + 1] if k + 1 < len(published) else None
        award_rows = []
        for position, (initiative_id, nomination_id) in enumerate(zip(chosen, nomination_ids, strict=True)):
            if initiative_id in winners:
                award_rows.append(
                    {
                        "initiative_id": initiative_id,
                        "round_id": round_id,
                        "category_id": categories[k][position % len(categories[k])],
                        "nomination_id": nomination_id,
                        "valid_from": published[k],
                        "valid_until": until,
                    }
                )
        out.insert(Award, award_rows)
        awarded_before = [row["initiative_id"] for row in award_rows]
        latest_awards = {row["initiative_id"]: row["nomination_id"] for row in award_rows}

    # The running round: the latest lighthouses first (renominations), then others.
    renominations = list(latest_awards)
    rest = [i for i in rng.sample(initiative_ids, len(initiative_ids)) if i not in latest_awards]
    chosen = (renominations + rest)[: scale.nominations]
    nomination_ids = _nominations(
        out,
        rng,
        current_round,
        current_categories,
        chosen,
        unit_of,
        title_of,
        people["coordinators"],
        now - timedelta(days=40),
        renomination_of=latest_awards,
    )
    category_of = {
        nomination_id: current_categories[position % len(current_categories)]
        for position, nomination_id in enumerate(nomination_ids)
    }
    criteria = {
        category_id: list(
            connection.scalars(
                sa.select(Criterion.id)
                .where(Criterion.category_id == category_id)
                .order_by(Criterion.position)
            )
        )
        for category_id in current_categories
    }
    _sheets_and_votes(out, rng, people["member_ids"], nomination_ids, category_of, criteria, now)

    return Dataset(
        round_id=current_round,
        round_year=now.year,
        category_ids=current_categories,
        criteria=criteria,
        nominations=[(n, category_of[n]) for n in nomination_ids],
        members=people["member_emails"],
        admin=people["admin_email"],
        coordinators=people["coordinator_emails"],
        password=PASSWORD,
        published_years=[first_year + k for k in range(scale.earlier_rounds)],
        current_lighthouses=len(latest_awards),
        rows=dict(out.rows),
    )


def _units(out: _Writer) -> list[int]:
    ids: dict[str, int] = {}
    for spec in demo.ORG_UNITS:  # parents come before their children
        [unit_id] = out.insert(
            OrgUnit,
            [
                {
                    "name": spec["name"],
                    "short_name": spec.get("short_name"),
                    "kind": OrgUnitKind(spec["kind"]),
                    "parent_id": ids.get(spec["parent"]) if spec.get("parent") else None,
                }
            ],
            ids=True,
        )
        ids[spec["name"]] = unit_id
    return list(ids.values())


def _people(out: _Writer, scale: Scale, unit_ids: list[int], now: datetime) -> dict:
    password_hash = cheap_password_hash()
    admin = f"admin@{DOMAIN}"
    members = [f"chair@{DOMAIN}"] + [f"member{i:02d}@{DOMAIN}" for i in range(2, scale.members + 1)]
    coordinators = [f"coordinator{i:02d}@{DOMAIN}" for i in range(1, scale.coordinators + 1)]
    emails = [admin, *members, *coordinators]
    ids = out.insert(
        User,
        [
            {
                "email": email,
                "display_name": email.split("@")[0].capitalize(),
                "password_hash": password_hash,
                "active": True,
                "session_token": new_session_token(),
                "created_at": now,
                "updated_at": now,
            }
            for email in emails
        ],
        ids=True,
    )
    by_email = dict(zip(emails, ids, strict=True))
    roles = [{"user_id": by_email[admin], "role": Role.ADMIN}]
    roles += [{"user_id": by_email[members[0]], "role": Role.CHAIR}]
    roles += [{"user_id": by_email[email], "role": Role.MEMBER} for email in members]
    roles += [{"user_id": by_email[email], "role": Role.COORDINATOR} for email in coordinators]
    out.insert(UserRole, roles)
    # Every unit has a coordinator; members belong to no unit, so no one is conflicted.
    coordinated = [
        {"user_id": by_email[coordinators[i % len(coordinators)]], "org_unit_id": unit_id}
        for i, unit_id in enumerate(unit_ids)
    ]
    out.insert(coordinator_units, coordinated)
    return {
        "admin_email": admin,
        "member_emails": members,
        "coordinator_emails": coordinators,
        "member_ids": [by_email[email] for email in members],
        "chair_id": by_email[members[0]],
        "coordinators": {row["org_unit_id"]: row["user_id"] for row in coordinated},
    }


def _round(out: _Writer, year: int, phase: RoundPhase, now: datetime, **fields: Any) -> int:
    [round_id] = out.insert(
        Round,
        [
            {
                "name": f"{year} selection",
                "year": year,
                "phase": phase,
                "nomination_deadline": fields.get("nomination_deadline"),
                "review_deadline": fields.get("review_deadline"),
                "voting_deadline": fields.get("voting_deadline"),
                "published_at": fields.get("published_at"),
                "created_at": now,
                "updated_at": now,
            }
        ],
        ids=True,
    )
    return round_id


def _categories(out: _Writer, round_id: int, count: int) -> list[int]:
    specs = [demo.CATEGORIES[i % len(demo.CATEGORIES)] for i in range(count)]
    suffix = [
        f" ({i // len(demo.CATEGORIES) + 1})" if i >= len(demo.CATEGORIES) else "" for i in range(count)
    ]
    ids = out.insert(
        Category,
        [
            {
                "round_id": round_id,
                "key": spec["key"] + suffix[i].strip(" ()"),
                "name": spec["name"] + suffix[i],
                "description": spec["description"],
                "position": i,
            }
            for i, spec in enumerate(specs)
        ],
        ids=True,
    )
    out.insert(
        Criterion,
        [
            {
                "category_id": category_id,
                "name": criterion["name"],
                "guidance": criterion["guidance"],
                "weight": criterion["weight"],
                "position": position,
            }
            for category_id, spec in zip(ids, specs, strict=True)
            for position, criterion in enumerate(spec["criteria"])
        ],
    )
    return ids


def _title(rng: random.Random, number: int) -> str:
    return f"{rng.choice(TOPICS)} {rng.choice(KINDS)} with {rng.choice(COUNTRIES)} No. {number + 1}"


def _summary(rng: random.Random, title: str) -> str:
    return (
        f"{title} brings students and researchers of both sides together in joint projects, "
        f"exchanges and an annual meeting; it has grown over {rng.randint(3, 25)} years."
    )


DESCRIPTION = """## Aims

A lasting cooperation in research and teaching with **joint supervision** of doctoral students,
exchanges of students and staff in both directions, and a yearly summer school.

## What has been achieved

- {students} students and {staff} staff members exchanged in the last three years
- {publications} joint publications
- a joint degree programme since {start}

See the [project page](https://example.org/) for the full report.
"""


def _nominations(
    out: _Writer,
    rng: random.Random,
    round_id: int,
    category_ids: list[int],
    initiative_ids: list[int],
    unit_of: dict[int, int],
    title_of: dict[int, str],
    coordinator_of_unit: dict[int, int],
    submitted_at: datetime,
    *,
    renomination_of: dict[int, int] | None = None,
) -> list[int]:
    """Submitted, eligible nominations of the initiatives, spread evenly over the categories."""
    rows = []
    for position, initiative_id in enumerate(initiative_ids):
        figures = {
            "students": rng.randint(0, 200),
            "staff": rng.randint(0, 40),
            "publications": rng.randint(0, 80),
            "start": rng.randint(1990, 2020),
        }
        rows.append(
            {
                "round_id": round_id,
                "initiative_id": initiative_id,
                "category_id": category_ids[position % len(category_ids)],
                "org_unit_id": unit_of[initiative_id],
                "state": NominationState.SUBMITTED,
                "eligibility": Eligibility.ELIGIBLE,
                "title": title_of[initiative_id],
                "summary": _summary(rng, title_of[initiative_id]),
                "description": DESCRIPTION.format(**figures),
                "start_year": figures["start"],
                "exchanged_students": figures["students"],
                "exchanged_staff": figures["staff"],
                "joint_degree_programmes": rng.randint(0, 3),
                "joint_publications": figures["publications"],
                "joint_events": rng.randint(0, 12),
                "website": f"https://example.org/initiatives/{initiative_id}",
                "head_support_confirmed": True,
                "renomination_of_id": (renomination_of or {}).get(initiative_id),
                "created_by_id": coordinator_of_unit.get(unit_of[initiative_id]),
                "submitted_at": submitted_at,
                "version": 1,
                "created_at": submitted_at,
                "updated_at": submitted_at,
            }
        )
    ids = out.insert(Nomination, rows, ids=True)
    partners, contacts = [], []
    for nomination_id in ids:
        for position in range(rng.randint(1, 3)):
            country = rng.choice(COUNTRIES)
            partners.append(
                {
                    "nomination_id": nomination_id,
                    "position": position,
                    "institution": f"University of {country} {position + 1}",
                    "country": country,
                }
            )
        contacts.append(
            {
                "nomination_id": nomination_id,
                "position": 0,
                "name": "Contact Person",
                "role": "Coordinator",
                "email": f"contact{nomination_id}@example.org",
                "phone": None,
            }
        )
    out.insert(NominationPartner, partners)
    out.insert(NominationContact, contacts)
    return ids


def _sheets_and_votes(
    out: _Writer,
    rng: random.Random,
    member_ids: list[int],
    nomination_ids: list[int],
    category_of: dict[int, int],
    criteria: dict[int, list[int]],
    now: datetime,
) -> None:
    """Every member's submitted sheet for every nomination, with all scores, and their votes.

    Each nomination has a quality and each member a habit (lenient or strict), so the ranking,
    its spread and the per-member normalisation have something to show.
    """
    quality = {n: rng.uniform(1.0, 4.5) for n in nomination_ids}
    habit = {m: rng.uniform(-0.8, 0.8) for m in member_ids}
    pairs = [(m, n) for m in member_ids for n in nomination_ids]
    submitted_at = now - timedelta(days=5)
    sheet_ids = out.insert(
        ScoreSheet,
        [
            {
                "nomination_id": n,
                "member_id": m,
                "state": SheetState.SUBMITTED,
                "comment": "Convincing cooperation." if (m + n) % 7 == 0 else "",
                "submitted_at": submitted_at,
                "version": 1,
                "created_at": submitted_at,
                "updated_at": submitted_at,
            }
            for m, n in pairs
        ],
        ids=True,
        copy=True,
    )
    scores, votes = [], []
    for sheet_id, (m, n) in zip(sheet_ids, pairs, strict=True):
        values = [
            max(
                Criterion.SCALE_MIN,
                min(Criterion.SCALE_MAX, round(quality[n] + habit[m] + rng.gauss(0, 0.7))),
            )
            for _criterion in criteria[category_of[n]]
        ]
        scores.extend(
            {"sheet_id": sheet_id, "criterion_id": criterion_id, "value": value}
            for criterion_id, value in zip(criteria[category_of[n]], values, strict=True)
        )
        mean = sum(values) / len(values)
        choice = (
            VoteChoice.AWARD if mean >= 3.2 else VoteChoice.DO_NOT_AWARD if mean < 2.4 else VoteChoice.ABSTAIN
        )
        votes.append(
            {"nomination_id": n, "member_id": m, "choice": choice, "created_at": now, "updated_at": now}
        )
    out.insert(Score, scores, copy=True)
    recompute_weighted_scores(out.connection)  # as a save would have stored them
    out.insert(Vote, votes, copy=True)
