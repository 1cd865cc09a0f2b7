"""Outbox for e-mail written in the same transaction as its event, and sent afterwards.

Revision ID: 597ac8d1489b
Revises: 2b1ea47e39c8
Create Date: 2026-11-23 11:34:54.657179

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '597ac8d1489b'
down_revision = '2b1ea47e39c8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_mails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('state', sa.Enum('queued', 'sent', 'failed', name='mailstate', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(state = 'sent') = (sent_at IS NOT NULL)", name=op.f('ck_outbox_mails_sent_iff_sent_at')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_mails_attempts_not_negative')),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_outbox_mails_round_id_rounds'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_mails')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_mails_dedupe_key'))
    )
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_mails_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_mails_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_mails_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_mails_state'), ['state'], unique=False)



def downgrade():
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_mails_state'))
        batch_op.drop_index(batch_op.f('ix_outbox_mails_round_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_mails_next_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_outbox_mails_kind'))

    op.drop_table('outbox_mails')
