"""A closed vote keeps its count: changes to the commission after voting do not rewrite it."""

from __future__ import annotations

from evaluator.accounts.operations import set_active
from evaluator.reviewing.queries import live_tallies, tallies
from evaluator.rounds.models import Round, RoundPhase
from evaluator.rounds.operations import advance_phase
from evaluator.voting.models import ClosedTally, VoteChoice
from evaluator.voting.tally import Tally
from tests.support.commission import ADMIN, CHAIR, MAX, MIA, Commission, count, set_phase, vote


def test_the_count_kept_at_the_close_of_voting_survives_a_member_leaving(
    session, commission: Commission
) -> None:
    c = commission
    set_phase(session, c, RoundPhase.VOTING)
    for member, choice in (
        (MIA, VoteChoice.AWARD),
        (MAX, VoteChoice.AWARD),
        (CHAIR, VoteChoice.DO_NOT_AWARD),
    ):
        vote(session, c, member, c.geo_id, choice)
    round_ = session.get(Round, c.round_id)
    # Four active members, none conflicted with Geodesy: 3 of 4 voted, 2 needed.
    at_close = Tally(award=2, do_not_award=1, abstain=0, electorate=4)
    assert tallies(session, round_)[c.geo_id] == at_close

    advance_phase(session, round_, actor=c.user(session, ADMIN))
    session.commit()
    set_active(session, c.user(session, MAX), actor=c.user(session, ADMIN), active=False)
    session.commit()

    assert round_.phase is RoundPhase.DECIDING
    assert count(session, ClosedTally) == 2  # one per eligible nomination
    assert tallies(session, round_)[c.geo_id] == at_close
    # Max's leaving would have changed a live count: one award and an electorate of three.
    assert live_tallies(session, round_)[c.geo_id] == Tally(award=1, do_not_award=1, abstain=0, electorate=3)
