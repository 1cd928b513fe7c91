"""GPS fixes of the field staff

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'staff_positions',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('lon', sa.Float(), nullable=False),
        sa.Column('lat', sa.Float(), nullable=False),
        sa.Column('on_duty', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_index(op.f('ix_staff_positions_at'), 'staff_positions', ['at'])
    op.create_index('ix_staff_positions_user_id_at', 'staff_positions', ['user_id', 'at'])


def downgrade() -> None:
    op.drop_index('ix_staff_positions_user_id_at', table_name='staff_positions')
    op.drop_index(op.f('ix_staff_positions_at'), table_name='staff_positions')
    op.drop_table('staff_positions')
