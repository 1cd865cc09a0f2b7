from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evaluator.db import Base
from evaluator.nominations.models import Initiative, Nomination
from evaluator.rounds.models import Category, Round


class Award(Base):
    """Lighthouse status of an initiative, granted by one round.

    Valid from the round's publication until the next round's publication; ``valid_until`` is
    NULL while the award is current. Status on any date is a query over these rows.
    """

    __tablename__ = "awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="RESTRICT"), index=True
    )
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="RESTRICT"), index=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id", ondelete="RESTRICT"))
    nomination_id: Mapped[int] = mapped_column(unique=True)
    valid_from: Mapped[datetime] = mapped_column(index=True)
    valid_until: Mapped[datetime | None] = mapped_column(index=True)

    initiative: Mapped[Initiative] = relationship(back_populates="awards")
    round: Mapped[Round] = relationship()
    category: Mapped[Category] = relationship()
    nomination: Mapped[Nomination] = relationship(foreign_keys=[nomination_id])

    __table_args__ = (
        sa.UniqueConstraint("initiative_id", "round_id"),
        sa.CheckConstraint("valid_until IS NULL OR valid_until > valid_from", name="valid_period"),
        # Initiative, round and category are those of the awarded nomination, never others.
        sa.ForeignKeyConstraint(
            ["nomination_id", "initiative_id", "round_id", "category_id"],
            [
                "nominations.id",
                "nominations.initiative_id",
                "nominations.round_id",
                "nominations.category_id",
            ],
            ondelete="RESTRICT",
        ),
        # At most one open-ended (current) award per initiative.
        sa.Index(
            "uq_awards_one_current_per_initiative",
            "initiative_id",
            unique=True,
            sqlite_where=sa.text("valid_until IS NULL"),
            postgresql_where=sa.text("valid_until IS NULL"),
        ),
    )

    def __repr__(self) -> str:
        return f"<Award initiative={self.initiative_id} round={self.round_id}>"
