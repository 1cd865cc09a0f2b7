"""Load-and-check helpers: every view loads its object, checks the person, then acts."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from evaluator.core.urls import MAX_ID
from evaluator.extensions import db

T = TypeVar("T")


def load_or_404(model: type[T], object_id: int) -> T:
    if not 0 <= object_id <= MAX_ID:
        abort(404)  # no such row, and PostgreSQL would refuse the query
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def require(allowed: bool) -> None:
    """403 unless ``allowed``; use with a permission helper that took the object."""
    if not allowed:
        abort(403)


def permission_required(check: Callable[[Any], bool]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Require login, then ``check(current_user)``; 403 when it fails."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require(check(current_user))
            return view(*args, **kwargs)

        return wrapped

    return decorator
