from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evaluator.accounts.models import User
from evaluator.db import Base, utcnow


class AuditEvent(Base):
    """Append-only record of who did what to which object, with values before and after.

    ``object_id`` and ``round_id`` are plain integers, not foreign keys, so that the log keeps
    its rows unchanged when the objects it speaks of are deleted.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    round_id: Mapped[int | None] = mapped_column(index=True)
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (sa.Index("ix_audit_events_object", "object_type", "object_id"),)
