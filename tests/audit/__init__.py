"""Shared arrangement for the audit tests: events at chosen moments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from evaluator.accounts.models import User
from evaluator.audit.models import AuditEvent
from evaluator.audit.operations import record
from evaluator.audit.tags import AuditAction


def add_event(
    session: Session,
    action: AuditAction,
    *,
    at: datetime,
    actor: User | None = None,
    object_type: str = "round",
    object_id: int | None = 1,
    round_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """An event recorded the way the application records it, then moved to ``at``."""
    event = record(
        session,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        round_id=round_id,
        before=before,
        after=after,
    )
    event.occurred_at = at
    session.flush()
    return event


def clear_log(session: Session) -> None:
    """Drop the events that creating the test's accounts wrote, so each test starts from an empty log."""
    session.execute(sa.delete(AuditEvent))
    session.flush()
