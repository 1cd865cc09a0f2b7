"""Round operations on a real database: copying, deadlines, phase changes and their audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role
from evaluator.audit.models import AuditEvent
from evaluator.core.clock import frozen_at
from evaluator.core.errors import NotAllowed
from evaluator.nominations.models import Eligibility, NominationState
from evaluator.reviewing.models import ScoreSheet, SheetState
from evaluator.rounds import operations
from evaluator.rounds.models import Category, Criterion, Round, RoundPhase
from evaluator.rounds.queries import round_facts
from tests.support.factories import make_initiative, make_nomination, make_round, make_unit, make_user

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture()
def admin(session):  # type: ignore[no-untyped-def]
    return make_user(session, Role.ADMIN)


def _actions(session) -> list[str]:  # type: ignore[no-untyped-def]
    return list(session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_new_round_copies_the_previous_rounds_categories_and_criteria(session, admin) -> None:
    old = make_round(session, 2021, phase=RoundPhase.PUBLISHED, categories=2)
    new = operations.create_round(session, actor=admin, name="2026 selection", year=2026)

    assert [c.name for c in new.categories] == ["Category 1", "Category 2"]
    assert [[(k.name, k.weight) for k in c.criteria] for c in new.categories] == [
        [(k.name, k.weight) for k in c.criteria] for c in old.categories
    ]
    assert {c.id for c in new.categories}.isdisjoint({c.id for c in old.categories})
    new.categories[0].criteria[0].weight = 9.0
    session.flush()
    session.expire_all()
    assert session.get(Round, old.id).categories[0].criteria[0].weight == 1.0
    assert _actions(session)[-1] == "round:create"


def test_a_year_has_one_round(session, admin) -> None:
    make_round(session, 2026)
    with pytest.raises(operations.YearTaken):
        operations.create_round(session, actor=admin, name="Again", year=2026)


def test_a_draft_opens_for_nominations_and_the_step_is_audited(session, admin) -> None:
    round_ = make_round(session, 2026, nomination_deadline=NOW + timedelta(days=30))
    with frozen_at(NOW):
        operations.advance_phase(session, round_, actor=admin)
    assert round_.phase is RoundPhase.NOMINATING
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "round:phase")).one()
    assert event.details == {"before": {"phase": "draft"}, "after": {"phase": "nominating"}}
    assert event.actor_id == admin.id and event.round_id == round_.id


def test_a_draft_with_an_empty_category_stays_a_draft(session, admin) -> None:
    round_ = make_round(session, 2026, nomination_deadline=NOW + timedelta(days=30), categories=2)
    round_.categories[1].criteria = []
    session.flush()
    with frozen_at(NOW), pytest.raises(NotAllowed, match="The category “Category 2” has no criteria."):
        operations.advance_phase(session, round_, actor=admin)
    assert round_.phase is RoundPhase.DRAFT
    assert "round:phase" not in _actions(session)


def test_only_one_round_runs_at_a_time(session, admin) -> None:
    make_round(session, 2025, phase=RoundPhase.VOTING)
    round_ = make_round(session, 2026, nomination_deadline=NOW + timedelta(days=30))
    with frozen_at(NOW), pytest.raises(NotAllowed, match="2025 selection is still running"):
        operations.advance_phase(session, round_, actor=admin)


def test_closing_nominating_early_needs_the_admins_confirmation(session, admin) -> None:
    round_ = make_round(
        session, 2026, phase=RoundPhase.NOMINATING, nomination_deadline=NOW + timedelta(days=1)
    )
    with frozen_at(NOW):
        with pytest.raises(NotAllowed, match="Please confirm"):
            operations.advance_phase(session, round_, actor=admin)
        assert round_.phase is RoundPhase.NOMINATING
        operations.advance_phase(session, round_, actor=admin, confirmed_warnings=True)
    assert round_.phase is RoundPhase.REVIEWING


def test_the_facts_count_eligibility_sheets_and_decisions(session) -> None:
    unit = make_unit(session)
    round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING)
    member = make_user(session, Role.MEMBER)
    pending = make_nomination(session, round_, make_initiative(session, unit))
    scored = make_nomination(
        session, round_, make_initiative(session, unit), eligibility=Eligibility.ELIGIBLE
    )
    make_nomination(session, round_, make_initiative(session, unit), eligibility=Eligibility.ELIGIBLE)
    make_nomination(session, round_, make_initiative(session, unit), eligibility=Eligibility.INELIGIBLE)
    make_nomination(session, round_, make_initiative(session, unit), state=NominationState.DRAFT)
    session.add(ScoreSheet(nomination=scored, member=member, state=SheetState.SUBMITTED))
    session.add(ScoreSheet(nomination=pending, member=member, state=SheetState.DRAFT))
    session.flush()

    facts = round_facts(session, round_, now=NOW)

    assert (facts.submitted_without_eligibility, facts.eligible) == (1, 2)
    assert facts.eligible_without_submitted_sheet == 1
    assert facts.eligible_without_decision == 2
    assert facts.categories == 1 and facts.categories_without_criteria == ()


def test_publishing_is_not_a_bare_phase_change(session, admin) -> None:
    round_ = make_round(session, 2026, phase=RoundPhase.DECIDING)
    with pytest.raises(NotAllowed, match="Publish the round"):
        operations.advance_phase(session, round_, actor=admin)


def test_deadlines_are_set_in_a_draft_and_only_extended_later(session, admin) -> None:
    round_ = make_round(session, 2026)
    deadline = NOW + timedelta(days=30)
    operations.set_deadlines(session, round_, actor=admin, nomination_deadline=deadline)
    assert round_.nomination_deadline == deadline
    round_.phase = RoundPhase.NOMINATING
    session.flush()
    with pytest.raises(NotAllowed):
        operations.set_deadlines(
            session, round_, actor=admin, nomination_deadline=deadline + timedelta(days=1)
        )
    with frozen_at(NOW):
        with pytest.raises(NotAllowed, match="later than the current deadline"):
            operations.extend_deadline(
                session, round_, actor=admin, new_deadline=deadline - timedelta(hours=1)
            )
        operations.extend_deadline(session, round_, actor=admin, new_deadline=deadline + timedelta(days=7))
    assert round_.nomination_deadline == deadline + timedelta(days=7)
    assert _actions(session)[-2:] == ["round:update", "round:deadline:extend"]


def test_criteria_of_unrelated_tables_are_untouched_by_a_copy(session, admin) -> None:
    make_round(session, 2021, phase=RoundPhase.PUBLISHED, categories=3)
    before = session.scalar(sa.select(sa.func.count(Criterion.id)))
    operations.create_round(session, actor=admin, name="2026 selection", year=2026)
    assert session.scalar(sa.select(sa.func.count(Criterion.id))) == 2 * before
    assert session.scalar(sa.select(sa.func.count(Category.id))) == 6
