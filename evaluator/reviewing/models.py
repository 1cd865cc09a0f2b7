from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from evaluator.accounts.models import User
from evaluator.db import Base, TimestampMixin, enum_column, utcnow
from evaluator.nominations.models import Nomination
from evaluator.reviewing.scoring import weighted_score
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
    # Σ(weight × score) / Σ weight over the sheet's scores, kept up to date at every flush (see
    # _keep_weighted_scores; rows written in bulk call recompute_weighted_scores): a ranking then
    # reads one number per sheet instead of aggregating every score. Criteria cannot change once a
    # round has left its draft, so the figure never goes stale.
    weighted_score: Mapped[float | None] = mapped_column(sa.Float)

    nomination: Mapped[Nomination] = relationship()
    member: Mapped[User] = relationship()
    scores: Mapped[list[Score]] = relationship(back_populates="sheet", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("nomination_id", "member_id"),
        # Everything a ranking reads of a sheet, so that PostgreSQL answers from the index alone.
        sa.Index("ix_score_sheets_ranking", "nomination_id", "state", "member_id", "weighted_score"),
    )


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


@sa.event.listens_for(Session, "before_flush")
def _keep_weighted_scores(session: Session, _context: object, _instances: object) -> None:
    """Recompute the weighted score of every sheet whose scores are about to change.

    A session event rather than a call in the save operation, so that every write of scores
    through ORM objects (the sheet form, the demo data, a test's factory) keeps the stored figure
    true. Statements that bypass the objects (Core or bulk ORM INSERT/UPDATE/DELETE on scores)
    are not seen here: whoever issues them calls recompute_weighted_scores afterwards.
    """
    sheets: set[ScoreSheet] = set()
    # Scores added by sheet_id alone are not (yet) in their sheet's loaded list of scores.
    unlisted: dict[ScoreSheet, list[Score]] = {}
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, ScoreSheet):
            # A sheet whose scores were never loaded cannot have had them changed (a changed
            # score is itself in the session): no need to load them.
            if obj in session.new or "scores" in sa.inspect(obj).dict:
                sheets.add(obj)
        elif isinstance(obj, Score):
            sheet = obj.sheet or (session.get(ScoreSheet, obj.sheet_id) if obj.sheet_id else None)
            if sheet is not None:
                sheets.add(sheet)
                # (A score taken out of the list is an orphan on its way out, not one of these.)
                if obj in session.new and obj not in sheet.scores:
                    unlisted.setdefault(sheet, []).append(obj)
    for sheet in sheets:
        if sheet in session.deleted:
            continue
        weights: dict[Criterion, float] = {}
        values: dict[Criterion, float] = {}
        for score in (*sheet.scores, *unlisted.get(sheet, ())):
            # A score added with ``criterion=`` has no criterion_id before the flush, one added
            # with ``criterion_id=`` no loaded criterion: either leads to the criterion.
            criterion = score.criterion or (
                session.get(Criterion, score.criterion_id) if score.criterion_id else None
            )
            if score in session.deleted or criterion is None:
                continue
            weights[criterion], values[criterion] = criterion.weight, float(score.value)
        value = weighted_score(values, weights)
        if sheet.weighted_score != value:
            sheet.weighted_score = value


def recompute_weighted_scores(bind: Session | sa.Connection) -> None:
    """Set every sheet's stored weighted score from its scores, in one statement.

    For rows written in bulk (Core inserts, COPY), which no flush event sees. It rewrites every
    sheet without raising its version (the optimistic lock of the sheet form): for loading data,
    not for a database in use.
    """
    sheets = ScoreSheet.__table__
    figure = (
        sa.select(sa.func.sum(Criterion.weight * Score.value) / sa.func.sum(Criterion.weight))
        .select_from(Score)
        .join(Criterion, Criterion.id == Score.criterion_id)
        .where(Score.sheet_id == sheets.c.id)
        .scalar_subquery()
    )
    bind.execute(sa.update(sheets).values(weighted_score=figure))
