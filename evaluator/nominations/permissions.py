"""Who may see and change a nomination. Every helper takes the person and the nomination."""

from __future__ import annotations

from typing import Any

from evaluator.accounts.models import User
from evaluator.nominations.models import Nomination
from evaluator.orgunits.models import OrgUnit


def _active(person: Any) -> bool:
    return isinstance(person, User) and person.is_authenticated and person.active


def coordinates(person: Any, unit_id: int) -> bool:
    return (
        _active(person) and person.is_coordinator and any(u.id == unit_id for u in person.coordinated_units)
    )


def can_nominate_for(person: Any, unit: OrgUnit) -> bool:
    return coordinates(person, unit.id)


def can_view_nomination(person: Any, nomination: Nomination) -> bool:
    """Admins, and the coordinators of the nominating unit. Nobody else, and never the public."""
    if not _active(person):
        return False
    return person.is_admin or coordinates(person, nomination.org_unit_id)


def can_edit_nomination(person: Any, nomination: Nomination) -> bool:
    """The unit's coordinators; whether the round and deadline allow it is the operations' rule."""
    return coordinates(person, nomination.org_unit_id)


def can_judge_eligibility(person: Any) -> bool:
    return _active(person) and person.is_admin
