"""Automatic conflicts of interest from the org-unit tree. Pure functions, no database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def related_units(unit_ids: Iterable[int], parent_of: Mapping[int, int | None]) -> set[int]:
    """The given units with all their ancestors and descendants.

    A member belonging to a faculty is conflicted with nominations of its institutes, and a
    member of an institute with nominations of its faculty and school; siblings stay clear.
    """
    children: dict[int, list[int]] = {}
    for child, parent in parent_of.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    related: set[int] = set()
    for start in unit_ids:
        related.add(start)
        parent, climbed = parent_of.get(start), {start}
        while parent is not None and parent not in climbed:  # guards against a cycle in the data
            climbed.add(parent)
            parent = parent_of.get(parent)
        related |= climbed
        # Each start unit walks down its own subtree: a unit already reached from another start
        # (as an ancestor) must not cut the walk short.
        stack, below = list(children.get(start, [])), set()
        while stack:
            unit = stack.pop()
            if unit not in below:
                below.add(unit)
                stack.extend(children.get(unit, []))
        related |= below
    return related
