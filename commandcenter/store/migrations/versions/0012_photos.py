"""Photos kept in the database, referred to by their SHA-256 from cases and events

Revision ID: 0012
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'photos',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('mime', sa.String(length=40), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('added_at', sa.DateTime(), nullable=False),
        sa.Column('added_by', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('sha256'))


def downgrade() -> None:
    op.drop_table('photos')
