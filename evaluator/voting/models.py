from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evaluator.accounts.models import User
from evaluator.db import Base, TimestampMixin, enum_column
from evaluator.nominations.models import Nomination


class VoteChoice(enum.StrEnum):
    AWARD = "award"
    DO_NOT_AWARD = "do_not_award"
    ABSTAIN = "abstain"


class Outcome(enum.StrEnum):
    AWARDED = "awarded"
    NOT_AWARDED = "not_awarded"


class Vote(TimestampMixin, Base):
    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    choice: Mapped[VoteChoice] = mapped_column(enum_column(VoteChoice))

    nomination: Mapped[Nomination] = relationship()
    member: Mapped[User] = relationship()

    __table_args__ = (sa.UniqueConstraint("nomination_id", "member_id"),)


class Decision(Base):
    """The commission's decision on one nomination, with the feedback shown to its coordinator."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), unique=True
    )
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome))
    rationale: Mapped[str] = mapped_column(sa.Text, default="")
    feedback: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime]

    nomination: Mapped[Nomination] = relationship(back_populates="decision")
    decided_by: Mapped[User | None] = relationship()


class ClosedTally(Base):
    """The vote on one nomination as it stood when voting closed.

    Later changes to the commission (a member deactivated, a role taken away) must not rewrite
    the count a decision was based on, so the count is kept from the close of voting on.
    """

    __tablename__ = "closed_tallies"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), unique=True
    )
    award: Mapped[int]
    do_not_award: Mapped[int]
    abstain: Mapped[int]
    electorate: Mapped[int]
    closed_at: Mapped[datetime]

    __table_args__ = (
        sa.CheckConstraint(
            "award >= 0 AND do_not_award >= 0 AND abstain >= 0 AND electorate >= 0",
            name="counts_not_negative",
        ),
    )
