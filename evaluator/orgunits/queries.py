from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from evaluator.orgunits.models import OrgUnit


def all_units(session: Session) -> list[OrgUnit]:
    return list(session.scalars(sa.select(OrgUnit).order_by(OrgUnit.name)))


def unit_choices(session: Session) -> list[tuple[int, str, str | None]]:
    """Units for a select box as (id, label, group).

    Grouped by their top-level unit (the school); units that stand alone have group None. A
    unit below a faculty is shown with the faculty's name, so that same-named institutes differ.
    """
    units = all_units(session)
    by_id = {u.id: u for u in units}
    has_children = {u.parent_id for u in units if u.parent_id is not None}

    def root(unit: OrgUnit) -> OrgUnit:
        seen = {unit.id}
        while unit.parent_id in by_id and unit.parent_id not in seen:
            unit = by_id[unit.parent_id]
            seen.add(unit.id)
        return unit

    choices = []
    for unit in units:
        top = root(unit)
        group = top.name if top.id in has_children else None
        parent = by_id.get(unit.parent_id) if unit.parent_id else None
        label = f"{unit.name} ({parent.name})" if parent and parent is not top else unit.name
        choices.append((unit.id, label, group, unit is top))
    # Standalone units last; a school first within its own group.
    choices.sort(key=lambda c: (c[2] is None, c[2] or "", not c[3], c[1]))
    return [(unit_id, label, group) for unit_id, label, group, _top in choices]


def units_by_ids(session: Session, ids: list[int]) -> list[OrgUnit]:
    if not ids:
        return []
    return list(session.scalars(sa.select(OrgUnit).where(OrgUnit.id.in_(ids)).order_by(OrgUnit.name)))
