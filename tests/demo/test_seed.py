"""The demo data: the published 2021 round with its 22 lighthouses, loaded once and only once."""

from __future__ import annotations

import sqlalchemy as sa

from evaluator.accounts.models import Role, User
from evaluator.demo import data
from evaluator.demo.seed import seed
from evaluator.extensions import db
from evaluator.nominations.models import Nomination, NominationState
from evaluator.publication.models import Award
from evaluator.reviewing.models import ConflictOfInterest, Score, ScoreSheet
from evaluator.rounds.models import Category, Round, RoundPhase
from evaluator.voting.models import Decision, Outcome, Vote

CATEGORY_NAMES = [
    "Partnerships",
    "International networks with outstanding TUD participation",
    "Local networks with international radiance",
    "National networks",
    "Programmes",
]


def _snapshot(session) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    """Every row of every table, for comparing the database before and after."""
    snapshot = {}
    for table in db.metadata.sorted_tables:
        rows = session.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
        snapshot[table.name] = [tuple(row) for row in rows]
    return snapshot


def test_the_demo_loads_22_lighthouses_of_2021_in_five_categories(client, session) -> None:
    seed(session)
    session.commit()

    data_ = client.get("/api/v1/lighthouses").get_json()
    assert len(data_) == 22
    assert sorted({item["category"] for item in data_}) == sorted(CATEGORY_NAMES)
    assert {item["lighthouse_since"] for item in data_} == {"2021-11-15T09:00:00+00:00"}

    page = client.text("/rounds/2021")
    for name in CATEGORY_NAMES:
        assert name in page


def test_a_second_run_changes_nothing(session) -> None:
    first = seed(session)
    session.commit()
    before = _snapshot(session)

    second = seed(session)
    session.commit()

    assert first.created["lighthouses"] == 22
    assert second.created == {}
    assert _snapshot(session) == before


def test_the_2021_round_has_scores_votes_and_decisions_from_the_commission(session) -> None:
    seed(session)
    session.commit()
    past = session.scalar(sa.select(Round).where(Round.year == 2021))
    assert past.phase == RoundPhase.PUBLISHED
    nominations = session.scalars(sa.select(Nomination).where(Nomination.round_id == past.id)).all()
    assert len(nominations) == 22 + len(data.NOT_AWARDED_2021)
    assert session.scalar(sa.select(sa.func.count(Award.id))) == 22
    outcomes = session.scalars(sa.select(Decision.outcome)).all()
    assert outcomes.count(Outcome.AWARDED) == 22
    assert outcomes.count(Outcome.NOT_AWARDED) == len(data.NOT_AWARDED_2021)
    for category in session.scalars(sa.select(Category).where(Category.round_id == past.id)):
        assert len(category.criteria) >= 4
    members = session.scalars(sa.select(User)).all()
    commission = [u for u in members if u.is_member]
    sheets = session.scalar(sa.select(sa.func.count(ScoreSheet.id)))
    conflicts = session.scalar(sa.select(sa.func.count(ConflictOfInterest.id)))
    # Every member either scored a nomination or is conflicted with it, never both.
    assert sheets + conflicts == len(commission) * len(nominations)
    assert session.scalar(sa.select(sa.func.count(Vote.id))) == sheets
    assert session.scalar(sa.select(sa.func.min(Score.value))) >= 0
    assert session.scalar(sa.select(sa.func.max(Score.value))) <= 5


def test_one_demo_user_per_role(session) -> None:
    seed(session)
    session.commit()
    roles = {u.email: u.roles for u in session.scalars(sa.select(User))}
    assert Role.ADMIN in roles["admin@example.org"]
    assert Role.CHAIR in roles["chair@example.org"]
    assert Role.MEMBER in roles["member@example.org"]
    assert Role.COORDINATOR in roles["coordinator@example.org"]


def test_the_running_round_is_invisible_to_the_public(client, session) -> None:
    seed(session)
    session.commit()
    running = session.scalar(sa.select(Round).where(Round.year == 2026))
    assert running.phase == RoundPhase.NOMINATING
    states = session.scalars(sa.select(Nomination.state).where(Nomination.round_id == running.id)).all()
    assert NominationState.DRAFT in states and NominationState.SUBMITTED in states
    new_titles = [n["title"] for n in data.CURRENT_ROUND_NOMINATIONS if n["kind"] == "new"]
    assert new_titles
    for url in ("/lighthouses", "/rounds", "/rounds/2021", "/api/v1/lighthouses"):
        text = client.text(url)
        for title in new_titles:
            assert title not in text, f"{title!r} leaked on {url}"
    assert client.get("/rounds/2026").status_code == 404
