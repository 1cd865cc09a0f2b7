"""The phase machine of a round: which step follows which, and what must hold first.

Pure: the caller gathers the facts (RoundFacts) with one query and passes the time in, so every
rule can be tested with plain values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from evaluator.i18n import _, ngettext
from evaluator.rounds.models import RoundPhase

NEXT_PHASE: dict[RoundPhase, RoundPhase] = {
    RoundPhase.DRAFT: RoundPhase.NOMINATING,
    RoundPhase.NOMINATING: RoundPhase.REVIEWING,
    RoundPhase.REVIEWING: RoundPhase.VOTING,
    RoundPhase.VOTING: RoundPhase.DECIDING,
    RoundPhase.DECIDING: RoundPhase.PUBLISHED,
    RoundPhase.PUBLISHED: RoundPhase.ARCHIVED,
}


@dataclass(frozen=True)
class RoundFacts:
    """What the guards look at, gathered for one round at one moment."""

    phase: RoundPhase
    now: datetime
    nomination_deadline: datetime | None = None
    categories: int = 0
    categories_without_criteria: tuple[str, ...] = ()
    other_running_round: str | None = None
    submitted_without_eligibility: int = 0
    eligible: int = 0
    eligible_without_submitted_sheet: int = 0
    eligible_without_decision: int = 0


@dataclass(frozen=True)
class TransitionCheck:
    """``blockers`` refuse the step; ``warnings`` let it go ahead once the admin confirms."""

    target: RoundPhase | None
    blockers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return self.target is not None and not self.blockers

    def needs_confirmation_of_warnings(self) -> bool:
        return bool(self.warnings)


def check_transition(facts: RoundFacts) -> TransitionCheck:
    """Whether the round may move on to its next phase, and what stands in the way."""
    target = NEXT_PHASE.get(facts.phase)
    if target is None:
        return TransitionCheck(None, blockers=[_("An archived round has no further phase.")])
    blockers: list[str] = []
    warnings: list[str] = []

    if target is RoundPhase.NOMINATING:
        if facts.categories == 0:
            blockers.append(_("The round has no categories yet."))
        for name in facts.categories_without_criteria:
            blockers.append(_("The category “%(name)s” has no criteria.", name=name))
        if facts.nomination_deadline is None:
            blockers.append(_("Set the nomination deadline first."))
        elif facts.nomination_deadline <= facts.now:
            blockers.append(_("The nomination deadline must lie in the future."))
        if facts.other_running_round:
            blockers.append(
                _("The %(name)s is still running; publish it first.", name=facts.other_running_round)
            )

    elif target is RoundPhase.REVIEWING:
        if facts.nomination_deadline is not None and facts.nomination_deadline > facts.now:
            warnings.append(
                _("The nomination deadline has not passed yet: nominating closes early for everyone.")
            )

    elif target is RoundPhase.VOTING:
        if facts.submitted_without_eligibility:
            blockers.append(
                ngettext(
                    "%(num)d submitted nomination still needs an eligibility decision.",
                    "%(num)d submitted nominations still need an eligibility decision.",
                    facts.submitted_without_eligibility,
                )
            )
        if facts.eligible_without_submitted_sheet:
            warnings.append(
                ngettext(
                    "%(num)d of %(total)d eligible nominations has no submitted score sheet yet.",
                    "%(num)d of %(total)d eligible nominations have no submitted score sheet yet.",
                    facts.eligible_without_submitted_sheet,
                    total=facts.eligible,
                )
            )

    elif target is RoundPhase.PUBLISHED:
        if facts.eligible_without_decision:
            blockers.append(
                ngettext(
                    "%(num)d eligible nomination has no decision yet.",
                    "%(num)d eligible nominations have no decision yet.",
                    facts.eligible_without_decision,
                )
            )

    return TransitionCheck(target, blockers=blockers, warnings=warnings)
