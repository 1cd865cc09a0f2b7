"""Rules the database itself enforces, so no code path can break them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from evaluator.accounts.models import Role, User
from evaluator.nominations.models import Initiative, Nomination, NominationState
from evaluator.publication.models import Award
from evaluator.reviewing.models import Score, ScoreSheet
from evaluator.rounds.models import Criterion, RoundPhase
from evaluator.voting.models import Vote, VoteChoice
from tests.support.factories import make_initiative, make_nomination, make_round, make_unit, make_user


@pytest.fixture()
def nomination(session):  # type: ignore[no-untyped-def]
    unit = make_unit(session)
    round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING)
    return make_nomination(session, round_, make_initiative(session, unit))


def _refused(session, *objects) -> None:  # type: ignore[no-untyped-def]
    session.add_all(objects)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_email_is_unique_whatever_its_case(session) -> None:
    session.add(User(email="ada@example.org", display_name="Ada"))
    session.flush()
    _refused(session, User(email="ada@example.org", display_name="Ada again"))
    # An upper-case spelling can never be stored, so "ADA@example.org" cannot sneak in beside it.
    _refused(session, User(email="ADA@example.org", display_name="Ada shouting"))


def test_one_nomination_per_initiative_and_round(session, nomination) -> None:
    duplicate = Nomination(
        round=nomination.round,
        initiative=nomination.initiative,
        category=nomination.category,
        org_unit=nomination.org_unit,
        title="Again",
    )
    _refused(session, duplicate)


def test_one_sheet_per_member_and_nomination_and_one_score_per_criterion(session, nomination) -> None:
    member = make_user(session, Role.MEMBER)
    criterion = nomination.category.criteria[0]
    sheet = ScoreSheet(nomination=nomination, member=member)
    sheet.scores.append(Score(criterion=criterion, value=3))
    session.add(sheet)
    session.flush()
    _refused(session, Score(sheet=sheet, criterion=criterion, value=4))
    _refused(session, ScoreSheet(nomination_id=nomination.id, member_id=member.id))


@pytest.mark.parametrize("value", [-1, 6])
def test_scores_stay_between_0_and_5(session, nomination, value: int) -> None:
    member = make_user(session, Role.MEMBER)
    sheet = ScoreSheet(nomination=nomination, member=member)
    session.add(sheet)
    session.flush()
    _refused(session, Score(sheet_id=sheet.id, criterion_id=nomination.category.criteria[0].id, value=value))


@pytest.mark.parametrize("value", [0, 5])
def test_scores_at_the_ends_of_the_scale_are_stored(session, nomination, value: int) -> None:
    member = make_user(session, Role.MEMBER)
    sheet = ScoreSheet(nomination=nomination, member=member)
    sheet.scores.append(Score(criterion=nomination.category.criteria[0], value=value))
    session.add(sheet)
    session.flush()
    assert session.scalar(sa.select(Score.value)) == value


@pytest.mark.parametrize("weight", [0, -1.5])
def test_criterion_weight_must_be_above_zero(session, nomination, weight: float) -> None:
    _refused(session, Criterion(category_id=nomination.category_id, name="Zero weight", weight=weight))


def test_one_vote_per_member_and_nomination(session, nomination) -> None:
    member = make_user(session, Role.MEMBER)
    session.add(Vote(nomination=nomination, member=member, choice=VoteChoice.AWARD))
    session.flush()
    _refused(session, Vote(nomination_id=nomination.id, member_id=member.id, choice=VoteChoice.ABSTAIN))


def test_foreign_keys_are_enforced(session) -> None:
    _refused(session, Initiative(title="Orphan", org_unit_id=987654, summary=""))


def test_enum_columns_refuse_unknown_values(session, nomination) -> None:
    with pytest.raises(IntegrityError):
        session.execute(
            sa.text("UPDATE nominations SET state = 'approved' WHERE id = :id"), {"id": nomination.id}
        )
    session.rollback()


def test_only_submitted_nominations_carry_an_eligibility_verdict(session, nomination) -> None:
    with pytest.raises(IntegrityError):
        session.execute(
            sa.text("UPDATE nominations SET state = :draft, eligibility = 'eligible' WHERE id = :id"),
            {"draft": NominationState.DRAFT.value, "id": nomination.id},
        )
    session.rollback()


def test_a_round_is_published_exactly_when_it_has_a_publication_time(session) -> None:
    round_ = make_round(session, 2030)
    with pytest.raises(IntegrityError):
        session.execute(sa.text("UPDATE rounds SET phase = 'published' WHERE id = :id"), {"id": round_.id})
    session.rollback()


def test_an_award_period_cannot_end_before_it_starts(session) -> None:
    unit = make_unit(session)
    round_ = make_round(session, 2021, phase=RoundPhase.PUBLISHED)
    nomination = make_nomination(session, round_, make_initiative(session, unit))
    start = round_.published_at
    _refused(
        session,
        Award(
            initiative=nomination.initiative,
            round=round_,
            category=nomination.category,
            nomination=nomination,
            valid_from=start,
            valid_until=datetime(2020, 1, 1, tzinfo=UTC),
        ),
    )


def test_timestamps_come_back_as_aware_utc(session) -> None:
    round_ = make_round(session, 2031, nomination_deadline=datetime(2031, 3, 1, 22, 59, tzinfo=UTC))
    session.commit()
    session.expire_all()
    stored = session.get(type(round_), round_.id).nomination_deadline
    assert stored == datetime(2031, 3, 1, 22, 59, tzinfo=UTC)
    assert stored.utcoffset().total_seconds() == 0


def test_naive_timestamps_are_refused_before_reaching_the_database(session) -> None:
    with pytest.raises(sa.exc.StatementError):
        make_round(session, 2032, nomination_deadline=datetime(2032, 3, 1, 12, 0))  # noqa: DTZ001
    session.rollback()


def test_a_nominations_category_must_belong_to_its_round(session) -> None:
    unit = make_unit(session)
    old = make_round(session, 2021, phase=RoundPhase.PUBLISHED)
    new = make_round(session, 2026)
    initiative = make_initiative(session, unit)
    _refused(
        session,
        Nomination(
            round=new, initiative=initiative, category=old.categories[0], org_unit=unit, title="Mixed"
        ),
    )


def test_an_award_carries_exactly_the_round_and_category_of_its_nomination(session) -> None:
    unit = make_unit(session)
    round_ = make_round(session, 2021, phase=RoundPhase.PUBLISHED, categories=2)
    nomination = make_nomination(
        session, round_, make_initiative(session, unit), category=round_.categories[0]
    )
    _refused(
        session,
        Award(
            initiative=nomination.initiative,
            round=round_,
            category=round_.categories[1],
            nomination=nomination,
            valid_from=round_.published_at,
        ),
    )


def test_an_initiative_holds_at_most_one_current_award(session) -> None:
    unit = make_unit(session)
    initiative = make_initiative(session, unit)
    for year in (2021, 2024):
        round_ = make_round(session, year, phase=RoundPhase.PUBLISHED)
        nomination = make_nomination(session, round_, initiative)
        award = Award(
            initiative_id=initiative.id,
            round_id=round_.id,
            category_id=nomination.category_id,
            nomination_id=nomination.id,
            valid_from=round_.published_at,
        )
        if year == 2021:
            session.add(award)
            session.flush()
    # The 2021 award is still open-ended, so a second current award is refused.
    _refused(session, award)


@pytest.mark.parametrize("website", ["javascript:alert(1)", "data:text/html,x", "//evil.example", "ftp://x"])
def test_only_http_links_are_stored_as_websites(session, website: str) -> None:
    _refused(session, Initiative(title="Linked", org_unit=make_unit(session), summary="", website=website))
