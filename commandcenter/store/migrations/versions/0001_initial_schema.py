"""initial schema

Revision ID: 0001
Revises: 
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('areas',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('short_name', sa.String(length=40), nullable=False),
    sa.Column('parent_code', sa.String(length=12), nullable=True),
    sa.Column('geometry', sa.Text(), nullable=False),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_index(op.f('ix_areas_parent_code'), 'areas', ['parent_code'], unique=False)
    op.create_table('calendar_overrides',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('working', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=60), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    op.create_table('case_counters',
    sa.Column('day', sa.String(length=8), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    op.create_table('cases',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('class_key', sa.String(length=20), nullable=False),
    sa.Column('urgency', sa.String(length=8), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('grid_code', sa.String(length=15), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('address', sa.String(length=120), nullable=False),
    sa.Column('component_code', sa.String(length=16), nullable=True),
    sa.Column('reporter_name', sa.String(length=40), nullable=False),
    sa.Column('reporter_phone', sa.String(length=20), nullable=False),
    sa.Column('reporter_id_no', sa.String(length=20), nullable=False),
    sa.Column('photos', sa.JSON(), nullable=False),
    sa.Column('stage', sa.String(length=10), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('department_code', sa.String(length=12), nullable=True),
    sa.Column('reported_at', sa.DateTime(), nullable=False),
    sa.Column('stage_started_at', sa.DateTime(), nullable=False),
    sa.Column('deadline', sa.DateTime(), nullable=True),
    sa.Column('handle_started_at', sa.DateTime(), nullable=True),
    sa.Column('handle_deadline', sa.DateTime(), nullable=True),
    sa.Column('hold_started_at', sa.DateTime(), nullable=True),
    sa.Column('pending_request', sa.String(length=10), nullable=True),
    sa.Column('pending_payload', sa.JSON(), nullable=False),
    sa.Column('supervision_level', sa.Integer(), nullable=False),
    sa.Column('escalation_level', sa.Integer(), nullable=False),
    sa.Column('rework_count', sa.Integer(), nullable=False),
    sa.Column('return_count', sa.Integer(), nullable=False),
    sa.Column('extension_count', sa.Integer(), nullable=False),
    sa.Column('hold_count', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    op.create_index(op.f('ix_cases_component_code'), 'cases', ['component_code'], unique=False)
    op.create_index('ix_cases_department_stage', 'cases', ['department_code', 'stage'], unique=False)
    op.create_index('ix_cases_open_grid', 'cases', ['grid_code', 'deadline'], unique=False, postgresql_where=sa.text('is_open'), sqlite_where=sa.text('is_open'))
    op.create_index('ix_cases_open_stage_deadline', 'cases', ['stage', 'deadline'], unique=False, postgresql_where=sa.text('is_open'), sqlite_where=sa.text('is_open'))
    op.create_index(op.f('ix_cases_reported_at'), 'cases', ['reported_at'], unique=False)
    op.create_table('change_log',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('entity', sa.String(length=20), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sqlite_autoincrement=True
    )
    op.create_table('departments',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('short_name', sa.String(length=30), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('street_code', sa.String(length=9), nullable=True),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('grids',
    sa.Column('code', sa.String(length=15), nullable=False),
    sa.Column('community_code', sa.String(length=12), nullable=False),
    sa.Column('street_code', sa.String(length=9), nullable=False),
    sa.Column('geometry', sa.Text(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('area_m2', sa.Float(), nullable=False),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_index(op.f('ix_grids_community_code'), 'grids', ['community_code'], unique=False)
    op.create_index(op.f('ix_grids_street_code'), 'grids', ['street_code'], unique=False)
    op.create_table('case_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('actor', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('from_stage', sa.String(length=10), nullable=True),
    sa.Column('to_stage', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'seq', name='uq_case_events_case_seq')
    )
    op.create_index(op.f('ix_case_events_at'), 'case_events', ['at'], unique=False)
    op.create_table('components',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('class_key', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('owner_department', sa.String(length=12), nullable=False),
    sa.Column('maintainer_department', sa.String(length=12), nullable=False),
    sa.Column('grid_code', sa.String(length=15), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['maintainer_department'], ['departments.code'], ),
    sa.ForeignKeyConstraint(['owner_department'], ['departments.code'], ),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_index(op.f('ix_components_class_key'), 'components', ['class_key'], unique=False)
    op.create_index(op.f('ix_components_grid_code'), 'components', ['grid_code'], unique=False)
    op.create_table('routing_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('department_code', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=True),
    sa.Column('major', sa.String(length=2), nullable=True),
    sa.Column('minor', sa.String(length=2), nullable=True),
    sa.Column('area_prefix', sa.String(length=15), nullable=True),
    sa.ForeignKeyConstraint(['department_code'], ['departments.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('display_name', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('department_code', sa.String(length=12), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['department_code'], ['departments.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_index(op.f('ix_users_role'), 'users', ['role'], unique=False)
    op.create_table('staff_grids',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('grid_code', sa.String(length=15), nullable=False),
    sa.ForeignKeyConstraint(['grid_code'], ['grids.code'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('user_id', 'grid_code')
    )
    op.create_index(op.f('ix_staff_grids_grid_code'), 'staff_grids', ['grid_code'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_staff_grids_grid_code'), table_name='staff_grids')
    op.drop_table('staff_grids')
    op.drop_index(op.f('ix_users_role'), table_name='users')
    op.drop_table('users')
    op.drop_table('routing_rules')
    op.drop_index(op.f('ix_components_grid_code'), table_name='components')
    op.drop_index(op.f('ix_components_class_key'), table_name='components')
    op.drop_table('components')
    op.drop_index(op.f('ix_case_events_at'), table_name='case_events')
    op.drop_table('case_events')
    op.drop_index(op.f('ix_grids_street_code'), table_name='grids')
    op.drop_index(op.f('ix_grids_community_code'), table_name='grids')
    op.drop_table('grids')
    op.drop_table('departments')
    op.drop_table('change_log')
    op.drop_index(op.f('ix_cases_reported_at'), table_name='cases')
    op.drop_index('ix_cases_open_stage_deadline', table_name='cases', postgresql_where=sa.text('is_open'), sqlite_where=sa.text('is_open'))
    op.drop_index('ix_cases_open_grid', table_name='cases', postgresql_where=sa.text('is_open'), sqlite_where=sa.text('is_open'))
    op.drop_index('ix_cases_department_stage', table_name='cases')
    op.drop_index(op.f('ix_cases_component_code'), table_name='cases')
    op.drop_table('cases')
    op.drop_table('case_counters')
    op.drop_table('calendar_overrides')
    op.drop_index(op.f('ix_areas_parent_code'), table_name='areas')
    op.drop_table('areas')
