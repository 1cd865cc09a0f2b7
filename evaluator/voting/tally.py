"""Quorum and outcome of the commission's vote on one nomination (SPEC §6). Pure, no database."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from evaluator.voting.models import Outcome, VoteChoice


@dataclass(frozen=True)
class Tally:
    """The votes on one nomination, counting only active members without a conflict.

    ``electorate`` is the number of active commission members not conflicted with the
    nomination; conflicted members count neither for nor against the quorum.
    """

    award: int
    do_not_award: int
    abstain: int
    electorate: int

    @property
    def cast(self) -> int:
        return self.award + self.do_not_award + self.abstain

    @property
    def required(self) -> int:
        """Half of the electorate, rounded up (abstentions count towards it)."""
        return math.ceil(self.electorate / 2)

    @property
    def quorum(self) -> bool:
        return self.electorate > 0 and self.cast >= self.required

    @property
    def tie(self) -> bool:
        return self.award == self.do_not_award

    @property
    def passed(self) -> bool:
        return self.quorum and self.award > self.do_not_award

    @property
    def suggested_outcome(self) -> Outcome:
        return Outcome.AWARDED if self.passed else Outcome.NOT_AWARDED

    @property
    def flagged(self) -> bool:
        """A tie or a missed quorum: the decision needs the commission's own reasoning."""
        return self.tie or not self.quorum


def tally(choices: Iterable[VoteChoice], electorate: int) -> Tally:
    counts = dict.fromkeys(VoteChoice, 0)
    for choice in choices:
        counts[VoteChoice(choice)] += 1
    return Tally(
        award=counts[VoteChoice.AWARD],
        do_not_award=counts[VoteChoice.DO_NOT_AWARD],
        abstain=counts[VoteChoice.ABSTAIN],
        electorate=electorate,
    )


def needs_rationale(result: Tally, outcome: Outcome) -> bool:
    """A decision against the vote's outcome, on a tie or without quorum must be explained."""
    return result.flagged or outcome != result.suggested_outcome
