"""Nomination operations on a real database: drafts, submission, deadlines, versions and eligibility."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role
from evaluator.audit.models import AuditEvent
from evaluator.core.clock import BERLIN, frozen_at
from evaluator.core.errors import NotAllowed
from evaluator.nominations import operations
from evaluator.nominations.models import Eligibility, Initiative, Nomination, NominationState
from evaluator.nominations.operations import (
    DeadlinePassed,
    Incomplete,
    NominationInput,
    StaleVersion,
)
from evaluator.rounds.models import RoundPhase
from tests.support.factories import make_initiative, make_nomination, make_round, make_unit, make_user

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
# Noon in Berlin in winter: 11:00 UTC.
DEADLINE = datetime(2026, 12, 15, 12, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def _pinned_clock():  # type: ignore[no-untyped-def]
    """Every test starts three weeks before the deadline; a test may pin another moment inside."""
    with frozen_at(NOW):
        yield


@pytest.fixture()
def unit(session):  # type: ignore[no-untyped-def]
    return make_unit(session, "Institute of Hydrology")


@pytest.fixture()
def coordinator(session, unit):  # type: ignore[no-untyped-def]
    return make_user(session, Role.COORDINATOR, units=[unit])


@pytest.fixture()
def admin(session):  # type: ignore[no-untyped-def]
    return make_user(session, Role.ADMIN)


@pytest.fixture()
def round_(session):  # type: ignore[no-untyped-def]
    return make_round(session, 2026, phase=RoundPhase.NOMINATING, nomination_deadline=DEADLINE, categories=2)


def complete_input(round_, unit, **overrides: Any) -> NominationInput:  # type: ignore[no-untyped-def]
    """Everything a submission needs; ``overrides`` replace single fields."""
    values: dict[str, Any] = {
        "title": "Dresden–Trento Water Partnership",
        "category_id": round_.categories[0].id,
        "org_unit_id": unit.id,
        "summary": "Joint research and exchange on alpine water resources.",
        "description": "Since 2015 the two universities **share** field sites and doctoral supervision.",
        "start_year": 2015,
        "head_support_confirmed": True,
        "partners": [("University of Trento", "Italy")],
        "contacts": [
            {"name": "Ada Example", "role": "Coordinator", "email": "ada@example.org", "phone": None}
        ],
    }
    values.update(overrides)
    return NominationInput(**values)


def _draft(session, round_, coordinator, unit, **overrides: Any) -> Nomination:  # type: ignore[no-untyped-def]
    return operations.create_draft(
        session, round_, actor=coordinator, data=complete_input(round_, unit, **overrides)
    )


def _submitted(session, round_, coordinator, unit, **overrides: Any) -> Nomination:  # type: ignore[no-untyped-def]
    nomination = _draft(session, round_, coordinator, unit, **overrides)
    return operations.submit(session, nomination, actor=coordinator)


def _events(session, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return list(
        session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
    )


def _nomination_actions(session) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.object_type == "nomination").order_by(AuditEvent.id)
        )
    )


def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(sa.select(sa.func.count()).select_from(model))


def _snapshot_of_complete_input(round_) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "title": "Dresden–Trento Water Partnership",
        "category_id": round_.categories[0].id,
        "summary": "Joint research and exchange on alpine water resources.",
        "description": "Since 2015 the two universities **share** field sites and doctoral supervision.",
        "start_year": 2015,
        "website": None,
        "head_support_confirmed": True,
        "partners": [["University of Trento", "Italy"]],
        "contacts": [["Ada Example", "Coordinator", "ada@example.org", None]],
        "exchanged_students": None,
        "exchanged_staff": None,
        "joint_degree_programmes": None,
        "joint_publications": None,
        "joint_events": None,
    }


# Creating drafts ------------------------------------------------------------------------------


def test_creating_a_draft_makes_a_new_initiative_and_audits_it(session, round_, coordinator, unit) -> None:
    nomination = _draft(session, round_, coordinator, unit)

    assert nomination.state is NominationState.DRAFT
    assert nomination.eligibility is Eligibility.PENDING
    assert (nomination.version, nomination.submitted_at, nomination.renomination_of) == (1, None, None)
    assert (nomination.round, nomination.org_unit, nomination.created_by) == (round_, unit, coordinator)
    assert nomination.category == round_.categories[0]
    initiative = nomination.initiative
    assert (initiative.title, initiative.org_unit, initiative.summary) == (
        "Dresden–Trento Water Partnership",
        unit,
        "Joint research and exchange on alpine water resources.",
    )
    assert [(p.institution, p.country) for p in nomination.partners] == [("University of Trento", "Italy")]
    assert [(c.name, c.role, c.email, c.phone) for c in nomination.contacts] == [
        ("Ada Example", "Coordinator", "ada@example.org", None)
    ]
    session.expire_all()
    [event] = _events(session, "nomination:create")
    assert (event.actor_id, event.object_type, event.object_id, event.round_id) == (
        coordinator.id,
        "nomination",
        nomination.id,
        round_.id,
    )
    assert event.details == {"after": _snapshot_of_complete_input(round_)}


def test_a_draft_may_be_saved_incomplete(session, round_, coordinator, unit) -> None:
    nomination = operations.create_draft(
        session,
        round_,
        actor=coordinator,
        data=NominationInput(title="Just a title", category_id=round_.categories[0].id, org_unit_id=unit.id),
    )

    assert nomination.state is NominationState.DRAFT
    assert (nomination.summary, nomination.partners, nomination.contacts) == ("", [], [])


def test_a_coordinator_cannot_nominate_for_a_unit_they_do_not_coordinate(
    session, round_, coordinator, unit
) -> None:
    other_unit = make_unit(session, "Institute of Forest Botany")

    with pytest.raises(NotAllowed, match="only nominate initiatives of units you coordinate"):
        _draft(session, round_, coordinator, other_unit)

    assert (_count(session, Nomination), _count(session, Initiative)) == (0, 0)
    assert _nomination_actions(session) == []


def test_a_category_of_another_round_is_refused(session, round_, coordinator, unit) -> None:
    other_round = make_round(session, 2021, phase=RoundPhase.PUBLISHED)

    with pytest.raises(NotAllowed, match="Choose a category of this round"):
        _draft(session, round_, coordinator, unit, category_id=other_round.categories[0].id)


# Updating ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [NominationState.DRAFT, NominationState.SUBMITTED])
def test_an_update_keeps_the_state_and_audits_only_the_changed_fields(
    session, round_, coordinator, unit, state
) -> None:
    nomination = _draft(session, round_, coordinator, unit)
    if state is NominationState.SUBMITTED:
        operations.submit(session, nomination, actor=coordinator)
    submitted_at = nomination.submitted_at

    operations.update(
        session,
        nomination,
        actor=coordinator,
        data=complete_input(
            round_,
            unit,
            title="  Dresden–Trento Alpine Water Partnership ",
            partners=[("University of Trento", "Italy"), ("University of Innsbruck", "Austria")],
        ),
        expected_version=nomination.version,
    )

    assert nomination.state is state
    assert nomination.submitted_at == submitted_at
    assert nomination.title == "Dresden–Trento Alpine Water Partnership"
    session.expire_all()
    [event] = _events(session, "nomination:update")
    assert (event.actor_id, event.object_id, event.round_id) == (coordinator.id, nomination.id, round_.id)
    assert event.details == {
        "before": {
            "title": "Dresden–Trento Water Partnership",
            "partners": [["University of Trento", "Italy"]],
        },
        "after": {
            "title": "Dresden–Trento Alpine Water Partnership",
            "partners": [["University of Trento", "Italy"], ["University of Innsbruck", "Austria"]],
        },
    }


def test_an_update_that_changes_nothing_writes_no_audit_event(session, round_, coordinator, unit) -> None:
    nomination = _draft(session, round_, coordinator, unit)

    operations.update(
        session,
        nomination,
        actor=coordinator,
        data=complete_input(round_, unit),
        expected_version=nomination.version,
    )

    assert _nomination_actions(session) == ["nomination:create"]


def test_a_submitted_nomination_cannot_be_edited_into_an_incomplete_one(
    session, round_, coordinator, unit
) -> None:
    nomination = _submitted(session, round_, coordinator, unit)
    session.commit()
    nomination_id, version = nomination.id, nomination.version

    with pytest.raises(Incomplete) as refused:
        operations.update(
            session,
            nomination,
            actor=coordinator,
            data=complete_input(round_, unit, title="A new title", partners=[]),
            expected_version=version,
        )
    session.rollback()

    assert refused.value.problems == {"partners": "Name at least one partner institution."}
    stored = session.get(Nomination, nomination_id)
    assert (stored.state, stored.title, stored.version) == (
        NominationState.SUBMITTED,
        "Dresden–Trento Water Partnership",
        version,
    )
    assert [(p.institution, p.country) for p in stored.partners] == [("University of Trento", "Italy")]
    assert _nomination_actions(session) == ["nomination:create", "nomination:submit"]


def test_a_withdrawn_nomination_must_return_to_draft_before_it_is_edited(
    session, round_, coordinator, unit
) -> None:
    nomination = _submitted(session, round_, coordinator, unit)
    operations.withdraw(session, nomination, actor=coordinator)

    with pytest.raises(NotAllowed, match="Return the withdrawn nomination to draft before you edit it"):
        operations.update(
            session,
            nomination,
            actor=coordinator,
            data=complete_input(round_, unit, title="A new title"),
            expected_version=nomination.version,
        )

    assert (nomination.state, nomination.title) == (
        NominationState.WITHDRAWN,
        "Dresden–Trento Water Partnership",
    )
    assert "nomination:update" not in _nomination_actions(session)


# Submitting, withdrawing, returning to draft --------------------------------------------------------


MISSING_PARTS = [
    ("summary", {"summary": "   "}, "Write a public summary."),
    ("description", {"description": " \n "}, "Describe the initiative."),
    ("partners", {"partners": []}, "Name at least one partner institution."),
    ("contacts", {"contacts": []}, "Name at least one contact person."),
    ("start_year", {"start_year": None}, "Give the year the cooperation started."),
    (
        "head_support_confirmed",
        {"head_support_confirmed": False},
        "Confirm that the head of the unit supports the nomination.",
    ),
]


@pytest.mark.parametrize(("key", "overrides", "message"), MISSING_PARTS, ids=[m[0] for m in MISSING_PARTS])
def test_submitting_needs_every_required_part(
    session, round_, coordinator, unit, key, overrides, message
) -> None:
    nomination = _draft(session, round_, coordinator, unit, **overrides)

    with pytest.raises(Incomplete) as refused:
        operations.submit(session, nomination, actor=coordinator)

    assert refused.value.problems == {key: message}
    assert (nomination.state, nomination.submitted_at) == (NominationState.DRAFT, None)
    assert _nomination_actions(session) == ["nomination:create"]


def test_an_empty_draft_lists_every_missing_part(session, round_, coordinator, unit) -> None:
    nomination = operations.create_draft(
        session,
        round_,
        actor=coordinator,
        data=NominationInput(title="Just a title", category_id=round_.categories[0].id, org_unit_id=unit.id),
    )

    with pytest.raises(Incomplete) as refused:
        operations.submit(session, nomination, actor=coordinator)

    assert list(refused.value.problems) == [key for key, _, _ in MISSING_PARTS]


def test_submitting_a_complete_draft_records_the_moment_and_the_step(
    session, round_, coordinator, unit
) -> None:
    nomination = _draft(session, round_, coordinator, unit)

    operations.submit(session, nomination, actor=coordinator, expected_version=1)

    assert (nomination.state, nomination.submitted_at, nomination.version) == (
        NominationState.SUBMITTED,
        NOW,
        2,
    )
    session.expire_all()
    [event] = _events(session, "nomination:submit")
    assert (event.actor_id, event.object_id) == (coordinator.id, nomination.id)
    assert event.details == {"before": {"state": "draft"}, "after": {"state": "submitted"}}
    assert session.get(Nomination, nomination.id).submitted_at == NOW


def test_only_a_draft_can_be_submitted(session, round_, coordinator, unit) -> None:
    nomination = _submitted(session, round_, coordinator, unit)

    with pytest.raises(NotAllowed, match="Only a draft can be submitted"):
        operations.submit(session, nomination, actor=coordinator)

    assert _nomination_actions(session) == ["nomination:create", "nomination:submit"]


def test_only_a_submitted_nomination_can_be_withdrawn(session, round_, coordinator, unit) -> None:
    nomination = _draft(session, round_, coordinator, unit)
    with pytest.raises(NotAllowed, match="Only a submitted nomination can be withdrawn"):
        operations.withdraw(session, nomination, actor=coordinator)
    assert nomination.state is NominationState.DRAFT

    operations.submit(session, nomination, actor=coordinator)
    operations.withdraw(session, nomination, actor=coordinator)

    assert nomination.state is NominationState.WITHDRAWN
    with pytest.raises(NotAllowed, match="Only a submitted nomination can be withdrawn"):
        operations.withdraw(session, nomination, actor=coordinator)
    [event] = _events(session, "nomination:withdraw")
    assert event.details == {"before": {"state": "submitted"}, "after": {"state": "withdrawn"}}


def test_only_a_withdrawn_nomination_returns_to_draft(session, round_, coordinator, unit) -> None:
    nomination = _draft(session, round_, coordinator, unit)
    with pytest.raises(NotAllowed, match="Only a withdrawn nomination can return to draft"):
        operations.return_to_draft(session, nomination, actor=coordinator)
    operations.submit(session, nomination, actor=coordinator)
    with pytest.raises(NotAllowed, match="Only a withdrawn nomination can return to draft"):
        operations.return_to_draft(session, nomination, actor=coordinator)
    operations.withdraw(session, nomination, actor=coordinator)

    operations.return_to_draft(session, nomination, actor=coordinator)

    assert nomination.state is NominationState.DRAFT
    [event] = _events(session, "nomination:redraft")
    assert event.details == {"before": {"state": "withdrawn"}, "after": {"state": "draft"}}
    assert _nomination_actions(session) == [
        "nomination:create",
        "nomination:submit",
        "nomination:withdraw",
        "nomination:redraft",
    ]


# Renomination ---------------------------------------------------------------------------------------


@pytest.fixture()
def previous(session, unit):  # type: ignore[no-untyped-def]
    """The 2021 nomination of a lighthouse, in that round's second category."""
    old_round = make_round(session, 2021, phase=RoundPhase.PUBLISHED, categories=2)
    initiative = make_initiative(session, unit, "Dresden–Wrocław Energy Network")
    return make_nomination(
        session,
        old_round,
        initiative,
        category=old_round.categories[1],
        summary="Cross-border research on energy grids.",
        description="## History\n\nFounded in 2012.",
        start_year=2012,
        website="https://energy.example.org",
        exchanged_students=40,
        joint_publications=12,
        partners=[("Wrocław University of Science and Technology", "Poland"), ("TU Liberec", "Czechia")],
    )


def test_prefill_copies_the_previous_content_into_the_new_rounds_category(session, round_, previous) -> None:
    data = operations.prefill_from(previous, round_)

    assert data == NominationInput(
        title="Dresden–Wrocław Energy Network",
        category_id=round_.categories[1].id,
        org_unit_id=previous.org_unit_id,
        summary="Cross-border research on energy grids.",
        description="## History\n\nFounded in 2012.",
        start_year=2012,
        website="https://energy.example.org",
        head_support_confirmed=False,
        partners=[("Wrocław University of Science and Technology", "Poland"), ("TU Liberec", "Czechia")],
        contacts=[
            {"name": "Contact Person", "role": "Coordinator", "email": "contact@example.org", "phone": None}
        ],
        key_figures={
            "exchanged_students": 40,
            "exchanged_staff": None,
            "joint_degree_programmes": None,
            "joint_publications": 12,
            "joint_events": None,
        },
    )


def test_a_renomination_links_the_initiative_and_its_previous_nomination(
    session, round_, coordinator, previous
) -> None:
    data = operations.prefill_from(previous, round_)

    renomination = operations.create_draft(
        session,
        round_,
        actor=coordinator,
        data=data,
        initiative=previous.initiative,
        renomination_of=previous,
    )

    assert renomination.initiative is previous.initiative
    assert renomination.renomination_of is previous
    assert (renomination.round, renomination.category) == (round_, round_.categories[1])
    assert _count(session, Initiative) == 1
    assert operations.latest_nomination(session, previous.initiative) is renomination
    session.expire_all()
    stored = session.get(Nomination, renomination.id)
    assert (stored.initiative_id, stored.renomination_of_id) == (previous.initiative_id, previous.id)
    assert [(p.institution, p.country) for p in stored.partners] == [
        ("Wrocław University of Science and Technology", "Poland"),
        ("TU Liberec", "Czechia"),
    ]
    assert stored.description == "## History\n\nFounded in 2012."


def test_an_initiative_is_nominated_at_most_once_per_round(session, round_, coordinator, previous) -> None:
    data = operations.prefill_from(previous, round_)
    operations.create_draft(
        session,
        round_,
        actor=coordinator,
        data=data,
        initiative=previous.initiative,
        renomination_of=previous,
    )

    with pytest.raises(NotAllowed, match="This initiative is already nominated in the 2026 selection"):
        operations.create_draft(
            session,
            round_,
            actor=coordinator,
            data=data,
            initiative=previous.initiative,
            renomination_of=previous,
        )

    assert (
        session.scalar(sa.select(sa.func.count(Nomination.id)).where(Nomination.round_id == round_.id)) == 1
    )
    assert _nomination_actions(session) == ["nomination:create"]


# Eligibility ----------------------------------------------------------------------------------------


@pytest.fixture()
def reviewing_round(session):  # type: ignore[no-untyped-def]
    return make_round(session, 2026, phase=RoundPhase.REVIEWING, nomination_deadline=NOW - timedelta(days=1))


@pytest.mark.parametrize(
    "phase", [RoundPhase.DRAFT, RoundPhase.NOMINATING, RoundPhase.VOTING, RoundPhase.DECIDING]
)
def test_eligibility_is_decided_only_while_reviewing(session, unit, admin, phase) -> None:
    round_ = make_round(session, 2026, phase=phase, nomination_deadline=NOW - timedelta(days=1))
    nomination = make_nomination(session, round_, make_initiative(session, unit))

    with pytest.raises(NotAllowed, match="Eligibility is decided while the round is in review"):
        operations.set_eligibility(session, nomination, actor=admin, eligible=True, reason="")

    assert nomination.eligibility is Eligibility.PENDING
    assert _nomination_actions(session) == []


@pytest.mark.parametrize("state", [NominationState.DRAFT, NominationState.WITHDRAWN])
def test_only_submitted_nominations_are_checked_for_eligibility(
    session, unit, admin, reviewing_round, state
) -> None:
    nomination = make_nomination(session, reviewing_round, make_initiative(session, unit), state=state)

    with pytest.raises(NotAllowed, match="Only submitted nominations are checked for eligibility"):
        operations.set_eligibility(session, nomination, actor=admin, eligible=True, reason="")

    assert nomination.eligibility is Eligibility.PENDING


def test_an_ineligible_mark_needs_a_reason(session, unit, admin, reviewing_round) -> None:
    nomination = make_nomination(session, reviewing_round, make_initiative(session, unit))

    with pytest.raises(NotAllowed, match="Give a reason why the nomination is not eligible"):
        operations.set_eligibility(session, nomination, actor=admin, eligible=False, reason="  ")

    assert (nomination.eligibility, nomination.eligibility_reason) == (Eligibility.PENDING, None)
    assert _nomination_actions(session) == []


def test_eligibility_is_marked_and_audited_with_before_and_after(
    session, unit, admin, reviewing_round
) -> None:
    nomination = make_nomination(session, reviewing_round, make_initiative(session, unit))

    operations.set_eligibility(session, nomination, actor=admin, eligible=True, reason="")
    assert (nomination.eligibility, nomination.eligibility_reason) == (Eligibility.ELIGIBLE, None)
    operations.set_eligibility(
        session, nomination, actor=admin, eligible=False, reason=" No partner outside Germany. "
    )

    assert (nomination.eligibility, nomination.eligibility_reason) == (
        Eligibility.INELIGIBLE,
        "No partner outside Germany.",
    )
    session.expire_all()
    first, second = _events(session, "nomination:eligibility")
    assert (first.actor_id, first.object_id, first.round_id) == (admin.id, nomination.id, reviewing_round.id)
    assert first.details == {
        "before": {"eligibility": "pending", "reason": None},
        "after": {"eligibility": "eligible", "reason": None},
    }
    assert second.details == {
        "before": {"eligibility": "eligible", "reason": None},
        "after": {"eligibility": "ineligible", "reason": "No partner outside Germany."},
    }


# The deadline -----------------------------------------------------------------------------------------

# Each change a coordinator makes: the state of the nomination it needs (None: it makes a new
# one) and the change itself; EXPECTED_AFTER is what the nomination looks like once it went through.
CHANGES: dict[str, tuple[NominationState | None, Callable[..., Nomination]]] = {
    "create": (
        None,
        lambda session, round_, actor, unit, nomination: operations.create_draft(
            session, round_, actor=actor, data=complete_input(round_, unit, title="Another initiative")
        ),
    ),
    "update": (
        NominationState.SUBMITTED,
        lambda session, round_, actor, unit, nomination: operations.update(
            session,
            nomination,
            actor=actor,
            data=complete_input(round_, unit, title="Changed at the last moment"),
            expected_version=nomination.version,
        ),
    ),
    "submit": (
        NominationState.DRAFT,
        lambda session, round_, actor, unit, nomination: operations.submit(session, nomination, actor=actor),
    ),
    "withdraw": (
        NominationState.SUBMITTED,
        lambda session, round_, actor, unit, nomination: operations.withdraw(
            session, nomination, actor=actor
        ),
    ),
}
EXPECTED_AFTER = {
    "create": (NominationState.DRAFT, "Another initiative"),
    "update": (NominationState.SUBMITTED, "Changed at the last moment"),
    "submit": (NominationState.SUBMITTED, "Dresden–Trento Water Partnership"),
    "withdraw": (NominationState.WITHDRAWN, "Dresden–Trento Water Partnership"),
}


def _arrange_for(change: str, session, round_, coordinator, unit) -> Nomination | None:  # type: ignore[no-untyped-def]
    needs, _ = CHANGES[change]
    if needs is None:
        return None
    if needs is NominationState.DRAFT:
        return _draft(session, round_, coordinator, unit)
    return _submitted(session, round_, coordinator, unit)


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_one_second_before_the_deadline_goes_through(
    session, round_, coordinator, unit, change
) -> None:
    nomination = _arrange_for(change, session, round_, coordinator, unit)

    with frozen_at(DEADLINE - timedelta(seconds=1)):
        result = CHANGES[change][1](session, round_, coordinator, unit, nomination)

    assert (result.state, result.title) == EXPECTED_AFTER[change]


@pytest.mark.parametrize("seconds_after", [0, 1], ids=["at_the_deadline", "one_second_after"])
@pytest.mark.parametrize("change", [c for c in CHANGES if c != "create"])
def test_a_change_at_or_after_the_deadline_is_refused_and_nothing_changes(
    session, round_, coordinator, unit, change, seconds_after
) -> None:
    nomination = _arrange_for(change, session, round_, coordinator, unit)
    before = (nomination.state, nomination.title, nomination.version) if nomination else None
    actions = _nomination_actions(session)

    with frozen_at(DEADLINE + timedelta(seconds=seconds_after)), pytest.raises(DeadlinePassed) as refused:
        CHANGES[change][1](session, round_, coordinator, unit, nomination)

    assert (
        refused.value.message == "The nomination deadline has passed; nominations can no longer be changed."
    )
    if nomination is not None:
        assert (nomination.state, nomination.title, nomination.version) == before
    assert _count(session, Nomination) == (0 if nomination is None else 1)
    assert _nomination_actions(session) == actions


# Deadlines typed in Berlin time next to the changes between summer and winter time in 2027.
DST_DEADLINES = {
    # Spring: 02:00 CET jumps to 03:00 CEST; 03:30 CEST is 01:30 UTC.
    "spring_half_an_hour_after_the_change": (
        datetime(2027, 3, 28, 3, 30, tzinfo=BERLIN),
        datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
    ),
    # 03:00 CEST is 01:00 UTC; the second before it reads 01:59:59 CET on a Berlin clock.
    "spring_at_the_change": (
        datetime(2027, 3, 28, 3, 0, tzinfo=BERLIN),
        datetime(2027, 3, 28, 1, 0, tzinfo=UTC),
    ),
    # Autumn: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice.
    "autumn_first_0230_summer_time": (
        datetime(2027, 10, 31, 2, 30, fold=0, tzinfo=BERLIN),
        datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
    ),
    "autumn_second_0230_winter_time": (
        datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=BERLIN),
        datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
    ),
}


@pytest.mark.parametrize(
    ("seconds", "accepted"), [(-1, True), (0, False), (1, False)], ids=["before", "at", "after"]
)
@pytest.mark.parametrize("deadline_name", list(DST_DEADLINES))
def test_the_deadline_holds_to_the_second_across_daylight_saving_changes(
    session, coordinator, unit, deadline_name, seconds, accepted
) -> None:
    deadline, in_utc = DST_DEADLINES[deadline_name]
    assert deadline.astimezone(UTC) == in_utc
    round_ = make_round(session, 2027, phase=RoundPhase.NOMINATING, nomination_deadline=deadline)
    nomination = _draft(session, round_, coordinator, unit)
    session.expire_all()  # read the deadline back from the database, stored in UTC
    assert round_.nomination_deadline == in_utc

    with frozen_at(in_utc + timedelta(seconds=seconds)):
        if accepted:
            operations.submit(session, nomination, actor=coordinator)
        else:
            with pytest.raises(DeadlinePassed):
                operations.submit(session, nomination, actor=coordinator)

    assert nomination.state is (NominationState.SUBMITTED if accepted else NominationState.DRAFT)


def test_an_hour_of_summer_time_in_autumn_is_still_before_a_winter_time_deadline(
    session, coordinator, unit
) -> None:
    deadline, _ = DST_DEADLINES["autumn_second_0230_winter_time"]
    round_ = make_round(session, 2027, phase=RoundPhase.NOMINATING, nomination_deadline=deadline)
    nomination = _draft(session, round_, coordinator, unit)

    # 02:59:59 summer time reads later on the wall clock than the 02:30 deadline, yet comes before it.
    with frozen_at(datetime(2027, 10, 31, 2, 59, 59, fold=0, tzinfo=BERLIN)):
        operations.submit(session, nomination, actor=coordinator)

    assert nomination.state is NominationState.SUBMITTED


@pytest.mark.parametrize("phase", [RoundPhase.DRAFT, RoundPhase.REVIEWING])
@pytest.mark.parametrize("change", [*CHANGES, "return_to_draft"])
def test_a_round_that_is_not_nominating_refuses_every_change(
    session, coordinator, unit, phase, change
) -> None:
    # The deadline is still ahead: the phase alone refuses the change.
    round_ = make_round(session, 2026, phase=phase, nomination_deadline=DEADLINE, categories=2)
    needs = NominationState.WITHDRAWN if change == "return_to_draft" else CHANGES[change][0]
    nomination = None
    if needs is not None:
        nomination = make_nomination(
            session, round_, make_initiative(session, unit), state=needs, start_year=2015
        )
    state_before = nomination.state if nomination else None

    with pytest.raises(NotAllowed) as refused:
        if change == "return_to_draft":
            operations.return_to_draft(session, nomination, actor=coordinator)
        else:
            CHANGES[change][1](session, round_, coordinator, unit, nomination)

    assert refused.type is NotAllowed
    assert refused.value.message == "The 2026 selection does not accept nominations now."
    assert (nomination.state if nomination else None) == state_before
    assert _nomination_actions(session) == []


# Versions ---------------------------------------------------------------------------------------------


def test_a_save_based_on_an_older_version_is_refused(session, round_, coordinator, unit) -> None:
    nomination = _submitted(session, round_, coordinator, unit)
    assert nomination.version == 2

    with pytest.raises(StaleVersion, match="Someone else saved this nomination while you were editing it"):
        operations.update(
            session,
            nomination,
            actor=coordinator,
            data=complete_input(round_, unit, title="Based on an old page"),
            expected_version=nomination.version - 1,
        )

    assert (nomination.title, nomination.version) == ("Dresden–Trento Water Partnership", 2)
    assert "nomination:update" not in _nomination_actions(session)


def test_a_save_based_on_the_current_version_goes_through_and_counts_up(
    session, round_, coordinator, unit
) -> None:
    nomination = _submitted(session, round_, coordinator, unit)

    operations.update(
        session,
        nomination,
        actor=coordinator,
        data=complete_input(round_, unit, title="Based on the current page"),
        expected_version=2,
    )

    assert (nomination.title, nomination.version) == ("Based on the current page", 3)
    session.expire_all()
    assert session.get(Nomination, nomination.id).version == 3


def test_a_submission_based_on_an_older_version_is_refused(session, round_, coordinator, unit) -> None:
    nomination = _draft(session, round_, coordinator, unit)
    operations.update(
        session,
        nomination,
        actor=coordinator,
        data=complete_input(round_, unit, title="Saved in another tab"),
        expected_version=1,
    )

    with pytest.raises(StaleVersion):
        operations.submit(session, nomination, actor=coordinator, expected_version=1)

    assert nomination.state is NominationState.DRAFT


@pytest.mark.parametrize(
    "changes",
    [
        {"partners": [("University of Trento", "Italy"), ("University of Innsbruck", "Austria")]},
        {"contacts": [{"name": "Ben Example", "role": "Dean", "email": "ben@example.org", "phone": None}]},
    ],
    ids=["partners", "contacts"],
)
def test_every_saved_change_counts_the_version_up_even_one_only_in_the_lists(
    session, round_, coordinator, unit, changes
) -> None:
    # Partner and contact rows live in their own tables; a change to them alone is still a new
    # version of the nomination, or a concurrent save could not notice it.
    nomination = _draft(session, round_, coordinator, unit)

    operations.update(
        session,
        nomination,
        actor=coordinator,
        data=complete_input(round_, unit, **changes),
        expected_version=1,
    )

    assert nomination.version == 2
    assert _nomination_actions(session) == ["nomination:create", "nomination:update"]


@pytest.mark.parametrize("seconds_after", [0, 1], ids=["at_the_deadline", "one_second_after"])
def test_after_the_deadline_typed_text_is_kept_as_a_draft_but_cannot_be_submitted(
    session, round_, coordinator, unit, seconds_after
) -> None:
    with frozen_at(DEADLINE + timedelta(seconds=seconds_after)):
        created = operations.create_draft(
            session, round_, actor=coordinator, data=complete_input(round_, unit, title="Typed too late")
        )
        operations.update(
            session,
            created,
            actor=coordinator,
            expected_version=created.version,
            data=complete_input(round_, unit, title="Still typing"),
        )
        with pytest.raises(DeadlinePassed):
            operations.submit(session, created, actor=coordinator)

    assert (created.state, created.title) == (NominationState.DRAFT, "Still typing")
