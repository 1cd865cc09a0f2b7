"""Who may see and do what in the commission's review. One-line predicates, combined per action.

Every helper takes the acting person; those about one nomination also take whether that person
is conflicted with it (looked up once by the caller). Admins manage the process and see all of
it; commission members (the chair included) are bound by conflicts and by independence, and so
is an admin who also sits on the commission: holding both roles opens no back door.
"""

from __future__ import annotations

from typing import Any

from evaluator.accounts.models import User
from evaluator.rounds.models import PUBLIC_PHASES, Round, RoundPhase

REVIEW_OPEN_PHASES = frozenset({RoundPhase.REVIEWING})
# Conflicts change who counts for a quorum, so they are settled before voting closes.
CONFLICT_PHASES = frozenset({RoundPhase.REVIEWING, RoundPhase.VOTING})
AFTER_REVIEWING = frozenset({RoundPhase.VOTING, RoundPhase.DECIDING, *PUBLIC_PHASES})
AFTER_VOTING = frozenset({RoundPhase.DECIDING, *PUBLIC_PHASES})
# Phases in which the commission works with the nominations at all.
COMMISSION_PHASES = frozenset({RoundPhase.REVIEWING, *AFTER_REVIEWING})


def _active(person: Any) -> bool:
    return isinstance(person, User) and person.is_authenticated and person.active


def is_admin(person: Any) -> bool:
    return _active(person) and person.is_admin


def is_member(person: Any) -> bool:
    return _active(person) and person.is_member


def is_chair(person: Any) -> bool:
    return _active(person) and person.is_chair


def is_overseer(person: Any) -> bool:
    """An admin who does not sit on the commission: sees everything, judges nothing."""
    return is_admin(person) and not person.is_member


def can_follow_commission(person: Any) -> bool:
    """Ranking and the round's nominations: admins and commission members."""
    return is_admin(person) or is_member(person)


def can_view_progress(person: Any) -> bool:
    return is_admin(person) or is_chair(person)


def can_open_nomination(person: Any, round_: Round, *, conflicted: bool) -> bool:
    """The review page of an eligible nomination. A conflicted member gets a 404 instead."""
    if round_.phase not in COMMISSION_PHASES:
        return False
    if is_member(person):
        return not conflicted
    return is_admin(person)


def can_score(person: Any, round_: Round, *, conflicted: bool) -> bool:
    return is_member(person) and not conflicted and round_.phase in REVIEW_OPEN_PHASES


def can_see_others_scores(person: Any, round_: Round, *, conflicted: bool, submitted_own: bool) -> bool:
    """Independence: a member sees others' scores only after their own sheet, or after reviewing."""
    if is_overseer(person):
        return True
    if not is_member(person) or conflicted:
        return False
    return submitted_own or round_.phase in AFTER_REVIEWING


def can_vote(person: Any, round_: Round, *, conflicted: bool) -> bool:
    return is_member(person) and not conflicted and round_.phase is RoundPhase.VOTING


def can_see_tally(person: Any, round_: Round, *, conflicted: bool) -> bool:
    """Admins follow the count; members, the chair included, see it once voting has closed, so
    that no one votes with the running count in view."""
    if is_overseer(person):
        return round_.phase in AFTER_REVIEWING
    return is_member(person) and not conflicted and round_.phase in AFTER_VOTING


def can_see_individual_votes(person: Any, round_: Round, *, conflicted: bool) -> bool:
    """Who voted how: admins, and the chair once voting has closed; never other members."""
    if is_overseer(person):
        return True
    return is_chair(person) and not conflicted and round_.phase in AFTER_VOTING


def can_record_decision(person: Any, round_: Round, *, conflicted: bool) -> bool:
    if round_.phase is not RoundPhase.DECIDING or conflicted:
        return False
    return is_admin(person) or is_chair(person)


def can_manage_conflicts(person: Any) -> bool:
    return is_admin(person)


def conflicts_open(round_: Round) -> bool:
    return round_.phase in CONFLICT_PHASES


def can_declare_conflict(person: Any, round_: Round) -> bool:
    return is_member(person) and conflicts_open(round_)
