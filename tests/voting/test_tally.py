"""Quorum, outcome and the need for a rationale (SPEC §6), with hand-counted votes."""

from __future__ import annotations

from evaluator.voting.models import Outcome, VoteChoice
from evaluator.voting.tally import Tally, needs_rationale, tally

AWARD, AGAINST, ABSTAIN = VoteChoice.AWARD, VoteChoice.DO_NOT_AWARD, VoteChoice.ABSTAIN

# 7 active members, 2 of them conflicted with the nomination: electorate 7 - 2 = 5,
# quorum = ceil(5 / 2) = ceil(2.5) = 3 votes cast.
ELECTORATE = 5


def test_tally_counts_each_choice() -> None:
    result = tally([AWARD, AGAINST, AWARD, ABSTAIN], ELECTORATE)
    assert result == Tally(award=2, do_not_award=1, abstain=1, electorate=5)
    assert result.cast == 4


def test_tally_accepts_choices_stored_as_strings() -> None:
    assert tally(["award", "do_not_award", "abstain", "award"], ELECTORATE) == Tally(2, 1, 1, 5)


def test_quorum_excludes_conflicted_members_from_the_electorate() -> None:
    # electorate 5 -> 3 needed; 2 award + 1 abstain = 3 cast -> quorum
    result = tally([AWARD, AWARD, ABSTAIN], ELECTORATE)
    assert result.required == 3
    assert result.quorum is True


def test_quorum_would_be_missed_if_conflicted_members_counted() -> None:
    # Same 3 votes against all 7 members: ceil(7 / 2) = 4 needed, 3 < 4.
    result = tally([AWARD, AWARD, ABSTAIN], 7)
    assert result.required == 4
    assert result.quorum is False


def test_quorum_counts_abstentions() -> None:
    # 1 award + 2 abstain = 3 cast ≥ 3 -> quorum; 1 award > 0 against -> passed
    result = tally([AWARD, ABSTAIN, ABSTAIN], ELECTORATE)
    assert result.quorum is True
    assert result.passed is True


def test_quorum_of_an_even_electorate_is_exactly_half() -> None:
    # ceil(6 / 2) = 3
    assert tally([], 6).required == 3
    assert tally([AWARD, AGAINST, ABSTAIN], 6).quorum is True
    assert tally([AWARD, AGAINST], 6).quorum is False


def test_quorum_is_missed_when_every_member_is_conflicted() -> None:
    # electorate 0: nobody may vote, nothing can be decided by vote
    result = tally([], 0)
    assert result.quorum is False
    assert result.flagged is True


def test_clear_majority_with_quorum_passes_and_is_not_flagged() -> None:
    # 3 award, 1 against, 5 electorate: 4 cast ≥ 3, 3 > 1
    result = tally([AWARD, AWARD, AWARD, AGAINST], ELECTORATE)
    assert result.passed is True
    assert result.tie is False
    assert result.flagged is False
    assert result.suggested_outcome == Outcome.AWARDED


def test_clear_rejection_with_quorum_suggests_not_awarded_without_flag() -> None:
    # 1 award, 3 against: 4 cast ≥ 3, 1 < 3
    result = tally([AWARD, AGAINST, AGAINST, AGAINST], ELECTORATE)
    assert result.quorum is True
    assert result.passed is False
    assert result.flagged is False
    assert result.suggested_outcome == Outcome.NOT_AWARDED


def test_tie_is_flagged_and_not_passed() -> None:
    # 2 award, 2 against: 4 cast ≥ 3 (quorum), 2 = 2 -> tie
    result = tally([AWARD, AWARD, AGAINST, AGAINST], ELECTORATE)
    assert result.quorum is True
    assert result.tie is True
    assert result.passed is False
    assert result.flagged is True
    assert result.suggested_outcome == Outcome.NOT_AWARDED


def test_missed_quorum_is_flagged_and_not_awarded_even_if_all_votes_award() -> None:
    # 2 award: 2 cast < 3 needed
    result = tally([AWARD, AWARD], ELECTORATE)
    assert result.quorum is False
    assert result.tie is False
    assert result.passed is False
    assert result.flagged is True
    assert result.suggested_outcome == Outcome.NOT_AWARDED


def test_decision_following_a_clear_passed_vote_needs_no_rationale() -> None:
    result = tally([AWARD, AWARD, AWARD, AGAINST], ELECTORATE)
    assert needs_rationale(result, Outcome.AWARDED) is False


def test_decision_against_a_clear_passed_vote_needs_a_rationale() -> None:
    result = tally([AWARD, AWARD, AWARD, AGAINST], ELECTORATE)
    assert needs_rationale(result, Outcome.NOT_AWARDED) is True


def test_decision_following_a_clear_rejection_needs_no_rationale() -> None:
    result = tally([AWARD, AGAINST, AGAINST, AGAINST], ELECTORATE)
    assert needs_rationale(result, Outcome.NOT_AWARDED) is False


def test_decision_against_a_clear_rejection_needs_a_rationale() -> None:
    result = tally([AWARD, AGAINST, AGAINST, AGAINST], ELECTORATE)
    assert needs_rationale(result, Outcome.AWARDED) is True


def test_decision_on_a_tie_needs_a_rationale_either_way() -> None:
    result = tally([AWARD, AWARD, AGAINST, AGAINST], ELECTORATE)
    assert needs_rationale(result, Outcome.AWARDED) is True
    assert needs_rationale(result, Outcome.NOT_AWARDED) is True


def test_decision_after_a_missed_quorum_needs_a_rationale_either_way() -> None:
    result = tally([AWARD, AWARD], ELECTORATE)
    assert needs_rationale(result, Outcome.AWARDED) is True
    assert needs_rationale(result, Outcome.NOT_AWARDED) is True
