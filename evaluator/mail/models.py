from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from evaluator.db import Base, enum_column, utcnow


class MailState(enum.StrEnum):
    QUEUED = "queued"  # waiting for (another) attempt
    SENT = "sent"  # accepted by the SMTP server: never sent again
    FAILED = "failed"  # gave up after the last attempt; an admin can queue it again


class OutboxMail(Base):
    """An e-mail written in the same transaction as the event it tells of, sent afterwards.

    The sender (``evaluator send-mail``) delivers queued mail over SMTP; a mail that the event's
    transaction rolled back never existed, and a delivered one is marked sent and never repeated.
    """

    __tablename__ = "outbox_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(60), index=True)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    state: Mapped[MailState] = mapped_column(enum_column(MailState), default=MailState.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    # Set for mail that must go out at most once (a reminder per person, deadline and lead time).
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rounds.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    __table_args__ = (
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.CheckConstraint("(state = 'sent') = (sent_at IS NOT NULL)", name="sent_iff_sent_at"),
    )
