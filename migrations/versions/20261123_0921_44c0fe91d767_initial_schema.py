"""Initial schema: the whole data model (org units, accounts, rounds, nominations, review,
voting, awards and the audit log).

Revision ID: 44c0fe91d767
Revises: 
Create Date: 2026-11-23 09:21:27.323082

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '44c0fe91d767'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('org_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=40), nullable=True),
    sa.Column('kind', sa.Enum('school', 'faculty', 'institute', 'centre', 'central_unit', name='orgunitkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('parent_id IS NULL OR parent_id <> id', name=op.f('ck_org_units_not_own_parent')),
    sa.ForeignKeyConstraint(['parent_id'], ['org_units.id'], name=op.f('fk_org_units_parent_id_org_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_units')),
    sa.UniqueConstraint('name', name=op.f('uq_org_units_name'))
    )
    with op.batch_alter_table('org_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_units_parent_id'), ['parent_id'], unique=False)

    op.create_table('rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('phase', sa.Enum('draft', 'nominating', 'reviewing', 'voting', 'deciding', 'published', 'archived', name='roundphase', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('nomination_deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('voting_deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(phase IN ('published', 'archived')) = (published_at IS NOT NULL)", name=op.f('ck_rounds_published_iff_published_at')),
    sa.CheckConstraint('year BETWEEN 2000 AND 2200', name=op.f('ck_rounds_plausible_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rounds')),
    sa.UniqueConstraint('year', name=op.f('uq_rounds_year'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('preferred_language', sa.String(length=8), nullable=True),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_users_email_lowercase')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index('ix_audit_events_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_occurred_at'), ['occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_round_id'), ['round_id'], unique=False)

    op.create_table('categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_categories_round_id_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_categories')),
    sa.UniqueConstraint('id', 'round_id', name=op.f('uq_categories_id_round_id')),
    sa.UniqueConstraint('round_id', 'key', name=op.f('uq_categories_round_id_key')),
    sa.UniqueConstraint('round_id', 'name', name=op.f('uq_categories_round_id_name'))
    )
    op.create_table('coordinator_units',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_units.id'], name=op.f('fk_coordinator_units_org_unit_id_org_units'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_coordinator_units_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'org_unit_id', name=op.f('pk_coordinator_units'))
    )
    op.create_table('initiatives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.String(length=600), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("website IS NULL OR website LIKE 'http://%' OR website LIKE 'https://%'", name=op.f('ck_initiatives_website_http')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_units.id'], name=op.f('fk_initiatives_org_unit_id_org_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiatives'))
    )
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiatives_org_unit_id'), ['org_unit_id'], unique=False)

    op.create_table('user_affiliations',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_units.id'], name=op.f('fk_user_affiliations_org_unit_id_org_units'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_affiliations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'org_unit_id', name=op.f('pk_user_affiliations'))
    )
    op.create_table('user_roles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('admin', 'chair', 'member', 'coordinator', name='role', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role', name=op.f('pk_user_roles'))
    )
    op.create_table('criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('weight > 0', name=op.f('ck_criteria_weight_positive')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_criteria_category_id_categories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criteria')),
    sa.UniqueConstraint('category_id', 'name', name=op.f('uq_criteria_category_id_name'))
    )
    op.create_table('nominations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', 'withdrawn', name='nominationstate', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('eligibility', sa.Enum('pending', 'eligible', 'ineligible', name='eligibility', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('eligibility_reason', sa.Text(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=600), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=True),
    sa.Column('exchanged_students', sa.Integer(), nullable=True),
    sa.Column('exchanged_staff', sa.Integer(), nullable=True),
    sa.Column('joint_degree_programmes', sa.Integer(), nullable=True),
    sa.Column('joint_publications', sa.Integer(), nullable=True),
    sa.Column('joint_events', sa.Integer(), nullable=True),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('head_support_confirmed', sa.Boolean(), nullable=False),
    sa.Column('renomination_of_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(eligibility = 'pending') OR (state = 'submitted')", name=op.f('ck_nominations_eligibility_only_when_submitted')),
    sa.CheckConstraint("website IS NULL OR website LIKE 'http://%' OR website LIKE 'https://%'", name=op.f('ck_nominations_website_http')),
    sa.CheckConstraint('COALESCE(exchanged_students, 0) >= 0 AND COALESCE(exchanged_staff, 0) >= 0 AND COALESCE(joint_degree_programmes, 0) >= 0 AND COALESCE(joint_publications, 0) >= 0 AND COALESCE(joint_events, 0) >= 0', name=op.f('ck_nominations_key_figures_not_negative')),
    sa.CheckConstraint('start_year IS NULL OR start_year BETWEEN 1800 AND 2200', name=op.f('ck_nominations_plausible_start_year')),
    sa.ForeignKeyConstraint(['category_id', 'round_id'], ['categories.id', 'categories.round_id'], name=op.f('fk_nominations_category_id_categories'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_nominations_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_nominations_initiative_id_initiatives'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_units.id'], name=op.f('fk_nominations_org_unit_id_org_units'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['renomination_of_id'], ['nominations.id'], name=op.f('fk_nominations_renomination_of_id_nominations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_nominations_round_id_rounds'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nominations')),
    sa.UniqueConstraint('id', 'initiative_id', 'round_id', 'category_id', name=op.f('uq_nominations_id_initiative_id_round_id_category_id')),
    sa.UniqueConstraint('initiative_id', 'round_id', name=op.f('uq_nominations_initiative_id_round_id'))
    )
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nominations_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_org_unit_id'), ['org_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_round_id'), ['round_id'], unique=False)

    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=255), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('size_bytes > 0 AND size_bytes <= 10485760', name=op.f('ck_attachments_size_limit')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_attachments_nomination_id_nominations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_attachments_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_attachments_storage_key'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_nomination_id'), ['nomination_id'], unique=False)

    op.create_table('awards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('valid_until IS NULL OR valid_until > valid_from', name=op.f('ck_awards_valid_period')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_awards_category_id_categories'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_awards_initiative_id_initiatives'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['nomination_id', 'initiative_id', 'round_id', 'category_id'], ['nominations.id', 'nominations.initiative_id', 'nominations.round_id', 'nominations.category_id'], name=op.f('fk_awards_nomination_id_nominations'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_awards_round_id_rounds'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_awards')),
    sa.UniqueConstraint('initiative_id', 'round_id', name=op.f('uq_awards_initiative_id_round_id')),
    sa.UniqueConstraint('nomination_id', name=op.f('uq_awards_nomination_id'))
    )
    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_awards_initiative_id'), ['initiative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_awards_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_awards_valid_from'), ['valid_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_awards_valid_until'), ['valid_until'], unique=False)
        batch_op.create_index('uq_awards_one_current_per_initiative', ['initiative_id'], unique=True, sqlite_where=sa.text('valid_until IS NULL'), postgresql_where=sa.text('valid_until IS NULL'))

    op.create_table('conflicts_of_interest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.Enum('automatic', 'declared', 'admin', name='conflictorigin', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cleared_by_id', sa.Integer(), nullable=True),
    sa.Column('cleared_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['cleared_by_id'], ['users.id'], name=op.f('fk_conflicts_of_interest_cleared_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_conflicts_of_interest_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_conflicts_of_interest_member_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_conflicts_of_interest_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflicts_of_interest')),
    sa.UniqueConstraint('member_id', 'nomination_id', name=op.f('uq_conflicts_of_interest_member_id_nomination_id'))
    )
    with op.batch_alter_table('conflicts_of_interest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflicts_of_interest_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflicts_of_interest_nomination_id'), ['nomination_id'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('awarded', 'not_awarded', name='outcome', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_decisions_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_decisions_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')),
    sa.UniqueConstraint('nomination_id', name=op.f('uq_decisions_nomination_id'))
    )
    op.create_table('nomination_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_nomination_contacts_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination_contacts'))
    )
    with op.batch_alter_table('nomination_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_contacts_nomination_id'), ['nomination_id'], unique=False)

    op.create_table('nomination_partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('institution', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_nomination_partners_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination_partners'))
    )
    with op.batch_alter_table('nomination_partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_partners_nomination_id'), ['nomination_id'], unique=False)

    op.create_table('score_sheets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', name='sheetstate', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_score_sheets_member_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_score_sheets_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score_sheets')),
    sa.UniqueConstraint('nomination_id', 'member_id', name=op.f('uq_score_sheets_nomination_id_member_id'))
    )
    with op.batch_alter_table('score_sheets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_score_sheets_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_sheets_nomination_id'), ['nomination_id'], unique=False)

    op.create_table('votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.Enum('award', 'do_not_award', 'abstain', name='votechoice', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_votes_member_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_votes_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_votes')),
    sa.UniqueConstraint('nomination_id', 'member_id', name=op.f('uq_votes_nomination_id_member_id'))
    )
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_votes_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_votes_nomination_id'), ['nomination_id'], unique=False)

    op.create_table('scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.CheckConstraint('value BETWEEN 0 AND 5', name=op.f('ck_scores_value_on_scale')),
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'], name=op.f('fk_scores_criterion_id_criteria'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['sheet_id'], ['score_sheets.id'], name=op.f('fk_scores_sheet_id_score_sheets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scores')),
    sa.UniqueConstraint('sheet_id', 'criterion_id', name=op.f('uq_scores_sheet_id_criterion_id'))
    )
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scores_criterion_id'), ['criterion_id'], unique=False)



def downgrade():
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scores_criterion_id'))

    op.drop_table('scores')
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_votes_nomination_id'))
        batch_op.drop_index(batch_op.f('ix_votes_member_id'))

    op.drop_table('votes')
    with op.batch_alter_table('score_sheets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_score_sheets_nomination_id'))
        batch_op.drop_index(batch_op.f('ix_score_sheets_member_id'))

    op.drop_table('score_sheets')
    with op.batch_alter_table('nomination_partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_partners_nomination_id'))

    op.drop_table('nomination_partners')
    with op.batch_alter_table('nomination_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_contacts_nomination_id'))

    op.drop_table('nomination_contacts')
    op.drop_table('decisions')
    with op.batch_alter_table('conflicts_of_interest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflicts_of_interest_nomination_id'))
        batch_op.drop_index(batch_op.f('ix_conflicts_of_interest_member_id'))

    op.drop_table('conflicts_of_interest')
    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.drop_index('uq_awards_one_current_per_initiative', sqlite_where=sa.text('valid_until IS NULL'), postgresql_where=sa.text('valid_until IS NULL'))
        batch_op.drop_index(batch_op.f('ix_awards_valid_until'))
        batch_op.drop_index(batch_op.f('ix_awards_valid_from'))
        batch_op.drop_index(batch_op.f('ix_awards_round_id'))
        batch_op.drop_index(batch_op.f('ix_awards_initiative_id'))

    op.drop_table('awards')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_nomination_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nominations_round_id'))
        batch_op.drop_index(batch_op.f('ix_nominations_org_unit_id'))
        batch_op.drop_index(batch_op.f('ix_nominations_category_id'))

    op.drop_table('nominations')
    op.drop_table('criteria')
    op.drop_table('user_roles')
    op.drop_table('user_affiliations')
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiatives_org_unit_id'))

    op.drop_table('initiatives')
    op.drop_table('coordinator_units')
    op.drop_table('categories')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_round_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_occurred_at'))
        batch_op.drop_index('ix_audit_events_object')
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    op.drop_table('users')
    op.drop_table('rounds')
    with op.batch_alter_table('org_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_units_parent_id'))

    op.drop_table('org_units')
