"""One row per login: logging out deletes it, so a copy of the session cookie kept from before
no longer opens the account.

Revision ID: d0695e94b4e8
Revises: 597ac8d1489b
Create Date: 2026-11-23 13:19:18.681262

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd0695e94b4e8'
down_revision = '597ac8d1489b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('logins',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_logins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_logins'))
    )
    with op.batch_alter_table('logins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logins_started_at'), ['started_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_logins_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('logins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_logins_user_id'))
        batch_op.drop_index(batch_op.f('ix_logins_started_at'))

    op.drop_table('logins')
