"""Writing audit events. Callers pass the acting person explicitly."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from evaluator.accounts.models import User
from evaluator.audit.models import AuditEvent
from evaluator.audit.tags import AuditAction


def record(
    session: Session,
    *,
    actor: User | None,
    action: AuditAction,
    object_type: str,
    object_id: int | None,
    round_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the caller's transaction (nothing is committed here)."""
    details: dict[str, Any] = {}
    if before is not None:
        details["before"] = before
    if after is not None:
        details["after"] = after
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=str(action),
        object_type=object_type,
        object_id=object_id,
        round_id=round_id,
        details=details,
    )
    session.add(event)
    return event


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, so an event shows what actually changed."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
