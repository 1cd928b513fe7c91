"""Published (frozen) monthly reviews and the cases behind their figures

Revision ID: 0006
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'review_publications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=40), nullable=False),
        sa.Column('scheme_version', sa.String(length=40), nullable=False),
        sa.Column('definitions_version', sa.String(length=20), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=False),
        sa.Column('published_by', sa.String(length=40), nullable=False),
        sa.Column('figures', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.create_index(op.f('ix_review_publications_period'), 'review_publications', ['period'])
    op.create_table(
        'review_publication_cases',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('publication_id', sa.Integer(), nullable=False),
        sa.Column('object_type', sa.String(length=12), nullable=False),
        sa.Column('unit', sa.String(length=40), nullable=False),
        sa.Column('case_id', sa.BigInteger(), nullable=False),
        sa.Column('flags', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['publication_id'], ['review_publications.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_review_publication_cases_pub_unit', 'review_publication_cases',
                    ['publication_id', 'object_type', 'unit'])


def downgrade() -> None:
    op.drop_index('ix_review_publication_cases_pub_unit', table_name='review_publication_cases')
    op.drop_table('review_publication_cases')
    op.drop_index(op.f('ix_review_publications_period'), table_name='review_publications')
    op.drop_table('review_publications')
