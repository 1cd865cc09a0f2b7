"""Review operations on a real database: conflicts of interest and score sheets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role, User
from evaluator.accounts.operations import update_user
from evaluator.audit.models import AuditEvent
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import frozen_at
from evaluator.core.errors import DomainError, NotAllowed
from evaluator.nominations.models import Eligibility, Nomination, NominationState
from evaluator.orgunits.models import OrgUnit, OrgUnitKind
from evaluator.reviewing import operations
from evaluator.reviewing.models import ConflictOfInterest, ConflictOrigin, Score, ScoreSheet, SheetState
from evaluator.reviewing.operations import Incomplete, SheetInput, StaleSheet
from evaluator.reviewing.queries import active_conflicts, is_conflicted
from evaluator.rounds.models import Round, RoundPhase
from evaluator.rounds.operations import advance_phase
from tests.support.factories import make_initiative, make_nomination, make_round, make_unit, make_user

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
REVIEW_DEADLINE = NOW + timedelta(days=14)


@pytest.fixture(autouse=True)
def _pinned_clock():  # type: ignore[no-untyped-def]
    with frozen_at(NOW):
        yield


def events(session, action: AuditAction) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return list(
        session.scalars(sa.select(AuditEvent).where(AuditEvent.action == str(action)).order_by(AuditEvent.id))
    )


def conflict_rows(session) -> list[ConflictOfInterest]:  # type: ignore[no-untyped-def]
    return list(session.scalars(sa.select(ConflictOfInterest).order_by(ConflictOfInterest.id)))


# -- Automatic conflicts ------------------------------------------------------------------------


@dataclass
class Tree:
    """School > Faculty > Institutes A and B (siblings); an unrelated school elsewhere."""

    school: OrgUnit
    faculty: OrgUnit
    institute_a: OrgUnit
    institute_b: OrgUnit
    elsewhere: OrgUnit


@pytest.fixture()
def tree(session) -> Tree:  # type: ignore[no-untyped-def]
    school = make_unit(session, "School of Engineering Sciences", kind=OrgUnitKind.SCHOOL)
    faculty = make_unit(session, "Faculty of Mechanical Science", parent=school, kind=OrgUnitKind.FACULTY)
    return Tree(
        school=school,
        faculty=faculty,
        institute_a=make_unit(session, "Institute of Fluid Mechanics", parent=faculty),
        institute_b=make_unit(session, "Institute of Solid Mechanics", parent=faculty),
        elsewhere=make_unit(session, "School of Humanities", kind=OrgUnitKind.SCHOOL),
    )


@dataclass
class Commission:
    own: User  # belongs to institute A
    above: User  # belongs to the faculty (parent of A)
    below: User  # belongs to institute A, compared with a nomination of the faculty
    sibling: User  # belongs to institute B
    coordinating: User  # coordinates institute A (no affiliation)
    unrelated: User  # belongs to another school
    admin: User


@pytest.fixture()
def commission(session, tree: Tree) -> Commission:  # type: ignore[no-untyped-def]
    # Created before any round runs, so that no conflict is recorded yet.
    return Commission(
        own=make_user(session, Role.MEMBER, name="Olga Own", affiliations=[tree.institute_a]),
        above=make_user(session, Role.MEMBER, name="Fritz Faculty", affiliations=[tree.faculty]),
        below=make_user(session, Role.CHAIR, name="Ines Institute", affiliations=[tree.institute_a]),
        sibling=make_user(session, Role.MEMBER, name="Sibylle Sibling", affiliations=[tree.institute_b]),
        coordinating=make_user(
            session, Role.MEMBER, Role.COORDINATOR, name="Conrad Coordinator", units=[tree.institute_a]
        ),
        unrelated=make_user(session, Role.MEMBER, name="Uwe Unrelated", affiliations=[tree.elsewhere]),
        admin=make_user(session, Role.ADMIN, name="Ada Admin"),
    )


@dataclass
class Reviewing:
    round_: Round
    of_institute: Nomination  # nominated by institute A
    of_faculty: Nomination  # nominated by the faculty
    draft: Nomination  # a draft of institute A: never conflicts


@pytest.fixture()
def reviewing(session, tree: Tree, commission: Commission) -> Reviewing:  # type: ignore[no-untyped-def]
    round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING, review_deadline=REVIEW_DEADLINE)

    def nominate(unit: OrgUnit, title: str, **kwargs) -> Nomination:  # type: ignore[no-untyped-def]
        initiative = make_initiative(session, unit, title)
        return make_nomination(session, round_, initiative, eligibility=Eligibility.ELIGIBLE, **kwargs)

    return Reviewing(
        round_=round_,
        of_institute=nominate(tree.institute_a, "Fluid Dynamics Exchange with Delft"),
        of_faculty=nominate(tree.faculty, "Mechanical Science Network"),
        draft=make_nomination(
            session,
            round_,
            make_initiative(session, tree.institute_a, "Unfinished Draft"),
            state=NominationState.DRAFT,
        ),
    )


def test_automatic_conflicts_follow_units_up_and_down_the_tree_but_not_sideways(
    session, commission: Commission, reviewing: Reviewing
) -> None:
    c, r = commission, reviewing
    assert active_conflicts(session, r.round_.id) == set()

    created = operations.sync_automatic_conflicts(session, r.round_, actor=c.admin)

    expected = {
        (c.own.id, r.of_institute.id),  # own unit
        (c.own.id, r.of_faculty.id),  # the faculty above the member's institute
        (c.above.id, r.of_institute.id),  # an institute below the member's faculty
        (c.above.id, r.of_faculty.id),
        (c.below.id, r.of_institute.id),
        (c.below.id, r.of_faculty.id),  # the member's institute lies below the nominating faculty
        (c.sibling.id, r.of_faculty.id),  # the faculty above institute B, but not institute A
        (c.coordinating.id, r.of_institute.id),  # coordinating a unit ties a member to it
        (c.coordinating.id, r.of_faculty.id),
    }
    assert active_conflicts(session, r.round_.id) == expected
    assert created == len(expected)
    assert (c.sibling.id, r.of_institute.id) not in expected
    rows = conflict_rows(session)
    assert {row.origin for row in rows} == {ConflictOrigin.AUTOMATIC}
    assert all(row.reason and row.created_by_id == c.admin.id for row in rows)
    assert r.draft.id not in {row.nomination_id for row in rows}
    [event] = events(session, AuditAction.CONFLICT_AUTOMATIC)
    assert event.actor_id == c.admin.id and event.round_id == r.round_.id
    assert {tuple(pair) for pair in event.details["after"]["conflicts"]} == expected


def test_the_sync_is_idempotent(session, commission: Commission, reviewing: Reviewing) -> None:
    first = operations.sync_automatic_conflicts(session, reviewing.round_, actor=commission.admin)
    rows_before = [(row.id, row.member_id, row.nomination_id) for row in conflict_rows(session)]

    assert operations.sync_automatic_conflicts(session, reviewing.round_, actor=commission.admin) == 0

    assert first > 0
    assert [(row.id, row.member_id, row.nomination_id) for row in conflict_rows(session)] == rows_before
    assert len(events(session, AuditAction.CONFLICT_AUTOMATIC)) == 1


def test_a_cleared_automatic_conflict_does_not_come_back(
    session, commission: Commission, reviewing: Reviewing
) -> None:
    c, r = commission, reviewing
    operations.sync_automatic_conflicts(session, r.round_, actor=c.admin)
    conflict = session.scalar(
        sa.select(ConflictOfInterest).where(
            ConflictOfInterest.member_id == c.coordinating.id,
            ConflictOfInterest.nomination_id == r.of_faculty.id,
        )
    )
    operations.clear_conflict(session, conflict, actor=c.admin, reason="Coordinates only the institute.")

    assert operations.sync_automatic_conflicts(session, r.round_, actor=c.admin) == 0

    assert not is_conflicted(session, c.coordinating, r.of_faculty)
    assert is_conflicted(session, c.coordinating, r.of_institute)
    session.refresh(conflict)
    assert conflict.cleared_at == NOW and conflict.cleared_reason == "Coordinates only the institute."


def test_entering_reviewing_records_the_automatic_conflicts(
    session, commission: Commission, tree: Tree
) -> None:
    round_ = make_round(
        session, 2026, phase=RoundPhase.NOMINATING, nomination_deadline=NOW - timedelta(days=1)
    )
    nomination = make_nomination(session, round_, make_initiative(session, tree.institute_b, "Solid Network"))

    advance_phase(session, round_, actor=commission.admin)

    assert round_.phase is RoundPhase.REVIEWING
    members = {m for m, n in active_conflicts(session, round_.id) if n == nomination.id}
    assert members == {commission.above.id, commission.sibling.id}
    assert len(events(session, AuditAction.CONFLICT_AUTOMATIC)) == 1


def test_a_member_created_or_moved_during_the_review_gets_the_conflicts_at_once(
    session, commission: Commission, reviewing: Reviewing, tree: Tree
) -> None:
    r = reviewing
    operations.sync_automatic_conflicts(session, r.round_, actor=commission.admin)

    newcomer = make_user(session, Role.MEMBER, name="Nina New", affiliations=[tree.institute_b])
    assert {n for m, n in active_conflicts(session, r.round_.id) if m == newcomer.id} == {r.of_faculty.id}

    update_user(
        session,
        commission.unrelated,
        actor=commission.admin,
        email=commission.unrelated.email,
        display_name=commission.unrelated.display_name,
        roles={Role.MEMBER},
        coordinated_units=[],
        affiliations=[tree.elsewhere, tree.institute_a],
    )
    assert {n for m, n in active_conflicts(session, r.round_.id) if m == commission.unrelated.id} == {
        r.of_institute.id,
        r.of_faculty.id,
    }


# -- Declared, set and cleared conflicts ----------------------------------------------------------


def test_a_member_declares_a_conflict_with_a_reason(
    session, commission: Commission, reviewing: Reviewing
) -> None:
    member, nomination = commission.unrelated, reviewing.of_institute

    with pytest.raises(DomainError):
        operations.declare_conflict(session, nomination, member=member, reason="   ")
    assert conflict_rows(session) == []

    row = operations.declare_conflict(session, nomination, member=member, reason=" Co-author of the PI. ")

    assert (row.origin, row.reason, row.created_by_id) == (
        ConflictOrigin.DECLARED,
        "Co-author of the PI.",
        member.id,
    )
    assert is_conflicted(session, member, nomination)
    [event] = events(session, AuditAction.CONFLICT_DECLARE)
    assert (event.actor_id, event.object_type, event.object_id) == (member.id, "nomination", nomination.id)
    assert event.details == {
        "after": {"member_id": member.id, "origin": "declared", "reason": "Co-author of the PI."}
    }
    with pytest.raises(DomainError):
        operations.declare_conflict(session, nomination, member=member, reason="Again.")
    assert len(conflict_rows(session)) == 1


def test_only_members_declare_and_only_while_the_commission_works(
    session, commission: Commission, reviewing: Reviewing
) -> None:
    with pytest.raises(NotAllowed):
        operations.declare_conflict(
            session, reviewing.of_institute, member=commission.admin, reason="Not a member."
        )
    reviewing.round_.phase = RoundPhase.NOMINATING
    session.flush()
    with pytest.raises(NotAllowed):
        operations.declare_conflict(
            session, reviewing.of_institute, member=commission.unrelated, reason="Too early."
        )
    assert conflict_rows(session) == []


def test_an_admin_sets_and_clears_a_conflict_with_reasons(
    session, commission: Commission, reviewing: Reviewing
) -> None:
    c, nomination = commission, reviewing.of_institute
    with pytest.raises(NotAllowed):
        operations.set_conflict(session, nomination, member=c.unrelated, actor=c.own, reason="Rival.")
    with pytest.raises(DomainError):
        operations.set_conflict(session, nomination, member=c.unrelated, actor=c.admin, reason="")
    with pytest.raises(DomainError):
        operations.set_conflict(session, nomination, member=c.admin, actor=c.admin, reason="Not a member.")
    assert conflict_rows(session) == []

    row = operations.set_conflict(
        session, nomination, member=c.unrelated, actor=c.admin, reason="Shares a grant with the unit."
    )
    assert (row.origin, row.created_by_id) == (ConflictOrigin.ADMIN, c.admin.id)
    assert is_conflicted(session, c.unrelated, nomination)
    [set_event] = events(session, AuditAction.CONFLICT_SET)
    assert set_event.actor_id == c.admin.id
    assert set_event.details["after"] == {
        "member_id": c.unrelated.id,
        "origin": "admin",
        "reason": "Shares a grant with the unit.",
    }

    with pytest.raises(NotAllowed):
        operations.clear_conflict(session, row, actor=c.unrelated, reason="I am fine.")
    with pytest.raises(DomainError):
        operations.clear_conflict(session, row, actor=c.admin, reason=" ")
    assert is_conflicted(session, c.unrelated, nomination)

    operations.clear_conflict(session, row, actor=c.admin, reason="The grant ended in 2020.")

    assert not is_conflicted(session, c.unrelated, nomination)
    assert (row.cleared_at, row.cleared_by_id, row.cleared_reason) == (
        NOW,
        c.admin.id,
        "The grant ended in 2020.",
    )
    [clear_event] = events(session, AuditAction.CONFLICT_CLEAR)
    assert clear_event.details == {
        "before": {"member_id": c.unrelated.id, "origin": "admin", "reason": "Shares a grant with the unit."},
        "after": {"cleared_reason": "The grant ended in 2020."},
    }
    with pytest.raises(DomainError):
        operations.clear_conflict(session, row, actor=c.admin, reason="Twice.")

    # Set again: the same row opens once more, and the event remembers the clearing.
    again = operations.set_conflict(
        session, nomination, member=c.unrelated, actor=c.admin, reason="New grant."
    )
    assert again.id == row.id and again.cleared_at is None
    assert len(conflict_rows(session)) == 1
    assert events(session, AuditAction.CONFLICT_SET)[-1].details["before"] == {
        "origin": "admin",
        "cleared_reason": "The grant ended in 2020.",
    }


# -- Score sheets ---------------------------------------------------------------------------------


@dataclass
class Scoring:
    round_: Round
    nomination: Nomination
    criteria: list[int]  # ids, weights 1, 2, 3, 4
    member: User
    other: User
    admin: User


@pytest.fixture()
def scoring(session) -> Scoring:  # type: ignore[no-untyped-def]
    unit = make_unit(session, "Institute of Hydrology")
    round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING, review_deadline=REVIEW_DEADLINE)
    nomination = make_nomination(
        session, round_, make_initiative(session, unit, "Water Partnership"), eligibility=Eligibility.ELIGIBLE
    )
    return Scoring(
        round_=round_,
        nomination=nomination,
        criteria=[c.id for c in round_.categories[0].criteria],
        member=make_user(session, Role.MEMBER, name="Mia Member"),
        other=make_user(session, Role.MEMBER, name="Otto Other"),
        admin=make_user(session, Role.ADMIN, name="Ada Admin"),
    )


def scores_of(s: Scoring, *values: int | None) -> dict[int, int | None]:
    return dict(zip(s.criteria, values, strict=True))


def stored_sheet(session, s: Scoring, member: User | None = None) -> tuple | None:  # type: ignore[no-untyped-def]
    """State, version, comment and scores as the database holds them."""
    session.expire_all()
    sheet = session.scalar(
        sa.select(ScoreSheet).where(
            ScoreSheet.nomination_id == s.nomination.id, ScoreSheet.member_id == (member or s.member).id
        )
    )
    if sheet is None:
        return None
    return (
        sheet.state,
        sheet.version,
        sheet.comment,
        {score.criterion_id: score.value for score in sheet.scores},
    )


def save(session, s: Scoring, *values: int | None, member: User | None = None, **kwargs) -> ScoreSheet:  # type: ignore[no-untyped-def]
    expected_version = kwargs.pop("expected_version", None)
    return operations.save_sheet(
        session,
        s.nomination,
        member=member or s.member,
        data=SheetInput(scores=scores_of(s, *values), **kwargs),
        expected_version=expected_version,
    )


def test_a_draft_may_be_partial(session, scoring: Scoring) -> None:
    sheet = save(session, scoring, 3, None, 5, None, comment=" Promising. ")

    assert sheet.state is SheetState.DRAFT and sheet.submitted_at is None
    c = scoring.criteria
    assert stored_sheet(session, scoring) == (SheetState.DRAFT, 1, "Promising.", {c[0]: 3, c[2]: 5})
    [event] = events(session, AuditAction.SHEET_SAVE)
    assert (event.actor_id, event.object_id, event.round_id) == (
        scoring.member.id,
        scoring.nomination.id,
        scoring.round_.id,
    )
    assert "before" not in event.details
    assert event.details["after"] == {
        "state": "draft",
        "scores": {str(c[0]): 3, str(c[2]): 5},
        "comment": "Promising.",
    }


def test_submitting_needs_every_criterion_and_names_the_missing_ones(session, scoring: Scoring) -> None:
    with pytest.raises(Incomplete) as refused:
        save(session, scoring, 3, None, 5, None, submit=True)

    assert set(refused.value.problems) == {scoring.criteria[1], scoring.criteria[3]}
    assert stored_sheet(session, scoring) is None
    assert (
        session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action.like("sheet:%"))) == 0
    )


def test_a_draft_is_submitted_once_complete(session, scoring: Scoring) -> None:
    c = scoring.criteria
    save(session, scoring, 3, None, 5, None)

    sheet = save(session, scoring, 3, 4, 5, 2, comment="Strong.", submit=True, expected_version=1)

    assert sheet.state is SheetState.SUBMITTED and sheet.submitted_at == NOW
    assert stored_sheet(session, scoring) == (
        SheetState.SUBMITTED,
        2,
        "Strong.",
        {c[0]: 3, c[1]: 4, c[2]: 5, c[3]: 2},
    )
    [event] = events(session, AuditAction.SHEET_SUBMIT)
    assert event.details == {
        "before": {"state": "draft", "scores": {str(c[0]): 3, str(c[2]): 5}, "comment": ""},
        "after": {
            "state": "submitted",
            "scores": {str(c[0]): 3, str(c[1]): 4, str(c[2]): 5, str(c[3]): 2},
            "comment": "Strong.",
        },
    }


def test_an_amended_sheet_stays_submitted_and_must_stay_complete(session, scoring: Scoring) -> None:
    c = scoring.criteria
    with frozen_at(NOW - timedelta(hours=1)):
        save(session, scoring, 3, 4, 5, 2, submit=True)

    sheet = save(session, scoring, 3, 4, 1, 2, comment="On reflection, weaker.", expected_version=1)

    assert sheet.state is SheetState.SUBMITTED
    assert sheet.submitted_at == NOW - timedelta(hours=1)  # the first submission stays on record
    assert stored_sheet(session, scoring) == (
        SheetState.SUBMITTED,
        2,
        "On reflection, weaker.",
        {c[0]: 3, c[1]: 4, c[2]: 1, c[3]: 2},
    )
    [event] = events(session, AuditAction.SHEET_AMEND)
    assert event.details["before"]["scores"][str(c[2])] == 5
    assert event.details["after"]["scores"][str(c[2])] == 1
    assert event.details["before"]["state"] == event.details["after"]["state"] == "submitted"

    with pytest.raises(Incomplete) as refused:
        save(session, scoring, 3, None, 1, 2, expected_version=2)
    assert set(refused.value.problems) == {c[1]}
    assert stored_sheet(session, scoring)[1:] == (
        2,
        "On reflection, weaker.",
        {c[0]: 3, c[1]: 4, c[2]: 1, c[3]: 2},
    )
    assert len(events(session, AuditAction.SHEET_AMEND)) == 1


def test_a_change_of_scores_alone_moves_the_version_on(session, scoring: Scoring) -> None:
    save(session, scoring, 1, 1, 1, 1)
    save(session, scoring, 1, 1, 1, 2, expected_version=1)

    assert stored_sheet(session, scoring)[1] == 2
    assert len(events(session, AuditAction.SHEET_SAVE)) == 2


@pytest.mark.parametrize("bad", [6, -1])
def test_scores_off_the_scale_are_refused(session, scoring: Scoring, bad: int) -> None:
    with pytest.raises(Incomplete) as refused:
        save(session, scoring, 3, bad, 5, 0, submit=True)

    assert set(refused.value.problems) == {scoring.criteria[1]}
    assert stored_sheet(session, scoring) is None
    assert session.scalar(sa.select(sa.func.count(Score.id))) == 0


def test_the_scale_ends_are_accepted(session, scoring: Scoring) -> None:
    save(session, scoring, 0, 5, 0, 5, submit=True)
    assert stored_sheet(session, scoring)[0] is SheetState.SUBMITTED


def test_a_conflicted_member_cannot_score(session, scoring: Scoring) -> None:
    operations.declare_conflict(session, scoring.nomination, member=scoring.member, reason="My former PhD.")

    with pytest.raises(NotAllowed):
        save(session, scoring, 3, 4, 5, 2)

    assert stored_sheet(session, scoring) is None


def test_a_conflict_set_after_a_draft_blocks_further_saves(session, scoring: Scoring) -> None:
    save(session, scoring, 3, None, None, None)
    operations.set_conflict(
        session, scoring.nomination, member=scoring.member, actor=scoring.admin, reason="Found out later."
    )
    with pytest.raises(NotAllowed):
        save(session, scoring, 3, 4, 5, 2, submit=True, expected_version=1)
    assert stored_sheet(session, scoring)[0] is SheetState.DRAFT


def test_only_commission_members_score(session, scoring: Scoring) -> None:
    with pytest.raises(NotAllowed):
        save(session, scoring, 3, 4, 5, 2, member=scoring.admin)
    inactive = make_user(session, Role.MEMBER, active=False)
    with pytest.raises(NotAllowed):
        save(session, scoring, 3, 4, 5, 2, member=inactive)
    assert session.scalar(sa.select(sa.func.count(ScoreSheet.id))) == 0


@pytest.mark.parametrize("eligibility", [Eligibility.INELIGIBLE, Eligibility.PENDING])
def test_only_eligible_nominations_are_scored(session, scoring: Scoring, eligibility: Eligibility) -> None:
    scoring.nomination.eligibility = eligibility
    session.flush()

    with pytest.raises(NotAllowed):
        save(session, scoring, 3, 4, 5, 2)

    assert stored_sheet(session, scoring) is None


@pytest.mark.parametrize("phase", [RoundPhase.NOMINATING, RoundPhase.VOTING, RoundPhase.DECIDING])
def test_sheets_are_saved_only_while_reviewing_runs(session, scoring: Scoring, phase: RoundPhase) -> None:
    save(session, scoring, 3, None, None, None)
    scoring.round_.phase = phase
    session.flush()

    with pytest.raises(NotAllowed):
        save(session, scoring, 3, 4, 5, 2, submit=True, expected_version=1)

    assert stored_sheet(session, scoring) == (SheetState.DRAFT, 1, "", {scoring.criteria[0]: 3})


def test_the_review_deadline_is_enforced(session, scoring: Scoring) -> None:
    with frozen_at(REVIEW_DEADLINE - timedelta(seconds=1)):
        save(session, scoring, 3, None, None, None)

    for moment in (REVIEW_DEADLINE, REVIEW_DEADLINE + timedelta(minutes=1)):
        with frozen_at(moment), pytest.raises(NotAllowed) as refused:
            save(session, scoring, 3, 4, 5, 2, submit=True, expected_version=1)
        assert "deadline" in refused.value.message

    assert stored_sheet(session, scoring) == (SheetState.DRAFT, 1, "", {scoring.criteria[0]: 3})


def test_a_save_based_on_an_older_version_is_refused_and_changes_nothing(session, scoring: Scoring) -> None:
    c = scoring.criteria
    save(session, scoring, 3, None, None, None)
    save(session, scoring, 3, 4, None, None, comment="From the first tab.", expected_version=1)
    audit_count = session.scalar(sa.select(sa.func.count(AuditEvent.id)))

    with pytest.raises(StaleSheet):
        save(session, scoring, 1, 1, 1, 1, comment="From the second tab.", submit=True, expected_version=1)

    assert stored_sheet(session, scoring) == (SheetState.DRAFT, 2, "From the first tab.", {c[0]: 3, c[1]: 4})
    assert session.scalar(sa.select(sa.func.count(AuditEvent.id))) == audit_count


def test_a_first_save_expecting_an_existing_sheet_is_refused(session, scoring: Scoring) -> None:
    with pytest.raises(StaleSheet):
        save(session, scoring, 3, None, None, None, expected_version=1)
    assert stored_sheet(session, scoring) is None

    save(session, scoring, 3, None, None, None, expected_version=0)
    assert stored_sheet(session, scoring)[1] == 1


def test_an_unchanged_save_writes_no_event(session, scoring: Scoring) -> None:
    save(session, scoring, 3, 4, 5, 2, submit=True)
    save(session, scoring, 3, 4, 5, 2, submit=True, expected_version=1)

    assert len(events(session, AuditAction.SHEET_SUBMIT)) == 1
    assert events(session, AuditAction.SHEET_AMEND) == []


def test_each_members_sheet_is_their_own(session, scoring: Scoring) -> None:
    save(session, scoring, 3, 4, 5, 2, submit=True)
    save(session, scoring, 1, None, None, None, member=scoring.other)

    assert stored_sheet(session, scoring)[0] is SheetState.SUBMITTED
    assert stored_sheet(session, scoring, scoring.other) == (
        SheetState.DRAFT,
        1,
        "",
        {scoring.criteria[0]: 1},
    )
    assert session.scalar(sa.select(sa.func.count(ScoreSheet.id))) == 2
