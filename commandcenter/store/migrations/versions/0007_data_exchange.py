"""Data exchange: imported cases keyed by their external id, Open311 API keys and POST log

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite has it): a batch rebuild of the cases table would have to drop
    # it under the events that reference it.
    op.add_column('cases', sa.Column('external_id', sa.String(length=64), nullable=True))
    op.add_column('cases', sa.Column('imported', sa.Boolean(), nullable=False,
                                     server_default=sa.false()))
    # Unique but nullable: cases made here have no external id, and NULLs never clash.
    op.create_index('uq_cases_external_id', 'cases', ['external_id'], unique=True)
    op.create_table(
        'api_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('prefix', sa.String(length=12), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('source', sa.String(length=12), nullable=False),
        sa.Column('rate_per_min', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
        sa.UniqueConstraint('key_hash'))
    op.create_table(
        'api_post_log',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('key_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('remote', sa.String(length=45), nullable=False),
        sa.Column('status', sa.Integer(), nullable=False),
        sa.Column('case_number', sa.String(length=16), nullable=True),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['key_id'], ['api_keys.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_index(op.f('ix_api_post_log_at'), 'api_post_log', ['at'])


def downgrade() -> None:
    op.drop_index(op.f('ix_api_post_log_at'), table_name='api_post_log')
    op.drop_table('api_post_log')
    op.drop_table('api_keys')
    op.drop_index('uq_cases_external_id', table_name='cases')
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('imported')
        batch.drop_column('external_id')
