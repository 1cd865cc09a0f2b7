"""Each score sheet keeps its weighted score, Σ(weight × score) / Σ weight over its scores, so that
a ranking reads one number per sheet instead of aggregating every score. Existing sheets are
filled in from their scores.

Revision ID: 819d21dc9ad2
Revises: d0695e94b4e8
Create Date: 2026-11-23 16:05:54.870253

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "819d21dc9ad2"
down_revision = "d0695e94b4e8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("score_sheets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("weighted_score", sa.Float(), nullable=True))
        batch_op.create_index(
            "ix_score_sheets_ranking", ["nomination_id", "state", "member_id", "weighted_score"], unique=False
        )
    # A sheet without scores keeps NULL (the subquery finds no rows); weights are floats, so the
    # division is not an integer division on either database.
    op.execute(
        """
        UPDATE score_sheets SET weighted_score = (
            SELECT SUM(criteria.weight * scores.value) / SUM(criteria.weight)
            FROM scores JOIN criteria ON criteria.id = scores.criterion_id
            WHERE scores.sheet_id = score_sheets.id
        )
        """
    )


def downgrade():
    with op.batch_alter_table("score_sheets", schema=None) as batch_op:
        batch_op.drop_index("ix_score_sheets_ranking")
        batch_op.drop_column("weighted_score")
