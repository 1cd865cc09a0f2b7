"""Who may do what with accounts. Each helper takes the acting user and the object."""

from __future__ import annotations

from typing import Any

from evaluator.accounts.models import User


def _is_user(person: Any) -> bool:
    return isinstance(person, User) and person.is_authenticated and person.active


def can_manage_users(person: Any) -> bool:
    return _is_user(person) and person.is_admin


def can_edit_user(person: Any, target: User) -> bool:
    return can_manage_users(person)


def can_change_active(person: Any, target: User) -> bool:
    """Admins may deactivate others, never themselves (no one locks out the last admin by mistake)."""
    return can_manage_users(person) and person.id != target.id


def can_resend_invitation(person: Any, target: User) -> bool:
    """Admins may invite again a person who has not chosen a password yet and is not deactivated."""
    return can_manage_users(person) and target.active and target.invitation_pending
