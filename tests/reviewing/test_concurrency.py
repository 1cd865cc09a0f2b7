"""Many commission members act at the same moment: no sheet, vote or award is lost or doubled.

PostgreSQL only: SQLite serialises writers on the whole file, so it cannot show the races these
tests are about. Each person works in a session of their own, as requests of several app
workers would; the data they start from is committed so that every session sees it. The
threads load what a request would load, then wait at a barrier and act together.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from evaluator.accounts.models import Role, User
from evaluator.audit.models import AuditEvent
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import frozen_at
from evaluator.extensions import db
from evaluator.nominations.models import Eligibility, Nomination
from evaluator.publication.models import Award
from evaluator.publication.operations import publish_round
from evaluator.publication.status import PublicationChanges
from evaluator.reviewing.models import Score, ScoreSheet, SheetState
from evaluator.reviewing.operations import SheetInput, save_sheet
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import Vote, VoteChoice
from evaluator.voting.operations import cast_vote
from tests.support.factories import (
    make_initiative,
    make_nomination,
    make_round,
    make_unit,
    make_user,
)
from tests.support.publication import round_ready_to_publish

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
MEMBERS = 20


# Concurrent writers are PostgreSQL's business: SQLite serialises them on its file.
pytestmark = pytest.mark.postgres_only


@pytest.fixture(autouse=True)
def _pinned_clock():  # type: ignore[no-untyped-def]
    # The pin is a module global, so every thread sees the same moment.
    with frozen_at(NOW):
        yield


@pytest.fixture()
def engine(app: Flask) -> Iterator[sa.Engine]:
    """The test database with a pool large enough for every thread to hold a connection at once
    (the application's pool stops at 15, and a thread waiting for a connection would not reach
    the barrier)."""
    engine = sa.create_engine(db.engine.url, pool_size=2 * MEMBERS + 5, max_overflow=0, pool_timeout=30)
    yield engine
    engine.dispose()


@dataclass(frozen=True)
class Stored:
    round_id: int
    nomination_id: int
    member_ids: list[int]
    criterion_ids: list[int]


def _store(phase: RoundPhase, **deadlines: datetime) -> Stored:
    session = db.session
    unit = make_unit(session, "Institute of Hydrology")
    round_ = make_round(session, 2026, phase=phase, **deadlines)
    nomination = make_nomination(
        session, round_, make_initiative(session, unit, "Water Partnership"), eligibility=Eligibility.ELIGIBLE
    )
    # No password: hashing twenty of them would only slow the test down.
    members = [make_user(session, Role.MEMBER, name=f"Member {i:02d}", password="") for i in range(MEMBERS)]
    stored = Stored(
        round_.id, nomination.id, [m.id for m in members], [c.id for c in round_.categories[0].criteria]
    )
    session.commit()
    return stored


@dataclass
class Job:
    """What one request does: ``load`` before the barrier, ``act`` after it; then it commits."""

    load: Callable[[Session], Any]
    act: Callable[[Session, Any], Any]


def run_together(app: Flask, engine: sa.Engine, jobs: list[Job]) -> list[Any]:
    """Run every job in a thread and session of its own, all released at the same moment.

    Returns per job what ``act`` returned, or the exception it raised.
    """
    barrier = threading.Barrier(len(jobs), timeout=30)
    outcomes: list[Any] = [None] * len(jobs)

    def worker(index: int, job: Job) -> None:
        with app.app_context(), Session(engine) as session:
            try:
                loaded = job.load(session)
            except BaseException as error:
                barrier.abort()
                outcomes[index] = error
                return
            try:
                barrier.wait()
                outcomes[index] = job.act(session, loaded)
                session.commit()
            except BaseException as error:  # reported to the test
                session.rollback()
                outcomes[index] = error

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    failures = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    assert not failures, failures
    return outcomes


def _load(session: Session, stored: Stored, member_id: int) -> tuple[Nomination, User]:
    nomination = session.get(Nomination, stored.nomination_id)
    member = session.get(User, member_id)
    assert nomination is not None and member is not None
    _ = (nomination.round.phase, nomination.category.criteria, member.roles)
    return nomination, member


def _count(model: type, *where: Any) -> int:
    with Session(db.engine) as fresh:
        return fresh.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0


def _audit_count(action: AuditAction) -> int:
    return _count(AuditEvent, AuditEvent.action == str(action))


def test_twenty_members_submit_their_sheets_for_one_nomination_at_once(app: Flask, engine: sa.Engine) -> None:
    stored = _store(RoundPhase.REVIEWING, review_deadline=NOW + timedelta(days=7))

    def job(index: int, member_id: int) -> Job:
        scores = {c: (index + j) % 6 for j, c in enumerate(stored.criterion_ids)}

        def act(session: Session, loaded: tuple[Nomination, User]) -> int:
            nomination, member = loaded
            data = SheetInput(scores=scores, comment=f"Sheet of member {index}.", submit=True)
            return save_sheet(session, nomination, member=member, data=data, expected_version=0).id

        return Job(load=lambda session: _load(session, stored, member_id), act=act)

    sheet_ids = run_together(app, engine, [job(i, m) for i, m in enumerate(stored.member_ids)])

    assert len(set(sheet_ids)) == MEMBERS
    with Session(db.engine) as fresh:
        sheets = fresh.scalars(
            sa.select(ScoreSheet).where(ScoreSheet.nomination_id == stored.nomination_id)
        ).all()
        assert sorted(s.member_id for s in sheets) == sorted(stored.member_ids)
        assert {s.state for s in sheets} == {SheetState.SUBMITTED}
        for sheet in sheets:
            index = stored.member_ids.index(sheet.member_id)
            assert sheet.comment == f"Sheet of member {index}."
            assert {s.criterion_id: s.value for s in sheet.scores} == {
                c: (index + j) % 6 for j, c in enumerate(stored.criterion_ids)
            }
    assert _count(Score) == MEMBERS * len(stored.criterion_ids)
    assert _audit_count(AuditAction.SHEET_SUBMIT) == MEMBERS


def test_twenty_members_vote_at_once_and_each_twice_in_parallel(app: Flask, engine: sa.Engine) -> None:
    stored = _store(RoundPhase.VOTING, voting_deadline=NOW + timedelta(days=7))

    def job(member_id: int, choice: VoteChoice) -> Job:
        def act(session: Session, loaded: tuple[Nomination, User]) -> tuple[int, int]:
            nomination, member = loaded
            vote = cast_vote(session, nomination, member=member, choice=choice)
            return vote.id, vote.member_id

        return Job(load=lambda session: _load(session, stored, member_id), act=act)

    # Each member sends two requests at once (a double click that changed its mind).
    jobs = [
        job(member_id, choice)
        for member_id in stored.member_ids
        for choice in (VoteChoice.AWARD, VoteChoice.DO_NOT_AWARD)
    ]
    results = run_together(app, engine, jobs)

    # Both requests of a member answer with the same row.
    by_member: dict[int, set[int]] = {}
    for vote_id, member_id in results:
        by_member.setdefault(member_id, set()).add(vote_id)
    assert all(len(ids) == 1 for ids in by_member.values()), by_member
    with Session(db.engine) as fresh:
        votes = fresh.execute(
            sa.select(Vote.member_id, Vote.choice).where(Vote.nomination_id == stored.nomination_id)
        ).all()
        changes = fresh.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == str(AuditAction.VOTE_CHANGE))
        ).all()
        final_choice = {event.actor_id: event.details["after"]["choice"] for event in changes}
    assert len(votes) == MEMBERS
    assert Counter(member_id for member_id, _choice in votes) == Counter(stored.member_ids)
    # The first request of each member cast the vote, the second changed it; the row holds the latter.
    assert _audit_count(AuditAction.VOTE_CAST) == MEMBERS
    assert len(changes) == MEMBERS
    assert {member_id: str(choice) for member_id, choice in votes} == final_choice


P2024 = datetime(2024, 11, 20, 9, 0, tzinfo=UTC)


def test_two_admins_publishing_at_once_create_one_set_of_awards(app: Flask, engine: sa.Engine) -> None:
    session = db.session
    unit = make_unit(session, "Institute of Hydrology")
    admins = [make_user(session, Role.ADMIN, name=f"Admin {i}", password="") for i in range(2)]
    ready = round_ready_to_publish(session, unit, year=2026, decided_at=NOW, earlier_published_at=P2024)
    round_id, earlier_id, admin_ids = ready.round_id, ready.earlier_id, [a.id for a in admins]
    renewed_id, lapsing_id, newcomer_id = ready.renewed_id, ready.lapsing_id, ready.newcomer_id
    session.commit()

    def job(admin_id: int) -> Job:
        def load(session: Session) -> tuple[Round, User]:
            round_ = session.get(Round, round_id)
            admin = session.get(User, admin_id)
            assert round_ is not None and admin is not None and round_.phase is RoundPhase.DECIDING
            return round_, admin

        def act(session: Session, loaded: tuple[Round, User]) -> tuple[bool, set[int], PublicationChanges]:
            round_, admin = loaded
            plan = publish_round(session, round_, actor=admin)
            return plan.already_published, {n.initiative_id for n in plan.awarded}, plan.changes

        return Job(load=load, act=act)

    plans = run_together(app, engine, [job(a) for a in admin_ids])

    # One of them published; the other waited for it and found the round published.
    assert sorted(already_published for already_published, _awarded, _changes in plans) == [False, True]
    for _already_published, awarded, changes in plans:
        assert awarded == {renewed_id, newcomer_id}
        assert (changes.renewed, changes.new, changes.lapsed) == (
            {renewed_id},
            {newcomer_id},
            {lapsing_id},
        )
    with Session(db.engine) as fresh:
        published = fresh.get(Round, round_id)
        assert (published.phase, published.published_at) == (RoundPhase.PUBLISHED, NOW)
        awards = fresh.execute(
            sa.select(Award.round_id, Award.initiative_id, Award.valid_from, Award.valid_until)
        )
        assert sorted(awards.all()) == sorted(
            [
                (earlier_id, renewed_id, P2024, NOW),
                (earlier_id, lapsing_id, P2024, NOW),
                (round_id, renewed_id, NOW, None),
                (round_id, newcomer_id, NOW, None),
            ]
        )
    assert _audit_count(AuditAction.ROUND_PUBLISH) == 1
