"""Rolled-up GPS fixes: one per person per minute, kept for weeks

Revision ID: 0011
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'staff_position_minutes',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('lon', sa.Float(), nullable=False),
        sa.Column('lat', sa.Float(), nullable=False),
        sa.Column('on_duty', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id']),
        sa.PrimaryKeyConstraint('user_id', 'at'))
    op.create_index('ix_staff_position_minutes_at', 'staff_position_minutes', ['at'])


def downgrade() -> None:
    op.drop_index('ix_staff_position_minutes_at', table_name='staff_position_minutes')
    op.drop_table('staff_position_minutes')
