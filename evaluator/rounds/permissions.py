"""Who may manage rounds. Helpers take the acting person (and the round where it matters)."""

from __future__ import annotations

from typing import Any

from evaluator.accounts.permissions import can_manage_users


def can_manage_rounds(person: Any) -> bool:
    return can_manage_users(person)  # both are the admins' business
