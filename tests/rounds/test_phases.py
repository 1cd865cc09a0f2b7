"""The phase machine: every step forward, what blocks it and what only needs confirming."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from evaluator.rounds.models import RoundPhase
from evaluator.rounds.phases import NEXT_PHASE, RoundFacts, check_transition

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
READY_DRAFT = RoundFacts(
    phase=RoundPhase.DRAFT, now=NOW, nomination_deadline=NOW + timedelta(days=30), categories=5
)


def test_phases_follow_each_other_in_the_documented_order() -> None:
    order = [RoundPhase.DRAFT]
    while order[-1] in NEXT_PHASE:
        order.append(NEXT_PHASE[order[-1]])
    assert order == [
        RoundPhase.DRAFT,
        RoundPhase.NOMINATING,
        RoundPhase.REVIEWING,
        RoundPhase.VOTING,
        RoundPhase.DECIDING,
        RoundPhase.PUBLISHED,
        RoundPhase.ARCHIVED,
    ]


def test_a_complete_draft_opens_for_nominations() -> None:
    check = check_transition(READY_DRAFT)
    assert check.target is RoundPhase.NOMINATING
    assert check.allowed
    assert check.blockers == [] and check.warnings == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"categories": 0}, "The round has no categories yet."),
        ({"categories_without_criteria": ("Programmes",)}, "The category “Programmes” has no criteria."),
        ({"nomination_deadline": None}, "Set the nomination deadline first."),
        ({"nomination_deadline": NOW}, "The nomination deadline must lie in the future."),
        (
            {"nomination_deadline": NOW - timedelta(seconds=1)},
            "The nomination deadline must lie in the future.",
        ),
        ({"other_running_round": "2024 selection"}, "The 2024 selection is still running; publish it first."),
    ],
)
def test_opening_nominations_is_refused_when(change: dict, message: str) -> None:
    check = check_transition(replace(READY_DRAFT, **change))
    assert not check.allowed
    assert check.blockers == [message]


def test_a_deadline_one_second_ahead_is_enough_to_open() -> None:
    assert check_transition(replace(READY_DRAFT, nomination_deadline=NOW + timedelta(seconds=1))).allowed


def test_nominating_closes_after_the_deadline_without_questions() -> None:
    facts = RoundFacts(phase=RoundPhase.NOMINATING, now=NOW, nomination_deadline=NOW - timedelta(seconds=1))
    check = check_transition(facts)
    assert check.target is RoundPhase.REVIEWING
    assert check.allowed and check.warnings == []


def test_closing_nominating_early_needs_confirmation() -> None:
    facts = RoundFacts(phase=RoundPhase.NOMINATING, now=NOW, nomination_deadline=NOW + timedelta(seconds=1))
    check = check_transition(facts)
    assert check.allowed
    assert check.warnings == [
        "The nomination deadline has not passed yet: nominating closes early for everyone."
    ]


def test_voting_waits_for_every_eligibility_decision() -> None:
    facts = RoundFacts(phase=RoundPhase.REVIEWING, now=NOW, submitted_without_eligibility=2, eligible=10)
    check = check_transition(facts)
    assert not check.allowed
    assert check.blockers == ["2 submitted nominations still need an eligibility decision."]


def test_voting_warns_with_counts_when_nominations_lack_a_score_sheet() -> None:
    facts = RoundFacts(phase=RoundPhase.REVIEWING, now=NOW, eligible=10, eligible_without_submitted_sheet=3)
    check = check_transition(facts)
    assert check.allowed
    assert check.warnings == ["3 of 10 eligible nominations have no submitted score sheet yet."]


def test_deciding_follows_voting_unconditionally() -> None:
    check = check_transition(RoundFacts(phase=RoundPhase.VOTING, now=NOW))
    assert check.target is RoundPhase.DECIDING
    assert check.allowed and check.warnings == []


def test_publishing_needs_a_decision_for_every_eligible_nomination() -> None:
    missing = check_transition(RoundFacts(phase=RoundPhase.DECIDING, now=NOW, eligible_without_decision=1))
    assert missing.blockers == ["1 eligible nomination has no decision yet."]
    done = check_transition(RoundFacts(phase=RoundPhase.DECIDING, now=NOW, eligible=4))
    assert done.target is RoundPhase.PUBLISHED and done.allowed


def test_a_published_round_can_be_archived_and_an_archived_one_goes_nowhere() -> None:
    assert check_transition(RoundFacts(phase=RoundPhase.PUBLISHED, now=NOW)).target is RoundPhase.ARCHIVED
    final = check_transition(RoundFacts(phase=RoundPhase.ARCHIVED, now=NOW))
    assert final.target is None and not final.allowed
