from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evaluator.db import Base, TimestampMixin, enum_column

if TYPE_CHECKING:
    from evaluator.nominations.models import Nomination


class RoundPhase(enum.StrEnum):
    DRAFT = "draft"
    NOMINATING = "nominating"
    REVIEWING = "reviewing"
    VOTING = "voting"
    DECIDING = "deciding"
    PUBLISHED = "published"
    ARCHIVED = "archived"


PUBLIC_PHASES = frozenset({RoundPhase.PUBLISHED, RoundPhase.ARCHIVED})


class Round(TimestampMixin, Base):
    """One selection process; its categories and criteria belong to it alone."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    year: Mapped[int] = mapped_column(unique=True)
    phase: Mapped[RoundPhase] = mapped_column(enum_column(RoundPhase), default=RoundPhase.DRAFT)
    nomination_deadline: Mapped[datetime | None]
    review_deadline: Mapped[datetime | None]
    voting_deadline: Mapped[datetime | None]
    published_at: Mapped[datetime | None]

    categories: Mapped[list[Category]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Category.position"
    )
    nominations: Mapped[list[Nomination]] = relationship(back_populates="round")

    __table_args__ = (
        sa.CheckConstraint("year BETWEEN 2000 AND 2200", name="plausible_year"),
        sa.CheckConstraint(
            "(phase IN ('published', 'archived')) = (published_at IS NOT NULL)",
            name="published_iff_published_at",
        ),
    )

    def __repr__(self) -> str:
        return f"<Round {self.year} {self.phase}>"

    @property
    def is_public(self) -> bool:
        return self.phase in PUBLIC_PHASES


class Category(Base):
    """A kind of lighthouse within one round. ``key`` links the same category across rounds."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(60))
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    round: Mapped[Round] = relationship(back_populates="categories")
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="category", cascade="all, delete-orphan", order_by="Criterion.position"
    )

    __table_args__ = (
        sa.UniqueConstraint("round_id", "key"),
        sa.UniqueConstraint("round_id", "name"),
        # Target of the composite key that keeps a nomination's category in its own round.
        sa.UniqueConstraint("id", "round_id"),
    )

    def __repr__(self) -> str:
        return f"<Category {self.key} of round {self.round_id}>"


class Criterion(Base):
    """One scored aspect of a category; every criterion is scored 0 to 5."""

    __tablename__ = "criteria"

    SCALE_MIN = 0
    SCALE_MAX = 5

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    guidance: Mapped[str] = mapped_column(sa.Text, default="")
    weight: Mapped[float] = mapped_column(sa.Float, default=1.0)
    position: Mapped[int] = mapped_column(default=0)

    category: Mapped[Category] = relationship(back_populates="criteria")

    __table_args__ = (
        sa.UniqueConstraint("category_id", "name"),
        sa.CheckConstraint("weight > 0", name="weight_positive"),
    )
