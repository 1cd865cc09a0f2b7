"""Vote counts kept at the close of voting: later changes to the commission (a member
deactivated, a role taken away) no longer rewrite the count a decision was based on.

Revision ID: 2b1ea47e39c8
Revises: 44c0fe91d767
Create Date: 2026-11-23 11:22:02.250116

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '2b1ea47e39c8'
down_revision = '44c0fe91d767'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('closed_tallies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('award', sa.Integer(), nullable=False),
    sa.Column('do_not_award', sa.Integer(), nullable=False),
    sa.Column('abstain', sa.Integer(), nullable=False),
    sa.Column('electorate', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('award >= 0 AND do_not_award >= 0 AND abstain >= 0 AND electorate >= 0', name=op.f('ck_closed_tallies_counts_not_negative')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_closed_tallies_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closed_tallies')),
    sa.UniqueConstraint('nomination_id', name=op.f('uq_closed_tallies_nomination_id'))
    )


def downgrade():
    op.drop_table('closed_tallies')
