from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from evaluator.orgunits.models import OrgUnit


def all_units(session: Session) -> list[OrgUnit]:
    return list(session.scalars(sa.select(OrgUnit).order_by(OrgUnit.name)))


def unit_choices(session: Session) -> list[tuple[int, str]]:
    """Units for a select box, each shown with its parent so that same-named units differ."""
    units = all_units(session)
    by_id = {u.id: u for u in units}
    choices = []
    for unit in units:
        parent = by_id.get(unit.parent_id) if unit.parent_id else None
        label = f"{unit.name} ({parent.name})" if parent else unit.name
        choices.append((unit.id, label))
    return choices


def units_by_ids(session: Session, ids: list[int]) -> list[OrgUnit]:
    if not ids:
        return []
    return list(session.scalars(sa.select(OrgUnit).where(OrgUnit.id.in_(ids)).order_by(OrgUnit.name)))
