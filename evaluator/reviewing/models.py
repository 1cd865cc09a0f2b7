from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evaluator.accounts.models import User
from evaluator.db import Base, TimestampMixin, enum_column, utcnow
from evaluator.nominations.models import Nomination
from evaluator.rounds.models import Criterion


class SheetState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class ConflictOrigin(enum.StrEnum):
    AUTOMATIC = "automatic"  # derived from the org-unit tree
    DECLARED = "declared"  # declared by the member
    ADMIN = "admin"  # set by an admin


class ScoreSheet(TimestampMixin, Base):
    """One commission member's scores for one nomination."""

    __tablename__ = "score_sheets"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    state: Mapped[SheetState] = mapped_column(enum_column(SheetState), default=SheetState.DRAFT)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    submitted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    nomination: Mapped[Nomination] = relationship()
    member: Mapped[User] = relationship()
    scores: Mapped[list[Score]] = relationship(back_populates="sheet", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.UniqueConstraint("nomination_id", "member_id"),)


class Score(Base):
    __tablename__ = "scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(sa.ForeignKey("score_sheets.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("criteria.id", ondelete="RESTRICT"), index=True)
    value: Mapped[int]

    sheet: Mapped[ScoreSheet] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("sheet_id", "criterion_id"),
        sa.CheckConstraint(
            f"value BETWEEN {Criterion.SCALE_MIN} AND {Criterion.SCALE_MAX}", name="value_on_scale"
        ),
    )


class ConflictOfInterest(Base):
    __tablename__ = "conflicts_of_interest"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), index=True
    )
    origin: Mapped[ConflictOrigin] = mapped_column(enum_column(ConflictOrigin))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # An admin may clear a conflict (even an automatic one); the row stays as the record of it,
    # and recomputing automatic conflicts must not bring it back.
    cleared_at: Mapped[datetime | None]
    cleared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    cleared_reason: Mapped[str] = mapped_column(sa.Text, default="")

    member: Mapped[User] = relationship(foreign_keys=[member_id])
    nomination: Mapped[Nomination] = relationship()

    __table_args__ = (sa.UniqueConstraint("member_id", "nomination_id"),)
