"""Votes, tallies and decisions on a real database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role, User
from evaluator.audit.models import AuditEvent
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import frozen_at
from evaluator.core.errors import NotAllowed
from evaluator.nominations.models import Eligibility, Nomination
from evaluator.reviewing.operations import clear_conflict, declare_conflict, set_conflict
from evaluator.reviewing.queries import tallies
from evaluator.rounds.models import Round, RoundPhase
from evaluator.rounds.operations import advance_phase
from evaluator.voting.models import Decision, Outcome, Vote, VoteChoice
from evaluator.voting.operations import RationaleRequired, cast_vote, record_decision
from evaluator.voting.tally import Tally
from tests.support.factories import make_initiative, make_nomination, make_round, make_unit, make_user

NOW = datetime(2027, 1, 20, 12, 0, tzinfo=UTC)
VOTING_DEADLINE = NOW + timedelta(days=7)
AWARD, AGAINST, ABSTAIN = VoteChoice.AWARD, VoteChoice.DO_NOT_AWARD, VoteChoice.ABSTAIN


@pytest.fixture(autouse=True)
def _pinned_clock():  # type: ignore[no-untyped-def]
    with frozen_at(NOW):
        yield


@dataclass
class World:
    round_: Round
    nomination: Nomination
    second: Nomination
    ineligible: Nomination
    members: list[User]  # four plain members
    chair: User
    admin: User


@pytest.fixture()
def world(session) -> World:  # type: ignore[no-untyped-def]
    unit = make_unit(session, "Institute of Hydrology")
    round_ = make_round(session, 2026, phase=RoundPhase.VOTING, voting_deadline=VOTING_DEADLINE)

    def nominate(title: str, eligibility: Eligibility = Eligibility.ELIGIBLE) -> Nomination:
        return make_nomination(
            session, round_, make_initiative(session, unit, title), eligibility=eligibility
        )

    return World(
        round_=round_,
        nomination=nominate("Water Partnership"),
        second=nominate("Summer School Network"),
        ineligible=nominate("Late Idea", Eligibility.INELIGIBLE),
        members=[make_user(session, Role.MEMBER, name=f"Member {i}") for i in range(1, 5)],
        chair=make_user(session, Role.CHAIR, name="Chris Chair"),
        admin=make_user(session, Role.ADMIN, name="Ada Admin"),
    )


def events(session, *actions: AuditAction) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return list(
        session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.action.in_([str(a) for a in actions]))
            .order_by(AuditEvent.id)
        )
    )


def vote_rows(session, nomination: Nomination) -> list[tuple[int, VoteChoice]]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return list(
        session.execute(
            sa.select(Vote.member_id, Vote.choice)
            .where(Vote.nomination_id == nomination.id)
            .order_by(Vote.id)
        ).all()
    )


# -- Casting votes --------------------------------------------------------------------------------


def test_a_vote_is_cast_then_changed_in_one_row(session, world: World) -> None:
    member = world.members[0]

    first = cast_vote(session, world.nomination, member=member, choice=AWARD)
    second = cast_vote(session, world.nomination, member=member, choice=AGAINST)
    cast_vote(session, world.nomination, member=member, choice=AGAINST)  # unchanged: no event

    assert first.id == second.id
    assert vote_rows(session, world.nomination) == [(member.id, AGAINST)]
    cast_event, change_event = events(session, AuditAction.VOTE_CAST, AuditAction.VOTE_CHANGE)
    assert (cast_event.action, cast_event.actor_id, cast_event.object_id, cast_event.round_id) == (
        "vote:cast",
        member.id,
        world.nomination.id,
        world.round_.id,
    )
    assert cast_event.details == {"after": {"choice": "award"}}
    assert change_event.action == "vote:change"
    assert change_event.details == {"before": {"choice": "award"}, "after": {"choice": "do_not_award"}}


def test_a_choice_given_as_text_is_accepted(session, world: World) -> None:
    cast_vote(session, world.nomination, member=world.chair, choice="abstain")  # type: ignore[arg-type]
    assert vote_rows(session, world.nomination) == [(world.chair.id, ABSTAIN)]


def test_a_conflicted_member_cannot_vote(session, world: World) -> None:
    member = world.members[0]
    declare_conflict(session, world.nomination, member=member, reason="My own project.")

    with pytest.raises(NotAllowed):
        cast_vote(session, world.nomination, member=member, choice=AWARD)

    assert vote_rows(session, world.nomination) == []
    cast_vote(session, world.second, member=member, choice=AWARD)  # other nominations stay open


def test_only_commission_members_vote(session, world: World) -> None:
    with pytest.raises(NotAllowed):
        cast_vote(session, world.nomination, member=world.admin, choice=AWARD)
    assert vote_rows(session, world.nomination) == []


@pytest.mark.parametrize("phase", [RoundPhase.REVIEWING, RoundPhase.DECIDING])
def test_votes_are_cast_only_while_voting_runs(session, world: World, phase: RoundPhase) -> None:
    cast_vote(session, world.nomination, member=world.members[0], choice=AWARD)
    world.round_.phase = phase
    session.flush()

    with pytest.raises(NotAllowed, match="closed"):
        cast_vote(session, world.nomination, member=world.members[0], choice=AGAINST)
    with pytest.raises(NotAllowed):
        cast_vote(session, world.nomination, member=world.members[1], choice=AWARD)

    assert vote_rows(session, world.nomination) == [(world.members[0].id, AWARD)]


def test_the_voting_deadline_is_enforced(session, world: World) -> None:
    with frozen_at(VOTING_DEADLINE - timedelta(seconds=1)):
        cast_vote(session, world.nomination, member=world.members[0], choice=AWARD)

    for moment in (VOTING_DEADLINE, VOTING_DEADLINE + timedelta(hours=1)):
        with frozen_at(moment), pytest.raises(NotAllowed, match="deadline"):
            cast_vote(session, world.nomination, member=world.members[0], choice=AGAINST)
        with frozen_at(moment), pytest.raises(NotAllowed, match="deadline"):
            cast_vote(session, world.nomination, member=world.members[1], choice=AWARD)

    assert vote_rows(session, world.nomination) == [(world.members[0].id, AWARD)]


def test_ineligible_nominations_are_not_voted_on(session, world: World) -> None:
    with pytest.raises(NotAllowed):
        cast_vote(session, world.ineligible, member=world.members[0], choice=AWARD)
    assert vote_rows(session, world.ineligible) == []


# -- Tallies --------------------------------------------------------------------------------------


def test_tallies_count_only_active_members_without_a_conflict(session, world: World) -> None:
    m1, m2, m3, m4 = world.members
    inactive = make_user(session, Role.MEMBER, name="Ina Inactive")
    for member, choice in [(m1, AWARD), (m2, AWARD), (m3, AGAINST), (world.chair, ABSTAIN), (m4, AWARD)]:
        cast_vote(session, world.nomination, member=member, choice=choice)
    cast_vote(session, world.nomination, member=inactive, choice=AWARD)
    cast_vote(session, world.second, member=m4, choice=AGAINST)
    # Found out after voting: m4 is conflicted; the inactive member left the commission.
    conflict = set_conflict(session, world.nomination, member=m4, actor=world.admin, reason="Co-applicant.")
    inactive.active = False
    session.flush()

    result = tallies(session, world.round_)

    assert set(result) == {world.nomination.id, world.second.id}  # the ineligible one is absent
    # Five active members (four and the chair), one of them conflicted.
    assert result[world.nomination.id] == Tally(award=2, do_not_award=1, abstain=1, electorate=4)
    assert result[world.nomination.id].quorum and result[world.nomination.id].passed
    # m4's vote on the other nomination counts; 1 of 5 misses the quorum of 3.
    assert result[world.second.id] == Tally(award=0, do_not_award=1, abstain=0, electorate=5)
    assert not result[world.second.id].quorum

    clear_conflict(session, conflict, actor=world.admin, reason="Was not a co-applicant after all.")
    assert tallies(session, world.round_)[world.nomination.id] == Tally(
        award=3, do_not_award=1, abstain=1, electorate=5
    )


def test_a_tie_and_a_missed_quorum_are_flagged(session, world: World) -> None:
    m1, m2, m3, m4 = world.members
    for member, choice in [(m1, AWARD), (m2, AGAINST), (m3, ABSTAIN)]:
        cast_vote(session, world.nomination, member=member, choice=choice)
    cast_vote(session, world.second, member=m4, choice=AWARD)

    result = tallies(session, world.round_)

    tie, thin = result[world.nomination.id], result[world.second.id]
    assert tie.quorum and tie.tie and tie.flagged and not tie.passed
    assert not thin.quorum and thin.flagged and thin.suggested_outcome is Outcome.NOT_AWARDED


# -- Decisions ------------------------------------------------------------------------------------


def _vote_and_close(session, world: World, votes: dict[Nomination, list[VoteChoice]]) -> dict[int, Tally]:  # type: ignore[no-untyped-def]
    voters = [*world.members, world.chair]
    for nomination, choices in votes.items():
        for member, choice in zip(voters, choices, strict=False):
            cast_vote(session, nomination, member=member, choice=choice)
    advance_phase(session, world.round_, actor=world.admin)
    assert world.round_.phase is RoundPhase.DECIDING
    return tallies(session, world.round_)


def decide(session, world: World, actor: User, outcome: Outcome, result: Tally, **text: str) -> Decision:  # type: ignore[no-untyped-def]
    return record_decision(
        session,
        world.nomination,
        actor=actor,
        outcome=outcome,
        rationale=text.get("rationale", ""),
        feedback=text.get("feedback", ""),
        result=result,
    )


def decision_count(session) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(sa.select(sa.func.count(Decision.id)))


def test_the_chair_records_a_decision_following_the_vote(session, world: World) -> None:
    result = _vote_and_close(session, world, {world.nomination: [AWARD, AWARD, AWARD, AGAINST]})
    result = result[world.nomination.id]
    assert result.passed and not result.flagged

    decision = decide(
        session, world, world.chair, Outcome.AWARDED, result, feedback=" Outstanding exchange figures. "
    )

    session.expire_all()
    stored = session.get(Decision, decision.id)
    assert (stored.nomination_id, stored.outcome, stored.rationale, stored.feedback) == (
        world.nomination.id,
        Outcome.AWARDED,
        "",
        "Outstanding exchange figures.",
    )
    assert (stored.decided_by_id, stored.decided_at) == (world.chair.id, NOW)
    [event] = events(session, AuditAction.DECISION_RECORD)
    assert event.actor_id == world.chair.id and event.object_id == world.nomination.id
    assert "before" not in event.details
    assert event.details["after"] == {
        "outcome": "awarded",
        "rationale": "",
        "feedback": "Outstanding exchange figures.",
        "vote": {"award": 3, "do_not_award": 1, "abstain": 0, "quorum": True},
    }


def test_a_decision_is_updated_in_place_and_the_update_is_audited(session, world: World) -> None:
    result = _vote_and_close(session, world, {world.nomination: [AWARD, AWARD, AWARD]})[world.nomination.id]
    first = decide(session, world, world.chair, Outcome.AWARDED, result, feedback="Well done.")

    with frozen_at(NOW + timedelta(hours=2)):
        second = decide(
            session,
            world,
            world.admin,
            Outcome.NOT_AWARDED,
            result,
            rationale="The partner withdrew after the vote.",
            feedback="Please renominate next time.",
        )

    assert second.id == first.id and decision_count(session) == 1
    session.expire_all()
    stored = session.get(Decision, first.id)
    assert (stored.outcome, stored.decided_by_id, stored.decided_at) == (
        Outcome.NOT_AWARDED,
        world.admin.id,
        NOW + timedelta(hours=2),
    )
    assert stored.feedback == "Please renominate next time."
    [update] = events(session, AuditAction.DECISION_UPDATE)
    assert update.actor_id == world.admin.id
    assert update.details["before"] == {"outcome": "awarded", "rationale": "", "feedback": "Well done."}
    assert update.details["after"]["outcome"] == "not_awarded"
    assert update.details["after"]["rationale"] == "The partner withdrew after the vote."


def test_a_decision_in_a_fresh_session_is_updated_too(session, world: World) -> None:
    result = _vote_and_close(session, world, {world.nomination: [AWARD, AWARD, AWARD]})[world.nomination.id]
    decide(session, world, world.chair, Outcome.AWARDED, result)
    session.commit()
    session.expire_all()

    decide(session, world, world.chair, Outcome.AWARDED, result, feedback="Congratulations.")

    assert decision_count(session) == 1
    assert len(events(session, AuditAction.DECISION_UPDATE)) == 1


def test_only_the_chair_or_an_admin_decides(session, world: World) -> None:
    result = _vote_and_close(session, world, {world.nomination: [AWARD, AWARD, AWARD]})[world.nomination.id]

    with pytest.raises(NotAllowed):
        decide(session, world, world.members[0], Outcome.AWARDED, result)
    assert decision_count(session) == 0

    decide(session, world, world.admin, Outcome.AWARDED, result)
    assert decision_count(session) == 1


def test_a_conflicted_chair_cannot_decide(session, world: World) -> None:
    # The chair declared the conflict while voting ran; deciding comes after.
    world.round_.phase = RoundPhase.VOTING
    session.flush()
    declare_conflict(session, world.nomination, member=world.chair, reason="My faculty's network.")
    result = _vote_and_close(session, world, {world.nomination: [AWARD, AWARD, AWARD]})[world.nomination.id]

    with pytest.raises(NotAllowed):
        decide(session, world, world.chair, Outcome.AWARDED, result)

    assert decision_count(session) == 0
    assert events(session, AuditAction.DECISION_RECORD) == []


@pytest.mark.parametrize("phase", [RoundPhase.VOTING, RoundPhase.REVIEWING])
def test_decisions_wait_for_the_deciding_phase(session, world: World, phase: RoundPhase) -> None:
    world.round_.phase = phase
    session.flush()
    result = Tally(award=3, do_not_award=0, abstain=0, electorate=5)

    for actor in (world.chair, world.admin):
        with pytest.raises(NotAllowed, match="Deciding"):
            decide(session, world, actor, Outcome.AWARDED, result)

    assert decision_count(session) == 0


def test_ineligible_nominations_get_no_decision(session, world: World) -> None:
    world.round_.phase = RoundPhase.DECIDING
    session.flush()
    with pytest.raises(NotAllowed):
        record_decision(
            session,
            world.ineligible,
            actor=world.admin,
            outcome=Outcome.NOT_AWARDED,
            rationale="",
            feedback="",
            result=Tally(0, 0, 0, 5),
        )
    assert decision_count(session) == 0


@pytest.mark.parametrize(
    ("choices", "outcome", "what"),
    [
        ([AWARD, AWARD, AWARD, AGAINST], Outcome.NOT_AWARDED, "against the vote"),
        ([AGAINST, AGAINST, AGAINST], Outcome.AWARDED, "against the vote"),
        ([AWARD, AWARD, AGAINST, AGAINST], Outcome.NOT_AWARDED, "tie, even when following the suggestion"),
        ([AWARD, AWARD, AGAINST, AGAINST], Outcome.AWARDED, "tie"),
        ([AWARD, AWARD], Outcome.NOT_AWARDED, "missed quorum, even when following the suggestion"),
        ([AWARD, AWARD], Outcome.AWARDED, "missed quorum"),
    ],
)
def test_a_rationale_is_required_against_the_vote_on_a_tie_and_without_quorum(
    session, world: World, choices: list[VoteChoice], outcome: Outcome, what: str
) -> None:
    result = _vote_and_close(session, world, {world.nomination: choices})[world.nomination.id]

    with pytest.raises(RationaleRequired):
        decide(session, world, world.chair, outcome, result, rationale="  ", feedback="Thanks.")
    assert decision_count(session) == 0, what

    decision = decide(session, world, world.chair, outcome, result, rationale="Discussed at length.")
    assert (decision.outcome, decision.rationale) == (outcome, "Discussed at length.")


def test_the_rationale_prompt_names_the_reason(session, world: World) -> None:
    thin = Tally(award=2, do_not_award=0, abstain=0, electorate=5)
    tie = Tally(award=2, do_not_award=2, abstain=0, electorate=5)
    clear = Tally(award=3, do_not_award=0, abstain=0, electorate=5)
    world.round_.phase = RoundPhase.DECIDING
    session.flush()

    for result, outcome, word in [
        (thin, Outcome.AWARDED, "quorum"),
        (tie, Outcome.AWARDED, "tied"),
        (clear, Outcome.NOT_AWARDED, "differs"),
    ]:
        with pytest.raises(RationaleRequired, match=word):
            decide(session, world, world.admin, outcome, result)
